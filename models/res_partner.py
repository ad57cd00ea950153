import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .district_referral import INSTITUTION_TYPES

# Division "47", group "47.1", class "47.11" or subclass "47.11.1" (German registers).
WZ_CODE_RE = re.compile(r"^\d{2}(\.\d{1,2}(\.\d)?)?$")

BUSINESS_STATUSES = [
    ("founding", "Founding"),
    ("active", "Active"),
    ("relocating_in", "Relocating in"),
    ("closed", "Closed"),
    ("moved_out", "Moved out"),
]


class ResPartner(models.Model):
    """A business (or founder) with the facts the district economy counts by."""

    _name = "res.partner"
    _inherit = ["res.partner", "district.located.mixin"]

    # Facts only coordinators and managers may change; the location fields are
    # left out because any address change (by anyone) recomputes them.
    _DISTRICT_FACT_FIELDS = frozenset(
        {
            "quarter_manual",
            "wz_code",
            "employee_count",
            "fte",
            "founding_date",
            "opening_date",
            "closing_date",
            "business_status",
            "is_ground_floor",
            "is_migrant_owned",
            "is_women_led",
            "is_start_up",
            "language_ids",
            "coordinator_id",
        }
    )

    # Fields whose change writes a business event (DOMAIN: the single source of openings, closures, moves).
    _EVENT_FIELDS = frozenset(
        {"business_status", "opening_date", "closing_date", "street", "zip", "city", "industry_id"}
    )

    wz_code = fields.Char(
        string="WZ 2008 code",
        size=9,
        help="Economic activity by the German classification WZ 2008: division (47), group (47.1), "
        "class (47.11) or subclass (47.11.1).",
    )
    employee_count = fields.Integer(string="Employees", help="Headcount, owners included.")
    fte = fields.Float(string="Full-time equivalents", digits=(8, 2))
    founding_date = fields.Date()
    opening_date = fields.Date(help="Day the business opened in the area.")
    closing_date = fields.Date()
    business_status = fields.Selection(BUSINESS_STATUSES, string="Business status", index=True, tracking=True)
    is_ground_floor = fields.Boolean(string="Ground-floor shop")
    is_migrant_owned = fields.Boolean(string="Migrant-owned")
    is_women_led = fields.Boolean(string="Women-led")
    is_start_up = fields.Boolean(string="Start-up")
    language_ids = fields.Many2many("district.language", string="Languages spoken")
    coordinator_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        domain=lambda self: [("group_ids", "in", self.env.ref("district_economy.group_district_coordinator").ids)],
    )

    is_referral_institution = fields.Boolean(
        string="Referral institution", help="Businesses and founders can be referred on to this partner."
    )
    institution_type = fields.Selection(INSTITUTION_TYPES)
    consultation_ids = fields.One2many("district.consultation", "partner_id", string="Consultations")
    consultation_count = fields.Integer(compute="_compute_consultation_count")
    last_consultation_date = fields.Date(
        compute="_compute_last_consultation_date",
        store=True,
        help="Day of the latest done consultation.",
    )
    referral_count = fields.Integer(compute="_compute_referral_count")
    consent_ids = fields.One2many("district.consent", "partner_id", string="Consents")
    business_event_ids = fields.One2many("district.business.event", "partner_id", string="Business events")
    consent_records_allowed = fields.Boolean(string="Keep records", compute="_compute_consents_allowed")
    consent_contact_allowed = fields.Boolean(string="Contact for news", compute="_compute_consents_allowed")
    consent_referral_allowed = fields.Boolean(string="Pass on", compute="_compute_consents_allowed")

    _employee_count_positive = models.Constraint(
        "CHECK (employee_count >= 0)", "The number of employees cannot be negative."
    )
    _fte_positive = models.Constraint("CHECK (fte >= 0)", "Full-time equivalents cannot be negative.")

    def _compute_consultation_count(self):
        counts = dict(
            self.env["district.consultation"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.consultation_count = counts.get(partner, 0)

    @api.depends("consultation_ids.state", "consultation_ids.consultation_date", "consultation_ids.active")
    def _compute_last_consultation_date(self):
        latest = dict(
            self.env["district.consultation"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "done")], ["partner_id"], ["consultation_date:max"]
            )
        )
        for partner in self:
            partner.last_consultation_date = latest.get(partner._origin, False)

    def _compute_referral_count(self):
        counts = dict(
            self.env["district.referral"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.referral_count = counts.get(partner, 0)

    @api.depends("consent_ids.date_given", "consent_ids.date_withdrawn", "consent_ids.purpose")
    def _compute_consents_allowed(self):
        for partner in self:
            valid = partner.consent_ids.filtered("is_valid_today")
            partner.consent_records_allowed = "records" in valid.mapped("purpose")
            partner.consent_contact_allowed = "contact" in valid.mapped("purpose")
            partner.consent_referral_allowed = "referral" in valid.mapped("purpose")

    @api.constrains("wz_code")
    def _check_wz_code(self):
        for partner in self:
            if partner.wz_code and not WZ_CODE_RE.match(partner.wz_code):
                raise ValidationError(
                    self.env._(
                        "%(partner)s: '%(code)s' is not a WZ 2008 code. Write a division (47), group (47.1), "
                        "class (47.11) or subclass (47.11.1).",
                        partner=partner.display_name,
                        code=partner.wz_code,
                    )
                )

    @api.constrains("opening_date", "closing_date")
    def _check_closing_date(self):
        for partner in self:
            if partner.opening_date and partner.closing_date and partner.closing_date < partner.opening_date:
                raise ValidationError(
                    self.env._(
                        "%(partner)s: the closing date (%(closing)s) lies before the opening date (%(opening)s).",
                        partner=partner.display_name,
                        closing=partner.closing_date,
                        opening=partner.opening_date,
                    )
                )

    @api.onchange("wz_code")
    def _onchange_wz_code_set_sector(self):
        if self.wz_code and WZ_CODE_RE.match(self.wz_code):
            section = self.env["res.partner.industry"]._find_by_wz_code(self.wz_code)
            if section:
                self.industry_id = section

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_district_fact_access(vals)
        partners = super().create(vals_list)
        opened = partners.filtered("opening_date")
        if opened:
            empty = {
                "business_status": False,
                "opening_date": False,
                "closing_date": False,
                "quarter_id": self.env["district.quarter"],
                "programme_area_id": self.env["district.programme.area"],
                "industry_id": self.env["res.partner.industry"],
            }
            opened._log_business_events(dict.fromkeys(opened.ids, empty))
        return partners

    def write(self, vals):
        self._check_district_fact_access(vals)
        before = (
            {partner.id: partner._business_event_snapshot() for partner in self}
            if self._EVENT_FIELDS.intersection(vals)
            else {}
        )
        result = super().write(vals)
        if before:
            self._log_business_events(before, address_changed=bool({"street", "zip", "city"} & set(vals)))
        return result

    def _business_event_snapshot(self):
        return {
            "business_status": self.business_status,
            "opening_date": self.opening_date,
            "closing_date": self.closing_date,
            "quarter_id": self.quarter_id,
            "programme_area_id": self.programme_area_id,
            "industry_id": self.industry_id,
        }

    def _log_business_events(self, before, address_changed=False):
        """Write the events a change of these businesses means; a rule correction never comes here."""
        today = fields.Date.context_today(self)
        events = []
        for partner in self.filtered(lambda p: p.is_company or p.business_status):
            old = before[partner.id]
            opened = partner.opening_date and partner.opening_date != old["opening_date"]
            if opened:
                events.append(partner._business_event_values("opening", partner.opening_date))
            closing_now = partner.closing_date and partner.closing_date != old["closing_date"]
            closed_now = partner.business_status == "closed" and old["business_status"] != "closed"
            if closing_now or (closed_now and not partner.closing_date):
                events.append(partner._business_event_values("closing", partner.closing_date or today))
            if address_changed and partner.quarter_id != old["quarter_id"] and not partner.quarter_manual:
                if old["quarter_id"]:
                    events.append(
                        partner._business_event_values("moved_out", today, old["quarter_id"], old["programme_area_id"])
                    )
                if partner.quarter_id and not opened:  # a business opening here did not move in
                    events.append(partner._business_event_values("moved_in", today))
            elif partner.business_status == "moved_out" and old["business_status"] != "moved_out":
                events.append(partner._business_event_values("moved_out", today))
            if old["industry_id"] and partner.industry_id != old["industry_id"]:
                events.append(partner._business_event_values("sector_change", today))
        if events:
            self.env["district.business.event"].sudo().create(events)

    def _business_event_values(self, event_type, day, quarter=None, programme_area=None):
        """An event of this business; quarter and area default to where it is now."""
        self.ensure_one()
        return {
            "partner_id": self.id,
            "date": day,
            "event_type": event_type,
            "quarter_id": (self.quarter_id if quarter is None else quarter).id,
            "programme_area_id": (self.programme_area_id if programme_area is None else programme_area).id,
            "industry_id": self.industry_id.id,
            "company_id": (self.company_id or self.env.company).id,
        }

    def _check_district_fact_access(self, vals):
        """Only coordinators and managers change the district facts of a business."""
        if self.env.su or not self._DISTRICT_FACT_FIELDS.intersection(vals):
            return
        if not self.env.user.has_group("district_economy.group_district_coordinator"):
            raise AccessError(
                self.env._(
                    "Only District Economy coordinators and managers can change the district facts of a "
                    "business (status, sector code, jobs, flags, coordinator). Ask a coordinator to do it."
                )
            )

    def action_new_consultation(self):
        """Open a new consultation for this business or founder."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "district.consultation",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.id,
                "default_contact_id": False if self.is_company else self.id,
                "default_language_id": self.language_ids[:1].id,
            },
        }

    def action_view_consultations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.district_consultation_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.district_referral_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_reassign_quarters(self):
        """Reassign the selected partners (or all, called on an empty recordset) after rules changed."""
        if not self.env.user.has_group("district_economy.group_district_coordinator"):
            raise AccessError(self.env._("Only District Economy coordinators and managers can reassign quarters."))
        ids = self.ids if self else None
        checked, changed = self.env["res.partner"].sudo()._reassign_district_location(ids)
        # A rule correction also corrects the location stamped on past contacts (the stamp was wrong).
        for model_name in self.env.registry.descendants(["district.contact.stamp.mixin"], "_inherit"):
            model = self.env[model_name]
            if model._abstract:
                continue
            stamped_ids = None  # all of them, selected in SQL
            if ids is not None:
                stamped_ids = model.with_context(active_test=False).sudo().search([("partner_id", "in", ids)]).ids
            model.sudo()._reassign_district_location(stamped_ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Quarters reassigned"),
                "message": self.env._(
                    "%(checked)s addresses checked, %(changed)s corrected. Quarters set by hand were kept.",
                    checked=checked,
                    changed=changed,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
