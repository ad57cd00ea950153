from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestAccess(DistrictEconomyCase):
    """What each group can read, create, change and delete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.business = cls.create_business("Eisenbahnstraße 49", business_status="active", employee_count=3)

    def _rule_values(self):
        return {"street_name": "Musterstraße", "zip": "04318", "quarter_id": self.quarter_anger.id}

    def test_readonly_reads_everything_changes_nothing(self):
        env = self.env(user=self.user_readonly)
        business = self.business.with_env(env)
        self.assertEqual(business.quarter_id.name, "Neustadt-Neuschönefeld")
        self.assertEqual(business.programme_area_id.name, "Leipziger Osten")
        self.assertEqual(business.employee_count, 3)
        self.assertTrue(env["district.address.rule"].search([]))
        with self.assertRaises(AccessError):
            business.business_status = "closed"
        with self.assertRaises(AccessError):
            env["res.partner"].create({"name": "New shop", "is_company": True})
        with self.assertRaises(AccessError):
            self.quarter_neustadt.with_env(env).name = "Renamed"
        with self.assertRaises(AccessError):
            env["district.address.rule"].create(self._rule_values())
        with self.assertRaises(AccessError):
            env["res.partner"].browse().action_reassign_quarters()

    def test_readonly_sees_only_what_it_may_do(self):
        env = self.env(user=self.user_readonly)
        self.assertTrue(env["res.partner"].fields_get(["active"])["active"]["readonly"], "no Archive in the menu")
        self.assertTrue(env["district.consultation"].fields_get(["active"])["active"]["readonly"])
        coordinator_env = self.env(user=self.user_coordinator)
        self.assertFalse(coordinator_env["district.consultation"].fields_get(["active"])["active"]["readonly"])
        actions = env["ir.actions.actions"].get_bindings("res.partner").get("action", [])
        names = {action["name"] for action in actions}
        for refused in ("Send SMS", "Grant portal access", "Send email"):
            self.assertNotIn(refused, names)
        self.assertIn("Download (vCard)", names, "read-only actions stay")
        coordinator_names = {
            action["name"] for action in coordinator_env["ir.actions.actions"].get_bindings("res.partner")["action"]
        }
        self.assertIn("Reassign quarters", coordinator_names)
        self.assertIn("Grant portal access", coordinator_names)

    def test_refusals_speak_plainly(self):
        self.user_readonly.lang = "de_DE"
        env = self.env(user=self.user_readonly)
        consultation = self.env["district.consultation"].create({"partner_id": self.business.id})
        with self.assertRaises(AccessError) as refused:
            consultation.with_env(env).write({"summary": "Miete"})
        message = str(refused.exception)
        self.assertIn("Mit Ihrer Rolle können Sie „Beratung“ lesen, aber nicht ändern.", message)
        self.assertNotIn("district.consultation", message)
        other_office = self.env["res.company"].create({"name": "Stadtteilbüro Nord"})
        self.user_coordinator.write({"company_ids": [(4, other_office.id)]})
        foreign = self.env["district.consultation"].create(
            {"partner_id": self.business.id, "company_id": other_office.id, "summary": "Miete"}
        )
        with self.assertRaises(AccessError) as refused:
            foreign.with_user(self.user_readonly).read(["summary"])
        message = str(refused.exception)
        self.assertIn("Sie dürfen Beratung", message)
        self.assertIn("gehört zu einem anderen Büro", message)
        self.assertNotIn("district.consultation", message)

    def test_coordinator_works_businesses_not_configuration(self):
        env = self.env(user=self.user_coordinator)
        business = env["res.partner"].create(
            {
                "name": "Neue Bäckerei",
                "is_company": True,
                "street": "Eisenbahnstraße 120",
                "zip": "04315",
                "city": "Leipzig",
                "business_status": "founding",
                "employee_count": 2,
                "wz_code": "10.71",
            }
        )
        self.assertEqual(business.quarter_id, self.quarter_volkmarsdorf)
        business.write({"business_status": "active", "coordinator_id": self.user_coordinator.id})
        business.write({"quarter_manual": True, "quarter_id": self.quarter_anger.id})
        self.assertEqual(business.quarter_id, self.quarter_anger)
        env["res.partner"].browse().action_reassign_quarters()
        with self.assertRaises(AccessError):
            self.quarter_neustadt.with_env(env).name = "Renamed"
        with self.assertRaises(AccessError):
            env["district.address.rule"].create(self._rule_values())
        with self.assertRaises(AccessError):
            self.area_east.with_env(env).date_to = "2030-12-31"
        with self.assertRaises(AccessError):
            self.borough_east.with_env(env).unlink()

    def test_manager_configures_areas(self):
        env = self.env(user=self.user_manager)
        rule = env["district.address.rule"].create(self._rule_values())
        rule.number_from = 2
        quarter = env["district.quarter"].create({"code": "98", "name": "Neu", "borough_id": self.borough_east.id})
        quarter.area_ha = 12.5
        area = env["district.programme.area"].create({"name": "Testgebiet", "city": "Leipzig"})
        area.quarter_ids = quarter
        env["district.language"].create({"name": "Somali", "code": "so"})
        rule.unlink()
        area.unlink()

    def test_other_internal_users_see_location_but_not_change_facts(self):
        env = self.env(user=self.user_internal)
        business = self.business.with_env(env)
        self.assertEqual(business.quarter_id, self.quarter_neustadt)
        # Any contact manager may correct an address; the quarter follows it.
        business.street = "Eisenbahnstraße 120"
        self.assertEqual(business.quarter_id, self.quarter_volkmarsdorf)
        with self.assertRaisesText(AccessError, "coordinators"):
            business.employee_count = 10
        with self.assertRaises(AccessError):
            env["district.quarter"].create({"code": "97", "name": "X", "borough_id": self.borough_east.id})


@tagged("post_install", "-at_install")
class TestConsultationAccess(DistrictEconomyCase):
    """Confidential notes stay with coordinators and managers, also over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.business = cls.create_business("Eisenbahnstraße 49")
        cls.consultation = cls.env["district.consultation"].create(
            {
                "partner_id": cls.business.id,
                "summary": "Premises",
                "note": "Health problems of the owner",
                "date": "2025-06-02 10:00:00",
            }
        )

    def test_readonly_reads_all_but_the_note(self):
        consultation = self.consultation.with_user(self.user_readonly)
        self.assertEqual(consultation.read(["summary"])[0]["summary"], "Premises")
        with self.assertRaises(AccessError):
            consultation.read(["note"])
        with self.assertRaises(AccessError):
            consultation.search_read([], ["note"])
        self.assertNotIn("note", consultation.fields_get())
        with self.assertRaises(AccessError):
            consultation.summary = "Changed"
        with self.assertRaises(AccessError):
            self.env["district.consultation"].with_user(self.user_readonly).create({"partner_id": self.business.id})
        self.assertTrue(self.env["district.contact.report"].with_user(self.user_readonly).search([]))
        messages = self.consultation.message_ids.mapped("body")
        self.assertFalse([body for body in messages if "Health" in str(body)], "the note never reaches the chatter")

    def test_coordinator_works_all_consultations_of_the_company(self):
        consultation = self.consultation.with_user(self.user_coordinator)
        self.assertEqual(consultation.note, "Health problems of the owner")
        consultation.write({"note": "Updated", "outcome": "Referred"})
        other_company = self.env["res.company"].create({"name": "Other Office"})
        hidden = self.env["district.consultation"].create(
            {
                "partner_id": self.business.id,
                "company_id": other_company.id,
                "date": "2025-06-02 10:00:00",
            }
        )
        visible = self.env["district.consultation"].with_user(self.user_coordinator).search([])
        self.assertIn(self.consultation, visible)
        self.assertNotIn(hidden, visible)

    def test_manager_configures_topics(self):
        self.env["district.consultation.topic"].with_user(self.user_manager).create({"name": "Tourism"})
        with self.assertRaises(AccessError):
            self.env["district.consultation.topic"].with_user(self.user_coordinator).create({"name": "Tourism"})


