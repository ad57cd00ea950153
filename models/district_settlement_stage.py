from odoo import fields, models


class DistrictSettlementStage(models.Model):
    """A step of the settlement pipeline; one stage marks cases won, folded stages lost ones."""

    _name = "district.settlement.stage"
    _description = "Settlement Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in the pipeline")
    is_won = fields.Boolean(string="Settled (won)", help="Cases in this stage have settled in the area.")
    is_lost = fields.Boolean(string="Lost", help="Cases in this stage did not settle.")
    requirements = fields.Text(help="What the coordinator should have done before moving a case here.")
