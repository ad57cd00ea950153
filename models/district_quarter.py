from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .area_outline import OutlineIndex


class DistrictQuarter(models.Model):
    """A quarter (Ortsteil): the unit in which the district economy is counted."""

    _name = "district.quarter"
    _inherit = ["district.outline.mixin"]
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
    population_ids = fields.One2many("district.population", "quarter_id", string="Population by year")
    population = fields.Integer(
        compute="_compute_population",
        store=True,
        help="Inhabitants in the latest year known (see Population by year).",
    )
    population_year = fields.Integer(compute="_compute_population", store=True)
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

    # The STRtree over the outlines, built once per registry and outline checksum: (checksum, OutlineIndex).
    _district_outline_cache = None

    @api.depends("borough_id.city")
    def _compute_city(self):
        for quarter in self:
            quarter.city = quarter.borough_id.city or quarter.city

    @api.depends("population_ids.year", "population_ids.population")
    def _compute_population(self):
        for quarter in self:
            latest = quarter.population_ids.sorted("year")[-1:]
            quarter.population = latest.population
            quarter.population_year = latest.year

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

    @api.model
    def _locate_positions(self, points):
        """The id of the active quarter whose outline contains each point, or False.

        ``points``: a list of (latitude, longitude) in WGS84, or None for a record
        without a position. A point on the edge between two quarters goes to the
        first by city and code.
        """
        return [quarter_id or False for quarter_id in self._outline_index().locate(points)]

    @api.model
    def _outline_index(self):
        """One STRtree over the outlines of the active quarters, cached on the registry's model class.

        The cache is keyed by a checksum of the outlines, not their write date, so
        that a change made in the same transaction (same write date) is seen too.
        """
        self.flush_model(["outline_geojson", "has_outline", "active", "city", "code"])
        self.env.cr.execute(
            SQL(
                "SELECT md5(string_agg(id || ':' || outline_geojson, '|' ORDER BY city, code, id)) "
                "FROM district_quarter WHERE active AND has_outline"
            )
        )
        checksum = self.env.cr.fetchone()[0]
        cached = type(self)._district_outline_cache
        if cached and cached[0] == checksum:
            return cached[1]
        self.env.cr.execute(
            SQL("SELECT id, outline_geojson FROM district_quarter WHERE active AND has_outline ORDER BY city, code, id")
        )
        rows = self.env.cr.fetchall()
        index = OutlineIndex([quarter_id for quarter_id, _outline in rows], [outline for _id, outline in rows])
        type(self)._district_outline_cache = (checksum, index)
        return index

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
