from odoo import models

from .district_access_scope import is_district_model

# Bound actions that only read, which read-only users keep in the action menu.
READ_ONLY_ACTIONS = ("web.download_contact",)


class IrActionsActions(models.Model):
    _inherit = "ir.actions.actions"

    def get_bindings(self, model_name):
        """Users who may not change a district model do not see the bound actions that would
        (send SMS or e-mail, grant portal access, ...): only printouts and read-only actions."""
        bindings = super().get_bindings(model_name)
        if (
            self.env.su
            or not is_district_model(model_name)
            or model_name not in self.env
            or self.env[model_name].has_access("write")
            or not bindings.get("action")
        ):
            return bindings
        allowed_ids = {self.env.ref(xmlid, raise_if_not_found=False).id for xmlid in READ_ONLY_ACTIONS} - {None}
        readonly_group = self.env.ref("district_economy.group_district_readonly")
        bindings = dict(bindings)
        bindings["action"] = [
            action
            for action in bindings["action"]
            if action["id"] in allowed_ids or self._granted_to_readers(action["id"], readonly_group)
        ]
        if not bindings["action"]:
            del bindings["action"]
        return bindings

    def _granted_to_readers(self, action_id, readonly_group):
        action = self.sudo().browse(action_id)
        action = self.env[action.type].sudo().browse(action_id)
        return "group_ids" in action._fields and readonly_group in action.group_ids
