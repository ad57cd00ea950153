from odoo import models
from odoo.exceptions import AccessError

from .district_access_scope import is_district_model, is_district_user


class IrModelAccess(models.Model):
    _inherit = "ir.model.access"

    def _make_access_error(self, model, mode):
        """Tell a district user what their role allows, in the words of the menu, not in model names."""
        error = super()._make_access_error(model, mode)
        if not is_district_model(model) or not is_district_user(self.env):
            return error
        env = self.with_context(**self.env.user.context_get()).env
        kind = env["ir.model"]._get(model).name or model
        if mode == "read" or not self.check(model, "read", raise_exception=False):
            message = env._(
                "Your role does not include “%(kind)s”. Your administrator can give you the district role you need.",
                kind=kind,
            )
        else:
            verbs = {"write": env._("change"), "create": env._("create"), "unlink": env._("delete")}
            message = env._(
                "Your role lets you read “%(kind)s” but not %(verb)s them. "
                "A coordinator of your office can do it for you.",
                kind=kind,
                verb=verbs[mode],
            )
        return AccessError(message)
