from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .handover_archive import in_handover
from .tz_utils import local_date, office_tz

FLAG_TYPES = [
    ("closure_risk", "Closure risk"),
    ("leaving", "Leaving the area"),
    ("expansion", "Expansion intent"),
    ("needs_premises", "Needs premises"),
    ("needs_staff", "Needs staff"),
    ("succession", "Succession needed"),
]
FLAG_STATES = [("open", "Open"), ("in_progress", "In progress"), ("resolved", "Resolved")]
# The follow-ups a flag can be resolved with.
RESOLUTION_MODELS = [
    ("district.consultation", "Consultation"),
    ("district.referral", "Referral"),
    ("district.settlement", "Settlement case"),
]
# Fields whose change would alter what a final monitoring report shows of a flag.
REPORTED_FIELDS = frozenset({"flag_type", "partner_id", "date", "company_id"})


def changed_fields(record, names, vals):
    """The fields among ``names`` that ``vals`` really changes on ``record`` (writing the same value
    again, as forms do, changes nothing). Used to keep what a final report shows frozen."""
    return [
        name
        for name in names.intersection(vals)
        if record._fields[name].convert_to_write(record[name], record)
        != record._fields[name].convert_to_write(record._fields[name].convert_to_cache(vals[name], record), record)
    ]


FLAG_TYPE_KEYS = frozenset(key for key, _label in FLAG_TYPES)


