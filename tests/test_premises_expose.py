import base64
import io
import subprocess

from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import html2plaintext
from odoo.tools.safe_eval import safe_eval

from .common import DistrictEconomyCase, pdf_text


def photo_png():
    """A small photo of the unit, as a user would upload it."""
    stream = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(stream, format="PNG")
    return base64.b64encode(stream.getvalue())


EXPOSE = "district_economy.action_report_premises_expose"


def expose_fixture(cls):
    env = cls.env
    env.company.write(
        {"name": "Stadtteilbüro Leipziger Osten", "phone": "+49 341 1234567", "email": "osten@example.org"}
    )
    cls.landlord = env["res.partner"].create(
        {"name": "Irmgard Vermieterin", "phone": "+49 170 9999999", "email": "irmgard@example.org"}
    )
    cls.unit = env["district.premises"].create(
        {
            "name": "Laden Eisenbahnstraße 61",
            "street": "Eisenbahnstraße 61",
            "zip": "04315",
            "city": "Leipzig",
            "area_m2": 95,
            "rent_per_m2": 8.5,
            "floor": 0,
            "is_step_free": True,
            "has_shop_window": True,
            "available_from": "2030-04-01",
            "use_type_ids": [(6, 0, env.ref("district_economy.premises_use_retail").ids)],
            "owner_id": cls.landlord.id,
            "notes": "<p>Landlord wants to sell, do not tell anyone</p>",
            "expose_description": "Bright corner shop with a large window front.",
        }
    )


