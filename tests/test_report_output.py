from odoo.tests import HttpCase, tagged

from .common import pdf_text


@tagged("post_install", "-at_install")
class TestReportOutput(HttpCase):
    """The printed report is a real document: text one can search and copy, and an accessible HTML twin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area = cls.env.ref("district_economy.programme_area_leipziger_osten")
        business = cls.env["res.partner"].create(
            {
                "name": "Text Bakery",
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
            }
        )
        cls.env["district.funding"].create(
            {
                "name": "Oven",
                "partner_id": business.id,
                "programme_id": cls.env.ref("district_economy.funding_programme_erdf_2021").id,
                "state": "paid",
                "date_approved": "2018-03-01",
                "date_last_payment": "2018-06-30",
                "amount_granted": 23456,
                "amount_paid": 23456,
                "investment_actual": 65432,
            }
        )
        cls.snapshot = cls.env["district.monitoring.snapshot"].create(
            {"programme_area_id": cls.area.id, "date_from": "2018-01-01", "date_to": "2018-12-31"}
        )
        cls.snapshot.action_compute()
        cls.report = cls.env["ir.actions.report"].with_context(force_report_rendering=True, lang="de_DE")

    def test_pdf_has_text_and_page_numbers(self):
        pdf, _report_type = self.report._render_qweb_pdf("district_economy.action_report_monitoring", self.snapshot.ids)
        text = pdf_text(self, pdf)
        self.assertIn("Leipziger Osten", text, "the programme area's name is text, not a picture")
        self.assertIn("23.456", text, "grants paid, searchable")
        self.assertRegex(text, r"(Seite|Page)\s*1\s*/\s*\d", "page numbers")

    def test_accessible_html(self):
        html = self.report._render_qweb_html("district_economy.action_report_monitoring_html", self.snapshot.ids)[
            0
        ].decode()
        self.assertIn('<html lang="de">', html)
        self.assertIn('<th scope="col"', html)
        self.assertIn("<h1", html)
        self.assertIn("23.456", html)
        self.assertIn(self.env.ref("district_economy.quarter_leipzig_20").display_name, html)
        self.authenticate("admin", "admin")
        response = self.url_open(self.snapshot.action_print_html()["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn('<html lang="', response.text)
