import base64

from odoo import api, fields, models

from ..models.district_privacy_log import PRIVACY_ACTIONS


class DistrictPrivacyWizard(models.TransientModel):
    """Asks why before an export or an anonymisation, and holds the export for its download.

    The ZIP file lives in this transient record, which only its creator can read (record rule) and
    which Odoo deletes within the hour: no copy of the person's data stays on the server.
    """

    _name = "district.privacy.wizard"
    _description = "Export or Anonymise Personal Data"

    partner_id = fields.Many2one("res.partner", string="Person", required=True, readonly=True, ondelete="cascade")
    action = fields.Selection(PRIVACY_ACTIONS, required=True, readonly=True)
    reason = fields.Text(
        required=True,
        help="The request and how it reached the office (e.g. letter of 3 March, in person at the office). "
        "It is kept in the privacy log.",
    )
    found_summary = fields.Text(
        string="Found", compute="_compute_found", help="What the database holds about the person."
    )
    refusal = fields.Text(compute="_compute_found")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True)
    export_file = fields.Binary(string="Export", attachment=False, readonly=True)
    export_filename = fields.Char(readonly=True)

    @api.depends("partner_id", "action")
    def _compute_found(self):
        Lookup = self.env["district.privacy.lookup"]
        Anonymization = self.env["district.privacy.anonymization"]
        Export = self.env["district.privacy.export"]
        for wizard in self:
            wizard.found_summary = wizard.refusal = False
            if not wizard.partner_id:
                continue
            counts = Lookup._lookup(wizard.partner_id._origin).counts()
            wizard.found_summary = "\n".join(
                f"{Export._model_label(model_name)}: {count}" for model_name, count in counts.items()
            )
            if wizard.action == "anonymize":
                wizard.refusal = Anonymization._refusal(wizard.partner_id._origin)

    def _export(self):
        self.ensure_one()
        filename, content = self.partner_id._district_export_personal_data(self.reason)
        self.write({"export_file": base64.b64encode(content), "export_filename": filename, "state": "done"})

    def _download_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/export_file/{self.export_filename}?download=true",
            "target": "self",
        }

    def action_confirm(self):
        self.ensure_one()
        if self.action == "export":
            self._export()
            # The dialog stays open with the download link: the file is for this user only, for an hour.
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "name": self.env._("Export personal data"),
            }
        self.partner_id.action_anonymize(reason=self.reason)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Anonymised"),
                "message": self.env._(
                    "The personal data was replaced by placeholders; the records that count stay. "
                    "The privacy log keeps who did it and why."
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
