from datetime import date, timedelta

from odoo import fields
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import DistrictEconomyCase, JsonRpcMixin, RpcError


class BusinessHistoryCase(DistrictEconomyCase):
    """Helpers to read a business's event log and the figures of a period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.use_own_office()
        cls.Event = cls.env["district.business.event"]
        cls.engine = cls.env["district.monitoring.engine"]
        cls.today = fields.Date.context_today(cls.Partner)
        # Quarter 23 lies partly in the Leipziger Osten: Musterstraße 1-49 inside, 51-99 outside.
        cls.Rule.create(
            [
                {
                    "street_name": "Musterstraße",
                    "zip": "04318",
                    "number_from": 1,
                    "number_to": 49,
                    "quarter_id": cls.quarter_sellerhausen.id,
                    "programme_area_id": cls.area_east.id,
                },
                {
                    "street_name": "Musterstraße",
                    "zip": "04318",
                    "number_from": 51,
                    "number_to": 99,
                    "quarter_id": cls.quarter_sellerhausen.id,
                },
            ]
        )

    def events(self, partner):
        """(type, date, quarter) of a business's events, oldest first."""
        return [
            (event.event_type, event.date, event.quarter_id)
            for event in self.Event.search([("partner_id", "=", partner.id)], order="date, id")
        ]

    def event_types(self, partner):
        return [event_type for event_type, _day, _quarter in self.events(partner)]

    def active(self, day, quarter=None):
        """Businesses active at the end of ``day`` in the area (or one of its quarters)."""
        stocks = self.engine._active_businesses(day, self.area_east, self.env.company)
        key = ("quarter", quarter.id, False) if quarter else ("total", False, False)
        return stocks.get(key, 0)

    def flows(self, date_from, date_to, quarter=None):
        figures = self.engine._compute_figures(date_from, date_to, self.area_east, self.env.company)
        key = ("quarter", quarter.id, False) if quarter else ("total", False, False)
        return figures.get(key, {})


