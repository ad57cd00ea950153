from odoo import fields, models


class DistrictSettlementLostReason(models.Model):
    """Why a company did not settle in the area."""

    _name = "district.settlement.lost.reason"
    _description = "Settlement Lost Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
