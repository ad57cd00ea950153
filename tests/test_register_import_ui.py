from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRegisterImportUi(HttpCase):
    """A manager imports the trade office's export in the browser: dry run first, then the import."""

    def test_manager_imports_the_sample_register(self):
        self.env["res.lang"]._activate_lang("en_US")
        new_test_user(
            self.env,
            "tour_register_manager",
            password="tour_register_manager",
            name="Tour Register Manager",
            groups="base.group_user,district_economy.group_district_manager",
            lang="en_US",
        )
        self.start_tour("/odoo/district-businesses", "district_economy_register_import", login="tour_register_manager")
        bakery = self.env["res.partner"].search([("company_registry", "=", "GA-2025-000101")])
        self.assertEqual((bakery.business_status, bakery.opening_date), ("active", date(2025, 2, 3)))
        self.assertEqual(bakery.business_event_ids.mapped("event_type"), ["opening"])
        self.assertFalse(self.env["res.partner"].search([("company_registry", "=", "GA-2019-002230")]))