@tagged("post_install", "-at_install")
class TestBusinessHistory(BusinessHistoryCase):
    """Each finding of the business-history review, as the scenario that showed it."""

    # 1. A closure without a date happened on the day of the change.
    def test_closure_without_date_takes_the_day_of_the_change(self):
        shop = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2018-05-01")
        shop.business_status = "closed"
        self.assertEqual(shop.closing_date, self.today, "the day of the change is written to the business")
        self.assertEqual(self.event_types(shop), ["opening", "closing"])
        self.assertEqual(self.active(self.today), 0, "no longer active at any later period end")
        self.assertEqual(self.active(self.today - timedelta(days=1)), 1)
        created_closed = self.create_business("Eisenbahnstraße 50", business_status="closed")
        self.assertEqual(created_closed.closing_date, self.today)

    # 2. Events stay in step with the dated facts.
    def test_corrected_dates_move_their_events(self):
        shop = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2019-03-01")
        shop.opening_date = "2019-04-01"
        shop.write({"business_status": "closed", "closing_date": "2021-06-30"})
        shop.closing_date = "2021-07-31"
        self.assertEqual(
            self.events(shop),
            [
                ("opening", date(2019, 4, 1), self.quarter_neustadt),
                ("closing", date(2021, 7, 31), self.quarter_neustadt),
            ],
        )
        # Withdrawing the closure (it was a mistake) removes its event.
        shop.write({"business_status": "active", "closing_date": False})
        self.assertEqual(self.event_types(shop), ["opening"])

    def test_moved_out_then_new_address_is_one_move_out(self):
        shop = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2019-03-01")
        shop.business_status = "moved_out"
        shop.write({"street": "Karl-Liebknecht-Straße 10", "zip": "04107"})
        self.assertEqual(self.event_types(shop), ["opening", "moved_out"])
        self.assertEqual(self.events(shop)[1][2], self.quarter_neustadt, "it left from where it was")

    def test_planned_opening_called_off_is_withdrawn(self):
        planned = self.today + timedelta(days=60)
        founder = self.create_business("Eisenbahnstraße 49", business_status="founding", opening_date=planned)
        self.assertEqual(self.events(founder), [("opening", planned, self.quarter_neustadt)])
        self.assertEqual(self.active(planned), 1)
        founder.opening_date = False
        self.assertFalse(self.events(founder))
        self.assertEqual(self.active(planned), 0)

    def test_reopening_after_a_closure_is_a_new_opening(self):
        shop = self.create_business(
            "Eisenbahnstraße 49", business_status="closed", opening_date="2018-01-01", closing_date="2019-06-30"
        )
        shop.write({"business_status": "active", "closing_date": False, "opening_date": "2020-03-01"})
        self.assertEqual(self.event_types(shop), ["opening", "closing", "opening"])
        self.assertEqual(self.active(date(2019, 12, 31)), 0)
        self.assertEqual(self.active(date(2020, 12, 31)), 1)

    # 3. Area figures count only what crosses the area's boundary; quarters keep both sides.
    def test_move_between_two_quarters_of_the_area(self):
        shop = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2019-03-01")
        shop.with_context(district_move_date="2020-05-01").street = "Eisenbahnstraße 120"
        year = (date(2020, 1, 1), date(2020, 12, 31))
        self.assertEqual(self.flows(*year, self.quarter_neustadt).get("moved_out_count"), 1)
        self.assertEqual(self.flows(*year, self.quarter_volkmarsdorf).get("moved_in_count"), 1)
        area = self.flows(*year)
        self.assertEqual((area.get("moved_in_count"), area.get("moved_out_count")), (0, 0))
        self.assertEqual(area.get("active_businesses"), 1)
        self.assertEqual(self.active(date(2020, 12, 31), self.quarter_neustadt), 0)
        self.assertEqual(self.active(date(2020, 12, 31), self.quarter_volkmarsdorf), 1)
        # The pivot has a measure per boundary.
        report = self.env["district.monitoring.report"]
        domain = [("date", ">=", year[0]), ("date", "<=", year[1]), ("company_id", "=", self.env.company.id)]
        [(moved_in, moved_in_area, moved_in_borough)] = report._read_group(
            domain, [], ["moved_in_count:sum", "moved_in_area_count:sum", "moved_in_borough_count:sum"]
        )
        self.assertEqual((moved_in, moved_in_area, moved_in_borough), (1, 0, 0))

    def test_move_inside_a_quarter_across_the_area_boundary(self):
        shop = self.create_business("Musterstraße 5", "04318", business_status="active", opening_date="2019-03-01")
        self.assertEqual(shop.programme_area_id, self.area_east)
        shop.with_context(district_move_date="2020-05-01").street = "Musterstraße 75"
        self.assertEqual(shop.quarter_id, self.quarter_sellerhausen)
        self.assertEqual(self.event_types(shop), ["opening", "moved_out", "moved_in"])
        year = (date(2020, 1, 1), date(2020, 12, 31))
        self.assertEqual(self.flows(*year).get("moved_out_count"), 1, "it left the area")
        self.assertEqual(self.flows(*year, self.quarter_sellerhausen).get("moved_out_count"), 1)
        self.assertEqual(self.active(date(2020, 12, 31)), 0)
        # Inside the quarter and inside the area: no move at all.
        other = self.create_business("Musterstraße 7", "04318", business_status="active", opening_date="2019-03-01")
        other.street = "Musterstraße 9"
        self.assertEqual(self.event_types(other), ["opening"])

    # 4. A move or a correction: the user says which.
    def test_address_correction_is_no_move_and_corrects_stamps(self):
        shop = self.create_business("Eisenbahnstraße 240", business_status="active", opening_date="2019-03-01")
        self.assertFalse(shop.quarter_id, "a typo: no rule covers no. 240")
        consultation = self.env["district.consultation"].create({"partner_id": shop.id, "state": "done"})
        shop.with_context(district_address_correction=True).street = "Eisenbahnstraße 49"
        self.assertEqual(self.events(shop), [("opening", date(2019, 3, 1), self.quarter_neustadt)])
        self.assertEqual(consultation.stamp_street, "Eisenbahnstraße 49")
        self.assertEqual(consultation.quarter_id, self.quarter_neustadt)
        self.assertEqual(self.active(date(2019, 12, 31), self.quarter_neustadt), 1)

    def test_move_is_dated_as_the_user_says(self):
        shop = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2019-03-01")
        consultation = self.env["district.consultation"].create({"partner_id": shop.id, "state": "done"})
        shop.with_context(district_move_date="2021-02-01").street = "Eisenbahnstraße 120"
        self.assertEqual(
            self.events(shop)[1:],
            [
                ("moved_out", date(2021, 2, 1), self.quarter_neustadt),
                ("moved_in", date(2021, 2, 1), self.quarter_volkmarsdorf),
            ],
        )
        self.assertEqual(consultation.quarter_id, self.quarter_neustadt, "a real move keeps past stamps")
        # Over the API without a date, the move happened today.
        shop.street = "Eisenbahnstraße 49"
        self.assertEqual(self.events(shop)[-1], ("moved_in", self.today, self.quarter_neustadt))

    def test_form_asks_move_or_correction(self):
        shop = self.create_business("Eisenbahnstraße 240", business_status="active", opening_date="2019-03-01")
        with Form(shop.with_user(self.user_coordinator)) as form:
            self.assertFalse(form.is_address_edited)
            form.street = "Eisenbahnstraße 49"
            self.assertTrue(form.is_address_edited)
            self.assertEqual(form.district_address_change, "move")
            form.district_address_change = "correction"
        self.assertEqual(self.event_types(shop), ["opening"])
        with Form(shop.with_user(self.user_coordinator)) as form:
            form.street = "Eisenbahnstraße 120"
            form.district_move_date = date(2022, 4, 1)
        self.assertEqual(self.events(shop)[-1], ("moved_in", date(2022, 4, 1), self.quarter_volkmarsdorf))

    # 5. Stocks at a past date use the status and address of that date.
    def test_past_stocks_read_back(self):
        mover = self.create_business("Eisenbahnstraße 49", business_status="active", opening_date="2019-03-01")
        mover.with_context(district_move_date="2021-01-15").write(
            {"street": "Karl-Liebknecht-Straße 10", "zip": "04107"}
        )
        archived = self.create_business("Eisenbahnstraße 51", business_status="active", opening_date="2019-03-01")
        archived.active = False
        recorded = self.create_business("Eisenbahnstraße 53", business_status="active")
        self.assertEqual(self.events(recorded), [("recorded", self.today, self.quarter_neustadt)])
        self.assertEqual(self.active(date(2020, 12, 31), self.quarter_neustadt), 2, "mover and archived")
        self.assertEqual(self.active(date(2021, 12, 31), self.quarter_neustadt), 1, "archived still counts")
        self.assertEqual(self.active(self.today, self.quarter_neustadt), 2, "archived and recorded")
        figures = self.flows(self.today.replace(month=1, day=1), self.today)
        self.assertEqual(figures.get("recorded_count"), 1)

    # 6. A settlement counts on its date, not the day it was typed in.
    def test_settlement_recorded_late_lands_on_its_date(self):
        company = self.create_business(
            "Karl-Liebknecht-Straße 10", "04107", business_status="relocating_in", name="Bäckerei von außerhalb"
        )
        unit = self.env["district.premises"].create(
            {"name": "Laden", "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 80}
        )
        unit.vacancy_ids.date_from = date(2020, 1, 1)
        won = self.env["district.settlement.stage"].search([("is_won", "=", True)], limit=1)
        self.env["district.settlement"].create(
            {
                "name": "Bäckerei",
                "partner_id": company.id,
                "premises_id": unit.id,
                "stage_id": won.id,
                "settled_date": "2025-12-15",
            }
        )
        self.assertEqual(self.events(company), [("moved_in", date(2025, 12, 15), self.quarter_neustadt)])
        self.assertEqual(unit.vacancy_ids.date_to, date(2025, 12, 15))
        self.assertEqual(self.active(date(2025, 12, 31), self.quarter_neustadt), 1)

    def test_company_relocating_in_counts_from_its_move(self):
        company = self.create_business(
            "Eisenbahnstraße 120", business_status="relocating_in", opening_date="2015-04-01", name="Möbelwerkstatt"
        )
        self.assertFalse(self.events(company), "not here yet: it opened elsewhere")
        company.with_context(district_move_date="2024-02-01").business_status = "active"
        self.assertEqual(self.events(company), [("moved_in", date(2024, 2, 1), self.quarter_volkmarsdorf)])
        self.assertEqual(self.active(date(2023, 12, 31)), 0)
        self.assertEqual(self.active(date(2024, 12, 31)), 1)

    # 7. A rule correction reaches every located record; a vacancy keeps where it was counted.
    def test_rule_correction_reaches_premises_and_events(self):
        shop = self.create_business("Musterstraße 120", "04318", business_status="active", opening_date="2019-03-01")
        unit = self.env["district.premises"].create(
            {"name": "Laden", "street": "Musterstraße 120", "zip": "04318", "city": "Leipzig", "area_m2": 80}
        )
        self.assertFalse(self.events(shop)[0][2])
        self.Rule.create(
            {"street_name": "Musterstraße", "zip": "04318", "number_from": 100, "quarter_id": self.quarter_anger.id}
        )
        self.Partner.action_reassign_quarters()
        self.assertEqual(self.events(shop), [("opening", date(2019, 3, 1), self.quarter_anger)])
        self.assertEqual(unit.quarter_id, self.quarter_anger)
        self.assertEqual(unit.vacancy_ids.quarter_id, self.quarter_anger)

    def test_vacancy_period_keeps_its_location(self):
        unit = self.env["district.premises"].create(
            {"name": "Laden", "street": "Eisenbahnstraße 61", "zip": "04315", "city": "Leipzig", "area_m2": 80}
        )
        unit.state = "let"
        ended = unit.vacancy_ids
        unit.write({"street": "Eisenbahnstraße 120", "state": "vacant"})
        self.assertEqual(ended.quarter_id, self.quarter_neustadt)
        self.assertEqual((unit.vacancy_ids - ended).quarter_id, self.quarter_volkmarsdorf)

    def test_sector_change_moves_the_business_between_sectors(self):
        retail = self.env.ref("base.res_partner_industry_G")
        food = self.env.ref("base.res_partner_industry_I")
        shop = self.create_business(
            "Eisenbahnstraße 49", business_status="active", opening_date="2019-03-01", industry_id=retail.id
        )
        shop.with_context(district_move_date="2021-01-01").industry_id = food
        stocks_2020 = self.engine._active_businesses(date(2020, 12, 31), self.area_east, self.env.company)
        stocks_2021 = self.engine._active_businesses(date(2021, 12, 31), self.area_east, self.env.company)
        self.assertEqual(stocks_2020.get(("detail", self.quarter_neustadt.id, retail.id)), 1)
        self.assertEqual(stocks_2021.get(("detail", self.quarter_neustadt.id, retail.id)), 0)
        self.assertEqual(stocks_2021.get(("detail", self.quarter_neustadt.id, food.id)), 1)


@tagged("post_install", "-at_install")
class TestBusinessHistoryOverApi(JsonRpcMixin, HttpCase):
    """Over the external API, the context says whether an address change is a move or a correction."""

    def test_move_or_correction_over_json_rpc(self):
        coordinator = new_test_user(
            self.env, "de_api_coordinator", groups="base.group_user,district_economy.group_district_coordinator"
        )
        Event = self.env["district.business.event"]
        shop_id = self.rpc(
            coordinator.login,
            "res.partner",
            "create",
            {
                "name": "Laden über die API",
                "is_company": True,
                "street": "Eisenbahnstraße 240",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "active",
                "opening_date": "2019-03-01",
            },
        )
        self.rpc(
            coordinator.login,
            "res.partner",
            "write",
            [shop_id],
            {"street": "Eisenbahnstraße 49"},
            context={"district_address_correction": True},
        )
        self.assertEqual(Event.search([("partner_id", "=", shop_id)]).mapped("event_type"), ["opening"])
        self.rpc(
            coordinator.login,
            "res.partner",
            "write",
            [shop_id],
            {"street": "Eisenbahnstraße 120"},
            context={"district_move_date": "2021-05-01"},
        )
        moves = Event.search([("partner_id", "=", shop_id), ("role", "=", "move")])
        self.assertEqual(set(moves.mapped("date")), {date(2021, 5, 1)})
        self.assertEqual(sorted(moves.mapped("event_type")), ["moved_in", "moved_out"])
        # Business events are written by the system only: an integration cannot forge one.
        with self.assertRaises(RpcError):
            self.rpc(
                coordinator.login,
                "district.business.event",
                "create",
                {"partner_id": shop_id, "event_type": "opening", "role": "entry", "date": "2019-01-01"},
            )
        # A closing without a date over the API takes today and is written to the business.
        self.rpc(coordinator.login, "res.partner", "write", [shop_id], {"business_status": "closed"})
        self.assertEqual(self.env["res.partner"].browse(shop_id).closing_date, fields.Date.context_today(Event))
