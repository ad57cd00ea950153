from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .handover_archive import in_handover


class DistrictSettlementProposal(models.Model):
    """A unit proposed to a company looking for premises, and what came of it."""

    _name = "district.settlement.proposal"
    _description = "Premises Proposal"
    _order = "score desc, id"

    settlement_id = fields.Many2one("district.settlement", string="Case", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="settlement_id.partner_id", store=True, string="Business")
    premises_id = fields.Many2one("district.premises", required=True, index=True, ondelete="restrict")
    premises_state = fields.Selection(related="premises_id.state", string="Premises status")
    quarter_id = fields.Many2one(related="premises_id.quarter_id")
    area_m2 = fields.Float(related="premises_id.area_m2")
    rent_per_m2 = fields.Monetary(related="premises_id.rent_per_m2")
    currency_id = fields.Many2one(related="premises_id.currency_id")
    score = fields.Integer(help="Fit when proposed, 0-100.")
    match_reasons = fields.Text(string="Why it fits")
    state = fields.Selection(
        [("proposed", "Proposed"), ("viewed", "Viewed"), ("rejected", "Rejected"), ("accepted", "Accepted")],
        required=True,
        default="proposed",
    )
    viewing_date = fields.Datetime(string="Viewing")
    rejection_reason = fields.Char()
    company_id = fields.Many2one(related="settlement_id.company_id", store=True)
    tenant_mix_warning = fields.Text(
        compute="_compute_tenant_mix_warning",
        help="Tenant-mix targets the unit would break if let to this company for its intended use.",
    )
    date_expose_sent = fields.Datetime(
        string="Exposé sent", readonly=True, copy=False, help="When the exposé of the unit was last e-mailed."
    )

    _settlement_premises_unique = models.UniqueIndex(
        "(settlement_id, premises_id)", "This unit has already been proposed for this case."
    )

    @api.depends("settlement_id", "premises_id")
    def _compute_display_name(self):
        for proposal in self:
            proposal.display_name = f"{proposal.partner_id.name or ''}: {proposal.premises_id.name or ''}"

    @api.depends("premises_id", "settlement_id.intended_use_type_id", "settlement_id.use_type_ids")
    def _compute_tenant_mix_warning(self):
        targets = self.env["district.tenant.mix.target"]
        for proposal in self:
            messages = []
            if proposal.premises_id and proposal.settlement_id and proposal.state != "rejected":
                use_type = proposal.settlement_id._intended_use_type()
                messages = targets._warnings_for(proposal.premises_id, use_type)
            proposal.tenant_mix_warning = "\n".join(messages) or False

    @api.model_create_multi
    def create(self, vals_list):
        proposals = super().create(vals_list)
        reported = proposals.filtered(lambda p: p.premises_id.state == "reported")
        if reported and not in_handover(self.env):
            raise ValidationError(
                self.env._(
                    "%(premises)s is only reported and not yet confirmed: confirm it as vacant before proposing it.",
                    premises=", ".join(reported.premises_id.mapped("name")),
                )
            )
        let = proposals.filtered(lambda p: p.premises_id.state == "let")
        # A hand-over archive carries the proposals of units let since (the accepted one among them).
        if let and not in_handover(self.env):
            raise ValidationError(
                self.env._(
                    "%(premises)s is let and cannot be proposed. Set the unit to vacant first if it becomes free.",
                    premises=", ".join(let.premises_id.mapped("name")),
                )
            )
        return proposals

    @api.constrains("score")
    def _check_score(self):
        # The fit is a percentage (the matching gives 0-100); anything else comes from a typing error or an import.
        for proposal in self:
            if not 0 <= proposal.score <= 100:
                raise ValidationError(
                    self.env._(
                        "The fit of a proposal lies between 0 and 100; %(score)s was entered.", score=proposal.score
                    )
                )

    @api.constrains("state", "rejection_reason")
    def _check_rejection_reason(self):
        for proposal in self:
            if proposal.state == "rejected" and not proposal.rejection_reason:
                raise ValidationError(
                    self.env._("Say why %(premises)s was rejected.", premises=proposal.premises_id.name)
                )

    def action_viewed(self):
        for proposal in self:
            proposal.write({"state": "viewed", "viewing_date": proposal.viewing_date or fields.Datetime.now()})
        self.settlement_id._advance_to_stage("district_economy.settlement_stage_viewing")

    def action_accept(self):
        """The company wants this unit: reserve it and move the case on to negotiation."""
        self.ensure_one()
        self.state = "accepted"
        self.settlement_id.premises_id = self.premises_id
        if self.premises_id.state == "vacant":
            self.premises_id.state = "reserved"
        self.settlement_id._advance_to_stage("district_economy.settlement_stage_negotiation")

    def action_send_expose(self):
        """Open the e-mail composer on the case, with the exposé of the unit attached.

        The e-mail is written from the proposal (mail template on the proposal) but posted on the
        case, so that it shows in the case's chatter; sending it stamps ``date_expose_sent``.
        """
        self.ensure_one()
        self.check_access("write")
        settlement = self.settlement_id
        if not settlement.partner_id.email:
            raise UserError(
                self.env._(
                    "%(business)s has no e-mail address: enter it on the business (case %(case)s) "
                    "and send the exposé again.",
                    business=settlement.partner_id.display_name,
                    case=settlement.name,
                )
            )
        template = self.env.ref("district_economy.mail_template_premises_expose")
        rendered = template._generate_template(self.ids, ("subject", "body_html", "report_template_ids"))[self.id]
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "datas": content,
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                    "type": "binary",
                }
                for name, content in rendered.get("attachments", [])
            ]
        )
        return {
            "name": self.env._("Send exposé"),
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "district.settlement",
                "default_res_ids": settlement.ids,
                "default_composition_mode": "comment",
                "default_subject": rendered["subject"],
                "default_body": rendered["body_html"],
                "default_partner_ids": settlement.partner_id.ids,
                "default_attachment_ids": attachments.ids,
                "district_expose_proposal_id": self.id,
            },
        }
