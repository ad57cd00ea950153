from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .area_outline import OutlineError, parse_outline


class DistrictOutlineMixin(models.AbstractModel):
    """The outline of a quarter or borough as GeoJSON in WGS84, as the city publishes it."""

    _name = "district.outline.mixin"
    _description = "Area with an Outline"

    # Not prefetched: every quarter's name in a pivot or list would otherwise read all the outlines.
    outline_geojson = fields.Text(
        string="Outline (GeoJSON)",
        prefetch=False,
        help="A GeoJSON Polygon or MultiPolygon in WGS84 (longitude, latitude), e.g. from the city's open data. "
        "Businesses and premises with a map position that no address rule covers get the quarter whose outline "
        "contains the position.",
    )
    has_outline = fields.Boolean(string="Outline known", compute="_compute_has_outline", store=True)

    @api.depends("outline_geojson")
    def _compute_has_outline(self):
        for record in self:
            record.has_outline = bool((record.outline_geojson or "").strip())

    @api.constrains("outline_geojson")
    def _check_outline_geojson(self):
        for record in self.filtered("has_outline"):
            try:
                parse_outline(record.outline_geojson)
            except OutlineError as error:
                raise ValidationError(
                    self.env._(
                        "The outline of %(name)s is not usable (%(reason)s). Paste a GeoJSON Polygon or "
                        "MultiPolygon with longitude/latitude coordinates (WGS84), or leave it empty.",
                        name=record.display_name,
                        reason=str(error),
                    )
                ) from error
