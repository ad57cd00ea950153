from odoo import api, fields, models
from odoo.exceptions import UserError


class DistrictBorough(models.Model):
    """A borough (Stadtbezirk): the city's administrative unit above quarters."""

    _name = "district.borough"
    _inherit = ["district.outline.mixin"]
    _description = "Borough"
    _order = "city, code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, help="Official borough code of the city, e.g. 2 for Leipzig-Ost.")
    name = fields.Char(required=True, translate=False)
    city = fields.Char(required=True)
    quarter_ids = fields.One2many("district.quarter", "borough_id", string="Quarters")
    quarter_count = fields.Integer(compute="_compute_quarter_count")
    active = fields.Boolean(default=True)

    _code_city_unique = models.UniqueIndex("(city, code)", "A borough with this code already exists in this city.")

    @api.depends("quarter_ids")
    def _compute_quarter_count(self):
        counts = dict(
            self.env["district.quarter"]._read_group([("borough_id", "in", self.ids)], ["borough_id"], ["__count"])
        )
        for borough in self:
            borough.quarter_count = counts.get(borough, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_has_quarters(self):
        if (
            self.env["district.quarter"]
            .with_context(active_test=False)
            .search_count([("borough_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._("A borough with quarters cannot be deleted. Archive it, or move its quarters first.")
            )
