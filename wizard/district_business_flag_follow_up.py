from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..models.district_consultation import CHANNELS

# Consultation topics and referral institutions that usually fit a type of early warning: only a
# suggestion, the coordinator changes it in the dialog.
TOPICS_BY_FLAG = {
    "closure_risk": ("consultation_topic_crisis", "consultation_topic_financing"),
    "leaving": ("consultation_topic_premises",),
    "expansion": ("consultation_topic_financing", "consultation_topic_premises"),
    "needs_premises": ("consultation_topic_premises",),
    "needs_staff": ("consultation_topic_staff",),
    "succession": ("consultation_topic_succession",),
}
INSTITUTION_TYPE_BY_FLAG = {
    "closure_risk": "economic_development",
    "leaving": "economic_development",
    "expansion": "economic_development",
    "needs_premises": "economic_development",
    "needs_staff": "job_centre",
    "succession": "chamber_commerce",
}
FOLLOW_UP_KINDS = [("consultation", "Consultation"), ("referral", "Referral"), ("settlement", "Settlement case")]
KIND_MODELS = {
    "consultation": "district.consultation",
    "referral": "district.referral",
    "settlement": "district.settlement",
}


class DistrictBusinessFlagFollowUp(models.TransientModel):
    """Starts the follow-up of an early warning, prefilled from it: a planned consultation, a draft
    referral or a settlement case (whose "Find premises" then matches the inventory). The new record
    is linked to the warning, which goes in progress."""

    _name = "district.business.flag.follow.up"
    _description = "Follow Up an Early Warning"

    flag_id = fields.Many2one("district.business.flag", string="Early warning", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="flag_id.partner_id")
    flag_type = fields.Selection(related="flag_id.flag_type")
    company_id = fields.Many2one(related="flag_id.company_id")
    kind = fields.Selection(FOLLOW_UP_KINDS, string="Follow-up", required=True, default="consultation")
    summary = fields.Text(
        compute="_compute_texts",
        store=True,
        readonly=False,
        help="Why: visible to everyone who may read the follow-up, city offices included.",
    )
    # Consultation
    consultation_date = fields.Datetime(string="When", default=fields.Datetime.now)
    channel = fields.Selection(CHANNELS, default="on_site_visit")
    topic_ids = fields.Many2many(
        "district.consultation.topic",
        "district_flag_follow_up_topic_rel",
        string="Topics",
        compute="_compute_topic_ids",
        store=True,
        readonly=False,
    )
    # Referral
    institution_id = fields.Many2one(
        "res.partner",
        compute="_compute_institution_id",
        store=True,
        readonly=False,
        domain="[('is_referral_institution', '=', True)]",
    )
    # Settlement case
    settlement_name = fields.Char(string="Case", compute="_compute_texts", store=True, readonly=False)
    area_min = fields.Float(string="Area from (m²)", digits=(10, 1))
    area_max = fields.Float(string="Area up to (m²)", digits=(10, 1))
    use_type_ids = fields.Many2many("district.premises.use.type", "district_flag_follow_up_use_type_rel", string="Use")
    ground_floor_needed = fields.Boolean(
        string="Ground floor needed", compute="_compute_location_wishes", store=True, readonly=False
    )
    preferred_quarter_ids = fields.Many2many(
        "district.quarter",
        "district_flag_follow_up_quarter_rel",
        string="Preferred quarters",
        compute="_compute_location_wishes",
        store=True,
        readonly=False,
    )

    @api.depends("flag_id", "kind")
    def _compute_texts(self):
        for wizard in self:
            flag = wizard.flag_id
            origin = (
                self.env._("visit on %(date)s", date=format_date(self.env, flag.visit_id.date))
                if flag.visit_id
                else self.env._("raised on %(date)s", date=format_date(self.env, flag.date))
            )
            label = dict(flag._fields["flag_type"]._description_selection(self.env)).get(flag.flag_type, "")
            wizard.summary = self.env._(
                "Follow-up of the early warning “%(type)s” (%(origin)s).", type=label, origin=origin
            )
            wizard.settlement_name = f"{flag.partner_id.name or ''}: {label}"

    @api.depends("flag_id")
    def _compute_topic_ids(self):
        for wizard in self:
            topics = self.env["district.consultation.topic"]
            for xmlid in TOPICS_BY_FLAG.get(wizard.flag_id.flag_type, ()):
                topics |= self.env.ref(f"district_economy.{xmlid}", raise_if_not_found=False) or topics
            wizard.topic_ids = topics

    @api.depends("flag_id")
    def _compute_institution_id(self):
        for wizard in self:
            institution_type = INSTITUTION_TYPE_BY_FLAG.get(wizard.flag_id.flag_type)
            wizard.institution_id = self.env["res.partner"].search(
                [("is_referral_institution", "=", True), ("institution_type", "=", institution_type)], limit=1
            )

    @api.depends("flag_id")
    def _compute_location_wishes(self):
        for wizard in self:
            business = wizard.flag_id.partner_id
            wizard.ground_floor_needed = business.is_ground_floor
            wizard.preferred_quarter_ids = business.quarter_id

    def _values_consultation(self):
        return {
            "partner_id": self.partner_id.id,
            "user_id": (self.flag_id.user_id or self.env.user).id,
            "date": self.consultation_date or fields.Datetime.now(),
            "channel": self.channel or "on_site_visit",
            "topic_ids": [fields.Command.set(self.topic_ids.ids)],
            "summary": self.summary,
            "state": "planned",
            "company_id": self.company_id.id,
        }

    def _values_referral(self):
        if not self.institution_id:
            raise UserError(self.env._("Choose the institution the business is referred to."))
        return {
            "partner_id": self.partner_id.id,
            "institution_id": self.institution_id.id,
            "user_id": (self.flag_id.user_id or self.env.user).id,
            "reason": self.summary,
            "state": "draft",
            "company_id": self.company_id.id,
        }

    def _values_settlement(self):
        if not (self.settlement_name or "").strip():
            raise UserError(self.env._("Give the settlement case a name."))
        return {
            "name": self.settlement_name,
            "partner_id": self.partner_id.id,
            "user_id": (self.flag_id.user_id or self.env.user).id,
            "source": "other",
            "area_min": self.area_min,
            "area_max": self.area_max,
            "use_type_ids": [fields.Command.set(self.use_type_ids.ids)],
            "ground_floor_needed": self.ground_floor_needed,
            "preferred_quarter_ids": [fields.Command.set(self.preferred_quarter_ids.ids)],
            "requirements_note": self.summary,
            "company_id": self.company_id.id,
        }

    def action_confirm(self):
        """Create the follow-up, link it to the early warning and open it."""
        self.ensure_one()
        flag = self.flag_id
        if flag.state == "resolved":
            raise UserError(
                self.env._(
                    "%(flag)s is resolved: raise a new early warning for a new follow-up.", flag=flag.display_name
                )
            )
        values = getattr(self, f"_values_{self.kind}")()
        record = self.env[KIND_MODELS[self.kind]].create(values)
        flag.write(
            {
                "resolution_model": record._name,
                "resolution_id": record.id,
                "state": "in_progress" if flag.state == "open" else flag.state,
            }
        )
        flag.message_post(
            body=self.env._("Follow-up started: %(record)s", record=record.display_name), subtype_xmlid="mail.mt_note"
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
