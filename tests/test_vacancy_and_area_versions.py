from datetime import date, datetime, timedelta

from odoo.tests import tagged

from .common import DistrictEconomyCase
from .test_business_history import BusinessHistoryCase


@tagged("post_install", "-at_install")
class TestVacancyOfArchivedUnits(BusinessHistoryCase):
    """Issue 10, item 8: an archived unit leaves the known and the vacant units on the same day."""

    def create_unit(self, street, state="vacant"):
        unit = self.env["district.premises"].create(
            {
                "name": f"Laden {street}",
                "street": street,
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 80,
                "state": state,
                "known_since": "2018-01-01",
            }
        )
        unit.vacancy_ids.date_from = date(2018, 1, 1)
        return unit

    def stocks(self, day):
        """{level key: (vacant, known, rate by count, rate by area)} at the end of ``day``."""
        figures = self.engine._compute_figures(day.replace(month=1, day=1), day, self.area_east, self.env.company)
        return {
            key: (
                values.get("vacant_premises", 0),
                values.get("known_premises", 0),
                values.get("vacancy_rate"),
                values.get("vacancy_rate_area"),
            )
            for key, values in figures.items()
            if key[0] in ("quarter", "total")
        }

    def assertVacantWithinKnown(self, day):
        for key, (vacant, known, rate, rate_area) in self.stocks(day).items():
            self.assertLessEqual(vacant, known, f"{key} on {day}")
            self.assertLessEqual(rate or 0, 100, f"{key} on {day}")
            self.assertLessEqual(rate_area or 0, 100, f"{key} on {day}")

    def test_archived_units_leave_both_sides_on_the_archive_day(self):
        archived_by_action = self.create_unit("Eisenbahnstraße 61")
        archived_by_assignment = self.create_unit("Eisenbahnstraße 63")
        archived_by_write = self.create_unit("Eisenbahnstraße 120")
        self.create_unit("Eisenbahnstraße 65", state="let")
        self.create_unit("Eisenbahnstraße 122", state="let")
        yesterday = self.today - timedelta(days=1)
        total, neustadt, volkmarsdorf = (
            ("total", False, False),
            ("quarter", self.quarter_neustadt.id, False),
            ("quarter", self.quarter_volkmarsdorf.id, False),
        )

        archived_by_action.with_user(self.user_coordinator).action_archive()
        archived_by_assignment.with_user(self.user_coordinator).active = False
        archived_by_write.with_user(self.user_coordinator).write({"active": False})

        # Until the day before, the units were real: known and vacant.
        before = self.stocks(yesterday)
        self.assertEqual(before[total], (3, 5, 60.0, 60.0))
        self.assertEqual(before[neustadt], (2, 3, 66.7, 66.7))
        self.assertEqual(before[volkmarsdorf], (1, 2, 50.0, 50.0))
        self.assertEqual(self.stocks(date(2019, 12, 31))[total], (3, 5, 60.0, 60.0))
        # From the archive day on they count on neither side.
        after = self.stocks(self.today)
        self.assertEqual(after[total], (0, 2, 0.0, 0.0))
        self.assertEqual(after[neustadt], (0, 1, 0.0, 0.0))
        self.assertEqual(after[volkmarsdorf], (0, 1, 0.0, 0.0))
        for day in (date(2017, 12, 31), date(2018, 12, 31), yesterday, self.today, self.today + timedelta(days=400)):
            self.assertVacantWithinKnown(day)
        for unit in archived_by_action | archived_by_assignment | archived_by_write:
            self.assertEqual(unit.date_archived, self.today)
            self.assertEqual(
                [(period.date_from, period.date_to, period.ended_by) for period in unit.vacancy_ids],
                [(date(2018, 1, 1), self.today, "archived")],
                "archiving ends the vacancy on the archive day",
            )

    def test_unarchived_unit_is_vacant_again_from_that_day(self):
        unit = self.create_unit("Eisenbahnstraße 61")
        self.create_unit("Eisenbahnstraße 65", state="let")
        unit.action_archive()
        archived_period = unit.vacancy_ids
        unit.action_unarchive()
        self.assertFalse(unit.date_archived, "unarchiving clears the archive day")
        reopened = unit.vacancy_ids - archived_period
        self.assertEqual((reopened.date_from, reopened.date_to), (self.today, False))
        self.assertEqual(reopened.stamp_street, "Eisenbahnstraße 61", "the new period stamps the unit's address")
        self.assertEqual(reopened.quarter_id, self.quarter_neustadt)
        self.assertEqual(self.stocks(self.today)[("total", False, False)], (1, 2, 50.0, 50.0))
        self.assertVacantWithinKnown(self.today)

    def test_archived_unit_opens_no_vacancy(self):
        let_unit = self.create_unit("Eisenbahnstraße 65", state="let")
        let_unit.action_archive()
        let_unit.state = "vacant"
        self.assertFalse(let_unit.vacancy_ids, "an archived unit is out of the inventory: it stands vacant nowhere")
        let_unit.action_unarchive()
        self.assertEqual(let_unit.vacancy_ids.mapped("date_from"), [self.today])
        imported = self.env["district.premises"].create(
            {
                "name": "Laden aus dem Altbestand",
                "street": "Eisenbahnstraße 67",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 60,
                "known_since": "2018-01-01",
                "active": False,
            }
        )
        self.assertEqual(imported.date_archived, self.today)
        self.assertFalse(imported.vacancy_ids)
        self.assertVacantWithinKnown(self.today)


