import re
from datetime import date, timedelta

import psycopg2

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import JsonRpcMixin
from .test_indicators import IndicatorCase


class VisitCase(IndicatorCase):
    """An office of its own (see BusinessHistoryCase) with ground-floor shops on Musterstraße.

    Musterstraße 1-49 lies in Sellerhausen-Stünz inside the Leipziger Osten, 51-99 in the
    same quarter outside the programme area.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("district_economy.survey_location_survey")
        cls.Campaign = cls.env["district.visit.campaign"]
        cls.Visit = cls.env["district.visit"]
        cls.Flag = cls.env["district.business.flag"]
        cls.retail = cls.env.ref("district_economy.premises_use_retail")
        cls.sector_trade = cls.env.ref("base.res_partner_industry_G")
        cls.sector_food = cls.env.ref("base.res_partner_industry_I")
        cls.user_coordinator_2 = new_test_user(
            cls.env,
            "de_coordinator_2",
            groups="base.group_user,district_economy.group_district_coordinator",
            name="Second Coordinator",
            company_ids=[Command.set([cls.env.company.id, cls.env.ref("base.main_company").id])],
            company_id=cls.env.company.id,
        )

        def shop(number, name, **values):
            values = {"business_status": "active", "opening_date": "2015-01-01", "is_ground_floor": True, **values}
            return cls.create_business(f"Musterstraße {number}", zip_code="04318", name=name, **values)

        cls.bakery = shop(3, "VT Bäckerei", industry_id=cls.env.ref("base.res_partner_industry_C").id)
        cls.cafe = shop(5, "VT Café", industry_id=cls.sector_food.id)
        cls.shop = shop(9, "VT Laden", industry_id=cls.sector_trade.id)
        cls.kiosk = shop(61, "VT Kiosk", industry_id=cls.sector_trade.id)
        cls.targets = cls.bakery | cls.cafe | cls.shop | cls.kiosk
        # Not visited: upstairs, closed, an institution, a person without a business.
        cls.upstairs = shop(7, "VT Büro oben", is_ground_floor=False)
        cls.closed = shop(11, "VT Geschlossen", business_status="closed", closing_date="2020-06-30")
        cls.institution = shop(13, "VT Kammer", is_referral_institution=True, institution_type="other")
        cls.person = cls.Partner.create(
            {
                "name": "VT Privat",
                "street": "Musterstraße 15",
                "zip": "04318",
                "city": "Leipzig",
                "is_ground_floor": True,
            }
        )

    # Helpers -------------------------------------------------------------
    def campaign(self, user=None, **values):
        today = fields.Date.context_today(self.Campaign)
        campaign = self.Campaign.with_user(user or self.user_coordinator).create(
            {
                "name": "Standortbefragung Musterstraße",
                "date_from": today - timedelta(days=30),
                "date_to": today + timedelta(days=40),
                "target_domain": "[('street_search', 'ilike', 'Musterstraße'), ('is_ground_floor', '=', True)]",
                "user_ids": [Command.set((self.user_coordinator | self.user_coordinator_2).ids)],
                **values,
            }
        )
        return campaign

    def planned(self, campaign):
        campaign.action_plan_visits()
        return campaign.visit_ids

    def question(self, key):
        return self.env.ref(f"district_economy.survey_location_q_{key}")

    def choice(self, key, number):
        return self.env.ref(f"district_economy.survey_location_q_{key}_{number}")

    def fill_in(self, visit, answers, user=None):
        """Fill in the visit's questionnaire as the survey pages do (``answers``: question key -> answer) and
        complete it; a list of numbers chooses answers, anything else is typed in."""
        visit = visit.with_user(user or visit.user_id)
        visit.action_start_survey()
        answer = visit.user_input_id.sudo()
        for key, value in answers.items():
            question = self.question(key)
            if isinstance(value, list):
                answer._save_lines(question, [self.choice(key, number).id for number in value])
            else:
                answer._save_lines(question, value)
        answer._mark_done()
        return answer

    def past_visit(self, business, days_ago=3, campaign=None):
        campaign = campaign or self.campaign()
        return self.Visit.create(
            {
                "campaign_id": campaign.id,
                "partner_id": business.id,
                "user_id": self.user_coordinator.id,
                "date": fields.Date.context_today(self.Visit) - timedelta(days=days_ago),
            }
        )


@tagged("post_install", "-at_install")
class TestVisitCampaigns(VisitCase):
    """Campaigns plan their visits from the target filter, over the team and the weekdays of the period."""

    def test_plan_visits_from_the_target(self):
        campaign = self.campaign()
        self.assertEqual(campaign.target_count, 4)
        self.assertEqual(campaign.state, "draft")
        action = campaign.with_user(self.user_coordinator).action_plan_visits()
        self.assertEqual(action["res_model"], "district.visit")
        visits = campaign.visit_ids
        self.assertEqual(visits.partner_id, self.targets, "ground floor, not closed, no institution, no person")
        self.assertEqual(campaign.state, "running")
        self.assertEqual(set(visits.mapped("state")), {"planned"})
        # In turn over the two coordinators, in street order.
        by_street = visits.sorted(lambda visit: self.Campaign._street_order(visit.partner_id))
        self.assertEqual(by_street.partner_id, self.bakery | self.cafe | self.shop | self.kiosk, "3, 5, 9, 61")
        self.assertEqual(
            [visit.user_id for visit in by_street],
            [self.user_coordinator, self.user_coordinator_2] * 2,
        )
        # Weekdays of the period still ahead, spread out, in street order.
        today = fields.Date.context_today(campaign)
        for visit in visits:
            self.assertLess(visit.date.weekday(), 5)
            self.assertTrue(today <= visit.date <= campaign.date_to)
        days = [visit.date for visit in by_street]
        self.assertEqual(days, sorted(days))
        self.assertGreater(days[-1], days[0], "spread over the period, not all on one day")
        self.assertEqual(campaign.progress, 0)
        self.assertEqual(campaign.visit_count, 4)
        self.assertEqual(visits.company_id, self.env.company)
        self.assertEqual(set(visits.quarter_id.ids), {self.quarter_sellerhausen.id})

    def test_plan_again_adds_only_new_businesses(self):
        campaign = self.campaign()
        self.planned(campaign)
        with self.assertRaisesText(UserError, "already have a visit in this campaign"):
            campaign.action_plan_visits()
        newcomer = self.create_business(
            "Musterstraße 21", zip_code="04318", name="VT Neu", business_status="active", is_ground_floor=True
        )
        campaign.visit_ids.filtered(lambda visit: visit.user_id == self.user_coordinator)[
            :1
        ].user_id = self.user_coordinator_2
        campaign.action_plan_visits()
        added = campaign.visit_ids.filtered(lambda visit: visit.partner_id == newcomer)
        self.assertEqual(len(campaign.visit_ids), 5)
        self.assertEqual(added.user_id, self.user_coordinator, "the coordinator with fewer visits")

    def test_empty_or_wrong_target_is_refused(self):
        with self.assertRaisesText(ValidationError, "choose the target businesses"):
            self.campaign(target_domain="[]")
        with self.assertRaisesText(ValidationError, "not a valid filter"):
            self.campaign(target_domain="[('no_such_field', '=', 1)]")
        with self.assertRaisesText(ValidationError, "not a valid filter"):
            self.campaign(target_domain="[('name', '=',")
        with self.assertRaisesText(ValidationError, "not a valid filter"):
            self.campaign(target_domain="__import__('os').system('true')")
        campaign = self.campaign()
        with self.assertRaisesText(ValidationError, "choose the target businesses"):
            campaign.target_domain = "[]"
        nobody = self.campaign(target_domain="[('name', '=', 'No such business anywhere')]")
        self.assertEqual(nobody.target_count, 0)
        with self.assertRaisesText(UserError, "no business of the district matches the target"):
            nobody.action_plan_visits()
        self.assertFalse(nobody.visit_ids)
        with self.assertRaisesText(ValidationError, "ends"):
            self.campaign(date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))

    def test_same_business_twice_is_refused(self):
        campaign = self.campaign()
        visits = self.planned(campaign)
        values = {"campaign_id": campaign.id, "partner_id": self.bakery.id}
        with self.assertRaisesText(ValidationError, "VT Bäckerei already has a visit in the campaign"):
            self.Visit.with_user(self.user_coordinator).create(values)
        with self.assertRaisesText(ValidationError, "already has a visit"):
            visits.filtered(lambda visit: visit.partner_id == self.cafe).partner_id = self.bakery
        other = self.campaign(name="Zweite Runde")
        with self.assertRaisesText(ValidationError, "already has a visit"):
            self.Visit.create([{**values, "campaign_id": other.id}, {**values, "campaign_id": other.id}])
        self.Visit.create({**values, "campaign_id": other.id})
        # The database refuses it too, whatever path a write takes.
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO district_visit (campaign_id, partner_id, date, state, company_id) "
                "VALUES (%s, %s, CURRENT_DATE, 'planned', %s)",
                (campaign.id, self.bakery.id, self.env.company.id),
            )

    def test_outcomes_and_progress(self):
        campaign = self.campaign()
        visits = self.planned(campaign)
        first, second, third, _fourth = visits.sorted(lambda visit: self.Campaign._street_order(visit.partner_id))
        for visit in (first, second, third):
            visit.date = fields.Date.context_today(visit) - timedelta(days=1)
        first.action_visited()
        second.action_declined()
        third.action_not_reachable()
        self.assertEqual((campaign.visited_count, campaign.declined_count, campaign.not_reachable_count), (1, 1, 1))
        self.assertEqual(campaign.progress, 75)
        self.assertTrue(first.date_outcome)
        with self.assertRaisesText(ValidationError, "lies in the future"):
            _fourth.write({"date": fields.Date.context_today(first) + timedelta(days=3), "state": "visited"})
        with self.assertRaisesText(UserError, "cannot be deleted"):
            first.unlink()
        first.action_reset_planned()
        self.assertFalse(first.date_outcome)
        first.unlink()
        with self.assertRaisesText(UserError, "recorded visits cannot be deleted"):
            campaign.unlink()
        campaign.action_close()
        with self.assertRaisesText(UserError, "closed"):
            campaign.action_plan_visits()


@tagged("post_install", "-at_install")
class TestVisitSurveyAndFlags(VisitCase):
    """The questionnaire of a visit: answers, early warnings from rules, follow-ups."""

    def test_rules_raise_early_warnings(self):
        visit = self.past_visit(self.cafe, days_ago=4)
        answer = self.fill_in(
            visit,
            {"satisfaction": [2], "plans": [2, 7], "premises": [2], "area": "120", "staff": [1], "remarks": "Privat"},
        )
        self.assertEqual(answer.district_visit_id, visit)
        self.assertEqual(answer.district_partner_id, self.cafe)
        self.assertEqual(answer.partner_id, self.user_coordinator.partner_id, "answered as the coordinator")
        self.assertEqual(visit.state, "visited", "completing the questionnaire records the visit")
        self.assertEqual(visit.survey_state, "done")
        flags = visit.flag_ids
        self.assertEqual(sorted(flags.mapped("flag_type")), ["expansion", "needs_premises", "succession"])
        for flag in flags:
            self.assertEqual((flag.source, flag.partner_id, flag.date), ("rule", self.cafe, visit.date))
            self.assertEqual(flag.quarter_id, self.quarter_sellerhausen)
            self.assertEqual(flag.programme_area_id, self.area_east)
            self.assertEqual(flag.campaign_id, visit.campaign_id)
            self.assertEqual(flag.state, "open")
            self.assertTrue(flag.rule_id)
        self.assertTrue(self.cafe.has_open_business_flag)
        self.assertIn(self.cafe, self.Partner.search([("has_open_business_flag", "=", True)]))
        self.assertNotIn(self.bakery, self.Partner.search([("has_open_business_flag", "=", True)]))
        self.assertIn(self.bakery, self.Partner.search([("has_open_business_flag", "=", False)]))
        # A completed questionnaire is not started again.
        with self.assertRaisesText(UserError, "completed"):
            visit.with_user(self.user_coordinator).action_start_survey()
        # A second visit with the same plans adds no second open warning of the same type.
        later = self.past_visit(self.cafe, days_ago=1, campaign=self.campaign(name="Nachbesuch"))
        self.fill_in(later, {"satisfaction": [1], "plans": [2], "premises": [1], "staff": [2]})
        self.assertEqual(later.flag_ids.mapped("flag_type"), ["needs_staff"])
        expansion = flags.filtered(lambda flag: flag.flag_type == "expansion")
        self.assertIn("Confirmed at the visit", expansion.message_ids[:1].body)

    def test_rules_follow_configuration(self):
        rule = self.env["district.business.flag.rule"].create(
            {
                "survey_id": self.survey.id,
                "question_id": self.question("satisfaction").id,
                "answer_ids": [Command.set([self.choice("satisfaction", 5).id])],
                "flag_type": "leaving",
            }
        )
        self.assertEqual(rule.company_id, self.env.company, "an office's own rule")
        # Another office's rule does not apply to this office's visits.
        rule.copy({"company_id": self.env.ref("base.main_company").id, "flag_type": "closure_risk"})
        visit = self.past_visit(self.shop)
        self.fill_in(visit, {"satisfaction": [5], "plans": [1], "premises": [1], "staff": [1]})
        self.assertEqual(visit.flag_ids.rule_id, rule)
        with self.assertRaisesText(ValidationError, "free text or numbers"):
            rule.question_id = self.question("area")
        with self.assertRaisesText(ValidationError, "no answers to the question"):
            rule.answer_ids = [Command.link(self.choice("plans", 2).id)]

    def test_follow_up_settlement_finds_premises(self):
        unit = (
            self.env["district.premises"]
            .with_context(district_vacancy_date=date(2024, 1, 1))
            .create(
                {
                    "name": "Laden Musterstraße 31",
                    "street": "Musterstraße 31",
                    "zip": "04318",
                    "city": "Leipzig",
                    "area_m2": 110,
                    "rent_per_m2": 8.0,
                    "is_ground_floor": True,
                    "use_type_ids": [Command.set(self.retail.ids)],
                }
            )
        )
        visit = self.past_visit(self.shop)
        self.fill_in(visit, {"satisfaction": [2], "plans": [2], "premises": [2], "area": "110", "staff": [1]})
        flag = visit.flag_ids.filtered(lambda flag: flag.flag_type == "needs_premises")
        coordinator_flag = flag.with_user(self.user_coordinator)
        action = coordinator_flag.action_follow_up_settlement()
        wizard = (
            self.env["district.business.flag.follow.up"]
            .with_user(self.user_coordinator)
            .with_context(**action["context"])
            .create({"area_min": 90, "area_max": 130, "use_type_ids": [Command.set(self.retail.ids)]})
        )
        self.assertEqual(wizard.kind, "settlement")
        self.assertTrue(wizard.ground_floor_needed, "the shop is on the ground floor")
        self.assertEqual(wizard.preferred_quarter_ids, self.quarter_sellerhausen)
        opened = wizard.action_confirm()
        case = self.env["district.settlement"].browse(opened["res_id"])
        self.assertEqual(opened["res_model"], "district.settlement")
        self.assertEqual(case.partner_id, self.shop)
        self.assertIn("Needs premises", case.name)
        self.assertEqual((flag.state, flag.resolution_ref), ("in_progress", case))
        # The case finds premises like any settlement case.
        matches = case._match_premises()
        self.assertEqual(matches[0][0], unit)
        action = case.with_user(self.user_coordinator).action_find_premises()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]).premises_id[:1], unit)
        coordinator_flag.action_resolve()
        self.assertEqual(flag.state, "resolved")
        self.assertTrue(flag.date_resolved)

    def test_follow_up_consultation_and_referral(self):
        visit = self.past_visit(self.bakery)
        self.fill_in(visit, {"satisfaction": [3], "plans": [6, 7], "premises": [1], "staff": [3]})
        types = {flag.flag_type: flag.with_user(self.user_coordinator) for flag in visit.flag_ids}
        self.assertEqual(set(types), {"closure_risk", "succession", "needs_staff"})
        Wizard = self.env["district.business.flag.follow.up"].with_user(self.user_coordinator)
        consultation_action = types["closure_risk"].action_follow_up_consultation()
        wizard = Wizard.with_context(**consultation_action["context"]).create({})
        crisis = self.env.ref("district_economy.consultation_topic_crisis")
        self.assertIn(crisis, wizard.topic_ids)
        consultation = self.env["district.consultation"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(
            (consultation.partner_id, consultation.state, consultation.channel),
            (self.bakery, "planned", "on_site_visit"),
        )
        self.assertIn("Closure risk", consultation.summary)
        referral_action = types["needs_staff"].action_follow_up_referral()
        wizard = Wizard.with_context(**referral_action["context"]).create({})
        self.assertEqual(wizard.institution_id.institution_type, "job_centre")
        referral = self.env["district.referral"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual((referral.partner_id, referral.state), (self.bakery, "draft"))
        self.assertEqual(types["needs_staff"].resolution_ref, referral)
        # Resolved only with a follow-up or a note.
        succession = types["succession"]
        with self.assertRaisesText(ValidationError, "resolved only with a follow-up"):
            succession.action_resolve()
        with self.assertRaisesText(ValidationError, "resolved only with a follow-up"):
            succession.write({"state": "resolved", "resolution_note": "   "})
        succession.write({"resolution_note": "Tochter übernimmt 2027."})
        succession.action_resolve()
        self.assertEqual(succession.state, "resolved")
        with self.assertRaisesText(UserError, "stays resolved"):
            succession.state = "open"
        with self.assertRaisesText(UserError, "is resolved"):
            succession.action_follow_up_consultation()
        # A follow-up of another business does not resolve this one.
        other = self.consult(self.cafe, date(2026, 1, 5))
        with self.assertRaisesText(ValidationError, "not this business"):
            types["closure_risk"].resolution_ref = other

    def test_advice_at_a_visit_is_a_consultation(self):
        visit = self.past_visit(self.cafe, days_ago=2)
        with self.assertRaisesText(UserError, "as visited first"):
            visit.action_record_advice()
        visit.action_visited()
        action = visit.with_user(self.user_coordinator).action_record_advice()
        consultation = visit.consultation_id
        self.assertEqual(action["res_id"], consultation.id)
        self.assertEqual(
            (consultation.channel, consultation.state, consultation.consultation_date),
            ("on_site_visit", "done", visit.date),
        )
        visit.action_record_advice()
        self.assertEqual(visit.consultation_id, consultation, "one consultation per visit")

    def test_manual_flag_and_start_survey_action(self):
        visit = self.past_visit(self.kiosk)
        action = visit.with_user(self.user_coordinator).action_start_survey()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "new")
        answer = visit.user_input_id
        self.assertIn(answer.access_token, action["url"])
        self.assertEqual(visit.survey_state, "in_progress")
        again = visit.with_user(self.user_coordinator).action_start_survey()
        self.assertEqual(again["url"], action["url"], "the same answer is continued")
        other = visit.with_user(self.user_coordinator_2).action_start_survey()
        self.assertNotEqual(other["url"], action["url"], "another coordinator answers as themself")
        visit.action_not_reachable()
        with self.assertRaisesText(UserError, "set it back to planned"):
            visit.with_user(self.user_coordinator).action_start_survey()
        flag_action = visit.with_user(self.user_coordinator).action_new_flag()
        flag = (
            self.Flag.with_user(self.user_coordinator)
            .with_context(**flag_action["context"])
            .create({"flag_type": "closure_risk", "source": "rule", "note": "Inhaber krank"})
        )
        self.assertEqual((flag.source, flag.partner_id, flag.visit_id), ("manual", self.kiosk, visit))
        self.assertEqual(flag.programme_area_id, self.env["district.programme.area"], "Musterstraße 61 lies outside")
        with self.assertRaisesText(ValidationError, "visit to another business"):
            flag.partner_id = self.cafe


@tagged("post_install", "-at_install")
class TestVisitCounting(VisitCase):
    """Visits count as contacts (reached), not for RCO04; answers and warnings count by quarter and sector."""

    def test_visit_is_reached_not_rco04(self):
        Contact = self.env["district.contact.report"].with_user(self.user_readonly)
        visit = self.past_visit(self.cafe, days_ago=2)
        declined = self.past_visit(self.bakery, days_ago=2, campaign=visit.campaign_id)
        declined.action_declined()
        self.past_visit(self.shop, days_ago=2, campaign=visit.campaign_id)
        self.assertFalse(Contact.search([("contact_type", "=", "visit")]), "planned and declined are no contacts")
        visit.action_visited()
        row = Contact.search([("contact_type", "=", "visit")])
        self.assertEqual((row.res_id, row.reached_partner_id, row.date), (visit.id, self.cafe, visit.date))
        self.assertEqual((row.quarter_id, row.programme_area_id), (self.quarter_sellerhausen, self.area_east))
        self.assertTrue(row.is_enterprise)
        self.assertFalse(row.is_rco04, "a visit is a contact, not RCO04")
        self.assertEqual(row.id % 4, 3, "the visit rows have their own ids")
        year = visit.date.year
        report = self.report(year)
        figures = self.totals(report)
        self.assertEqual(figures["reached"], 1)
        self.assertEqual(figures["rco04"], 0)
        # Advice given at the visit: its consultation counts for RCO04.
        visit.action_record_advice()
        figures = self.totals(self.report(year))
        self.assertEqual((figures["reached"], figures["rco04"]), (1, 1), "the café once, reached and supported")
        monitoring = self.env["district.monitoring.report"]._read_group(
            [("date", ">=", date(year, 1, 1)), ("company_id", "=", self.env.company.id)],
            [],
            ["reached_partner_id:count_distinct", "non_financial_company_id:count_distinct"],
        )
        self.assertEqual(monitoring, [(1, 1)])

    def test_answers_and_warnings_by_quarter_and_sector(self):
        campaign = self.campaign()
        visits = {visit.partner_id: visit for visit in self.planned(campaign)}
        for visit in visits.values():
            visit.date = fields.Date.context_today(visit) - timedelta(days=1)
        self.fill_in(visits[self.cafe], {"satisfaction": [1], "plans": [2], "premises": [2], "staff": [2]})
        self.fill_in(visits[self.shop], {"satisfaction": [4], "plans": [5], "premises": [1], "staff": [1]})
        self.fill_in(
            visits[self.kiosk],
            {"satisfaction": [4], "plans": [1], "premises": [1], "staff": [1], "remarks": "Vertraulich"},
        )
        Report = self.env["district.visit.answer.report"].with_user(self.user_readonly)
        satisfaction = [("question_id", "=", self.question("satisfaction").id)]
        by_answer = dict(Report._read_group(satisfaction, ["answer_id"], ["partner_id:count_distinct"]))
        self.assertEqual(by_answer, {self.choice("satisfaction", 1): 1, self.choice("satisfaction", 4): 2})
        by_sector = dict(Report._read_group(satisfaction, ["industry_id"], ["partner_id:count_distinct"]))
        self.assertEqual(by_sector, {self.sector_food: 1, self.sector_trade: 2})
        in_area = Report._read_group(
            [*satisfaction, ("programme_area_id", "=", self.area_east.id)], ["quarter_id"], ["__count"]
        )
        self.assertEqual(in_area, [(self.quarter_sellerhausen, 2)], "the kiosk lies outside the area")
        self.assertFalse(Report.search([("question_id", "=", self.question("remarks").id)]), "no free text")
        self.assertEqual(
            Report.search_count([("campaign_id", "=", campaign.id)]),
            3 * 4,
            "satisfaction, plans, premises, staff of three visits",
        )
        Flag = self.Flag.with_user(self.user_readonly)
        by_type = dict(Flag._read_group([("campaign_id", "=", campaign.id)], ["flag_type"], ["__count"]))
        self.assertEqual(by_type, {"expansion": 1, "needs_premises": 1, "needs_staff": 1, "leaving": 1})
        by_sector = dict(Flag._read_group([("campaign_id", "=", campaign.id)], ["industry_id"], ["__count"]))
        self.assertEqual(by_sector, {self.sector_food: 3, self.sector_trade: 1})
        progress = dict(self.Visit._read_group([("campaign_id", "=", campaign.id)], ["state"], ["__count"]))
        self.assertEqual(progress, {"visited": 3, "planned": 1})
        self.assertEqual(campaign.progress, 75)

    def recorded_at(self, records, column, moment):
        """Date ``records`` as recorded at ``moment`` (in a test, every record carries the transaction's time)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE id IN %s",
                SQL.identifier(records._table),
                SQL.identifier(column),
                moment,
                tuple(records.ids),
            )
        )
        self.env.invalidate_all()

    def test_annual_report_section_is_frozen(self):
        now = fields.Datetime.now()
        visit = self.past_visit(self.cafe, days_ago=2)
        self.fill_in(visit, {"satisfaction": [1], "plans": [6], "premises": [1], "staff": [1]})
        closure = visit.flag_ids
        self.recorded_at(visit, "date_outcome", now - timedelta(hours=2))
        self.recorded_at(closure, "create_date", now - timedelta(hours=2))
        year = visit.date.year
        report = self.report(year)
        section = self.Flag._monitoring_report_section(report)
        self.assertEqual((section["visited"], section["businesses_visited"]), (1, 1))
        rows = {row["label"]: row for row in section["flags"]}
        self.assertEqual((rows["Closure risk"]["raised"], rows["Closure risk"]["open"]), (1, 1))
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html("district_economy.action_report_monitoring", report.ids)[0]
            .decode()
        )
        self.assertIn("Business visits and early warnings", html)
        self.assertRegex(re.sub(r"\s+", " ", html), r"Closure risk</th> <td[^>]*>1</td> <td[^>]*>1</td>")
        # A final report keeps its section: what is recorded after its figures were frozen does not reach it.
        report.with_user(self.user_manager).action_finalize()
        self.recorded_at(report, "date_frozen", now - timedelta(hours=1))
        closure.with_user(self.user_coordinator).write({"resolution_note": "Doch nicht."})
        closure.with_user(self.user_coordinator).action_resolve()
        later = self.past_visit(self.shop, days_ago=2, campaign=visit.campaign_id)
        self.fill_in(later, {"satisfaction": [1], "plans": [6], "premises": [1], "staff": [1]})
        self.assertEqual(self.Flag._monitoring_report_section(report), section)
        with self.assertRaisesText(UserError, "final report"):
            visit.action_reset_planned()
        with self.assertRaisesText(UserError, "final report"):
            closure.unlink()
        with self.assertRaisesText(UserError, "final report"):
            closure.flag_type = "leaving"


