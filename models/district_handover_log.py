from odoo import api, fields, models
from odoo.exceptions import UserError

HANDOVER_DIRECTIONS = [("export", "Export for hand-over"), ("import", "Import of a hand-over")]


class DistrictHandoverLog(models.Model):
    """Who exported or imported a hand-over archive, when, and which one (by its SHA-256).

    Written by the hand-over wizards only (as superuser); managers read it; nobody changes
    or deletes an entry. The checksum lets the successor check that the archive it imports
    is the one the office exported.
    """

    _name = "district.handover.log"
    _description = "Hand-over Log"
    _order = "date desc, id desc"
    _rec_name = "archive_name"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True, index=True, ondelete="restrict")
    direction = fields.Selection(HANDOVER_DIRECTIONS, required=True, readonly=True, index=True)
    archive_name = fields.Char(string="Archive", required=True, readonly=True)
    archive_checksum = fields.Char(
        string="Archive SHA-256", required=True, readonly=True, index=True, help="Checksum of the whole ZIP file."
    )
    source_database = fields.Char(
        string="Source database", readonly=True, help="Identifier (UUID) of the database the archive was made in."
    )
    record_count = fields.Integer(string="Records", readonly=True)
    attachment_count = fields.Integer(string="Attachments", readonly=True)
    details = fields.Text(readonly=True, help="Records per model, and what could not be matched.")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Entries of the hand-over log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Entries of the hand-over log cannot be deleted."))

    @api.model
    def _record(self, direction, archive_name, archive_checksum, manifest, details):
        """Log one export or import by the current user."""
        models_done = manifest.get("models", [])
        return self.sudo().create(
            {
                "user_id": self.env.uid,
                "direction": direction,
                "archive_name": archive_name,
                "archive_checksum": archive_checksum,
                "source_database": manifest.get("database_uuid"),
                "record_count": sum(entry.get("rows", 0) for entry in models_done),
                "attachment_count": manifest.get("attachments", {}).get("rows", 0),
                "details": "\n".join(details),
                "company_id": self.env.company.id,
            }
        )
