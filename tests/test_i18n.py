import importlib.util
from datetime import date
from pathlib import Path

import polib

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DistrictEconomyCase

ADDON = Path(__file__).resolve().parent.parent


def update_po():
    """tools/update_po.py: which terms read the same in German, which are written in German."""
    spec = importlib.util.spec_from_file_location("update_po", ADDON / "tools" / "update_po.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def same_in_german():
    """The terms that read the same in German, as tools/update_po.py lists them."""
    return update_po().SAME_IN_GERMAN


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

    def test_every_term_translated(self):
        """Every term the addon shows (views, menus, selections, messages) has a German translation."""
        pot = polib.pofile(str(ADDON / "i18n" / "district_economy.pot"))
        translations = {entry.msgid: entry for entry in polib.pofile(str(ADDON / "i18n" / "de.po"))}
        identical = same_in_german()
        written_in_german = update_po().written_in_german
        missing = [
            entry.msgid
            for entry in pot
            if entry.msgid not in identical
            and "(Demo)" not in entry.msgid
            and not written_in_german(entry)
            and (
                entry.msgid not in translations
                or not translations[entry.msgid].msgstr
                or "fuzzy" in translations[entry.msgid].flags
            )
        ]
        self.assertEqual(missing, [], "terms without German translation in i18n/de.po")
        self.assertGreater(len(pot), 500, "the .pot lists the addon's terms")

    def test_model_names_in_german(self):
        """The chatter's "<model> erstellt" uses the model's name: every one the users see is German."""
        env_de = self.env(context=dict(self.env.context, lang="de_DE"))
        expected = {
            "res.partner": "Kontakt",
            "district.consultation": "Beratung",
            "district.settlement": "Ansiedlungsfall",
            "district.premises": "Gewerberäume",
            "district.funding": "Förderung",
            "event.event": "Veranstaltung",
        }
        for model, name in expected.items():
            self.assertEqual(env_de["ir.model"]._get(model).name, name)

    def test_demo_chatter_in_german(self):
        """The demo records were created with German creation messages, not "Consultation erstellt"."""
        for xmlid, name in [
            ("district_economy.partner_demo_cafe_eisenbahn", "Kontakt"),
            ("district_economy.consultation_demo_1", "Beratung"),
            ("district_economy.premises_demo_p_eisenbahn_61", "Gewerberäume"),
            ("district_economy.settlement_demo_backhaus", "Ansiedlungsfall"),
            ("district_economy.funding_demo_bakery_oven", "Förderung"),
            ("district_economy.event_demo_network_0", "Veranstaltung"),
        ]:
            with self.subTest(xmlid):
                bodies = " ".join(str(body) for body in self.env.ref(xmlid).message_ids.mapped("body"))
                self.assertIn(f"{name} erstellt", bodies)

    def test_demo_office(self):
        """The demo database is the district office's, not Odoo's demo company."""
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Stadtteilbüro Leipziger Osten")
        self.assertEqual(
            (company.street, company.zip, company.city, company.country_id.code),
            ("Eisenbahnstraße 49", "04315", "Leipzig", "DE"),
        )
        self.assertFalse(company.logo, "no 'Your logo' placeholder on the PDFs")
        coordinator = self.env.ref("district_economy.user_demo_coordinator")
        meetings = self.env["event.event"].search([("is_district_network", "=", True), ("name", "like", "(Demo)")])
        self.assertTrue(meetings)
        for meeting in meetings:
            self.assertEqual(meeting.user_id, coordinator)
            self.assertEqual(meeting.organizer_id, company.partner_id)
            self.assertEqual(meeting.address_id, company.partner_id)

    def test_dates_in_names_use_the_user_format(self):
        """A report over a part of a year names its period in the user's date format."""
        snapshot = (
            self.env["district.monitoring.snapshot"]
            .with_context(lang="de_DE")
            .create(
                {"programme_area_id": self.area_east.id, "date_from": date(2026, 7, 1), "date_to": date(2026, 11, 28)}
            )
        )
        self.assertIn("01.07.2026 – 28.11.2026", snapshot.name)