@tagged("post_install", "-at_install")
class TestVisitAccess(VisitCase):
    """What each group may do; free text stays with coordinators and managers."""

    def test_readonly_sees_aggregates_and_flags_not_free_text(self):
        visit = self.past_visit(self.cafe)
        visit.note = "Inhaberin denkt ans Aufhören"
        answer = self.fill_in(visit, {"satisfaction": [1], "plans": [6], "premises": [1], "staff": [1], "remarks": "X"})
        reader = self.env(user=self.user_readonly)
        read_visit = visit.with_env(reader)
        self.assertEqual(read_visit.state, "visited")
        self.assertEqual(read_visit.survey_state, "done")
        self.assertEqual(read_visit.flag_ids.flag_type, "closure_risk", "the early warnings are visible")
        self.assertTrue(reader["district.visit.answer.report"].search_count([]))
        for field_name in ("note", "user_input_id", "answer_line_ids"):
            with self.assertRaises(AccessError):
                read_visit.read([field_name])
        with self.assertRaises(AccessError):
            reader["survey.user_input.line"].search_read([("user_input_id", "=", answer.id)], ["value_text_box"])
        with self.assertRaises(AccessError):
            answer.with_env(reader).read(["state"])
        with self.assertRaises(AccessError):
            read_visit.flag_ids.read(["note"])
        with self.assertRaises(AccessError):
            read_visit.flag_ids.read(["resolution_note"])
        self.assertNotIn("note", read_visit.fields_get(["note"]))
        with self.assertRaises(AccessError):
            read_visit.action_declined()
        with self.assertRaises(AccessError):
            reader["district.visit.campaign"].create({"name": "X", "target_domain": "[('id', '=', 1)]"})
        with self.assertRaises(AccessError):
            reader["district.business.flag"].create({"flag_type": "leaving", "partner_id": self.cafe.id})
        with self.assertRaises(AccessError):
            read_visit.flag_ids.write({"state": "in_progress"})
        # The coordinator reads the answers and the note.
        coordinator = self.env(user=self.user_coordinator)
        self.assertEqual(visit.with_env(coordinator).note, "Inhaberin denkt ans Aufhören")
        lines = visit.with_env(coordinator).answer_line_ids
        self.assertIn("X", lines.mapped("value_text_box"))

    def test_coordinator_and_manager(self):
        coordinator = self.env(user=self.user_coordinator)
        campaign = self.campaign()
        campaign.with_env(coordinator).action_plan_visits()
        with self.assertRaises(AccessError):
            coordinator["district.business.flag.rule"].create(
                {
                    "question_id": self.question("plans").id,
                    "answer_ids": [Command.set([self.choice("plans", 3).id])],
                    "flag_type": "closure_risk",
                }
            )
        with self.assertRaises(AccessError):
            self.survey.with_env(coordinator).title = "Umbenannt"
        manager = self.env(user=self.user_manager)
        rule = manager["district.business.flag.rule"].create(
            {
                "question_id": self.question("plans").id,
                "answer_ids": [Command.set([self.choice("plans", 3).id])],
                "flag_type": "closure_risk",
            }
        )
        self.assertEqual(rule.survey_id, self.survey, "the shipped questionnaire by default")
        self.survey.with_env(manager).description_done = "<p>Danke!</p>"
        # Another internal user (Contacts) sees none of it.
        internal = self.env(user=self.user_internal)
        with self.assertRaises(AccessError):
            internal["district.visit"].search([])
        with self.assertRaises(AccessError):
            internal["district.business.flag"].search([])
        # Survey users outside the district groups do not see the answers of the businesses.
        survey_user = new_test_user(self.env, "de_survey_user", groups="base.group_user,survey.group_survey_manager")
        self.fill_in(campaign.visit_ids[:1], {"satisfaction": [1], "plans": [1], "premises": [1], "staff": [1]})
        self.assertFalse(
            self.env["survey.user_input"].with_user(survey_user).search([("survey_id", "=", self.survey.id)])
        )

    def test_other_office_does_not_see_visits(self):
        campaign = self.campaign()
        visits = self.planned(campaign)
        main_company = self.env.ref("base.main_company")
        other_env = self.env(user=self.user_coordinator, context={"allowed_company_ids": [main_company.id]})
        self.assertFalse(other_env["district.visit"].search([("id", "in", visits.ids)]))
        self.assertFalse(other_env["district.visit.campaign"].search([("id", "=", campaign.id)]))


