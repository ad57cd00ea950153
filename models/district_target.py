from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .district_monitoring_engine import INDICATOR_SELECTION, LOWER_IS_BETTER, indicator_format

TARGET_DIRECTIONS = [("higher", "Higher is better"), ("lower", "Lower is better")]


class DistrictTarget(models.Model):
    """A target value of an indicator for a period and programme area, optionally one quarter."""

    _name = "district.target"
    _description = "Target"
    _order = "date_from desc, indicator"

    indicator = fields.Selection(INDICATOR_SELECTION, required=True)
    date_from = fields.Date(string="Period from", required=True)
    date_to = fields.Date(string="Period until", required=True)
    programme_area_id = fields.Many2one("district.programme.area", string="Programme area", required=True)
    quarter_id = fields.Many2one("district.quarter", help="Empty: the target is for the whole programme area.")
    target_value = fields.Float(string="Target", required=True)
    direction = fields.Selection(
        TARGET_DIRECTIONS,
        string="Better when",
        compute="_compute_direction",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="Whether the target is met by reaching it (openings) or by staying at or below it (vacancy rate).",
    )
    note = fields.Char()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.depends("indicator")
    def _compute_direction(self):
        for target in self:
            target.direction = "lower" if target.indicator in LOWER_IS_BETTER else "higher"

    @api.constrains("date_from", "date_to", "indicator", "programme_area_id", "quarter_id", "target_value")
    def _check_target(self):
        for target in self:
            if target.date_from > target.date_to:
                raise ValidationError(self.env._("A target period cannot end before it begins."))
            if target.target_value < 0:
                raise ValidationError(self.env._("A target cannot be negative."))
            # A rate is a percentage of a whole: a target above 100 % is a typing error (a fraction or a count).
            if indicator_format(target.indicator) == "percent" and target.target_value > 100:
                raise ValidationError(
                    self.env._(
                        "A target for a rate is a percentage between 0 and 100; %(value)s was entered.",
                        value=target.target_value,
                    )
                )
            overlapping = self.search(
                [
                    ("id", "!=", target.id),
                    ("indicator", "=", target.indicator),
                    ("programme_area_id", "=", target.programme_area_id.id),
                    ("quarter_id", "=", target.quarter_id.id),
                    ("company_id", "=", target.company_id.id),
                    ("date_from", "<=", target.date_to),
                    ("date_to", ">=", target.date_from),
                ],
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "There is already a target for %(indicator)s in %(area)s from %(start)s to %(end)s: "
                        "periods of targets for the same indicator, area and quarter must not overlap.",
                        indicator=dict(INDICATOR_SELECTION)[target.indicator],
                        area=target.programme_area_id.name,
                        start=overlapping.date_from,
                        end=overlapping.date_to,
                    )
                )

    @api.model
    def _find(self, indicator, date_from, date_to, programme_area, quarter, *, company):
        """The company's target whose period covers the given one, or an empty recordset."""
        return self.search(
            [
                ("company_id", "=", company.id),
                ("indicator", "=", indicator),
                ("programme_area_id", "=", programme_area.id),
                ("quarter_id", "=", quarter.id),
                ("date_from", "<=", date_from),
                ("date_to", ">=", date_to),
            ],
            limit=1,
        )
