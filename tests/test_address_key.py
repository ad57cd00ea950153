from odoo.tests import BaseCase, tagged

from ..models.address_key import normalize_street, normalize_zip, number_matches, split_street

# (as written in a business register, canonical street, first house number)
REGISTER_SPELLINGS = [
    # The street alone, and the usual abbreviations.
    ("Eisenbahnstraße 49", "Eisenbahnstraße", 49),
    ("Eisenbahnstr. 49", "Eisenbahnstraße", 49),
    ("Eisenbahnstr.49", "Eisenbahnstraße", 49),
    ("Eisenbahnstrasse 49a", "Eisenbahnstraße", 49),
    ("EISENBAHNSTRASSE 49", "Eisenbahnstraße", 49),
    ("eisenbahnstr 49", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 a", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49A", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße Nr. 49", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße, Nr. 49", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße Nr 49", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße, 49", "Eisenbahnstraße", 49),
    ("  Eisenbahnstraße    49  ", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49.", "Eisenbahnstraße", 49),
    # Several numbers: the first counts.
    ("Eisenbahnstraße 11/13/15", "Eisenbahnstraße", 11),
    ("Eisenbahnstraße 12/12a/14", "Eisenbahnstraße", 12),
    ("Eisenbahnstraße 3a/3b/3c", "Eisenbahnstraße", 3),
    ("Eisenbahnstraße 49a-c", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49-51", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 - 51", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49–51", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49+51", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 u. 51", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 11-13", "Eisenbahnstraße", 11),
    ("Dresdner Straße 74/76", "Dresdner Straße", 74),
    ("Dresdner Str. 74-76", "Dresdner Straße", 74),
    ("Dresdner Strasse 74 / 76", "Dresdner Straße", 74),
    # Floors, wings and entrances after the number.
    ("Eisenbahnstraße 49/II", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 HH", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49HH", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 Hinterhaus", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49, Hinterhaus", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 (Hinterhaus)", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49, 2. OG", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 Aufgang B", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 VH", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 Seitenflügel", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 1.OG links", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49 b, 3. OG", "Eisenbahnstraße", 49),
    ("Eisenbahnstraße 49, EG rechts", "Eisenbahnstraße", 49),
    ("Eisenbahnstr. 49/Ecke Konradstr.", "Eisenbahnstraße", 49),
    # Hyphenated names.
    ("Hermann-Liebmann-Straße 65", "Hermann-Liebmann-Straße", 65),
    ("Hermann-Liebmann-Str. 65-67", "Hermann-Liebmann-Straße", 65),
    ("Hermann Liebmann Strasse 65a", "Hermann-Liebmann-Straße", 65),
    ("Hermann-Liebmann-Str.65/II", "Hermann-Liebmann-Straße", 65),
    ("hermann-liebmann-straße 65, 1. OG", "Hermann-Liebmann-Straße", 65),
    # Other streets of the Leipziger Osten.
    ("Konradstraße 60", "Konradstraße", 60),
    ("Konradstr. 60A", "Konradstraße", 60),
    ("Konradstr. 60 HH", "Konradstraße", 60),
    ("Torgauer Straße 114", "Torgauer Straße", 114),
    ("Torgauer Str. 114-116", "Torgauer Straße", 114),
    ("Torgauer Str. 114, 2. OG", "Torgauer Straße", 114),
    ("Wurzner Straße 2", "Wurzner Straße", 2),
    ("Wurzner Str. 2 - 4", "Wurzner Straße", 2),
    ("Wurzner Strasse 2a/2b", "Wurzner Straße", 2),
    ("Schönefelder Allee 23", "Schönefelder Allee", 23),
    ("Schoenefelder Allee 23a", "Schönefelder Allee", 23),
    # Ordinals in the name are no house numbers.
    ("Straße des 18. Oktober 5", "Straße des 18. Oktober", 5),
    ("Str. des 18. Oktober 5", "Straße des 18. Oktober", 5),
    ("Straße des 18.Oktober 5/7", "Straße des 18. Oktober", 5),
    ("Straße des 18. Oktober Nr. 5", "Straße des 18. Oktober", 5),
    ("Straße des 18. Oktober 5, 2. OG", "Straße des 18. Oktober", 5),
    # Names without "Straße".
    ("Am Bahnhof 1", "Am Bahnhof", 1),
    ("Am Bahnhof 1-3", "Am Bahnhof", 1),
    ("Rabet 12", "Rabet", 12),
    ("Rabet 12 HH", "Rabet", 12),
    ("An der Märchenwiese 3b", "An der Märchenwiese", 3),
    ("An der Maerchenwiese 3 b", "An der Märchenwiese", 3),
    ("Otto-Runki-Platz 1", "Otto-Runki-Platz", 1),
    ("Otto-Runki-Pl. 1", "Otto-Runki-Platz", 1),
    # No house number.
    ("Eisenbahnstraße", "Eisenbahnstraße", None),
    ("Straße des 18. Oktober", "Straße des 18. Oktober", None),
    ("Rabet", "Rabet", None),
]

# (as written, country code, normalised ZIP code)
ZIP_SPELLINGS = [
    ("4315", "DE", "04315"),
    ("04315", "DE", "04315"),
    (" 04 315", "DE", "04315"),
    ("4 315", "DE", "04315"),
    ("1067", "DE", "01067"),
    ("12345", "DE", "12345"),
    ("4315", "de", "04315"),
    ("4315", False, "04315"),
    ("4315", "AT", "4315"),
    ("1010", "CH", "1010"),
    ("", "DE", ""),
    (False, "DE", ""),
]


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

    def test_register_spellings(self):
        for spelling, street, number in REGISTER_SPELLINGS:
            with self.subTest(spelling=spelling):
                self.assertEqual(split_street(spelling), (normalize_street(street), number))

    def test_zip_codes_stripped_by_spreadsheets(self):
        for zip_code, country_code, expected in ZIP_SPELLINGS:
            with self.subTest(zip_code=zip_code, country_code=country_code):
                self.assertEqual(normalize_zip(zip_code, country_code), expected)
        self.assertEqual(normalize_zip("4315"), "04315", "German is the default")
        self.assertEqual(normalize_zip(" 04 315"), "04315")

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
