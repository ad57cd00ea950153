import base64
import io
import json
import zipfile
from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import format_date

from .common import DistrictEconomyCase, JsonRpcMixin, RpcError, pdf_text


def office_text(env, text, **values):
    """``text`` as the anonymisation writes it: in the office's language (German in a German office)."""
    lang = env["district.privacy.export"]._office_lang()
    return env(context=dict(env.context, lang=lang))._(text, **values)


class PrivacyFixture:
    """A sole trader without e-mail, with everything that can point to a person, and a contact person."""

    @classmethod
    def build_privacy_fixture(cls, env):
        Partner = env["res.partner"]
        cls.retail = env.ref("base.res_partner_industry_G")
        cls.person = Partner.create(
            {
                "name": "Aylin Yıldız",
                "street": "Eisenbahnstraße 49",
                "zip": "04315",
                "city": "Leipzig",
                "phone": "+49 341 1234567",
                "vat": "DE123456788",
                "function": "Owner",
                "business_status": "active",
                "opening_date": "2019-03-01",
                "industry_id": cls.retail.id,
                "comment": "<p>Speaks Turkish and German.</p>",
            }
        )
        cls.cafe = Partner.create(
            {
                "name": "Café Kaya",
                "is_company": True,
                "street": "Eisenbahnstraße 120",
                "zip": "04315",
                "city": "Leipzig",
            }
        )
        cls.contact = Partner.create({"name": "Elif Kaya", "parent_id": cls.cafe.id, "type": "contact"})
        cls.consultation = env["district.consultation"].create(
            {
                "partner_id": cls.person.id,
                "date": datetime(2020, 5, 4, 10),
                "summary": "Aylin Yıldız wants a second shop.",
                "note": "Her husband is ill.",
                "location": "In Aylin's shop",
            }
        )
        cls.cafe_consultation = env["district.consultation"].create(
            {
                "partner_id": cls.cafe.id,
                "contact_id": cls.contact.id,
                "date": datetime(2021, 2, 3, 11),
                "summary": "Menu",
            }
        )
        cls.referral = env["district.referral"].create(
            {
                "partner_id": cls.person.id,
                "institution_id": env.ref("district_economy.institution_leipzig_hwk").id,
                "date": "2020-05-04",
                "reason": "Master craftsman's certificate of Aylin",
                "consent_given": True,
            }
        )
        cls.referral.action_send()
        cls.consent = env["district.consent"].create(
            {
                "partner_id": cls.person.id,
                "purpose": "records",
                "date_given": "2020-05-04",
                "evidence": base64.b64encode(b"signed form"),
                "evidence_filename": "consent_yildiz.pdf",
            }
        )
        meeting = env["event.event"].create(
            {
                "name": "Händlerstammtisch",
                "is_district_network": True,
                "date_begin": datetime(2021, 3, 1, 18),
                "date_end": datetime(2021, 3, 1, 20),
            }
        )
        cls.registration = env["event.registration"].create(
            {"event_id": meeting.id, "partner_id": cls.person.id, "state": "done"}
        )
        cls.premises = env["district.premises"].create(
            {
                "name": "Shop Eisenbahnstraße 61",
                "street": "Eisenbahnstraße 61",
                "zip": "04315",
                "city": "Leipzig",
                "area_m2": 60,
                "contact_id": cls.person.id,
            }
        )
        cls.note_on_person = cls.person.message_post(
            body="Called Aylin Yıldız about the lease.",
            attachments=[("lease_yildiz.txt", b"lease of Aylin")],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.consultation_file = env["ir.attachment"].create(
            {
                "name": "business_plan.txt",
                "raw": b"Business plan of Aylin",
                "res_model": "district.consultation",
                "res_id": cls.consultation.id,
            }
        )
        # A message to her on another record (many2many recipients), and the consultation's followers.
        cls.message_to_person = env["mail.message"].create(
            {
                "model": "district.consultation",
                "res_id": cls.cafe_consultation.id,
                "body": "Dear Ms Yıldız, the café is interested.",
                "message_type": "comment",
                "partner_ids": [Command.link(cls.person.id)],
            }
        )
        cls.cafe_consultation.message_subscribe(partner_ids=cls.person.ids)
        # The chatter of another record that once named her (a consultation moved to the café).
        field = env["ir.model.fields"]._get("district.consultation", "partner_id")
        cls.tracking_message = env["mail.message"].create(
            {
                "model": "district.consultation",
                "res_id": cls.cafe_consultation.id,
                "message_type": "notification",
                "tracking_value_ids": [
                    Command.create(
                        {
                            "field_id": field.id,
                            "old_value_integer": cls.person.id,
                            "old_value_char": "Aylin Yıldız",
                            "new_value_integer": cls.cafe.id,
                            "new_value_char": "Café Kaya",
                        }
                    )
                ],
            }
        )


@tagged("post_install", "-at_install")
class TestPrivacy(PrivacyFixture, DistrictEconomyCase):
    """Access requests, erasure and retention (GDPR Art. 15 and 17, DOMAIN.md)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = cls.use_own_office()
        cls.build_privacy_fixture(cls.env)
        cls.Lookup = cls.env["district.privacy.lookup"]
        cls.Log = cls.env["district.privacy.log"]
        cls.erdf = cls.env.ref("district_economy.funding_programme_erdf_2021")

    def fund(self, partner, state, last_payment=None, **values):
        values = {
            "name": f"Grant {partner.name}",
            "partner_id": partner.id,
            "programme_id": self.erdf.id,
            "state": state,
            "date_approved": "2018-01-15",
            "amount_granted": 10000,
            **values,
        }
        if last_payment:
            values.update(amount_paid=10000, date_last_payment=last_payment)
        return self.env["district.funding"].create(values)

    def export_zip(self, user, partner, reason="Letter of 3 March"):
        action = partner.with_user(user).action_export_personal_data(reason=reason)
        wizard_id = int(action["url"].split("/")[4])
        wizard = self.env["district.privacy.wizard"].browse(wizard_id)
        return zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.export_file))), action

    # -- finding everything -----------------------------------------------
    def test_lookup_finds_every_link(self):
        self.assertFalse(self.person.email, "a sole trader without e-mail is found all the same")
        findings = self.Lookup._lookup(self.person)
        links = findings.links

        def through(record):
            return links[record._name][record.id]

        self.assertIn("partner_id", through(self.consultation), "many2one")
        self.assertIn("partner_id", through(self.referral))
        self.assertIn("partner_id", through(self.consent))
        self.assertIn("partner_id", through(self.registration), "network attendance")
        self.assertIn("contact_id", through(self.premises.sudo()), "premises where they are the contact")
        self.assertTrue(self.person.business_event_ids)
        for event in self.person.business_event_ids:
            self.assertIn("partner_id", through(event), "business events")
        self.assertIn("partner_ids", through(self.message_to_person), "many2many: messages to them")
        self.assertIn("res_id:res.partner", through(self.note_on_person), "messages about them")
        self.assertIn("tracking_value_ids", through(self.tracking_message), "a change history that names them")
        self.assertIn("res_id:res.partner", through(self.note_on_person.attachment_ids), "attachments")
        self.assertIn("res_id:district.consultation", through(self.consultation_file), "files on their records")
        evidence = (
            self.env["ir.attachment"]
            .with_context(skip_res_field_check=True)
            .search([("res_model", "=", "district.consent"), ("res_id", "=", self.consent.id)])
        )
        self.assertTrue(evidence)
        self.assertIn("res_id:district.consent", through(evidence), "the consent's evidence")
        follower = self.env["mail.followers"].search(
            [("partner_id", "=", self.person.id), ("res_model", "=", "district.consultation")]
        )
        self.assertIn("partner_id", through(follower), "followers")
        self.assertNotIn(self.cafe_consultation.id, findings.owned["district.consultation"], "not her record")
        self.assertNotIn("res.partner", links, "other persons' records are not hers")

    def test_lookup_finds_stamped_copies(self):
        funding = self.fund(self.person, "paid", last_payment="2019-06-30")
        findings = self.Lookup._lookup(self.person)
        self.assertIn("partner_id", findings.links["district.funding.payment"][funding.payment_ids.id])

    # -- export ---------------------------------------------------------------
    def test_coordinator_exports_a_zip_with_json_and_document(self):
        archive, action = self.export_zip(self.user_coordinator, self.person)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("download=true", action["url"])
        names = archive.namelist()
        self.assertIn("personal_data.json", names)
        document = [name for name in names if name.startswith("personal_data.") and not name.endswith(".json")]
        self.assertEqual(len(document), 1, "one readable document")
        content = json.loads(archive.read("personal_data.json"))
        self.assertEqual(content["person"]["fields"]["name"]["value"], "Aylin Yıldız")
        self.assertEqual(content["person"]["fields"]["phone"]["value"], "+49 341 1234567")
        models = {record["model"] for record in content["records"]}
        for model in ("district.consultation", "district.referral", "district.consent", "event.registration"):
            self.assertIn(model, models)
        self.assertIn("district.premises", models, "the unit where she is the contact")
        consultation = next(record for record in content["records"] if record["model"] == "district.consultation")
        self.assertEqual(consultation["fields"]["note"]["value"], "Her husband is ill.", "coordinators see notes")
        self.assertIn("Called Aylin Yıldız about the lease.", [message["body"] for message in content["messages"]])
        files = {attachment["name"]: attachment["file"] for attachment in content["attachments"]}
        self.assertIn("lease_yildiz.txt", files)
        self.assertEqual(archive.read(files["business_plan.txt"]), b"Business plan of Aylin")
        self.assertIn("Aylin Yıldız", archive.read(document[0]).decode(errors="ignore"))
        log = self.Log.search([("partner_id", "=", self.person.id)])
        self.assertEqual((log.action, log.user_id, log.reason), ("export", self.user_coordinator, "Letter of 3 March"))
        self.assertTrue(log.details)

    def test_export_shows_only_what_the_user_may_read(self):
        other_office = self.env["res.company"].create({"name": "Stadtteilbüro West"})
        self.env["district.consultation"].create(
            {"partner_id": self.person.id, "date": datetime(2021, 1, 5, 9), "company_id": other_office.id}
        )
        archive, _action = self.export_zip(self.user_coordinator, self.person)
        content = json.loads(archive.read("personal_data.json"))
        consultations = [record for record in content["records"] if record["model"] == "district.consultation"]
        self.assertEqual(len(consultations), 1, "another office's consultation is not shown")
        not_shown = {row["model"]: row["count"] for row in content["not_shown"]}
        self.assertEqual(not_shown.get("district.consultation"), 1, "but counted")

    def test_readonly_cannot_export(self):
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_readonly).action_export_personal_data(reason="curious")
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_readonly).action_open_privacy_export()
        self.assertFalse(self.Log.search([("partner_id", "=", self.person.id)]))

    # -- anonymisation --------------------------------------------------------
    def test_only_managers_anonymise(self):
        with self.assertRaisesText(AccessError, "four-eyes"):
            self.person.with_user(self.user_coordinator).action_anonymize(reason="asked")
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_coordinator).action_open_privacy_anonymize()
        self.assertFalse(self.person.is_anonymized)
        with self.assertRaisesText(ValidationError, "only the action Anonymise"):
            self.person.with_user(self.user_coordinator).write({"is_anonymized": True, "anonymized_date": "2025-01-01"})
        self.person.with_user(self.user_manager).action_anonymize(reason="Erasure request by letter")
        self.assertTrue(self.person.is_anonymized)
        self.assertEqual(self.person.anonymized_date, fields.Date.context_today(self.person))
        with self.assertRaisesText(ValidationError, "only the action Anonymise"):
            self.person.with_user(self.user_manager).write({"is_anonymized": False, "anonymized_date": False})
        log = self.Log.search([("partner_id", "=", self.person.id), ("action", "=", "anonymize")])
        self.assertEqual((log.user_id, log.reason), (self.user_manager, "Erasure request by letter"))
        self.assertTrue(self.user_manager.has_group("district_economy.group_district_manager"))
        self.assertFalse(self.user_manager.has_group("base.group_system"), "managers are not administrators")

    def test_anonymise_replaces_personal_data_and_keeps_facts(self):
        quarter, area = self.person.quarter_id, self.person.programme_area_id
        self.assertEqual(quarter, self.quarter_neustadt)
        events = self.person.business_event_ids
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": "Your appointment, Ms Yıldız",
                    "body_html": "<p>Dear Ms Yıldız</p>",
                    "recipient_ids": [Command.link(self.person.id)],
                }
            )
        )
        self.person.with_user(self.user_manager).action_anonymize(reason="asked")
        self.assertNotIn("Yıldız", mail.body_html + str(mail.mail_message_id.body) + (mail.subject or ""))
        person = self.person
        self.assertEqual(person.name, office_text(self.env, "Anonymised person %(id)s", id=person.id))
        for field in ("phone", "street", "vat", "function", "comment", "email"):
            self.assertFalse(person[field], field)
        self.assertEqual((person.zip, person.city), ("04315", "Leipzig"), "coarse location stays")
        self.assertEqual((person.quarter_id, person.programme_area_id), (quarter, area), "the quarter stays")
        self.assertEqual((person.business_status, person.industry_id), ("active", self.retail), "facts stay")
        self.assertEqual(person.business_event_ids, events, "no event added or removed")
        self.assertFalse(any(events.mapped("stamp_street")), "stamped addresses go")
        self.assertEqual(events.quarter_id, quarter)
        placeholder = office_text(self.env, "Removed: the person was anonymised.")
        self.assertEqual(self.consultation.summary, placeholder)
        self.assertEqual(self.consultation.note, placeholder)
        self.assertEqual(self.consultation.location, placeholder)
        self.assertEqual(self.consultation.state, "done")
        self.assertFalse(self.consultation.stamp_street)
        self.assertEqual(self.consultation.quarter_id, quarter)
        self.assertEqual(self.referral.reason, placeholder)
        self.assertEqual(self.referral.state, "sent", "the referral still counts")
        self.assertEqual(self.registration.name, person.name)
        self.assertFalse(self.registration.phone)
        self.assertTrue(self.consent.exists(), "the consent stays as proof that processing was lawful")
        self.assertFalse(self.consent.evidence)
        self.assertFalse(self.consultation_file.exists(), "files about her are deleted")
        self.assertFalse(self.note_on_person.attachment_ids)
        self.assertNotIn("Aylin", str(self.note_on_person.body))
        self.assertNotIn("Yıldız", str(self.message_to_person.body))
        tracking = self.tracking_message.sudo().tracking_value_ids
        self.assertEqual(tracking.old_value_char, person.name, "the history names the placeholder")
        self.assertFalse(
            self.env["mail.followers"].search([("partner_id", "=", person.id)]), "she no longer follows anything"
        )
        self.assertEqual(self.cafe_consultation.summary, "Menu", "the café's consultation is the café's")
        self.assertEqual(self.premises.sudo().contact_id, person, "the unit keeps pointing to the placeholder")
        details = self.Log.search([("partner_id", "=", person.id), ("action", "=", "anonymize")]).details
        self.assertIn(office_text(self.env, "Attachments deleted"), details, "nothing is deleted silently")

    def test_anonymise_from_the_form(self):
        funded = self.Partner.create({"name": "Funded Person"})
        self.fund(funded, "paid", last_payment="2023-06-30")
        action = funded.with_user(self.user_manager).action_open_privacy_anonymize()
        wizard = Form(self.env[action["res_model"]].with_user(self.user_manager).with_context(**action["context"]))
        self.assertIn(format_date(self.env, date(2028, 12, 31)), wizard.refusal, "the form says until when")
        action = self.person.with_user(self.user_manager).action_open_privacy_anonymize()
        wizard = Form(self.env[action["res_model"]].with_user(self.user_manager).with_context(**action["context"]))
        self.assertFalse(wizard.refusal)
        self.assertIn("Consultation: 1", wizard.found_summary)
        wizard.reason = "Request in person, 3 March"
        wizard.save().action_confirm()
        self.assertTrue(self.person.is_anonymized)
        self.assertEqual(self.Log.search([("partner_id", "=", self.person.id)]).reason, "Request in person, 3 March")

    def test_contact_person_keeps_the_business_address(self):
        self.contact.email = "elif.kaya@example.com"
        blacklisted = self.env["mail.blacklist"].sudo()._add("elif.kaya@example.com")
        bank = self.env["res.partner.bank"].create(
            {"partner_id": self.contact.id, "acc_number": "DE02120300000000202051"}
        )
        own = self.env["district.consultation"].create({"partner_id": self.contact.id, "date": datetime(2021, 4, 5, 9)})
        activity = own.activity_schedule("mail.mail_activity_data_todo", summary="Call Elif back")
        self.contact.with_user(self.user_manager).action_anonymize(reason="asked")
        self.assertFalse(self.contact.email)
        self.assertFalse(blacklisted.exists(), "her address on the blacklist goes")
        self.assertFalse(bank.active, "her bank account is archived (Odoo keeps accounts payments refer to)")
        self.assertNotIn("2051", bank.acc_number, "and its number goes")
        self.assertFalse(activity.exists(), "to-dos about her go")
        self.assertTrue(own.exists())
        self.assertEqual(self.contact.name, office_text(self.env, "Anonymised person %(id)s", id=self.contact.id))
        self.assertEqual(self.cafe.street, "Eisenbahnstraße 120", "the café's address is not hers")
        self.assertEqual(self.contact.parent_id, self.cafe, "still counts as a contact of the café")
        self.assertEqual(self.cafe_consultation.summary, "Menu")

    def figures(self):
        Engine = self.env["district.monitoring.engine"]
        figures = Engine._compute_figures(date(2019, 1, 1), date(2025, 12, 31), self.area_east, self.office)
        figures["reached"] = self.env["district.contact.report"]._read_group(
            [], ["quarter_id", "contact_type"], ["reached_partner_id:count_distinct", "__count"]
        )
        figures["monitoring"] = self.env["district.monitoring.report"]._read_group(
            [], ["quarter_id", "programme_area_id"], ["__count"]
        )
        return figures

    def test_figures_do_not_change(self):
        self.fund(self.contact, "paid", last_payment="2019-06-30")
        self.env.flush_all()
        before = self.figures()
        self.assertTrue(before[("total", False, False)]["active_businesses"])
        (self.person | self.contact).with_user(self.user_manager).action_anonymize(reason="asked")
        self.env.flush_all()
        self.assertEqual(self.figures(), before)
        # A later reassignment after an address rule change does not drop them out of their quarter either.
        self.person.with_user(self.user_coordinator).browse().action_reassign_quarters()
        self.env.flush_all()
        self.assertEqual(self.figures(), before)

    def test_refused_while_a_funding_must_be_kept(self):
        funding = self.fund(self.person, "paid", last_payment="2023-06-30")
        until = format_date(self.env, date(2028, 12, 31))
        with self.assertRaisesText(UserError, until):
            self.person.with_user(self.user_manager).action_anonymize(reason="asked")
        self.assertFalse(self.person.is_anonymized)
        self.assertEqual(self.person.name, "Aylin Yıldız")
        funding.retention_until = date(2030, 6, 30)
        with self.assertRaisesText(UserError, format_date(self.env, date(2030, 6, 30))):
            self.person.with_user(self.user_manager).action_anonymize(reason="asked")

    def test_refused_while_a_funding_is_not_paid(self):
        self.fund(self.contact, "approved")
        with self.assertRaisesText(UserError, "not fully paid"):
            self.contact.with_user(self.user_manager).action_anonymize(reason="asked")

    def test_allowed_when_the_retention_has_ended(self):
        self.fund(
            self.person, "closed", last_payment="2015-06-30", date_closed="2016-01-31", date_approved="2015-01-15"
        )
        self.person.with_user(self.user_manager).action_anonymize(reason="asked")
        self.assertTrue(self.person.is_anonymized)
        with self.assertRaisesText(UserError, "already been anonymised"):
            self.person.with_user(self.user_manager).action_anonymize(reason="again")

    def test_retention_follows_the_policy(self):
        self.fund(
            self.person, "closed", last_payment="2015-06-30", date_closed="2016-01-31", date_approved="2015-01-15"
        )
        policy = self.env.ref("district_economy.retention_policy_funding")
        policy.period_years = 20
        with self.assertRaisesText(UserError, format_date(self.env, date(2035, 12, 31))):
            self.person.with_user(self.user_manager).action_anonymize(reason="asked")

    def test_users_and_offices_are_not_anonymised(self):
        with self.assertRaisesText(UserError, "user account"):
            self.user_coordinator.partner_id.with_user(self.user_manager).action_anonymize(reason="asked")
        with self.assertRaisesText(UserError, "own offices"):
            self.office.partner_id.with_user(self.user_manager).action_anonymize(reason="asked")

    # -- the log --------------------------------------------------------------
    def test_log_is_read_by_managers_and_changed_by_nobody(self):
        self.person.with_user(self.user_coordinator).action_export_personal_data(reason="Letter")
        log = self.Log.search([("partner_id", "=", self.person.id)])
        self.assertEqual(log.with_user(self.user_manager).reason, "Letter")
        with self.assertRaises(AccessError):
            log.with_user(self.user_coordinator).read(["reason"])
        for user in (self.user_manager, self.env.ref("base.user_admin")):
            with self.assertRaisesText(UserError, "written by the export"):
                self.Log.with_user(user).create({"partner_id": self.person.id, "action": "export", "reason": "forged"})
            with self.assertRaisesText(UserError, "cannot be changed"):
                log.with_user(user).write({"reason": "changed"})
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
        with self.assertRaisesText(UserError, "cannot be changed"):
            log.sudo().write({"reason": "changed"})
        with self.assertRaisesText(UserError, "cannot be deleted"):
            log.sudo().unlink()
        self.person.with_user(self.user_manager).action_anonymize(reason="asked")
        self.assertEqual(log.partner_id, self.person, "the reference stays after the anonymisation")
        self.assertEqual(log.reason, "Letter")

    # -- retention reviews ----------------------------------------------------
    def test_daily_job_lists_persons_due_and_a_manager_anonymises_them(self):
        Review = self.env["district.privacy.review"]
        old = self.Partner.create({"name": "Old Client"})
        self.env["district.consultation"].create({"partner_id": old.id, "date": datetime(2015, 3, 2, 10)})
        recent = self.Partner.create({"name": "Recent Client"})
        self.env["district.consultation"].create(
            {"partner_id": recent.id, "date": fields.Datetime.now() - timedelta(days=30)}
        )
        landlord = self.Partner.create({"name": "Landlord Client"})
        self.env["district.consultation"].create({"partner_id": landlord.id, "date": datetime(2015, 3, 2, 10)})
        self.premises.owner_id = landlord
        funded = self.Partner.create({"name": "Funded Client"})
        self.env["district.consultation"].create({"partner_id": funded.id, "date": datetime(2015, 3, 2, 10)})
        self.fund(funded, "paid", last_payment="2023-06-30")
        Review._cron_review_retention()
        reviews = Review.search([("partner_id", "in", (old | recent | funded | landlord).ids)])
        self.assertEqual(
            reviews.partner_id, old, "the recent client, a funding's audit and a unit still listed keep the others"
        )
        self.assertEqual((reviews.purpose, reviews.due_date, reviews.state), ("contact", date(2018, 3, 2), "to_review"))
        self.assertEqual(reviews.company_id, self.office)
        Review._cron_review_retention()
        self.assertEqual(Review.search_count([("partner_id", "=", old.id)]), 1, "listed once")
        self.assertFalse(old.is_anonymized, "nothing happens without a decision")
        with self.assertRaises(AccessError):
            reviews.with_user(self.user_coordinator).action_approve()
        with self.assertRaisesText(UserError, "buttons"):
            reviews.with_user(self.user_manager).write({"state": "done"})
        reviews.with_user(self.user_manager).action_approve()
        self.assertEqual((reviews.state, reviews.decided_by_id), ("approved", self.user_manager))
        reviews.with_user(self.user_manager).browse().action_anonymize_approved()
        self.assertEqual(reviews.state, "done")
        self.assertTrue(old.is_anonymized)
        log = self.Log.search([("partner_id", "=", old.id)])
        self.assertIn("Retention period ended", log.reason)
        self.assertEqual(log.user_id, self.user_manager)

    def test_kept_persons_stay_kept(self):
        Review = self.env["district.privacy.review"]
        old = self.Partner.create({"name": "Old Client"})
        self.env["district.consultation"].create({"partner_id": old.id, "date": datetime(2015, 3, 2, 10)})
        review = Review._cron_review_retention().filtered(lambda r: r.partner_id == old)
        with self.assertRaisesText(UserError, "why"):
            review.with_user(self.user_manager).action_keep()
        review.with_user(self.user_manager).note = "A legal claim is open."
        review.with_user(self.user_manager).action_keep()
        self.assertEqual(review.state, "kept")
        Review._cron_review_retention()
        self.assertEqual(Review.search([("partner_id", "=", old.id)]), review, "not listed again")
        review.with_user(self.user_manager).browse().action_anonymize_approved()
        self.assertFalse(old.is_anonymized, "kept means kept")

    def test_batch_sends_refused_persons_back_to_review(self):
        Review = self.env["district.privacy.review"]
        old = self.Partner.create({"name": "Old Client"})
        self.env["district.consultation"].create({"partner_id": old.id, "date": datetime(2015, 3, 2, 10)})
        review = Review._cron_review_retention().filtered(lambda r: r.partner_id == old)
        review.with_user(self.user_manager).action_approve()
        self.fund(old, "approved")
        review.with_user(self.user_manager).action_anonymize_approved()
        self.assertEqual(review.state, "to_review")
        self.assertIn("not fully paid", review.note)
        self.assertFalse(old.is_anonymized)

    def test_contact_period_is_configurable(self):
        Review = self.env["district.privacy.review"]
        old = self.Partner.create({"name": "Old Client"})
        self.env["district.consultation"].create({"partner_id": old.id, "date": datetime(2020, 3, 2, 10)})
        policy = self.env.ref("district_economy.retention_policy_contact")
        policy.period_years = 30
        self.assertFalse(Review._cron_review_retention().filtered(lambda r: r.partner_id == old))
        policy.write({"period_years": 0, "period_months": 6})
        self.assertTrue(Review._cron_review_retention().filtered(lambda r: r.partner_id == old))

    def test_consent_recorded_during_a_consultation_is_found(self):
        consent = (
            self.env["district.consent"]
            .with_user(self.user_coordinator)
            .create({"partner_id": self.contact.id, "purpose": "contact"})
        )
        findings = self.Lookup._lookup(self.contact)
        self.assertIn(consent.id, findings.links["district.consent"])
        self.assertIn(self.cafe_consultation.id, findings.links["district.consultation"], "the person spoken to")


@tagged("post_install", "-at_install")
class TestPrivacyOverApi(PrivacyFixture, JsonRpcMixin, HttpCase):
    """The same rules over Odoo's external API, and a PDF with real text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,district_economy.group_district_"
        cls.readonly = new_test_user(cls.env, "privacy_readonly", groups=groups + "readonly")
        cls.coordinator = new_test_user(cls.env, "privacy_coordinator", groups=groups + "coordinator")
        cls.manager = new_test_user(cls.env, "privacy_manager", groups=groups + "manager")
        cls.build_privacy_fixture(cls.env)

    def assertRefused(self, text, login, model, method, *args, **kwargs):
        with self.assertRaises(RpcError) as caught:
            self.rpc(login, model, method, *args, **kwargs)
        self.assertIn(text, str(caught.exception))

    def test_export_and_anonymise_over_the_api(self):
        self.assertRefused(
            "coordinators", self.readonly.login, "res.partner", "action_export_personal_data", self.person.ids
        )
        action = self.rpc(
            self.coordinator.login, "res.partner", "action_export_personal_data", self.person.ids, reason="Letter"
        )
        self.assertIn("/web/content/district.privacy.wizard/", action["url"])
        self.authenticate(self.coordinator.login, self.coordinator.login)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("personal_data.json", zipfile.ZipFile(io.BytesIO(response.content)).namelist())
        self.authenticate(self.manager.login, self.manager.login)
        self.assertNotEqual(self.url_open(action["url"]).status_code, 200, "only the user who exported downloads it")
        self.assertRefused("four-eyes", self.coordinator.login, "res.partner", "action_anonymize", self.person.ids)
        self.rpc(self.manager.login, "res.partner", "action_anonymize", self.person.ids, reason="Erasure request")
        self.assertTrue(self.person.is_anonymized)

    def test_log_cannot_be_changed_over_the_api(self):
        self.rpc(self.coordinator.login, "res.partner", "action_export_personal_data", self.person.ids, reason="Letter")
        log = self.env["district.privacy.log"].search([("partner_id", "=", self.person.id)])
        Log = "district.privacy.log"
        rows = self.rpc(self.manager.login, Log, "read", log.ids, ["reason", "action", "user_id", "create_date"])
        self.assertEqual((rows[0]["reason"], rows[0]["action"]), ("Letter", "export"))
        self.assertEqual(rows[0]["user_id"][0], self.coordinator.id)
        with self.assertRaises(RpcError):
            self.rpc(self.coordinator.login, Log, "read", log.ids, ["reason"])
        for login in (self.manager.login, "admin"):
            with self.assertRaises(RpcError):
                self.rpc(login, Log, "write", log.ids, {"reason": "changed"})
            with self.assertRaises(RpcError):
                self.rpc(login, Log, "unlink", log.ids)
            with self.assertRaises(RpcError):
                self.rpc(login, Log, "create", {"partner_id": self.person.id, "action": "export", "reason": "forged"})
        imported = self.rpc(
            self.manager.login,
            Log,
            "load",
            ["partner_id/.id", "action", "reason"],
            [[str(self.person.id), "export", "x"]],
        )
        self.assertFalse(imported["ids"])
        self.assertEqual(log.reason, "Letter")
        self.assertEqual(self.env[Log].search_count([("partner_id", "=", self.person.id)]), 1)

    def test_document_is_a_pdf_with_text(self):
        partner = self.person.with_user(self.coordinator).with_context(force_report_rendering=True)
        filename, content = partner._district_export_personal_data("Letter")
        self.assertTrue(filename.endswith(".zip"))
        archive = zipfile.ZipFile(io.BytesIO(content))
        self.assertIn("personal_data.pdf", archive.namelist())
        text = pdf_text(self, archive.read("personal_data.pdf"))
        self.assertIn("Aylin Yıldız", text, "the person's name is text in the PDF")
        self.assertIn("Eisenbahnstraße 49", text)
        self.assertIn("04.05.2020", text, "dates written the German way: the document is in the office's language")
