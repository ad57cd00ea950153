from odoo import api, fields, models
from odoo.fields import Domain

from .address_key import normalize_street


class DistrictStreetSearchMixin(models.AbstractModel):
    """Search by street as the address rules match it: "eisenbahnstr 49" finds "Eisenbahnstraße 49".

    ``street_key`` keeps the street and number in the matcher's normal form; the
    search field turns what the user types into the same form.
    """

    _name = "district.street.search.mixin"
    _description = "Searchable by Street"

    street_key = fields.Char(
        string="Street key", compute="_compute_street_key", store=True, index=True, precompute=True
    )
    street_search = fields.Char(
        string="Street search", compute="_compute_street_search", search="_search_street_search"
    )

    @api.depends("street")
    def _compute_street_key(self):
        for record in self:
            record.street_key = normalize_street(record.street) or False

    def _compute_street_search(self):
        for record in self:
            record.street_search = record.street

    @api.model
    def _search_street_search(self, operator, value):
        return self._street_key_domain("street_key", operator, value)

    @api.model
    def _street_key_domain(self, path, operator, value):
        """Records whose street (at ``path``) contains what the user typed, in the matcher's normal form."""
        if operator not in ("ilike", "like", "=", "=ilike") or not isinstance(value, str):
            return NotImplemented
        key = normalize_street(value)
        return Domain(path, "ilike", key) if key else Domain.TRUE
