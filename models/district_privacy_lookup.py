"""Everything the database holds about one person, found from the partner itself (GDPR Art. 15 and 17).

Odoo's ``privacy_lookup`` starts from an e-mail address (many sole traders have none), skips
many2many links and is for administrators only. This engine starts from the partner and follows
every stored link to it instead:

- many2one and many2many fields of every model that point to a partner, stamped copies included
  (a payment's beneficiary, a proposal's business, a registration's attendee);
- references by model and id (messages, attachments, activities, followers) to the partner and to
  the person's own records (those whose ``partner_id`` is the person: their consultations,
  referrals, consents, fundings, registrations);
- records that belong to those own records and go with them (``ondelete="cascade"``: the answers
  of a registration, the payments of a funding);
- tracking values that name the person in the chatter of other records;
- the e-mail and phone blacklists, by the partner's own address and number.

It reads with sudo and decides nothing: the callers check the user's group first, and the export
shows only what the user may read.
"""

from collections import defaultdict

from odoo import api, models

# Partners are other persons (the person's own record is the subject), users are staff accounts,
# the privacy log and reviews are the office's records of its own processing.
SKIPPED_MODELS = frozenset({"res.partner", "res.users", "district.privacy.log", "district.privacy.review"})
# Models of the framework and the chatter: never "own records" of a person, even with a partner_id.
TECHNICAL_PREFIXES = ("ir.", "mail.", "bus.", "discuss.", "res.users", "base.", "privacy.", "district.privacy.")
# The field that names whom a record is about, by Odoo's convention.
SUBJECT_FIELD = "partner_id"
# Of the framework's models that refer to records by model and id, these hold data about the record's
# subject; others are bookkeeping (external ids, and followers, which are found by their partner).
REFERENCING_MODELS = frozenset({"ir.attachment", "mail.message", "mail.activity"})
TRACKING_MODEL = "mail.tracking.value"
BLACKLISTS = (("mail.blacklist", "email", "email_normalized"), ("phone.blacklist", "number", "phone_sanitized"))


def is_technical(model_name):
    return model_name.startswith(TECHNICAL_PREFIXES)


class DistrictPrivacyFindings:
    """What the lookup found: ``links[model][id]`` is the set of fields through which it points to the person."""

    def __init__(self, partner):
        self.partner = partner
        self.links = defaultdict(lambda: defaultdict(set))
        self.owned = defaultdict(set)

    def add(self, records, through, owned=False):
        for record_id in records.ids:
            self.links[records._name][record_id].add(through)
        if owned:
            self.owned[records._name].update(records.ids)

    def records(self, model_name):
        """The records of ``model_name`` that were found, as superuser, archived ones included."""
        env = self.partner.env
        ids = sorted(self.links.get(model_name, ()))
        return env[model_name].sudo().with_context(active_test=False).browse(ids)

    def owned_records(self, model_name):
        env = self.partner.env
        return env[model_name].sudo().with_context(active_test=False).browse(sorted(self.owned.get(model_name, ())))

    def model_names(self):
        return sorted(name for name, found in self.links.items() if found)

    def counts(self):
        return {name: len(self.links[name]) for name in self.model_names()}


class DistrictPrivacyLookup(models.AbstractModel):
    """Finds every record that points to a person, by the links the models define (not by e-mail)."""

    _name = "district.privacy.lookup"
    _description = "Personal Data Lookup"

    @api.model
    def _link_fields(self):
        """The stored fields that can point to a person or to one of their records.

        Returns (partner links, reference links, cascade links): [(model, field)] of many2one and
        many2many fields to ``res.partner``; [(model, field, model field)] of ``many2one_reference``
        fields; {comodel: [(model, field)]} of many2one fields deleted with their target.
        """
        partner_links, reference_links, cascade_links = [], [], defaultdict(list)
        for model_name in sorted(self.env.registry):
            model = self.env[model_name]
            if model._abstract or model._transient or not model._auto or model_name in SKIPPED_MODELS:
                continue
            for field in model._fields.values():
                if not field.store:
                    continue
                if field.type in ("many2one", "many2many") and field.comodel_name == "res.partner":
                    partner_links.append((model_name, field.name))
                elif field.type == "many2one_reference" and field.model_field:
                    if model_name in REFERENCING_MODELS or not is_technical(model_name):
                        reference_links.append((model_name, field.name, field.model_field))
                elif field.type == "many2one" and field.ondelete == "cascade" and not is_technical(model_name):
                    cascade_links[field.comodel_name].append((model_name, field.name))
        return partner_links, reference_links, cascade_links

    @api.model
    def _search_all(self, model_name, domain):
        model = self.env[model_name].sudo().with_context(active_test=False, skip_res_field_check=True)
        return model.search(domain)

    @api.model
    def _lookup(self, partner):
        """A ``DistrictPrivacyFindings`` with every record that points to ``partner``."""
        partner.ensure_one()
        self.env.flush_all()
        findings = DistrictPrivacyFindings(partner)
        partner_links, reference_links, cascade_links = self._link_fields()
        for model_name, field_name in partner_links:
            records = self._search_all(model_name, [(field_name, "in", partner.ids)])
            owned = field_name == SUBJECT_FIELD and not is_technical(model_name)
            findings.add(records, field_name, owned=owned)
        # The records below the person's own ones go with them (a funding's payments, a registration's answers).
        for model_name in list(findings.owned):
            for child_model, field_name in cascade_links.get(model_name, ()):
                children = self._search_all(child_model, [(field_name, "in", sorted(findings.owned[model_name]))])
                findings.add(children, field_name, owned=True)
        # Messages, attachments, activities and followers of the partner and of the person's own records.
        targets = {"res.partner": partner.ids, **{name: sorted(ids) for name, ids in findings.owned.items()}}
        for model_name, field_name, model_field in reference_links:
            for target_model, target_ids in targets.items():
                records = self._search_all(
                    model_name, [(model_field, "=", target_model), (field_name, "in", target_ids)]
                )
                findings.add(records, f"{field_name}:{target_model}")
        self._lookup_tracking(partner, findings)
        self._lookup_blacklists(partner, findings)
        return findings

    @api.model
    def _lookup_tracking(self, partner, findings):
        """Tracking values that name the person (a consultation's business changed from or to them)."""
        if TRACKING_MODEL not in self.env:
            return
        trackings = self._search_all(
            TRACKING_MODEL,
            [
                ("field_id.ttype", "=", "many2one"),
                ("field_id.relation", "=", "res.partner"),
                "|",
                ("old_value_integer", "=", partner.id),
                ("new_value_integer", "=", partner.id),
            ],
        )
        findings.add(trackings, "value")
        findings.add(trackings.mail_message_id, "tracking_value_ids")

    @api.model
    def _lookup_blacklists(self, partner, findings):
        """Blacklist entries hold the person's address or number without a link: found by those."""
        for model_name, field_name, partner_field in BLACKLISTS:
            value = partner_field in partner._fields and partner[partner_field]
            if model_name in self.env and value:
                findings.add(self._search_all(model_name, [(field_name, "=", value)]), field_name)
