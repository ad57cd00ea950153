from odoo import fields, models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        """Stamp the proposal whose exposé was sent (district.settlement.proposal.action_send_expose)."""
        result = super()._action_send_mail(auto_commit=auto_commit)
        proposal_id = self.env.context.get("district_expose_proposal_id")
        if proposal_id and self.model == "district.settlement" and self.composition_mode == "comment":
            self.env["district.settlement.proposal"].browse(proposal_id).date_expose_sent = fields.Datetime.now()
        return result
