import base64
import random
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DistrictEconomyCase, JsonRpcMixin, RpcError

HEADER = ("Straße", "Hausnummer", "PLZ", "Ortsteil", "Fördergebiet")
# Fictional streets (none of them is covered by shipped or demo rules); one street in two ZIP codes.
STRETCHES = [
    ("Musterstraße", "04315", 1, 70),
    ("Beispielweg", "04318", 1, 60),
    ("Probeallee", "04317", 1, 80),
    ("Versuchsgasse", "04315", 1, 40),
    ("Versuchsgasse", "04317", 41, 90),
    ("Am Testfeld", "04318", 2, 50),
]
QUARTER_CODES = ("20", "21", "22", "23", "30")


def generate_register(seed=7):
    """A register of a few hundred addresses: (street, house number, ZIP, quarter code, in programme area).

    Each side of each stretch changes quarter at a few random numbers, and the odd
    and even sides change at different places; some numbers are missing, some have
    letters or floors ("12a", "12 b", "12/II").
    """
    rng = random.Random(seed)
    register = []
    for street, zip_code, first, last in STRETCHES:
        for side in (1, 0):
            quarter = rng.choice(QUARTER_CODES)
            for number in range(first, last + 1):
                if number % 2 != side:
                    continue
                if rng.random() < 0.12:
                    quarter = rng.choice([code for code in QUARTER_CODES if code != quarter])
                if rng.random() < 0.1:
                    continue  # no house with this number
                in_area = quarter in ("20", "21", "22") or (quarter == "23" and number < 30)
                flag = "1" if in_area else "0"
                register.append((street, str(number), zip_code, quarter, flag))
                for suffix in rng.choice([(), (), (), ("a",), ("a", " b"), ("/II",)]):
                    register.append((street, f"{number}{suffix}", zip_code, quarter, flag))
    rng.shuffle(register)
    return register


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8"):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@tagged("post_install", "-at_install")
class TestAddressTableImport(DistrictEconomyCase):
    """A city's address register becomes address rules that send every address back to its quarter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarters = {
            quarter.code: quarter
            for quarter in (
                cls.quarter_neustadt,
                cls.quarter_volkmarsdorf,
                cls.quarter_anger,
                cls.quarter_sellerhausen,
                cls.quarter_reudnitz,
            )
        }

    def make_wizard(self, data, user=None, **values):
        return (
            self.env["district.address.table.import"]
            .with_user(user or self.user_manager)
            .create(
                {
                    "data_file": base64.b64encode(data),
                    "file_name": "adressen_leipzig.csv",
                    "city": "Leipzig",
                    "source_date": date(2024, 6, 30),
                    **values,
                }
            )
        )

    def locate(self, register):
        located = self.Rule._locate_addresses(
            [(f"{street} {number}", zip_code, "Leipzig", None) for street, number, zip_code, *_rest in register]
        )
        return [quarter_id for quarter_id, _area_id in located], [area_id for _quarter_id, area_id in located]

    def issues(self, wizard):
        return {(issue.row, issue.kind): issue.message for issue in wizard.issue_ids}

    def test_round_trip(self):
        register = generate_register()
        self.assertGreater(len(register), 300)
        recorded = register[:3]
        waiting = self.Partner.concat(
            *(self.create_business(f"{street} {number}", zip_code) for street, number, zip_code, *_rest in recorded)
        )
        self.assertFalse(waiting.quarter_id, "no rule knows these streets yet")

        wizard = self.make_wizard(csv_bytes(register), programme_area_id=self.area_east.id)
        wizard.action_import()

        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.address_count, wizard.conflict_count, wizard.error_count), (len(register), 0, 0))
        rules = self.Rule.search([("source", "=", "adressen_leipzig.csv")])
        self.assertEqual(len(rules), wizard.rule_count)
        self.assertLess(len(rules), len(register) / 3, "runs of one quarter are compressed into ranges")
        self.assertTrue(rules.filtered(lambda rule: rule.parity != "all" and rule.number_from < rule.number_to))
        self.assertEqual(set(rules.mapped("source_date")), {date(2024, 6, 30)})

        quarter_ids, area_ids = self.locate(register)
        for (street, number, zip_code, code, flag), quarter_id, area_id in zip(
            register, quarter_ids, area_ids, strict=True
        ):
            quarter = self.quarters[code]
            self.assertEqual(quarter_id, quarter.id, f"{street} {number}, {zip_code} lies in quarter {code}")
            inside = flag == "1" or quarter in self.area_east.quarter_ids
            self.assertEqual(area_id, inside and self.area_east.id, f"{street} {number}: programme area")
        # Businesses recorded before the import get their quarters from it.
        self.assertEqual(
            [business.quarter_id.code for business in waiting],
            [code for _street, _number, _zip, code, _flag in recorded],
        )

    def test_preview_writes_nothing(self):
        register = generate_register(seed=11)
        street, number, zip_code, code, _flag = register[0]
        business = self.create_business(f"{street} {number}", zip_code)
        rule_count = self.Rule.with_context(active_test=False).search_count([])

        wizard = self.make_wizard(csv_bytes(register), programme_area_id=self.area_east.id)
        wizard.action_preview()

        self.assertEqual(wizard.state, "previewed")
        self.assertEqual(wizard.address_count, len(register))
        self.assertGreater(wizard.rule_count, 0)
        self.assertEqual((wizard.conflict_count, wizard.error_count), (0, 0))
        self.assertEqual(self.Rule.with_context(active_test=False).search_count([]), rule_count)
        self.assertFalse(business.quarter_id)

        previewed = wizard.rule_count
        wizard.action_import()
        self.assertEqual(wizard.rule_count, previewed, "the preview counts the rules the import creates")
        self.assertEqual(self.Rule.with_context(active_test=False).search_count([]), rule_count + previewed)
        self.assertEqual(business.quarter_id, self.quarters[code], "only the import assigns the quarter")

    def test_conflicts_are_left_out(self):
        manual = self.Rule.create(
            {
                "street_name": "Musterstraße",
                "zip": "04315",
                "number_from": 20,
                "number_to": 20,
                "quarter_id": self.quarter_reudnitz.id,
            }
        )
        register = [("Musterstraße", str(number), "04315", "20", "0") for number in range(1, 31)]
        register.append(("Musterstraße", "9a", "04315", "21", "0"))  # 9 and 9a: one address for the rules, two quarters
        wizard = self.make_wizard(csv_bytes(register))
        wizard.action_preview()

        self.assertEqual(wizard.conflict_count, 3)
        issues = self.issues(wizard)
        self.assertEqual({row for row, kind in issues if kind == "conflict"}, {10, 21, 32})
        self.assertIn("21 Volkmarsdorf", issues[10, "conflict"])
        self.assertIn("Musterstraße 20", issues[21, "conflict"])
        self.assertIn("30 Reudnitz-Thonberg", issues[21, "conflict"])

        wizard.action_import()
        quarter_ids, _areas = self.locate(register)
        located = dict(zip((number for _street, number, *_rest in register), quarter_ids, strict=True))
        self.assertFalse(located["9"], "an address the table puts in two quarters is not guessed")
        self.assertFalse(located["9a"])
        self.assertEqual(located["20"], self.quarter_reudnitz.id, "the manual rule still decides")
        self.assertTrue(manual.active)
        for number in ("1", "7", "11", "19", "21", "30"):
            self.assertEqual(located[number], self.quarter_neustadt.id, number)

    def test_newer_table_replaces_the_source(self):
        manual = self.Rule.create(
            {"street_name": "Beispielweg", "zip": "04318", "number_from": 101, "quarter_id": self.quarter_anger.id}
        )
        first = [("Beispielweg", str(number), "04318", "23" if number <= 40 else "22", "0") for number in range(1, 81)]
        self.make_wizard(csv_bytes(first), source_date=date(2024, 1, 1)).action_import()
        old_rules = self.Rule.search([("source", "=", "adressen_leipzig.csv")])
        business = self.create_business("Beispielweg 35", "04318")
        self.assertEqual(business.quarter_id, self.quarter_sellerhausen)

        # The city moved the boundary: 31-40 now lie in Anger-Crottendorf.
        second = [("Beispielweg", str(number), "04318", "23" if number <= 30 else "22", "0") for number in range(1, 81)]
        wizard = self.make_wizard(csv_bytes(second), source_date=date(2025, 1, 1), file_name="adressen_2025.csv")
        wizard.source = "adressen_leipzig.csv"
        wizard.action_preview()
        self.assertEqual(wizard.replaced_rule_count, len(old_rules))
        self.assertEqual(wizard.conflict_count, 0, "the rules being replaced are no conflict")
        wizard.action_import()

        self.assertFalse(old_rules.filtered("active"), "the older set is archived")
        self.assertTrue(old_rules.exists(), "and kept")
        new_rules = self.Rule.search([("source", "=", "adressen_leipzig.csv")])
        self.assertEqual(set(new_rules.mapped("source_date")), {date(2025, 1, 1)})
        self.assertTrue(manual.active, "rules of other sources stay")
        self.assertEqual(business.quarter_id, self.quarter_anger, "quarters are reassigned")

        older = self.make_wizard(csv_bytes(first), source_date=date(2023, 1, 1))
        older.action_preview()
        self.assertIn("newer table", self.issues(older)[1, "error"])
        with self.assertRaisesText(UserError, "nothing was imported"):
            older.action_import()

    def test_bad_input_names_rows_and_writes_nothing(self):
        rule_count = self.Rule.with_context(active_test=False).search_count([])
        rows = [
            ("Musterstraße", "1", "04315", "20", "0"),
            ("Musterstraße", "a", "04315", "20", "0"),
            ("Musterstraße", "5", "04315", "99", "0"),
            ("", "7", "04315", "20", "0"),
            ("Musterstraße", "9", "", "20", "2"),
        ]
        wizard = self.make_wizard(csv_bytes(rows))
        wizard.action_preview()
        issues = self.issues(wizard)
        self.assertEqual(wizard.error_count, 4)
        self.assertIn("no digits", issues[3, "error"])
        self.assertIn("Unknown quarter code 99", issues[4, "error"])
        self.assertIn("Street missing", issues[5, "error"])
        self.assertIn("ZIP code missing", issues[6, "error"])
        self.assertIn("neither 1 nor 0", issues[6, "error"])
        with self.assertRaisesText(UserError, "Row 3"):
            wizard.action_import()

        missing = self.make_wizard(csv_bytes([("Musterstraße", "04315", "20")], header=("Straße", "PLZ", "Ortsteil")))
        missing.action_preview()
        self.assertIn("Hausnummer / house_number", self.issues(missing)[1, "error"])

        for data in (b"PK\x03\x04\x14\x00\x06\x00 not a table", b"\x00\x01\x02binary", b"\r\n\r\n"):
            not_csv = self.make_wizard(data)
            not_csv.action_preview()
            self.assertEqual(not_csv.error_count, 1)
            self.assertEqual(not_csv.issue_ids.row, 1)
            with self.assertRaises(UserError):
                not_csv.action_import()

        flagged = self.make_wizard(csv_bytes([("Musterstraße", "1", "04315", "23", "1")]))
        flagged.action_preview()
        self.assertIn("choose the programme area", self.issues(flagged)[1, "error"])
        self.assertEqual(self.Rule.with_context(active_test=False).search_count([]), rule_count)

    def test_windows_1252_commas_and_english_headers(self):
        rows = [("Straße des 18. Oktober", str(number), "4317", "1", "0") for number in range(1, 11)]
        rows += [("Löwenzahnweg", "3", "04315", "21", "0")]
        data = csv_bytes(
            rows,
            header=("STREET", "House_Number", "Zip", "quarter", "in_programme_area"),
            delimiter=",",
            encoding="cp1252",
        )
        wizard = self.make_wizard(data)
        wizard.action_import()
        self.assertEqual((wizard.address_count, wizard.error_count), (11, 0))
        quarter_ids, _areas = self.locate(
            [(street, number, "04317" if zip_code == "4317" else zip_code) for street, number, zip_code, *_rest in rows]
        )
        zentrum_ost = self.env.ref("district_economy.quarter_leipzig_01")
        self.assertEqual(quarter_ids, [zentrum_ost.id] * 10 + [self.quarter_volkmarsdorf.id])

    def test_only_managers(self):
        data = csv_bytes([("Musterstraße", "1", "04315", "20", "0")])
        for user in (self.user_coordinator, self.user_readonly):
            with self.assertRaises(AccessError):
                self.make_wizard(data, user=user)
        menu = self.env.ref("district_economy.menu_district_address_table_import")
        self.assertEqual(menu.group_ids, self.env.ref("district_economy.group_district_manager"))


@tagged("post_install", "-at_install")
class TestAddressTableImportOverApi(JsonRpcMixin, HttpCase):
    """Integrations reach the wizard over JSON-RPC with the same rights."""

    def test_coordinator_refused_manager_allowed(self):
        new_test_user(self.env, "de_api_coordinator", groups="district_economy.group_district_coordinator")
        new_test_user(self.env, "de_api_manager", groups="district_economy.group_district_manager")
        values = {
            "data_file": base64.b64encode(csv_bytes([("Musterstraße", "1", "04315", "20", "0")])).decode(),
            "file_name": "api.csv",
            "city": "Leipzig",
        }
        with self.assertRaises(RpcError):
            self.rpc("de_api_coordinator", "district.address.table.import", "create", values)
        wizard_id = self.rpc("de_api_manager", "district.address.table.import", "create", values)
        self.rpc("de_api_manager", "district.address.table.import", "action_import", [wizard_id])
        self.assertTrue(self.env["district.address.rule"].search([("source", "=", "api.csv")]))
