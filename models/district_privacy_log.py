from odoo import api, fields, models
from odoo.exceptions import UserError

PRIVACY_ACTIONS = [("export", "Export of personal data"), ("anonymize", "Anonymisation")]


class DistrictPrivacyLog(models.Model):
    """Who exported or anonymised whose personal data, when and why (GDPR accountability).

    Written by the export and the anonymisation only (as superuser, so that a coordinator's export
    is logged without the coordinator reading the log); managers read it; nobody changes or deletes
    an entry. The person stays referenced after the anonymisation: the partner is kept, only its
    personal data is replaced.
    """

    _name = "district.privacy.log"
    _description = "Privacy Log"
    _order = "create_date desc, id desc"
    _rec_name = "action"

    partner_id = fields.Many2one("res.partner", string="Person", required=True, index=True, ondelete="restrict")
    user_id = fields.Many2one(
        "res.users", string="By", required=True, index=True, ondelete="restrict", default=lambda self: self.env.user
    )
    action = fields.Selection(PRIVACY_ACTIONS, required=True, index=True)
    reason = fields.Text(required=True, help="Why: the request and how it reached the office.")
    details = fields.Text(help="What was exported or changed, counted by kind of record.")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("district_privacy_logging"):
            raise UserError(
                self.env._("The privacy log is written by the export and the anonymisation of personal data only.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("Entries of the privacy log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        # Users have no delete right on the log at all; this also stops code running as superuser.
        raise UserError(self.env._("Entries of the privacy log cannot be deleted."))

    @api.model
    def _record(self, partner, action, reason, details):
        """Log one export or anonymisation by the current user."""
        return (
            self.sudo()
            .with_context(district_privacy_logging=True)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": self.env.uid,
                    "action": action,
                    "reason": reason,
                    "details": "\n".join(details),
                    "company_id": self.env.company.id,
                }
            )
        )
