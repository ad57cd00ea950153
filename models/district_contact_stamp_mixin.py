from odoo import api, fields, models


class DistrictContactStampMixin(models.AbstractModel):
    """A contact with a business that keeps the business's location as it was that day.

    The business's address is copied when the contact is recorded; quarter and
    programme area follow from that copy by the address rules. A later move of
    the business leaves the stamp alone; reassigning quarters after a rule
    correction corrects it (the stamp was wrong).
    """

    _name = "district.contact.stamp.mixin"
    _inherit = ["district.located.mixin"]
    _description = "Business Location Stamped at a Contact"
    _district_address_fields = ("stamp_street", "stamp_zip", "stamp_city")

    stamp_street = fields.Char(
        string="Street at the time", compute="_compute_address_stamp", store=True, readonly=False, precompute=True
    )
    stamp_zip = fields.Char(
        string="ZIP at the time", compute="_compute_address_stamp", store=True, readonly=False, precompute=True
    )
    stamp_city = fields.Char(
        string="City at the time", compute="_compute_address_stamp", store=True, readonly=False, precompute=True
    )
    quarter_manual = fields.Boolean(compute="_compute_address_stamp", store=True, readonly=False, precompute=True)

    def _stamp_partner(self):
        """The partner whose address is stamped: the partner, or its company if it has no address."""
        partner = self.partner_id
        return partner if partner.street or not partner.parent_id else partner.commercial_partner_id

    @api.depends("partner_id")
    def _compute_address_stamp(self):
        for record in self:
            partner = record._stamp_partner()
            record.stamp_street = partner.street
            record.stamp_zip = partner.zip
            record.stamp_city = partner.city
            record.quarter_manual = partner.quarter_manual

    def _keep_manual_location(self):
        # A quarter set by hand on the business has no rule behind it: stamp it as it is.
        for record in self:
            partner = record._stamp_partner()
            record.quarter_id = record.quarter_id or partner.quarter_id
            record.programme_area_id = record.programme_area_id or partner.programme_area_id
