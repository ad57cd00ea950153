from odoo import fields, models


class IrActionsAct_WindowView(models.Model):
    _inherit = "ir.actions.act_window.view"

    view_mode = fields.Selection(selection_add=[("district_map", "District Map")], ondelete={"district_map": "cascade"})
