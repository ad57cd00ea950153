from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestAreaConstraints(DistrictEconomyCase):
    """Bad input on the area model is refused with a message and leaves data as it was."""

    def test_shipped_leipzig_data(self):
        Quarter = self.env["district.quarter"]
        self.assertEqual(self.env["district.borough"].search_count([("city", "=", "Leipzig")]), 10)
        self.assertEqual(Quarter.search_count([("city", "=", "Leipzig")]), 63)
        self.assertEqual(self.env.ref("district_economy.borough_leipzig_2").name, "Ost")
        self.assertEqual(self.env.ref("district_economy.quarter_leipzig_21").name, "Volkmarsdorf")
        self.assertEqual(
            self.area_east.quarter_ids, self.quarter_neustadt | self.quarter_volkmarsdorf | self.quarter_anger
        )
        self.assertEqual(Quarter.name_search("21", operator="=")[0][0], self.quarter_volkmarsdorf.id)

    def test_number_range_must_be_ordered(self):
        count = self.Rule.search_count([])
        with self.assertRaisesText(ValidationError, "greater than the last"):
            self.Rule.create(
                {
                    "street_name": "Musterstraße",
                    "number_from": 20,
                    "number_to": 10,
                    "quarter_id": self.quarter_anger.id,
                }
            )
        self.assertEqual(self.Rule.search_count([]), count)
        rule = self.Rule.create(
            {"street_name": "Musterstraße", "number_from": 10, "number_to": 10, "quarter_id": self.quarter_anger.id}
        )
        with self.assertRaises(ValidationError):
            rule.number_from = 11
        self.assertEqual(rule.number_from, 10)

    def test_conflicting_rule_names_the_other(self):
        existing = self.env.ref("district_economy.address_rule_leipzig_eisenbahnstrasse_20")
        with self.assertRaises(ValidationError) as caught:
            self.Rule.create(
                {
                    "street_name": "Eisenbahnstr.",
                    "zip": "04315",
                    "number_from": 70,
                    "number_to": 100,
                    "quarter_id": self.quarter_anger.id,
                }
            )
        self.assertIn(existing.display_name, str(caught.exception))
        self.assertIn(self.quarter_neustadt.display_name, str(caught.exception))

    def test_rules_that_cannot_meet_are_accepted(self):
        # Other side of the street, other numbers, other ZIP, or same quarter: no conflict.
        self.Rule.create(
            [
                {
                    "street_name": "Dresdner Straße",
                    "zip": "04317",
                    "number_from": 41,
                    "number_to": 63,
                    "parity": "even",
                    "quarter_id": self.quarter_reudnitz.id,
                },
                {
                    "street_name": "Eisenbahnstraße",
                    "zip": "04315",
                    "number_from": 160,
                    "number_to": 197,
                    "quarter_id": self.quarter_anger.id,
                },
                {"street_name": "Eisenbahnstraße", "zip": "04318", "quarter_id": self.quarter_anger.id},
                {
                    "street_name": "Eisenbahnstraße",
                    "zip": "04315",
                    "number_from": 1,
                    "number_to": 20,
                    "quarter_id": self.quarter_neustadt.id,
                },
            ]
        )

    def test_open_rule_conflicts_with_everything_on_the_street(self):
        with self.assertRaises(ValidationError):
            self.Rule.create({"street_name": "Eisenbahnstraße", "quarter_id": self.quarter_anger.id})

    def test_negative_house_number(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Rule.create({"street_name": "Musterstraße", "number_from": -3, "quarter_id": self.quarter_anger.id})

    def test_street_name_needs_letters(self):
        with self.assertRaisesText(ValidationError, "street name"):
            self.Rule.create({"street_name": " - ", "quarter_id": self.quarter_anger.id})

    def test_quarter_code_unique_per_city(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["district.quarter"].create({"code": "21", "name": "Doppelt", "borough_id": self.borough_east.id})
        other_city = self.env["district.borough"].create({"code": "2", "name": "Ost", "city": "Halle (Saale)"})
        halle = self.env["district.quarter"].create({"code": "21", "name": "Beispiel", "borough_id": other_city.id})
        self.assertEqual(halle.city, "Halle (Saale)")

    def test_programme_area_dates(self):
        with self.assertRaisesText(ValidationError, "lies before its start"):
            self.env["district.programme.area"].create(
                {
                    "name": "Test",
                    "city": "Leipzig",
                    "date_from": "2024-01-01",
                    "date_to": "2023-01-01",
                }
            )

    def test_programme_area_quarters_of_its_city(self):
        other_city = self.env["district.borough"].create({"code": "9", "name": "Nord", "city": "Halle (Saale)"})
        halle = self.env["district.quarter"].create({"code": "90", "name": "Beispiel", "borough_id": other_city.id})
        with self.assertRaisesText(ValidationError, "these quarters do not"):
            self.area_east.quarter_ids = [(4, halle.id)]

    def test_quarter_in_use_cannot_be_deleted(self):
        self.create_business("Eisenbahnstraße 49")
        with self.assertRaisesText(UserError, "Archive the quarter"):
            self.quarter_neustadt.unlink()
        with self.assertRaisesText(UserError, "Archive it"):
            self.borough_east.unlink()
        with self.assertRaisesText(UserError, "archive it instead"):
            self.area_east.unlink()
        self.assertTrue(self.quarter_neustadt.exists())
        unused = self.env["district.quarter"].create({"code": "99", "name": "Leer", "borough_id": self.borough_east.id})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_rules_import_by_quarter_code_or_xml_id(self):
        fields = ["street_name", "zip", "number_from", "number_to", "parity", "quarter_id"]
        result = self.Rule.load(fields, [["Musterstraße", "04318", "1", "99", "odd", "22"]])
        self.assertFalse(result["messages"], result["messages"])
        imported = self.Rule.browse(result["ids"])
        self.assertEqual(imported.quarter_id, self.quarter_anger)
        result = self.Rule.load(
            ["street_name", "zip", "number_from", "parity", "quarter_id/id"],
            [["Musterstraße", "04318", "2", "even", "district_economy.quarter_leipzig_23"]],
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.Rule.browse(result["ids"]).quarter_id, self.quarter_sellerhausen)

    def test_import_of_a_conflicting_rule_is_refused(self):
        result = self.Rule.load(
            ["street_name", "zip", "number_from", "number_to", "quarter_id"],
            [["Eisenbahnstr.", "04315", "40", "50", "22"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("already assigns", result["messages"][0]["message"])
