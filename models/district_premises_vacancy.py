from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistrictPremisesVacancy(models.Model):
    """One period in which a unit stood empty, from becoming vacant until let (or withdrawn).

    The period keeps the unit's address as it was (its stamp), so its quarter and
    programme area stay those it was counted in; only a rule correction changes
    them. An open period follows corrections of its unit's address.
    """

    _name = "district.premises.vacancy"
    _description = "Premises Vacancy Period"
    _inherit = ["district.located.mixin"]
    _order = "date_from desc, id desc"
    _district_address_fields = ("stamp_street", "stamp_zip", "stamp_city")
    _district_date_field = "date_from"

    premises_id = fields.Many2one("district.premises", required=True, index=True, ondelete="cascade")
    date_from = fields.Date(string="Vacant since", required=True)
    date_to = fields.Date(string="Vacant until")
    ended_by = fields.Selection(
        [("let", "Let"), ("unavailable", "Withdrawn from the market"), ("archived", "Archived")], string="Ended"
    )
    duration_days = fields.Integer(string="Days vacant", compute="_compute_duration_days")
    stamp_street = fields.Char(string="Street at the time")
    stamp_zip = fields.Char(string="ZIP at the time")
    stamp_city = fields.Char(string="City at the time")
    area_m2 = fields.Float(related="premises_id.area_m2", store=True, aggregator="sum")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.depends("date_from", "date_to")
    def _compute_duration_days(self):
        today = fields.Date.context_today(self)
        for period in self:
            period.duration_days = ((period.date_to or today) - period.date_from).days if period.date_from else 0

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for period in self:
            if period.date_to and period.date_to < period.date_from:
                raise ValidationError(
                    self.env._(
                        "A vacancy cannot end (%(end)s) before it began (%(start)s).",
                        end=period.date_to,
                        start=period.date_from,
                    )
                )
