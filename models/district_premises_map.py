from odoo import models


class DistrictPremises(models.Model):
    """Premises on the district map, geocoded from their address."""

    _name = "district.premises"
    _inherit = ["district.premises", "district.map.mixin"]

    def _district_geocode_address(self):
        self.ensure_one()
        return {
            "street": self.street,
            "zip": self.zip,
            "city": self.city,
            "state": "",
            "country": self.company_id.country_id.with_context(lang="en_US").name or "",
        }
