from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .address_key import normalize_street, number_matches, split_street
from .district_premises_use_type import MIX_CATEGORIES


class DistrictTenantMixTarget(models.Model):
    """A target for the mix of current uses among the let ground-floor units of a quarter or street section.

    E.g. retail and crafts at least 40 %, betting and gambling at most 5 % in
    Neustadt-Neuschönefeld. The actual share is computed from the inventory; a
    settlement that would break a target is warned about, never refused.
    """

    _name = "district.tenant.mix.target"
    _description = "Tenant Mix Target"
    _order = "quarter_id, street, mix_category, id"

    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    quarter_id = fields.Many2one("district.quarter", required=True, index=True)
    street = fields.Char(help="Leave empty for the whole quarter, or restrict the target to a street section.")
    number_from = fields.Integer(string="House no. from", help="0 = from the start of the street.")
    number_to = fields.Integer(string="House no. to", help="0 = to the end of the street.")
    mix_category = fields.Selection(MIX_CATEGORIES, string="Category", required=True)
    operator = fields.Selection([("min", "at least"), ("max", "at most")], required=True, default="max")
    percent = fields.Float(string="Target (%)", required=True, digits=(5, 1))
    active = fields.Boolean(default=True)
    scope_name = fields.Char(string="Scope", compute="_compute_scope_name")
    unit_count = fields.Integer(string="Let ground-floor units", compute="_compute_figures")
    category_count = fields.Integer(string="Units of this category", compute="_compute_figures")
    actual_percent = fields.Float(string="Actual (%)", digits=(5, 1), compute="_compute_figures")
    is_met = fields.Boolean(string="Met", compute="_compute_figures")

    @api.model_create_multi
    def create(self, vals_list):
        # Say what is missing instead of the database's not-null error (e.g. over the external API).
        default_quarter = self.env.context.get("default_quarter_id")
        if any(not (vals.get("quarter_id") or default_quarter) for vals in vals_list):
            raise ValidationError(self.env._("Choose the quarter the tenant-mix target applies to."))
        return super().create(vals_list)

    @api.constrains("percent", "number_from", "number_to", "street")
    def _check_values(self):
        for target in self:
            if not 0 <= target.percent <= 100:
                raise ValidationError(
                    self.env._(
                        "A tenant-mix target lies between 0 and 100 %%; %(percent)s was entered.",
                        percent=target.percent,
                    )
                )
            if target.number_from < 0 or target.number_to < 0:
                raise ValidationError(self.env._("House numbers cannot be negative."))
            if target.number_to and target.number_from > target.number_to:
                raise ValidationError(
                    self.env._(
                        "The street section starts at no. %(start)s, after its end (no. %(end)s).",
                        start=target.number_from,
                        end=target.number_to,
                    )
                )
            if (target.number_from or target.number_to) and not (target.street or "").strip():
                raise ValidationError(self.env._("Enter the street the house numbers belong to."))

    @api.depends("quarter_id", "street", "number_from", "number_to")
    def _compute_scope_name(self):
        for target in self:
            name = target.quarter_id.name or ""
            if target.street:
                section = target.street
                if target.number_from or target.number_to:
                    section += f" {target.number_from or 1}–{target.number_to or '…'}"
                name = f"{section} ({name})" if name else section
            target.scope_name = name

    @api.depends("quarter_id", "street", "number_from", "number_to", "mix_category", "operator", "percent")
    def _compute_figures(self):
        for target in self:
            units = target._units_in_scope()
            figures = target._figures(units)
            target.unit_count = figures["total"]
            target.category_count = figures["count"]
            target.actual_percent = figures["percent"]
            target.is_met = target._met(figures)

    # ------------------------------------------------------------------
    # Scope and figures
    # ------------------------------------------------------------------
    def _scope_domain(self):
        self.ensure_one()
        domain = (
            Domain("state", "=", "let")
            & Domain("is_ground_floor", "=", True)
            & Domain("quarter_id", "=", self.quarter_id.id)
            & Domain("company_id", "=", self.company_id.id)
        )
        street_key = normalize_street(self.street)
        if street_key:
            # The street key holds the number too: narrow by name here, by number in _in_scope.
            domain &= Domain("street_key", "=like", f"{street_key}%")
        return domain

    def _in_scope(self, premises):
        """Whether a unit lies in the target's area (whatever its state)."""
        self.ensure_one()
        if premises.company_id != self.company_id or premises.quarter_id != self.quarter_id:
            return False
        if not (self.street or "").strip():
            return True
        street_key, number = split_street(premises.street)
        if street_key != normalize_street(self.street):
            return False
        return number_matches(number, self.number_from or None, self.number_to or None, "all")

    def _units_in_scope(self):
        self.ensure_one()
        if not self.quarter_id:
            return self.env["district.premises"]
        units = self.env["district.premises"].sudo().search(self._scope_domain())
        return units.filtered(self._in_scope)

    def _figures(self, units, changed=None, use_type=None):
        """{'total', 'count', 'percent'} of the let ground-floor ``units``.

        With ``changed``, that unit counts as let for ``use_type`` (the mix after a settlement).
        """
        self.ensure_one()
        categories = {unit.id: unit.current_use_type_id.mix_category for unit in units}
        if changed:
            categories.pop(changed.id, None)
            if changed.is_ground_floor and self._in_scope(changed):
                categories[changed.id] = use_type.mix_category if use_type else False
        total = len(categories)
        count = sum(1 for category in categories.values() if category == self.mix_category)
        return {"total": total, "count": count, "percent": round(100.0 * count / total, 1) if total else 0.0}

    def _met(self, figures):
        self.ensure_one()
        if not figures["total"]:
            return True
        if self.operator == "min":
            return figures["percent"] >= self.percent
        return figures["percent"] <= self.percent

    @api.model
    def _warnings_for(self, premises, use_type):
        """Messages for the targets that ``premises`` let for ``use_type`` would break (or worsen)."""
        if not premises:
            return []
        targets = self.sudo().search(
            [("company_id", "=", premises.company_id.id), ("quarter_id", "=", premises.quarter_id.id)]
        )
        category_labels = dict(self._fields["mix_category"]._description_selection(self.env))
        messages = []
        for target in targets.filtered(lambda t: t._in_scope(premises)):
            units = target._units_in_scope()
            before = target._figures(units)
            after = target._figures(units, changed=premises, use_type=use_type)
            if target._met(after):
                continue
            rising = after["percent"] > before["percent"]
            worse = rising if target.operator == "max" else after["percent"] < before["percent"]
            if before["total"] and not worse:
                continue
            values = {
                "category": category_labels.get(target.mix_category),
                "scope": target.scope_name,
                "percent": f"{after['percent']:.1f}",
                "target": f"{target.percent:g}",
                "count": after["count"],
                "total": after["total"],
            }
            if target.operator == "max":
                message = self.env._(
                    "%(category)s in %(scope)s would rise to %(percent)s %% (target: at most %(target)s %%), "
                    "%(count)s of %(total)s let ground-floor units.",
                    **values,
                )
            else:
                message = self.env._(
                    "%(category)s in %(scope)s would fall to %(percent)s %% (target: at least %(target)s %%), "
                    "%(count)s of %(total)s let ground-floor units.",
                    **values,
                )
            messages.append(message)
        return messages
