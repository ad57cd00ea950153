from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .handover_archive import in_handover

INSTITUTION_TYPES = [
    ("chamber_commerce", "Chamber of industry and commerce"),
    ("chamber_crafts", "Chamber of crafts"),
    ("economic_development", "City economic development office"),
    ("start_up_office", "Start-up office"),
    ("job_centre", "Job centre / employment agency"),
    ("tax_advisor", "Tax advisor"),
    ("bank", "Bank"),
    ("migrant_business", "Migrant business project"),
    ("other", "Other"),
]
PASSED_ON_STATES = ("sent", "contacted", "successful", "unsuccessful")


class DistrictReferral(models.Model):
    """A business or founder referred on to a partner institution (Weitervermittlung).

    Passing a natural person's data on needs a valid consent for the purpose
    "referral"; the checkbox "Consent given" records one on the spot.
    """

    _name = "district.referral"
    _description = "Referral"
    _inherit = ["mail.thread", "mail.activity.mixin", "district.contact.stamp.mixin"]
    _order = "date desc, id desc"
    _district_date_field = "date"

    consultation_id = fields.Many2one("district.consultation", index=True, ondelete="set null")
    partner_id = fields.Many2one(
        "res.partner", string="Business or person referred", required=True, index=True, tracking=True
    )
    institution_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_referral_institution', '=', True)]",
    )
    institution_type = fields.Selection(
        related="institution_id.institution_type", store=True, string="Institution type"
    )
    user_id = fields.Many2one("res.users", string="Coordinator", default=lambda self: self.env.user, index=True)
    # Indexed: the contact and monitoring reports filter their referral rows by this date (a period), as they
    # filter consultations, meeting registrations and business events by their indexed dates.
    date = fields.Date(
        string="Referred on", required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    reason = fields.Text()
    consent_id = fields.Many2one(
        "district.consent",
        domain="[('partner_id', '=', partner_id), ('purpose', '=', 'referral')]",
        tracking=True,
    )
    consent_given = fields.Boolean(
        string="Consent given",
        compute="_compute_consent_given",
        inverse="_inverse_consent_given",
        help="Tick when the person agreed (verbally) to be passed on: records the consent for this referral.",
    )
    needs_consent = fields.Boolean(compute="_compute_needs_consent")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("contacted", "Contacted"),
            ("successful", "Successful"),
            ("unsuccessful", "Unsuccessful"),
        ],
        required=True,
        default="draft",
        index=True,
        tracking=True,
    )
    date_passed_on = fields.Date(
        string="Passed on",
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the data went to the institution: the consent must be valid on that day.",
    )
    outcome = fields.Text()
    feedback_date = fields.Date(string="Feedback on", tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.depends("partner_id.is_company")
    def _compute_needs_consent(self):
        for referral in self:
            referral.needs_consent = bool(referral.partner_id) and not referral.partner_id.is_company

    @api.depends("consent_id")
    def _compute_consent_given(self):
        for referral in self:
            referral.consent_given = bool(referral.consent_id)

    def _inverse_consent_given(self):
        for referral in self.filtered(lambda r: r.consent_given and not r.consent_id and r.needs_consent):
            referral.consent_id = self.env["district.consent"].create(
                {
                    "partner_id": referral.partner_id.id,
                    "purpose": "referral",
                    "legal_basis": "consent",
                    "source": "verbal",
                    "date_given": fields.Date.context_today(self),
                    "company_id": referral.company_id.id,
                }
            )

    @api.depends("partner_id", "institution_id")
    def _compute_display_name(self):
        for referral in self:
            referral.display_name = f"{referral.partner_id.name or ''} → {referral.institution_id.name or ''}"

    @api.onchange("partner_id")
    def _onchange_partner_id_consent(self):
        if self.consent_id.partner_id != self.partner_id:
            self.consent_id = self.partner_id.consent_ids.filtered(
                lambda c: c.purpose == "referral" and c.is_valid_today
            )[:1]

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            self._check_passed_on_date_not_written(vals)
            if vals.get("state", "draft") in PASSED_ON_STATES and not (
                in_handover(self.env) and vals.get("date_passed_on")  # carried by a hand-over archive
            ):
                vals["date_passed_on"] = today
        return super().create(vals_list)

    def write(self, vals):
        self._check_passed_on_date_not_written(vals)
        if vals.get("state") in PASSED_ON_STATES:
            # The day it is passed on is the day the consent is judged on, whatever the referral's date says.
            not_yet = self.filtered(lambda referral: not referral.date_passed_on)
            if not_yet:
                super(DistrictReferral, not_yet).write({"date_passed_on": fields.Date.context_today(self)})
        elif vals.get("state") == "draft":
            vals = {**vals, "date_passed_on": False}
        return super().write(vals)

    def _check_passed_on_date_not_written(self, vals):
        if "date_passed_on" in vals and not self.env.su:
            raise UserError(
                self.env._("The day a referral was passed on is recorded when it is sent; it cannot be entered.")
            )

    @api.constrains("state", "consent_id", "partner_id", "date_passed_on")
    def _check_consent(self):
        for referral in self:
            if referral.state not in PASSED_ON_STATES or not referral.needs_consent:
                continue
            consent = referral.consent_id
            day = referral.date_passed_on or fields.Date.context_today(self)
            if (
                not consent
                or consent.partner_id != referral.partner_id
                or consent.purpose != "referral"
                or not consent._is_valid_on(day)
            ):
                raise ValidationError(
                    self.env._(
                        "%(person)s is a person: passing their data to %(institution)s needs a consent for "
                        "referrals valid on %(date)s, the day it is passed on. Tick 'Consent given' or choose a "
                        "valid consent first.",
                        person=referral.partner_id.name,
                        institution=referral.institution_id.name,
                        date=format_date(self.env, day),
                    )
                )

    @api.constrains("feedback_date", "date")
    def _check_feedback_date(self):
        for referral in self:
            if referral.feedback_date and referral.feedback_date < referral.date:
                raise ValidationError(
                    self.env._(
                        "The feedback (%(feedback)s) cannot come before the referral (%(date)s).",
                        feedback=referral.feedback_date,
                        date=referral.date,
                    )
                )

    def action_send(self):
        self.filtered(lambda r: r.state == "draft").write({"state": "sent"})

    def action_contacted(self):
        self.write({"state": "contacted"})

    def _set_result(self, state):
        for referral in self:
            referral.write({"state": state, "feedback_date": referral.feedback_date or fields.Date.context_today(self)})

    def action_successful(self):
        self._set_result("successful")

    def action_unsuccessful(self):
        self._set_result("unsuccessful")

    def action_reset_draft(self):
        self.write({"state": "draft"})
