from odoo import fields, models


class ResPartner(models.Model):
    """What the city's business register says of a business beyond Odoo's own fields.

    The register's number is core's ``company_registry``; its activity text and
    legal form are kept as written, for the coordinator to read (the sector follows
    the WZ 2008 code).
    """

    _inherit = "res.partner"

    legal_form = fields.Char(help="As the business register writes it: GmbH, UG (haftungsbeschränkt), GbR, ...")
    register_activity = fields.Char(
        string="Registered activity", help="The activity as registered with the trade office."
    )
