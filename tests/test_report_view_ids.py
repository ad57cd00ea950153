from collections import Counter
from datetime import date
from unittest.mock import patch

from odoo import Command
from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import SQL

from .test_indicators import IndicatorCase

YEAR_2019 = [("date", ">=", date(2019, 1, 1)), ("date", "<=", date(2019, 12, 31))]


def quarter_start(day):
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


@tagged("post_install", "-at_install")
class TestReportViewIds(IndicatorCase):
    """The report views number their rows from their source rows, so Odoo's filters reach the base tables.

    A row_number() over the whole union forced PostgreSQL to build every row of every year before
    it could apply the date, company or quarter filter; ids derived from the source rows are stable
    (the same row keeps its id whatever else is added or filtered) and leave the filters free to move
    down into the base tables and their indexes.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contact = cls.env["district.contact.report"]
        cls.Monitoring = cls.env["district.monitoring.report"]
        cls.office = cls.env.company
        cls.cafe = cls.create_business(
            "Eisenbahnstraße 49", name="Café", business_status="active", opening_date="2019-02-01"
        )
        cls.bakery = cls.create_business(
            "Eisenbahnstraße 120", name="Bäckerei", business_status="active", opening_date="2019-08-01"
        )
        cls.owner = cls.Partner.create({"name": "Café Owner", "parent_id": cls.cafe.id, "type": "contact"})

    def setUp(self):
        super().setUp()
        # A year of contacts in every quarter, the year before and after, one of each kind.
        for day in (date(2018, 12, 31), date(2019, 1, 1), date(2019, 3, 31), date(2019, 5, 2), date(2019, 11, 3)):
            self.consult(self.cafe, day)
        self.consult(self.owner, date(2019, 7, 1))
        self.consult(self.bakery, date(2019, 9, 30))
        self.consult(self.bakery, date(2019, 10, 1), state="cancelled")
        self.consult(self.cafe, date(2020, 1, 1))
        self.refer(self.bakery, date(2019, 4, 1))
        self.refer(self.cafe, date(2019, 12, 31))
        self.meeting(self.owner, date(2019, 6, 4))
        self.meeting(self.bakery, date(2020, 2, 4))
        won = self.env["district.settlement.stage"].search([("is_won", "=", True)], limit=1)
        self.env["district.settlement"].create(
            {
                "name": "Bäckerei sucht Laden",
                "partner_id": self.bakery.id,
                "stage_id": won.id,
                "settled_date": "2019-08-01",
            }
        )
        self.grant = self.env["district.funding"].create(
            {
                "name": "Neue Küche",
                "partner_id": self.cafe.id,
                "programme_id": self.env.ref("district_economy.funding_programme_erdf_2021").id,
                "state": "paid",
                "date_approved": "2019-02-15",
                "amount_granted": 10000,
                "investment_actual": 30000,
                "payment_ids": [
                    Command.create({"date": "2019-04-01", "amount": 4000}),
                    Command.create({"date": "2019-09-01", "amount": 6000}),
                ],
            }
        )
        self.grant.write({"state": "closed", "date_closed": "2019-12-01"})

    # Helpers -------------------------------------------------------------
    def own(self, domain=()):
        return [("company_id", "=", self.office.id), *domain]

    def contact_ids(self, domain=()):
        """{(kind, source record id): report row id} of the office's contacts."""
        rows = self.Contact.search_read(self.own(domain), ["contact_type", "res_id"])
        return {(row["contact_type"], row["res_id"]): row["id"] for row in rows}

    def monitoring_rows(self, domain=()):
        """{report row id: what the row says} of the office's facts."""
        fields = ["source", "date", "consultation_count", "opening_count", "grant_granted", "grant_paid"]
        rows = self.Monitoring.search_read(self.own(domain), fields)
        return {row.pop("id"): row for row in rows}

    def captured_sql(self, call):
        """The SQL of the report query ``call`` runs (the last query that reads a report's union)."""
        queries = []
        execute = Cursor.execute

        def capture(cursor, query, params=None, log_exceptions=None):
            queries.append(query)
            return execute(cursor, query, params, log_exceptions)

        self.env.flush_all()
        with patch("odoo.sql_db.Cursor.execute", capture):
            call()
        reports = [
            query for query in queries if isinstance(query, SQL) and "FROM district_consultation c" in query.code
        ]
        self.assertTrue(reports, "the call reads a report")
        return reports[-1]

    def plan(self, call):
        self.env.cr.execute(SQL("EXPLAIN %s", self.captured_sql(call)))
        return "\n".join(line for (line,) in self.env.cr.fetchall())

    def assertFilteredAtTheSource(self, plan, *columns):
        """No window over the union; each base-table date column is filtered on its table (scan filter or index)."""
        self.assertNotIn("WindowAgg", plan)
        for column in columns:
            self.assertRegex(plan, rf"(Filter|Cond): [^\n]*\b{column}\b", f"{column} is filtered in its table\n{plan}")

    # (a) Ids: unique and stable -----------------------------------------
    def test_contact_ids_unique_stable_and_from_their_source(self):
        ids = self.contact_ids()
        self.assertEqual(len(ids), 12, "8 done consultations, 2 referrals, 2 meetings")
        self.assertEqual(len(set(ids.values())), len(ids), "unique across consultations, referrals and meetings")
        self.assertEqual(self.contact_ids(), ids, "the same ids when read again")
        in_2019 = self.contact_ids(YEAR_2019)
        self.assertEqual(len(in_2019), 9)
        self.assertEqual(in_2019, {key: row_id for key, row_id in ids.items() if key in in_2019}, "filtered: same ids")
        # A contact added before all others moves no one's id (row_number() over the dates did).
        self.consult(self.cafe, date(2017, 1, 2))
        self.env.invalidate_all()  # as a new request would: the ids are read from the database again
        again = self.contact_ids()
        self.assertEqual(len(again), 13)
        self.assertEqual({key: again[key] for key in ids}, ids)
        # The id reads the row it names.
        for (kind, res_id), row_id in ids.items():
            row = self.Contact.browse(row_id)
            self.assertEqual((row.contact_type, row.res_id), (kind, res_id))

    def test_monitoring_ids_unique_and_stable(self):
        rows = self.monitoring_rows()
        self.assertEqual(len(set(rows)), len(rows))
        funding = [row for row in rows.values() if row["source"] == "funding"]
        self.assertEqual(len(funding), 5, "approval, two payments, closure, investment: five rows of one funding")
        self.assertEqual(Counter(row["source"] for row in rows.values())["contact"], 12)
        self.assertEqual(self.monitoring_rows(), rows, "the same ids when read again")
        in_2019 = self.monitoring_rows(YEAR_2019)
        self.assertEqual(in_2019, {row_id: row for row_id, row in rows.items() if row_id in in_2019})
        self.consult(self.cafe, date(2017, 1, 2))
        self.env.invalidate_all()
        again = self.monitoring_rows()
        self.assertEqual(len(again), len(rows) + 2, "the consultation and its contact")
        self.assertEqual({row_id: again[row_id] for row_id in rows}, rows, "earlier rows keep their ids")
        for row_id, row in list(rows.items())[:5]:
            self.assertEqual(self.Monitoring.browse(row_id).source, row["source"])

    # (b) Filters give what the base records say --------------------------
    def test_contacts_per_quarter_match_the_base_records(self):
        expected = Counter()
        done = self.env["district.consultation"].search(self.own([("state", "=", "done")]))
        expected.update(quarter_start(c.consultation_date) for c in done if c.consultation_date.year == 2019)
        referrals = self.env["district.referral"].search(self.own([("state", "!=", "draft")]))
        expected.update(quarter_start(r.date) for r in referrals if r.date.year == 2019)
        meetings = self.env["event.registration"].search(
            [("event_id.company_id", "=", self.office.id), ("event_id.is_district_network", "=", True)]
        )
        expected.update(quarter_start(r.contact_date) for r in meetings if r.contact_date.year == 2019)
        self.assertEqual(sum(expected.values()), 9)

        as_admin = self.Contact._read_group(self.own(YEAR_2019), ["date:quarter"], ["__count"])
        self.assertEqual(dict(as_admin), expected)
        # The office's reader gets the same through the company record rule instead of a company filter.
        reader = self.Contact.with_user(self.user_readonly)
        self.assertEqual(reader._read_group(YEAR_2019, ["date:quarter"], ["__count"]), as_admin)
        [(reached,)] = reader._read_group(YEAR_2019, [], ["reached_partner_id:count_distinct"])
        self.assertEqual(reached, 2, "the café (its owner counts for it) and the bakery")
        by_quarter = dict(reader._read_group(YEAR_2019, ["quarter_id"], ["__count"]))
        self.assertEqual(sum(by_quarter.values()), 9)
        self.assertEqual(
            reader.search_count([*YEAR_2019, ("quarter_id", "=", self.cafe.quarter_id.id)]),
            by_quarter[self.cafe.quarter_id],
        )

    def test_monitoring_per_quarter_matches_the_base_records(self):
        aggregates = ["consultation_count:sum", "opening_count:sum", "grant_granted:sum", "grant_paid:sum"]
        rows = self.Monitoring.with_user(self.user_readonly)._read_group(YEAR_2019, ["date:quarter"], aggregates)
        figures = {quarter: values for quarter, *values in rows}
        q1, q2, q3, q4 = (date(2019, month, 1) for month in (1, 4, 7, 10))
        # Consultations: 1 Jan and 31 Mar | 2 May | 1 Jul (owner) and 30 Sep | 3 Nov (the cancelled one not).
        self.assertEqual({quarter: values[0] for quarter, values in figures.items()}, {q1: 2, q2: 1, q3: 2, q4: 1})
        events = self.env["district.business.event"].search(self.own([("event_type", "=", "opening")]))
        openings = Counter(quarter_start(event.date) for event in events if event.date.year == 2019)
        self.assertEqual({quarter: values[1] for quarter, values in figures.items() if values[1]}, openings)
        self.assertEqual(figures[q1][2], 10000, "approved in February")
        self.assertEqual((figures[q2][3], figures[q3][3]), (4000, 6000), "paid in April and September")
        same_as_admin = self.Monitoring._read_group(self.own(YEAR_2019), ["date:quarter"], aggregates)
        self.assertEqual(same_as_admin, rows)

    # (c) The plan: no window over the union, the filters on the base tables ----
    def test_filters_reach_the_base_tables(self):
        reader = self.user_readonly
        contact = self.Contact.with_user(reader)
        plan = self.plan(
            lambda: contact._read_group(YEAR_2019, ["date:quarter"], ["reached_partner_id:count_distinct"])
        )
        self.assertFilteredAtTheSource(plan, "consultation_date", "contact_date")
        # The list reads the ids too: before, that put a window over every contact of every year in the plan.
        plan = self.plan(lambda: contact.search_fetch(YEAR_2019, ["date", "contact_type", "reached_partner_id"], 80))
        self.assertFilteredAtTheSource(plan, "consultation_date", "contact_date")
        monitoring = self.Monitoring.with_user(reader)
        plan = self.plan(
            lambda: monitoring._read_group(
                [*YEAR_2019, ("programme_area_id", "=", self.area_east.id)],
                ["quarter_id"],
                ["opening_count:sum", "supported_company_id:count_distinct"],
            )
        )
        self.assertFilteredAtTheSource(plan, "consultation_date", "contact_date", "settled_date")
        plan = self.plan(lambda: monitoring.search_fetch(YEAR_2019, ["date", "source"], 80))
        self.assertFilteredAtTheSource(plan, "consultation_date", "contact_date", "settled_date")
        # The office's record rule is filtered on the base tables too (not on the union's column).
        self.assertRegex(plan, r"(Filter|Cond): [^\n]*\(company_id = \d+\)")