@tagged("post_install", "-at_install")
class TestVisitsOverApi(JsonRpcMixin, HttpCase):
    """Bad input over JSON-RPC is refused with a message that says what to fix; the questionnaire is filled
    in through the survey pages as the coordinator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        groups = "base.group_user,district_economy.group_district_"
        cls.coordinator = new_test_user(cls.env, "visit_api_coordinator", groups=groups + "coordinator", lang="en_US")
        cls.readonly = new_test_user(cls.env, "visit_api_readonly", groups=groups + "readonly", lang="en_US")
        cls.shop = cls.env["res.partner"].create(
            {
                "name": "API Laden Eisenbahnstraße",
                "is_company": True,
                "street": "Eisenbahnstraße 77",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "active",
                "is_ground_floor": True,
            }
        )
        today = fields.Date.today()
        cls.campaign_values = {
            "name": "API-Kampagne",
            "date_from": str(today - timedelta(days=10)),
            "date_to": str(today + timedelta(days=20)),
            "target_domain": f"[('id', '=', {cls.shop.id})]",
        }

    def assertRefused(self, text, login, model, method, *args, **kwargs):
        with self.assertRaises(Exception) as caught:
            self.rpc(login, model, method, *args, **kwargs)
        self.assertIn(text, str(caught.exception))

    def test_bad_input_is_refused(self):
        login = self.coordinator.login
        Campaign = "district.visit.campaign"
        self.assertRefused(
            "choose the target", login, Campaign, "create", {**self.campaign_values, "target_domain": "[]"}
        )
        self.assertRefused(
            "not a valid filter",
            login,
            Campaign,
            "create",
            {**self.campaign_values, "target_domain": "[('x', '=', 1)]"},
        )
        self.assertRefused(
            "ends",
            login,
            Campaign,
            "create",
            {**self.campaign_values, "date_from": "2026-05-01", "date_to": "2026-04-01"},
        )
        campaign_id = self.rpc(login, Campaign, "create", self.campaign_values)
        self.rpc(login, Campaign, "action_plan_visits", [campaign_id])
        [visit_id] = self.rpc(login, "district.visit", "search", [("campaign_id", "=", campaign_id)])
        self.assertRefused(
            "already has a visit in the campaign",
            login,
            "district.visit",
            "create",
            {"campaign_id": campaign_id, "partner_id": self.shop.id},
        )
        future = str(fields.Date.today() + timedelta(days=5))
        self.assertRefused(
            "lies in the future", login, "district.visit", "write", [visit_id], {"date": future, "state": "visited"}
        )
        self.assertRefused(
            "set when it is recorded",
            login,
            "district.visit",
            "write",
            [visit_id],
            {"date_outcome": "2020-01-01 10:00:00"},
        )
        self.assertRefused("no outcome of a visit", login, "district.visit", "write", [visit_id], {"state": "done"})
        flag_id = self.rpc(
            login, "district.business.flag", "create", {"flag_type": "leaving", "partner_id": self.shop.id}
        )
        self.assertRefused(
            "resolved only with a follow-up", login, "district.business.flag", "write", [flag_id], {"state": "resolved"}
        )
        self.assertRefused(
            "no type of early warning",
            login,
            "district.business.flag",
            "create",
            {"flag_type": "bankrupt", "partner_id": self.shop.id},
        )
        self.assertRefused(
            "set when it is resolved",
            login,
            "district.business.flag",
            "write",
            [flag_id],
            {"date_resolved": "2020-01-01 10:00:00"},
        )
        self.assertRefused(
            "Your role", self.readonly.login, "district.business.flag", "write", [flag_id], {"state": "in_progress"}
        )
        self.assertRefused(
            "survey.user_input.line",
            self.readonly.login,
            "survey.user_input.line",
            "search_read",
            [],
            ["value_text_box"],
        )

    def test_questionnaire_through_the_survey_pages(self):
        login = self.coordinator.login
        campaign_id = self.rpc(login, "district.visit.campaign", "create", self.campaign_values)
        self.rpc(login, "district.visit.campaign", "action_plan_visits", [campaign_id])
        visit = self.env["district.visit"].search([("campaign_id", "=", campaign_id)])
        visit.date = fields.Date.today()
        action = self.rpc(login, "district.visit", "action_start_survey", [visit.id])
        self.assertEqual(action["target"], "new")
        self.authenticate(login, login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("Standortbefragung", response.text)
        answer = visit.user_input_id
        survey = answer.survey_id
        base = f"/survey/{survey.access_token}/{answer.access_token}"
        csrf = re.search(r'csrf_token.+value="([a-f0-9]{40}o[0-9]*)"', self.url_open(base).text).group(1)
        begin = self.url_open(f"/survey/begin/{survey.access_token}/{answer.access_token}", json={"params": {}})
        self.assertEqual(begin.status_code, 200)

        def ref(name):
            return self.env.ref(f"district_economy.survey_location_{name}")

        pages = [
            ("page_site", {"q_satisfaction": "q_satisfaction_2", "q_barriers": ["q_barriers_1", "q_barriers_6"]}),
            (
                "page_plans",
                {"q_plans": ["q_plans_2"], "q_premises": "q_premises_2", "q_area": "150", "q_staff": "q_staff_1"},
            ),
            ("page_network", {"q_network": ["q_network_1"], "q_remarks": "Mehr Platz wäre schön."}),
        ]
        for page, answers in pages:
            post = {"page_id": ref(page).id, "csrf_token": csrf, "token": answer.access_token, "button_submit": "next"}
            for question, value in answers.items():
                if isinstance(value, list):
                    post[str(ref(question).id)] = [str(ref(choice).id) for choice in value]
                elif value.startswith("q_"):
                    post[str(ref(question).id)] = str(ref(value).id)
                else:
                    post[str(ref(question).id)] = value
            response = self.url_open(
                f"/survey/submit/{survey.access_token}/{answer.access_token}", json={"params": post}
            )
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("error", response.json().get("result", [{}, {}])[1], response.text)
        answer.invalidate_recordset()
        visit.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        self.assertEqual(visit.state, "visited")
        self.assertEqual(sorted(visit.flag_ids.mapped("flag_type")), ["expansion", "needs_premises"])
        self.assertIn("Mehr Platz wäre schön.", answer.user_input_line_ids.mapped("value_text_box"))
