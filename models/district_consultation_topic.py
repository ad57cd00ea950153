from odoo import fields, models


class DistrictConsultationTopic(models.Model):
    """What a consultation was about (founding, premises, financing, ...)."""

    _name = "district.consultation.topic"
    _description = "Consultation Topic"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)
