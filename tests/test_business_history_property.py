"""The identity of DOMAIN.md under random sequences of everyday actions (hypothesis).

For every period, each quarter and the programme area:
active at end = active at start + openings + recorded - closures + moves in - moves out.
And the stocks agree with the businesses' facts: city-wide at every year end, in the area today.
"""

from contextlib import closing
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_business_history import BusinessHistoryCase

# Addresses: quarter 20 and 21 (inside the area), quarter 23 inside and outside the area, and elsewhere.
ADDRESSES = [
    ("Eisenbahnstraße 49", "04315"),
    ("Eisenbahnstraße 61", "04315"),
    ("Eisenbahnstraße 120", "04315"),
    ("Musterstraße 5", "04318"),
    ("Musterstraße 75", "04318"),
    ("Karl-Liebknecht-Straße 10", "04107"),
]
YEARS = (2019, 2020, 2021)
days = st.dates(min_value=date(2019, 1, 1), max_value=date(2021, 12, 31))
address = st.integers(min_value=0, max_value=len(ADDRESSES) - 1)
business = st.integers(min_value=0, max_value=3)
actions = st.one_of(
    st.tuples(st.just("create"), address, st.one_of(st.none(), days)),
    st.tuples(st.just("close"), business, st.one_of(st.none(), days)),
    st.tuples(st.just("correct_opening"), business, days),
    st.tuples(st.just("correct_closing"), business, days),
    st.tuples(st.just("move"), business, address, days),
    st.tuples(st.just("correct_address"), business, address),
    st.tuples(st.just("move_out"), business, days),
    st.tuples(st.just("archive"), business),
    st.tuples(st.just("reopen"), business, days),
    st.tuples(st.just("settle"), address, days),
    st.tuples(
        st.just("correct_rule"),
    ),
)


@tagged("post_install", "-at_install")
class TestBusinessHistoryIdentity(BusinessHistoryCase):
    def run_action(self, businesses, action):
        """Do one everyday action as a coordinator would. Impossible ones (a closing before the opening) are
        refused by the model and leave the data as it was."""
        kind, *args = action
        Partner = self.Partner.with_user(self.user_coordinator)
        if kind == "create":
            street, zip_code = ADDRESSES[args[0]]
            values = {"name": f"B{len(businesses)}", "is_company": True, "street": street, "zip": zip_code}
            values.update(city="Leipzig", business_status="active", opening_date=args[1])
            partner = Partner.create(values)
            self.entered_on[partner.id] = self.today
            businesses.append(partner)
            return
        if kind == "settle":
            street, zip_code = ADDRESSES[args[0]]
            company = Partner.create(
                {"name": "Settling", "is_company": True, "business_status": "relocating_in", "city": "Leipzig"}
            )
            company.write({"street": street, "zip": zip_code})
            won = self.env["district.settlement.stage"].search([("is_won", "=", True)], limit=1)
            self.env["district.settlement"].with_user(self.user_coordinator).create(
                {"name": "Case", "partner_id": company.id, "stage_id": won.id, "settled_date": args[1]}
            )
            self.entered_on[company.id] = args[1]
            businesses.append(company)
            return
        if kind == "correct_rule":
            self.Rule.search(
                [("street_name", "=", "Musterstraße"), ("number_to", "=", 99)]
            ).programme_area_id = self.area_east
            self.Partner.with_user(self.user_coordinator).action_reassign_quarters()
            return
        if not businesses:
            return
        partner = businesses[args[0] % len(businesses)].with_user(self.user_coordinator)
        if kind == "close":
            partner.write({"business_status": "closed", "closing_date": args[1]})
        elif kind == "correct_opening":
            partner.opening_date = args[1]
        elif kind == "correct_closing" and partner.closing_date:
            partner.closing_date = args[1]
        elif kind == "move":
            street, zip_code = ADDRESSES[args[1]]
            partner.with_context(district_move_date=args[2]).write({"street": street, "zip": zip_code})
        elif kind == "correct_address":
            street, zip_code = ADDRESSES[args[1]]
            partner.with_context(district_address_correction=True).write({"street": street, "zip": zip_code})
        elif kind == "move_out" and partner.business_status != "moved_out":
            partner.with_context(district_move_date=args[1]).business_status = "moved_out"
            self.left_on[partner.id] = args[1]
        elif kind == "archive":
            partner.active = False
        elif kind == "reopen" and partner.closing_date and args[1] > partner.closing_date:
            period = (self.entry_date(partner), partner.closing_date)
            partner.write({"business_status": "active", "closing_date": False, "opening_date": args[1]})
            self.past_periods.setdefault(partner.id, []).append(period)

    def entry_date(self, partner):
        return partner.opening_date or self.entered_on[partner.id]

    def exit_date(self, partner):
        if partner.closing_date:
            return partner.closing_date
        return self.left_on.get(partner.id) if partner.business_status == "moved_out" else None

    def assert_stock_follows_the_facts(self, businesses):
        """City-wide, a business is active from its opening (or its recording) until its closure or move out:
        worked out here from the facts and the test's own notes, independently of the event log."""
        for year in YEARS:
            end = date(year, 12, 31)
            expected = 0
            for partner in businesses:
                periods = [*self.past_periods.get(partner.id, []), (self.entry_date(partner), self.exit_date(partner))]
                expected += sum(1 for start, stop in periods if start <= end and not (stop and stop <= end))
            stocks = self.engine._active_businesses(end, None, self.env.company)
            self.assertEqual(stocks.get(("total", False, False), 0), expected, f"active at the end of {year}")

    def assert_identity(self):
        company = self.env.company
        for year in YEARS:
            start, end = date(year, 1, 1), date(year, 12, 31)
            figures = self.engine._compute_figures(start, end, self.area_east, company)
            before = self.engine._active_businesses(start - timedelta(days=1), self.area_east, company)
            for key in {key for key in (*figures, *before) if key[0] in ("quarter", "total")}:
                values = figures.get(key, {})
                expected = (
                    before.get(key, 0)
                    + values.get("opening_count", 0)
                    + values.get("recorded_count", 0)
                    - values.get("closing_count", 0)
                    + values.get("moved_in_count", 0)
                    - values.get("moved_out_count", 0)
                )
                self.assertEqual(values.get("active_businesses", 0), expected, f"{year} {key}")

    def assert_today_matches_the_facts(self, businesses):
        """Today's stock is the businesses that are active now, where they are now (archived ones included)."""
        today = self.today
        expected = 0
        for partner in businesses:
            opened = partner.opening_date or partner.business_event_ids.filtered(lambda e: e.role == "entry")[:1].date
            active_now = (
                partner.business_status in ("active", "closed")
                and opened
                and opened <= today
                and not (partner.closing_date and partner.closing_date <= today)
            )
            expected += bool(active_now and partner.programme_area_id == self.area_east)
        self.assertEqual(self.active(today), expected)

    @settings(
        derandomize=True,
        database=None,
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(st.lists(actions, min_size=1, max_size=10))
    def test_identity_holds_after_everyday_actions(self, steps):
        # Each example starts from the same data: its writes are undone at the end.
        self.entered_on, self.left_on, self.past_periods = {}, {}, {}
        with closing(self.env.cr.savepoint()):
            try:
                businesses = []
                for action in steps:
                    try:
                        with self.env.cr.savepoint():
                            self.run_action(businesses, action)
                    except (UserError, ValidationError):
                        self.env.invalidate_all()
                self.env.flush_all()
                self.assert_identity()
                self.assert_stock_follows_the_facts(businesses)
                self.assert_today_matches_the_facts(businesses)
            finally:
                self.env.flush_all()
                self.env.invalidate_all()
