from odoo import fields, models


class DistrictLanguage(models.Model):
    """A spoken language (ISO 639-1), as offered in consultations or spoken in a business.

    Not ``res.lang``, which lists the interface languages of Odoo.
    """

    _name = "district.language"
    _description = "Spoken Language"
    _order = "sequence, name"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(string="ISO 639-1 code", required=True, size=3)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_unique = models.UniqueIndex("(code)", "A language with this ISO code already exists.")
    _code_format = models.Constraint(
        "CHECK (code ~ '^[a-z]{2,3}$')",
        "The language code must be the two-letter ISO 639-1 code in lower case, e.g. 'de' or 'tr'.",
    )
