import base64
import json

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    """Browser tours: what a coordinator clicks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        new_test_user(
            cls.env,
            "tour_coordinator",
            password="tour_coordinator",
            name="Tour Coordinator",
            groups="base.group_user,district_economy.group_district_coordinator",
            lang="en_US",
        )

    def test_business_gets_quarter_from_address(self):
        self.start_tour("/odoo/district-businesses", "district_economy_business_quarter", login="tour_coordinator")
        cafe = self.env["res.partner"].search([("name", "=", "Café Example")])
        self.assertEqual(cafe.quarter_id, self.env.ref("district_economy.quarter_leipzig_20"))
        self.assertEqual(cafe.programme_area_id, self.env.ref("district_economy.programme_area_leipziger_osten"))

    def test_business_list_and_street_search(self):
        partners = self.env["res.partner"]
        for name, street, zip_code in (
            ("Tour Eisenbahn Bakery", "Eisenbahnstraße 49", "04315"),
            ("Tour Gohlis Shop", "Georg-Schumann-Straße 120", "04155"),
        ):
            partners.create(
                {
                    "name": name,
                    "is_company": True,
                    "street": street,
                    "zip": zip_code,
                    "city": "Leipzig",
                    "business_status": "active",
                }
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.res_partner_action_business")
        listed = partners.search(safe_eval(action["domain"]))
        self.assertIn("Tour Gohlis Shop", listed.mapped("name"))
        self.assertNotIn(self.env.ref("base.res_partner_12"), listed, "Odoo's demo company Azure Interior")
        self.assertNotIn(self.env.ref("district_economy.institution_leipzig_hwk"), listed, "institutions")
        self.assertNotIn(self.env.company.partner_id, listed, "the office itself")
        self.assertIn(self.env.company.partner_id, partners.search([("is_office_company", "=", True)]))
        defaults = partners.with_context(**safe_eval(action["context"])).default_get(["country_id"])
        self.assertEqual(defaults["country_id"], self.env.company.country_id.id, "the office's country")
        self.start_tour("/odoo/district-businesses", "district_economy_business_list", login="tour_coordinator")

    def test_consultation_from_a_business(self):
        bakery = self.env["res.partner"].create(
            {
                "name": "Tour Bakery",
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
            }
        )
        owner = self.env["res.partner"].create({"name": "Tour Owner", "parent_id": bakery.id, "type": "contact"})
        self.start_tour(
            f"/odoo/district-businesses/{bakery.id}", "district_economy_consultation", login="tour_coordinator"
        )
        consultation = self.env["district.consultation"].search([("partner_id", "=", bakery.id)])
        self.assertEqual(consultation.contact_id, owner)
        self.assertEqual((consultation.duration, consultation.channel), (45, "on_site_visit"))
        self.assertEqual(consultation.language_id, self.env.ref("district_economy.language_tr"))
        self.assertTrue(consultation.interpreter_used)
        self.assertEqual(len(consultation.topic_ids), 2)
        referral = consultation.referral_ids
        self.assertEqual(referral.institution_id, self.env.ref("district_economy.institution_leipzig_hwk"))
        self.assertEqual(referral.consent_id.partner_id, owner)

    def test_settlement_find_premises_and_win(self):
        retail = self.env.ref("district_economy.premises_use_retail")
        premises = self.env["district.premises"]

        def unit(name, street, area, rent):
            # Known and vacant for a month: the case settles in it three days ago.
            return premises.with_context(
                district_vacancy_date=fields.Date.subtract(fields.Date.today(), days=30)
            ).create(
                {
                    "name": name,
                    "street": street,
                    "zip": "04315",
                    "city": "Leipzig",
                    "area_m2": area,
                    "rent_per_m2": rent,
                    "use_type_ids": [(6, 0, retail.ids)],
                    "has_shop_window": True,
                }
            )

        best = unit("Tour best shop", "Eisenbahnstraße 61", 95, 8.5)
        unit("Tour far shop", "Eisenbahnstraße 120", 100, 8.9)
        bakery = self.env["res.partner"].create(
            {
                "name": "Tour Bakery GmbH",
                "is_company": True,
                "street": "Georg-Schumann-Straße 120",
                "zip": "04155",
                "city": "Leipzig",
                "business_status": "relocating_in",
            }
        )
        case = self.env["district.settlement"].create(
            {
                "name": "Tour bakery case",
                "partner_id": bakery.id,
                "area_min": 80,
                "area_max": 120,
                "rent_max_per_m2": 9.0,
                "use_type_ids": [(6, 0, retail.ids)],
                "ground_floor_needed": True,
                "shop_window_needed": True,
                "preferred_quarter_ids": [(6, 0, self.env.ref("district_economy.quarter_leipzig_20").ids)],
            }
        )
        self.start_tour(
            f"/odoo/district-settlements/{case.id}", "district_economy_settlement", login="tour_coordinator"
        )
        self.assertEqual(len(case.proposal_ids), 2)
        self.assertTrue(case.is_won)
        self.assertEqual(best.state, "let")
        self.assertEqual(case.premises_id, best)
        settled_on = fields.Date.subtract(fields.Date.context_today(case), days=3)
        self.assertEqual(case.settled_date, settled_on, "the date typed in the dialog")
        self.assertEqual(best.vacancy_ids.date_to, settled_on, "vacant until the day it was let")
        self.assertEqual(bakery.street, "Eisenbahnstraße 61")
        self.assertEqual(bakery.quarter_id, self.env.ref("district_economy.quarter_leipzig_20"))

    def test_monitoring_pivot_graph_and_report(self):
        new_test_user(
            self.env,
            "tour_manager",
            password="tour_manager",
            name="Tour Manager",
            groups="base.group_user,district_economy.group_district_manager",
            lang="en_US",
        )
        self.env["district.monitoring.snapshot"].create(
            {
                "name": "Tour report",
                "programme_area_id": self.env.ref("district_economy.programme_area_leipziger_osten").id,
                # A half year: the demo data already holds the draft for the last calendar year.
                "date_from": "2025-01-01",
                "date_to": "2025-06-30",
            }
        ).action_compute()
        self.start_tour("/odoo/district-monitoring", "district_economy_monitoring", login="tour_manager")

    def test_monitoring_pdf_has_the_figures(self):
        business = self.env["res.partner"].create(
            {
                "name": "PDF Bakery",
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
            }
        )
        self.env["district.funding"].create(
            {
                "name": "Oven",
                "partner_id": business.id,
                "programme_id": self.env.ref("district_economy.funding_programme_erdf_2021").id,
                "state": "paid",
                "date_approved": "2019-03-01",
                "date_last_payment": "2019-06-30",
                "amount_granted": 12345,
                "amount_paid": 12345,
                "investment_actual": 54321,
            }
        )
        snapshot = self.env["district.monitoring.snapshot"].create(
            {
                "programme_area_id": self.env.ref("district_economy.programme_area_leipziger_osten").id,
                "date_from": "2019-01-01",
                "date_to": "2019-12-31",
            }
        )
        snapshot.action_compute()
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True, lang="de_DE")
        html = report._render_qweb_html("district_economy.action_report_monitoring", snapshot.ids)[0].decode()
        self.assertIn("Monitoringbericht", html, "the report is in German")
        self.assertIn("12.345", html, "grants paid, written the German way")
        self.assertIn("54.321", html, "private investment")
        self.assertIn("4,4", html, "leverage 54,321 / 12,345 = 4.40")
        self.assertIn("Leipziger Osten 2019", html)
        pdf, report_type = report._render_qweb_pdf("district_economy.action_report_monitoring", snapshot.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_dashboard_shows_key_figures(self):
        dashboard = self.env.ref("district_economy.spreadsheet_dashboard_district_economy")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        report_fields = self.env["district.monitoring.report"]._fields
        for pivot in data["pivots"].values():
            for item in pivot["measures"] + pivot["rows"]:
                self.assertIn(item["fieldName"].split(":")[0], report_fields)
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "district_economy_dashboard",
            login="tour_coordinator",
        )
