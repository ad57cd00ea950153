from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PURPOSES = [
    ("records", "Keep records"),
    ("contact", "Contact for events and news"),
    ("referral", "Pass on to a referral institution"),
]


class DistrictConsent(models.Model):
    """A person's consent (or other legal basis) for one purpose of processing (GDPR)."""

    _name = "district.consent"
    _description = "Consent"
    _inherit = ["mail.thread"]
    _order = "date_given desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, tracking=True, domain="[('is_company', '=', False)]"
    )
    purpose = fields.Selection(PURPOSES, required=True, tracking=True)
    legal_basis = fields.Selection(
        [
            ("consent", "Consent"),
            ("contract", "Contract"),
            ("public_task", "Public task"),
            ("legitimate_interest", "Legitimate interest"),
        ],
        required=True,
        default="consent",
        tracking=True,
    )
    date_given = fields.Date(string="Given on", required=True, default=fields.Date.context_today, tracking=True)
    source = fields.Selection(
        [("form", "Signed form"), ("verbal", "Verbal"), ("email", "E-mail")], required=True, default="form"
    )
    date_withdrawn = fields.Date(string="Withdrawn on", tracking=True)
    evidence = fields.Binary(attachment=True, help="The signed form or the e-mail, as proof.")
    evidence_filename = fields.Char()
    is_valid_today = fields.Boolean(string="Valid today", compute="_compute_is_valid_today")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.depends("date_given", "date_withdrawn")
    def _compute_is_valid_today(self):
        today = fields.Date.context_today(self)
        for consent in self:
            consent.is_valid_today = consent._is_valid_on(today)

    @api.depends("partner_id", "purpose")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for consent in self:
            consent.display_name = f"{consent.partner_id.name or ''}: {purposes.get(consent.purpose, '')}"

    @api.constrains("date_given", "date_withdrawn")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for consent in self:
            if consent.date_withdrawn and consent.date_withdrawn < consent.date_given:
                raise ValidationError(
                    self.env._(
                        "The consent of %(person)s cannot be withdrawn (%(withdrawn)s) before it was given "
                        "(%(given)s). Correct one of the two dates.",
                        person=consent.partner_id.name,
                        withdrawn=consent.date_withdrawn,
                        given=consent.date_given,
                    )
                )
            if consent.date_given > today:
                raise ValidationError(
                    self.env._("A consent cannot be given in the future (%(date)s).", date=consent.date_given)
                )

    @api.constrains("partner_id")
    def _check_person(self):
        for consent in self:
            if consent.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a company: consents are given by persons. Choose the person "
                        "(owner or contact person) who gave it.",
                        partner=consent.partner_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referral_rests_on_it(self):
        referrals = (
            self.env["district.referral"]
            .sudo()
            .with_context(active_test=False)
            .search([("consent_id", "in", self.ids), ("state", "!=", "draft")], limit=1)
        )
        if referrals:
            raise UserError(
                self.env._(
                    "This consent is what the referral %(referral)s rests on: it cannot be deleted. "
                    "Withdraw it instead (the referral stays as it was passed on).",
                    referral=referrals.display_name,
                )
            )

    def _is_valid_on(self, day):
        self.ensure_one()
        return self.date_given <= day and (not self.date_withdrawn or self.date_withdrawn > day)

    def action_withdraw(self):
        self.filtered(lambda c: not c.date_withdrawn).write({"date_withdrawn": fields.Date.context_today(self)})
