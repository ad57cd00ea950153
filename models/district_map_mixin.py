import json
import logging
import time

from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .res_config_settings import DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL

_logger = logging.getLogger(__name__)

# Nominatim's usage policy: at most one request per second, no bulk geocoding.
GEOCODE_BATCH_SIZE = 10
GEOCODE_DELAY = 1.0


class DistrictMapMixin(models.AbstractModel):
    """Records shown on the district map (``district_map`` view): a position, geocoding, map layers.

    The position fields are the ``_district_position_fields`` of the located mixin.
    Geocoding asks OpenStreetMap's Nominatim through core's ``base.geocoder`` for
    the full address only: core falls back to the city's centre when it cannot find
    the house, a point that would put the record in the wrong quarter.
    """

    _name = "district.map.mixin"
    _description = "Shown on the District Map"

    def _district_geocode_address(self):
        """The address to geocode: a dict with street, zip, city and country (names)."""
        raise NotImplementedError

    @api.model
    def _district_without_position_domain(self):
        latitude, longitude = self._district_position_fields
        return Domain.OR(
            [
                Domain(latitude, "=", False),
                Domain(latitude, "=", 0),
                Domain(longitude, "=", False),
                Domain(longitude, "=", 0),
            ]
        )

    def _district_write_position(self, latitude, longitude):
        lat_field, lng_field = self._district_position_fields
        self.write({lat_field: latitude, lng_field: longitude})

    def _district_geocode(self):
        """Geocode each record; returns the records nothing was found for."""
        self.check_access("write")
        geocoder = self.env["base.geocoder"]
        if geocoder._get_provider().tech_name != "openstreetmap":
            raise UserError(
                self.env._(
                    "District records are geocoded with OpenStreetMap only: choose OpenStreetMap as the "
                    "geolocation provider in the settings (Integrations)."
                )
            )
        not_found = self.browse()
        for index, record in enumerate(self):
            address = record._district_geocode_address()
            if not address["street"] or not (address["zip"] or address["city"]):
                not_found |= record
                continue
            if index and GEOCODE_DELAY:
                time.sleep(GEOCODE_DELAY)
            query = geocoder.geo_query_address(**address)
            result = geocoder.geo_find(query, force_country=address["country"])
            if result:
                record._district_write_position(*result)
            else:
                not_found |= record
        return not_found

    def action_district_geocode(self):
        """Find the position of the records from their address (OpenStreetMap Nominatim)."""
        if not self:
            return False
        if len(self) > GEOCODE_BATCH_SIZE:
            raise UserError(
                self.env._(
                    "Geocode at most %(count)s records at a time (OpenStreetMap's geocoder allows one request per "
                    "second): select fewer.",
                    count=GEOCODE_BATCH_SIZE,
                )
            )
        not_found = self._district_geocode()
        if not_found == self:
            raise UserError(
                self.env._(
                    "No position found for %(names)s: check street, house number, ZIP code and city, "
                    "or enter latitude and longitude by hand.",
                    names=", ".join(not_found.mapped("display_name")),
                )
            )
        return self._district_geocode_notification(len(self) - len(not_found), not_found, 0)

    @api.model
    def district_map_geocode_missing(self, domain):
        """Geocode the records of ``domain`` (the map's search) that have no position, a batch at a time."""
        missing = self.search(Domain(domain or []) & self._district_without_position_domain())
        batch = missing[:GEOCODE_BATCH_SIZE]
        if not batch:
            raise UserError(self.env._("Every record shown has a position already."))
        not_found = batch._district_geocode()
        return self._district_geocode_notification(len(batch) - len(not_found), not_found, len(missing) - len(batch))

    def _district_geocode_notification(self, found_count, not_found, left_count):
        message = self.env._("Positions found: %(count)s.", count=found_count)
        if not_found:
            message += " " + self.env._(
                "Not found (check the address or enter the position by hand): %(names)s.",
                names=", ".join(not_found.mapped("display_name")),
            )
        if left_count:
            message += " " + self.env._("%(count)s more without a position: geocode again.", count=left_count)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if not_found else "success",
                "title": self.env._("Geocoding"),
                "message": message,
                "sticky": bool(not_found),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    @api.readonly
    def district_map_layers(self, quarter_ids=None):
        """What the map draws besides the markers: the tile server and the outlines of the given quarters."""
        params = self.env["ir.config_parameter"].sudo()
        quarters = self.env["district.quarter"].browse(quarter_ids or []).exists().filtered("has_outline")
        outlines = []
        for quarter in quarters:
            try:
                geometry = json.loads(quarter.outline_geojson)
            except ValueError:
                _logger.warning("Quarter %s: outline is not valid JSON", quarter.id)
                continue
            outlines.append({"id": quarter.id, "name": quarter.display_name, "geojson": geometry})
        return {
            "tile_url": (params.get_param("district_economy.map_tile_url") or "").strip() or DEFAULT_TILE_URL,
            "tile_attribution": (params.get_param("district_economy.map_tile_attribution") or "").strip()
            or DEFAULT_TILE_ATTRIBUTION,
            "outlines": outlines,
        }
