from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date, formatLang

from .district_premises import PREMISES_STATES

# What a landlord may propose, as (field on the request, field on the unit).
REQUESTED_FIELDS = (
    ("new_state", "state"),
    ("new_available_from", "available_from"),
    ("new_rent_per_m2", "rent_per_m2"),
    ("new_area_m2", "area_m2"),
)
LANDLORD_STATES = [("vacant", "Vacant"), ("let", "Let")]
# Set when the request is made and never changed afterwards: what the landlord asked for and what it replaced.
FROZEN_FIELDS = {
    "premises_id",
    "partner_id",
    "note",
    "attachment_ids",
    "requested_new_rent_per_m2",
    "requested_new_area_m2",
    *(new for new, _old in REQUESTED_FIELDS),
    *(f"old_{unit}" for _new, unit in REQUESTED_FIELDS),
}
REVIEW_FIELDS = {"state", "reviewer_id", "review_date"}


class DistrictPremisesChangeRequest(models.Model):
    """A landlord's proposal, made on the portal, to update one of his units.

    The unit changes only when a coordinator approves: then the values go through the
    unit's normal write, so its checks and its tracking apply as for any other change.
    """

    _name = "district.premises.change.request"
    _description = "Change Request from a Landlord"
    _inherit = ["mail.thread"]
    _order = "state_sequence, create_date desc, id desc"

    premises_id = fields.Many2one(
        "district.premises", string="Unit", required=True, ondelete="cascade", index=True, readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Requested by", required=True, index=True, readonly=True)
    company_id = fields.Many2one(related="premises_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="premises_id.currency_id")
    state = fields.Selection(
        [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")],
        required=True,
        default="pending",
        index=True,
        readonly=True,
        tracking=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    new_state = fields.Selection(LANDLORD_STATES, string="Proposed state", readonly=True)
    new_available_from = fields.Date(string="Proposed available from", readonly=True)
    new_rent_per_m2 = fields.Monetary(string="Proposed rent per m²", readonly=True)
    new_area_m2 = fields.Float(string="Proposed area (m²)", digits=(10, 1), readonly=True)
    # A rent or an area of 0 is a value: these say whether one was proposed at all.
    requested_new_rent_per_m2 = fields.Boolean(readonly=True)
    requested_new_area_m2 = fields.Boolean(readonly=True)
    note = fields.Text(string="Landlord's note", readonly=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Photos", readonly=True)
    old_state = fields.Selection(PREMISES_STATES, string="State before", readonly=True)
    old_available_from = fields.Date(string="Available from before", readonly=True)
    old_rent_per_m2 = fields.Monetary(string="Rent per m² before", readonly=True)
    old_area_m2 = fields.Float(string="Area before (m²)", digits=(10, 1), readonly=True)
    diff_html = fields.Html(string="Changes", compute="_compute_diff_html", sanitize=True)
    reviewer_id = fields.Many2one("res.users", string="Reviewed by", readonly=True)
    review_date = fields.Datetime(string="Reviewed on", readonly=True)
    rejection_reason = fields.Text(tracking=True, help="Why the change was not taken over; write it before rejecting.")

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"pending": 0, "approved": 1, "rejected": 2}
        for request in self:
            request.state_sequence = order.get(request.state, 9)

    @api.depends("premises_id", "partner_id", "create_date")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "%(unit)s: change by %(landlord)s", unit=request.premises_id.name, landlord=request.partner_id.name
            )

    def _format_value(self, field_name, value):
        field = self._fields[field_name]
        if value is False or value is None or (field.type == "date" and not value):
            return "–"
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "monetary":
            return formatLang(self.env, value, currency_obj=self.currency_id)
        if field.type == "float":
            return f"{formatLang(self.env, value, digits=1)} m²"
        return str(value)

    @api.depends(
        "note", "attachment_ids", *(new for new, _unit in REQUESTED_FIELDS), *(f"old_{u}" for _n, u in REQUESTED_FIELDS)
    )
    def _compute_diff_html(self):
        labels = {
            "state": self.env._("State"),
            "available_from": self.env._("Available from"),
            "rent_per_m2": self.env._("Rent per m² (cold)"),
            "area_m2": self.env._("Area (m²)"),
        }
        for request in self:
            items = []
            for new, unit in REQUESTED_FIELDS:
                if not request._is_requested(new):
                    continue
                old_text = request._format_value(f"old_{unit}", request[f"old_{unit}"])
                new_text = request._format_value(new, request[new])
                items.append(Markup("<li>%s: %s → <strong>%s</strong></li>") % (labels[unit], old_text, new_text))
            if request.attachment_ids:
                items.append(
                    Markup("<li>%s</li>") % self.env._("Photos: %(count)s new", count=len(request.attachment_ids))
                )
            if request.note:
                items.append(Markup("<li>%s: %s</li>") % (self.env._("Note"), request.note))
            request.diff_html = Markup("<ul>%s</ul>") % Markup().join(items) if items else False

    def _is_requested(self, field_name):
        """A value was proposed: an empty date or state means "no change", a rent of 0 is a value."""
        self.ensure_one()
        if self._fields[field_name].type in ("monetary", "float"):
            return self[f"requested_{field_name}"]
        return bool(self[field_name])

    @api.constrains("premises_id", "partner_id", *(new for new, _unit in REQUESTED_FIELDS), "note", "attachment_ids")
    def _check_request(self):
        for request in self:
            landlord = request.premises_id.sudo().owner_id.commercial_partner_id
            if not landlord or landlord != request.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not the landlord of %(unit)s: only the unit's landlord can propose changes.",
                        partner=request.partner_id.display_name,
                        unit=request.premises_id.display_name,
                    )
                )
            requested = [new for new, _unit in REQUESTED_FIELDS if request._is_requested(new)]
            if not requested and not request.note and not request.attachment_ids:
                raise ValidationError(
                    self.env._("Enter at least one change, a note or a photo before sending the request.")
                )
            if request.requested_new_area_m2 and request.new_area_m2 <= 0:
                raise ValidationError(self.env._("Enter the area in m² (greater than 0)."))
            if request.requested_new_rent_per_m2 and request.new_rent_per_m2 < 0:
                raise ValidationError(self.env._("A rent cannot be negative."))
            if request.premises_id.state not in ("vacant", "reserved", "let"):
                raise ValidationError(
                    self.env._(
                        "%(unit)s is not in the office's inventory: changes can be proposed for vacant, reserved "
                        "or let units only.",
                        unit=request.premises_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            premises = self.env["district.premises"].browse(vals.get("premises_id")).sudo()
            vals.setdefault("requested_new_rent_per_m2", "new_rent_per_m2" in vals)
            vals.setdefault("requested_new_area_m2", "new_area_m2" in vals)
            for _new, unit in REQUESTED_FIELDS:
                vals[f"old_{unit}"] = premises[unit]
            vals.update(state="pending", reviewer_id=False, review_date=False)
        requests = super().create(vals_list)
        # The photos belong to the request until approved.
        for request in requests:
            request.attachment_ids.sudo().write({"res_model": self._name, "res_id": request.id})
        return requests

    def write(self, vals):
        frozen = FROZEN_FIELDS.intersection(vals)
        # The superuser may: the anonymisation of a person erases his free texts (the note) too.
        if frozen and not self.env.su:
            raise UserError(
                self.env._(
                    "What a landlord proposed stays as proposed (%(fields)s): approve or reject the request.",
                    fields=", ".join(sorted(self._fields[name].string for name in frozen)),
                )
            )
        if REVIEW_FIELDS.intersection(vals) and not self.env.context.get("district_change_request_review"):
            raise UserError(self.env._("Use the Approve and Reject buttons to decide on a change request."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reviewed(self):
        if any(request.state != "pending" for request in self) and not self.env.is_superuser():
            raise UserError(self.env._("A reviewed change request stays on record: it cannot be deleted."))

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------
    def _check_pending(self):
        done = self.filtered(lambda request: request.state != "pending")
        if done:
            raise UserError(
                self.env._(
                    "%(request)s was already reviewed: only pending requests can be approved or rejected.",
                    request=done[0].display_name,
                )
            )

    def _unit_values(self):
        self.ensure_one()
        return {unit: self[new] for new, unit in REQUESTED_FIELDS if self._is_requested(new)}

    def action_approve(self):
        self._check_pending()
        for request in self:
            premises = request.premises_id
            # The unit's own write, as the reviewer: its access rights, checks and tracking apply.
            premises.write(request._unit_values())
            photos = request.attachment_ids.sudo()
            if photos:
                if not premises.image_1920:
                    premises.image_1920 = photos[0].datas
                photos = photos.copy({"res_model": "district.premises", "res_id": premises.id})
            body = escape(self.env._("Change proposed by %(landlord)s approved.", landlord=request.partner_id.name))
            if request.note:
                body += Markup("<br/>") + escape(self.env._("Landlord's note: %(note)s", note=request.note))
            premises.message_post(body=body, attachment_ids=photos.ids, subtype_xmlid="mail.mt_note")
        self.with_context(district_change_request_review=True).write(
            {"state": "approved", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()}
        )
        return True

    def action_reject(self):
        self._check_pending()
        missing = self.filtered(lambda request: not (request.rejection_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the reason for rejecting %(request)s first: the landlord reads it on the portal.",
                    request=missing[0].display_name,
                )
            )
        self.with_context(district_change_request_review=True).write(
            {"state": "rejected", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()}
        )
        return True


class DistrictPremises(models.Model):
    # The change requests from landlords and the portal's view of a landlord's units.
    _inherit = "district.premises"

    change_request_ids = fields.One2many(
        "district.premises.change.request", "premises_id", string="Change requests from the landlord"
    )
    vacancy_report_ids = fields.One2many("district.vacancy.report", "premises_id", string="Public reports")
    change_request_pending_count = fields.Integer(
        string="Pending change requests", compute="_compute_change_request_pending_count"
    )

    def _compute_change_request_pending_count(self):
        counts = dict(
            self.env["district.premises.change.request"]._read_group(
                [("premises_id", "in", self.ids), ("state", "=", "pending")], ["premises_id"], ["__count"]
            )
        )
        for premises in self:
            premises.change_request_pending_count = counts.get(premises, 0)

    @api.model
    def _portal_domain(self, partner):
        """The units a landlord (a portal user's partner) sees on the portal: those his organisation lets,
        from the office's inventory (not the ones the public reported and the office has not confirmed)."""
        commercial = partner.commercial_partner_id
        return Domain("owner_id.commercial_partner_id", "=", commercial.id) & Domain(
            "state", "in", ("vacant", "reserved", "let")
        )

    def action_open_change_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "district_economy.district_premises_change_request_action"
        )
        action["domain"] = [("premises_id", "=", self.id)]
        action["context"] = {"default_premises_id": self.id}
        return action
