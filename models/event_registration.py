from odoo import api, fields, models

from .tz_utils import local_date, office_tz


class EventRegistration(models.Model):
    """An attendee of a network meeting, with the business's location stamped on the meeting day."""

    _name = "event.registration"
    _inherit = ["event.registration", "district.contact.stamp.mixin"]
    _district_date_field = "contact_date"

    contact_date = fields.Date(
        string="Meeting day", compute="_compute_contact_date", store=True, index=True, precompute=True
    )

    @api.depends("event_id.date_begin")
    def _compute_contact_date(self):
        tz_name = office_tz(self.env)
        for registration in self:
            registration.contact_date = local_date(registration.event_id.date_begin, tz_name)
