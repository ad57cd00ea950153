from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..models.duplicate_key import business_address_key, name_similarity, normalize_business_name
from .common import JsonRpcMixin, RpcError
from .test_indicators import IndicatorCase


@tagged("post_install", "-at_install")
class TestDuplicates(IndicatorCase):
    """A business typed in twice is spotted, and merging the two counts it once without losing a contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Merge = cls.env["base.partner.merge.automatic.wizard"]
        cls.Report = cls.env["district.monitoring.report"]
        cls.Contacts = cls.env["district.contact.report"]
        cls.bakery_sector = cls.env.ref("base.res_partner_industry_C")

    def bakery(self, name="Musterbäckerei Yilmaz", street="Eisenbahnstraße 61", **values):
        return self.create_business(street, name=name, industry_id=self.bakery_sector.id, **values)

    def merge(self, user, survivor, *duplicates):
        partners = survivor.union(*duplicates)
        # Each user works in the office if it is one of theirs (the helper users of other offices do not).
        companies = self.env.company.ids if self.env.company in user.company_ids else user.company_ids.ids
        wizard = (
            self.Merge.with_user(user)
            .with_context(allowed_company_ids=companies)
            .create({"partner_ids": [Command.set(partners.ids)], "dst_partner_id": survivor.id, "state": "selection"})
        )
        wizard.action_merge()

    def flows_by_year(self):
        """What the Kennzahlen pivot shows per year for the office, and the contacts reached."""
        company = [("company_id", "=", self.env.company.id)]
        measures = [
            "consultation_count:sum",
            "opening_count:sum",
            "closing_count:sum",
            "grant_granted:sum",
            "grant_paid:sum",
            "funding_investment:sum",
            "reached_partner_id:count_distinct",
        ]
        figures = {year.year: values for year, *values in self.Report._read_group(company, ["date:year"], measures)}
        contacts = {
            year.year: values
            for year, *values in self.Contacts._read_group(
                company, ["date:year"], ["__count", "reached_partner_id:count_distinct"]
            )
        }
        return figures, contacts

    # Keys ---------------------------------------------------------------
    def test_keys_ignore_spelling_and_legal_form(self):
        self.assertEqual(
            normalize_business_name("MUSTERBÄCKEREI Yilmaz GmbH & Co. KG"),
            normalize_business_name("Musterbaeckerei Yilmaz e.K."),
        )
        self.assertEqual(normalize_business_name("Beispiel IT-Service UG (haftungsbeschränkt)"), "beispiel it service")
        self.assertEqual(
            business_address_key("Eisenbahnstr. 61a", "4315", "Leipzig"),
            business_address_key("Eisenbahnstraße 61", "04315", "Leipzig"),
        )
        self.assertEqual(business_address_key("Eisenbahnstraße", "04315", "Leipzig"), "", "no house number: no key")
        # The same as PostgreSQL's pg_trgm similarity('ost kiosk beispiel', 'ost kiosk am rabet demo').
        self.assertAlmostEqual(name_similarity("ost kiosk beispiel", "ost kiosk am rabet demo"), 0.3030303, places=6)

    # The warning -------------------------------------------------------
    def test_form_warns_of_the_same_business(self):
        first = self.bakery(company_registry="GA-2025-000101", vat="DE123456789")
        form = Form(self.Partner.with_context(default_is_company=True))
        form.name = "Musterbaeckerei Yilmaz GmbH"
        form.street = "Eisenbahnstr. 61"
        form.zip = "04315"
        form.city = "Leipzig"
        self.assertEqual(form.district_duplicate_partner_id, first, "same name and address")
        form.street = "Eisenbahnstraße 62"
        self.assertFalse(form.district_duplicate_partner_id, "another house")
        form.company_registry = "GA-2025-000101"
        self.assertEqual(form.same_company_registry_partner_id, first, "core's warning: same register number")
        form.company_registry = False
        form.vat = "DE123456789"
        self.assertEqual(form.same_vat_partner_id, first, "core's warning: same VAT number")
        form.street = "Eisenbahnstraße 61"
        second = form.save()  # a warning, not a refusal
        self.assertEqual(second.district_duplicate_partner_id, first)
        self.assertEqual(first.district_duplicate_partner_id, second, "the first one shows it too")
        self.assertIn("warning_district_duplicate", self.Partner.get_view(view_type="form")["arch"])

    def test_warning_costs_one_query_for_any_number_of_records(self):
        businesses = self.Partner.create(
            [
                {"name": f"Laden {number}", "is_company": True, "street": f"Eisenbahnstraße {number}", "zip": "04315"}
                for number in range(1, 31)
            ]
        )
        businesses.fetch(["name", "parent_id", "company_id", "district_name_key", "district_address_key"])
        with self.assertQueryCount(1):
            businesses.mapped("district_duplicate_partner_id")

    # The list of pairs ---------------------------------------------------
    def test_possible_duplicates_list_opens_the_merge(self):
        first = self.bakery()
        second = self.bakery(name="Musterbäckerei Yilmaz Filiale", street="Eisenbahnstr. 61")
        other = self.bakery(name="Kiosk am Rabet", street="Eisenbahnstraße 61")
        registry_twin = self.bakery(name="Imbiss Ost", street="Eisenbahnstraße 30", company_registry="GA-1")
        registry_other = self.bakery(name="Imbiss Ost-West", street="Dresdner Straße 53", company_registry="GA-1")
        Pair = self.env["district.duplicate.pair"].with_user(self.user_manager)
        mine = first | second | other | registry_twin | registry_other
        pairs = Pair.search([("partner_id", "in", mine.ids), ("other_partner_id", "in", mine.ids)])
        self.assertEqual(
            {(pair.partner_id, pair.other_partner_id) for pair in pairs},
            {(first, second), (registry_twin, registry_other)},
            "same address with a similar name, or the same register number; not the kiosk next door",
        )
        pair = pairs.filtered(lambda pair: pair.partner_id == first)
        self.assertTrue(pair.is_same_address)
        self.assertGreaterEqual(pair.name_similarity, 30)
        action = pair.action_merge()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = self.Merge.with_user(self.user_manager).with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, first | second)
        with self.assertRaises(AccessError):
            self.env["district.duplicate.pair"].with_user(self.user_coordinator).search([])

    # The merge ---------------------------------------------------------
    def test_merge_keeps_the_flows_and_counts_the_business_once(self):
        survivor = self.bakery(business_status="active", opening_date="2019-03-01")
        duplicate = self.bakery(
            name="Musterbaeckerei Yilmaz GmbH",
            street="Eisenbahnstr. 61",
            business_status="active",
            opening_date="2020-05-01",
            company_registry="GA-2020-000042",
        )
        owner = self.Partner.create({"name": "Ayşe Yilmaz", "parent_id": duplicate.id})
        consent = self.env["district.consent"].create(
            {"partner_id": owner.id, "purpose": "records", "legal_basis": "consent", "source": "form"}
        )
        first = self.consult(survivor, date(2019, 6, 3))
        second = self.consult(duplicate, date(2020, 6, 2))
        referral = self.refer(duplicate, date(2020, 7, 1))
        registration = self.meeting(duplicate, date(2020, 9, 1))
        funding = self.env["district.funding"].create(
            {
                "name": "Ofen",
                "partner_id": duplicate.id,
                "programme_id": self.env.ref("district_economy.funding_programme_erdf_2021").id,
                "state": "paid",
                "date_approved": "2020-03-01",
                "date_last_payment": "2020-06-30",
                "amount_granted": 10000,
                "amount_paid": 10000,
                "investment_actual": 30000,
            }
        )
        case = self.env["district.settlement"].create({"name": "Zweite Filiale", "partner_id": duplicate.id})
        unit = self.env["district.premises"].create(
            {
                "name": "Laden",
                "street": "Eisenbahnstraße 63",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 60,
                "owner_id": duplicate.id,
            }
        )
        final_2019 = self.report(2019)
        final_2019.with_user(self.user_manager).action_finalize()
        frozen = sorted((line.id, line.indicator, line.quarter_id.id, line.value) for line in final_2019.line_ids)
        stamps = {record: record.quarter_id for record in (first, second, referral, funding)}
        flows_before, contacts_before = self.flows_by_year()
        totals_before = self.totals(self.report(2020))
        self.assertEqual(self.active(date(2020, 12, 31)), 2, "counted twice before the merge")
        self.assertEqual(totals_before["rco01_cumulative"], 2)

        self.merge(self.user_manager, survivor, duplicate)

        self.assertFalse(duplicate.exists())
        for record in (first, second, referral, funding, case, registration):
            self.assertEqual(record.partner_id, survivor, record._name)
        self.assertEqual(unit.owner_id, survivor)
        self.assertEqual(owner.parent_id, survivor)
        self.assertEqual(consent.partner_id, owner)
        self.assertEqual({record: record.quarter_id for record in stamps}, stamps, "contacts keep their stamps")
        self.assertEqual(survivor.company_registry, "GA-2020-000042", "the register number carries over")
        # One opening, not two: the business counts once, from its own opening.
        self.assertEqual(self.events(survivor), [("opening", date(2019, 3, 1), survivor.quarter_id)])
        self.assertEqual(self.active(date(2020, 12, 31)), 1)
        self.assertEqual(self.active(date(2019, 12, 31)), 1)
        flows_after, contacts_after = self.flows_by_year()
        for year in (2019, 2020):
            before, after = flows_before[year], flows_after[year]
            # consultations, closures, grants approved and paid, investment: every flow stays
            self.assertEqual((before[0], *before[2:6]), (after[0], *after[2:6]), year)
            self.assertEqual(before[6], after[6], f"{year}: each year reached one business")
            self.assertEqual(contacts_before[year], contacts_after[year], f"{year}: contacts")
        self.assertEqual((flows_before[2020][1], flows_after[2020][1]), (1, 0), "the duplicate's opening goes")
        reached = self.Contacts._read_group(
            [("company_id", "=", self.env.company.id)], [], ["reached_partner_id:count_distinct"]
        )[0][0]
        self.assertEqual(reached, 1, "reached over both years: one business")
        totals_after = self.totals(self.report(2020))
        for key in ("consultation_count", "grant_paid", "funding_investment", "reached", "rco01", "rco02", "rco04"):
            self.assertEqual(totals_after[key], totals_before[key], key)
        self.assertEqual((totals_before["opening_count"], totals_after["opening_count"]), (1, 0))
        self.assertEqual((totals_before["active_businesses"], totals_after["active_businesses"]), (2, 1))
        self.assertEqual(totals_after["rco01_cumulative"], 1, "the duplicate leaves the distinct counts")
        final_2019.invalidate_recordset()
        self.assertEqual(
            sorted((line.id, line.indicator, line.quarter_id.id, line.value) for line in final_2019.line_ids),
            frozen,
            "a final report does not change",
        )

    def test_merge_keeps_a_business_life_the_survivor_did_not_record(self):
        survivor = self.bakery(business_status="active", opening_date="2022-01-01")
        earlier = self.bakery(
            name="Musterbäckerei Yilmaz (alt)",
            business_status="closed",
            opening_date="2018-01-01",
            closing_date="2020-06-30",
        )
        self.merge(self.user_manager, survivor, earlier)
        self.assertEqual(
            [(event_type, day) for event_type, day, _quarter in self.events(survivor)],
            [("opening", date(2018, 1, 1)), ("closing", date(2020, 6, 30)), ("opening", date(2022, 1, 1))],
        )
        self.assertEqual(
            [self.active(date(year, 12, 31)) for year in (2019, 2021, 2022)], [1, 0, 1], "its two lives, once each"
        )
        self.assertEqual((survivor.business_status, survivor.opening_date), ("active", date(2022, 1, 1)))
        self.assertFalse(survivor.closing_date)
        # Its current period is the survivor's: a closure now ends that one.
        survivor.write({"business_status": "closed", "closing_date": "2023-05-31"})
        self.assertEqual(self.active(date(2023, 12, 31)), 0)
        self.assertEqual(self.active(date(2019, 12, 31)), 1)

    def test_merge_into_a_closed_record_reopens_it_with_the_duplicates_life(self):
        survivor = self.bakery(business_status="closed", opening_date="2015-01-01", closing_date="2017-12-31")
        reopened = self.bakery(name="Musterbäckerei Yilmaz GmbH", business_status="active", opening_date="2019-04-01")
        self.merge(self.user_manager, survivor, reopened)
        self.assertEqual(
            (survivor.business_status, survivor.opening_date, survivor.closing_date),
            ("active", date(2019, 4, 1), False),
            "the latest life decides the status",
        )
        self.assertEqual(
            [event_type for event_type, _day, _quarter in self.events(survivor)], ["opening", "closing", "opening"]
        )
        self.assertEqual([self.active(date(year, 12, 31)) for year in (2016, 2018, 2019)], [1, 0, 1])

    def test_merge_into_a_plain_contact_takes_the_history(self):
        contact = self.Partner.create(
            {
                "name": "Musterbäckerei",
                "is_company": True,
                "street": "Eisenbahnstraße 120",
                "zip": "04315",
                "city": "Leipzig",
            }
        )
        business = self.bakery(business_status="active", opening_date="2019-01-01")
        business.with_context(district_move_date="2021-03-01").write({"street": "Eisenbahnstraße 120"})
        self.assertEqual(self.event_types(business), ["opening", "moved_out", "moved_in"])
        self.merge(self.user_manager, contact, business)
        self.assertEqual((contact.business_status, contact.opening_date), ("active", date(2019, 1, 1)))
        self.assertEqual(self.event_types(contact), ["opening", "moved_out", "moved_in"])
        self.assertEqual(self.active(date(2021, 12, 31), self.quarter_volkmarsdorf), 1)
        self.assertEqual(self.active(date(2020, 12, 31)), 1)

    def test_merge_moves_an_opening_back_to_the_day_the_duplicate_knew(self):
        survivor = self.bakery(business_status="active")
        self.assertEqual(self.event_types(survivor), ["recorded"])
        duplicate = self.bakery(name="Musterbäckerei Yilmaz GmbH", business_status="active", opening_date="2019-03-01")
        self.merge(self.user_manager, survivor, duplicate)
        self.assertEqual(survivor.opening_date, date(2019, 3, 1))
        self.assertEqual(
            [(event_type, day) for event_type, day, _quarter in self.events(survivor)], [("opening", date(2019, 3, 1))]
        )

    # Who merges ----------------------------------------------------------
    def test_only_managers_merge_district_businesses(self):
        survivor = self.bakery(business_status="active", opening_date="2019-03-01")
        duplicate = self.bakery(name="Musterbaeckerei Yilmaz GmbH", business_status="active")
        for user in (self.user_coordinator, self.user_internal):
            with self.assertRaisesText(UserError, "Only District Economy managers"):
                self.merge(user, survivor, duplicate)
        self.assertTrue(duplicate.exists())
        # A person the district's records name (here: a consultation) is the managers' too.
        founder = self.Partner.create({"name": "Lan Nguyen"})
        founder_twin = self.Partner.create({"name": "Lan Nguyen"})
        self.consult(founder_twin, date(2020, 1, 6))
        with self.assertRaisesText(UserError, "Only District Economy managers"):
            self.merge(self.user_coordinator, founder, founder_twin)
        # Other contacts stay the coordinators' (Odoo's contact managers) to merge.
        plain = self.Partner.create({"name": "Max Muster", "email": "max@example.com"})
        plain_twin = self.Partner.create({"name": "Max Muster", "email": "max@example.com"})
        self.merge(self.user_coordinator, plain, plain_twin)
        self.assertFalse(plain_twin.exists())
        self.merge(self.user_manager, survivor, duplicate)
        self.assertFalse(duplicate.exists())

    def test_different_email_addresses_stay_for_the_administrator(self):
        survivor = self.bakery(business_status="active", email="info@yilmaz.example")
        duplicate = self.bakery(name="Musterbäckerei Yilmaz GmbH", email="kontakt@other.example")
        with self.assertRaisesText(UserError, "different e-mail addresses"):
            self.merge(self.user_manager, survivor, duplicate)
        without_email = self.bakery(name="Musterbäckerei Yilmaz e.K.")
        self.merge(self.user_manager, survivor, without_email)
        self.assertFalse(without_email.exists(), "a record without an e-mail address does not differ")


@tagged("post_install", "-at_install")
class TestMergeOverApi(JsonRpcMixin, HttpCase):
    """Only managers merge district businesses, also over Odoo's external API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,district_economy.group_district_"
        cls.coordinator = new_test_user(cls.env, "merge_coordinator", groups=groups + "coordinator")
        cls.manager = new_test_user(cls.env, "merge_manager", groups=groups + "manager")
        values = {"is_company": True, "zip": "04315", "city": "Leipzig", "business_status": "active"}
        cls.first = cls.env["res.partner"].create(
            {"name": "Laden Ost", "street": "Eisenbahnstraße 49", "opening_date": "2019-03-01", **values}
        )
        cls.second = cls.env["res.partner"].create(
            {"name": "Laden Ost GmbH", "street": "Eisenbahnstr. 49", "opening_date": "2020-03-01", **values}
        )

    def merge_over_api(self, login):
        wizard_id = self.rpc(
            login,
            "base.partner.merge.automatic.wizard",
            "create",
            {
                "partner_ids": [(6, 0, (self.first | self.second).ids)],
                "dst_partner_id": self.first.id,
                "state": "selection",
            },
        )
        return self.rpc(login, "base.partner.merge.automatic.wizard", "action_merge", [wizard_id])

    def test_merge_over_api(self):
        with self.assertRaises(RpcError) as caught:
            self.merge_over_api(self.coordinator.login)
        self.assertIn("Only District Economy managers", str(caught.exception))
        self.assertTrue(self.second.exists())
        self.merge_over_api(self.manager.login)
        self.assertFalse(self.second.exists())
        self.assertEqual(self.first.business_event_ids.mapped("event_type"), ["opening"])
