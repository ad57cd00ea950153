from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DistrictProgrammeArea(models.Model):
    """An urban programme area (Fördergebiet) such as the Leipziger Osten.

    Quarters lying wholly inside are listed in ``quarter_ids``; for quarters
    that lie only partly inside, address rules pointing to the area decide
    per street and house number. The boundary is versioned by validity dates.
    """

    _name = "district.programme.area"
    _description = "Programme Area"
    _order = "city, name, date_from"

    name = fields.Char(required=True)
    city = fields.Char(required=True)
    date_from = fields.Date(string="Valid from", help="First day the area boundary applies; empty: no known start.")
    date_to = fields.Date(string="Valid until", help="Last day the area boundary applies; empty: open end.")
    description = fields.Html()
    quarter_ids = fields.Many2many(
        "district.quarter",
        "district_programme_area_quarter_rel",
        "programme_area_id",
        "quarter_id",
        string="Quarters wholly inside",
    )
    address_rule_ids = fields.One2many(
        "district.address.rule", "programme_area_id", string="Address rules for quarters partly inside"
    )
    partial_quarter_ids = fields.Many2many(
        "district.quarter", compute="_compute_partial_quarter_ids", string="Quarters partly inside"
    )
    population_ids = fields.One2many(
        "district.population",
        "programme_area_id",
        string="Population by year",
        help="The area's own inhabitants per year, as far as known: a quarter partly inside does not count whole.",
    )
    active = fields.Boolean(default=True)

    @api.depends("address_rule_ids.quarter_id", "quarter_ids")
    def _compute_partial_quarter_ids(self):
        for area in self:
            area.partial_quarter_ids = area.address_rule_ids.quarter_id - area.quarter_ids

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for area in self:
            if area.date_from and area.date_to and area.date_from > area.date_to:
                raise ValidationError(
                    self.env._(
                        "Programme area %(area)s: the end of validity (%(date_to)s) lies before its start "
                        "(%(date_from)s). Correct one of the two dates.",
                        area=area.name,
                        date_from=area.date_from,
                        date_to=area.date_to,
                    )
                )

    @api.constrains("quarter_ids", "city")
    def _check_quarter_city(self):
        for area in self:
            foreign = area.quarter_ids.filtered(lambda quarter, city=area.city: quarter.city != city)
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Programme area %(area)s lies in %(city)s, but these quarters do not: %(quarters)s.",
                        area=area.name,
                        city=area.city,
                        quarters=", ".join(foreign.mapped("display_name")),
                    )
                )

    def _is_valid_on(self, on_date):
        """Tell whether the area's boundary applies on ``on_date``."""
        self.ensure_one()
        return (not self.date_from or self.date_from <= on_date) and (not self.date_to or on_date <= self.date_to)

    def _valid_domain(self, on_date):
        return [
            "|",
            ("date_from", "=", False),
            ("date_from", "<=", on_date),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", on_date),
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """Businesses and reports refer to the area: end its validity or archive it instead."""
        if self.env["res.partner"].with_context(active_test=False).search_count(
            [("programme_area_id", "in", self.ids)], limit=1
        ) or self.env["district.address.rule"].with_context(active_test=False).search_count(
            [("programme_area_id", "in", self.ids)], limit=1
        ):
            raise UserError(
                self.env._(
                    "This programme area is assigned to businesses or address rules and cannot be deleted. "
                    "Set the end of its validity or archive it instead."
                )
            )
