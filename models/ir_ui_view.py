from lxml import etree

from odoo import fields, models

# Attributes of <district_map>: see static/src/views/district_map/district_map_arch_parser.js.
DISTRICT_MAP_ATTRIBUTES = {
    "__validate__",
    "class",
    "js_class",
    "string",
    "lat",
    "lng",
    "color",
    "colors",
    "dashed",
    "quarter",
    "geocode",
    "limit",
}
DISTRICT_MAP_FIELD_ATTRIBUTES = ("lat", "lng", "color", "quarter")


class IrUiView(models.Model):
    _inherit = "ir.ui.view"

    type = fields.Selection(selection_add=[("district_map", "District Map")], ondelete={"district_map": "cascade"})

    def _validate_tag_district_map(self, node, name_manager, node_info):
        for attribute in DISTRICT_MAP_FIELD_ATTRIBUTES:
            if field_name := node.get(attribute):
                name_manager.has_field(node, field_name, node_info)
        if not node_info["validate"]:
            return
        for attribute in ("lat", "lng"):
            if not node.get(attribute):
                self._raise_view_error(
                    self.env._("A <district_map> needs the attribute %(attribute)s.", attribute=attribute), node
                )
        unknown = set(node.attrib) - DISTRICT_MAP_ATTRIBUTES
        if unknown:
            self._raise_view_error(
                self.env._(
                    "Invalid attributes (%(invalid)s) in a district map view: allowed are %(valid)s.",
                    invalid=", ".join(sorted(unknown)),
                    valid=", ".join(sorted(DISTRICT_MAP_ATTRIBUTES - {"__validate__"})),
                ),
                node,
            )
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                self._raise_view_error(
                    self.env._("A <district_map> can only contain <field> nodes, found a <%(tag)s>.", tag=child.tag),
                    child,
                )

    def _get_view_info(self):
        return {"district_map": {"icon": "fa fa-map-marker"}} | super()._get_view_info()
