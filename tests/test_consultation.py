from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestConsultation(DistrictEconomyCase):
    """Recording consultations: defaults, rules, and the location stamped on the day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bakery = cls.create_business("Eisenbahnstraße 49", name="Bäckerei Test")
        cls.owner = cls.Partner.create({"name": "Elif Test", "parent_id": cls.bakery.id, "type": "contact"})
        cls.Consultation = cls.env["district.consultation"]
        cls.turkish = cls.env.ref("district_economy.language_tr")

    def consult(self, partner=None, **values):
        return self.Consultation.create(
            {
                "partner_id": (partner or self.bakery).id,
                "date": values.pop("date", fields.Datetime.now() - timedelta(hours=1)),
                **values,
            }
        )

    def test_consultation_button_prefills_the_form(self):
        action = self.bakery.with_user(self.user_coordinator).action_new_consultation()
        form = Form(self.Consultation.with_user(self.user_coordinator).with_context(**action["context"]))
        form.contact_id = self.owner
        form.duration = 45
        form.channel = "on_site_visit"
        form.language_id = self.turkish
        form.interpreter_used = True
        form.topic_ids.add(self.env.ref("district_economy.consultation_topic_premises"))
        form.topic_ids.add(self.env.ref("district_economy.consultation_topic_financing"))
        form.outcome = "Two shops to look at"
        form.next_step = "Call in two weeks"
        consultation = form.save()
        self.assertEqual(consultation.partner_id, self.bakery)
        self.assertEqual(consultation.user_id, self.user_coordinator)
        self.assertEqual(consultation.state, "done")
        self.assertEqual(consultation.quarter_id, self.quarter_neustadt)
        self.assertEqual(consultation.programme_area_id, self.area_east)
        consultation.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.today() + timedelta(days=14),
            summary="Follow-up call",
            user_id=self.user_coordinator.id,
        )
        self.assertIn(consultation, self.Consultation.search([("activity_ids", "!=", False)]))
        self.assertEqual(self.bakery.consultation_count, 1)
        self.assertEqual(self.bakery.last_consultation_date, consultation.consultation_date)

    def test_person_as_walk_in_founder(self):
        founder = self.Partner.create({"name": "Walk-in Founder", "business_status": "founding"})
        form = Form(self.Consultation)
        form.partner_id = founder
        self.assertEqual(form.contact_id, founder)
        consultation = form.save()
        self.assertFalse(consultation.quarter_id, "no address, no quarter: nothing is guessed")
        # Linked to a business later, the founder's contacts keep their own stamp.
        founder.parent_id = self.bakery
        self.assertEqual(consultation.partner_id.commercial_partner_id, self.bakery)

    def test_duration_limits(self):
        for duration in (0, 721, -5):
            with self.assertRaisesText(ValidationError, "between 1 and 720 minutes"):
                self.consult(duration=duration)
        self.assertEqual(self.consult(duration=720).duration, 720)

    def test_done_consultation_not_in_future(self):
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        with self.assertRaisesText(ValidationError, "future"):
            self.consult(date=tomorrow, state="done")
        planned = self.consult(date=tomorrow, state="planned")
        with self.assertRaisesText(ValidationError, "future"):
            planned.action_done()
        self.assertEqual(planned.state, "planned")

    def test_cancelled_needs_reopening(self):
        consultation = self.consult(state="planned")
        consultation.action_cancel()
        with self.assertRaisesText(UserError, "Reopen it first"):
            consultation.state = "done"
        self.assertEqual(consultation.state, "cancelled")
        consultation.action_reopen()
        consultation.action_done()
        self.assertEqual(consultation.state, "done")

    def test_done_consultation_cannot_be_deleted(self):
        done = self.consult()
        with self.assertRaisesText(UserError, "Cancel or archive it"):
            done.unlink()
        done.active = False
        self.assertFalse(done.active)
        planned = self.consult(state="planned")
        planned.unlink()
        self.assertFalse(planned.exists())

    def test_day_in_office_time_zone(self):
        self.env.company.partner_id.tz = "Europe/Berlin"
        # 00:30 on 1 January in Berlin is 23:30 UTC on 31 December.
        consultation = self.consult(date=datetime(2025, 12, 31, 23, 30))
        self.assertEqual(consultation.consultation_date, fields.Date.to_date("2026-01-01"))

    def test_move_keeps_history(self):
        before = self.consult()
        self.bakery.street = "Eisenbahnstraße 120"
        after = self.consult()
        self.assertEqual(before.quarter_id, self.quarter_neustadt)
        self.assertEqual(before.stamp_street, "Eisenbahnstraße 49")
        self.assertEqual(after.quarter_id, self.quarter_volkmarsdorf)

    def test_rule_correction_corrects_stamps(self):
        shop = self.create_business("Musterstraße 5", "04318", name="Corrected Shop")
        consultation = self.consult(shop)
        moved = self.create_business("Eisenbahnstraße 49", name="Moved Shop")
        old_contact = self.consult(moved)
        moved.write({"street": "Musterstraße 9", "zip": "04318"})
        self.assertFalse(consultation.quarter_id)
        self.Rule.create({"street_name": "Musterstraße", "zip": "04318", "quarter_id": self.quarter_anger.id})
        self.Partner.with_user(self.user_coordinator).browse().action_reassign_quarters()
        self.assertEqual(consultation.quarter_id, self.quarter_anger, "the stamp was wrong: corrected")
        self.assertEqual(consultation.programme_area_id, self.area_east)
        self.assertEqual(moved.quarter_id, self.quarter_anger)
        self.assertEqual(old_contact.quarter_id, self.quarter_neustadt, "a real move keeps the old stamp")

    def test_manual_quarter_is_stamped(self):
        self.bakery.write({"quarter_manual": True, "quarter_id": self.quarter_anger.id})
        self.assertEqual(self.consult().quarter_id, self.quarter_anger)
