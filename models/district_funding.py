from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .handover_archive import in_handover

# ERDF audit: records are kept five years from 31 December of the year of the last payment.
RETENTION_YEARS = 5
APPROVED_STATES = ("approved", "paid", "closed")
AMOUNT_FIELDS = (
    "amount_requested",
    "amount_granted",
    "amount_paid",
    "investment_planned",
    "investment_actual",
    "jobs_created_planned",
    "jobs_created_actual",
    "jobs_secured_planned",
    "jobs_secured_actual",
)


class DistrictFunding(models.Model):
    """A grant to a business and the private investment and jobs tied to it (Förderung).

    The basis of ERDF RCO02 (enterprises supported by grants), RCR01 (jobs) and
    RCR02 (private investment). Payments are dated records of their own; the
    amount paid and the last payment date follow from them. Location is the
    business's address on the approval date.
    """

    _name = "district.funding"
    _description = "Funding"
    _inherit = ["mail.thread", "mail.activity.mixin", "district.contact.stamp.mixin"]
    _order = "date_approved desc, id desc"
    _district_date_field = "date_approved"

    name = fields.Char(string="Project", required=True, tracking=True)
    partner_id = fields.Many2one("res.partner", string="Beneficiary", required=True, index=True, tracking=True)
    programme_id = fields.Many2one(
        "district.funding.programme", required=True, index=True, tracking=True, ondelete="restrict"
    )
    settlement_id = fields.Many2one("district.settlement", string="Settlement case", index=True)
    consultation_ids = fields.Many2many("district.consultation", string="Consultations")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("applied", "Applied"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("paid", "Paid"),
            ("closed", "Closed"),
        ],
        required=True,
        default="draft",
        index=True,
        tracking=True,
    )
    date_applied = fields.Date(string="Applied on", tracking=True)
    date_approved = fields.Date(string="Approved on", tracking=True, index=True)
    date_last_payment = fields.Date(
        string="Last payment on",
        compute="_compute_payment_totals",
        inverse="_inverse_payment_totals",
        store=True,
        copy=False,
        tracking=True,
        index=True,
    )
    date_closed = fields.Date(string="Closed on", copy=False, tracking=True, index=True)
    payment_ids = fields.One2many("district.funding.payment", "funding_id", string="Payments")
    retention_until = fields.Date(
        string="Keep records until",
        compute="_compute_retention_until",
        store=True,
        readonly=False,
        help="Five years from 31 December of the year of the last payment (ERDF audit).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_requested = fields.Monetary(string="Requested", tracking=True)
    amount_granted = fields.Monetary(string="Granted", tracking=True)
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_payment_totals",
        inverse="_inverse_payment_totals",
        store=True,
        copy=False,
        tracking=True,
    )
    investment_planned = fields.Monetary(string="Private investment planned")
    investment_actual = fields.Monetary(string="Private investment made", tracking=True)
    jobs_created_planned = fields.Integer(string="New jobs planned")
    jobs_created_actual = fields.Integer(string="New jobs created", tracking=True)
    jobs_secured_planned = fields.Integer(string="Jobs to be secured")
    jobs_secured_actual = fields.Integer(string="Jobs secured", tracking=True)
    leverage = fields.Float(
        compute="_compute_leverage",
        store=True,
        # An average of per-funding ratios is not leverage (DOMAIN.md): group rows show none.
        aggregator=None,
        digits=(8, 2),
        help="Private investment made per euro of grant paid; empty while nothing was paid.",
    )
    document_ids = fields.Many2many("ir.attachment", string="Documents")
    note = fields.Text(string="Internal note", groups="district_economy.group_district_coordinator")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.depends("payment_ids.amount", "payment_ids.date")
    def _compute_payment_totals(self):
        for funding in self:
            funding.amount_paid = sum(funding.payment_ids.mapped("amount"))
            funding.date_last_payment = max(funding.payment_ids.mapped("date"), default=False)

    def _inverse_payment_totals(self):
        """An amount paid and a last payment date written as such (old data, imports) stand for one payment.

        The payment is dated on the last payment date, else on the approval date,
        else today. A funding paid in several payments is changed payment by payment.
        """
        today = fields.Date.context_today(self)
        to_create = []
        for funding in self:
            payments = funding.payment_ids
            amount, day = funding.amount_paid, funding.date_last_payment
            paid = sum(payments.mapped("amount"))
            last = max(payments.mapped("date"), default=False)
            if funding.currency_id.compare_amounts(amount, paid) == 0 and (not day or day == last):
                continue
            if len(payments) > 1:
                raise UserError(
                    self.env._(
                        "%(funding)s was paid in several payments: change them in the Payments tab instead of the "
                        "amount paid or the last payment date.",
                        funding=funding.name,
                    )
                )
            if funding.currency_id.is_zero(amount):
                if day and day != last:
                    raise ValidationError(
                        self.env._(
                            "%(funding)s: a payment on %(date)s needs an amount. Enter the amount paid, or leave "
                            "the payment date empty.",
                            funding=funding.name,
                            date=format_date(self.env, day),
                        )
                    )
                payments.unlink()
                continue
            values = {"amount": amount, "date": day or payments.date or funding.date_approved or today}
            if payments:
                payments.write(values)
            else:
                to_create.append({"funding_id": funding.id, **values})
        self.env["district.funding.payment"].create(to_create)
        # Odoo keeps the written totals while the inverse runs; recompute them from the payments (a payment
        # dated on the approval, an amount of zero that removed the payment).
        for name in ("amount_paid", "date_last_payment"):
            self.env.add_to_compute(self._fields[name], self)

    def _stamp_partner(self):
        """A contact person shares the business's address (Odoo keeps it in step): the business's history counts."""
        partner = super()._stamp_partner()
        return partner.commercial_partner_id if partner.type == "contact" else partner

    @api.depends("partner_id", "date_approved")
    def _compute_address_stamp(self):
        """A funding is located where the business was on the approval date (DOMAIN.md), not where it is now."""
        for funding in self:
            partner = funding._stamp_partner()
            address = (
                partner._district_address_on(funding.date_approved)
                if funding.date_approved and partner  # no beneficiary yet: refused as missing, not as a crash
                else (partner.street, partner.zip, partner.city)
            )
            funding.stamp_street, funding.stamp_zip, funding.stamp_city = address
            funding.quarter_manual = partner.quarter_manual

    @api.depends("date_last_payment")
    def _compute_retention_until(self):
        for funding in self:
            last = funding.date_last_payment
            funding.retention_until = date(last.year + RETENTION_YEARS, 12, 31) if last else False

    @api.depends("investment_actual", "amount_paid")
    def _compute_leverage(self):
        for funding in self:
            funding.leverage = funding.investment_actual / funding.amount_paid if funding.amount_paid else False

    @api.constrains(*AMOUNT_FIELDS)
    def _check_amounts(self):
        for funding in self:
            if any(funding[name] < 0 for name in AMOUNT_FIELDS):
                raise ValidationError(
                    self.env._("%(funding)s: amounts and jobs cannot be negative.", funding=funding.name)
                )
            if funding.amount_paid > funding.amount_granted:
                raise ValidationError(
                    self.env._(
                        "%(funding)s: %(paid)s paid is more than the %(granted)s granted. Correct the payment or "
                        "the grant.",
                        funding=funding.name,
                        paid=funding.amount_paid,
                        granted=funding.amount_granted,
                    )
                )

    @api.constrains("state", "date_approved", "date_last_payment", "date_applied", "date_closed")
    def _check_dates(self):
        for funding in self:
            if funding.state in APPROVED_STATES and not funding.date_approved:
                raise ValidationError(
                    self.env._("%(funding)s: enter the approval date of the grant.", funding=funding.name)
                )
            # A hand-over archive loads a funding's payments right after the funding.
            if funding.state in ("paid", "closed") and not funding.date_last_payment and not in_handover(self.env):
                raise ValidationError(
                    self.env._(
                        "%(funding)s: a paid or closed grant needs its payments. Enter them in the Payments tab.",
                        funding=funding.name,
                    )
                )
            if funding.state == "closed" and not funding.date_closed:
                raise ValidationError(
                    self.env._("%(funding)s: enter the day the funding was closed.", funding=funding.name)
                )
            if funding.date_approved and funding.date_closed and funding.date_closed < funding.date_approved:
                raise ValidationError(
                    self.env._(
                        "%(funding)s: the funding cannot be closed before it was approved.", funding=funding.name
                    )
                )
            if funding.date_applied and funding.date_approved and funding.date_approved < funding.date_applied:
                raise ValidationError(
                    self.env._(
                        "%(funding)s: the grant cannot be approved before it was applied for.", funding=funding.name
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if any(funding.state in APPROVED_STATES for funding in self):
            raise UserError(
                self.env._(
                    "Approved or paid fundings count in the indicators and must be kept for the audit. "
                    "Archive them instead."
                )
            )
