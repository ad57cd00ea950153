from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestContactReport(DistrictEconomyCase):
    """Businesses and founders reached: each counted once, by the quarter stamped at the contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["district.contact.report"]
        cls.bakery = cls.create_business("Eisenbahnstraße 49", name="Report Bakery")
        cls.owner = cls.Partner.create({"name": "Report Owner", "parent_id": cls.bakery.id, "type": "contact"})
        cls.yesterday = fields.Datetime.now() - timedelta(days=1)

    def reached(self, domain=None, groupby=()):
        domain = [("reached_partner_id", "in", (self.bakery | self.owner).ids), *(domain or [])]
        return self.Report._read_group(domain, list(groupby), ["reached_partner_id:count_distinct"])

    def consult(self, partner, **values):
        return self.env["district.consultation"].create({"partner_id": partner.id, "date": self.yesterday, **values})

    def test_each_business_counted_once(self):
        self.consult(self.bakery)
        self.consult(self.owner)
        self.consult(self.bakery, state="planned", date=fields.Datetime.now() + timedelta(days=2))
        self.env["district.referral"].create(
            {
                "partner_id": self.bakery.id,
                "institution_id": self.env.ref("district_economy.institution_leipzig_ihk").id,
                "state": "sent",
            }
        )
        rows = self.Report.search([("reached_partner_id", "=", self.bakery.id)])
        self.assertEqual(len(rows), 3, "two done consultations and a referral; planned ones do not count")
        self.assertEqual(self.reached(), [(1,)], "the owner counts as their business")
        self.assertEqual(self.reached([("is_company", "=", True)]), [(1,)], "RCO04 counts the business")

    def test_network_attendance_counts(self):
        meeting = self.env["event.event"].create(
            {
                "name": "Händlerstammtisch",
                "is_district_network": True,
                "date_begin": self.yesterday - timedelta(hours=2),
                "date_end": self.yesterday,
            }
        )
        registration = self.env["event.registration"].create({"event_id": meeting.id, "partner_id": self.bakery.id})
        self.assertEqual(self.reached(), [(0,)], "registered is not yet a contact")
        registration.state = "done"
        self.assertEqual(self.reached(), [(1,)])
        self.assertEqual(
            self.Report.search([("contact_type", "=", "network_event"), ("res_id", "=", registration.id)]).quarter_id,
            self.quarter_neustadt,
        )

    def test_history_kept_after_a_move(self):
        self.consult(self.bakery)
        self.bakery.street = "Eisenbahnstraße 120"
        self.consult(self.bakery)
        by_quarter = dict(self.reached(groupby=["quarter_id"]))
        self.assertEqual(by_quarter, {self.quarter_neustadt: 1, self.quarter_volkmarsdorf: 1})
        self.assertEqual(self.reached(), [(1,)], "once in the total")

    def test_corrected_after_a_rule_correction(self):
        shop = self.create_business("Musterstraße 3", "04318", name="Shop without rule")
        self.consult(shop)
        domain = [("reached_partner_id", "=", shop.id)]
        self.assertFalse(self.Report.search(domain).quarter_id)
        self.Rule.create({"street_name": "Musterstraße", "zip": "04318", "quarter_id": self.quarter_anger.id})
        shop.action_reassign_quarters()
        self.env.invalidate_all()
        self.assertEqual(self.Report.search(domain).quarter_id, self.quarter_anger)

    def test_founders(self):
        founder = self.Partner.create({"name": "New Founder", "business_status": "founding"})
        young = self.create_business("Eisenbahnstraße 50", founding_date=fields.Date.today() - timedelta(days=400))
        old = self.create_business("Eisenbahnstraße 52", founding_date=fields.Date.today() - timedelta(days=2000))
        for partner in founder | young | old:
            self.consult(partner)
        founders = self.Report.search([("is_founder", "=", True)]).reached_partner_id
        self.assertIn(founder, founders)
        self.assertIn(young, founders)
        self.assertNotIn(old, founders)

    def test_ended_meeting_chatter_in_the_office_language(self):
        self.env.company.partner_id.lang = "de_DE"
        meeting = self.env["event.event"].create(
            {
                "name": "Händlerstammtisch",
                "is_district_network": True,
                "date_begin": self.yesterday - timedelta(hours=2),
                "date_end": self.yesterday,
            }
        )
        self.env.cr.precommit.run()  # as if created in an earlier transaction: changes are tracked
        self.env["event.event"].with_context(lang="en_US", tracking_disable=False)._gc_mark_events_done()
        self.env.cr.precommit.run()  # the chatter's tracking lines are written before the commit
        self.assertTrue(meeting.stage_id.pipe_end)
        tracked = meeting.message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "stage_id")
        self.assertEqual(tracked.new_value_char, meeting.stage_id.with_context(lang="de_DE").name)
        self.assertNotEqual(tracked.new_value_char, meeting.stage_id.with_context(lang="en_US").name)
