from odoo import api, models
from odoo.exceptions import UserError


class ReportDistrictPrivacyExport(models.AbstractModel):
    """The readable part of a personal data export: it prints only what the export hands it."""

    _name = "report.district_economy.report_privacy_export"
    _description = "Personal Data Export Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        export = (data or {}).get("export")
        if not export:
            # Printed on its own (a URL typed by hand), it would have nothing to say: the export collects it.
            raise UserError(
                self.env._("This document is made by “Export personal data” on a person; it cannot be printed alone.")
            )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": self.env["res.partner"].browse(docids),
            "export": export,
        }
