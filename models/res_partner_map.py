from odoo import fields, models


class ResPartner(models.Model):
    """Businesses on the district map, geocoded from their address without core's fallback to the city centre."""

    _name = "res.partner"
    _inherit = ["res.partner", "district.map.mixin"]

    def _district_geocode_address(self):
        self.ensure_one()
        partner = self.with_context(lang="en_US")
        return {
            "street": partner.street,
            "zip": partner.zip,
            "city": partner.city,
            "state": partner.state_id.name or "",
            "country": partner.country_id.name or "",
        }

    def _district_write_position(self, latitude, longitude):
        self.write(
            {
                "partner_latitude": latitude,
                "partner_longitude": longitude,
                "date_localization": fields.Date.context_today(self),
            }
        )
