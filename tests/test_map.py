from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models import district_map_mixin
from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestDistrictMap(DistrictEconomyCase):
    """The district_map view type, its layers and geocoding (geocoder mocked: no network)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Premises = cls.env["district.premises"]
        cls.shop = cls.Premises.create(
            {"name": "Map test shop", "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 80}
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "base_geolocalize.geo_provider", cls.env.ref("base_geolocalize.geoprovider_open_street").id
        )

    def setUp(self):
        super().setUp()
        # Nominatim allows one request a second; the tests do not wait.
        self.patch(district_map_mixin, "GEOCODE_DELAY", 0)

    def mock_geo_find(self, **kwargs):
        """Replace the call to Nominatim (core's base.geocoder.geo_find): the tests run offline."""
        return patch.object(type(self.env["base.geocoder"]), "geo_find", autospec=True, **kwargs)

    def test_get_views_returns_the_map_for_both_actions(self):
        for xmlid, model, fields in (
            ("district_economy.district_premises_action", "district.premises", ("latitude", "longitude", "state")),
            (
                "district_economy.res_partner_action_business",
                "res.partner",
                ("partner_latitude", "partner_longitude", "business_status"),
            ),
        ):
            action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
            modes = [mode for _view_id, mode in action["views"]]
            self.assertEqual(modes[-1], "district_map", f"{xmlid}: the map is the last view")
            self.assertNotEqual(modes[0], "district_map", f"{xmlid}: the map is not the default view")
            result = self.env[model].with_user(self.user_readonly).get_views(action["views"])
            arch = etree.fromstring(result["views"]["district_map"]["arch"])
            self.assertEqual(arch.tag, "district_map")
            self.assertTrue(set(fields) <= set(result["models"][model]["fields"]), "the marker fields are sent")
        premises_action = self.env.ref("district_economy.district_premises_action")
        self.assertEqual(
            [mode for _view_id, mode in premises_action.views],
            ["kanban", "list", "form", "pivot", "graph", "district_map"],
        )
        self.assertIn("district_map", self.env["ir.ui.view"].get_view_info())

    def test_arch_validation(self):
        View = self.env["ir.ui.view"]
        base = {"name": "test map", "model": "district.premises", "type": "district_map"}
        View.create(
            {**base, "arch": '<district_map lat="latitude" lng="longitude"><field name="name"/></district_map>'}
        )
        for arch, message in (
            ('<district_map lat="latitude" lng="no_such_field"/>', "no_such_field"),
            ('<district_map lat="latitude"/>', "lng"),
            ('<district_map lat="latitude" lng="longitude" zoom="3"/>', "zoom"),
            ('<district_map lat="latitude" lng="longitude"><div/></district_map>', "<div>"),
        ):
            with self.subTest(arch=arch), self.assertRaisesRegex(ValidationError, message):
                View.create({**base, "arch": arch})

    def test_layers_default_to_openstreetmap_and_bring_outlines(self):
        layers = self.Premises.with_user(self.user_readonly).district_map_layers([self.quarter_neustadt.id])
        self.assertEqual(layers["tile_url"], "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        self.assertEqual(layers["tile_attribution"], "© OpenStreetMap contributors")
        self.assertEqual([outline["id"] for outline in layers["outlines"]], [self.quarter_neustadt.id])
        self.assertIn(layers["outlines"][0]["geojson"]["type"], ("Polygon", "MultiPolygon", "Feature"))
        settings = self.env["res.config.settings"].create(
            {
                "district_map_tile_url": "https://tiles.example.org/{z}/{x}/{y}.png",
                "district_map_tile_attribution": "© Stadt Beispiel, dl-de/by-2-0",
            }
        )
        settings.execute()
        layers = self.Premises.district_map_layers([])
        self.assertEqual(layers["tile_url"], "https://tiles.example.org/{z}/{x}/{y}.png")
        self.assertEqual(layers["tile_attribution"], "© Stadt Beispiel, dl-de/by-2-0")
        self.assertEqual(layers["outlines"], [])
        with self.assertRaisesRegex(ValidationError, r"\{z\}, \{x\} and \{y\}"):
            self.env["res.config.settings"].create({"district_map_tile_url": "tiles.example.org"})

    def test_geocode_premises(self):
        with self.mock_geo_find(return_value=(51.3479, 12.405)) as geo_find:
            self.shop.with_user(self.user_coordinator).action_district_geocode()
        query = geo_find.call_args.args[1]
        self.assertIn("Eisenbahnstraße 61", query)
        self.assertIn("04315", query)
        self.assertEqual((self.shop.latitude, self.shop.longitude), (51.3479, 12.405))
        self.assertEqual(self.shop.quarter_id, self.quarter_neustadt, "the address rule still decides")

    def test_geocode_nothing_found_is_a_clear_error(self):
        with (
            self.mock_geo_find(return_value=None) as geo_find,
            self.assertRaisesRegex(UserError, "No position found for Map test shop"),
        ):
            self.shop.with_user(self.user_coordinator).action_district_geocode()
        self.assertEqual(geo_find.call_count, 1, "no fallback to the city centre")
        self.assertFalse(self.shop.latitude)

    def test_geocode_never_asks_google(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "base_geolocalize.geo_provider", self.env.ref("base_geolocalize.geoprovider_google_map").id
        )
        with (
            self.mock_geo_find() as geo_find,
            self.assertRaisesRegex(UserError, "OpenStreetMap only"),
        ):
            self.shop.action_district_geocode()
        geo_find.assert_not_called()

    def test_geocode_missing_from_the_map(self):
        other = self.Premises.create(
            {"name": "Map test workshop", "street": "Musterstraße 1", "zip": "04315", "city": "Leipzig", "area_m2": 50}
        )
        placed = self.Premises.create(
            {
                "name": "Map test placed",
                "street": "Eisenbahnstraße 27",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 50,
                "latitude": 51.347,
                "longitude": 12.398,
            }
        )
        domain = [("name", "like", "Map test")]

        def fake_find(geocoder, query, **kwargs):
            return (51.348, 12.41) if "Eisenbahnstraße" in query else None

        with self.mock_geo_find(side_effect=fake_find) as geo_find:
            action = self.Premises.with_user(self.user_coordinator).district_map_geocode_missing(domain)
        self.assertEqual(geo_find.call_count, 2, "only the records without a position")
        self.assertEqual(self.shop.latitude, 51.348)
        self.assertFalse(other.latitude)
        self.assertEqual(placed.latitude, 51.347)
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("Map test workshop", action["params"]["message"])

    def test_geocode_business(self):
        bakery = self.Partner.create(
            {
                "name": "Map test bakery",
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
                "country_id": self.env.ref("base.de").id,
                "business_status": "active",
            }
        )
        with self.mock_geo_find(return_value=(51.3476, 12.4025)):
            bakery.with_user(self.user_coordinator).action_district_geocode()
        self.assertEqual((bakery.partner_latitude, bakery.partner_longitude), (51.3476, 12.4025))
        self.assertTrue(bakery.date_localization)

    def test_readonly_cannot_geocode(self):
        with (
            self.mock_geo_find(return_value=(51.3, 12.4)),
            self.assertRaises(AccessError),
        ):
            self.shop.with_user(self.user_readonly).action_district_geocode()
        self.assertFalse(self.shop.latitude)
