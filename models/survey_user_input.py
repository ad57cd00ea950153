from odoo import fields, models


class SurveyUserInput(models.Model):
    """An answered questionnaire linked to the business visit it was filled in at, as core's
    ``hr_recruitment_survey`` links answers to applicants."""

    _inherit = "survey.user_input"

    district_visit_id = fields.Many2one("district.visit", string="Business visit", index="btree_not_null")
    district_partner_id = fields.Many2one(
        "res.partner", string="Visited business", index="btree_not_null", ondelete="set null"
    )

    def _mark_done(self):
        result = super()._mark_done()
        for user_input in self.filtered(lambda answer: answer.district_visit_id and not answer.test_entry):
            visit = user_input.district_visit_id.sudo()
            visit._survey_completed(user_input)
        return result
