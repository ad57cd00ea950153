from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .handover_archive import in_handover
from .premises_matching import AREA_TOLERANCE, RENT_TOLERANCE, score_premises

SOURCES = [
    ("direct", "Direct enquiry"),
    ("city_office", "City office"),
    ("chamber", "Chamber"),
    ("network", "Network / word of mouth"),
    ("website", "Website"),
    ("other", "Other"),
]
MATCH_CANDIDATE_LIMIT = 500
FIGURE_FIELDS = (
    "jobs_created_planned",
    "jobs_created_actual",
    "jobs_secured_planned",
    "jobs_secured_actual",
    "investment_planned",
    "investment_actual",
)


class DistrictSettlement(models.Model):
    """A company that wants to settle or relocate into the area (Ansiedlungsfall).

    The coordinator clarifies the requirements, proposes vacant units, accompanies
    viewings and negotiation, and records the jobs and investment the settlement
    brings. These figures are reported on their own, never summed with fundings.
    """

    _name = "district.settlement"
    _description = "Settlement Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, enquiry_date desc, id desc"

    name = fields.Char(string="Case", required=True, tracking=True, help="e.g. 'Bakery looking for a shop'")
    partner_id = fields.Many2one("res.partner", string="Business", required=True, index=True, tracking=True)
    enquiry_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    source = fields.Selection(SOURCES, default="direct")
    user_id = fields.Many2one(
        "res.users", string="Coordinator", default=lambda self: self.env.user, index=True, tracking=True
    )
    stage_id = fields.Many2one(
        "district.settlement.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env["district.settlement.stage"].search([], limit=1),
    )
    reopen_stage_id = fields.Many2one(
        "district.settlement.stage",
        string="Stage before closing",
        copy=False,
        help="The open stage the case was in when it was settled or lost; reopening returns to it.",
    )
    is_won = fields.Boolean(related="stage_id.is_won", store=True)
    is_lost = fields.Boolean(related="stage_id.is_lost", store=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Important"), ("2", "Urgent")], default="0")
    kanban_state = fields.Selection(
        [("normal", "In progress"), ("done", "Ready for next stage"), ("blocked", "Blocked")],
        default="normal",
        copy=False,
    )
    color = fields.Integer()
    # Requirements
    area_min = fields.Float(string="Area from (m²)", digits=(10, 1))
    area_max = fields.Float(string="Area up to (m²)", digits=(10, 1))
    use_type_ids = fields.Many2many("district.premises.use.type", string="Use")
    intended_use_type_id = fields.Many2one(
        "district.premises.use.type",
        string="Intended use",
        tracking=True,
        help="What the company will use the unit for: the unit's current use once settled, counted in the "
        "tenant mix. Empty: the single use wanted, if only one is.",
    )
    tenant_mix_warning = fields.Text(
        compute="_compute_tenant_mix_warning",
        help="Tenant-mix targets that settling in the chosen or proposed units would break.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    rent_max_per_m2 = fields.Monetary(string="Max. rent per m² (cold)")
    ground_floor_needed = fields.Boolean(string="Ground floor needed")
    step_free_needed = fields.Boolean(string="Step-free access needed")
    shop_window_needed = fields.Boolean(string="Shop window needed")
    preferred_quarter_ids = fields.Many2many("district.quarter", string="Preferred quarters")
    requirements_note = fields.Text(string="Other requirements")
    # Proposals and outcome
    proposal_ids = fields.One2many("district.settlement.proposal", "settlement_id", string="Proposals")
    proposal_count = fields.Integer(compute="_compute_proposal_count")
    premises_id = fields.Many2one("district.premises", string="Settled in", index=True, tracking=True, copy=False)
    settled_date = fields.Date(tracking=True, copy=False)
    street_search = fields.Char(
        string="Street search",
        compute="_compute_street_search",
        search="_search_street_search",
        help="The company's street or that of the unit it settles in.",
    )
    quarter_id = fields.Many2one("district.quarter", compute="_compute_location", store=True, index=True)
    programme_area_id = fields.Many2one(
        "district.programme.area", compute="_compute_location", store=True, index=True, string="Programme area"
    )
    jobs_created_planned = fields.Integer(string="New jobs planned")
    jobs_created_actual = fields.Integer(string="New jobs created", tracking=True)
    jobs_secured_planned = fields.Integer(string="Jobs to be secured")
    jobs_secured_actual = fields.Integer(string="Jobs secured", tracking=True)
    investment_planned = fields.Monetary(string="Investment planned")
    investment_actual = fields.Monetary(string="Investment made", tracking=True)
    lost_reason_id = fields.Many2one("district.settlement.lost.reason", string="Lost reason", tracking=True, copy=False)
    lost_note = fields.Text(string="Why it was lost", copy=False, groups="district_economy.group_district_coordinator")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # All stages stay visible as kanban columns, as in CRM (a handful of records).
        return stages.search([], order=stages._order)  # pylint: disable=no-search-all

    @api.depends("proposal_ids")
    def _compute_proposal_count(self):
        for settlement in self:
            settlement.proposal_count = len(settlement.proposal_ids)

    @api.depends("premises_id.quarter_id", "premises_id.programme_area_id", "partner_id", "is_won")
    def _compute_location(self):
        """Where the company settled: the unit's location, else the company's address once won."""
        for settlement in self:
            source = settlement.premises_id or (settlement.is_won and settlement.partner_id)
            settlement.quarter_id = source.quarter_id if source else False
            settlement.programme_area_id = source.programme_area_id if source else False

    def _intended_use_type(self):
        self.ensure_one()
        return self.intended_use_type_id or (
            self.use_type_ids if len(self.use_type_ids) == 1 else self.use_type_ids[:0]
        )

    @api.depends("premises_id", "is_won", "intended_use_type_id", "use_type_ids", "proposal_ids.state")
    def _compute_tenant_mix_warning(self):
        targets = self.env["district.tenant.mix.target"]
        for settlement in self:
            messages = []
            if not (settlement.is_won or settlement.is_lost):
                units = (
                    settlement.premises_id
                    or settlement.proposal_ids.filtered(lambda p: p.state != "rejected").premises_id
                )
                use_type = settlement._intended_use_type()
                for unit in units:
                    for message in targets._warnings_for(unit, use_type):
                        line = f"{unit.name}: {message}" if len(units) > 1 else message
                        if line not in messages:
                            messages.append(line)
            settlement.tenant_mix_warning = "\n".join(messages) or False

    @api.constrains("area_min", "area_max", "rent_max_per_m2")
    def _check_requirements(self):
        for settlement in self:
            if settlement.area_min < 0 or settlement.area_max < 0 or settlement.rent_max_per_m2 < 0:
                raise ValidationError(self.env._("%(case)s: areas and rents cannot be negative.", case=settlement.name))
            if settlement.area_min and settlement.area_max and settlement.area_min > settlement.area_max:
                raise ValidationError(
                    self.env._(
                        "%(case)s: the smallest area wanted (%(min)s m²) is larger than the largest (%(max)s m²).",
                        case=settlement.name,
                        min=settlement.area_min,
                        max=settlement.area_max,
                    )
                )

    @api.constrains(*FIGURE_FIELDS)
    def _check_figures(self):
        for settlement in self:
            if any(settlement[name] < 0 for name in FIGURE_FIELDS):
                raise ValidationError(
                    self.env._("%(case)s: jobs and investment cannot be negative.", case=settlement.name)
                )

    @api.constrains("stage_id", "premises_id", "settled_date", "partner_id")
    def _check_won(self):
        for settlement in self.filtered("is_won"):
            if not settlement.settled_date:
                raise ValidationError(self.env._("%(case)s: enter the date the company settled.", case=settlement.name))
            if settlement.premises_id.state == "reported":
                raise ValidationError(
                    self.env._(
                        "%(case)s: %(premises)s is only reported and not yet confirmed; confirm it as vacant first.",
                        case=settlement.name,
                        premises=settlement.premises_id.name,
                    )
                )
            if not settlement.premises_id and not settlement.partner_id.programme_area_id:
                raise ValidationError(
                    self.env._(
                        "%(case)s: to mark it settled, choose the unit it moved into, or give the company an "
                        "address inside the programme area.",
                        case=settlement.name,
                    )
                )

    @api.constrains("stage_id", "lost_reason_id")
    def _check_lost_reason(self):
        for settlement in self.filtered("is_lost"):
            if not settlement.lost_reason_id:
                raise ValidationError(
                    self.env._("%(case)s: say why the case was lost (Lost reason).", case=settlement.name)
                )

    @api.depends("partner_id.street", "premises_id.street")
    def _compute_street_search(self):
        for settlement in self:
            settlement.street_search = settlement.premises_id.street or settlement.partner_id.street

    @api.model
    def _search_street_search(self, operator, value):
        partners = self.env["res.partner"]
        by_company = partners._street_key_domain("partner_id.street_key", operator, value)
        if by_company is NotImplemented:
            return NotImplemented
        return by_company | partners._street_key_domain("premises_id.street_key", operator, value)

    @api.model_create_multi
    def create(self, vals_list):
        stages = self.env["district.settlement.stage"]
        for vals in vals_list:
            if stages.browse(vals.get("stage_id")).is_won:
                vals.setdefault("settled_date", fields.Date.context_today(self))
        settlements = super().create(vals_list)
        if not in_handover(self.env):  # a hand-over archive carries the let unit and the moved company
            settlements.filtered("is_won")._apply_settlement()
        return settlements

    def write(self, vals):
        stage = self.env["district.settlement.stage"].browse(vals.get("stage_id"))
        if stage.is_won:
            vals.setdefault("settled_date", fields.Date.context_today(self))
        reopened = (
            self.filtered(lambda s: s.is_won or s.is_lost)
            if "stage_id" in vals and not (stage.is_won or stage.is_lost)
            else self.browse()
        )
        if stage.is_won or stage.is_lost:
            for settlement in self.filtered(lambda s: s.stage_id and not (s.is_won or s.is_lost)):
                settlement.reopen_stage_id = settlement.stage_id
        result = super().write(vals)
        if stage.is_won:
            self.filtered("is_won")._apply_settlement()
        for settlement in reopened:
            settlement.message_post(body=self.env._("Case reopened in stage %(stage)s.", stage=stage.name))
        return result

    def _apply_settlement(self):
        """The unit is let; the company's address moves into it and gets its quarter.

        All of it happens on the settlement date, not the day it is typed in
        (DOMAIN: counting rules): the move in or opening, and the end of the vacancy.
        """
        for settlement in self:
            on_settled_date = settlement.with_context(
                district_move_date=settlement.settled_date, district_vacancy_date=settlement.settled_date
            )
            premises = on_settled_date.premises_id
            if premises:
                use_type = settlement._intended_use_type()
                # Warn, never refuse: a target that the settlement breaks is noted in the case's chatter.
                warnings = self.env["district.tenant.mix.target"]._warnings_for(premises, use_type)
                if premises.state != "let":
                    premises.state = "let"
                if use_type:
                    premises.current_use_type_id = use_type
                if warnings:
                    settlement.message_post(
                        body=self.env._("Tenant mix: %(warnings)s", warnings=" ".join(warnings)),
                    )
                partner_values = {"street": premises.street, "zip": premises.zip, "city": premises.city}
                settlement.proposal_ids.filtered(lambda p, unit=premises: p.premises_id == unit).state = "accepted"
            else:
                partner_values = {}
            status = settlement.partner_id.business_status
            if status in (False, "relocating_in", "founding"):
                partner_values["business_status"] = "active"
            # A founder opens in the area; a company from elsewhere moves in (the address change says so).
            if status == "founding" and not settlement.partner_id.opening_date:
                partner_values["opening_date"] = settlement.settled_date
            on_settled_date.partner_id.sudo().write(partner_values)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_won(self):
        if any(settlement.is_won for settlement in self):
            raise UserError(
                self.env._("A settled case counts in the reports and cannot be deleted. Archive it instead.")
            )

    # ------------------------------------------------------------------
    # Stage actions
    # ------------------------------------------------------------------
    def _won_stage(self):
        won_stage = self.env["district.settlement.stage"].search([("is_won", "=", True)], limit=1)
        if not won_stage:
            raise UserError(self.env._("No stage is marked 'Settled (won)'. Ask a manager to configure one."))
        return won_stage

    def _advance_to_stage(self, xmlid):
        """Move open cases forward to a stage of the pipeline, never backwards."""
        stage = self.env.ref(xmlid, raise_if_not_found=False)
        if not stage:
            return
        behind = self.filtered(
            lambda s: not (s.is_won or s.is_lost) and (not s.stage_id or s.stage_id.sequence < stage.sequence)
        )
        if behind:
            behind.stage_id = stage

    def action_set_won(self):
        """Ask for the settlement date and the unit before winning the case."""
        self.ensure_one()
        self._won_stage()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as settled"),
            "res_model": "district.settlement.win",
            "view_mode": "form",
            "target": "new",
            "context": {"default_settlement_id": self.id},
        }

    def action_set_lost(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as lost"),
            "res_model": "district.settlement.lost",
            "view_mode": "form",
            "target": "new",
            "context": {"default_settlement_ids": self.ids},
        }

    def action_reopen(self):
        """Return each case to the stage it was in before it was settled or lost."""
        first_stage = self.env["district.settlement.stage"].search(
            [("is_won", "=", False), ("is_lost", "=", False)], limit=1
        )
        for settlement in self:
            stage = settlement.reopen_stage_id
            if not stage or stage.is_won or stage.is_lost:
                stage = first_stage
            settlement.write(
                {"stage_id": stage.id, "lost_reason_id": False, "lost_note": False, "reopen_stage_id": False}
            )

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    def _requirements(self):
        self.ensure_one()
        return {
            "area_min": self.area_min,
            "area_max": self.area_max,
            "rent_max": self.rent_max_per_m2,
            "use_type_ids": set(self.use_type_ids.ids),
            "quarter_ids": set(self.preferred_quarter_ids.ids),
            "ground_floor": self.ground_floor_needed,
            "step_free": self.step_free_needed,
            "shop_window": self.shop_window_needed,
        }

    def _premises_candidate_domain(self):
        """Hard requirements as a domain, with tolerances for size and rent."""
        self.ensure_one()
        domain = Domain("state", "=", "vacant") & Domain("company_id", "=", self.company_id.id)
        if self.area_min:
            domain &= Domain("area_m2", ">=", self.area_min * (1 - AREA_TOLERANCE))
        if self.area_max:
            domain &= Domain("area_m2", "<=", self.area_max * (1 + AREA_TOLERANCE))
        if self.rent_max_per_m2:
            domain &= Domain("rent_per_m2", "<=", self.rent_max_per_m2 * (1 + RENT_TOLERANCE))
        if self.ground_floor_needed:
            domain &= Domain("is_ground_floor", "=", True)
        if self.step_free_needed:
            domain &= Domain("is_step_free", "=", True)
        if self.shop_window_needed:
            domain &= Domain("has_shop_window", "=", True)
        if self.use_type_ids:
            domain &= Domain("use_type_ids", "in", self.use_type_ids.ids)
        already = self.proposal_ids.premises_id.ids
        if already:
            domain &= Domain("id", "not in", already)
        return domain

    def _match_premises(self, limit=20):
        """Return [(premises, score, reasons)] ranked best first."""
        self.ensure_one()
        candidates = self.env["district.premises"].search_fetch(
            self._premises_candidate_domain(),
            [
                "area_m2",
                "rent_per_m2",
                "use_type_ids",
                "quarter_id",
                "is_ground_floor",
                "is_step_free",
                "has_shop_window",
                "available_from",
            ],
            limit=MATCH_CANDIDATE_LIMIT,
        )
        requirements = self._requirements()
        ranked = []
        for premises in candidates:
            score, reasons = score_premises(requirements, premises._matching_values())
            ranked.append((premises, score, reasons))
        ranked.sort(key=lambda item: (-item[1], item[0].available_from or fields.Date.today(), item[0].id))
        return ranked[:limit]

    def action_find_premises(self):
        self.ensure_one()
        return self.env["district.settlement.match"]._open_for_settlement(self)

    @api.readonly
    def action_view_proposals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proposals"),
            "res_model": "district.settlement.proposal",
            "view_mode": "list,calendar",
            "domain": [("settlement_id", "=", self.id)],
            "context": {"default_settlement_id": self.id},
        }
