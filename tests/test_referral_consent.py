from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DistrictEconomyCase


@tagged("post_install", "-at_install")
class TestReferralConsent(DistrictEconomyCase):
    """A person's data go to an institution only with a valid consent for referrals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bakery = cls.create_business("Eisenbahnstraße 49", name="Bäckerei Test")
        cls.owner = cls.Partner.create({"name": "Elif Test", "parent_id": cls.bakery.id, "type": "contact"})
        cls.chamber = cls.env.ref("district_economy.institution_leipzig_hwk")
        cls.Referral = cls.env["district.referral"]
        cls.Consent = cls.env["district.consent"]
        cls.today = fields.Date.today()

    def refer(self, partner, **values):
        return self.Referral.create({"partner_id": partner.id, "institution_id": self.chamber.id, **values})

    def test_person_needs_consent_before_sending(self):
        referral = self.refer(self.owner)
        self.assertTrue(referral.needs_consent)
        with self.assertRaisesText(ValidationError, "needs a consent for referrals"):
            referral.action_send()
        self.assertEqual(referral.state, "draft")
        referral.consent_given = True
        self.assertEqual(referral.consent_id.purpose, "referral")
        self.assertEqual(referral.consent_id.partner_id, self.owner)
        referral.action_send()
        self.assertEqual(referral.state, "sent")
        self.assertTrue(self.owner.consent_referral_allowed)
        self.assertEqual(referral.institution_type, "chamber_crafts")
        # The owner has no address of their own: the business's location is stamped.
        self.assertEqual(referral.quarter_id, self.quarter_neustadt)

    def test_consent_checkbox_in_the_form(self):
        form = Form(self.Referral.with_user(self.user_coordinator))
        form.partner_id = self.owner
        form.institution_id = self.chamber
        form.consent_given = True
        referral = form.save()
        referral.action_send()
        self.assertEqual(referral.consent_id.source, "verbal")

    def test_business_needs_no_consent(self):
        referral = self.refer(self.bakery)
        self.assertFalse(referral.needs_consent)
        referral.action_send()
        referral.action_successful()
        self.assertEqual(referral.state, "successful")
        self.assertEqual(referral.feedback_date, self.today)

    def test_withdrawn_or_foreign_consent_does_not_count(self):
        consent = self.Consent.create(
            {
                "partner_id": self.owner.id,
                "purpose": "referral",
                "date_given": self.today - timedelta(days=30),
            }
        )
        consent.action_withdraw()
        referral = self.refer(self.owner, consent_id=consent.id)
        with self.assertRaisesText(ValidationError, "needs a consent"):
            referral.action_send()
        contact_only = self.Consent.create({"partner_id": self.owner.id, "purpose": "contact"})
        referral.consent_id = contact_only
        with self.assertRaisesText(ValidationError, "needs a consent"):
            referral.action_send()
        self.assertFalse(self.owner.consent_referral_allowed)
        self.assertTrue(self.owner.consent_contact_allowed)

    def test_consent_dates(self):
        with self.assertRaisesText(ValidationError, "before it was given"):
            self.Consent.create(
                {
                    "partner_id": self.owner.id,
                    "purpose": "records",
                    "date_given": self.today,
                    "date_withdrawn": self.today - timedelta(days=1),
                }
            )
        with self.assertRaisesText(ValidationError, "future"):
            self.Consent.create(
                {
                    "partner_id": self.owner.id,
                    "purpose": "records",
                    "date_given": self.today + timedelta(days=1),
                }
            )
        with self.assertRaisesText(ValidationError, "is a company"):
            self.Consent.create({"partner_id": self.bakery.id, "purpose": "records"})

    def test_feedback_not_before_referral(self):
        referral = self.refer(self.bakery)
        with self.assertRaisesText(ValidationError, "cannot come before"):
            referral.feedback_date = self.today - timedelta(days=3)
