from odoo import api, fields, models


class ResPartnerIndustry(models.Model):
    """Core's NACE sections, tied to the WZ 2008 divisions they span.

    WZ 2008 equals NACE Rev. 2 down to the class: the two leading digits of a
    WZ code give the division and so the section.
    """

    _inherit = "res.partner.industry"

    wz_section_code = fields.Char(string="WZ 2008 section", size=1, index=True)
    wz_division_from = fields.Integer(string="First WZ division")
    wz_division_to = fields.Integer(string="Last WZ division")

    @api.model
    def _find_by_wz_code(self, wz_code):
        """Return the section of a WZ 2008 code ("47.11" -> G), or an empty recordset."""
        if not wz_code or not wz_code[:2].isdigit():
            return self.browse()
        division = int(wz_code[:2])
        return self.search([("wz_division_from", "<=", division), ("wz_division_to", ">=", division)], limit=1)
