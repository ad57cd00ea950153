from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged

from .test_privacy import office_text


@tagged("post_install", "-at_install")
class TestPrivacyUi(HttpCase):
    """Browser tours: a coordinator records a consent during a consultation; a manager exports one
    person's data and anonymises another whose retention period has ended."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        groups = "base.group_user,district_economy.group_district_"
        for role in ("coordinator", "manager"):
            new_test_user(
                cls.env,
                f"privacy_tour_{role}",
                password=f"privacy_tour_{role}",
                name=f"Privacy Tour {role.title()}",
                groups=groups + role,
                lang="en_US",
            )
        Partner = cls.env["res.partner"]
        cls.cafe = Partner.create(
            {
                "name": "Privacy Café",
                "is_company": True,
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
            }
        )
        cls.contact = Partner.create({"name": "Privacy Contact", "parent_id": cls.cafe.id, "type": "contact"})
        cls.consultation = cls.env["district.consultation"].create(
            {"partner_id": cls.cafe.id, "contact_id": cls.contact.id, "date": datetime(2025, 3, 4, 10)}
        )

    def test_coordinator_records_consent_during_consultation(self):
        self.start_tour(
            f"/odoo/district-consultations/{self.consultation.id}",
            "district_economy_privacy_consent",
            login="privacy_tour_coordinator",
        )
        consent = self.env["district.consent"].search([("partner_id", "=", self.contact.id)])
        self.assertEqual((consent.purpose, consent.source, consent.legal_basis), ("contact", "verbal", "consent"))
        self.assertTrue(self.contact.consent_contact_allowed)

    def test_manager_exports_and_anonymises(self):
        Log = self.env["district.privacy.log"]
        self.start_tour(
            f"/odoo/contacts/{self.contact.id}", "district_economy_privacy_export", login="privacy_tour_manager"
        )
        export = Log.search([("partner_id", "=", self.contact.id)])
        self.assertEqual((export.action, export.reason), ("export", "Request by letter of 3 March"))
        self.assertEqual(export.user_id.login, "privacy_tour_manager")

        old_client = self.env["res.partner"].create({"name": "Privacy Old Client"})
        self.env["district.consultation"].create({"partner_id": old_client.id, "date": datetime(2015, 3, 2, 10)})
        self.env["district.privacy.review"]._cron_review_retention()
        self.start_tour(
            "/odoo/district-privacy-reviews", "district_economy_privacy_review", login="privacy_tour_manager"
        )
        self.assertTrue(old_client.is_anonymized)
        self.assertEqual(old_client.name, office_text(self.env, "Anonymised person %(id)s", id=old_client.id))
        self.assertEqual(Log.search([("partner_id", "=", old_client.id)]).action, "anonymize")
