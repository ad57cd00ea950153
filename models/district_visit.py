from datetime import datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .district_business_flag import changed_fields
from .handover_archive import in_handover
from .tz_utils import office_tz

VISIT_STATES = [
    ("planned", "Planned"),
    ("visited", "Visited"),
    ("declined", "Declined"),
    ("not_reachable", "Not reachable"),
]
# Fields whose change would alter what a final monitoring report shows of a visit.
REPORTED_FIELDS = frozenset({"partner_id", "date", "state", "company_id"})
STATE_KEYS = frozenset(key for key, _label in VISIT_STATES)


class DistrictVisit(models.Model):
    """A visit to a business within a campaign, recorded with the campaign's questionnaire.

    A visit with the outcome "visited" is a contact: the business counts as reached
    (with its location stamped on the visit day), but not for ERDF RCO04. Where advice
    was given, the visit also gets a consultation (channel on-site visit), and that
    consultation counts for RCO04 as any other. ``note`` is confidential.
    """

    _name = "district.visit"
    _description = "Business Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "district.contact.stamp.mixin"]
    _order = "date desc, id desc"
    _district_date_field = "date"

    campaign_id = fields.Many2one(
        "district.visit.campaign", required=True, index=True, ondelete="restrict", tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Business", required=True, index=True, ondelete="restrict", tracking=True
    )
    user_id = fields.Many2one(
        "res.users", string="Coordinator", default=lambda self: self.env.user, index=True, tracking=True
    )
    date = fields.Date(string="Visit day", required=True, default=fields.Date.context_today, index=True, tracking=True)
    state = fields.Selection(
        VISIT_STATES, required=True, default="planned", index=True, tracking=True, copy=False, group_expand=True
    )
    date_outcome = fields.Datetime(
        string="Outcome recorded on",
        readonly=True,
        copy=False,
        help="When the outcome (visited, declined, not reachable) was entered: reports finalised "
        "before do not show it.",
    )
    survey_id = fields.Many2one(related="campaign_id.survey_id", string="Questionnaire")
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Answers",
        copy=False,
        readonly=True,
        ondelete="set null",
        groups="district_economy.group_district_coordinator",
    )
    answer_line_ids = fields.One2many(
        related="user_input_id.user_input_line_ids",
        string="Answer details",
        groups="district_economy.group_district_coordinator",
    )
    survey_state = fields.Selection(
        [("none", "Not started"), ("in_progress", "In progress"), ("done", "Completed")],
        string="Questionnaire status",
        compute="_compute_survey_state",
        compute_sudo=True,
        store=True,
    )
    consultation_id = fields.Many2one(
        "district.consultation",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Recorded when advice was given during the visit: the consultation counts for ERDF RCO04.",
    )
    flag_ids = fields.One2many("district.business.flag", "visit_id", string="Early warnings")
    flag_count = fields.Integer(string="Number of early warnings", compute="_compute_flag_count")
    note = fields.Text(
        string="Confidential note",
        groups="district_economy.group_district_coordinator",
        help="Only coordinators and managers see this note; it never appears in the chatter or in reports.",
    )
    industry_id = fields.Many2one(
        "res.partner.industry", string="Sector", related="partner_id.industry_id", store=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    _campaign_partner_unique = models.Constraint(
        "UNIQUE (campaign_id, partner_id)",
        "A business is visited only once per campaign: it already has a visit in this campaign.",
    )

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = " – ".join(
                part for part in (visit.partner_id.name, format_date(self.env, visit.date)) if part
            )

    @api.depends("user_input_id.state")
    def _compute_survey_state(self):
        for visit in self:
            answer = visit.user_input_id
            visit.survey_state = "done" if answer.state == "done" else ("in_progress" if answer else "none")

    def _compute_flag_count(self):
        counts = dict(
            self.env["district.business.flag"]._read_group([("visit_id", "in", self.ids)], ["visit_id"], ["__count"])
        )
        for visit in self:
            visit.flag_count = counts.get(visit._origin, 0)

    @api.constrains("date", "state")
    def _check_outcome_not_in_future(self):
        today = fields.Date.context_today(self)
        for visit in self:
            if visit.state != "planned" and visit.date > today:
                raise ValidationError(
                    self.env._(
                        "The visit to %(business)s on %(date)s lies in the future: its outcome cannot be recorded "
                        "yet. Correct the visit day first.",
                        business=visit.partner_id.name,
                        date=format_date(self.env, visit.date),
                    )
                )

    @api.constrains("campaign_id", "company_id")
    def _check_company(self):
        for visit in self:
            if visit.campaign_id.company_id != visit.company_id:
                raise ValidationError(
                    self.env._(
                        "The visit to %(business)s belongs to another office than its campaign %(campaign)s.",
                        business=visit.partner_id.name,
                        campaign=visit.campaign_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _check_unique_business(self, pairs):
        """Refuse a second visit of a business in a campaign with a message that names both."""
        seen = set()
        for campaign_id, partner_id in pairs:
            if (campaign_id, partner_id) in seen or self.with_context(active_test=False).search_count(
                [("campaign_id", "=", campaign_id), ("partner_id", "=", partner_id), ("id", "not in", self.ids)],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(business)s already has a visit in the campaign %(campaign)s: a business is visited only "
                        "once per campaign. Open the existing visit instead.",
                        business=self.env["res.partner"].browse(partner_id).display_name,
                        campaign=self.env["district.visit.campaign"].browse(campaign_id).display_name,
                    )
                )
            seen.add((campaign_id, partner_id))

    @api.model_create_multi
    def create(self, vals_list):
        campaigns = self.env["district.visit.campaign"]
        for vals in vals_list:
            self._check_state_value(vals)
            campaign = campaigns.browse(vals.get("campaign_id"))
            if campaign.exists():
                vals.setdefault("company_id", campaign.company_id.id)
                if campaign.state == "done":
                    raise UserError(
                        self.env._("%(campaign)s is closed: reopen it to add visits.", campaign=campaign.name)
                    )
            carried = in_handover(self.env) and vals.get("date_outcome")  # a hand-over archive carries it
            if vals.get("state", "planned") != "planned" and not carried:
                vals["date_outcome"] = fields.Datetime.now()
        self._check_unique_business((vals.get("campaign_id"), vals.get("partner_id")) for vals in vals_list)
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._check_state_value(vals)
        if "date_outcome" in vals and not self.env.su:
            raise UserError(self.env._("The moment an outcome was recorded is set when it is recorded."))
        if REPORTED_FIELDS.intersection(vals):
            self._check_not_in_final_report(vals)
        if "campaign_id" in vals or "partner_id" in vals:
            self._check_unique_business(
                (vals.get("campaign_id", visit.campaign_id.id), vals.get("partner_id", visit.partner_id.id))
                for visit in self
            )
        if "state" in vals:
            if vals["state"] == "planned":
                vals["date_outcome"] = False
            else:
                not_yet = self.filtered(lambda visit: not visit.date_outcome)
                if not_yet:
                    super(DistrictVisit, not_yet).write({"date_outcome": fields.Datetime.now()})
        result = super().write(vals)
        if vals.get("state") == "visited":
            self._restamp_location()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        if any(visit.state != "planned" for visit in self):
            raise UserError(
                self.env._(
                    "A visit with an outcome counts as a contact and cannot be deleted. Archive it instead, or set "
                    "it back to planned if the outcome was recorded by mistake."
                )
            )

    def _check_state_value(self, vals):
        if "state" in vals and vals["state"] not in STATE_KEYS:
            raise ValidationError(
                self.env._(
                    "'%(state)s' is no outcome of a visit. Use one of: %(states)s.",
                    state=vals["state"],
                    states=", ".join(sorted(STATE_KEYS)),
                )
            )

    def _check_not_in_final_report(self, vals):
        """A visit shown in a final monitoring report keeps what the report shows (frozen means frozen)."""
        Flag = self.env["district.business.flag"]
        for visit in self.filtered("date_outcome"):
            if not changed_fields(visit, REPORTED_FIELDS, vals):
                continue
            report = Flag._final_report_covering(
                visit.company_id, visit.programme_area_id, visit.date, visit.date_outcome
            )
            if report:
                raise UserError(
                    self.env._(
                        "The visit to %(business)s on %(date)s is counted in the final report %(report)s: its "
                        "business, day and outcome can no longer be changed.",
                        business=visit.partner_id.name,
                        date=format_date(self.env, visit.date),
                        report=report.display_name,
                    )
                )

    def _restamp_location(self):
        """A visit counts where the business was on the visit day (planned visits were stamped when planned)."""
        for visit in self:
            partner = visit._stamp_partner()
            street, zip_code, city = partner._district_address_on(visit.date)
            if (street, zip_code, city) != (visit.stamp_street, visit.stamp_zip, visit.stamp_city):
                visit.write({"stamp_street": street, "stamp_zip": zip_code, "stamp_city": city})

    # ------------------------------------------------------------------
    # Outcome
    # ------------------------------------------------------------------
    def action_visited(self):
        self.filtered(lambda visit: visit.state != "visited").write({"state": "visited"})

    def action_declined(self):
        self.write({"state": "declined"})

    def action_not_reachable(self):
        self.write({"state": "not_reachable"})

    def action_reset_planned(self):
        self.write({"state": "planned"})

    def _survey_completed(self, user_input):
        """The questionnaire of this visit was completed: the visit took place; the rules raise early warnings."""
        self.ensure_one()
        if self.state != "visited":
            self.date = min(self.date, fields.Date.context_today(self))
            self.state = "visited"
        self.user_input_id = user_input
        return self.env["district.business.flag.rule"]._apply_to_answer(user_input, self)

    # ------------------------------------------------------------------
    # Questionnaire
    # ------------------------------------------------------------------
    def _check_survey(self):
        self.ensure_one()
        if not self.survey_id:
            raise UserError(
                self.env._(
                    "The campaign %(campaign)s has no questionnaire. Choose one on the campaign first.",
                    campaign=self.campaign_id.name,
                )
            )

    def action_start_survey(self):
        """Open the questionnaire for this visit in a new tab, answered as the coordinator.

        An answer already started by the same person is continued; a completed one is not
        overwritten (the coordinator sees it with "Answers").
        """
        self.ensure_one()
        self._check_survey()
        if self.state in ("declined", "not_reachable"):
            raise UserError(
                self.env._(
                    "The visit to %(business)s is recorded as %(state)s: set it back to planned to fill in the "
                    "questionnaire.",
                    business=self.partner_id.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
        answer = self.user_input_id
        if answer.state == "done":
            raise UserError(
                self.env._(
                    "The questionnaire of this visit is completed. Open the answers with the button Answers.",
                )
            )
        if not answer or answer.partner_id != self.env.user.partner_id or answer.survey_id != self.survey_id:
            answer = self.survey_id._create_answer(
                user=self.env.user,
                check_attempts=False,
                district_visit_id=self.id,
                district_partner_id=self.partner_id.id,
            )
            self.user_input_id = answer
        action = self.survey_id.action_start_survey(answer=answer)
        action["target"] = "new"
        return action

    @api.readonly
    def action_view_answers(self):
        """The completed questionnaire as survey prints it (read-only, in a new tab)."""
        self.ensure_one()
        if not self.user_input_id:
            raise UserError(self.env._("No questionnaire has been filled in for this visit yet."))
        return self.survey_id.action_print_survey(answer=self.user_input_id)

    # ------------------------------------------------------------------
    # Follow-up
    # ------------------------------------------------------------------
    def _consultation_datetime(self):
        """10:00 in the office on the visit day, or now when the visit is today."""
        if self.date == fields.Date.context_today(self):
            return fields.Datetime.now()
        local = pytz.timezone(office_tz(self.env)).localize(datetime.combine(self.date, time(10, 0)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def action_record_advice(self):
        """Advice was given during the visit: record it as a consultation (channel on-site visit)."""
        self.ensure_one()
        if self.state != "visited":
            raise UserError(
                self.env._("Record the visit as visited first: advice is given only at a visit that took place.")
            )
        if not self.consultation_id:
            self.consultation_id = self.env["district.consultation"].create(
                {
                    "partner_id": self.partner_id.id,
                    "user_id": (self.user_id or self.env.user).id,
                    "date": self._consultation_datetime(),
                    "channel": "on_site_visit",
                    "location": self.partner_id.street,
                    "state": "done",
                    "company_id": self.company_id.id,
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "district.consultation",
            "res_id": self.consultation_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_new_flag(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Early warning"),
            "res_model": "district.business.flag",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_visit_id": self.id,
                "default_date": self.date,
                "default_user_id": (self.user_id or self.env.user).id,
            },
        }

    @api.readonly
    def action_view_flags(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("district_economy.district_business_flag_action")
        action["domain"] = [("visit_id", "=", self.id)]
        action["context"] = {"default_visit_id": self.id, "default_partner_id": self.partner_id.id}
        return action
