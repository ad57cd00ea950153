from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    district_map_tile_url = fields.Char(
        string="Map tile server",
        config_parameter="district_economy.map_tile_url",
        help="URL template of the tiles the district map shows, with {z}, {x} and {y}, e.g. a city's own tile "
        "server; empty: OpenStreetMap (https://tile.openstreetmap.org/{z}/{x}/{y}.png).",
    )
    district_map_tile_attribution = fields.Char(
        string="Map attribution",
        config_parameter="district_economy.map_tile_attribution",
        help="The credit the tile server's licence asks for, shown on the map; empty: © OpenStreetMap contributors.",
    )

    @api.constrains("district_map_tile_url")
    def _check_district_map_tile_url(self):
        for settings in self.filtered("district_map_tile_url"):
            url = settings.district_map_tile_url.strip()
            if not url.startswith(("https://", "http://")) or not all(part in url for part in ("{z}", "{x}", "{y}")):
                raise ValidationError(
                    self.env._(
                        "The map tile server must be a web address with {z}, {x} and {y}, "
                        "e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png."
                    )
                )
