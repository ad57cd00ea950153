from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .tz_utils import local_date, office_tz

CHANNELS = [
    ("office_hours", "Office hours"),
    ("on_site_visit", "On-site visit"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("video", "Video call"),
    ("event", "At an event"),
]
MAX_DURATION = 720


class DistrictConsultation(models.Model):
    """A consultation of a business or founder by the coordinator (Beratung).

    Quarter and programme area are stamped as they were on the consultation's
    date; ``note`` is confidential (coordinators and managers only, never in
    the chatter), ``summary`` is what every group may read.
    """

    _name = "district.consultation"
    _description = "Consultation"
    _inherit = ["mail.thread", "mail.activity.mixin", "district.contact.stamp.mixin"]
    _order = "date desc, id desc"
    _district_date_field = "date"

    partner_id = fields.Many2one(
        "res.partner",
        string="Business or founder",
        required=True,
        index=True,
        tracking=True,
        help="The business, or the founder as a person; a founder can be linked to a business later.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Person spoken to",
        domain="[('is_company', '=', False)]",
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Coordinator", default=lambda self: self.env.user, index=True, tracking=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    consultation_date = fields.Date(
        string="Day",
        compute="_compute_consultation_date",
        store=True,
        index=True,
        help="The day in the office's time zone: reports count by it.",
    )
    duration = fields.Integer(string="Duration (minutes)", default=30, tracking=True)
    channel = fields.Selection(CHANNELS, required=True, default="office_hours", tracking=True)
    location = fields.Char()
    language_id = fields.Many2one("district.language", index=True)
    interpreter_used = fields.Boolean(string="Interpreter used")
    topic_ids = fields.Many2many("district.consultation.topic", string="Topics")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="done",
        index=True,
        tracking=True,
    )
    summary = fields.Text(help="What was discussed, visible to everyone with access, city offices included.")
    note = fields.Text(
        string="Confidential note",
        groups="district_economy.group_district_coordinator",
        help="Only coordinators and managers see this note; it never appears in the chatter or in reports.",
    )
    outcome = fields.Text()
    next_step = fields.Text(string="Next step")
    referral_ids = fields.One2many("district.referral", "consultation_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_referral_count")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.depends("date")
    def _compute_consultation_date(self):
        tz_name = office_tz(self.env)
        for consultation in self:
            consultation.consultation_date = local_date(consultation.date, tz_name)

    @api.depends("partner_id", "consultation_date")
    def _compute_display_name(self):
        for consultation in self:
            consultation.display_name = " – ".join(
                part
                for part in (consultation.partner_id.name, format_date(self.env, consultation.consultation_date))
                if part
            )

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        for consultation in self:
            consultation.referral_count = len(consultation.referral_ids)

    @api.constrains("duration")
    def _check_duration(self):
        for consultation in self:
            if not 1 <= consultation.duration <= MAX_DURATION:
                raise ValidationError(
                    self.env._(
                        "A consultation lasts between 1 and %(max)s minutes; %(duration)s minutes were entered.",
                        max=MAX_DURATION,
                        duration=consultation.duration,
                    )
                )

    @api.constrains("date", "state")
    def _check_done_not_in_future(self):
        now = fields.Datetime.now()
        for consultation in self:
            if consultation.state == "done" and consultation.date > now:
                raise ValidationError(
                    self.env._(
                        "A consultation on %(date)s lies in the future and cannot be done yet. "
                        "Set it to planned, or correct its date.",
                        date=format_date(self.env, consultation.consultation_date),
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id_contact(self):
        if self.partner_id and not self.partner_id.is_company:
            self.contact_id = self.partner_id
        elif self.contact_id and self.contact_id.commercial_partner_id != self.partner_id:
            self.contact_id = False

    def write(self, vals):
        if vals.get("state") == "done" and any(c.state == "cancelled" for c in self):
            raise UserError(
                self.env._("A cancelled consultation cannot be set to done directly. Reopen it first (button Reopen).")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(consultation.state == "done" for consultation in self):
            raise UserError(
                self.env._(
                    "A done consultation counts in the reports and cannot be deleted. Cancel or archive it instead."
                )
            )

    def action_done(self):
        self.filtered(lambda c: c.state == "planned").write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self.filtered(lambda c: c.state == "cancelled").write({"state": "planned"})

    def action_refer(self):
        """Open a new referral for this consultation's business or founder."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer"),
            "res_model": "district.referral",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_consultation_id": self.id,
                "default_partner_id": (self.contact_id or self.partner_id).id,
            },
        }

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.district_referral_action")
        action["domain"] = [("consultation_id", "=", self.id)]
        action["context"] = {"default_consultation_id": self.id, "default_partner_id": self.partner_id.id}
        return action