class DistrictBusinessFlag(models.Model):
    """An early warning about a business (Frühwarnung): it may close, leave, expand, need premises or
    staff, or look for a successor.

    Raised by the rules of the visit questionnaire or by hand; followed up with a
    consultation, a referral or a settlement case, and resolved only with such a
    follow-up or a note saying how it was settled. ``note`` and ``resolution_note``
    are confidential (coordinators and managers).
    """

    _name = "district.business.flag"
    _description = "Early Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    flag_type = fields.Selection(FLAG_TYPES, string="Type", required=True, index=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Business", required=True, index=True, ondelete="cascade", tracking=True
    )
    date = fields.Date(string="Raised on", required=True, default=fields.Date.context_today, index=True)
    source = fields.Selection(
        [("rule", "Survey rule"), ("manual", "By hand")], required=True, default="manual", readonly=True
    )
    rule_id = fields.Many2one("district.business.flag.rule", readonly=True, ondelete="set null")
    visit_id = fields.Many2one("district.visit", index="btree_not_null", ondelete="set null")
    campaign_id = fields.Many2one(
        "district.visit.campaign", related="visit_id.campaign_id", store=True, index="btree_not_null"
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, index=True, tracking=True
    )
    state = fields.Selection(
        FLAG_STATES, required=True, default="open", index=True, tracking=True, copy=False, group_expand=True
    )
    resolution_model = fields.Selection(RESOLUTION_MODELS, string="Follow-up type", copy=False, tracking=True)
    resolution_id = fields.Many2oneReference(
        string="Follow-up record", model_field="resolution_model", copy=False, index="btree_not_null"
    )
    resolution_ref = fields.Reference(
        RESOLUTION_MODELS,
        string="Follow-up",
        compute="_compute_resolution_ref",
        inverse="_inverse_resolution_ref",
        help="The consultation, referral or settlement case that follows up this early warning.",
    )
    note = fields.Text(
        string="Details",
        groups="district_economy.group_district_coordinator",
        help="What the business said; confidential, for coordinators and managers only.",
    )
    resolution_note = fields.Text(
        string="How it was settled",
        groups="district_economy.group_district_coordinator",
        help="Resolves the early warning without a follow-up record; confidential.",
    )
    date_resolved = fields.Datetime(string="Resolved on", readonly=True, copy=False, tracking=True)
    quarter_id = fields.Many2one(
        "district.quarter", compute="_compute_location", store=True, index=True, readonly=False, precompute=True
    )
    programme_area_id = fields.Many2one(
        "district.programme.area",
        string="Programme area",
        compute="_compute_location",
        store=True,
        index=True,
        readonly=False,
        precompute=True,
    )
    industry_id = fields.Many2one(
        "res.partner.industry", string="Sector", related="partner_id.industry_id", store=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.depends("flag_type", "partner_id")
    def _compute_display_name(self):
        labels = dict(self._fields["flag_type"]._description_selection(self.env))
        for flag in self:
            flag.display_name = ": ".join(part for part in (labels.get(flag.flag_type), flag.partner_id.name) if part)

    @api.depends("visit_id.quarter_id", "visit_id.programme_area_id", "partner_id")
    def _compute_location(self):
        """Where the business was when the warning was raised: the visit's stamp, else its address then."""
        for flag in self:
            source = flag.visit_id or flag.partner_id
            flag.quarter_id = source.quarter_id
            flag.programme_area_id = source.programme_area_id

    @api.depends("resolution_model", "resolution_id")
    def _compute_resolution_ref(self):
        for flag in self:
            flag.resolution_ref = (
                f"{flag.resolution_model},{flag.resolution_id}"
                if flag.resolution_model and flag.resolution_id
                else False
            )

    def _inverse_resolution_ref(self):
        for flag in self:
            record = flag.resolution_ref
            flag.resolution_model = record._name if record else False
            flag.resolution_id = record.id if record else False

    @api.constrains("state", "resolution_model", "resolution_id")
    def _check_resolution(self):
        for flag in self:
            has_follow_up = bool(flag.resolution_model and flag.resolution_id)
            if has_follow_up:
                follow_up = self.env[flag.resolution_model].sudo().browse(flag.resolution_id).exists()
                if not follow_up:
                    raise ValidationError(
                        self.env._(
                            "%(flag)s: the follow-up record no longer exists. Choose another one.",
                            flag=flag.display_name,
                        )
                    )
                if follow_up.partner_id.commercial_partner_id != flag.partner_id.commercial_partner_id:
                    raise ValidationError(
                        self.env._(
                            "%(flag)s: the follow-up %(follow_up)s concerns %(other)s, not this business.",
                            flag=flag.display_name,
                            follow_up=follow_up.display_name,
                            other=follow_up.partner_id.display_name,
                        )
                    )
            if flag.state == "resolved" and not has_follow_up and not (flag.sudo().resolution_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(flag)s can be resolved only with a follow-up (a consultation, referral or settlement case) "
                        "or a note saying how it was settled. Add one of them first.",
                        flag=flag.display_name,
                    )
                )

    @api.constrains("visit_id", "partner_id")
    def _check_visit_business(self):
        for flag in self.filtered("visit_id"):
            if flag.visit_id.partner_id != flag.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(flag)s: the visit %(visit)s is a visit to another business.",
                        flag=flag.display_name,
                        visit=flag.visit_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _check_flag_type_value(self, vals):
        if "flag_type" in vals and vals["flag_type"] not in FLAG_TYPE_KEYS:
            raise ValidationError(
                self.env._(
                    "'%(type)s' is no type of early warning. Use one of: %(types)s.",
                    type=vals["flag_type"],
                    types=", ".join(sorted(FLAG_TYPE_KEYS)),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_flag_type_value(vals)
            if not self.env.su:
                # Rules raise flags as the system; over the API a flag is raised by hand.
                vals.pop("source", None)
                vals.pop("rule_id", None)
            carried = in_handover(self.env) and vals.get("date_resolved")  # a hand-over archive carries it
            if vals.get("state") == "resolved" and not carried:
                vals["date_resolved"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        self._check_flag_type_value(vals)
        if "date_resolved" in vals and not self.env.su:
            raise UserError(self.env._("The day an early warning was resolved is set when it is resolved."))
        if vals.get("state") and vals["state"] != "resolved" and any(flag.state == "resolved" for flag in self):
            raise UserError(
                self.env._(
                    "A resolved early warning stays resolved: it counts in the reports as resolved on its day. "
                    "Raise a new early warning if the business needs attention again."
                )
            )
        if REPORTED_FIELDS.intersection(vals):
            self._check_not_in_final_report(vals)
        if vals.get("state") == "resolved":
            vals = {**vals, "date_resolved": fields.Datetime.now()}
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reported(self):
        for flag in self:
            report = self._final_report_covering(
                flag.company_id, flag.programme_area_id, flag.date, flag.create_date, False
            )
            if report:
                raise UserError(
                    self.env._(
                        "%(flag)s is counted in the final report %(report)s and cannot be deleted. Resolve it with a "
                        "note or archive it instead.",
                        flag=flag.display_name,
                        report=report.display_name,
                    )
                )

    def _check_not_in_final_report(self, vals):
        for flag in self:
            if not changed_fields(flag, REPORTED_FIELDS, vals):
                continue
            report = self._final_report_covering(
                flag.company_id, flag.programme_area_id, flag.date, flag.create_date, False
            )
            if report:
                raise UserError(
                    self.env._(
                        "%(flag)s is counted in the final report %(report)s: its type, business and date can no "
                        "longer be changed. Resolve it with a note and raise a new early warning instead.",
                        flag=flag.display_name,
                        report=report.display_name,
                    )
                )

    @api.model
    def _final_report_covering(self, company, programme_area, day, recorded_on, within_period=True):
        """The final monitoring report (if any) whose visit section shows a record of this day and area.

        A final report shows the visits of its period and area, and the early warnings raised
        up to its end, that were recorded before its figures were frozen (``recorded_on`` is a
        date or datetime). ``within_period=False``: any report ending on or after ``day``.
        """
        if not programme_area or not day:
            return self.env["district.monitoring.snapshot"]
        recorded_on = fields.Datetime.to_datetime(recorded_on or fields.Datetime.now())
        domain = [
            ("state", "=", "final"),
            ("company_id", "=", company.id),
            ("programme_area_id", "=", programme_area.id),
            ("date_to", ">=", day),
        ]
        if within_period:
            domain.append(("date_from", "<=", day))
        reports = self.env["district.monitoring.snapshot"].sudo().search(domain)
        return reports.filtered(lambda report: report.date_frozen and report.date_frozen >= recorded_on)[:1]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_in_progress(self):
        self.filtered(lambda flag: flag.state == "open").write({"state": "in_progress"})

    def action_resolve(self):
        for flag in self.filtered(lambda flag: flag.state != "resolved"):
            flag.write({"state": "resolved"})

    def _follow_up_action(self, kind):
        self.ensure_one()
        if self.state == "resolved":
            raise UserError(
                self.env._(
                    "%(flag)s is resolved: raise a new early warning for a new follow-up.", flag=self.display_name
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow up: %(flag)s", flag=self.display_name),
            "res_model": "district.business.flag.follow.up",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_flag_id": self.id, "default_kind": kind},
        }

    def action_follow_up_consultation(self):
        return self._follow_up_action("consultation")

    def action_follow_up_referral(self):
        return self._follow_up_action("referral")

    def action_follow_up_settlement(self):
        return self._follow_up_action("settlement")

    @api.readonly
    def action_open_follow_up(self):
        self.ensure_one()
        if not self.resolution_ref:
            raise UserError(self.env._("%(flag)s has no follow-up yet.", flag=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.resolution_model,
            "res_id": self.resolution_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Annual report
    # ------------------------------------------------------------------
    @api.model
    def _monitoring_report_section(self, report):
        """Visits and early warnings of a monitoring report's period and programme area.

        Counts what was recorded up to the report's "figures as of" moment, so a final
        report shows the same figures however late later records are entered.
        """
        as_of = report.date_frozen or fields.Datetime.now()
        common = [
            ("company_id", "=", report.company_id.id),
            ("programme_area_id", "=", report.programme_area_id.id),
            ("date", ">=", report.date_from),
            ("date", "<=", report.date_to),
        ]
        visit_rows = (
            self.env["district.visit"]
            .with_context(active_test=False)
            ._read_group(
                [*common, ("state", "!=", "planned"), ("date_outcome", "<=", as_of)],
                ["state"],
                ["__count", "partner_id:count_distinct"],
            )
        )
        visits = {state: (count, businesses) for state, count, businesses in visit_rows}
        # Every early warning raised up to the period's end: raised in the period, or still open at its end
        # (not resolved by then, or resolved only after the figures were frozen).
        flags = self.with_context(active_test=False).search_fetch(
            [
                ("company_id", "=", report.company_id.id),
                ("programme_area_id", "=", report.programme_area_id.id),
                ("date", "<=", report.date_to),
                ("create_date", "<=", as_of),
            ],
            ["flag_type", "date", "date_resolved"],
        )
        tz_name = office_tz(self.env)

        def still_open(flag):
            resolved = flag.date_resolved
            return not resolved or resolved > as_of or local_date(resolved, tz_name) > report.date_to

        by_type = []
        for flag_type, label in self._fields["flag_type"]._description_selection(self.env):
            of_type = flags.filtered(lambda flag, flag_type=flag_type: flag.flag_type == flag_type)
            raised = of_type.filtered(lambda flag: flag.date >= report.date_from)
            by_type.append({"label": label, "raised": len(raised), "open": len(of_type.filtered(still_open))})
        return {
            "visited": visits.get("visited", (0, 0))[0],
            "businesses_visited": visits.get("visited", (0, 0))[1],
            "declined": visits.get("declined", (0, 0))[0],
            "not_reachable": visits.get("not_reachable", (0, 0))[0],
            "flags": by_type,
            "flags_raised": sum(row["raised"] for row in by_type),
            "flags_open": sum(row["open"] for row in by_type),
        }
