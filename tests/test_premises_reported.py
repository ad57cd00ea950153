import base64
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import JsonRpcMixin
from .test_business_history import BusinessHistoryCase


@tagged("post_install", "-at_install")
class TestPremisesReported(BusinessHistoryCase):
    """Issue 19: a unit reported by the public counts in no figure until the coordinator confirms it."""

    def create_unit(self, street, state="vacant", **values):
        return self.env["district.premises"].create(
            {
                "name": f"Laden {street}",
                "street": street,
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 80,
                "state": state,
                "known_since": "2018-01-01",
                **values,
            }
        )

    def stocks(self, day):
        figures = self.engine._compute_figures(day.replace(month=1, day=1), day, self.area_east, self.env.company)
        return {
            key: (values.get("vacant_premises", 0), values.get("known_premises", 0), values.get("vacancy_rate"))
            for key, values in figures.items()
            if key[0] in ("quarter", "total")
        }

    def test_reported_unit_counts_in_no_figure_until_confirmed(self):
        self.create_unit("Eisenbahnstraße 21").vacancy_ids.date_from = "2018-01-01"
        self.create_unit("Eisenbahnstraße 23", state="let")
        total = ("total", False, False)
        before = self.stocks(self.today)
        self.assertEqual(before[total], (1, 2, 50.0))

        reported = self.create_unit("Eisenbahnstraße 25", state="reported")
        self.assertFalse(reported.is_vacant)
        self.assertFalse(reported.vacancy_ids, "a reported unit opens no vacancy period")
        self.assertEqual(self.stocks(self.today), before)
        # Nor is it offered to a company looking for premises.
        settlement = self.env["district.settlement"].create(
            {"name": "Bakery", "partner_id": self.create_business("Eisenbahnstraße 30").id}
        )
        self.assertNotIn(reported, self.env["district.premises"].search(settlement._premises_candidate_domain()))

        reported.action_confirm_reported()
        self.assertEqual(reported.state, "vacant")
        self.assertEqual(reported.known_since, self.today)
        self.assertEqual(reported.vacancy_ids.date_from, self.today)
        self.assertEqual(self.stocks(self.today)[total], (2, 3, 66.7))
        # The day before the confirmation it was not known yet.
        self.assertEqual(self.stocks(self.today - timedelta(days=1))[total], (1, 2, 50.0))

    def test_known_unit_cannot_go_back_to_reported(self):
        unit = self.create_unit("Eisenbahnstraße 21")
        with self.assertRaisesRegex(UserError, "cannot be set back to Reported"):
            unit.state = "reported"
        with self.assertRaisesRegex(UserError, "not a reported unit"):
            unit.action_confirm_reported()

    def test_status_bar_confirms_too(self):
        reported = self.create_unit("Eisenbahnstraße 25", state="reported")
        reported.state = "let"
        self.assertEqual(reported.known_since, self.today, "known from the day it was confirmed")
        self.assertFalse(reported.vacancy_ids)

    def test_reported_unit_cannot_be_proposed(self):
        reported = self.create_unit("Eisenbahnstraße 25", state="reported")
        settlement = self.env["district.settlement"].create(
            {"name": "Bakery", "partner_id": self.create_business("Eisenbahnstraße 30").id}
        )
        with self.assertRaisesRegex(ValidationError, "only reported and not yet confirmed"):
            self.env["district.settlement.proposal"].create(
                {"settlement_id": settlement.id, "premises_id": reported.id}
            )

    def test_merge_into_known_unit_at_the_same_address(self):
        known = self.create_unit("Eisenbahnstraße 61", state="let")
        elsewhere = self.create_unit("Eisenbahnstraße 63")
        reported = self.create_unit("Eisenbahnstr. 61", state="reported", known_since=False)
        reported.image_1920 = base64.b64encode(
            base64.b64decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
            )
        )
        attachment = self.env["ir.attachment"].create(
            {"name": "photo.txt", "raw": b"shop", "res_model": "district.premises", "res_id": reported.id}
        )
        reported.message_post(body="Seen empty since May")
        public_report = self.env["district.vacancy.report"].create(
            {"premises_id": reported.id, "street": "Eisenbahnstr. 61", "zip": "04315", "description": "Kiosk"}
        )
        wizard = (
            self.env["district.premises.merge"]
            .with_user(self.user_coordinator)
            .create({"premises_id": reported.id, "target_id": known.id})
        )
        self.assertEqual(wizard.candidate_ids, known)
        with self.assertRaisesRegex(UserError, "same address"):
            reported._merge_into(elsewhere)
        wizard.action_merge()
        self.assertFalse(reported.exists())
        self.assertEqual(attachment.res_id, known.id)
        self.assertTrue(known.image_1920)
        self.assertIn("Seen empty since May", "".join(known.message_ids.mapped("body")))
        self.assertEqual(known.state, "let", "merging changes nothing of the known unit")
        self.assertEqual(public_report.premises_id, known, "the public report stays, on the known unit")

    def test_lease_ending_filter(self):
        soon = self.create_unit("Eisenbahnstraße 21", state="let", lease_end=self.today + relativedelta(months=5))
        later = self.create_unit("Eisenbahnstraße 23", state="let", lease_end=self.today + relativedelta(months=7))
        no_end = self.create_unit("Eisenbahnstraße 25", state="let")
        arch = etree.fromstring(self.env["district.premises"].get_view(view_type="search")["arch"])
        domain = safe_eval(
            arch.xpath("//filter[@name='lease_ending']")[0].get("domain"),
            {"context_today": lambda: self.today, "relativedelta": relativedelta},
        )
        found = self.env["district.premises"].search(domain)
        self.assertIn(soon, found)
        self.assertNotIn(later, found)
        self.assertNotIn(no_end, found)
        self.assertEqual(soon.lease_days_left, (soon.lease_end - self.today).days)
        action = self.env.ref("district_economy.district_premises_action_lease_ending")
        self.assertIn("search_default_lease_ending", action.context)

    def test_lease_cannot_end_before_the_unit_was_known(self):
        with self.assertRaisesRegex(ValidationError, "the lease cannot end"):
            self.create_unit("Eisenbahnstraße 21", state="let", lease_end="2017-06-30")


