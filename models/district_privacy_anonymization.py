from collections import Counter

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import format_date, is_html_empty

from .district_funding import APPROVED_STATES

# Personal data of a partner, replaced or emptied. Business facts stay: status, sector, WZ code,
# dates, jobs, flags, languages, coordinator, quarter and programme area (what the figures count).
PARTNER_CLEARED_FIELDS = ("email", "phone", "website", "function", "ref", "comment", "company_name", "barcode", "title")
# The person's own address; a contact person shares the business's address, which is not theirs.
PARTNER_ADDRESS_FIELDS = ("street", "street2", "date_localization")
PARTNER_POSITION_FIELDS = ("partner_latitude", "partner_longitude")
# A sole trader's tax and register numbers are personal; a contact person's are the business's.
PARTNER_COMMERCIAL_FIELDS = ("vat", "company_registry")
# Short texts on the person's own records that may name them (free texts are found by their type).
OWNED_CHAR_FIELDS = {
    "district.consultation": ("location",),
    "district.settlement": ("name",),
    "district.funding": ("name",),
    "district.settlement.proposal": ("rejection_reason",),
    "district.consent": ("evidence_filename",),
}
# Copies of the person's name and contact details on records of their own.
OWNED_COPY_FIELDS = {"event.registration": ("name", "email", "phone", "company_name")}
# Message links through which a message is about the person (not merely notified to them as a follower).
MESSAGE_LINKS_ABOUT = frozenset({"author_id", "partner_ids"})
# Other apps' records of the person (invoices, orders) are found and exported, but only this addon's own
# records and network registrations are cleaned: other apps keep their records under their own rules
# (an invoice is kept ten years), pointing to the anonymised partner.
ERASABLE_MODELS = frozenset({"res.partner", "event.registration", "event.registration.answer", "sms.sms"})


def is_erasable(model_name):
    return model_name.startswith("district.") or model_name in ERASABLE_MODELS


