from odoo import fields, models
from odoo.tools import SQL

from .duplicate_key import SIMILAR_NAME_THRESHOLD


class DistrictDuplicatePair(models.Model):
    """Two businesses that may be one: same address and a similar name, or the same register or VAT number.

    A list for managers to review before merging (``action_merge`` opens Odoo's
    contact merge with the pair). Names are compared by their keys (legal form,
    case and accents aside) with PostgreSQL's trigram ``similarity`` where the
    database has ``pg_trgm``, else by equality or one being the start of the other.
    """

    _name = "district.duplicate.pair"
    _description = "Possible Duplicate"
    _auto = False
    _order = "name_similarity desc, id desc"
    _depends = {
        "res.partner": [
            "name",
            "active",
            "parent_id",
            "is_company",
            "business_status",
            "district_name_key",
            "district_address_key",
            "company_registry",
            "vat",
            "company_id",
            "quarter_id",
        ],
    }

    partner_id = fields.Many2one("res.partner", string="Business", readonly=True)
    other_partner_id = fields.Many2one("res.partner", string="Possible duplicate", readonly=True)
    street = fields.Char(related="partner_id.street", string="Street")
    other_street = fields.Char(related="other_partner_id.street", string="Street of the other")
    quarter_id = fields.Many2one("district.quarter", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_same_address = fields.Boolean(string="Same address", readonly=True)
    is_same_name = fields.Boolean(
        string="Same name", readonly=True, help="Equal apart from case, accents and legal form."
    )
    is_same_registry = fields.Boolean(string="Same registration number", readonly=True)
    is_same_vat = fields.Boolean(string="Same VAT number", readonly=True)
    name_similarity = fields.Float(
        string="Name similarity (%)",
        readonly=True,
        digits=(5, 0),
        aggregator="max",
        help="Share of the names' letter triples the two have in common.",
    )

    def init(self):
        has_trigram = self.env.registry.has_trigram
        similarity = (
            SQL("similarity(a.name_key, b.name_key)")
            if has_trigram
            else SQL("CASE WHEN a.name_key = b.name_key THEN 1.0 ELSE 0.0 END")
        )
        similar = (
            SQL("similarity(a.name_key, b.name_key) >= %s", SIMILAR_NAME_THRESHOLD) if has_trigram else SQL("FALSE")
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                  WITH business AS (
                    SELECT p.id, p.district_name_key AS name_key, p.district_address_key AS address_key,
                           NULLIF(btrim(p.company_registry), '') AS registry,
                           NULLIF(upper(replace(p.vat, ' ', '')), '') AS vat, p.company_id, p.quarter_id
                      FROM res_partner p
                     WHERE p.active AND p.parent_id IS NULL
                       AND (p.is_company OR p.business_status IS NOT NULL)
                       -- the offices themselves are no businesses of their areas
                       AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
                  ), candidate AS (
                    SELECT a.id AS partner_id, b.id AS other_partner_id
                      FROM business a JOIN business b ON b.address_key = a.address_key AND b.id > a.id
                     WHERE a.name_key = b.name_key OR starts_with(a.name_key, b.name_key)
                        OR starts_with(b.name_key, a.name_key) OR %(similar)s
                     UNION
                    SELECT a.id, b.id FROM business a JOIN business b ON b.registry = a.registry AND b.id > a.id
                     UNION
                    SELECT a.id, b.id FROM business a JOIN business b ON b.vat = a.vat AND b.id > a.id
                  )
                  -- A pair's id is its place in the triangle of all pairs: unique, and stable while both exist.
                  SELECT c.other_partner_id::bigint * (c.other_partner_id - 1) / 2 + c.partner_id AS id,
                         c.partner_id, c.other_partner_id, COALESCE(a.company_id, b.company_id) AS company_id,
                         COALESCE(a.quarter_id, b.quarter_id) AS quarter_id,
                         COALESCE(a.address_key = b.address_key, FALSE) AS is_same_address,
                         COALESCE(a.name_key = b.name_key, FALSE) AS is_same_name,
                         COALESCE(a.registry = b.registry, FALSE) AS is_same_registry,
                         COALESCE(a.vat = b.vat, FALSE) AS is_same_vat,
                         round((COALESCE(%(similarity)s, 0) * 100)::numeric, 0) AS name_similarity
                    FROM candidate c
                    JOIN business a ON a.id = c.partner_id
                    JOIN business b ON b.id = c.other_partner_id
                   WHERE a.company_id IS NULL OR b.company_id IS NULL OR a.company_id = b.company_id
                )
                """,
                table=SQL.identifier(self._table),
                similar=similar,
                similarity=similarity,
            )
        )

    def action_merge(self):
        """Odoo's contact merge with both businesses selected; the older one is proposed as the survivor."""
        self.ensure_one()
        partner_ids = [self.partner_id.id, self.other_partner_id.id]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": partner_ids,
                "active_id": partner_ids[0],
                "active_test": False,
            },
        }
