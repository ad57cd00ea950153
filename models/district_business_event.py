from odoo import api, fields, models

EVENT_TYPES = [
    ("opening", "Opening"),
    ("recorded", "Recorded"),
    ("closing", "Closing"),
    ("moved_in", "Moved in"),
    ("moved_out", "Moved out"),
    ("sector_change", "Sector change"),
]
# How an event changes the number of active businesses where it is located.
STOCK_DELTAS = {"opening": 1, "recorded": 1, "moved_in": 1, "closing": -1, "moved_out": -1, "sector_change": 0}
MOVE_TYPES = ("moved_in", "moved_out")
EVENT_ROLES = [
    ("entry", "Start of a period of activity"),
    ("exit", "End of a period of activity"),
    ("move", "Move"),
    ("sector", "Sector change"),
]


class DistrictBusinessEvent(models.Model):
    """A change in the area's economic structure: the single source for openings, closures, moves and stocks.

    Events follow a business's dated facts and are kept in step with them by the
    business (``res.partner._sync_business_events``): an opening follows the
    opening date, a closing the closing date, a move the day the address changed.
    Each event keeps the address it happened at (its stamp), so its quarter and
    programme area are those of that day and a rule correction corrects them.
    The number of active businesses at any date is the sum of ``stock_delta`` of
    the events up to that date, so stocks and flows always add up.

    A move is a pair: a move out of the old location and a move into the new one
    on the same day, each pointing to the other. Figures for a quarter count both
    halves; figures for a programme area or borough count only halves that cross
    its boundary (``is_area_flow``, ``is_borough_flow``).
    """

    _name = "district.business.event"
    _description = "Business Event"
    _inherit = ["district.located.mixin"]
    _order = "date desc, id desc"
    _district_address_fields = ("stamp_street", "stamp_zip", "stamp_city")
    _district_date_field = "date"

    partner_id = fields.Many2one("res.partner", string="Business", required=True, index=True, ondelete="restrict")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    event_type = fields.Selection(EVENT_TYPES, string="Event type", required=True, index=True)
    role = fields.Selection(
        EVENT_ROLES, required=True, index=True, help="Which fact of the business this event follows."
    )
    is_current_period = fields.Boolean(
        string="Current period of activity",
        default=True,
        index=True,
        help="Events of a business's earlier periods of activity (before a reopening) are kept as they are.",
    )
    stamp_street = fields.Char(string="Street at the time")
    stamp_zip = fields.Char(string="ZIP at the time")
    stamp_city = fields.Char(string="City at the time")
    industry_id = fields.Many2one("res.partner.industry", string="Sector", index=True)
    previous_industry_id = fields.Many2one(
        "res.partner.industry", string="Previous sector", help="For a sector change: the sector it left."
    )
    counterpart_event_id = fields.Many2one(
        "district.business.event",
        string="Other half of the move",
        index="btree_not_null",
        ondelete="set null",
        help="A move out points to the move in of the same move, and back.",
    )
    other_quarter_id = fields.Many2one(
        related="counterpart_event_id.quarter_id", string="Quarter on the other side", store=True
    )
    other_borough_id = fields.Many2one(
        related="counterpart_event_id.borough_id", string="Borough on the other side", store=True
    )
    other_programme_area_id = fields.Many2one(
        related="counterpart_event_id.programme_area_id", string="Programme area on the other side", store=True
    )
    stock_delta = fields.Integer(
        compute="_compute_flow_flags", store=True, help="+1 where the business enters, -1 where it leaves, 0 else."
    )
    is_area_flow = fields.Boolean(
        string="Crosses the programme area's boundary",
        compute="_compute_flow_flags",
        store=True,
        help="False for a move between two places of the same programme area: the area counts no move.",
    )
    is_borough_flow = fields.Boolean(
        string="Crosses the borough's boundary",
        compute="_compute_flow_flags",
        store=True,
        help="False for a move between two quarters of the same borough: the borough counts no move.",
    )
    note = fields.Char()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.depends(
        "event_type",
        "counterpart_event_id",
        "programme_area_id",
        "other_programme_area_id",
        "borough_id",
        "other_borough_id",
    )
    def _compute_flow_flags(self):
        for event in self:
            event.stock_delta = STOCK_DELTAS.get(event.event_type, 0)
            is_move = event.event_type in MOVE_TYPES and event.counterpart_event_id
            event.is_area_flow = not is_move or event.programme_area_id != event.other_programme_area_id
            event.is_borough_flow = not is_move or event.borough_id != event.other_borough_id