@tagged("post_install", "-at_install")
class TestSettlementAccess(DistrictEconomyCase):
    """Read-only sees cases and premises but not the landlord or internal notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.landlord = cls.Partner.create({"name": "Landlord", "phone": "0341 000000"})
        cls.unit = cls.env["district.premises"].create(
            {
                "name": "Shop",
                "street": "Eisenbahnstraße 61",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 90,
                "owner_id": cls.landlord.id,
                "notes": "<p>Owner wants a quiet tenant</p>",
            }
        )
        cls.company = cls.Partner.create({"name": "Newcomer", "is_company": True})
        cls.case = cls.env["district.settlement"].create({"name": "Case", "partner_id": cls.company.id})

    def test_readonly(self):
        unit = self.unit.with_user(self.user_readonly)
        self.assertEqual(unit.read(["area_m2"])[0]["area_m2"], 90)
        for field_name in ("owner_id", "contact_id", "notes"):
            with self.assertRaises(AccessError):
                unit.read([field_name])
        self.assertEqual(self.case.with_user(self.user_readonly).read(["name"])[0]["name"], "Case")
        with self.assertRaises(AccessError):
            self.case.with_user(self.user_readonly).name = "Changed"
        with self.assertRaises(AccessError):
            unit.state = "let"

    def test_coordinator_works_cases_manager_configures(self):
        case = self.case.with_user(self.user_coordinator)
        case.write({"area_min": 50, "area_max": 100})
        self.assertEqual(self.unit.with_user(self.user_coordinator).owner_id, self.landlord)
        with self.assertRaises(AccessError):
            self.env["district.settlement.stage"].with_user(self.user_coordinator).create({"name": "New"})
        with self.assertRaises(AccessError):
            self.env["district.settlement.lost.reason"].with_user(self.user_coordinator).create({"name": "New"})
        self.env["district.settlement.stage"].with_user(self.user_manager).create({"name": "New"})
        self.env["district.settlement.lost.reason"].with_user(self.user_manager).create({"name": "New"})
