from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DistrictEconomyCase, JsonRpcMixin


@tagged("post_install", "-at_install")
class TestTenantMix(DistrictEconomyCase):
    """Issue 19: tenant-mix targets against the let ground-floor units, and warnings when a settlement breaks one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = cls.use_own_office()
        ref = cls.env.ref
        cls.retail = ref("district_economy.premises_use_retail")
        cls.betting = ref("district_economy.premises_use_betting")
        cls.snack_bar = ref("district_economy.premises_use_snack_bar")
        cls.Target = cls.env["district.tenant.mix.target"]
        # Neustadt-Neuschönefeld (Eisenbahnstraße 7-73): 20 let ground-floor units, 8 retail, 1 betting shop.
        uses = [cls.retail] * 8 + [cls.betting] + [cls.snack_bar] * 3 + [cls.env["district.premises.use.type"]] * 8
        cls.let_units = cls.env["district.premises"].create(
            [
                {
                    "name": f"Laden Eisenbahnstraße {number}",
                    "street": f"Eisenbahnstraße {number}",
                    "zip": "04315",
                    "city": "Leipzig",
                    "area_m2": 60,
                    "state": "let",
                    "current_use_type_id": use.id,
                }
                for number, use in zip(range(7, 27), uses, strict=True)
            ]
        )
        cls.upstairs_betting = cls.create_unit("Eisenbahnstraße 40", "let", floor=1, current_use_type_id=cls.betting.id)
        cls.reported_betting = cls.create_unit("Eisenbahnstraße 41", "reported", current_use_type_id=cls.betting.id)
        cls.vacant = cls.create_unit("Eisenbahnstraße 27", "vacant")
        cls.betting_max = cls.Target.create(
            {
                "quarter_id": cls.quarter_neustadt.id,
                "mix_category": "betting_gambling",
                "operator": "max",
                "percent": 5,
            }
        )
        cls.retail_min = cls.Target.create(
            {"quarter_id": cls.quarter_neustadt.id, "mix_category": "retail_crafts", "operator": "min", "percent": 40}
        )
        cls.settlement = cls.env["district.settlement"].create(
            {
                "name": "Wettbüro sucht Laden",
                "partner_id": cls.create_business("Eisenbahnstraße 200", name="Wett GmbH").id,
                "intended_use_type_id": cls.betting.id,
            }
        )

    @classmethod
    def create_unit(cls, street, state, **values):
        return cls.env["district.premises"].create(
            {"name": f"Laden {street}", "street": street, "zip": "04315", "city": "Leipzig", "area_m2": 60}
            | {"state": state, **values}
        )

    def test_figures_count_let_ground_floor_units_only(self):
        self.assertEqual(self.vacant.quarter_id, self.quarter_neustadt)
        self.assertEqual(
            (self.betting_max.unit_count, self.betting_max.category_count, self.betting_max.actual_percent),
            (20, 1, 5.0),
        )
        self.assertTrue(self.betting_max.is_met)
        self.assertEqual((self.retail_min.category_count, self.retail_min.actual_percent), (8, 40.0))
        self.assertTrue(self.retail_min.is_met)
        # A unit that falls vacant leaves the mix, whatever its last use was.
        self.let_units[8].state = "vacant"
        self.betting_max.invalidate_recordset()
        self.assertEqual((self.betting_max.unit_count, self.betting_max.category_count), (19, 0))

    def test_street_section(self):
        section = self.Target.create(
            {
                "quarter_id": self.quarter_neustadt.id,
                "street": "Eisenbahnstr.",
                "number_from": 7,
                "number_to": 10,
                "mix_category": "retail_crafts",
                "operator": "min",
                "percent": 50,
            }
        )
        self.assertEqual((section.unit_count, section.category_count, section.actual_percent), (4, 4, 100.0))
        self.assertEqual(section.scope_name, "Eisenbahnstr. 7–10 (Neustadt-Neuschönefeld)")

    def test_proposal_warns_with_the_numbers(self):
        proposal = self.env["district.settlement.proposal"].create(
            {"settlement_id": self.settlement.id, "premises_id": self.vacant.id}
        )
        self.assertIn(
            "Betting and gambling in Neustadt-Neuschönefeld would rise to 9.5 % (target: at most 5 %), "
            "2 of 21 let ground-floor units.",
            proposal.tenant_mix_warning,
        )
        self.assertIn(
            "Retail and crafts in Neustadt-Neuschönefeld would fall to 38.1 % (target: at least 40 %), "
            "8 of 21 let ground-floor units.",
            proposal.tenant_mix_warning,
        )
        self.assertIn("would rise to 9.5 %", self.settlement.tenant_mix_warning)
        # A retail shop breaks neither target.
        self.settlement.intended_use_type_id = self.retail
        self.assertFalse(proposal.tenant_mix_warning)
        self.assertFalse(self.settlement.tenant_mix_warning)

    def test_single_wanted_use_is_the_intended_use(self):
        self.settlement.write({"intended_use_type_id": False, "use_type_ids": [(6, 0, self.betting.ids)]})
        proposal = self.env["district.settlement.proposal"].create(
            {"settlement_id": self.settlement.id, "premises_id": self.vacant.id}
        )
        self.assertIn("would rise to 9.5 %", proposal.tenant_mix_warning)

    def test_winning_warns_but_does_not_refuse(self):
        won = self.env["district.settlement.stage"].search([("is_won", "=", True)], limit=1)
        self.settlement.with_context(tracking_disable=False).write(
            {"premises_id": self.vacant.id, "stage_id": won.id, "settled_date": "2026-01-15"}
        )
        self.assertEqual(self.vacant.state, "let")
        self.assertEqual(self.vacant.current_use_type_id, self.betting)
        self.assertIn(
            "would rise to 9.5 % (target: at most 5 %), 2 of 21 let ground-floor units",
            "".join(self.settlement.message_ids.mapped("body")),
        )
        self.assertFalse(self.betting_max.is_met)
        self.assertEqual(self.betting_max.actual_percent, 9.5)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.Target.create(
                {"quarter_id": self.quarter_neustadt.id, "mix_category": "other", "operator": "max", "percent": 150}
            )
        with self.assertRaisesRegex(ValidationError, "after its end"):
            self.Target.create(
                {
                    "quarter_id": self.quarter_neustadt.id,
                    "street": "Eisenbahnstraße",
                    "number_from": 50,
                    "number_to": 10,
                    "mix_category": "other",
                    "percent": 10,
                }
            )
        with self.assertRaisesRegex(ValidationError, "Enter the street"):
            self.Target.create(
                {"quarter_id": self.quarter_neustadt.id, "number_from": 5, "mix_category": "other", "percent": 10}
            )

    def test_access_per_group(self):
        target = self.betting_max
        self.assertEqual(target.with_user(self.user_readonly).actual_percent, 5.0)
        with self.assertRaises(AccessError):
            target.with_user(self.user_readonly).percent = 10
        with self.assertRaises(AccessError):
            self.Target.with_user(self.user_readonly).create(
                {"quarter_id": self.quarter_neustadt.id, "mix_category": "other", "percent": 10}
            )
        target.with_user(self.user_coordinator).percent = 6
        self.Target.with_user(self.user_coordinator).create(
            {"quarter_id": self.quarter_neustadt.id, "mix_category": "services", "percent": 30}
        )
        target.with_user(self.user_manager).percent = 7
        self.assertEqual(target.percent, 7)
        with self.assertRaises(AccessError):
            self.Target.with_user(self.user_internal).search([])


@tagged("post_install", "-at_install")
class TestTenantMixOverApi(JsonRpcMixin, HttpCase):
    """Bad input over the external API gets a message that says what to fix."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator = new_test_user(
            cls.env,
            "mix_coordinator",
            groups="base.group_user,district_economy.group_district_coordinator",
            lang="en_US",
        )
        cls.neustadt = cls.env.ref("district_economy.quarter_leipzig_20")

    def test_bad_input_over_rpc(self):
        model = "district.tenant.mix.target"
        with self.assertRaises(Exception) as caught:
            self.rpc(
                self.coordinator.login,
                model,
                "create",
                {"quarter_id": self.neustadt.id, "mix_category": "other", "percent": 150},
            )
        self.assertIn("between 0 and 100", str(caught.exception))
        with self.assertRaises(Exception) as caught:
            self.rpc(self.coordinator.login, model, "create", {"mix_category": "other", "percent": 10})
        self.assertIn("Choose the quarter", str(caught.exception))
        target_id = self.rpc(
            self.coordinator.login,
            model,
            "create",
            {"quarter_id": self.neustadt.id, "mix_category": "other", "percent": 10},
        )
        with self.assertRaises(Exception) as caught:
            self.rpc(self.coordinator.login, model, "write", [target_id], {"percent": -1})
        self.assertIn("between 0 and 100", str(caught.exception))