class DistrictPrivacyAnonymization(models.AbstractModel):
    """Erasure (GDPR Art. 17) as anonymisation: the person's data becomes neutral placeholders, files
    and message texts about them go, and the non-personal facts stay, so that every figure stays the same.

    The partner and its records are kept (they count: consultations, referrals, fundings, business
    events), pointing to a partner named "Anonymised person <id>". The quarter and programme area
    are fixed before the address is emptied, on the partner and on every address stamped from it,
    as a correction (no move is counted). Refused while a funding's records must be kept.
    """

    _name = "district.privacy.anonymization"
    _description = "Personal Data Anonymisation"

    # ------------------------------------------------------------------
    # When it is refused
    # ------------------------------------------------------------------
    @api.model
    def _refusal(self, partner):
        """Why ``partner`` cannot be anonymised now (a sentence for the user), or None."""
        name = partner.display_name
        if partner.is_anonymized:
            return self.env._("%(person)s has already been anonymised.", person=name)
        if partner.sudo().with_context(active_test=False).user_ids:
            return self.env._(
                "%(person)s is the contact of a user account of this database: archive the user instead.", person=name
            )
        if partner.id in partner._office_partner_ids():
            return self.env._("%(person)s is one of your own offices, not a person.", person=name)
        if partner.is_referral_institution:
            return self.env._("%(person)s is a referral institution, not a person.", person=name)
        return self._funding_refusal(partner)

    @api.model
    def _funding_refusal(self, partner):
        """Refused while a funding of theirs is approved and unpaid or its records must still be kept."""
        fundings = (
            self.env["district.funding"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "child_of", partner.id), ("state", "in", APPROVED_STATES)])
        )
        if not fundings:
            return None
        Retention = self.env["district.privacy.retention"]
        today = fields.Date.context_today(self)
        unpaid = fundings.filtered(lambda funding: funding.state == "approved")
        if unpaid:
            earliest = max(Retention._end_date("funding", funding.company_id, today) for funding in unpaid)
            return self.env._(
                "%(person)s cannot be anonymised: the funding “%(funding)s” is approved and not fully paid. Its "
                "records must be kept for the audit until its retention period after the last payment ends, "
                "that is until %(date)s at the earliest.",
                person=partner.display_name,
                funding=unpaid[0].name,
                date=format_date(self.env, earliest),
            )
        ends = {funding: Retention._funding_retention_end(funding) for funding in fundings}
        funding, end = max(ends.items(), key=lambda item: item[1])
        if end >= today:
            return self.env._(
                "%(person)s cannot be anonymised before %(next_day)s: the records of the funding “%(funding)s” must "
                "be kept for the audit until %(date)s.",
                person=partner.display_name,
                funding=funding.name,
                date=format_date(self.env, end),
                next_day=format_date(self.env, fields.Date.add(end, days=1)),
            )
        return None

    # ------------------------------------------------------------------
    # The anonymisation
    # ------------------------------------------------------------------
    @api.model
    def _anonymize(self, partner):
        """Replace the personal data of ``partner``; returns what changed, counted ({label: count}).

        The caller has checked the user's group and the refusal; this runs as superuser so that the
        erasure reaches every copy (other offices' records, messages, stamps kept by the system).
        """
        lang = self.env["district.privacy.export"]._office_lang()
        eraser = self.sudo().with_context(
            lang=lang, tracking_disable=True, mail_notrack=True, active_test=False, district_address_correction=True
        )
        partner = partner.with_env(eraser.env)
        findings = eraser.env["district.privacy.lookup"]._lookup(partner)
        done = Counter()
        name = eraser._placeholder_name(partner)
        has_own_address = not (partner.parent_id and partner.type == "contact")
        if has_own_address and any(partner[field] for field in ("street", "street2", *PARTNER_POSITION_FIELDS)):
            eraser._keep_location(partner, findings)
        eraser._clear_owned_records(findings, name, done)
        eraser._clear_messages(partner, findings, name, done)
        eraser._remove_files_and_links(partner, findings, done)
        eraser._clear_partner(partner, name, has_own_address)
        eraser.env.flush_all()
        return done

    def _placeholder_name(self, partner):
        if partner.is_company:
            return self.env._("Anonymised business %(id)s", id=partner.id)
        return self.env._("Anonymised person %(id)s", id=partner.id)

    def _placeholder_text(self):
        return self.env._("Removed: the person was anonymised.")

    def _located_models(self):
        return set(self.env.registry.descendants(["district.located.mixin"], "_inherit"))

    def _keep_location(self, partner, findings):
        """Fix the quarter and programme area before the address goes: emptying an address must not
        take anyone out of a quarter (the figures would change). Quarters then count as set by hand.

        Fixed: the partner, the contact persons sharing its address, the person's own located records
        (business events, consultations, referrals, registrations, fundings) and every address stamped
        at this address on the business's contacts. Their stamped street is emptied too.
        """
        old_address = (partner.street, partner.zip, partner.city)
        located_models = self._located_models()
        stamps_at_address = [
            ("partner_id.commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("stamp_street", "=", old_address[0]),
            ("stamp_zip", "=", old_address[1]),
            ("stamp_city", "=", old_address[2]),
        ]
        for model_name in sorted(located_models - {"res.partner"}):
            model = self.env[model_name]
            if model._abstract:
                continue
            records = findings.owned_records(model_name)
            if "stamp_street" in model._fields and "partner_id" in model._fields and old_address[0]:
                records |= model.search(stamps_at_address)
            if not records:
                continue
            street_field = model._district_address_fields[0]
            records.write({"quarter_manual": True})
            records.write({street_field: False})
        sharing = partner.child_ids.filtered(lambda child: child.type == "contact")
        (partner | sharing).write({"quarter_manual": True})

    def _owned_text_fields(self, model):
        """Free texts of a model (Text and Html written by people), and its short texts that may name the person."""
        names = [
            name
            for name, field in model._fields.items()
            if field.type in ("text", "html") and field.store and not field.compute and not field.related
        ]
        return names + [name for name in OWNED_CHAR_FIELDS.get(model._name, ()) if name in model._fields]

    def _clear_owned_records(self, findings, name, done):
        """The person's own records keep their facts; their free texts and copies of the person go."""
        text = self._placeholder_text()
        for model_name in sorted(filter(is_erasable, findings.owned)):
            records = findings.owned_records(model_name)
            changed = records.browse()
            for field_name in self._owned_text_fields(records):
                with_text = records.filtered(field_name)
                with_text.write({field_name: text})
                changed |= with_text
            copies = [field for field in OWNED_COPY_FIELDS.get(model_name, ()) if field in records._fields]
            if copies:
                records.write({field: name if field == "name" else False for field in copies})
                changed |= records
            if changed:
                kind = self.env["ir.model"]._get(model_name).name
                done[self.env._("Records with texts removed (%(kind)s)", kind=kind)] += len(changed)

    def _cleared_fields(self, model_name):
        if model_name == "res.partner":
            return set(PARTNER_CLEARED_FIELDS + PARTNER_ADDRESS_FIELDS + PARTNER_COMMERCIAL_FIELDS) | {"name"}
        model = self.env.get(model_name)
        if model is None:
            return set()
        return set(self._owned_text_fields(model)) | set(OWNED_COPY_FIELDS.get(model_name, ()))

    def _about_the_person(self, findings, model_name):
        """Found records of ``model_name`` that are about the person: attached to them or to one of their
        records this addon cleans, or (messages) written by them or addressed to them."""
        links = findings.links.get(model_name, {})

        def about(record):
            return any(
                link in MESSAGE_LINKS_ABOUT or (":" in link and is_erasable(link.partition(":")[2]))
                for link in links[record.id]
            )

        return findings.records(model_name).filtered(about)

    def _messages_about(self, findings):
        return self._about_the_person(findings, "mail.message")

    def _clear_messages(self, partner, findings, name, done):
        messages = self._messages_about(findings)
        body = Markup("<p>%s</p>") % self._placeholder_text()
        with_body = messages.filtered(lambda message: not is_html_empty(message.body))
        with_body.write({"body": body})
        messages.filtered("subject").write({"subject": False})
        messages.filtered(lambda message: message.author_id == partner and message.email_from).write(
            {"email_from": False}
        )
        messages.filtered(lambda message: message.model == "res.partner" and message.res_id == partner.id).write(
            {"record_name": name}
        )
        done[self.env._("Message texts removed")] += len(with_body)
        # The change history: personal fields go; where a record pointed to the person, the placeholder names it.
        personal = messages.tracking_value_ids.filtered(
            lambda tracking: tracking.field_id.name in self._cleared_fields(tracking.field_id.model)
        )
        done[self.env._("Changes of personal data removed from the history")] += len(personal)
        personal.unlink()
        for tracking in findings.records("mail.tracking.value").exists():
            values = {}
            if tracking.old_value_integer == partner.id:
                values["old_value_char"] = name
            if tracking.new_value_integer == partner.id:
                values["new_value_char"] = name
            tracking.write(values)
        mails = findings.records("mail.mail") | self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        mails.write({"body_html": body, "email_to": False, "email_cc": False})
        mails.mail_message_id.write({"body": body, "subject": False})
        done[self.env._("Outgoing e-mails emptied")] += len(mails)

    def _remove_files_and_links(self, partner, findings, done):
        """Files about the person go; so do their follower entries, open activities and blacklist entries;
        their bank accounts lose the number. Each is counted in the log."""
        attachments = self._about_the_person(findings, "ir.attachment") | self._messages_about(findings).attachment_ids
        for model_name in filter(is_erasable, findings.owned):
            records = findings.owned_records(model_name)
            for field in records._fields.values():
                if field.type == "many2many" and field.comodel_name == "ir.attachment" and field.store:
                    attachments |= records[field.name]
        removals = [
            (self.env._("Attachments deleted"), attachments.exists()),
            (
                self.env._("Follower entries removed"),
                findings.records("mail.followers").filtered(lambda f: f.partner_id == partner),
            ),
            (self.env._("Activities deleted"), self._about_the_person(findings, "mail.activity")),
            (
                self.env._("Blacklist entries deleted"),
                findings.records("mail.blacklist") if "mail.blacklist" in self.env else None,
            ),
            (
                self.env._("Phone blacklist entries deleted"),
                findings.records("phone.blacklist") if "phone.blacklist" in self.env else None,
            ),
        ]
        for label, records in removals:
            if records:
                done[label] += len(records)
                records.unlink()
        # Odoo archives bank accounts instead of deleting them (payments may refer to them): the number goes.
        banks = findings.owned_records("res.partner.bank") if "res.partner.bank" in self.env else None
        for bank in banks or ():
            bank.write({"acc_number": self._placeholder_name(partner), "acc_holder_name": False, "active": False})
            done[self.env._("Bank accounts emptied and archived")] += 1

    def _clear_partner(self, partner, name, has_own_address):
        fields_ = partner._fields
        values = {field: False for field in PARTNER_CLEARED_FIELDS if field in fields_}
        values.update(name=name, image_1920=False, category_id=[Command.clear()])
        if has_own_address:
            values.update({field: False for field in PARTNER_ADDRESS_FIELDS if field in fields_})
            values.update({field: 0.0 for field in PARTNER_POSITION_FIELDS if field in fields_})
        if partner.commercial_partner_id == partner:
            values.update({field: False for field in PARTNER_COMMERCIAL_FIELDS if field in fields_})
        partner.write(values)
