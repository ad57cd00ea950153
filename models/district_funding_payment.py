from odoo import fields, models


class DistrictFundingPayment(models.Model):
    """A payment of a grant to its beneficiary, on the day it was paid.

    Payments date a funding in the indicators: it counts for RCO02 in every
    period in which one of its payments fell, and grants paid and leverage add
    up the payments of the period. The funding's location, programme and
    beneficiary are stored here too, so reports filter payments without a join.
    """

    _name = "district.funding.payment"
    _description = "Funding Payment"
    _order = "date desc, id desc"

    funding_id = fields.Many2one("district.funding", required=True, index=True, ondelete="cascade")
    date = fields.Date(string="Paid on", required=True, index=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one(related="funding_id.currency_id")
    company_id = fields.Many2one(related="funding_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="funding_id.partner_id", string="Beneficiary", store=True, index=True)
    programme_id = fields.Many2one(related="funding_id.programme_id", store=True, index=True)
    quarter_id = fields.Many2one(related="funding_id.quarter_id", store=True, index=True)
    programme_area_id = fields.Many2one(related="funding_id.programme_area_id", store=True, index=True)

    _amount_positive = models.Constraint(
        "CHECK (amount > 0)", "Enter an amount above zero for each payment, or delete the payment."
    )
