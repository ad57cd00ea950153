from odoo import fields, models

EVENT_TYPES = [
    ("opening", "Opening"),
    ("closing", "Closing"),
    ("moved_in", "Moved in"),
    ("moved_out", "Moved out"),
    ("sector_change", "Sector change"),
]


class DistrictBusinessEvent(models.Model):
    """A change in the area's economic structure: the single source for openings, closures and moves.

    Written when a business's status, opening or closing date, address (quarter)
    or sector changes, and by settlement wins; never by a rule correction.
    History can be entered by hand or imported.
    """

    _name = "district.business.event"
    _description = "Business Event"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Business", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    event_type = fields.Selection(EVENT_TYPES, string="Event", required=True, index=True)
    quarter_id = fields.Many2one("district.quarter", index=True, ondelete="restrict")
    borough_id = fields.Many2one(related="quarter_id.borough_id", store=True)
    programme_area_id = fields.Many2one("district.programme.area", string="Programme area", index=True)
    industry_id = fields.Many2one("res.partner.industry", string="Sector", index=True)
    note = fields.Char()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
