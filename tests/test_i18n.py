from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestGerman(DistrictEconomyCase):
    """The users work in German: labels, selections, data and messages come translated."""

    def test_german_labels(self):
        env_de = self.env(context=dict(self.env.context, lang="de_DE"))
        self.assertTrue(env_de["res.lang"]._lang_get("de_DE"), "make test loads German")
        partner_fields = env_de["res.partner"].fields_get(["quarter_id", "business_status", "programme_area_id"])
        self.assertEqual(partner_fields["quarter_id"]["string"], "Ortsteil")
        self.assertEqual(partner_fields["programme_area_id"]["string"], "Fördergebiet")
        self.assertIn(("founding", "In Gründung"), partner_fields["business_status"]["selection"])
        self.assertEqual(env_de.ref("district_economy.language_tr").name, "Türkisch")
        self.assertEqual(env_de.ref("district_economy.menu_district_businesses").name, "Betriebe")

    def test_german_error_message(self):
        user_de = self.user_readonly
        user_de.lang = "de_DE"
        business = self.create_business("Eisenbahnstraße 49")
        with self.assertRaisesText(AccessError, "Nur Koordinator/innen"):
            business.with_user(user_de).with_context(lang="de_DE").employee_count = 4
