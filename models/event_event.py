from odoo import api, fields, models


class EventEvent(models.Model):
    """Network meetings (traders' round table, Unternehmerstammtisch) are Odoo events."""

    _inherit = "event.event"

    is_district_network = fields.Boolean(
        string="District network meeting",
        index=True,
        help="Attendance counts as a contact with the business in the district economy figures.",
    )

    @api.autovacuum
    def _gc_mark_events_done(self):
        """Ended meetings move to their last stage in the office's language: the chatter keeps the
        stage names as written, and the job runs as OdooBot, who often still speaks English."""
        events = self
        office_lang = self.env.company.partner_id.lang
        if office_lang and self.env["res.lang"]._get_data(code=office_lang).active:
            events = self.with_context(lang=office_lang)
        return super(EventEvent, events)._gc_mark_events_done()
