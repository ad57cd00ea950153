import base64
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_open

from .common import JsonRpcMixin, RpcError
from .test_business_history import BusinessHistoryCase

HEADER = (
    "Meldungsart;Registriernummer;Datum;Betriebsname;Strasse;Hausnummer;PLZ;Ort;Taetigkeit;WZ2008;Rechtsform;"
    "Beschaeftigte"
)
SAMPLE = "district_economy/static/csv/gewerbemeldungen_beispiel.csv"


def register_file(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


class RegisterImportCase(BusinessHistoryCase):
    """An office of its own; files are imported by its manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["district.register.import"]

    def wizard(self, content, user=None, encoding="utf-8", name="gewerbemeldungen.csv"):
        data = content.encode(encoding) if isinstance(content, str) else content
        return self.Import.with_user(user or self.user_manager).create(
            {"data_file": base64.b64encode(data), "file_name": name}
        )

    def sample(self):
        with file_open(SAMPLE, "rb") as sample:
            return sample.read()

    def lines(self, wizard):
        return {line.row: line for line in wizard.line_ids}

    def counts(self, wizard):
        return (
            wizard.row_count,
            wizard.created_count,
            wizard.updated_count,
            wizard.unchanged_count,
            wizard.rejected_count,
        )

    def by_number(self, number):
        return self.Partner.with_context(active_test=False).search([("company_registry", "=", number)])

    def imported(self, content, **values):
        wizard = self.wizard(content)
        wizard.write({"skip_rejected": True, **values})
        wizard.action_import()
        return wizard


@tagged("post_install", "-at_install")
class TestRegisterImport(RegisterImportCase):
    """The trade office's notices become openings, moves and closures, once, with every refusal explained."""

    def test_sample_preview_writes_nothing_then_import(self):
        wizard = self.wizard(self.sample(), name="gewerbemeldungen_beispiel.csv")
        wizard.action_preview()
        self.assertEqual(wizard.state, "previewed")
        self.assertFalse(wizard.file_problem)
        self.assertFalse(wizard.unused_columns, "the saved mapping knows every column of the export")
        self.assertEqual(self.counts(wizard), (7, 5, 0, 0, 2))
        self.assertEqual(wizard.outside_count, 2, "Wurzner Straße and Ludwigstraße have no address rule")
        self.assertFalse(self.by_number("GA-2025-000101"), "a preview writes nothing")
        lines = self.lines(wizard)
        bakery = lines[2]
        self.assertEqual((bakery.result, bakery.kind, bakery.day), ("created", "registration", date(2025, 2, 3)))
        self.assertEqual(bakery.quarter_id, self.quarter_neustadt)
        self.assertFalse(bakery.partner_id, "it does not exist after a preview")
        self.assertEqual((lines[7].is_outside, lines[7].quarter_reason), (True, "no_rule"))
        for row in (5, 6):
            self.assertEqual(lines[row].result, "rejected")
            self.assertIn("No business with this registration number", lines[row].message)

        with self.assertRaisesText(UserError, "2 row(s) cannot be imported; nothing was imported"):
            wizard.action_import()
        self.assertFalse(self.by_number("GA-2025-000101"))

        wizard.skip_rejected = True
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(self.counts(wizard), (7, 5, 0, 0, 2))
        business = self.by_number("GA-2025-000101")
        self.assertEqual(self.lines(wizard)[2].partner_id, business)
        self.assertEqual(business.name, "Musterbäckerei Yilmaz")
        self.assertEqual((business.street, business.zip, business.city), ("Eisenbahnstraße 61", "04315", "Leipzig"))
        self.assertEqual((business.business_status, business.opening_date), ("active", date(2025, 2, 3)))
        self.assertEqual(
            (business.wz_code, business.industry_id, business.employee_count),
            ("10.71.0", self.env.ref("base.res_partner_industry_C"), 3),
        )
        self.assertEqual(business.legal_form, "Einzelunternehmen")
        self.assertEqual(business.register_activity, "Herstellung und Verkauf von Backwaren")
        self.assertEqual(business.quarter_id, self.quarter_neustadt)
        self.assertEqual(self.events(business), [("opening", date(2025, 2, 3), self.quarter_neustadt)])
        workshop = self.by_number("GA-2025-000245")
        self.assertFalse(workshop.quarter_id, "imported, and listed as without a quarter")
        self.assertEqual(workshop.quarter_reason, "no_rule")

    def test_importing_again_changes_nothing(self):
        self.imported(self.sample())
        businesses = self.Partner.with_context(active_test=False).search([("company_registry", "like", "GA-")])
        events = self.Event.search([("partner_id", "in", businesses.ids)])
        stamp = [(event.id, event.date, event.event_type) for event in events]
        again = self.wizard(self.sample())
        again.action_preview()
        self.assertEqual(self.counts(again), (7, 0, 0, 5, 2))
        again.skip_rejected = True
        again.action_import()
        self.assertEqual(self.counts(again), (7, 0, 0, 5, 2))
        self.assertEqual(
            self.Partner.with_context(active_test=False).search([("company_registry", "like", "GA-")]), businesses
        )
        events = self.Event.search([("partner_id", "in", businesses.ids)])
        self.assertEqual([(event.id, event.date, event.event_type) for event in events], stamp)

    def test_importing_again_keeps_a_later_count_of_no_employees(self):
        """A registration with 3 employees, then a change to 0: the registration applied again does not
        "fill in" the 0 (found by the register-import benchmark)."""
        content = register_file(
            "Anmeldung;GA-7;01.03.2024;Kiosk Ost;Eisenbahnstraße;61;04315;Leipzig;Kiosk;47.11;Einzelunternehmen;3",
            "Ummeldung;GA-7;01.09.2024;Kiosk Ost;Eisenbahnstraße;61;04315;Leipzig;Kiosk;47.11;Einzelunternehmen;0",
        )
        self.imported(content)
        self.assertEqual(self.by_number("GA-7").employee_count, 0)
        again = self.imported(content)
        self.assertEqual(self.counts(again), (2, 0, 0, 2, 0))
        self.assertEqual(self.by_number("GA-7").employee_count, 0)

    def test_registration_change_and_deregistration_are_dated_events(self):
        content = register_file(
            # Listed out of order: applied in the order they happened.
            "Abmeldung;GA-1;31.12.2024;Laden Ost;Eisenbahnstraße;120;04315;Leipzig;Einzelhandel;47.11;GmbH;2",
            "Anmeldung;GA-1;01.03.2024;Laden Ost GmbH;Eisenbahnstraße;61;04315;Leipzig;Einzelhandel;47.11;GmbH;2",
            "Ummeldung;GA-1;01.07.2024;Laden Ost;Eisenbahnstraße;120;04315;Leipzig;Einzelhandel;47.11;GmbH;3",
        )
        wizard = self.imported(content)
        self.assertEqual(self.counts(wizard), (3, 1, 2, 0, 0))
        shop = self.by_number("GA-1")
        self.assertEqual(
            self.events(shop),
            [
                ("opening", date(2024, 3, 1), self.quarter_neustadt),
                ("moved_out", date(2024, 7, 1), self.quarter_neustadt),
                ("moved_in", date(2024, 7, 1), self.quarter_volkmarsdorf),
                ("closing", date(2024, 12, 31), self.quarter_volkmarsdorf),
            ],
        )
        self.assertEqual((shop.business_status, shop.closing_date), ("closed", date(2024, 12, 31)))
        self.assertEqual(shop.employee_count, 3, "the change updates what the register says")
        self.assertEqual(self.active(date(2024, 9, 30), self.quarter_volkmarsdorf), 1)
        self.assertEqual(self.active(date(2024, 12, 31)), 0)
        again = self.imported(content)
        self.assertEqual(self.counts(again), (3, 0, 0, 3, 0))
        # Registered again after the closure: a new period of activity.
        wizard = self.imported(
            register_file("Anmeldung;GA-1;01.04.2025;Laden Ost;Eisenbahnstraße;120;04315;Leipzig;;;;")
        )
        self.assertEqual(self.counts(wizard), (1, 0, 1, 0, 0))
        self.assertEqual(
            (shop.business_status, shop.opening_date, shop.closing_date), ("active", date(2025, 4, 1), False)
        )
        self.assertEqual(self.event_types(shop)[-1], "opening")

    def test_known_businesses_are_found_and_activated(self):
        tailor = self.create_business("Eisenbahnstr. 112", name="Nguyen Schneiderei")
        bakery = self.create_business(
            "Georg-Schumann-Straße 120",
            zip_code="04155",
            name="Bäckerei Wanderer",
            business_status="relocating_in",
            company_registry="GA-7",
        )
        content = register_file(
            "Anmeldung;;10.02.2025;Nguyen Schneiderei;Eisenbahnstraße;112;04315;Leipzig;Änderungsschneiderei;95.29;;1",
            # It was looking for premises elsewhere: registered here, it moves in at the registered address.
            "Anmeldung;GA-7;01.03.2025;Bäckerei Wanderer;Eisenbahnstraße;61;04315;Leipzig;Bäckerei;10.71;;",
        )
        wizard = self.imported(content)
        self.assertEqual(self.counts(wizard), (2, 0, 2, 0, 0))
        self.assertEqual((tailor.business_status, tailor.opening_date), ("active", date(2025, 2, 10)))
        self.assertEqual(tailor.wz_code, "95.29", "blanks filled from the register")
        self.assertEqual(self.event_types(tailor), ["opening"])
        self.assertEqual((bakery.business_status, bakery.street), ("active", "Eisenbahnstraße 61"))
        self.assertEqual(self.events(bakery), [("moved_in", date(2025, 3, 1), self.quarter_neustadt)])

    def test_rows_that_cannot_be_imported_say_why(self):
        existing = self.create_business(
            "Eisenbahnstraße 30",
            name="Imbiss Ost",
            business_status="active",
            opening_date="2025-05-01",
            company_registry="GA-30",
        )
        content = register_file(
            "Anmeldung;GA-10;31.02.2025;Falsches Datum;Eisenbahnstraße;10;04315;Leipzig;;;;",  # 2
            "Anmeldung;GA-11;2025/03/01;Falsches Format;Eisenbahnstraße;11;04315;Leipzig;;;;",  # 3
            "Anmeldung;GA-12;01.03.2025;WZ unbekannt;Eisenbahnstraße;12;04315;Leipzig;;34.10;;",  # 4
            "Anmeldung;GA-13;01.03.2025;WZ kaputt;Eisenbahnstraße;13;04315;Leipzig;;ABC;;",  # 5
            "Anmeldung;GA-14;01.03.2025;Dresdner Laden;Königsbrücker Straße;12;01099;Dresden;;;;",  # 6
            "Anmeldung;GA-15;01.03.2025;Falsche PLZ;Eisenbahnstraße;15;01067;Leipzig;;;;",  # 7
            "Anmeldung;GA-16;01.03.2025;Doppelt;Eisenbahnstraße;16;04315;Leipzig;;;;",  # 8
            "Anmeldung;GA-16;01.03.2025;Doppelt;Eisenbahnstraße;16;04315;Leipzig;;;;",  # 9
            "Abmeldung;GA-17;01.01.2025;Zu früh;Eisenbahnstraße;17;04315;Leipzig;;;;",  # 10
            "Anmeldung;GA-17;01.02.2025;Zu früh;Eisenbahnstraße;17;04315;Leipzig;;;;",  # 11
            "Abmeldung;GA-30;01.01.2025;Imbiss Ost;Eisenbahnstraße;30;04315;Leipzig;;;;",  # 12
            "Gewerbeanzeige;GA-18;01.03.2025;Unbekannte Art;Eisenbahnstraße;18;04315;Leipzig;;;;",  # 13
            "Anmeldung;GA-19;01.03.2025;;Eisenbahnstraße;19;04315;Leipzig;;;;",  # 14
            "Anmeldung;GA-20;01.03.2025;Zahl;Eisenbahnstraße;20;04315;Leipzig;;;;drei",  # 15
            "Anmeldung;;01.03.2025;Ohne alles;;;04315;Leipzig;;;;",  # 16
        )
        wizard = self.wizard(content)
        wizard.action_preview()
        lines = self.lines(wizard)
        expected = {
            2: ("rejected", "“31.02.2025” is not a date"),
            3: ("rejected", "“2025/03/01” is not a date"),
            4: ("rejected", "Unknown WZ 2008 code “34.10”"),
            5: ("rejected", "Unknown WZ 2008 code “ABC”"),
            6: ("rejected", "lies in Dresden"),
            7: ("created", "Opened on"),
            8: ("created", "Opened on"),
            9: ("unchanged", "Repeats row 8"),
            10: ("rejected", "before its registration on"),
            11: ("created", "Opened on"),
            12: ("rejected", "before it opened on"),
            13: ("rejected", "Unknown kind of notice “Gewerbeanzeige”"),
            14: ("rejected", "The business name is missing"),
            15: ("rejected", "“drei” is not a whole number"),
            16: ("rejected", "cannot be matched to a business"),
        }
        self.assertEqual(
            {row: line.result for row, line in lines.items()}, {row: r for row, (r, _m) in expected.items()}
        )
        for row, (_result, message) in expected.items():
            self.assertIn(message, lines[row].message, f"row {row}")
        self.assertIn("(row 11)", lines[10].message)
        self.assertEqual((lines[7].is_outside, lines[7].quarter_reason), (True, "zip_mismatch"))
        wizard.skip_rejected = True
        wizard.action_import()
        self.assertEqual(len(self.by_number("GA-16")), 1, "a repeated row imports once")
        self.assertEqual(existing.business_status, "active", "its refused de-registration left it open")
        self.assertFalse(self.by_number("GA-10"))

    def test_duplicates_are_reported(self):
        older = self.create_business("Eisenbahnstraße 61", name="Musterbäckerei Yilmaz", company_registry="GA-OLD")
        twins = self.create_business("Eisenbahnstraße 30", name="Imbiss", company_registry="GA-2")
        twins |= self.create_business("Eisenbahnstraße 31", name="Imbiss Ost", company_registry="GA-2")
        content = register_file(
            "Anmeldung;GA-NEW;03.02.2025;Musterbäckerei Yilmaz GmbH;Eisenbahnstraße;61;04315;Leipzig;;;;",
            "Abmeldung;GA-2;30.06.2025;Imbiss;Eisenbahnstraße;30;04315;Leipzig;;;;",
        )
        wizard = self.imported(content)
        lines = self.lines(wizard)
        self.assertEqual(lines[2].result, "created", "another register number is another registration")
        self.assertIn("Possible duplicate of Musterbäckerei Yilmaz", lines[2].message)
        self.assertEqual(lines[2].duplicate_partner_id, older)
        self.assertEqual(wizard.duplicate_count, 1)
        self.assertEqual(lines[3].result, "rejected")
        self.assertIn("Several businesses have registration number GA-2", lines[3].message)
        self.assertTrue(all(partner.business_status is False for partner in twins))

    def test_file_formats(self):
        windows = self.wizard(self.sample().decode().encode("cp1252"))
        windows.action_preview()
        self.assertEqual(self.counts(windows), (7, 5, 0, 0, 2), "Windows-1252 reads like UTF-8")
        self.assertEqual(self.lines(windows)[2].business_name, "Musterbäckerei Yilmaz")
        # Separate date columns instead of the kind of notice; English column titles match the fields' labels.
        dates = self.wizard(
            register_file(
                "GA-3;Laden Drei;Eisenbahnstraße 33;04315;Leipzig;01.03.2025;",
                "GA-4;Laden Vier;Eisenbahnstraße 34;04315;Leipzig;01.03.2025;30.06.2025",
                header="Registration number;Business name;Street;ZIP;City;Anmeldedatum;Abmeldedatum",
            )
        )
        dates.action_preview()
        self.assertEqual(self.counts(dates), (2, 2, 0, 0, 0))
        dates.action_import()
        self.assertEqual(self.by_number("GA-4").business_status, "closed")
        missing = self.wizard(register_file("Anmeldung;01.03.2025", header="Meldungsart;Datum"))
        missing.action_preview()
        self.assertIn("Columns missing: the business name (Betriebsname)", missing.file_problem)
        with self.assertRaisesText(UserError, "Columns missing"):
            missing.action_import()
        unknown = self.wizard(
            register_file(
                "x;Anmeldung;Laden;Eisenbahnstraße 5;01.03.2025", header="Notiz;Meldungsart;Betriebsname;Strasse;Datum"
            )
        )
        unknown.action_preview()
        self.assertEqual(unknown.unused_columns, "Notiz")
        empty = self.wizard(b"\n")
        empty.action_preview()
        self.assertEqual(empty.file_problem, "The file is empty.")
        header_only = self.wizard(HEADER + "\n")
        header_only.action_preview()
        self.assertEqual(header_only.file_problem, "The file has no rows below its header.")

    def test_only_managers_import(self):
        for user in (self.user_coordinator, self.user_readonly, self.user_internal):
            with self.assertRaises(AccessError):
                self.wizard(self.sample(), user=user)
        wizard = self.wizard(self.sample())
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_coordinator).action_preview()


