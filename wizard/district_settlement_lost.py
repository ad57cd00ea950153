from odoo import fields, models


class DistrictSettlementLost(models.TransientModel):
    """Asks why a case was lost before moving it to the lost stage."""

    _name = "district.settlement.lost"
    _description = "Mark Settlement Case as Lost"

    settlement_ids = fields.Many2many("district.settlement", string="Cases", required=True)
    lost_reason_id = fields.Many2one("district.settlement.lost.reason", string="Lost reason", required=True)
    lost_note = fields.Text(string="Why it was lost")

    def action_confirm(self):
        lost_stage = self.env["district.settlement.stage"].search([("is_lost", "=", True)], limit=1)
        self.settlement_ids.write(
            {
                "stage_id": lost_stage.id,
                "lost_reason_id": self.lost_reason_id.id,
                "lost_note": self.lost_note,
            }
        )
        return {"type": "ir.actions.act_window_close"}
