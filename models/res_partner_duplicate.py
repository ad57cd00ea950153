from odoo import api, fields, models
from odoo.fields import Domain

from .duplicate_key import business_address_key, normalize_business_name

# A business's status and its opening and closing dates describe one period of activity: never mixed
# from two records.
MERGED_TOGETHER = frozenset({"business_status", "opening_date", "closing_date"})


class ResPartner(models.Model):
    """The keys that tell a business typed in twice, and what a merge of district businesses needs.

    Core warns of a second contact with the same VAT number or company registry
    (``same_vat_partner_id``, ``same_company_registry_partner_id``); a business
    of the district usually has neither when it is typed in, so the same
    normalised name at the same address (the matcher's address key) warns too.
    """

    _inherit = "res.partner"

    district_name_key = fields.Char(
        string="Name key",
        compute="_compute_district_name_key",
        store=True,
        index=True,
        precompute=True,
        help="The name without case, accents, punctuation and legal form: how duplicates are compared.",
    )
    district_address_key = fields.Char(
        string="Address key",
        compute="_compute_district_address_key",
        store=True,
        index="btree_not_null",
        precompute=True,
        help="Street, first house number and ZIP code as the address rules read them.",
    )
    district_duplicate_partner_id = fields.Many2one(
        "res.partner",
        string="Partner with same name and address",
        compute="_compute_district_duplicate_partner_id",
        help="Another contact with the same name (legal form aside) at the same address.",
    )

    @api.depends("name")
    def _compute_district_name_key(self):
        for partner in self:
            partner.district_name_key = normalize_business_name(partner.name) or False

    @api.depends("street", "zip", "city", "country_id")
    def _compute_district_address_key(self):
        for partner in self:
            key = business_address_key(partner.street, partner.zip, partner.city, partner.country_id.code or "DE")
            partner.district_address_key = key or False

    @api.depends("district_name_key", "district_address_key", "company_id", "parent_id")
    def _compute_district_duplicate_partner_id(self):
        """One query for all records (the form reads many at once in lists of forms)."""
        candidates = self.filtered(
            lambda partner: not partner.parent_id and partner.district_name_key and partner.district_address_key
        )
        (self - candidates).district_duplicate_partner_id = False
        if not candidates:
            return
        # Archived ones too, as core does for the VAT number: reactivate rather than type it in again.
        found = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("district_address_key", "in", list(set(candidates.mapped("district_address_key")))),
                    ("district_name_key", "in", list(set(candidates.mapped("district_name_key")))),
                    ("parent_id", "=", False),
                ],
                ["district_name_key", "district_address_key", "company_id"],
                order="id",
            )
        )
        by_key = {}
        for other in found:
            by_key.setdefault((other.district_name_key, other.district_address_key), []).append(other)
        for partner in candidates:
            others = [
                other
                for other in by_key.get((partner.district_name_key, partner.district_address_key), [])
                if other.id != partner._origin.id
                and (not partner.company_id or not other.company_id or other.company_id == partner.company_id)
            ]
            partner.district_duplicate_partner_id = others[0].id if others else False

    def write(self, vals):
        if self.env.context.get("district_merge_values"):
            # Core's merge copies each field from whichever record has it; these three come from one record.
            vals = {name: value for name, value in vals.items() if name not in MERGED_TOGETHER}
        return super().write(vals)

    def _sync_business_events(self, before, address_changed):
        # While contacts are merged, their event logs are reconciled as a whole afterwards
        # (base.partner.merge.automatic.wizard._district_reconcile_events); the values copied
        # from one to the other in between are no change of the business.
        if self.env.context.get("district_partner_merge"):
            return None
        return super()._sync_business_events(before, address_changed)

    def _district_merge_records(self):
        """Those of these partners that the district's records or figures name: merging them is for managers.

        A business (status or opening date), a referral institution, and every partner
        linked from a district record (consultation, referral, consent, settlement case,
        funding, business event, premises) or registered for a network meeting.
        """
        partners = self.filtered(lambda partner: partner.is_district_business or partner.is_referral_institution)
        district_models = [
            self.env[name]
            for name in self.env.registry.models
            if name.startswith("district.")
            and self.env[name]._auto
            and not self.env[name]._transient
            and not self.env[name]._abstract
        ]
        links = [
            (model._name, name)
            for model in district_models
            for name, field in model._fields.items()
            if field.type == "many2one" and field.comodel_name == "res.partner" and field.store
        ]
        links.append(("event.registration", "partner_id"))
        rest = self - partners
        for model_name, field_name in links:
            if not rest:
                break
            domain = Domain(field_name, "in", rest.ids)
            if model_name == "event.registration":
                domain &= Domain("event_id.is_district_network", "=", True)
            model = self.env[model_name].sudo().with_context(active_test=False)
            found = self.browse(partner.id for (partner,) in model._read_group(domain, [field_name]))
            partners |= found
            rest -= found
        return partners