@tagged("post_install", "-at_install")
class TestPremisesReportedOverApi(JsonRpcMixin, HttpCase):
    """Creating a reported unit over the API, and the refusal to turn a known one back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,district_economy.group_district_"
        cls.coordinator = new_test_user(cls.env, "rep_coordinator", groups=groups + "coordinator", lang="en_US")
        cls.readonly = new_test_user(cls.env, "rep_readonly", groups=groups + "readonly", lang="en_US")

    def test_coordinator_creates_reported_unit_and_cannot_turn_back(self):
        values = {"name": "Leer", "street": "Eisenbahnstraße 33", "zip": "04315", "city": "Leipzig", "area_m2": 50}
        unit_id = self.rpc(self.coordinator.login, "district.premises", "create", {**values, "state": "reported"})
        unit = self.env["district.premises"].browse(unit_id)
        self.assertEqual(unit.state, "reported")
        self.assertFalse(unit.vacancy_ids)
        self.rpc(self.coordinator.login, "district.premises", "action_confirm_reported", [unit_id])
        unit.invalidate_recordset()
        self.assertEqual(unit.state, "vacant")
        with self.assertRaises(Exception) as caught:
            self.rpc(self.coordinator.login, "district.premises", "write", [unit_id], {"state": "reported"})
        self.assertIn("cannot be set back to Reported", str(caught.exception))
        with self.assertRaises(Exception) as caught:
            self.rpc(self.readonly.login, "district.premises", "create", {**values, "state": "reported"})
        self.assertRegex(str(caught.exception), "Premises|Gewerberäume", "refused by the access rights")
        self.assertEqual(self.env["district.premises"].search_count([("name", "=", "Leer")]), 1)
