from odoo.tests import BaseCase, tagged

from ..models.address_key import normalize_street, number_matches, split_street


@tagged("post_install", "-at_install")
class TestAddressKey(BaseCase):
    """The pure parser: real-world writing of German street addresses."""

    def test_spellings_of_a_street_give_one_key(self):
        key = normalize_street("Eisenbahnstraße")
        for spelling in ("Eisenbahnstr.", "Eisenbahnstrasse", "EISENBAHNSTRASSE", " eisenbahn straße ", "Eisenbahnstr"):
            self.assertEqual(normalize_street(spelling), key, spelling)
        self.assertEqual(normalize_street("Hermann-Liebmann-Str."), normalize_street("Hermann Liebmann Straße"))
        self.assertEqual(normalize_street("Schönefelder Allee"), normalize_street("Schoenefelder Allee"))
        self.assertNotEqual(normalize_street("Eisenbahnstraße"), normalize_street("Eisenbahnweg"))

    def test_first_house_number_counts(self):
        cases = {
            "Eisenbahnstraße 49": 49,
            "Eisenbahnstr. 49": 49,
            "Eisenbahnstraße 49a": 49,
            "Eisenbahnstraße 49 a": 49,
            "Dresdner Straße 74/76": 74,
            "Eisenbahnstraße 11/13": 11,
            "Eisenbahnstraße 11-13": 11,
            "Eisenbahnstraße 49, Hinterhaus": 49,
            "Eisenbahnstraße Nr. 49": 49,
            "  Eisenbahnstraße    49  ": 49,
            "Straße des 18. Oktober 5": 5,
        }
        for street, number in cases.items():
            self.assertEqual(split_street(street)[1], number, street)
        self.assertEqual(split_street("Straße des 18. Oktober 5")[0], normalize_street("Straße des 18. Oktober"))

    def test_street_without_number(self):
        self.assertEqual(split_street("Eisenbahnstraße"), ("eisenbahnstrasse", None))
        self.assertEqual(split_street("Straße des 18. Oktober"), (normalize_street("Straße des 18. Oktober"), None))
        self.assertEqual(split_street(""), ("", None))
        self.assertEqual(split_street(False), ("", None))

    def test_number_ranges_and_parity(self):
        self.assertTrue(number_matches(7, 7, 73, "all"))
        self.assertTrue(number_matches(73, 7, 73, "all"))
        self.assertFalse(number_matches(74, 7, 73, "all"))
        self.assertFalse(number_matches(6, 7, 73, "all"))
        self.assertTrue(number_matches(41, 41, 63, "odd"))
        self.assertFalse(number_matches(42, 41, 63, "odd"))
        self.assertTrue(number_matches(24, 24, 36, "even"))
        self.assertFalse(number_matches(25, 24, 36, "even"))
        self.assertTrue(number_matches(1000, 100, None, "all"), "open end")
        self.assertTrue(number_matches(1, None, 10, "all"), "open start")
        self.assertFalse(number_matches(None, 1, 10, "all"), "no number never matches a stretch")
        self.assertTrue(number_matches(None, None, None, "all"), "no number matches a whole-street rule")
        self.assertFalse(number_matches(None, None, None, "odd"))
