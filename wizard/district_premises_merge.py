from odoo import api, fields, models


class DistrictPremisesMerge(models.TransientModel):
    """Merges a unit reported by the public into the known unit at the same address."""

    _name = "district.premises.merge"
    _description = "Merge Reported Unit"

    premises_id = fields.Many2one("district.premises", string="Reported unit", required=True, ondelete="cascade")
    candidate_ids = fields.Many2many("district.premises", compute="_compute_candidate_ids", string="Known units")
    target_id = fields.Many2one(
        "district.premises",
        string="Merge into",
        required=True,
        ondelete="cascade",
        domain="[('id', 'in', candidate_ids)]",
        help="A known unit at the same address. The report's photo, attachments and messages move to it; "
        "the report is deleted.",
    )

    @api.depends("premises_id")
    def _compute_candidate_ids(self):
        for wizard in self:
            wizard.candidate_ids = wizard.premises_id._merge_candidates() if wizard.premises_id else False

    def action_merge(self):
        self.ensure_one()
        target = self.premises_id._merge_into(self.target_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "district.premises",
            "res_id": target.id,
            "view_mode": "form",
            "target": "main",
        }
