import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

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

    _employee_count_positive = models.Constraint(
        "CHECK (employee_count >= 0)", "The number of employees cannot be negative."
    )
    _fte_positive = models.Constraint("CHECK (fte >= 0)", "Full-time equivalents cannot be negative.")

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
        return super().create(vals_list)

    def write(self, vals):
        self._check_district_fact_access(vals)
        return super().write(vals)

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

    def action_reassign_quarters(self):
        """Reassign the selected partners (or all, called on an empty recordset) after rules changed."""
        if not self.env.user.has_group("district_economy.group_district_coordinator"):
            raise AccessError(self.env._("Only District Economy coordinators and managers can reassign quarters."))
        ids = self.ids if self else None
        checked, changed = self.env["res.partner"].sudo()._reassign_district_location(ids)
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
