import base64
import io
import json
from datetime import date, datetime

import openpyxl

from odoo.tests import tagged

from .test_business_history import BusinessHistoryCase


class IndicatorCase(BusinessHistoryCase):
    """An office of its own (see BusinessHistoryCase) with helpers for contacts and reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ihk = cls.env.ref("district_economy.institution_leipzig_ihk")

    def consult(self, partner, day, **values):
        return self.env["district.consultation"].create(
            {"partner_id": partner.id, "date": datetime.combine(day, datetime.min.time()).replace(hour=10), **values}
        )

    def refer(self, partner, day):
        return self.env["district.referral"].create(
            {"partner_id": partner.id, "institution_id": self.ihk.id, "state": "sent", "date": day}
        )

    def meeting(self, partner, day):
        meeting = self.env["event.event"].create(
            {
                "name": "Händlerstammtisch",
                "is_district_network": True,
                "date_begin": datetime.combine(day, datetime.min.time()).replace(hour=17),
                "date_end": datetime.combine(day, datetime.min.time()).replace(hour=19),
            }
        )
        registration = self.env["event.registration"].create({"event_id": meeting.id, "partner_id": partner.id})
        registration.state = "done"
        return registration

    def report(self, year=2019, **values):
        snapshot = self.env["district.monitoring.snapshot"].create(
            {
                "programme_area_id": self.area_east.id,
                "date_from": date(year, 1, 1),
                "date_to": date(year, 12, 31),
                **values,
            }
        )
        snapshot.action_compute()
        return snapshot

    def totals(self, snapshot):
        return {key: value for key, _label, value, _target, _achievement in snapshot._totals()}


@tagged("post_install", "-at_install")
class TestIndicators(IndicatorCase):
    """Enterprises, contacts and report figures as the ERDF and a careful reader count them."""

    # 4. Sole traders are enterprises.
    def test_sole_trader_is_an_enterprise(self):
        tailor = self.Partner.create(
            {
                "name": "Lan Nguyen (Schneiderin)",
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "active",
                "opening_date": "2018-01-01",
            }
        )
        resident = self.Partner.create(
            {"name": "Anwohnerin", "street": "Eisenbahnstraße 51", "zip": "04315", "city": "Leipzig"}
        )
        self.consult(tailor, date(2019, 5, 1))
        self.consult(resident, date(2019, 5, 2))
        figures = self.totals(self.report())
        self.assertEqual((figures["rco04"], figures["rco01"]), (1, 1), "the sole trader, not the resident")
        self.assertEqual(figures["reached"], 2)
        grant = self.env["district.funding"].create(
            {
                "name": "Nähmaschine",
                "partner_id": tailor.id,
                "programme_id": self.env.ref("district_economy.funding_programme_erdf_2021").id,
                "state": "approved",
                "date_approved": "2019-07-01",
                "amount_granted": 5000,
            }
        )
        grant.action_archive()
        figures = self.totals(self.report())
        self.assertEqual((figures["rco02"], figures["rco01"]), (1, 1), "her grant counts, archived or not")

    # 5. Archiving hides, it does not unmake.
    def test_archived_contacts_still_count(self):
        shop = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2018-01-01")
        consultation = self.consult(shop, date(2019, 5, 1))
        referral = self.refer(shop, date(2019, 6, 1))
        consultation.action_archive()
        referral.action_archive()
        figures = self.totals(self.report())
        self.assertEqual((figures["consultation_count"], figures["rco04"]), (1, 1))
        contacts = self.env["district.contact.report"].search([("reached_partner_id", "=", shop.id)])
        self.assertEqual(len(contacts), 2)

    # 6. One definition of RCO04 everywhere: network meetings are contacts, not RCO04.
    def test_network_meeting_is_no_rco04(self):
        shop = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2018-01-01")
        self.meeting(shop, date(2019, 3, 5))
        contacts = self.env["district.contact.report"]
        self.assertEqual(contacts.search_count([("reached_partner_id", "=", shop.id)]), 1)
        self.assertEqual(contacts.search_count([("reached_partner_id", "=", shop.id), ("is_rco04", "=", True)]), 0)
        figures = self.totals(self.report())
        self.assertEqual((figures["reached"], figures["rco04"]), (1, 0))

    # 7. Beside each period's RCO figure, the cumulative one since the programme's start.
    def test_cumulative_rco_since_programme_start(self):
        first = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2018-01-01")
        second = self.create_business("Eisenbahnstraße 51", business_status="active", opening_date="2018-01-01")
        self.consult(first, date(2019, 4, 1))
        self.consult(second, date(2019, 4, 2))
        self.consult(first, date(2020, 4, 1))
        self.refer(first, date(2020, 5, 1))
        snapshot = self.report(2020, cumulative_from=date(2019, 1, 1))
        figures = self.totals(snapshot)
        self.assertEqual((figures["rco04"], figures["rco04_cumulative"]), (1, 2), "each enterprise once")
        self.assertEqual(figures["rco01_cumulative"], 2)
        later_start = self.totals(self.report(2020, cumulative_from=date(2020, 1, 1)))
        self.assertEqual(later_start["rco04_cumulative"], 1)

    # 9. The indicators pivot never sums what must not be summed.
    def test_report_pivot_shows_figures_not_sums(self):
        mover = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2018-01-01")
        self.create_business("Eisenbahnstraße 120", business_status="active", opening_date="2018-01-01")
        mover.with_context(district_move_date="2019-06-01").street = "Eisenbahnstraße 122"
        draft = self.report()
        final = self.report()
        final.with_user(self.user_manager).action_finalize()
        Line = self.env["district.monitoring.snapshot.line"]

        def pivot(domain, groupby):
            groups = Line.formatted_read_group(domain, groupby, ["count_value:sum"])
            return {tuple(group[name] for name in groupby): group["count_value:sum"] for group in groups}

        one_report = [("snapshot_id", "=", draft.id)]
        by_indicator = pivot([*one_report, ("indicator", "in", ("active_businesses", "moved_in_count"))], ["indicator"])
        # Over all quarters: the area's own figure (2 active; the move between two of its quarters is none).
        self.assertEqual(by_indicator, {("active_businesses",): 2, ("moved_in_count",): 0})
        per_quarter = pivot([*one_report, ("indicator", "=", "active_businesses")], ["quarter_id"])
        self.assertEqual(per_quarter[((self.quarter_volkmarsdorf.id, self.quarter_volkmarsdorf.display_name),)], 2)
        # Two reports (draft and final) or two indicators are never added up.
        both = [("snapshot_id", "in", (draft | final).ids), ("indicator", "=", "active_businesses")]
        self.assertFalse(pivot(both, ["indicator"])[("active_businesses",)])
        self.assertEqual(
            pivot(both, ["snapshot_id", "indicator"])[((draft.id, draft.display_name), "active_businesses")], 2
        )
        self.assertFalse(pivot(one_report, [])[()])

    # 12. The dashboard shows only what lies in a programme area.
    def test_dashboard_reads_the_programme_area(self):
        dashboard = self.env.ref("district_economy.spreadsheet_dashboard_district_economy")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        for pivot in data["pivots"].values():
            self.assertIn(["programme_area_id", "!=", False], pivot["domain"])
        for figure in data["sheets"][0]["figures"]:
            self.assertIn(["programme_area_id", "!=", False], figure["data"]["searchParams"]["domain"])

    # 13. Counts are whole numbers, rates and achievements carry "%", amounts the currency.
    def test_figures_are_written_as_they_are_read(self):
        self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2018-01-01")
        unit = self.env["district.premises"].create(
            {"name": "Laden", "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 80}
        )
        unit.known_since = unit.vacancy_ids.date_from = date(2018, 1, 1)
        self.env["district.premises"].create(
            {
                "name": "Laden 2",
                "street": "Eisenbahnstraße 63",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 80,
                "state": "let",
                "known_since": "2018-01-01",
            }
        )
        self.env["district.target"].create(
            {
                "indicator": "active_businesses",
                "programme_area_id": self.area_east.id,
                "date_from": "2019-01-01",
                "date_to": "2019-12-31",
                "target_value": 4,
            }
        )
        snapshot = self.report().with_context(lang="de_DE")
        lines = {line.indicator: line for line in snapshot.total_line_ids}
        self.assertEqual(lines["active_businesses"].value_display, "1")
        self.assertEqual(lines["active_businesses"].achievement_display, "25,0 %")
        self.assertEqual(lines["vacancy_rate"].value_display, "50,0 %")
        self.assertEqual(lines["vacancy_rate"].percent_value, 0.5)
        self.assertEqual(snapshot._format_figure(12345.5, "amount"), "12.345,50\xa0€")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("district_economy.action_report_monitoring", snapshot.ids)[0]
            .decode()
        )
        self.assertIn("50,0 %", html)
        self.assertNotIn("1,00", html)
        sheet = openpyxl.load_workbook(io.BytesIO(snapshot._xlsx_content())).worksheets[0]
        keys = [key for key, *_figures in snapshot._totals()]
        self.assertEqual(sheet.cell(5 + keys.index("active_businesses"), 2).number_format, "#,##0")
        self.assertEqual(sheet.cell(5 + keys.index("vacancy_rate"), 2).number_format, '0.0 "%"')
        self.assertEqual(sheet.cell(5 + keys.index("active_businesses"), 4).number_format, '0.0 "%"')

    # 14. A target says which direction is better; the achievement says whether and how far it is met.
    def test_lower_is_better_target(self):
        unit = self.env["district.premises"].create(
            {"name": "Laden", "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 80}
        )
        unit.known_since = unit.vacancy_ids.date_from = date(2018, 1, 1)
        for number in (63, 65, 67):
            self.env["district.premises"].create(
                {
                    "name": f"Laden {number}",
                    "street": f"Eisenbahnstraße {number}",
                    "zip": "04315",
                    "city": "Leipzig",
                    "area_m2": 80,
                    "state": "let",
                    "known_since": "2018-01-01",
                }
            )
        target = self.env["district.target"].create(
            {
                "indicator": "vacancy_rate",
                "programme_area_id": self.area_east.id,
                "date_from": "2019-01-01",
                "date_to": "2019-12-31",
                "target_value": 5,
            }
        )
        self.assertEqual(target.direction, "lower")
        line = self.report().total_line_ids.filtered(lambda line: line.indicator == "vacancy_rate")
        self.assertEqual((line.value, line.is_target_met, line.achievement), (25.0, False, 20.0))
        target.target_value = 30
        line = self.report().total_line_ids.filtered(lambda line: line.indicator == "vacancy_rate")
        self.assertTrue(line.is_target_met)
        self.assertEqual(line.achievement, 120.0)
