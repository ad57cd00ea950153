from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestSettlement(DistrictEconomyCase):
    """Settlement cases: matching premises, the win flow, and what is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.retail = ref("district_economy.premises_use_retail")
        cls.office = ref("district_economy.premises_use_office")
        cls.Premises = cls.env["district.premises"]
        cls.Settlement = cls.env["district.settlement"]
        cls.stage_won = ref("district_economy.settlement_stage_won")
        cls.stage_lost = ref("district_economy.settlement_stage_lost")

        def unit(name, street, area, rent, **values):
            return cls.Premises.create(
                {
                    "name": name,
                    "street": street,
                    "zip": values.pop("zip", "04315"),
                    "city": "Leipzig",
                    "area_m2": area,
                    "rent_per_m2": rent,
                    "use_type_ids": [(6, 0, values.pop("uses", cls.retail.ids))],
                    **values,
                }
            )

        cls.shop_best = unit("Best shop", "Eisenbahnstraße 61", 95, 8.5, has_shop_window=True)
        cls.shop_dear = unit("Dear shop", "Eisenbahnstraße 27", 110, 9.5, has_shop_window=True)
        cls.shop_far = unit("Shop outside preference", "Eisenbahnstraße 120", 100, 8.0, has_shop_window=True)
        cls.shop_small = unit("Small shop", "Eisenbahnstraße 63", 70, 8.0, has_shop_window=True)
        cls.upstairs = unit("Upstairs", "Eisenbahnstraße 65", 100, 7.0, floor=1, has_shop_window=True)
        cls.no_window = unit("No window", "Eisenbahnstraße 67", 100, 7.0)
        cls.office_unit = unit("Office", "Eisenbahnstraße 69", 100, 7.0, uses=cls.office.ids, has_shop_window=True)
        cls.let_unit = unit("Let shop", "Eisenbahnstraße 71", 100, 7.0, state="let", has_shop_window=True)
        cls.bakery = cls.Partner.create(
            {
                "name": "Bakery from elsewhere",
                "is_company": True,
                "street": "Georg-Schumann-Straße 120",
                "zip": "04155",
                "city": "Leipzig",
                "business_status": "relocating_in",
            }
        )
        cls.case = cls.Settlement.create(
            {
                "name": "Bakery looking for a shop",
                "partner_id": cls.bakery.id,
                "area_min": 80,
                "area_max": 120,
                "rent_max_per_m2": 9.0,
                "use_type_ids": [(6, 0, cls.retail.ids)],
                "ground_floor_needed": True,
                "shop_window_needed": True,
                "preferred_quarter_ids": [(6, 0, cls.quarter_neustadt.ids)],
                "jobs_created_planned": 4,
                "investment_planned": 60000,
            }
        )

    def _win_form(self):
        return Form(self.env["district.settlement.win"].with_context(default_settlement_id=self.case.id))

    def test_find_premises_ranks_with_reasons(self):
        results = self.case._match_premises()
        units = [premises for premises, _score, _reasons in results]
        self.assertEqual(units[0], self.shop_best)
        scores = {premises: score for premises, score, _reasons in results}
        self.assertEqual(scores[self.shop_best], 100)
        self.assertGreater(scores[self.shop_best], scores[self.shop_far], "preferred quarter ranks higher")
        self.assertGreater(scores[self.shop_best], scores[self.shop_dear], "rent above the limit ranks lower")
        self.assertIn(self.shop_dear, units, "15 % over the rent limit is still shown")
        self.assertLess(scores[self.shop_small], scores[self.shop_best], "20 % below the size is shown, lower")
        for excluded in (self.upstairs, self.no_window, self.office_unit, self.let_unit):
            self.assertNotIn(excluded, units, excluded.name)
        # Reasons read the way a German coordinator writes: words and numbers.
        action = self.case.with_context(lang="de_DE").action_find_premises()
        matches = self.env["district.settlement.match"].search(action["domain"])
        best = matches.filtered(lambda m: m.premises_id == self.shop_best)
        self.assertIn("Größe passt (95 m²)", best.match_reasons)
        self.assertIn("Miete 8,50 ≤ 9,00", best.match_reasons)
        self.assertIn("bevorzugter Ortsteil", best.match_reasons)
        best.action_propose()
        self.assertEqual(self.case.proposal_ids.premises_id, self.shop_best)
        self.assertEqual(self.case.stage_id, self.env.ref("district_economy.settlement_stage_proposed"))
        self.assertNotIn(self.shop_best, [p for p, _s, _r in self.case._match_premises()], "already proposed")

    def test_find_interested_companies(self):
        action = self.shop_best.action_find_interested()
        matches = self.env["district.settlement.match"].search(action["domain"])
        self.assertIn(self.case, matches.settlement_id)
        action = self.upstairs.action_find_interested()
        self.assertNotIn(self.case, self.env["district.settlement.match"].search(action["domain"]).settlement_id)

    def test_win_flow(self):
        proposal = self.env["district.settlement.proposal"].create(
            {
                "settlement_id": self.case.id,
                "premises_id": self.shop_best.id,
            }
        )
        proposal.action_viewed()
        self.assertEqual(self.case.stage_id, self.env.ref("district_economy.settlement_stage_viewing"))
        proposal.action_accept()
        self.assertEqual(self.case.premises_id, self.shop_best)
        self.assertEqual(self.shop_best.state, "reserved")
        negotiation = self.env.ref("district_economy.settlement_stage_negotiation")
        self.assertEqual(self.case.stage_id, negotiation, "accepting a unit moves the case to negotiation")
        self.case.write({"jobs_created_actual": 3, "jobs_secured_actual": 2, "investment_actual": 55000})
        wizard = self._win_form()
        self.assertEqual(wizard.premises_id, self.shop_best, "the accepted unit is proposed")
        wizard.settled_date = date(2025, 3, 1)
        wizard.save().action_confirm()
        self.assertTrue(self.case.is_won)
        self.assertEqual(self.case.settled_date, date(2025, 3, 1))
        self.assertEqual(self.shop_best.state, "let")
        self.assertEqual(self.bakery.street, "Eisenbahnstraße 61")
        self.assertEqual(self.bakery.quarter_id, self.quarter_neustadt)
        self.assertEqual(self.bakery.programme_area_id, self.area_east)
        self.assertEqual(self.bakery.business_status, "active")
        events = self.env["district.business.event"].search([("partner_id", "=", self.bakery.id)])
        self.assertEqual(events.mapped("event_type"), ["moved_in"], "a company from elsewhere moves in")
        self.assertEqual(events.quarter_id, self.quarter_neustadt)
        self.assertEqual(self.case.quarter_id, self.quarter_neustadt)
        self.assertEqual(self.shop_best.vacancy_ids.ended_by, "let")
        self.assertTrue(self.shop_best.vacancy_ids.date_to)
        with self.assertRaisesText(UserError, "Archive it instead"):
            self.case.unlink()
        self.case.active = False
        # Reopening is possible and logged.
        self.case.active = True
        self.case.action_reopen()
        self.assertFalse(self.case.is_won)
        self.assertEqual(self.case.stage_id, negotiation, "reopening returns to the stage before")
        self.assertIn("reopened", self.case.message_ids[0].body)

    def test_founder_settling_opens(self):
        self.bakery.business_status = "founding"
        wizard = self._win_form()
        wizard.premises_id = self.shop_best
        wizard.save().action_confirm()
        events = self.env["district.business.event"].search([("partner_id", "=", self.bakery.id)])
        self.assertEqual(events.mapped("event_type"), ["opening"], "a founder opens, it does not move in")
        self.assertEqual(self.bakery.opening_date, self.case.settled_date)

    def test_won_needs_premises_or_address_in_area(self):
        with self.assertRaisesText(ValidationError, "choose the unit it moved into"):
            self.case.stage_id = self.stage_won
        self.assertFalse(self.case.is_won)
        self.bakery.write({"street": "Eisenbahnstraße 120", "zip": "04315"})
        self.case.stage_id = self.stage_won
        self.assertTrue(self.case.is_won)

    def test_win_asks_for_the_unit(self):
        """Proposing a unit is not settling in it: winning without a unit is refused."""
        self.env["district.settlement.proposal"].create(
            {"settlement_id": self.case.id, "premises_id": self.shop_best.id}
        )
        action = self.case.action_set_won()
        self.assertEqual(action["res_model"], "district.settlement.win")
        self.assertFalse(self.case.is_won, "the button only asks")
        self.assertFalse(self._win_form().premises_id, "a unit only proposed is not chosen for the user")
        # The form requires the unit here; the case refuses it over RPC as well.
        wizard = self.env["district.settlement.win"].create({"settlement_id": self.case.id})
        with self.assertRaisesText(ValidationError, "choose the unit it moved into"):
            wizard.action_confirm()
        self.assertFalse(self.case.is_won)
        self.assertEqual(self.shop_best.state, "vacant")
        wizard = self._win_form()
        wizard.premises_id = self.shop_best
        wizard.save().action_confirm()
        self.assertTrue(self.case.is_won)
        self.assertEqual(self.shop_best.state, "let")

    def test_win_at_own_address_in_area(self):
        self.bakery.write({"street": "Eisenbahnstraße 120", "zip": "04315"})
        wizard = self._win_form()
        wizard.save().action_confirm()
        self.assertTrue(self.case.is_won)
        self.assertFalse(self.case.premises_id)
        self.assertEqual(self.case.quarter_id, self.quarter_volkmarsdorf)

    def test_lost_needs_reason(self):
        with self.assertRaisesText(ValidationError, "Lost reason"):
            self.case.stage_id = self.stage_lost
        wizard = Form(self.env["district.settlement.lost"].with_context(default_settlement_ids=self.case.ids))
        wizard.lost_reason_id = self.env.ref("district_economy.settlement_lost_reason_too_expensive")
        wizard.save().action_confirm()
        self.assertTrue(self.case.is_lost)
        self.case.action_reopen()
        self.assertFalse(self.case.lost_reason_id)
        self.assertEqual(self.case.stage_id, self.env.ref("district_economy.settlement_stage_enquiry"))

    def test_requirements_and_figures_checked(self):
        with self.assertRaisesText(ValidationError, "larger than the largest"):
            self.case.write({"area_min": 200, "area_max": 100})
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.case.rent_max_per_m2 = -1
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.case.jobs_created_actual = -2
        with self.assertRaisesText(ValidationError, "greater than 0"):
            self.Premises.create(
                {"name": "Zero", "street": "Eisenbahnstraße 1", "zip": "04315", "city": "Leipzig", "area_m2": 0}
            )
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self.shop_far.rent_per_m2 = -3

    def test_let_premises_cannot_be_proposed(self):
        with self.assertRaisesText(ValidationError, "is let"):
            self.env["district.settlement.proposal"].create(
                {
                    "settlement_id": self.case.id,
                    "premises_id": self.let_unit.id,
                }
            )
        proposal = self.env["district.settlement.proposal"].create(
            {
                "settlement_id": self.case.id,
                "premises_id": self.shop_far.id,
            }
        )
        with self.assertRaisesText(ValidationError, "Say why"):
            proposal.state = "rejected"

    def test_vacancy_history(self):
        unit = self.shop_far
        self.assertEqual(len(unit.vacancy_ids), 1)
        unit.state = "reserved"
        self.assertFalse(unit.vacancy_ids.date_to, "reserved is still empty")
        unit.state = "let"
        self.assertTrue(unit.vacancy_ids.date_to)
        unit.state = "vacant"
        self.assertEqual(len(unit.vacancy_ids), 2)
        with self.assertRaisesText(UserError, "Archive them instead"):
            unit.unlink()

    def test_premises_get_quarter_from_address(self):
        self.assertEqual(self.shop_best.quarter_id, self.quarter_neustadt)
        self.assertEqual(self.shop_far.quarter_id, self.quarter_volkmarsdorf)
        self.assertTrue(self.shop_best.is_ground_floor)
        self.assertFalse(self.upstairs.is_ground_floor)
        self.assertEqual(self.shop_best.rent_total, 95 * 8.5)
        self.assertEqual(self.shop_best.size_band, "50_100")
