from odoo import api, models

from .district_access_scope import is_district_model


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The web client offers "Archive" when the `active` field is writable: on district models,
        it is not for users who may not change the records."""
        result = super().fields_get(allfields, attributes)
        if (
            "active" in result
            and "readonly" in result["active"]
            and not self.env.su
            and is_district_model(self._name)
            and not self.has_access("write")
        ):
            result["active"]["readonly"] = True
        return result
