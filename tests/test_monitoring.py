import io
from datetime import date, datetime

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestMonitoring(DistrictEconomyCase):
    """Business events, fundings, indicators counted once, targets and frozen reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "Europe/Berlin"
        cls.Event = cls.env["district.business.event"]
        cls.Funding = cls.env["district.funding"]
        cls.erdf = cls.env.ref("district_economy.funding_programme_erdf_2021")
        cls.retail = cls.env.ref("base.res_partner_industry_G")
        # A period far from the demo data, so figures are the test's own.
        cls.year_start, cls.year_end = date(2019, 1, 1), date(2019, 12, 31)

    def events(self, partner):
        return self.Event.search([("partner_id", "=", partner.id)]).mapped(lambda e: (e.event_type, e.quarter_id))

    def snapshot(self, **values):
        """A report on the test year with its figures computed."""
        snapshot = self.env["district.monitoring.snapshot"].create(
            {
                "programme_area_id": self.area_east.id,
                "date_from": self.year_start,
                "date_to": self.year_end,
                **values,
            }
        )
        snapshot.action_compute()
        return snapshot

    def totals(self, snapshot):
        return {key: value for key, _label, value, _target, _achievement in snapshot._totals()}

    def fund(self, partner, **values):
        return self.Funding.create(
            {
                "name": "Grant",
                "partner_id": partner.id,
                "programme_id": self.erdf.id,
                "state": "paid",
                "date_approved": "2019-03-01",
                "date_last_payment": "2019-06-30",
                "amount_granted": 10000,
                "amount_paid": 10000,
                "investment_actual": 30000,
                "jobs_created_actual": 2,
                **values,
            }
        )

    # Business events --------------------------------------------------
    def test_events_follow_the_business(self):
        shop = self.create_business("Eisenbahnstraße 49", opening_date="2019-03-01", industry_id=self.retail.id)
        self.assertEqual(self.events(shop), [("opening", self.quarter_neustadt)])
        shop.with_context(district_move_date="2019-06-01").street = "Eisenbahnstraße 120"
        self.assertIn(("moved_out", self.quarter_neustadt), self.events(shop))
        self.assertIn(("moved_in", self.quarter_volkmarsdorf), self.events(shop))
        shop.with_context(district_move_date="2019-07-01").industry_id = self.env.ref("base.res_partner_industry_I")
        shop.write({"business_status": "closed", "closing_date": "2019-11-30"})
        types = [event_type for event_type, _quarter in self.events(shop)]
        self.assertEqual(sorted(types), ["closing", "moved_in", "moved_out", "opening", "sector_change"])
        # A closure cannot be dated before what happened while the business was active.
        with self.assertRaisesText(ValidationError, "Correct the date"):
            shop.closing_date = "2019-06-15"

    def test_rule_correction_writes_no_event(self):
        shop = self.create_business("Musterstraße 5", "04318")
        self.Rule.create({"street_name": "Musterstraße", "zip": "04318", "quarter_id": self.quarter_anger.id})
        shop.action_reassign_quarters()
        self.assertEqual(shop.quarter_id, self.quarter_anger)
        self.assertFalse(self.events(shop))

    def test_period_boundaries_and_time_zone(self):
        shop = self.create_business(
            "Eisenbahnstraße 49", business_status="closed", opening_date="2019-12-31", closing_date="2020-01-01"
        )
        # 23:30 UTC on 31 December is 00:30 on 1 January in Leipzig: not in 2019.
        self.env["district.consultation"].create(
            [
                {"partner_id": shop.id, "date": datetime(2019, 12, 31, 23, 30)},
                {"partner_id": shop.id, "date": datetime(2019, 12, 31, 22, 30)},
            ]
        )
        figures = self.totals(self.snapshot())
        self.assertEqual(figures["opening_count"], 1)
        self.assertEqual(figures["closing_count"], 0)
        self.assertEqual(figures["consultation_count"], 1)

    # Fundings and indicators -------------------------------------------
    def test_each_enterprise_once_and_leverage(self):
        shop = self.create_business("Eisenbahnstraße 49")
        owner = self.Partner.create({"name": "Owner", "parent_id": shop.id, "type": "contact"})
        self.fund(shop)
        self.fund(shop, amount_granted=5000, amount_paid=5000, investment_actual=15000, jobs_created_actual=1)
        for day in (datetime(2019, 2, 1, 10), datetime(2019, 9, 1, 10)):
            self.env["district.consultation"].create({"partner_id": owner.id, "date": day})
        figures = self.totals(self.snapshot())
        self.assertEqual(figures["rco01"], 1)
        self.assertEqual(figures["rco02"], 1)
        self.assertEqual(figures["rco04"], 1)
        self.assertEqual(figures["reached"], 1)
        self.assertEqual(figures["grant_paid"], 15000)
        self.assertEqual(figures["funding_investment"], 45000)
        self.assertEqual(figures["funding_jobs_created"], 3)
        self.assertEqual(figures["leverage"], 3.0)

    def test_funding_rules(self):
        shop = self.create_business("Eisenbahnstraße 49")
        funding = self.fund(shop)
        self.assertEqual(funding.leverage, 3.0)
        self.assertEqual(funding.retention_until, date(2024, 12, 31))
        self.assertEqual(funding.quarter_id, self.quarter_neustadt)
        with self.assertRaisesText(ValidationError, "more than the"):
            funding.amount_paid = 12000
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            funding.jobs_created_actual = -1
        with self.assertRaisesText(UserError, "Archive them instead"):
            funding.unlink()
        unpaid = self.fund(shop, state="approved", amount_paid=0, date_last_payment=False)
        self.assertFalse(unpaid.leverage)

    # Targets and reports -----------------------------------------------
    def test_targets(self):
        Target = self.env["district.target"]
        Target.create(
            {
                "indicator": "consultation_count",
                "programme_area_id": self.area_east.id,
                "date_from": "2019-01-01",
                "date_to": "2019-12-31",
                "target_value": 4,
            }
        )
        with self.assertRaisesText(ValidationError, "must not overlap"):
            Target.create(
                {
                    "indicator": "consultation_count",
                    "programme_area_id": self.area_east.id,
                    "date_from": "2019-06-01",
                    "date_to": "2020-05-31",
                    "target_value": 4,
                }
            )
        Target.create(
            {
                "indicator": "consultation_count",
                "programme_area_id": self.area_east.id,
                "quarter_id": self.quarter_neustadt.id,
                "date_from": "2019-01-01",
                "date_to": "2019-12-31",
                "target_value": 2,
            }
        )
        shop = self.create_business("Eisenbahnstraße 49")
        self.env["district.consultation"].create({"partner_id": shop.id, "date": datetime(2019, 5, 5, 10)})
        snapshot = self.snapshot()
        row = next(row for row in snapshot._totals() if row[0] == "consultation_count")
        self.assertEqual(row[2:], (1.0, 4.0, 25.0))
        quarter_line = snapshot.line_ids.filtered(
            lambda line: (
                line.level == "quarter"
                and line.quarter_id == self.quarter_neustadt
                and line.indicator == "consultation_count"
            )
        )
        self.assertEqual((quarter_line.value, quarter_line.target_value, quarter_line.achievement), (1.0, 2.0, 50.0))
        self.assertEqual(snapshot._by_quarter()[self.quarter_neustadt]["consultation_count"], 1.0)

    def test_final_report_is_frozen(self):
        shop = self.create_business("Eisenbahnstraße 49")
        consultation = self.env["district.consultation"].create({"partner_id": shop.id, "date": datetime(2019, 5, 5)})
        snapshot = self.snapshot()
        with self.assertRaises(AccessError):
            snapshot.with_user(self.user_coordinator).action_finalize()
        snapshot.with_user(self.user_manager).action_finalize()
        consultation.action_cancel()
        self.assertEqual(self.totals(snapshot)["consultation_count"], 1, "a sent report does not change")
        with self.assertRaisesText(UserError, "cannot be changed"):
            snapshot.date_to = "2019-06-30"
        with self.assertRaisesText(UserError, "cannot be deleted"):
            snapshot.unlink()
        with self.assertRaisesText(UserError, "Only draft"):
            snapshot.action_compute()
        with self.assertRaisesText(UserError, "cannot be changed"):
            snapshot.line_ids[:1].value = 99

    def test_new_report_defaults_and_one_draft_per_period(self):
        Snapshot = self.env["district.monitoring.snapshot"]
        self.assertTrue(Snapshot.default_get(["programme_area_id"]).get("programme_area_id"), "an area by default")
        draft = self.snapshot()
        with self.assertRaisesText(ValidationError, "already a draft report"):
            self.snapshot()
        other_period = self.snapshot(date_to=date(2019, 6, 30))
        self.assertNotEqual(other_period, draft)
        draft.with_user(self.user_manager).action_finalize()
        self.assertTrue(self.snapshot(), "a new draft once the first is final")

    def test_xlsx_has_the_figures(self):
        shop = self.create_business("Eisenbahnstraße 49")
        self.fund(shop)
        snapshot = self.snapshot()
        action = snapshot.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        overview = workbook.worksheets[0]
        values = {overview.cell(row, 1).value: overview.cell(row, 2).value for row in range(5, overview.max_row + 1)}
        self.assertEqual(values["Grants paid"], 10000)
        self.assertEqual(values["RCR02 private investment"], 30000)

    def test_access(self):
        snapshot = self.snapshot()
        readonly = self.env["district.monitoring.snapshot"].with_user(self.user_readonly)
        self.assertTrue(readonly.browse(snapshot.id).line_ids.read(["value"]))
        self.assertTrue(self.env["district.monitoring.report"].with_user(self.user_readonly).search([], limit=1))
        with self.assertRaises(AccessError):
            readonly.create({"programme_area_id": self.area_east.id})
        with self.assertRaises(AccessError):
            self.env["district.target"].with_user(self.user_coordinator).create(
                {
                    "indicator": "rco01",
                    "programme_area_id": self.area_east.id,
                    "date_from": "2030-01-01",
                    "date_to": "2030-12-31",
                    "target_value": 1,
                }
            )
        funding = self.fund(self.create_business("Eisenbahnstraße 49"), note="Bank problems")
        with self.assertRaises(AccessError):
            funding.with_user(self.user_readonly).read(["note"])
