from odoo import api, fields, models


class DistrictSettlementWin(models.TransientModel):
    """Asks when the company settled and in which unit before winning the case.

    Without a unit the case can only be won when the company's own address lies in
    the programme area (it settled where it already is); the case's constraint
    refuses it otherwise, whichever way the stage is set.
    """

    _name = "district.settlement.win"
    _description = "Mark Settlement Case as Settled"

    settlement_id = fields.Many2one("district.settlement", string="Case", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="settlement_id.partner_id")
    company_id = fields.Many2one(related="settlement_id.company_id")
    settled_date = fields.Date(string="Settled on", required=True, default=fields.Date.context_today)
    proposed_premises_ids = fields.Many2many(
        "district.premises", compute="_compute_proposed_premises_ids", string="Proposed units"
    )
    premises_id = fields.Many2one(
        "district.premises",
        string="Settled in",
        compute="_compute_premises_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id), ('state', '!=', 'let'), "
        "'|', ('id', 'in', proposed_premises_ids), ('state', '=', 'vacant')]",
        help="A unit proposed to the company or any vacant unit. Leave empty only when the company "
        "settled at its own address inside the programme area.",
    )
    is_own_address_in_area = fields.Boolean(
        string="Own address in the programme area", compute="_compute_is_own_address_in_area"
    )

    @api.depends("settlement_id.proposal_ids.premises_id", "settlement_id.proposal_ids.state")
    def _compute_proposed_premises_ids(self):
        for wizard in self:
            proposals = wizard.settlement_id.proposal_ids.filtered(lambda p: p.state != "rejected")
            wizard.proposed_premises_ids = proposals.premises_id

    @api.depends("settlement_id")
    def _compute_premises_id(self):
        for wizard in self:
            accepted = wizard.settlement_id.proposal_ids.filtered(lambda p: p.state == "accepted")
            wizard.premises_id = wizard.settlement_id.premises_id or accepted[:1].premises_id

    @api.depends("partner_id.programme_area_id")
    def _compute_is_own_address_in_area(self):
        for wizard in self:
            wizard.is_own_address_in_area = bool(wizard.partner_id.programme_area_id)

    def action_confirm(self):
        self.ensure_one()
        self.settlement_id.write(
            {
                "premises_id": self.premises_id.id,
                "settled_date": self.settled_date,
                "stage_id": self.settlement_id._won_stage().id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
