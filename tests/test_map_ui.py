from odoo.tests import HttpCase, new_test_user, tagged


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
