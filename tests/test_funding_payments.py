from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DistrictEconomyCase

TOTAL = ("total", False, False)


@tagged("post_install", "-at_install")
class TestFundingPayments(DistrictEconomyCase):
    """Dated payments: what was paid in a period, RCO02 in every period of a funding, leverage, location."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.use_own_office()
        cls.Funding = cls.env["district.funding"]
        cls.Payment = cls.env["district.funding.payment"]
        cls.engine = cls.env["district.monitoring.engine"]
        cls.erdf = cls.env.ref("district_economy.funding_programme_erdf_2021")
        cls.retail = cls.env.ref("base.res_partner_industry_G")
        cls.shop = cls.create_business("Eisenbahnstraße 49", opening_date="2018-03-01", industry_id=cls.retail.id)

    def fund(self, **values):
        """An approved grant of 10,000 to the shop, not yet paid."""
        return self.Funding.create(
            {
                "name": "Grant",
                "partner_id": self.shop.id,
                "programme_id": self.erdf.id,
                "state": "approved",
                "date_approved": "2019-11-01",
                "amount_granted": 10000,
                **values,
            }
        )

    def pay(self, funding, *payments):
        funding.write(
            {
                "state": "paid",
                "payment_ids": [Command.create({"date": day, "amount": amount}) for day, amount in payments],
            }
        )

    def figures(self, date_from, date_to, key=TOTAL):
        figures = self.engine._compute_figures(date_from, date_to, self.area_east, self.env.company)
        return figures.get(key, {})

    def year(self, year, key=TOTAL):
        return self.figures(date(year, 1, 1), date(year, 12, 31), key)

    # Payments and the totals that follow them ---------------------------
    def test_payments_make_the_amount_paid_and_the_last_payment_date(self):
        funding = self.fund()
        self.pay(funding, ("2020-03-01", 6000), ("2021-01-15", 4000))
        self.assertEqual(funding.amount_paid, 10000)
        self.assertEqual(funding.date_last_payment, date(2021, 1, 15))
        self.assertEqual(funding.retention_until, date(2026, 12, 31), "five years from the year of the last payment")
        self.assertEqual(funding.payment_ids.company_id, self.env.company)
        self.assertEqual(funding.payment_ids.quarter_id, self.quarter_neustadt)
        funding.payment_ids.filtered(lambda payment: payment.amount == 4000).unlink()
        self.assertEqual((funding.amount_paid, funding.date_last_payment), (6000, date(2020, 3, 1)))

        with self.assertRaisesText(ValidationError, "more than the"):
            self.pay(funding, ("2021-02-01", 5000))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.pay(funding, ("2021-02-01", 0))
        with self.assertRaisesText(ValidationError, "Enter them in the Payments tab"):
            funding.payment_ids.unlink()

        self.pay(funding, ("2021-02-01", 1000))
        with self.assertRaisesText(UserError, "change them in the Payments tab"):
            funding.amount_paid = 9000
        with self.assertRaisesText(UserError, "change them in the Payments tab"):
            funding.date_last_payment = "2021-03-01"

    def test_amount_paid_written_directly_is_one_payment(self):
        funding = self.fund(state="paid", date_last_payment="2020-03-01", amount_paid=7000)
        self.assertRecordValues(funding.payment_ids, [{"date": date(2020, 3, 1), "amount": 7000}])
        funding.amount_paid = 8000
        self.assertRecordValues(funding.payment_ids, [{"date": date(2020, 3, 1), "amount": 8000}])
        funding.date_last_payment = "2020-04-01"
        self.assertRecordValues(funding.payment_ids, [{"date": date(2020, 4, 1), "amount": 8000}])

        # Without a payment date the payment is dated on the approval.
        approved = self.fund(amount_paid=2000)
        self.assertRecordValues(approved.payment_ids, [{"date": date(2019, 11, 1), "amount": 2000}])
        self.assertEqual(approved.date_last_payment, date(2019, 11, 1))
        approved.amount_paid = 0
        self.assertFalse(approved.payment_ids)
        self.assertFalse(approved.date_last_payment)
        with self.assertRaisesText(ValidationError, "needs an amount"):
            approved.date_last_payment = "2020-01-01"
        self.assertFalse(self.fund(amount_paid=0, date_last_payment=False).payment_ids)

        # Old data imports the same way.
        result = self.Funding.load(
            [
                "name",
                "partner_id/.id",
                "programme_id/.id",
                "state",
                "date_approved",
                "date_last_payment",
                "amount_granted",
                "amount_paid",
            ],
            [["Imported", str(self.shop.id), str(self.erdf.id), "paid", "2018-02-01", "2018-08-31", "5000", "4500"]],
        )
        self.assertFalse(result["messages"])
        imported = self.Funding.browse(result["ids"])
        self.assertRecordValues(imported.payment_ids, [{"date": date(2018, 8, 31), "amount": 4500}])
        self.assertEqual(imported.amount_paid, 4500)

    def test_closing_needs_its_date(self):
        funding = self.fund(state="paid", date_last_payment="2020-03-01", amount_paid=10000)
        with self.assertRaisesText(ValidationError, "closed"):
            funding.state = "closed"
        funding.write({"state": "closed", "date_closed": "2021-02-01"})
        self.assertEqual(funding.date_closed, date(2021, 2, 1))

    def test_coordinators_record_payments_readers_read_them(self):
        funding = self.fund()
        self.pay(funding.with_user(self.user_coordinator), ("2020-03-01", 1000))
        payment = funding.payment_ids.with_user(self.user_readonly)
        self.assertEqual(payment.amount, 1000)
        with self.assertRaises(AccessError):
            payment.amount = 2000
        with self.assertRaises(AccessError):
            self.Payment.with_user(self.user_readonly).create(
                {"funding_id": funding.id, "date": "2020-04-01", "amount": 1000}
            )

    # Indicators ------------------------------------------------------------
    def test_rco02_in_every_period_approved_paid_or_closed(self):
        funding = self.fund(investment_actual=30000, jobs_created_actual=2)
        self.pay(funding, ("2020-03-01", 10000))
        funding.write({"state": "closed", "date_closed": "2021-02-01"})
        self.assertEqual(
            {year: self.year(year).get("rco02", 0) for year in range(2018, 2023)},
            {2018: 0, 2019: 1, 2020: 1, 2021: 1, 2022: 0},
        )
        self.assertEqual(self.year(2021).get("rco01"), 1, "supported by a grant is supported")
        self.assertEqual(self.figures(date(2019, 1, 1), date(2021, 12, 31))["rco02"], 1, "each enterprise once")
        self.assertEqual(self.year(2019).get("grant_paid", 0), 0, "approved is not paid")
        self.assertEqual(self.year(2020)["grant_paid"], 10000)
        # Investment and jobs count once, with the last payment.
        self.assertEqual(self.year(2020)["funding_investment"], 30000)
        self.assertEqual(self.year(2020)["funding_jobs_created"], 2)
        self.assertEqual(self.year(2021).get("funding_investment", 0), 0)

    def test_grants_paid_per_year(self):
        funding = self.fund()
        self.pay(funding, ("2020-03-01", 6000), ("2021-01-15", 4000))
        self.assertEqual(self.year(2020)["grant_paid"], 6000)
        self.assertEqual(self.year(2021)["grant_paid"], 4000)
        self.assertEqual(self.figures(date(2020, 1, 1), date(2021, 12, 31))["grant_paid"], 10000)

    def test_leverage_of_the_fundings_paid_in_the_period(self):
        paid_once = self.fund(date_approved="2019-05-01", investment_actual=30000)
        self.pay(paid_once, ("2020-04-01", 10000))
        paid_twice = self.fund(date_approved="2020-01-10", amount_granted=20000, investment_actual=40000)
        self.pay(paid_twice, ("2020-06-01", 10000), ("2021-03-01", 10000))
        # Approved, not paid: its investment must not pad the numerator.
        self.fund(date_approved="2020-02-01", investment_actual=50000)

        year_2020 = self.year(2020)
        self.assertEqual(year_2020["leverage"], 3.5, "(30,000 + 40,000) / (10,000 + 10,000)")
        self.assertEqual(self.year(2020, ("quarter", self.quarter_neustadt.id, False))["leverage"], 3.5)
        self.assertEqual(self.year(2020, ("detail", self.quarter_neustadt.id, self.retail.id))["leverage"], 3.5)
        self.assertEqual(self.year(2021)["leverage"], 4.0, "40,000 over the 10,000 paid in 2021")
        self.assertNotIn("leverage", self.year(2019), "nothing paid, no leverage")

        # A funding's own ratio is shown, but never averaged over a group of fundings.
        self.assertEqual(paid_once.leverage, 3.0)
        self.assertFalse(self.Funding.fields_get(["leverage"], ["aggregator"])["leverage"].get("aggregator"))

    # Location ----------------------------------------------------------------
    def test_location_on_the_approval_date(self):
        shop = self.create_business("Eisenbahnstraße 49", opening_date="2019-03-01", name="Moving Shop")
        shop.with_context(district_move_date="2021-05-01").street = "Eisenbahnstraße 120"
        self.assertEqual(shop.quarter_id, self.quarter_volkmarsdorf)
        owner = self.Partner.create({"name": "Owner", "parent_id": shop.id, "type": "contact"})

        before_move = self.fund(partner_id=shop.id, date_approved="2020-06-01")
        self.assertEqual(before_move.quarter_id, self.quarter_neustadt)
        self.assertEqual(before_move.stamp_street, "Eisenbahnstraße 49")
        after_move = self.fund(partner_id=shop.id, date_approved="2022-01-10")
        self.assertEqual(after_move.quarter_id, self.quarter_volkmarsdorf)
        through_owner = self.fund(partner_id=owner.id, date_approved="2020-06-01")
        self.assertEqual(through_owner.quarter_id, self.quarter_neustadt, "a contact person's business counts")
        # On the day of the move the business is at its new address; not yet approved: where it is now.
        before_move.date_approved = "2021-05-01"
        self.assertEqual(before_move.quarter_id, self.quarter_volkmarsdorf)
        draft = self.fund(partner_id=shop.id, state="draft", date_approved=False)
        self.assertEqual(draft.quarter_id, self.quarter_volkmarsdorf)