@tagged("post_install", "-at_install")
class TestRegisterImportOverApi(JsonRpcMixin, HttpCase):
    """Only managers import the register, also over Odoo's external API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,district_economy.group_district_"
        cls.coordinator = new_test_user(cls.env, "register_coordinator", groups=groups + "coordinator")
        cls.manager = new_test_user(cls.env, "register_manager", groups=groups + "manager")

    def test_import_over_api(self):
        content = register_file("Anmeldung;GA-API-1;01.03.2025;Laden API;Eisenbahnstraße;41;04315;Leipzig;;;;")
        values = {"data_file": base64.b64encode(content.encode()).decode(), "file_name": "api.csv"}
        with self.assertRaises(RpcError):
            self.rpc(self.coordinator.login, "district.register.import", "create", values)
        self.assertFalse(self.env["district.register.import"].search([]), "the coordinator's attempt left nothing")
        wizard_id = self.rpc(self.manager.login, "district.register.import", "create", values)
        self.rpc(self.manager.login, "district.register.import", "action_preview", [wizard_id])
        self.assertFalse(self.env["res.partner"].search([("company_registry", "=", "GA-API-1")]))
        self.rpc(self.manager.login, "district.register.import", "action_import", [wizard_id])
        business = self.env["res.partner"].search([("company_registry", "=", "GA-API-1")])
        self.assertEqual(business.business_event_ids.mapped("event_type"), ["opening"])
