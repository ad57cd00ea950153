from odoo import fields, models


class EventEvent(models.Model):
    """Network meetings (traders' round table, Unternehmerstammtisch) are Odoo events."""

    _inherit = "event.event"

    is_district_network = fields.Boolean(
        string="District network meeting",
        index=True,
        help="Attendance counts as a contact with the business in the district economy figures.",
    )
