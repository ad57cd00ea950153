from odoo import fields, models


class DistrictPremisesUseType(models.Model):
    """What a commercial unit can be used for (retail, gastronomy, office, ...)."""

    _name = "district.premises.use.type"
    _description = "Premises Use Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
