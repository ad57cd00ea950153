from odoo import api, fields, models


class SurveySurvey(models.Model):
    """Questionnaires for business visits are a survey type of their own, as recruitment's are.

    Survey's own record rules show answers only of its own survey types to survey users and
    managers: the answers of businesses stay with the district groups (see the district rules).
    """

    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[("district_visit", "Business visit")], ondelete={"district_visit": "set default"}
    )

    @api.depends("survey_type")
    @api.depends_context("uid")
    def _compute_allowed_survey_types(self):  # pylint: disable=missing-return
        super()._compute_allowed_survey_types()
        if self.env.user.has_group("district_economy.group_district_manager"):
            self.allowed_survey_types = [*(self.allowed_survey_types or []), "district_visit"]
