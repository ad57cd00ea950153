from datetime import date, datetime

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import JsonRpcMixin, RpcError


@tagged("post_install", "-at_install")
class TestGuardsOverApi(JsonRpcMixin, HttpCase):
    """Guards hold over Odoo's external API (write, create, unlink, load), as the group concerned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,district_economy.group_district_"
        cls.readonly = new_test_user(cls.env, "api_readonly", groups=groups + "readonly")
        cls.coordinator = new_test_user(cls.env, "api_coordinator", groups=groups + "coordinator")
        cls.manager = new_test_user(cls.env, "api_manager", groups=groups + "manager")
        cls.contacts_manager = new_test_user(
            cls.env, "api_contacts", groups="base.group_user,base.group_partner_manager"
        )
        cls.area = cls.env.ref("district_economy.programme_area_leipziger_osten")
        cls.neustadt = cls.env.ref("district_economy.quarter_leipzig_20")
        cls.volkmarsdorf = cls.env.ref("district_economy.quarter_leipzig_21")
        cls.shop = cls.env["res.partner"].create(
            {
                "name": "Laden an der Eisenbahnstraße",
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "active",
                "opening_date": "2019-03-01",
            }
        )

    def assertRefused(self, text, login, model, method, *args, **kwargs):
        with self.assertRaises(RpcError) as caught:
            self.rpc(login, model, method, *args, **kwargs)
        self.assertIn(text, str(caught.exception))

    def draft_report(self):
        report_id = self.rpc(
            self.coordinator.login,
            "district.monitoring.snapshot",
            "create",
            {"programme_area_id": self.area.id, "date_from": "2019-01-01", "date_to": "2019-12-31"},
        )
        self.rpc(self.coordinator.login, "district.monitoring.snapshot", "action_compute", [report_id])
        return report_id

    # 1. Only managers finalise, only through the finalise action; a final report never changes.
    def test_final_report_is_frozen_on_every_path(self):
        Snapshot = "district.monitoring.snapshot"
        report_id = self.draft_report()
        self.assertRefused("Finalise", self.coordinator.login, Snapshot, "write", [report_id], {"state": "final"})
        self.assertRefused("Finalise", self.manager.login, Snapshot, "write", [report_id], {"state": "final"})
        self.assertRefused(
            "created as a draft",
            self.coordinator.login,
            Snapshot,
            "create",
            {"programme_area_id": self.area.id, "date_from": "2020-01-01", "date_to": "2020-12-31", "state": "final"},
        )
        self.assertRefused("managers", self.coordinator.login, Snapshot, "action_finalize", [report_id])
        self.rpc(self.manager.login, Snapshot, "action_finalize", [report_id])
        report = self.env[Snapshot].browse(report_id)
        self.assertEqual(report.state, "final")
        figures = report.line_ids.mapped("value")
        line = {"snapshot_id": report_id, "indicator": "opening_count", "value": 99, "level": "total"}
        self.assertRefused("final report", self.manager.login, "district.monitoring.snapshot.line", "create", line)
        self.assertRefused(
            "final report",
            self.manager.login,
            "district.monitoring.snapshot.line",
            "write",
            report.line_ids[:1].ids,
            {"value": 99},
        )
        self.assertRefused(
            "final report", self.manager.login, "district.monitoring.snapshot.line", "unlink", report.line_ids[:1].ids
        )
        self.assertRefused("final report", self.manager.login, Snapshot, "write", [report_id], {"name": "Anders"})
        self.assertRefused("final report", self.manager.login, Snapshot, "write", [report_id], {"state": "draft"})
        self.assertRefused("final report", self.manager.login, Snapshot, "unlink", [report_id])
        self.assertRefused("draft reports", self.manager.login, Snapshot, "action_compute", [report_id])
        imported = self.rpc(
            self.manager.login,
            "district.monitoring.snapshot.line",
            "load",
            ["snapshot_id/.id", "indicator", "value", "level"],
            [[str(report_id), "opening_count", "99", "total"]],
        )
        self.assertFalse(imported["ids"], "an import cannot add figures to a final report")
        report.invalidate_recordset()
        self.assertEqual(report.line_ids.mapped("value"), figures)

    # 2. Consent is judged on the day a referral is passed on.
    def test_consent_is_judged_when_passed_on(self):
        person = self.env["res.partner"].create({"name": "Aylin Demir", "parent_id": self.shop.id})
        consent = self.env["district.consent"].create(
            {
                "partner_id": person.id,
                "purpose": "referral",
                "legal_basis": "consent",
                "source": "form",
                "date_given": "2019-01-01",
                "date_withdrawn": "2020-01-01",
            }
        )
        ihk = self.env.ref("district_economy.institution_leipzig_ihk")
        referral = {
            "partner_id": person.id,
            "institution_id": ihk.id,
            "consent_id": consent.id,
            "date": "2019-06-01",
            "state": "sent",
        }
        self.assertRefused("the day it is passed on", self.coordinator.login, "district.referral", "create", referral)
        draft_id = self.rpc(self.coordinator.login, "district.referral", "create", {**referral, "state": "draft"})
        self.assertRefused(
            "the day it is passed on", self.coordinator.login, "district.referral", "action_send", [draft_id]
        )
        self.assertRefused(
            "cannot be entered",
            self.coordinator.login,
            "district.referral",
            "write",
            [draft_id],
            {"date_passed_on": "2019-06-01"},
        )
        # Ticking "consent given" records a consent given today.
        ticked_id = self.rpc(
            self.coordinator.login,
            "district.referral",
            "create",
            {"partner_id": person.id, "institution_id": ihk.id, "date": "2019-06-01", "consent_given": True},
        )
        ticked = self.env["district.referral"].browse(ticked_id)
        today = fields.Date.context_today(ticked)
        self.assertEqual(ticked.consent_id.date_given, today)
        self.rpc(self.coordinator.login, "district.referral", "action_send", [ticked_id])
        self.assertEqual(ticked.date_passed_on, today)
        self.assertRefused(
            "Withdraw it instead", self.coordinator.login, "district.consent", "unlink", ticked.consent_id.ids
        )

    # 3. What a reported figure rests on is archived, not deleted.
    def test_business_with_history_cannot_be_deleted(self):
        self.assertRefused("Archive them instead", self.manager.login, "res.partner", "unlink", self.shop.ids)
        self.assertTrue(self.shop.exists())
        self.assertTrue(self.shop.business_event_ids)

    # 4. Only coordinators and managers set a quarter or area by hand or change the sector.
    def test_quarter_and_sector_are_not_for_everyone(self):
        login = self.contacts_manager.login
        retail = self.env.ref("base.res_partner_industry_G")
        self.assertRefused(
            "by hand", login, "res.partner", "write", self.shop.ids, {"quarter_id": self.volkmarsdorf.id}
        )
        self.assertRefused("by hand", login, "res.partner", "write", self.shop.ids, {"programme_area_id": False})
        self.assertRefused("sector", login, "res.partner", "write", self.shop.ids, {"industry_id": retail.id})
        imported = self.rpc(
            login,
            "res.partner",
            "load",
            ["name", "street", "zip", "city", "quarter_id/.id"],
            [["Neu", "Eisenbahnstraße 49", "04315", "Leipzig", str(self.volkmarsdorf.id)]],
        )
        self.assertFalse(imported["ids"])
        # An address edit that sends what the rules give (as the form does) is anyone's to make.
        self.rpc(
            login,
            "res.partner",
            "write",
            self.shop.ids,
            {"street": "Eisenbahnstraße 120", "quarter_id": self.volkmarsdorf.id, "programme_area_id": self.area.id},
        )
        self.assertEqual(self.shop.quarter_id, self.volkmarsdorf)
        self.rpc(self.coordinator.login, "res.partner", "write", self.shop.ids, {"industry_id": retail.id})
        self.assertEqual(self.shop.industry_id, retail)

    # 5. Read-only users read reports but do not download the workbook.
    def test_readonly_cannot_download_xlsx(self):
        report_id = self.draft_report()
        self.assertRefused(
            "download", self.readonly.login, "district.monitoring.snapshot", "action_export_xlsx", [report_id]
        )
        action = self.rpc(self.coordinator.login, "district.monitoring.snapshot", "action_export_xlsx", [report_id])
        self.assertIn("/web/content/", action["url"])

    # 6. Each office sees its own consultations and targets.
    def test_offices_do_not_see_each_other(self):
        other_office = self.env["res.company"].create({"name": "Stadtteilbüro West"})
        self.env["district.consultation"].create(
            {
                "partner_id": self.shop.id,
                "date": datetime(2019, 5, 1, 10),
                "state": "done",
                "company_id": other_office.id,
            }
        )
        self.assertFalse(self.shop.with_user(self.coordinator).last_consultation_date)
        self.env["district.target"].create(
            {
                "indicator": "opening_count",
                "programme_area_id": self.area.id,
                "date_from": "2019-01-01",
                "date_to": "2019-12-31",
                "target_value": 50,
                "company_id": other_office.id,
            }
        )
        report = self.env["district.monitoring.snapshot"].browse(self.draft_report())
        openings = report.total_line_ids.filtered(lambda line: line.indicator == "opening_count")
        self.assertFalse(openings.has_target, "another office's target")

    def test_vacant_unit_with_history_cannot_be_deleted(self):
        unit = self.env["district.premises"].create(
            {"name": "Laden", "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 80}
        )
        unit.write({"known_since": "2019-01-01"})
        unit.vacancy_ids.date_from = date(2019, 1, 1)
        self.assertRefused("Archive them instead", self.manager.login, "district.premises", "unlink", unit.ids)
        self.assertEqual(len(unit.vacancy_ids), 1, "the vacancy history stays")
        typo = self.env["district.premises"].create(
            {"name": "Tippfehler", "street": "Eisenbahnstraße 62", "zip": "04315", "city": "Leipzig", "area_m2": 50}
        )
        self.rpc(self.coordinator.login, "district.premises", "unlink", typo.ids)
        self.assertFalse(typo.exists(), "entered today by mistake: counted nowhere yet")
