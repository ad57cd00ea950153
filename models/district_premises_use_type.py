from odoo import fields, models

MIX_CATEGORIES = [
    ("retail_crafts", "Retail and crafts"),
    ("food_service", "Food service"),
    ("snack_bar", "Snack bars"),
    ("services", "Services"),
    ("betting_gambling", "Betting and gambling"),
    ("culture_social", "Culture and social"),
    ("other", "Other"),
]


class DistrictPremisesUseType(models.Model):
    """What a commercial unit can be used for (retail, gastronomy, office, ...)."""

    _name = "district.premises.use.type"
    _description = "Premises Use Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    mix_category = fields.Selection(
        MIX_CATEGORIES,
        string="Tenant mix category",
        default="other",
        required=True,
        help="The group of uses a tenant-mix target counts this use in.",
    )
    active = fields.Boolean(default=True)
