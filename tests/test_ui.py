from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    """Browser tours: what a coordinator clicks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            "tour_coordinator",
            password="tour_coordinator",
            name="Tour Coordinator",
            groups="base.group_user,district_economy.group_district_coordinator",
        )

    def test_business_gets_quarter_from_address(self):
        self.start_tour("/odoo/district-businesses", "district_economy_business_quarter", login="tour_coordinator")
        cafe = self.env["res.partner"].search([("name", "=", "Café Example")])
        self.assertEqual(cafe.quarter_id, self.env.ref("district_economy.quarter_leipzig_20"))
        self.assertEqual(cafe.programme_area_id, self.env.ref("district_economy.programme_area_leipziger_osten"))
