from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .district_business_flag import FLAG_TYPES

CHOICE_QUESTION_TYPES = ("simple_choice", "multiple_choice")


class DistrictBusinessFlagRule(models.Model):
    """Raises an early warning when a visit's questionnaire has one of the rule's answers.

    Example: "Plans for the next two years" answered "Close the business" raises
    "Closure risk". A business gets no second unresolved warning of the same type:
    the new visit is then noted on the open one.
    """

    _name = "district.business.flag.rule"
    _description = "Early Warning Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        required=True,
        ondelete="cascade",
        domain=[("survey_type", "=", "district_visit")],
        default=lambda self: self.env.ref("district_economy.survey_location_survey", raise_if_not_found=False),
    )
    question_id = fields.Many2one(
        "survey.question",
        required=True,
        ondelete="cascade",
        domain="[('survey_id', '=', survey_id), ('question_type', 'in', ('simple_choice', 'multiple_choice'))]",
    )
    answer_ids = fields.Many2many(
        "survey.question.answer",
        string="Answers",
        required=True,
        domain="[('question_id', '=', question_id)]",
        help="The warning is raised when any of these answers is chosen.",
    )
    flag_type = fields.Selection(FLAG_TYPES, string="Raises", required=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="The office whose visits the rule applies to; empty for every office (the shipped rules).",
    )
    active = fields.Boolean(default=True)

    @api.depends("question_id.title", "flag_type")
    def _compute_display_name(self):
        labels = dict(self._fields["flag_type"]._description_selection(self.env))
        for rule in self:
            rule.display_name = " → ".join(
                part for part in (rule.question_id.title, labels.get(rule.flag_type)) if part
            )

    @api.constrains("survey_id", "question_id", "answer_ids")
    def _check_question(self):
        for rule in self:
            if rule.question_id.survey_id != rule.survey_id:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the question %(question)s is not part of the questionnaire %(survey)s.",
                        rule=rule.display_name,
                        question=rule.question_id.title,
                        survey=rule.survey_id.display_name,
                    )
                )
            if rule.question_id.question_type not in CHOICE_QUESTION_TYPES:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: only questions with answers to choose from can raise early warnings; "
                        "%(question)s is answered in free text or numbers.",
                        rule=rule.display_name,
                        question=rule.question_id.title,
                    )
                )
            foreign = rule.answer_ids.filtered(lambda answer, rule=rule: answer.question_id != rule.question_id)
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(answers)s are no answers to the question %(question)s.",
                        rule=rule.display_name,
                        answers=", ".join(foreign.mapped("value")),
                        question=rule.question_id.title,
                    )
                )

    @api.model
    def _apply_to_answer(self, user_input, visit):
        """Raise the early warnings the completed ``user_input`` of ``visit`` calls for; return them.

        Runs as the system: the questionnaire is completed through the survey pages, and
        what a rule raises does not depend on who filled it in.
        """
        Flag = self.env["district.business.flag"].sudo()
        chosen = user_input.sudo().user_input_line_ids.filtered(lambda line: not line.skipped).suggested_answer_id
        rules = self.sudo().search(
            [("survey_id", "=", user_input.survey_id.id), ("company_id", "in", [False, visit.company_id.id])]
        )
        raised = Flag
        for rule in rules.filtered(lambda rule: rule.answer_ids & chosen):
            if raised.filtered(lambda flag, rule=rule: flag.flag_type == rule.flag_type):
                continue
            existing = Flag.search(
                [
                    ("partner_id", "=", visit.partner_id.id),
                    ("flag_type", "=", rule.flag_type),
                    ("state", "!=", "resolved"),
                    ("company_id", "=", visit.company_id.id),
                ],
                limit=1,
            )
            if existing:
                existing.message_post(
                    body=self.env._(
                        "Confirmed at the visit %(visit)s (rule %(rule)s).",
                        visit=visit.display_name,
                        rule=rule.display_name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            raised |= Flag.create(
                {
                    "flag_type": rule.flag_type,
                    "partner_id": visit.partner_id.id,
                    "date": visit.date,
                    "source": "rule",
                    "rule_id": rule.id,
                    "visit_id": visit.id,
                    "user_id": (visit.user_id or self.env.user).id,
                    "company_id": visit.company_id.id,
                }
            )
        return raised
