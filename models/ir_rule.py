from odoo import models

from .district_access_scope import is_district_model, is_district_user


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """Records of another office (or kept confidential) are refused in plain words; the
        suggestion to switch company that Odoo attaches to the error is kept."""
        error = super()._make_access_error(operation, records)
        if not is_district_model(records._name) or not is_district_user(self.env):
            return error
        env = self.with_context(**self.env.user.context_get()).env
        kind = env["ir.model"]._get(records._name).name or records._name
        verbs = {"read": env._("open"), "write": env._("change"), "create": env._("create"), "unlink": env._("delete")}
        # Name only records of an office the user works for; another office's stay a number (as core does
        # outside debug mode), or the refusal itself would tell what they hold.
        names = ", ".join(
            record.display_name
            if "company_id" in record and record.company_id in self.env.user.company_ids
            else f"#{record.id}"
            for record in records[:3].sudo()
        )
        error.args = (
            env._(
                "You may not %(verb)s %(kind)s “%(names)s”: it belongs to another office or is kept "
                "confidential. If you work for that office too, switch to it in the company menu.",
                verb=verbs[operation],
                kind=kind,
                names=names,
            ),
        )
        return error
