from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DistrictQuarter(models.Model):
    """A quarter (Ortsteil): the unit in which the district economy is counted."""

    _name = "district.quarter"
    _description = "Quarter"
    _order = "city, code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, help="Official quarter code, unique within the city (e.g. 21).")
    name = fields.Char(required=True)
    borough_id = fields.Many2one("district.borough", required=True, ondelete="restrict", index=True)
    city = fields.Char(
        compute="_compute_city",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Filled from the borough; address rules only match addresses in this city.",
    )
    area_ha = fields.Float(string="Area (ha)", digits=(12, 2))
    population = fields.Integer()
    programme_area_ids = fields.Many2many(
        "district.programme.area",
        "district_programme_area_quarter_rel",
        "quarter_id",
        "programme_area_id",
        string="Wholly in programme areas",
    )
    active = fields.Boolean(default=True)

    _code_city_unique = models.UniqueIndex(
        "(city, code)", "A quarter with this code already exists in this city: quarter codes are unique per city."
    )
    _area_positive = models.Constraint("CHECK (area_ha >= 0)", "The area of a quarter cannot be negative.")
    _population_positive = models.Constraint(
        "CHECK (population >= 0)", "The population of a quarter cannot be negative."
    )

    @api.depends("borough_id.city")
    def _compute_city(self):
        for quarter in self:
            quarter.city = quarter.borough_id.city or quarter.city

    @api.constrains("city", "borough_id")
    def _check_city_matches_borough(self):
        for quarter in self:
            if quarter.borough_id.city and quarter.city != quarter.borough_id.city:
                raise ValidationError(
                    self.env._(
                        "Quarter %(quarter)s lies in %(city)s but its borough %(borough)s lies in %(borough_city)s: "
                        "choose a borough of the same city.",
                        quarter=quarter.name,
                        city=quarter.city,
                        borough=quarter.borough_id.name,
                        borough_city=quarter.borough_id.city,
                    )
                )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for quarter in self:
            quarter.display_name = f"{quarter.code} {quarter.name}" if quarter.code else quarter.name

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """Figures and records refer to quarters: archive them instead."""
        in_use = self.env["res.partner"].with_context(active_test=False).search_count(
            [("quarter_id", "in", self.ids)], limit=1
        ) or self.env["district.address.rule"].with_context(active_test=False).search_count(
            [("quarter_id", "in", self.ids)], limit=1
        )
        if in_use:
            raise UserError(
                self.env._(
                    "Quarters that businesses or address rules refer to cannot be deleted, as reports count "
                    "by them. Archive the quarter instead."
                )
            )
