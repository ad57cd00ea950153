from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from ..models import district_map_mixin
from .common import JsonRpcMixin, RpcError


@tagged("post_install", "-at_install")
class TestMapUi(HttpCase):
    """The map as a coordinator uses it, offline: markers without tiles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        new_test_user(
            cls.env,
            "map_coordinator",
            password="map_coordinator",
            name="Map Coordinator",
            groups="base.group_user,district_economy.group_district_coordinator",
            lang="en_US",
        )

    def test_premises_map(self):
        vacant_with_position = self.env["district.premises"].search(
            [("is_vacant", "=", True), ("latitude", "!=", 0), ("longitude", "!=", 0)]
        )
        self.assertGreaterEqual(len(vacant_with_position), 5, "the demo premises have positions")
        self.assertIn(self.env.ref("district_economy.premises_demo_p_eisenbahn_61"), vacant_with_position)
        premises = self.env["district.premises"]
        values = {"zip": "04315", "city": "Leipzig", "area_m2": 60, "state": "vacant"}
        premises.create(
            {
                **values,
                "name": "Tour map shop",
                "street": "Eisenbahnstraße 75",
                "latitude": 51.3482,
                "longitude": 12.4079,
            }
        )
        premises.create({**values, "name": "Tour map shop annex", "street": "Eisenbahnstraße 77"})
        self.start_tour("/odoo/district-premises", "district_economy_map", login="map_coordinator")


@tagged("post_install", "-at_install")
class TestMapOverApi(JsonRpcMixin, HttpCase):
    """What the map calls, over Odoo's external API as each group (geocoder mocked: no network)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,district_economy.group_district_"
        cls.env["res.lang"]._activate_lang("en_US")
        cls.readonly = new_test_user(cls.env, "map_api_readonly", groups=groups + "readonly", lang="en_US")
        cls.manager = new_test_user(cls.env, "map_api_manager", groups=groups + "manager", lang="en_US")
        cls.shop = cls.env["district.premises"].create(
            {"name": "Map API shop", "street": "Eisenbahnstraße 75", "zip": "04315", "city": "Leipzig", "area_m2": 40}
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "base_geolocalize.geo_provider", cls.env.ref("base_geolocalize.geoprovider_open_street").id
        )

    def test_geocode_over_the_api(self):
        self.patch(district_map_mixin, "GEOCODE_DELAY", 0)
        domain = [("name", "=", "Map API shop")]
        geocoder = type(self.env["base.geocoder"])
        with patch.object(geocoder, "geo_find", autospec=True, return_value=(51.3482, 12.408)) as geo_find:
            layers = self.rpc(self.readonly.login, "district.premises", "district_map_layers", [])
            self.assertEqual(layers["tile_url"], "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
            with self.assertRaises(RpcError) as caught:
                self.rpc(self.readonly.login, "district.premises", "district_map_geocode_missing", domain)
            self.assertIn("Your role lets you read", str(caught.exception))
            geo_find.assert_not_called()
            action = self.rpc(self.manager.login, "district.premises", "district_map_geocode_missing", domain)
        self.assertEqual(action["params"]["type"], "success")
        self.shop.invalidate_recordset()
        self.assertEqual((self.shop.latitude, self.shop.longitude), (51.3482, 12.408))
        with self.assertRaises(RpcError) as caught:
            self.rpc(self.manager.login, "district.premises", "district_map_geocode_missing", domain)
        self.assertIn("has a position already", str(caught.exception))
