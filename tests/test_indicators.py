import base64
import io
import json
from datetime import date, datetime

import openpyxl

from odoo import Command
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
        """A fresh report on the year (a second draft for the same period is refused: the earlier one goes)."""
        Snapshot = self.env["district.monitoring.snapshot"]
        Snapshot.search(
            [("state", "=", "draft"), ("date_from", "=", date(year, 1, 1)), ("date_to", "=", date(year, 12, 31))]
        ).unlink()
        snapshot = Snapshot.create(
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
        final = self.report()
        final.with_user(self.user_manager).action_finalize()
        draft = self.report()
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


@tagged("post_install", "-at_install")
class TestYearByHand(IndicatorCase):
    """A whole year of a small area, every figure counted by hand (the comments say how)."""

    def test_year_2019_counted_by_hand(self):
        def business(name, street, opened, zip_code="04315", **values):
            return self.create_business(
                street, zip_code, name=name, business_status="active", opening_date=opened, **values
            )

        cafe = business("Café", "Eisenbahnstraße 49", "2018-05-01")  # q20, active all year
        bakery = business("Bäckerei", "Eisenbahnstraße 61", "2019-03-01")  # q20, opens in 2019
        kiosk = business("Kiosk", "Eisenbahnstraße 120", "2017-01-01")  # q21, closes in 2019
        kiosk.closing_date = "2019-09-30"
        kiosk.business_status = "closed"
        barber = business("Friseur", "Eisenbahnstraße 51", "2016-01-01")  # q20 -> q21: no move for the area
        barber.with_context(district_move_date="2019-06-01").street = "Eisenbahnstraße 122"
        workshop = business("Werkstatt", "Musterstraße 5", "2015-01-01", "04318")  # q23 inside -> outside
        workshop.with_context(district_move_date="2019-08-01").street = "Musterstraße 75"

        units = self.env["district.premises"]
        for number, area_m2, state in ((63, 80, "vacant"), (65, 120, "vacant"), (67, 100, "let")):
            unit = units.create(
                {
                    "name": f"Laden {number}",
                    "street": f"Eisenbahnstraße {number}",
                    "zip": "04315",
                    "city": "Leipzig",
                    "area_m2": area_m2,
                    "state": state,
                    "known_since": "2018-01-01",
                }
            )
            unit.vacancy_ids.date_from = date(2019, 2, 1) if number == 65 else date(2018, 1, 1)
            units |= unit
        newcomer = self.create_business(
            "Unter den Linden 1", "10117", "Berlin", name="Manufaktur", business_status="relocating_in"
        )
        won = self.env["district.settlement.stage"].search([("is_won", "=", True)], limit=1)
        self.env["district.settlement"].create(
            {
                "name": "Manufaktur sucht Laden",
                "partner_id": newcomer.id,
                "premises_id": units[0].id,
                "stage_id": won.id,
                "settled_date": "2019-10-15",
                "jobs_created_actual": 3,
                "jobs_secured_actual": 2,
                "investment_actual": 40000,
            }
        )

        self.consult(cafe, date(2019, 2, 1))
        self.consult(bakery, date(2019, 4, 1))
        self.consult(cafe, date(2019, 11, 1))
        self.consult(cafe, date(2019, 12, 1), state="planned")
        self.refer(bakery, date(2019, 5, 1))
        self.meeting(barber, date(2019, 3, 5))
        grant = self.env["district.funding"].create(
            {
                "name": "Neue Küche",
                "partner_id": cafe.id,
                "programme_id": self.env.ref("district_economy.funding_programme_erdf_2021").id,
                "state": "paid",
                "date_approved": "2019-02-15",
                "amount_granted": 10000,
                "investment_actual": 30000,
                "jobs_created_actual": 2,
                "payment_ids": [
                    Command.create({"date": "2019-04-01", "amount": 4000}),
                    Command.create({"date": "2019-09-01", "amount": 6000}),
                ],
            }
        )
        self.assertEqual(grant.amount_paid, 10000)

        snapshot = self.report(2019, cumulative_from=date(2019, 1, 1))
        expected = {
            # Café, Bäckerei, Friseur (moved within the area), Manufaktur; not the Kiosk (closed), the Werkstatt
            # (moved out of the area). At the start: Café, Kiosk, Friseur, Werkstatt = 4.
            "active_businesses": 4,
            "opening_count": 1,  # Bäckerei
            "recorded_count": 0,
            "closing_count": 1,  # Kiosk
            "moved_in_count": 1,  # Manufaktur (the Friseur's move stays inside the area)
            "moved_out_count": 1,  # Werkstatt, across the area's boundary inside Sellerhausen-Stünz
            "known_premises": 3,
            "vacant_premises": 1,  # no. 65; no. 63 was let by the settlement on 15 October
            "vacancy_rate": 33.3,  # 1 of 3
            "vacancy_rate_area": 40.0,  # 120 of 300 m²
            "consultation_count": 3,  # the planned one does not count
            "reached": 3,  # Café, Bäckerei, Friseur (network meeting)
            "rco04": 2,  # Café and Bäckerei; the meeting is no RCO04
            "rco02": 1,  # Café's grant
            "rco01": 2,  # Café, Bäckerei
            "rco01_cumulative": 2,
            "rco02_cumulative": 1,
            "rco04_cumulative": 2,
            "settlement_count": 1,
            "settlement_jobs_created": 3,
            "settlement_jobs_secured": 2,
            "settlement_investment": 40000,
            "grant_paid": 10000,  # 4,000 + 6,000
            "funding_investment": 30000,
            "funding_jobs_created": 2,
            "leverage": 3.0,  # 30,000 / 10,000
        }
        totals = self.totals(snapshot)
        self.assertEqual({key: totals.get(key, 0) for key in expected}, expected)
        # Neustadt-Neuschönefeld: Café and Friseur at the start; + Bäckerei + Manufaktur - Friseur = 3.
        quarter = {
            line.indicator: line.value
            for line in snapshot.line_ids
            if line.level == "quarter" and line.quarter_id == self.quarter_neustadt
        }
        self.assertEqual(
            (
                quarter["active_businesses"],
                quarter["opening_count"],
                quarter["moved_in_count"],
                quarter["moved_out_count"],
            ),
            (3, 1, 1, 1),
        )
