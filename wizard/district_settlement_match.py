from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.misc import formatLang

from ..models.premises_matching import AREA_TOLERANCE, RENT_TOLERANCE, score_premises


class DistrictSettlementMatch(models.TransientModel):
    """One result of "Find premises" / "Find interested companies": a unit, a case, the fit and why."""

    _name = "district.settlement.match"
    _description = "Premises Match"
    _order = "score desc, id"

    settlement_id = fields.Many2one("district.settlement", string="Case", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="settlement_id.partner_id")
    premises_id = fields.Many2one("district.premises", required=True, ondelete="cascade")
    quarter_id = fields.Many2one(related="premises_id.quarter_id")
    area_m2 = fields.Float(related="premises_id.area_m2")
    rent_per_m2 = fields.Monetary(related="premises_id.rent_per_m2")
    currency_id = fields.Many2one(related="premises_id.currency_id")
    available_from = fields.Date(related="premises_id.available_from")
    score = fields.Integer(string="Fit (%)")
    match_reasons = fields.Text(string="Why it fits")
    is_proposed = fields.Boolean(string="Proposed")

    def _format_reasons(self, reasons):
        """Word the scoring reasons in the user's language, numbers as the user writes them (8,50)."""

        def number(value, digits=2):
            return formatLang(self.env, value, digits=digits)

        texts = {
            "area_fits": lambda v: self.env._("size fits (%(area)s m²)", area=number(v["area"], 0)),
            "area_near": lambda v: self.env._("size close (%(area)s m²)", area=number(v["area"], 0)),
            "rent_fits": lambda v: (
                self.env._("rent %(rent)s ≤ %(max)s", rent=number(v["rent"]), max=number(v["max"]))
                if v["max"]
                else self.env._("rent %(rent)s", rent=number(v["rent"]))
            ),
            "rent_above": lambda v: self.env._(
                "rent %(rent)s above %(max)s", rent=number(v["rent"]), max=number(v["max"])
            ),
            "preferred_quarter": lambda _v: self.env._("preferred quarter"),
            "use_fits": lambda _v: self.env._("suitable use"),
            "ground_floor": lambda _v: self.env._("ground floor"),
            "step_free": lambda _v: self.env._("step-free"),
            "shop_window": lambda _v: self.env._("shop window"),
        }
        return ", ".join(texts[code](values) for code, values in reasons)

    @api.model
    def _open_for_settlement(self, settlement):
        matches = self.create(
            [
                {
                    "settlement_id": settlement.id,
                    "premises_id": premises.id,
                    "score": score,
                    "match_reasons": self._format_reasons(reasons),
                }
                for premises, score, reasons in settlement._match_premises()
            ]
        )
        return self._action(matches, self.env._("Premises for %(case)s", case=settlement.name), "premises")

    @api.model
    def _settlement_candidate_domain(self, premises):
        """Open cases whose hard requirements this unit meets (with the same tolerances)."""
        area = premises.area_m2
        domain = (
            Domain("is_won", "=", False)
            & Domain("is_lost", "=", False)
            & Domain("company_id", "=", premises.company_id.id)
            & (Domain("area_min", "=", 0) | Domain("area_min", "<=", area / (1 - AREA_TOLERANCE)))
            & (Domain("area_max", "=", 0) | Domain("area_max", ">=", area / (1 + AREA_TOLERANCE)))
            & (
                Domain("rent_max_per_m2", "=", 0)
                | Domain("rent_max_per_m2", ">=", premises.rent_per_m2 / (1 + RENT_TOLERANCE))
            )
            & (Domain("use_type_ids", "=", False) | Domain("use_type_ids", "in", premises.use_type_ids.ids))
            & Domain("proposal_ids", "not any", [("premises_id", "=", premises.id)])
        )
        for needed, has in (
            ("ground_floor_needed", premises.is_ground_floor),
            ("step_free_needed", premises.is_step_free),
            ("shop_window_needed", premises.has_shop_window),
        ):
            if not has:
                domain &= Domain(needed, "=", False)
        return domain

    @api.model
    def _open_for_premises(self, premises):
        cases = self.env["district.settlement"].search(self._settlement_candidate_domain(premises), limit=500)
        values = premises._matching_values()
        ranked = sorted(
            ((case, *score_premises(case._requirements(), values)) for case in cases),
            key=lambda item: -item[1],
        )[:20]
        matches = self.create(
            [
                {
                    "settlement_id": case.id,
                    "premises_id": premises.id,
                    "score": score,
                    "match_reasons": self._format_reasons(reasons),
                }
                for case, score, reasons in ranked
            ]
        )
        return self._action(matches, self.env._("Interested companies for %(unit)s", unit=premises.name), "case")

    def _action(self, matches, title, view_kind):
        view = self.env.ref(f"district_economy.district_settlement_match_view_list_{view_kind}")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "view_mode": "list",
            "views": [(view.id, "list")],
            "domain": [("id", "in", matches.ids)],
            "target": "current",
        }

    def action_propose(self):
        """Propose the unit to the case (one click in the result list)."""
        for match in self.filtered(lambda m: not m.is_proposed):
            self.env["district.settlement.proposal"].create(
                {
                    "settlement_id": match.settlement_id.id,
                    "premises_id": match.premises_id.id,
                    "score": match.score,
                    "match_reasons": match.match_reasons,
                }
            )
            match.is_proposed = True
            match.settlement_id._advance_to_stage("district_economy.settlement_stage_proposed")
        if len(self) != 1:
            return None
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(unit)s proposed to %(case)s; the case is in stage %(stage)s.",
                    unit=self.premises_id.name,
                    case=self.settlement_id.name,
                    stage=self.settlement_id.stage_id.name,
                ),
                # Redraw the result list so the unit shows as proposed.
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
