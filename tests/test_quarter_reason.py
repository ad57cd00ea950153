from unittest.mock import patch

from odoo.tests import Form, tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestQuarterReason(DistrictEconomyCase):
    """Every located record says why it has its quarter, or why it has none; search by street as matched."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Musterstraße lies in two ZIP codes, with house no. 5 in a different quarter in each.
        cls.rule_anger = cls.Rule.create(
            {
                "street_name": "Musterstraße",
                "zip": "04318",
                "number_from": 1,
                "number_to": 49,
                "quarter_id": cls.quarter_anger.id,
            }
        )
        cls.Rule.create(
            {
                "street_name": "Musterstraße",
                "zip": "04317",
                "number_from": 1,
                "number_to": 49,
                "quarter_id": cls.quarter_reudnitz.id,
            }
        )
        cls.Rule.create(
            {
                "street_name": "Beispielweg",
                "zip": "04318",
                "number_from": 1,
                "number_to": 20,
                "quarter_id": cls.quarter_anger.id,
            }
        )

    def assertReason(self, record, reason, quarter=None):
        self.assertEqual(record.quarter_reason, reason, record.street)
        self.assertEqual(record.quarter_id, quarter or self.env["district.quarter"], record.street)

    def test_reasons(self):
        matched = self.create_business("Musterstraße 5", "04318")
        self.assertReason(matched, "rule", self.quarter_anger)
        self.assertEqual(matched.quarter_rule_id, self.rule_anger)
        self.assertReason(self.create_business("Unbekannte Gasse 3"), "no_rule")
        self.assertReason(self.create_business("Musterstraße 75", "04318"), "number_outside")
        self.assertReason(self.create_business("Beispielweg 5", "04317"), "zip_mismatch")
        self.assertReason(self.create_business("", "04318"), "no_street")
        self.assertReason(self.create_business("Musterstraße 5", "", ""), "no_city")
        manual = self.create_business("Unbekannte Gasse 3", quarter_manual=True, quarter_id=self.quarter_neustadt.id)
        self.assertReason(manual, "manual", self.quarter_neustadt)
        self.assertFalse(manual.quarter_rule_id)

    def test_without_zip_one_quarter_or_none(self):
        unique = self.create_business("Beispielweg 5", "")
        self.assertReason(unique, "rule", self.quarter_anger)
        ambiguous = self.create_business("Musterstraße 5", "")
        self.assertReason(ambiguous, "ambiguous")
        self.assertIn(self.quarter_anger.display_name, ambiguous.quarter_reason_detail)
        self.assertIn(self.quarter_reudnitz.display_name, ambiguous.quarter_reason_detail)

    def test_reassign_tells_the_new_reason(self):
        shop = self.create_business("Unbekannte Gasse 3")
        self.Rule.create({"street_name": "Unbekannte Gasse", "quarter_id": self.quarter_neustadt.id})
        self.Partner.action_reassign_quarters()
        self.assertReason(shop, "rule", self.quarter_neustadt)
        self.assertTrue(shop.quarter_rule_id)
        unassigned = self.Partner.search_count([("quarter_id", "=", False), ("quarter_reason", "=", "no_rule")])
        self.assertTrue(unassigned, "the list of unassigned addresses groups by reason")

    def test_the_form_says_why(self):
        with Form(self.Partner.with_user(self.user_coordinator)) as form:
            form.name = "Neu"
            form.company_type = "company"
            form.street = "Musterstraße 5"
            form.zip = "04318"
            form.city = "Leipzig"
            self.assertEqual(form.quarter_reason, "rule")
            self.assertEqual(form.quarter_rule_id, self.rule_anger)

    def test_position_when_no_rule_covers_the_address(self):
        point_in_neustadt = (51.3456, 12.4023)  # Eisenbahnstraße 49
        shop = self.create_business(
            "Unbekannte Gasse 3", partner_latitude=point_in_neustadt[0], partner_longitude=point_in_neustadt[1]
        )
        self.assertReason(shop, "position", self.quarter_neustadt)
        # A rule wins over the position.
        ruled = self.create_business(
            "Musterstraße 5", "04318", partner_latitude=point_in_neustadt[0], partner_longitude=point_in_neustadt[1]
        )
        self.assertReason(ruled, "rule", self.quarter_anger)
        # A new address has no position until it is located again: the old one located the old address.
        shop.street = "Unbekannte Gasse 9"
        self.assertFalse(shop.partner_latitude)
        self.assertReason(shop, "no_rule")
        unit = self.env["district.premises"].create(
            {
                "name": "Laden",
                "street": "Unbekannte Gasse 3",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 50,
                "latitude": point_in_neustadt[0],
                "longitude": point_in_neustadt[1],
            }
        )
        self.assertReason(unit, "position", self.quarter_neustadt)
        unit.street = "Unbekannte Gasse 5"
        self.assertReason(unit, "no_rule")

    def test_geocoder_city_fallback_is_no_position(self):
        geocoder = type(self.env["base.geocoder"])
        with patch.object(geocoder, "geo_find", return_value=None) as find:
            self.assertIsNone(self.Partner._geo_localize("Unbekannte Gasse 3", "04315", "Leipzig", "", "Germany"))
        self.assertEqual(find.call_count, 1, "no second, city-level search")

    def test_search_by_street_as_matched(self):
        shop = self.create_business("Eisenbahnstraße 49", name="Laden 49")
        self.assertIn(shop, self.Partner.search([("street_search", "ilike", "eisenbahnstr 49")]))
        self.assertIn(shop, self.Partner.search([("street_search", "ilike", "Eisenbahnstr")]))
        self.assertNotIn(shop, self.Partner.search([("street_search", "ilike", "Eisenbahnstr 50")]))
        unit = self.env["district.premises"].create(
            {"name": "Laden", "street": "Eisenbahnstr. 61", "zip": "04315", "city": "Leipzig", "area_m2": 50}
        )
        self.assertIn(unit, self.env["district.premises"].search([("street_search", "ilike", "eisenbahnstrasse 61")]))
        stage = self.env["district.settlement.stage"].search([("is_won", "=", False), ("is_lost", "=", False)], limit=1)
        case = self.env["district.settlement"].create(
            {"name": "Suche", "partner_id": shop.id, "premises_id": unit.id, "stage_id": stage.id}
        )
        cases = self.env["district.settlement"].search([("street_search", "ilike", "EISENBAHNSTRASSE 61")])
        self.assertIn(case, cases)

    def test_demo_has_no_gaps(self):
        businesses = self.Partner.search([("business_status", "!=", False), ("name", "like", "(Demo)")])
        units = self.env["district.premises"].search([("name", "like", "(Demo)")])
        self.assertTrue(businesses and units)
        unassigned = [record.street for record in (*businesses, *units) if not record.quarter_id]
        self.assertEqual(unassigned, ["Bahnhofstraße 5"], "one deliberate example")
