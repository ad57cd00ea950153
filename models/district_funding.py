from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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
    RCR02 (private investment). Location is stamped on the approval date.
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
    date_last_payment = fields.Date(string="Last payment on", tracking=True, index=True)
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
    amount_paid = fields.Monetary(string="Paid", tracking=True)
    investment_planned = fields.Monetary(string="Private investment planned")
    investment_actual = fields.Monetary(string="Private investment made", tracking=True)
    jobs_created_planned = fields.Integer(string="New jobs planned")
    jobs_created_actual = fields.Integer(string="New jobs created", tracking=True)
    jobs_secured_planned = fields.Integer(string="Jobs to be secured")
    jobs_secured_actual = fields.Integer(string="Jobs secured", tracking=True)
    leverage = fields.Float(
        compute="_compute_leverage",
        store=True,
        aggregator="avg",
        digits=(8, 2),
        help="Private investment made per euro of grant paid; empty while nothing was paid.",
    )
    document_ids = fields.Many2many("ir.attachment", string="Documents")
    note = fields.Text(string="Internal note", groups="district_economy.group_district_coordinator")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

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

    @api.constrains("state", "date_approved", "date_last_payment", "date_applied")
    def _check_dates(self):
        for funding in self:
            if funding.state in APPROVED_STATES and not funding.date_approved:
                raise ValidationError(
                    self.env._("%(funding)s: enter the approval date of the grant.", funding=funding.name)
                )
            if funding.state in ("paid", "closed") and not funding.date_last_payment:
                raise ValidationError(
                    self.env._("%(funding)s: enter the date of the (last) payment.", funding=funding.name)
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
