from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil, safe_eval

from .address_key import split_street

# Businesses that are gone are never visited, whatever the target says.
GONE_STATUSES = ("closed", "moved_out")


class DistrictVisitCampaign(models.Model):
    """A round of visits to the area's businesses with the same questionnaire (Bestandspflege).

    The target is a filter on the district's businesses (the list under Businesses),
    edited with Odoo's domain editor; "Plan visits" creates one planned visit per
    business found, spread over the campaign's coordinators and the weekdays of its
    period. A business is visited at most once per campaign.
    """

    _name = "district.visit.campaign"
    _description = "Visit Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, tracking=True, help="e.g. 'Location survey Eisenbahnstraße 2026'")
    date_from = fields.Date(string="From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(
        string="Until",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=90),
        tracking=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Closed")],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        domain=[("survey_type", "=", "district_visit")],
        default=lambda self: self.env.ref("district_economy.survey_location_survey", raise_if_not_found=False),
        ondelete="restrict",
        help="The questionnaire the coordinators fill in at every visit of this campaign.",
    )
    target_domain = fields.Char(
        string="Target businesses",
        required=True,
        default="[]",
        help="Which of the district's businesses to visit: a filter on quarter, street, sector, ground floor, "
        "status, ... Closed and moved-out businesses are never included.",
    )
    target_count = fields.Integer(string="Businesses in the target", compute="_compute_target_count")
    user_ids = fields.Many2many(
        "res.users",
        "district_visit_campaign_user_rel",
        "campaign_id",
        "user_id",
        string="Coordinators",
        default=lambda self: self.env.user,
        domain=lambda self: [("all_group_ids", "in", self.env.ref("district_economy.group_district_coordinator").ids)],
        help="The planned visits are shared out among them in turn.",
    )
    description = fields.Text(help="Purpose of the campaign, as it may be told to the businesses.")
    visit_ids = fields.One2many("district.visit", "campaign_id", string="Visits")
    visit_count = fields.Integer(string="Number of visits", compute="_compute_visit_figures", store=True)
    planned_count = fields.Integer(string="Planned", compute="_compute_visit_figures", store=True)
    visited_count = fields.Integer(string="Visited", compute="_compute_visit_figures", store=True)
    declined_count = fields.Integer(string="Declined", compute="_compute_visit_figures", store=True)
    not_reachable_count = fields.Integer(string="Not reachable", compute="_compute_visit_figures", store=True)
    progress = fields.Float(
        string="Progress (%)",
        compute="_compute_visit_figures",
        store=True,
        aggregator="avg",
        help="Share of the visits with an outcome (visited, declined or not reachable).",
    )
    flag_ids = fields.One2many("district.business.flag", "campaign_id", string="Early warnings")
    open_flag_count = fields.Integer(string="Open early warnings", compute="_compute_open_flag_count")
    color = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.depends("visit_ids.state", "visit_ids.active")
    def _compute_visit_figures(self):
        for campaign in self:
            states = campaign.visit_ids.mapped("state")
            campaign.visit_count = len(states)
            campaign.planned_count = states.count("planned")
            campaign.visited_count = states.count("visited")
            campaign.declined_count = states.count("declined")
            campaign.not_reachable_count = states.count("not_reachable")
            done = len(states) - campaign.planned_count
            campaign.progress = 100.0 * done / len(states) if states else 0.0

    def _compute_open_flag_count(self):
        counts = dict(
            self.env["district.business.flag"]._read_group(
                [("campaign_id", "in", self.ids), ("state", "!=", "resolved")], ["campaign_id"], ["__count"]
            )
        )
        for campaign in self:
            campaign.open_flag_count = counts.get(campaign._origin, 0)

    @api.depends("target_domain", "company_id")
    def _compute_target_count(self):
        Partner = self.env["res.partner"]
        for campaign in self:
            try:
                domain = campaign._target_partner_domain()
            except (UserError, ValidationError):
                campaign.target_count = 0
                continue
            campaign.target_count = Partner.search_count(domain)

    # ------------------------------------------------------------------
    # Target
    # ------------------------------------------------------------------
    def _parse_target_domain(self):
        """The target as a Domain; raises a ValidationError that says what is wrong with it."""
        self.ensure_one()
        context = {
            "uid": self.env.uid,
            "user": self.env.user,
            "context_today": lambda: fields.Date.context_today(self),
            "datetime": safe_datetime,
            "relativedelta": dateutil.relativedelta.relativedelta,
        }
        try:
            parsed = safe_eval(self.target_domain or "[]", context)
            domain = Domain(parsed)
            domain.validate(self.env["res.partner"])
        except (ValueError, TypeError, SyntaxError, NameError, KeyError) as error:
            raise ValidationError(
                self.env._(
                    "%(campaign)s: the target is not a valid filter on businesses (%(error)s). "
                    "Edit it with the filter editor.",
                    campaign=self.name,
                    error=error,
                )
            ) from error
        if domain.is_true():
            raise ValidationError(
                self.env._(
                    "%(campaign)s: choose the target businesses (for example a street, a quarter or a sector). "
                    "An empty target would include every business of the district.",
                    campaign=self.name,
                )
            )
        return domain

    @api.model
    def _district_business_domain(self):
        """The district's businesses as the Businesses menu lists them (one definition for both)."""
        action = self.env.ref("district_economy.res_partner_action_business").sudo()
        return Domain(safe_eval(action.domain or "[]", {"uid": self.env.uid}))

    def _target_partner_domain(self):
        self.ensure_one()
        return (
            self._parse_target_domain()
            & self._district_business_domain()
            & Domain("business_status", "not in", GONE_STATUSES)
            & Domain("company_id", "in", [False, self.company_id.id])
        )

    @api.constrains("target_domain")
    def _check_target_domain(self):
        for campaign in self:
            campaign._parse_target_domain()

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for campaign in self:
            if campaign.date_from > campaign.date_to:
                raise ValidationError(
                    self.env._(
                        "%(campaign)s: the period ends (%(end)s) before it begins (%(start)s).",
                        campaign=campaign.name,
                        end=format_date(self.env, campaign.date_to),
                        start=format_date(self.env, campaign.date_from),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded_visits(self):
        if self.with_context(active_test=False).visit_ids.filtered(lambda visit: visit.state != "planned"):
            raise UserError(
                self.env._(
                    "A campaign with recorded visits cannot be deleted: the visits count as contacts. "
                    "Archive it instead."
                )
            )

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------
    def _planning_days(self):
        """The weekdays (Monday to Friday) of the period still ahead (the whole period if it lies in the past)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        start = max(self.date_from, today) if self.date_to >= today else self.date_from
        days = []
        day = start
        while day <= self.date_to:
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
        return days

    @staticmethod
    def _street_order(partner):
        """Street, then house number as a number (9 before 61), then name: the order of a walk down the street."""
        street, number = split_street(partner.street or "")
        return (street, number or 0, partner.name or "", partner.id)

    def action_plan_visits(self):
        """Plan a visit for every target business not yet in the campaign.

        Each new visit goes to the coordinator of the campaign with the fewest visits so far
        (in turn, for a new campaign), and the visits are spread evenly over the weekdays of
        the period, in street order so that neighbours are visited on the same or next days.
        """
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("%(campaign)s is closed: reopen it to plan visits.", campaign=self.name))
        businesses = self.env["res.partner"].search(self._target_partner_domain()).sorted(self._street_order)
        if not businesses:
            raise UserError(
                self.env._(
                    "%(campaign)s: no business of the district matches the target. "
                    "Widen the filter (closed and moved-out businesses are never visited).",
                    campaign=self.name,
                )
            )
        new_businesses = businesses - self.with_context(active_test=False).visit_ids.partner_id
        if not new_businesses:
            raise UserError(
                self.env._(
                    "%(campaign)s: all %(count)s businesses of the target already have a visit in this campaign.",
                    campaign=self.name,
                    count=len(businesses),
                )
            )
        days = self._planning_days()
        if not days:
            raise UserError(
                self.env._(
                    "%(campaign)s: the period has no weekday left to plan visits on. Extend the period.",
                    campaign=self.name,
                )
            )
        team = self.user_ids or self.env.user
        load = dict.fromkeys(team, 0)
        for visit in self.with_context(active_test=False).visit_ids:
            if visit.user_id in load:
                load[visit.user_id] += 1
        values = []
        total = len(new_businesses)
        for index, business in enumerate(new_businesses):
            coordinator = min(team, key=lambda user: load[user])
            load[coordinator] += 1
            values.append(
                {
                    "campaign_id": self.id,
                    "partner_id": business.id,
                    "user_id": coordinator.id,
                    "date": days[index * len(days) // total],
                    "company_id": self.company_id.id,
                }
            )
        self.env["district.visit"].create(values)
        if self.state == "draft":
            self.state = "running"
        self.message_post(
            body=self.env._("%(count)s visits planned.", count=total),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return self.action_view_visits()

    def action_close(self):
        self.write({"state": "done"})

    def action_reopen(self):
        self.write({"state": "running"})

    def action_reset_draft(self):
        for campaign in self:
            if campaign.visit_ids:
                raise UserError(
                    self.env._(
                        "%(campaign)s already has visits: it stays running. Close it when it is over.",
                        campaign=campaign.name,
                    )
                )
        self.write({"state": "draft"})

    @api.readonly
    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.district_visit_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id, "search_default_group_user": 1}
        return action

    @api.readonly
    def action_view_open_flags(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.district_business_flag_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        return action

    @api.readonly
    def action_view_target(self):
        """The businesses the target finds now, in the Businesses list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.res_partner_action_business")
        action["domain"] = list(self._target_partner_domain())
        action["name"] = self.env._("Target of %(campaign)s", campaign=self.name)
        return action
