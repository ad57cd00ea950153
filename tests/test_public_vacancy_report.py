import io
import re
import time
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from PIL import Image

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.district_vacancy_report import REPORTS_PER_HOUR


def png_bytes(size=(8, 8)):
    stream = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(stream, format="PNG")
    return stream.getvalue()


@tagged("post_install", "-at_install")
class TestPublicVacancyReport(HttpCase):
    """Anyone may report a vacant shop on /leerstand-melden; robots, floods and bad input are refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["district.vacancy.report"]
        cls.Premises = cls.env["district.premises"].with_context(active_test=False)
        cls.coordinator = new_test_user(
            cls.env,
            "vr_coordinator",
            groups="base.group_user,district_economy.group_district_coordinator",
            company_id=cls.env.ref("base.main_company").id,
        )

    def _reported(self):
        return self.Premises.search([("state", "=", "reported")])

    def _form_values(self, **values):
        """A valid form as a person sends it: the page loaded a minute ago, with its CSRF token."""
        page = self.url_open("/leerstand-melden")
        self.assertEqual(page.status_code, 200)
        csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        timestamp = int(time.time()) - 60
        return {
            "csrf_token": csrf_token,
            "form_timestamp": str(timestamp),
            "form_signature": self.Report._form_signature(timestamp),
            "street": "Eisenbahnstraße 61",
            "zip": "04315",
            "description": "",
            **values,
        }

    def _post(self, files=None, **values):
        return self.url_open("/leerstand-melden", data=self._form_values(**values), files=files)

    def test_form_renders_without_website(self):
        website = self.env["ir.module.module"].search([("name", "=", "website"), ("state", "=", "installed")])
        self.assertFalse(website, "the public form must not need the website app")
        page = self.url_open("/leerstand-melden")
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="street"', page.text)
        self.assertIn("></textarea>", page.text, "an empty text area is closed, so that the fields after it show")
        self.assertIn('name="website_url"', page.text, "the honeypot field is there")
        self.assertIn('name="form_signature"', page.text)

    def test_page_speaks_the_visitors_language(self):
        """Without the website app, http_routing still sets the page language for ``website=True`` routes:
        language in the URL, the ``frontend_lang`` cookie, the browser's language, then the default language
        of contacts (German in a German office)."""
        self.env["res.lang"]._activate_lang("en_US")
        self.env.flush_all()
        page = self.url_open("/leerstand-melden", headers={"Accept-Language": "de-DE,de;q=0.9"})
        self.assertIn('lang="de-DE"', page.text)
        self.opener.cookies.clear()
        page = self.url_open("/leerstand-melden", headers={"Accept-Language": "en-US"})
        self.assertIn('lang="en-US"', page.text)
        self.opener.cookies.clear()
        page = self.url_open("/leerstand-melden", headers={"Accept-Language": "fr-FR"})
        self.assertIn('lang="de-DE"', page.text, "a language the office does not offer: the default, German")

    def test_reporter_contact_is_erased_when_the_retention_ends(self):
        self._post(contact_name="Erika Muster", contact="erika@example.com", consent="1")
        report = self.Report.search([("contact_name", "=", "Erika Muster")])
        self.assertEqual(len(report), 1)
        self.env["district.privacy.review"]._cron_review_retention()
        self.assertEqual(report.contact, "erika@example.com", "kept while the period for contacts runs")
        four_years_ago = fields.Datetime.now() - relativedelta(years=4)
        self.env.cr.execute(
            "UPDATE district_vacancy_report SET create_date = %s WHERE id = %s", [four_years_ago, report.id]
        )
        report.invalidate_recordset(["create_date"])
        self.env["district.privacy.review"]._cron_review_retention()
        self.assertFalse(report.contact_name or report.contact, "three years later the reporter's contact is gone")
        self.assertEqual(report.premises_id.state, "reported", "the report itself stays")

    def test_report_creates_reported_unit(self):
        before = self._reported()
        response = self._post(
            description="Bakery, closed since spring",
            contact_name="Erika Muster",
            contact="erika@example.com",
            consent="1",
            files={"photo": ("shop.png", png_bytes(), "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Vielen Dank für Ihre Meldung", response.text)
        unit = self._reported() - before
        self.assertEqual(len(unit), 1)
        self.assertEqual(unit.state, "reported")
        self.assertIn("Eisenbahnstraße 61", unit.name)
        self.assertEqual(unit.zip, "04315")
        self.assertEqual(unit.quarter_id, self.env.ref("district_economy.quarter_leipzig_20"))
        self.assertTrue(unit.image_1920, "the photo is the unit's image")
        self.assertIn("Bakery, closed since spring", unit.notes)
        self.assertFalse(unit.is_vacant, "a reported unit is not counted as vacant")
        self.assertFalse(unit.vacancy_ids, "a reported unit opens no vacancy period")
        report = unit.vacancy_report_ids
        self.assertEqual(report.contact_name, "Erika Muster")
        self.assertEqual(report.contact, "erika@example.com")
        self.assertTrue(report.consent_date)
        self.assertIn("Kontaktdaten", report.consent_text, "the consent as the visitor read it")
        self.assertFalse(report.is_outside_rules)
        self.assertIn("Bakery, closed since spring", unit.message_ids[:1].body)
        self.assertIn(self.coordinator, unit.activity_ids.user_id, "the office's coordinators get a to-do")
        # Confirming the unit takes its area.
        with self.assertRaises(ValidationError):
            unit.state = "vacant"
        unit.write({"state": "vacant", "area_m2": 60})
        self.assertTrue(unit.is_vacant)

    def test_address_outside_the_rules_is_accepted_but_flagged(self):
        before = self._reported()
        response = self._post(street="Musterstraße 1", zip="99999")
        self.assertEqual(response.status_code, 200)
        unit = self._reported() - before
        self.assertEqual(len(unit), 1)
        self.assertFalse(unit.quarter_id)
        self.assertTrue(unit.vacancy_report_ids.is_outside_rules)

    def test_honeypot_drops_silently(self):
        before = self._reported()
        response = self._post(website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Vielen Dank für Ihre Meldung", response.text)
        self.assertEqual(self._reported(), before, "nothing is created")

    def test_too_fast_is_refused(self):
        before = self._reported()
        values = self._form_values()
        now = int(time.time())
        values.update(form_timestamp=str(now), form_signature=self.Report._form_signature(now))
        response = self.url_open("/leerstand-melden", data=values)
        self.assertEqual(response.status_code, 400)
        self.assertIn("zu schnell abgeschickt", response.text)
        # A forged time stamp is no better.
        values.update(form_timestamp=str(now - 600), form_signature="forged")
        response = self.url_open("/leerstand-melden", data=values)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Formular ist abgelaufen", response.text)
        self.assertEqual(self._reported(), before)

    def test_rate_limit_per_sender(self):
        for index in range(REPORTS_PER_HOUR):
            response = self._post(street=f"Eisenbahnstraße {index + 1}")
            self.assertEqual(response.status_code, 200, index)
        before = self._reported()
        response = self._post(street="Eisenbahnstraße 99")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bitte versuchen Sie es später noch einmal", response.text)
        self.assertEqual(self._reported(), before)

    def test_captcha_hook_is_asked(self):
        message = "Suspicious activity detected by google reCAPTCHA."

        def refuse(self_http, action):
            self.assertEqual(action, "district_vacancy_report")
            raise UserError(message)

        before = self._reported()
        with patch.object(type(self.env["ir.http"]), "_verify_request_recaptcha_token", refuse, create=True):
            response = self._post()
        self.assertEqual(response.status_code, 400)
        self.assertIn("Suspicious activity", response.text)
        self.assertEqual(self._reported(), before)

    def test_missing_address_keeps_the_typed_values(self):
        before = self._reported()
        response = self._post(street="", zip="", description="Former kiosk")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bitte geben Sie Straße und Hausnummer ein.", response.text)
        self.assertIn("Bitte geben Sie die PLZ ein.", response.text)
        self.assertIn("Former kiosk", response.text, "what was typed stays in the form")
        response = self._post(street="Eisenbahnstraße", zip="0431")
        self.assertIn("Bitte geben Sie zur Straße auch die Hausnummer an.", response.text)
        self.assertIn("Bitte geben Sie die PLZ mit fünf Ziffern ein.", response.text)
        self.assertEqual(self._reported(), before)

    def test_contact_needs_consent(self):
        before = self._reported()
        response = self._post(contact="0341 123456")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Bitte stimmen Sie zu, dass wir sie speichern dürfen", response.text)
        self.assertIn("0341 123456", response.text)
        self.assertEqual(self._reported(), before)

    def test_huge_photo_and_non_image_are_refused(self):
        before = self._reported()
        huge = png_bytes() + b"\0" * (6 * 1024 * 1024)
        response = self._post(files={"photo": ("big.png", huge, "image/png")})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Das Foto ist zu groß", response.text)
        response = self._post(files={"photo": ("shop.png", b"%PDF-1.4 not a photo", "image/png")})
        self.assertEqual(response.status_code, 400)
        self.assertIn("als JPEG-, PNG-, GIF- oder WebP-Bild", response.text)
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = self._post(files={"photo": ("shop.svg", svg, "image/svg+xml")})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._reported(), before)

    def test_script_in_text_is_stored_as_plain_text(self):
        before = self._reported()
        script = "<script>alert('x')</script><b>bold</b>"
        response = self._post(street="Eisenbahnstraße 7 <img src=x onerror=alert(1)>", description=script)
        self.assertEqual(response.status_code, 200)
        unit = self._reported() - before
        self.assertEqual(len(unit), 1)
        self.assertIn("&lt;script&gt;", unit.notes)
        self.assertNotIn("<script", unit.notes)
        self.assertNotIn("<b>", unit.notes)
        self.assertEqual(unit.vacancy_report_ids.description, script, "kept as typed, as plain text")
        body = unit.message_ids[:1].body
        self.assertNotIn("<script", body)
        self.assertNotIn("<img", body)
        self.assertIn("&lt;img", body)

    def test_csrf_is_required(self):
        values = self._form_values()
        values.pop("csrf_token")
        before = self._reported()
        response = self.url_open("/leerstand-melden", data=values)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._reported(), before)
