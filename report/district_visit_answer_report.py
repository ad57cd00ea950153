from odoo import fields, models


class DistrictVisitAnswerReport(models.Model):
    """The choices made in the visit questionnaires, per question and answer, for pivot and graph.

    One row per answer chosen (or number given) in the completed questionnaire of a
    visit, with the visit's campaign, day, coordinator and the location stamped at the
    visit, and the business's sector. Free-text answers are left out: they are personal
    data and stay with coordinators and managers on the visit. "Businesses" counts each
    business once per cell.
    """

    _name = "district.visit.answer.report"
    _description = "Visit Questionnaire Answers"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "question_id"
    _depends = {
        "survey.user_input": ["state", "district_visit_id", "test_entry"],
        "survey.user_input.line": [
            "user_input_id",
            "question_id",
            "suggested_answer_id",
            "answer_type",
            "skipped",
            "value_numerical_box",
            "value_scale",
        ],
        "district.visit": [
            "campaign_id",
            "partner_id",
            "user_id",
            "date",
            "state",
            "user_input_id",
            "quarter_id",
            "programme_area_id",
            "company_id",
        ],
        "district.quarter": ["borough_id"],
        "res.partner": ["industry_id"],
    }

    survey_id = fields.Many2one("survey.survey", string="Questionnaire", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    answer_id = fields.Many2one("survey.question.answer", readonly=True)
    value_number = fields.Float(string="Number given", readonly=True, aggregator="avg")
    visit_id = fields.Many2one("district.visit", readonly=True)
    campaign_id = fields.Many2one("district.visit.campaign", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Businesses", readonly=True, aggregator="count_distinct")
    user_id = fields.Many2one("res.users", string="Coordinator", readonly=True)
    date = fields.Date(string="Visit day", readonly=True)
    quarter_id = fields.Many2one("district.quarter", readonly=True)
    borough_id = fields.Many2one("district.borough", readonly=True)
    programme_area_id = fields.Many2one("district.programme.area", string="Programme area", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", string="Sector", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        # Only the visit's current questionnaire counts (a restarted one replaces the first), and only
        # choices and numbers: free-text lines (text boxes and comments) never enter this view.
        return """
            SELECT line.id, answer.survey_id, line.question_id,
                   CASE WHEN line.answer_type = 'suggestion' THEN line.suggested_answer_id END AS answer_id,
                   CASE line.answer_type
                        WHEN 'numerical_box' THEN line.value_numerical_box
                        WHEN 'scale' THEN line.value_scale::float
                   END AS value_number,
                   visit.id AS visit_id, visit.campaign_id, visit.partner_id, visit.user_id, visit.date,
                   visit.quarter_id, quarter.borough_id, visit.programme_area_id, business.industry_id,
                   visit.company_id
              FROM survey_user_input_line line
              JOIN survey_user_input answer ON answer.id = line.user_input_id
              JOIN district_visit visit ON visit.user_input_id = answer.id
              JOIN res_partner business ON business.id = visit.partner_id
         LEFT JOIN district_quarter quarter ON quarter.id = visit.quarter_id
             WHERE answer.state = 'done'
               AND answer.test_entry IS NOT TRUE
               AND visit.state = 'visited'
               AND line.skipped IS NOT TRUE
               AND line.answer_type IN ('suggestion', 'numerical_box', 'scale')
        """
