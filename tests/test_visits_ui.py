from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVisitsUi(HttpCase):
    """What a coordinator clicks: start a visit campaign, then follow up its early warnings.

    The questionnaire itself is a page of the survey app in a tab of its own; between the two
    tours it is filled in as those pages save it (``_save_lines``, then completed).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        groups = "base.group_user,district_economy.group_district_coordinator"
        cls.coordinator = new_test_user(
            cls.env, "tour_visit_coordinator", name="Tour Coordinator", groups=groups, lang="en_US"
        )
        cls.colleague = new_test_user(cls.env, "tour_visit_colleague", name="Tour Colleague", groups=groups)
        today = fields.Date.context_today(cls.coordinator)
        cls.campaign = cls.env["district.visit.campaign"].create(
            {
                "name": "Tour location survey",
                "date_from": today - timedelta(days=5),
                "date_to": today + timedelta(days=60),
                "target_domain": "[('street_search', 'ilike', 'Eisenbahnstraße'), ('is_ground_floor', '=', True)]",
                "user_ids": [Command.set((cls.coordinator | cls.colleague).ids)],
            }
        )

    def answer(self, visit, answers):
        """Fill in the visit's questionnaire as its pages do (question key -> answer numbers) and complete it."""
        visit.with_user(visit.user_id).action_start_survey()
        answer = visit.user_input_id.sudo()
        for key, numbers in answers.items():
            question = self.env.ref(f"district_economy.survey_location_q_{key}")
            choices = [self.env.ref(f"district_economy.survey_location_q_{key}_{number}").id for number in numbers]
            answer._save_lines(question, choices)
        answer._mark_done()

    def test_campaign_visit_and_follow_up(self):
        workshop = self.env.ref("district_economy.partner_demo_fahrradwerkstatt")
        self.start_tour(
            f"/odoo/district-visit-campaigns/{self.campaign.id}",
            "district_economy_visit_campaign",
            login=self.coordinator.login,
        )
        visits = self.campaign.visit_ids
        self.assertEqual(len(visits), 4, "the four open ground-floor businesses on Eisenbahnstraße")
        self.assertEqual(len(visits.filtered(lambda visit: visit.user_id == self.coordinator)), 2)
        self.assertEqual(self.campaign.state, "running")

        visit = visits.filtered(lambda visit: visit.partner_id == workshop)
        visit.date = fields.Date.context_today(visit)
        self.answer(visit, {"satisfaction": [2], "plans": [2], "premises": [2], "staff": [1]})
        self.assertEqual(visit.state, "visited")
        self.assertEqual(sorted(visit.flag_ids.mapped("flag_type")), ["expansion", "needs_premises"])

        self.env["district.premises"].with_context(
            district_vacancy_date=fields.Date.subtract(fields.Date.today(), days=30)
        ).create(
            {
                "name": "Tour shop for the bike workshop",
                "street": "Eisenbahnstraße 120",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 100,
                "rent_per_m2": 8.0,
                "is_ground_floor": True,
            }
        )
        self.start_tour(
            "/odoo/district-early-warning", "district_economy_visit_early_warning", login=self.coordinator.login
        )
        flag = visit.flag_ids.filtered(lambda flag: flag.flag_type == "needs_premises")
        self.assertEqual(flag.state, "in_progress")
        case = flag.resolution_ref
        self.assertEqual(case._name, "district.settlement")
        self.assertEqual((case.partner_id, case.area_min, case.area_max), (workshop, 80, 130))
        self.assertTrue(case.ground_floor_needed)
