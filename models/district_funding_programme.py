from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistrictFundingProgramme(models.Model):
    """A funding programme (ERDF/EFRE, BIWAQ, a municipal small-business grant, ...)."""

    _name = "district.funding.programme"
    _description = "Funding Programme"
    _order = "date_from desc, name"

    name = fields.Char(required=True, translate=True)
    funder = fields.Char(help="Who pays: EU, federal government, federal state, city.")
    date_from = fields.Date(string="Funding period from")
    date_to = fields.Date(string="Funding period until")
    description = fields.Text()
    active = fields.Boolean(default=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for programme in self:
            if programme.date_from and programme.date_to and programme.date_from > programme.date_to:
                raise ValidationError(
                    self.env._(
                        "Funding programme %(name)s: the funding period ends before it begins.", name=programme.name
                    )
                )