@tagged("post_install", "-at_install")
class TestProgrammeAreaVersions(DistrictEconomyCase):
    """Issue 10, item 11: the area version valid on a record's date decides, not the first rule found."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Area = cls.env["district.programme.area"]
        cls.area_2003 = Area.create(
            {"name": "Leipziger Osten 2003-2013", "city": "Leipzig", "date_from": "2003-01-01", "date_to": "2013-12-31"}
        )
        cls.area_2014 = Area.create({"name": "Leipziger Osten from 2014", "city": "Leipzig", "date_from": "2014-01-01"})
        # Quarter 23 lies partly inside: only the rules say which version covers the stretch.
        cls.rule_2003, cls.rule_2014 = cls.Rule.create(
            [
                {
                    "street_name": "Musterstraße",
                    "zip": "04318",
                    "number_from": 1,
                    "number_to": 49,
                    "quarter_id": cls.quarter_sellerhausen.id,
                    "programme_area_id": cls.area_2003.id,
                    "sequence": 10,
                },
                {
                    "street_name": "Musterstraße",
                    "zip": "04318",
                    "number_from": 1,
                    "number_to": 49,
                    "quarter_id": cls.quarter_sellerhausen.id,
                    "programme_area_id": cls.area_2014.id,
                    "sequence": 20,
                },
            ]
        )

    def locate(self, day):
        return self.Rule._locate_addresses([("Musterstraße 5", "04318", "Leipzig", day)])[0]

    def consult(self, partner, day):
        return self.env["district.consultation"].create(
            {"partner_id": partner.id, "date": datetime.combine(day, datetime.min.time()).replace(hour=10)}
        )

    def test_version_valid_on_the_date_wins(self):
        sellerhausen = self.quarter_sellerhausen.id
        self.assertEqual(self.locate(date(2010, 6, 1)), (sellerhausen, self.area_2003.id))
        self.assertEqual(self.locate(date(2013, 12, 31)), (sellerhausen, self.area_2003.id))
        self.assertEqual(self.locate(date(2014, 1, 1)), (sellerhausen, self.area_2014.id))
        self.assertEqual(self.locate(date(2020, 6, 1)), (sellerhausen, self.area_2014.id))
        self.assertEqual(self.locate(date(2001, 6, 1)), (sellerhausen, False), "before any version: outside")

        business = self.create_business("Musterstraße 5", "04318", name="Schneiderei")
        self.assertEqual(business.quarter_id, self.quarter_sellerhausen)
        self.assertEqual(business.programme_area_id, self.area_2014, "today the new version applies")
        in_2010 = self.consult(business, date(2010, 6, 1))
        in_2020 = self.consult(business, date(2020, 6, 1))
        self.assertEqual((in_2010.quarter_id, in_2010.programme_area_id), (self.quarter_sellerhausen, self.area_2003))
        self.assertEqual((in_2020.quarter_id, in_2020.programme_area_id), (self.quarter_sellerhausen, self.area_2014))

    def test_rule_order_does_not_hide_a_valid_version(self):
        self.rule_2014.sequence = 1
        self.assertEqual(self.locate(date(2010, 6, 1)), (self.quarter_sellerhausen.id, self.area_2003.id))
        self.assertEqual(self.locate(date(2020, 6, 1)), (self.quarter_sellerhausen.id, self.area_2014.id))
        self.area_2014.active = False
        self.assertEqual(self.locate(date(2020, 6, 1)), (self.quarter_sellerhausen.id, False), "archived version")
