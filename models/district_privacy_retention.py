from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

RETENTION_PURPOSES = [
    ("contact", "Persons: after the last contact"),
    ("funding", "Funding records: after the last payment (audit)"),
]
# DOMAIN.md: other persons three years after the last contact; ERDF fundings five years from
# 31 December of the year of the last payment. Used when an office has no policy of its own.
DEFAULT_PERIODS = {"contact": (3, 0, False), "funding": (5, 0, True)}


class DistrictPrivacyRetention(models.Model):
    """How long personal data is kept for one purpose, before the person is put up for review.

    A policy without an office applies to every office that has none of its own.
    """

    _name = "district.privacy.retention"
    _description = "Retention Policy"
    _order = "purpose, company_id"

    name = fields.Char(required=True, translate=True)
    purpose = fields.Selection(RETENTION_PURPOSES, required=True)
    period_years = fields.Integer(string="Years", default=3)
    period_months = fields.Integer(string="Months")
    from_year_end = fields.Boolean(
        string="From the end of the year",
        help="Count from 31 December of the year of the event (ERDF audit rule), not from its day.",
    )
    description = fields.Text(help="Where the period comes from (law, funding rules, decision of the office).")
    company_id = fields.Many2one(
        "res.company", string="Office", index=True, help="Leave empty for a policy that applies to every office."
    )
    active = fields.Boolean(default=True)

    _purpose_company_unique = models.UniqueIndex(
        "(purpose, COALESCE(company_id, 0)) WHERE active",
        "There is already a retention policy for this purpose and office.",
    )

    @api.constrains("period_years", "period_months")
    def _check_period(self):
        for policy in self:
            if policy.period_years < 0 or policy.period_months < 0 or not (policy.period_years or policy.period_months):
                raise ValidationError(
                    self.env._(
                        "%(policy)s: enter a retention period of at least one month (years and months, not negative).",
                        policy=policy.name,
                    )
                )

    @api.model
    def _policy(self, purpose, company):
        """The policy of ``company`` for ``purpose``, else the one for every office (may be empty)."""
        return self.sudo().search(
            [("purpose", "=", purpose), ("company_id", "in", [company.id, False])],
            order="company_id asc nulls last",
            limit=1,
        )

    @api.model
    def _end_date(self, purpose, company, start):
        """The last day data counted from ``start`` is kept for ``purpose`` in ``company``."""
        policy = self._policy(purpose, company)
        years, months, from_year_end = (
            (policy.period_years, policy.period_months, policy.from_year_end) if policy else DEFAULT_PERIODS[purpose]
        )
        if from_year_end:
            start = date(start.year, 12, 31)
        return start + relativedelta(years=years, months=months)

    @api.model
    def _funding_retention_end(self, funding):
        """The last day a funding's records must be kept: its own date, or the policy's if that is later.

        Only for fundings paid or closed; an approved funding waits for its payments.
        """
        start = funding.date_last_payment or funding.date_closed or funding.date_approved
        by_policy = self._end_date("funding", funding.company_id, start) if start else None
        return max(day for day in (funding.retention_until, by_policy) if day)