class TestPremisesExpose(DistrictEconomyCase):
    """The exposé of a unit: what it prints, for whom, and sending it from a proposal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        expose_fixture(cls)
        cls.business = cls.Partner.create(
            {"name": "Bäckerei Sonnenschein", "is_company": True, "email": "backstube@example.org"}
        )
        cls.case = cls.env["district.settlement"].create(
            {"name": "Bakery looking for a shop", "partner_id": cls.business.id, "user_id": cls.user_coordinator.id}
        )
        cls.proposal = cls.env["district.settlement.proposal"].create(
            {
                "settlement_id": cls.case.id,
                "premises_id": cls.unit.id,
                "score": 90,
                "match_reasons": "Ground floor with a shop window in your preferred quarter",
            }
        )

    def expose_text(self, user, unit=None):
        report = self.env["ir.actions.report"].with_user(user).with_context(lang="de_DE")
        html = report._render_qweb_html(EXPOSE, (unit or self.unit).ids)[0].decode()
        return html, html2plaintext(html)

    def test_report_in_print_menu(self):
        action = self.env.ref(EXPOSE)
        self.assertEqual(action.report_type, "qweb-pdf")
        self.assertEqual(action.binding_model_id.model, "district.premises")
        self.assertIn("Exposé - Laden Eisenbahnstraße 61", safe_eval(action.print_report_name, {"object": self.unit}))

    def test_content_for_each_group_without_landlord_or_notes(self):
        for user in (self.user_readonly, self.user_coordinator, self.user_manager):
            with self.subTest(user=user.login):
                _html, text = self.expose_text(user)
                for expected in (
                    "Laden Eisenbahnstraße 61",
                    "Eisenbahnstraße 61",
                    "04315 Leipzig",
                    self.unit.quarter_id.name,
                    "95,0",
                    "8,50",
                    "807,50",
                    "01.04.2030",
                    self.env.ref("district_economy.premises_use_retail").with_context(lang="de_DE").name,
                    "Bright corner shop",
                    "Stadtteilbüro Leipziger Osten",
                    "+49 341 1234567",
                    "osten@example.org",
                ):
                    self.assertIn(expected, text)
                self.assertTrue(self.unit.quarter_id, "the shipped rules place Eisenbahnstraße 61 in a quarter")
                for secret in ("Irmgard", "+49 170 9999999", "irmgard@example.org", "do not tell anyone"):
                    self.assertNotIn(secret, text)

    def test_landlord_only_with_consent_and_only_for_those_who_may_see_them(self):
        self.unit.expose_show_owner = True
        for user in (self.user_coordinator, self.user_manager):
            with self.subTest(user=user.login):
                _html, text = self.expose_text(user)
                self.assertIn("Irmgard Vermieterin", text)
                self.assertIn("+49 170 9999999", text)
                self.assertIn("irmgard@example.org", text)
                self.assertNotIn("do not tell anyone", text, "the internal notes are never printed")
        _html, text = self.expose_text(self.user_readonly)
        self.assertNotIn("Irmgard", text, "a read-only user does not learn who the landlord is")

    def test_consent_is_for_coordinators(self):
        with self.assertRaises(AccessError):
            self.unit.with_user(self.user_readonly).expose_show_owner = True

    def test_photo_floor_in_words_and_state(self):
        self.unit.image_1920 = photo_png()
        html, _text = self.expose_text(self.user_readonly)
        self.assertIn("data:image/png;base64,", html)
        self.assertNotIn("nicht angeboten", html, "a vacant unit is on offer")
        report = self.env["report.district_economy.report_premises_expose"].with_context(lang="en_US")
        self.assertEqual(report._expose_floor(0), "Ground floor")
        self.assertEqual(report._expose_floor(-1), "Basement")
        self.assertEqual(report._expose_floor(-2), "2. basement level")
        self.assertEqual(report._expose_floor(3), "3. floor")
        self.unit.write({"state": "let", "floor": 2})
        _html, text = self.expose_text(self.user_coordinator)
        self.assertIn("nicht angeboten", text, "a let unit can be printed but says it is not on offer")
        self.assertIn("2. Obergeschoss", text, "the floor in words, in German")

    def test_send_from_proposal(self):
        proposal = self.proposal.with_user(self.user_coordinator)
        action = proposal.action_send_expose()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = self.env["mail.compose.message"].with_user(self.user_coordinator).with_context(**action["context"])
        composer = composer.create({})
        self.assertEqual(composer.model, "district.settlement")
        self.assertEqual(composer.partner_ids, self.business)
        self.assertIn("Laden Eisenbahnstraße 61", composer.subject)
        self.assertIn("preferred quarter", composer.body)
        self.assertEqual(len(composer.attachment_ids), 1)
        self.assertTrue(composer.attachment_ids.name.startswith("Exposé - Laden Eisenbahnstraße 61"))
        attached = base64.b64decode(composer.attachment_ids.datas).decode()
        self.assertIn("Eisenbahnstraße 61", attached)
        self.assertNotIn("Irmgard", attached)
        composer.action_send_mail()
        message = self.case.message_ids.filtered(lambda m: m.subject and "Exposé" in m.subject)
        self.assertEqual(len(message), 1, "the e-mail is logged on the case")
        self.assertEqual(message.partner_ids, self.business)
        self.assertEqual(message.attachment_ids.res_model, "district.settlement")
        self.assertTrue(self.proposal.date_expose_sent)

    def test_send_refused_without_email(self):
        self.business.email = False
        with self.assertRaisesRegex(UserError, "Bäckerei Sonnenschein has no e-mail address"):
            self.proposal.with_user(self.user_coordinator).action_send_expose()
        self.assertFalse(self.proposal.date_expose_sent)

    def test_readonly_cannot_send(self):
        with self.assertRaises(AccessError):
            self.proposal.with_user(self.user_readonly).action_send_expose()
        # A manager may.
        self.assertEqual(
            self.proposal.with_user(self.user_manager).action_send_expose()["res_model"], "mail.compose.message"
        )


@tagged("post_install", "-at_install")
class TestPremisesExposePdf(HttpCase):
    """The exposé is a real PDF with searchable text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        expose_fixture(cls)

    def test_pdf_text(self):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True, lang="de_DE")
        pdf, report_type = report._render_qweb_pdf(EXPOSE, self.unit.ids)
        self.assertEqual(report_type, "pdf")
        text = pdf_text(self, pdf)
        self.assertIn("Eisenbahnstraße 61", text)
        self.assertIn("807,50", text)
        self.assertIn("osten@example.org", text)
        self.assertNotIn("Irmgard", text)
        self.assertNotIn("do not tell anyone", text)
        pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False).stdout.decode(
            errors="replace"
        )
        if "Pages:" in pages:
            self.assertRegex(pages, r"Pages:\s+1\b", "one page")
