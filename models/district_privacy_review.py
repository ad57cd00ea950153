from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from .district_funding import APPROVED_STATES
from .district_privacy_retention import RETENTION_PURPOSES

REVIEW_STATES = [
    ("to_review", "To review"),
    ("approved", "Approved for anonymisation"),
    ("kept", "Kept"),
    ("done", "Anonymised"),
]
OPEN_STATES = ("to_review", "approved")
# Where a person's last contact with the office is recorded: (model, partner field, date field).
CONTACT_DATES = (
    ("district.consultation", "partner_id", "consultation_date"),
    ("district.consultation", "contact_id", "consultation_date"),
    ("district.referral", "partner_id", "date"),
    ("district.consent", "partner_id", "date_given"),
    ("district.consent", "partner_id", "date_withdrawn"),
    ("event.registration", "partner_id", "contact_date"),
    ("district.settlement", "partner_id", "enquiry_date"),
    ("district.settlement", "partner_id", "settled_date"),
    ("district.funding", "partner_id", "date_applied"),
    ("district.funding", "partner_id", "date_approved"),
    ("district.funding", "partner_id", "date_last_payment"),
    ("district.funding", "partner_id", "date_closed"),
)


class DistrictPrivacyReview(models.Model):
    """A person whose retention period has ended, put up for a manager's decision.

    The daily job adds the persons due (by the retention policies); a manager approves their
    anonymisation or keeps them (saying why), and anonymises the approved ones in one batch.
    Nothing is deleted or anonymised without that decision.
    """

    _name = "district.privacy.review"
    _description = "Retention Review"
    _order = "due_date, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True, ondelete="cascade")
    purpose = fields.Selection(RETENTION_PURPOSES, required=True, help="The retention period that ended last.")
    last_contact_date = fields.Date(string="Last contact")
    due_date = fields.Date(string="Kept until", required=True, help="The day the retention period ended.")
    state = fields.Selection(REVIEW_STATES, required=True, default="to_review", index=True, readonly=True)
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    decided_date = fields.Date(string="Decided on", readonly=True)
    note = fields.Text(help="Why the data is kept, or why it could not be anonymised.")
    has_records_consent = fields.Boolean(
        string="Consent to keep records",
        compute="_compute_has_records_consent",
        help="The person has a valid consent to keep their records.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    _partner_open_unique = models.UniqueIndex(
        "(partner_id) WHERE state IN ('to_review', 'approved')", "This person is already up for review."
    )

    def _compute_has_records_consent(self):
        for review in self:
            review.has_records_consent = review.partner_id.sudo().consent_records_allowed

    def write(self, vals):
        if "state" in vals and not self.env.context.get("district_privacy_review_decision"):
            raise UserError(
                self.env._("Use the buttons Approve, Keep and Anonymise approved to decide on a retention review.")
            )
        return super().write(vals)

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group("district_economy.group_district_manager")):
            raise AccessError(self.env._("Only District Economy managers decide on retention reviews."))

    def _decide(self, state, **values):
        self._check_manager()
        self.with_context(district_privacy_review_decision=True).write(
            {
                "state": state,
                "decided_by_id": self.env.uid,
                "decided_date": fields.Date.context_today(self),
                **values,
            }
        )

    def action_approve(self):
        self.filtered(lambda review: review.state in ("to_review", "kept"))._decide("approved")

    def action_keep(self):
        missing = self.filtered(lambda review: not review.note)
        if missing:
            raise UserError(
                self.env._(
                    "Write in the note why the data of %(persons)s is kept, then press Keep.",
                    persons=", ".join(missing.partner_id.mapped("display_name")),
                )
            )
        self.filtered(lambda review: review.state in OPEN_STATES)._decide("kept")

    def action_reset(self):
        self.filtered(lambda review: review.state in ("approved", "kept"))._decide("to_review")

    def action_anonymize_approved(self):
        """Anonymise the approved persons (the selected ones, or all of the current offices), each logged.

        A person who cannot be anonymised any more (a new funding) goes back to review with the reason.
        """
        self._check_manager()
        reviews = self or self.search([("state", "=", "approved"), ("company_id", "in", self.env.companies.ids)])
        reviews = reviews.filtered(lambda review: review.state == "approved")
        anonymised = refused = 0
        for review in reviews:
            reason = self.env._(
                "Retention period ended (%(purpose)s, kept until %(date)s); anonymisation approved by %(user)s.",
                purpose=dict(review._fields["purpose"]._description_selection(self.env))[review.purpose],
                date=format_date(self.env, review.due_date),
                user=review.decided_by_id.name,
            )
            try:
                with self.env.cr.savepoint():
                    review.partner_id.action_anonymize(reason=reason)
            except UserError as refusal:
                refused += 1
                review._decide("to_review", note=str(refusal.args[0]))
                continue
            anonymised += 1
            review._decide("done")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if refused else "success",
                "title": self.env._("Anonymisation"),
                "message": self.env._(
                    "Anonymised: %(done)s. Refused and back to review (see the note): %(refused)s.",
                    done=anonymised,
                    refused=refused,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------
    @api.model
    def _cron_review_retention(self):
        """Put every person whose retention periods have all ended up for review (once)."""
        today = fields.Date.context_today(self)
        due = self._due_persons(today)
        existing = self.sudo().search([("partner_id", "in", list(due)), ("state", "!=", "done")])
        latest_review = {}
        for review in existing:
            if review.state in OPEN_STATES or review.due_date >= due[review.partner_id.id][0]:
                latest_review[review.partner_id.id] = review
        values = [
            {
                "partner_id": partner_id,
                "due_date": due_date,
                "purpose": purpose,
                "last_contact_date": last_contact,
                "company_id": company_id,
            }
            for partner_id, (due_date, purpose, last_contact, company_id) in sorted(due.items())
            if partner_id not in latest_review
        ]
        # Reporters of vacant shops left a name and contact, not a partner: erased when their period ends.
        self.env["district.vacancy.report"]._erase_expired_contacts(today)
        return self.sudo().create(values)

    @api.model
    def _last_contacts(self):
        """{partner id: (day of the last contact, office of that contact)} of everyone the offices recorded."""
        latest = {}
        for model_name, partner_field, date_field in CONTACT_DATES:
            model = self.env[model_name].sudo().with_context(active_test=False)
            groups = model._read_group(
                [(partner_field, "!=", False), (date_field, "!=", False)],
                [partner_field, "company_id"],
                [f"{date_field}:max"],
            )
            for partner, company, day in groups:
                if partner.id not in latest or day > latest[partner.id][0]:
                    latest[partner.id] = (day, company.id)
        return latest

    @api.model
    def _due_persons(self, today):
        """{partner id: (kept until, purpose, last contact, office)} of persons whose retention has ended.

        Persons only (sole traders included), not users, offices or institutions, nor landlords and
        viewing contacts of units still in the inventory (the relation goes on). A person with an
        approved funding waits for its payments; one with paid fundings for the end of their audit.
        """
        latest = self._last_contacts()
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        candidates = Partner.search(
            [
                ("id", "in", list(latest)),
                ("is_company", "=", False),
                ("is_referral_institution", "=", False),
                ("user_ids", "=", False),
                ("is_anonymized", "=", False),
            ]
        ) - Partner.browse(Partner._office_partner_ids())
        Premises = self.env["district.premises"].sudo()
        ongoing = {
            partner.id
            for field_name in ("owner_id", "contact_id")
            for (partner,) in Premises._read_group([(field_name, "in", candidates.ids)], [field_name])
        }
        fundings = (
            self.env["district.funding"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", candidates.ids), ("state", "in", APPROVED_STATES)])
        )
        Retention = self.env["district.privacy.retention"]
        # The end of the audit of each person's fundings; None while one of them is not paid yet.
        funding_ends = {}
        for funding in fundings:
            partner_id = funding.partner_id.id
            end = None if funding.state == "approved" else Retention._funding_retention_end(funding)
            if end is None or (partner_id in funding_ends and funding_ends[partner_id] is None):
                funding_ends[partner_id] = None
            else:
                funding_ends[partner_id] = max(end, funding_ends.get(partner_id) or end)
        due = {}
        for partner in candidates:
            if partner.id in ongoing or (partner.id in funding_ends and funding_ends[partner.id] is None):
                continue
            last_contact, company_id = latest[partner.id]
            due_date = Retention._end_date("contact", self.env["res.company"].browse(company_id), last_contact)
            purpose = "contact"
            if funding_ends.get(partner.id) and funding_ends[partner.id] > due_date:
                due_date, purpose = funding_ends[partner.id], "funding"
            if due_date < today:
                due[partner.id] = (due_date, purpose, last_contact, company_id)
        return due
