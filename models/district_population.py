from odoo import api, fields, models


class DistrictPopulation(models.Model):
    """Inhabitants of a quarter or of a programme area in a year (and the area in km², where known).

    A programme area keeps its own figures: a quarter that lies only partly inside
    does not lend it its population. Quarters get theirs from the city's statistics
    (``tools/gen_area_data.py``); an area's stay empty until a user enters them.
    """

    _name = "district.population"
    _description = "Population per Year"
    _order = "year desc, id"

    quarter_id = fields.Many2one("district.quarter", ondelete="cascade", index=True)
    programme_area_id = fields.Many2one(
        "district.programme.area", string="Programme area", ondelete="cascade", index=True
    )
    year = fields.Integer(required=True, help="The year the figures describe (Leipzig: inhabitants on 31 December).")
    population = fields.Integer(string="Inhabitants", required=True)
    area_km2 = fields.Float(string="Area (km²)", digits=(12, 2), help="Left empty where the source gives none.")
    density = fields.Float(
        string="Inhabitants per km²",
        digits=(12, 0),
        compute="_compute_density",
        help="Over the area of the year, or else the quarter's area.",
    )
    source = fields.Char(help="Where the figures come from (publisher and licence).")

    _quarter_or_area = models.Constraint(
        "CHECK ((quarter_id IS NULL) != (programme_area_id IS NULL))",
        "A population figure belongs either to a quarter or to a programme area.",
    )
    _quarter_year_unique = models.UniqueIndex(
        "(quarter_id, year)", "This quarter already has a population figure for this year."
    )
    _area_year_unique = models.UniqueIndex(
        "(programme_area_id, year)", "This programme area already has a population figure for this year."
    )
    _year_four_digits = models.Constraint("CHECK (year BETWEEN 1000 AND 9999)", "Give the year with four digits.")
    _population_positive = models.Constraint("CHECK (population >= 0)", "The population cannot be negative.")
    _area_positive = models.Constraint("CHECK (area_km2 >= 0)", "The area cannot be negative.")

    @api.depends("population", "area_km2", "quarter_id.area_ha")
    def _compute_density(self):
        for row in self:
            area = row.area_km2 or row.quarter_id.area_ha / 100
            row.density = row.population / area if area else 0.0

    @api.depends("year", "quarter_id", "programme_area_id")
    def _compute_display_name(self):
        for row in self:
            row.display_name = f"{(row.quarter_id or row.programme_area_id).display_name or ''} {row.year}".strip()

    @api.model
    def _latest(self, year, field_name, records):
        """{record id: population row} of the year, else of the latest earlier year known, for ``records``.

        ``field_name`` is "quarter_id" or "programme_area_id".
        """
        rows = self.sudo().search([(field_name, "in", records.ids), ("year", "<=", year)], order="year desc")
        latest = {}
        for row in rows:
            latest.setdefault(row[field_name].id, row)
        return latest
