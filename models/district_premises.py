from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .address_key import normalize_zip
from .handover_archive import in_handover

SIZE_BANDS = [
    ("lt50", "under 50 m²"),
    ("50_100", "50–100 m²"),
    ("100_250", "100–250 m²"),
    ("250_500", "250–500 m²"),
    ("gt500", "over 500 m²"),
]
PREMISES_STATES = [
    ("reported", "Reported"),
    ("vacant", "Vacant"),
    ("reserved", "Reserved"),
    ("let", "Let"),
    ("unavailable", "Unavailable"),
]
# Reserved units are still empty: they count as vacant until let.
VACANT_STATES = ("vacant", "reserved")
# Reported by the public and not yet confirmed: such a unit counts in no figure (neither known nor vacant).
UNCONFIRMED_STATES = ("reported",)


def size_band(area_m2):
    if area_m2 < 50:
        return "lt50"
    if area_m2 < 100:
        return "50_100"
    if area_m2 < 250:
        return "100_250"
    if area_m2 < 500:
        return "250_500"
    return "gt500"


class DistrictPremises(models.Model):
    """A commercial unit known in the area (Gewerbeeinheit): vacant, soon vacant or let.

    Quarter and programme area come from the address by the same rules as
    businesses. Each vacancy is kept as a period for monitoring.
    """

    _name = "district.premises"
    _description = "Premises"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "image.mixin",
        "district.located.mixin",
        "district.street.search.mixin",
    ]
    _order = "state_sequence, available_from, name, id"
    _district_position_fields = ("latitude", "longitude")

    name = fields.Char(required=True, tracking=True, help="e.g. 'Shop Eisenbahnstraße 61, ground floor left'")
    street = fields.Char(string="Street and no.", required=True, tracking=True)
    zip = fields.Char(string="ZIP", required=True)
    city = fields.Char(required=True, default=lambda self: self.env.company.city or "")
    floor = fields.Integer(default=0, help="0 = ground floor, -1 = basement, 1 = first floor, ...")
    is_ground_floor = fields.Boolean(
        string="Ground floor", compute="_compute_is_ground_floor", store=True, readonly=False, precompute=True
    )
    area_m2 = fields.Float(string="Area (m²)", required=True, digits=(10, 1), tracking=True)
    size_band = fields.Selection(SIZE_BANDS, compute="_compute_size_band", store=True, index=True)
    use_type_ids = fields.Many2many("district.premises.use.type", string="Suitable for")
    currency_id = fields.Many2one(related="company_id.currency_id")
    rent_per_m2 = fields.Monetary(string="Rent per m² (cold)", tracking=True)
    rent_total = fields.Monetary(
        string="Rent per month (cold)", compute="_compute_rent_total", store=True, readonly=False, precompute=True
    )
    available_from = fields.Date(tracking=True)
    lease_end = fields.Date(
        string="Lease ends",
        tracking=True,
        help="The day the current tenant's lease ends: from six months before, the unit is listed under Leases ending.",
    )
    lease_days_left = fields.Integer(string="Days left", compute="_compute_lease_days_left")
    current_use_type_id = fields.Many2one(
        "district.premises.use.type",
        string="Current use",
        tracking=True,
        index=True,
        help="What the tenant uses the unit for; counts in the tenant mix only while the unit is let.",
    )
    current_mix_category = fields.Selection(related="current_use_type_id.mix_category", string="Mix category")
    known_since = fields.Date(
        default=fields.Date.context_today,
        help="Since when the unit is in the inventory: it counts among the known units from this day on.",
    )
    state = fields.Selection(PREMISES_STATES, required=True, default="vacant", index=True, tracking=True)
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    is_vacant = fields.Boolean(compute="_compute_state_sequence", store=True, index=True)
    # Landlord data is confidential: never tracked, since the chatter is read by every user of the unit.
    owner_id = fields.Many2one("res.partner", string="Landlord", groups="district_economy.group_district_coordinator")
    contact_id = fields.Many2one(
        "res.partner", string="Contact for viewings", groups="district_economy.group_district_coordinator"
    )
    is_step_free = fields.Boolean(string="Step-free access")
    has_shop_window = fields.Boolean(string="Shop window")
    notes = fields.Html(string="Internal notes", groups="district_economy.group_district_coordinator")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    vacancy_ids = fields.One2many("district.premises.vacancy", "premises_id", string="Vacancy history")
    proposal_ids = fields.One2many("district.settlement.proposal", "premises_id", string="Proposals")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)
    date_archived = fields.Date(
        string="Archived on",
        readonly=True,
        copy=False,
        help="The day the unit was archived: from this day on it counts neither among the known nor the vacant units.",
    )
    # Exposé (report/district_premises_expose_templates.xml): what a company looking for space may read.
    expose_description = fields.Text(
        string="Description for the exposé",
        help="Public-facing text printed on the exposé. The internal notes are never printed.",
    )
    expose_show_owner = fields.Boolean(
        string="Show landlord in exposé",
        groups="district_economy.group_district_coordinator",
        help="The landlord agreed that their name and business contact appear on the exposé.",
    )

    @api.depends("floor")
    def _compute_is_ground_floor(self):
        for premises in self:
            premises.is_ground_floor = premises.floor == 0

    @api.depends("area_m2")
    def _compute_size_band(self):
        for premises in self:
            premises.size_band = size_band(premises.area_m2 or 0)

    @api.depends("rent_per_m2", "area_m2")
    def _compute_rent_total(self):
        for premises in self:
            premises.rent_total = premises.rent_per_m2 * premises.area_m2

    @api.depends("lease_end")
    def _compute_lease_days_left(self):
        today = fields.Date.context_today(self)
        for premises in self:
            premises.lease_days_left = (premises.lease_end - today).days if premises.lease_end else 0

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {state: index for index, (state, _label) in enumerate(PREMISES_STATES)}
        for premises in self:
            premises.state_sequence = order.get(premises.state, 99)
            premises.is_vacant = premises.state in VACANT_STATES

    @api.constrains("area_m2", "rent_per_m2", "rent_total", "state")
    def _check_amounts(self):
        for premises in self:
            # A unit reported by the public comes without its area: the office measures it when confirming.
            if premises.area_m2 <= 0 and premises.state != "reported":
                raise ValidationError(
                    self.env._("%(premises)s: enter the area in m² (greater than 0).", premises=premises.name)
                )
            if premises.rent_per_m2 < 0 or premises.rent_total < 0:
                raise ValidationError(self.env._("%(premises)s: a rent cannot be negative.", premises=premises.name))
            if not -90 <= premises.latitude <= 90 or not -180 <= premises.longitude <= 180:
                raise ValidationError(
                    self.env._(
                        "%(premises)s: latitude lies between -90 and 90, longitude between -180 and 180.",
                        premises=premises.name,
                    )
                )

    @api.constrains("lease_end", "known_since")
    def _check_lease_end(self):
        for premises in self:
            if premises.lease_end and premises.known_since and premises.lease_end < premises.known_since:
                raise ValidationError(
                    self.env._(
                        "%(premises)s: the lease cannot end (%(end)s) before the unit became known (%(known)s).",
                        premises=premises.name,
                        end=premises.lease_end,
                        known=premises.known_since,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        premises = super().create(vals_list)
        if in_handover(self.env):
            # A hand-over archive carries the archiving dates and vacancy periods as they were.
            return premises
        # A unit created archived (an import of old records) left the inventory on the day given, else today.
        created_archived = premises.filtered(lambda p: not p.active and not p.date_archived)
        created_archived.date_archived = fields.Date.context_today(self)
        premises._counted_vacant()._open_vacancy()
        return premises

    def write(self, vals):
        if vals.get("state") in UNCONFIRMED_STATES and not in_handover(self.env):
            known = self.filtered(lambda p: p.state not in UNCONFIRMED_STATES)
            if known:
                raise UserError(
                    self.env._(
                        "%(premises)s: a known unit cannot be set back to Reported. Set it to Unavailable or "
                        "archive it if it is no longer on the market.",
                        premises=", ".join(known.mapped("name")),
                    )
                )
        if {"street", "zip", "city"}.intersection(vals) and not {"latitude", "longitude"}.intersection(vals):
            # A position belongs to the address it was found for: a new address has none until located again.
            vals = {**vals, "latitude": 0.0, "longitude": 0.0}
        # Archiving takes a unit out of the inventory on that day, so its vacancy ends there too;
        # unarchiving brings it back, vacant again from that day if it still stands empty.
        if vals.get("active") and "date_archived" not in vals:
            vals = {**vals, "date_archived": False}
        # However a report is confirmed (button or status bar), the unit is known from that day on.
        confirming = (
            self.filtered(lambda p: p.state in UNCONFIRMED_STATES)
            if vals.get("state") and vals["state"] not in UNCONFIRMED_STATES and "known_since" not in vals
            else self.browse()
        )
        if confirming and not in_handover(self.env):
            confirming.with_context(district_vacancy_date=self._vacancy_change_date()).write(
                {**vals, "known_since": self._vacancy_change_date()}
            )
            others = self - confirming
            return others.write(vals) if others else True
        archiving = self.filtered("active") if "active" in vals and not vals["active"] else self.browse()
        was_counted_vacant = self._counted_vacant()
        result = super().write(vals)
        if archiving and not vals.get("date_archived"):
            archiving.date_archived = fields.Date.context_today(self)
        if {"state", "active"}.intersection(vals):
            now_counted_vacant = self._counted_vacant()
            (now_counted_vacant - was_counted_vacant)._open_vacancy()
            (was_counted_vacant - now_counted_vacant)._close_vacancy()
        if {"street", "zip", "city", "quarter_manual", "quarter_id", "programme_area_id"}.intersection(vals):
            # The current vacancy is where the unit is; ended ones keep where they were counted.
            for premises in self:
                premises._open_vacancy_periods().write(premises._vacancy_location_values())
        return result

    def _counted_vacant(self):
        """The units that have an open vacancy period: vacant (or reserved) and not archived.

        An archived unit has left the inventory, so it cannot stand vacant in it either.
        """
        return self.filtered(lambda p: p.active and p.is_vacant)

    def _open_vacancy_periods(self):
        return (
            self.env["district.premises.vacancy"]
            .sudo()
            .search([("premises_id", "in", self.ids), ("date_to", "=", False)])
        )

    def _vacancy_location_values(self):
        """The unit's address (and a quarter set by hand) as a vacancy period stamps it."""
        self.ensure_one()
        values = {
            "stamp_street": self.street,
            "stamp_zip": self.zip,
            "stamp_city": self.city,
            "quarter_manual": self.quarter_manual,
        }
        if self.quarter_manual:
            values.update(quarter_id=self.quarter_id.id, programme_area_id=self.programme_area_id.id)
        return values

    def _vacancy_change_date(self):
        """The day the unit became vacant or let: a settlement passes its own date, else today."""
        return fields.Date.to_date(self.env.context.get("district_vacancy_date")) or fields.Date.context_today(self)

    def _open_vacancy(self):
        day = self._vacancy_change_date()
        self.env["district.premises.vacancy"].sudo().create(
            [
                {
                    "premises_id": premises.id,
                    "date_from": day,
                    "company_id": premises.company_id.id,
                    **premises._vacancy_location_values(),
                }
                for premises in self
            ]
        )

    def _close_vacancy(self):
        """End the open vacancy periods: on the day the unit was let or withdrawn, or archived."""
        day = self._vacancy_change_date()
        for period in self._open_vacancy_periods():
            premises = period.premises_id
            end, ended_by = (day, premises.state) if premises.active else (premises.date_archived, "archived")
            period.write({"date_to": max(end, period.date_from), "ended_by": ended_by})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # Known and vacant units are stocks at every period end since the unit was known: only a unit
        # entered today by mistake (no history, counted in no period end yet) may go. A reported unit
        # counts nowhere, so it may always go (e.g. once merged into the known unit it duplicates).
        today = fields.Date.context_today(self)
        counted = self.filtered(
            lambda unit: (
                (unit.known_since and unit.known_since < today and unit.state not in UNCONFIRMED_STATES)
                or any(period.date_from < today or period.date_to for period in unit.vacancy_ids)
            )
        )
        if counted or self.env["district.settlement"].with_context(active_test=False).search_count(
            [("premises_id", "in", self.ids)], limit=1
        ):
            raise UserError(
                self.env._(
                    "Units with a vacancy history or a settlement count in the monitoring and cannot be deleted. "
                    "Archive them instead."
                )
            )

    def _matching_values(self):
        self.ensure_one()
        return {
            "area_m2": self.area_m2,
            "rent_per_m2": self.rent_per_m2,
            "use_type_ids": set(self.use_type_ids.ids),
            "quarter_id": self.quarter_id.id,
            "is_ground_floor": self.is_ground_floor,
            "is_step_free": self.is_step_free,
            "has_shop_window": self.has_shop_window,
        }

    def action_find_interested(self):
        """Open cases whose requirements this unit meets, best first."""
        self.ensure_one()
        return self.env["district.settlement.match"]._open_for_premises(self)

    # ------------------------------------------------------------------
    # Reported units (by the public): confirm or merge into a known one
    # ------------------------------------------------------------------
    def _check_reported(self):
        not_reported = self.filtered(lambda p: p.state not in UNCONFIRMED_STATES)
        if not_reported:
            raise UserError(
                self.env._(
                    "%(premises)s is not a reported unit: only reported units can be confirmed or merged.",
                    premises=", ".join(not_reported.mapped("name")),
                )
            )

    def action_confirm_reported(self):
        """The report is right: the unit joins the inventory as vacant from today on."""
        self._check_reported()
        today = fields.Date.context_today(self)
        # The unit is known, and its vacancy period opens, on the day of the confirmation.
        self.with_context(district_vacancy_date=today).write({"state": "vacant", "known_since": today})
        for premises in self:
            premises.message_post(body=self.env._("Report confirmed: the unit is vacant from %(date)s.", date=today))
        return True

    def _merge_candidates(self):
        """Known units at the same address (street and number, ZIP) as this reported one."""
        self.ensure_one()
        if not self.street_key:
            return self.browse()
        zip_key = normalize_zip(self.zip)
        return self.search(
            [
                ("id", "!=", self.id),
                ("state", "not in", UNCONFIRMED_STATES),
                ("company_id", "=", self.company_id.id),
                ("street_key", "=", self.street_key),
            ]
        ).filtered(lambda unit: normalize_zip(unit.zip) == zip_key)

    def action_merge_reported(self):
        self.ensure_one()
        self._check_reported()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge into known unit"),
            "res_model": "district.premises.merge",
            "view_mode": "form",
            "target": "new",
            "context": {"default_premises_id": self.id},
        }

    def _merge_into(self, target):
        """Move the report's photo, attachments and messages to the known unit, then delete the report."""
        self.ensure_one()
        self._check_reported()
        if target.state in UNCONFIRMED_STATES or target == self:
            raise UserError(self.env._("Choose a known unit (not a reported one) to merge the report into."))
        if target not in self._merge_candidates():
            raise UserError(
                self.env._(
                    "%(target)s is not at the address of the report (%(street)s, %(zip)s): "
                    "only a unit at the same address can be merged.",
                    target=target.name,
                    street=self.street,
                    zip=self.zip,
                )
            )
        if self.image_1920 and not target.image_1920:
            target.image_1920 = self.image_1920
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "=", self.id), ("res_field", "=", False)]
        ).write({"res_id": target.id})
        self.env["mail.message"].sudo().search([("model", "=", self._name), ("res_id", "=", self.id)]).write(
            {"res_id": target.id}
        )
        target.message_post(
            body=self.env._("Report %(report)s merged into this unit.", report=self.name),
        )
        # The public report (what was seen, the reporter's consented contact) stays, on the known unit.
        self.env["district.vacancy.report"].sudo().search([("premises_id", "=", self.id)]).write(
            {"premises_id": target.id}
        )
        self.unlink()
        return target
