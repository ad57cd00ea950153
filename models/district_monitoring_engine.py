"""Figures of a period for a programme area, per quarter x sector and in total.

Flows (openings, consultations, settlements, fundings, ...) come from the
monitoring SQL view with `_read_group`; stocks are counted at the period's last
day: active businesses as the sum of the business events up to that day (so that
active at end = active at start + openings + recorded - closures + moves in - moves
out, DOMAIN.md), vacant units from the vacancy periods, known units from the
inventory. Totals are computed by the database on their own, never by adding up
quarter lines, so that each enterprise counts once (ERDF) and distinct counts stay right.
"""

from odoo import api, models
from odoo.fields import Domain

from .district_funding import APPROVED_STATES

# (key, label, kind): kind "flow" sums over the period, "distinct" counts businesses once,
# "stock" is measured on the last day, "ratio" is derived.
INDICATORS = [
    ("active_businesses", "Active businesses at period end", "stock"),
    ("businesses_per_1000", "Active businesses per 1,000 inhabitants", "ratio"),
    ("opening_count", "Openings", "flow"),
    ("recorded_count", "Recorded without opening date", "flow"),
    ("closing_count", "Closures", "flow"),
    ("moved_in_count", "Moved in", "flow"),
    ("moved_out_count", "Moved out", "flow"),
    ("vacant_premises", "Vacant premises at period end", "stock"),
    ("known_premises", "Known premises at period end", "stock"),
    ("vacancy_rate", "Vacancy rate (%)", "ratio"),
    ("vacancy_rate_area", "Vacancy rate by floor area (%)", "ratio"),
    ("consultation_count", "Consultations", "flow"),
    ("reached", "Businesses and founders reached", "distinct"),
    ("settlement_count", "Settlements won", "flow"),
    ("settlement_jobs_created", "Settlements: jobs created", "flow"),
    ("settlement_jobs_secured", "Settlements: jobs secured", "flow"),
    ("settlement_investment", "Settlements: investment", "flow"),
    ("grant_paid", "Grants paid", "flow"),
    ("funding_investment", "RCR02 private investment", "flow"),
    ("funding_jobs_created", "RCR01 jobs created", "flow"),
    ("funding_jobs_secured", "Fundings: jobs secured", "flow"),
    ("leverage", "Leverage (investment per euro paid)", "ratio"),
    ("rco01", "RCO01 enterprises supported", "distinct"),
    ("rco02", "RCO02 enterprises supported by grants", "distinct"),
    ("rco04", "RCO04 enterprises with non-financial support", "distinct"),
    ("rco01_cumulative", "RCO01 enterprises supported since the programme started", "distinct"),
    ("rco02_cumulative", "RCO02 enterprises supported by grants since the programme started", "distinct"),
    ("rco04_cumulative", "RCO04 enterprises with non-financial support since the programme started", "distinct"),
]
INDICATOR_SELECTION = [(key, label) for key, label, _kind in INDICATORS]
# How a figure is written: whole numbers, amounts in the currency, percentages, or a plain ratio.
AMOUNT_INDICATORS = {"settlement_investment", "grant_paid", "funding_investment"}
PERCENT_INDICATORS = {"vacancy_rate", "vacancy_rate_area"}
RATIO_INDICATORS = {"leverage", "businesses_per_1000"}
# Flows that add up across quarters and sectors; moves do not (a move between two quarters of
# the area is none for the area), nor do stocks, distinct counts and ratios.
ADDITIVE_INDICATORS = {
    key for key, _label, kind in INDICATORS if kind == "flow" and key not in ("moved_in_count", "moved_out_count")
}
# Targets where a lower value is the better one.
LOWER_IS_BETTER = {"vacancy_rate", "vacancy_rate_area", "vacant_premises", "closing_count", "moved_out_count"}


def indicator_format(indicator):
    """'amount', 'percent', 'ratio' or 'count': how the figure of an indicator is written."""
    if indicator in AMOUNT_INDICATORS:
        return "amount"
    if indicator in PERCENT_INDICATORS:
        return "percent"
    if indicator in RATIO_INDICATORS:
        return "ratio"
    return "count"


FLOW_FIELDS = [key for key, _label, kind in INDICATORS if kind == "flow"]
DISTINCT_FIELDS = {
    "reached": "reached_partner_id",
    "rco01": "supported_company_id",
    "rco02": "grant_company_id",
    "rco04": "non_financial_company_id",
}
# ERDF reports cumulate: each enterprise once from the programme's start to the period's end.
CUMULATIVE_FIELDS = {
    "rco01_cumulative": "supported_company_id",
    "rco02_cumulative": "grant_company_id",
    "rco04_cumulative": "non_financial_company_id",
}
LEVELS = [("detail", ["quarter_id", "industry_id"]), ("quarter", ["quarter_id"]), ("total", [])]
# The programme area counts only the moves that cross its boundary; quarters count both halves of every move.
AREA_FLOW_COLUMNS = {"moved_in_count": "moved_in_area_count", "moved_out_count": "moved_out_area_count"}


class DistrictMonitoringEngine(models.AbstractModel):
    _name = "district.monitoring.engine"
    _description = "Monitoring Figures Engine"

    @api.model
    def _compute_figures(self, date_from, date_to, programme_area, company, cumulative_from=None):
        """Return {(level, quarter_id, industry_id): {indicator: value}}.

        Levels: "detail" (quarter x sector), "quarter" (all sectors of a quarter) and
        "total" (the programme area). Each level is counted by the database on its own,
        so distinct counts (each enterprise once) stay right at every level. The
        cumulative RCO figures count from ``cumulative_from`` (default: the programme
        area's first day of validity; none known: from the beginning) to ``date_to``.
        """
        figures = {}

        def add(key, indicator, value):
            values = figures.setdefault(key, {})
            values[indicator] = values.get(indicator, 0) + (value or 0)

        report = self.env["district.monitoring.report"].sudo()
        domain = Domain("date", ">=", date_from) & Domain("date", "<=", date_to)
        domain &= Domain("company_id", "=", company.id)
        if programme_area:
            domain &= Domain("programme_area_id", "=", programme_area.id)
        indicators = FLOW_FIELDS + list(DISTINCT_FIELDS)
        for level, groupby in LEVELS:
            columns = AREA_FLOW_COLUMNS if level == "total" else {}
            aggregates = [f"{columns.get(name, name)}:sum" for name in FLOW_FIELDS] + [
                f"{field}:count_distinct" for field in DISTINCT_FIELDS.values()
            ]
            for *groups, values in self._grouped(report, domain, groupby, aggregates):
                for indicator, value in zip(indicators, values, strict=True):
                    add(self._key(level, groups), indicator, value)

        start = cumulative_from or (programme_area.date_from if programme_area else None)
        cumulative_domain = Domain("date", "<=", date_to) & Domain("company_id", "=", company.id)
        if start:
            cumulative_domain &= Domain("date", ">=", start)
        if programme_area:
            cumulative_domain &= Domain("programme_area_id", "=", programme_area.id)
        aggregates = [f"{field}:count_distinct" for field in CUMULATIVE_FIELDS.values()]
        for level, groupby in LEVELS:
            for *groups, values in self._grouped(report, cumulative_domain, groupby, aggregates):
                for indicator, value in zip(CUMULATIVE_FIELDS, values, strict=True):
                    add(self._key(level, groups), indicator, value)

        self._add_leverage(add, date_from, date_to, programme_area, company)
        self._add_stocks(add, date_to, programme_area, company)
        self._add_businesses_per_1000(figures, date_to, programme_area)
        for values in figures.values():
            self._add_ratios(values)
        return figures

    def _grouped(self, model, domain, groupby, aggregates):
        """_read_group rows as (*groups, [aggregate values])."""
        for row in model._read_group(domain, groupby, aggregates):
            yield (*row[: len(groupby)], list(row[len(groupby) :]))

    def _key(self, level, groups):
        quarter = groups[0].id if groups else False
        industry = groups[1].id if len(groups) > 1 else False
        return (level, quarter, industry)

    def _add_leverage(self, add, date_from, date_to, programme_area, company):
        """Leverage: private investment of the fundings paid in the period over the grants paid in the period.

        Both sides rest on the same fundings, those with a payment in the period: each
        one's investment once, over its payments of the period. An approval not yet paid
        adds to neither side, and no ratio per funding is averaged (DOMAIN.md). Archived
        fundings count for the periods in which they were real.
        """
        in_period = Domain("date", ">=", date_from) & Domain("date", "<=", date_to)
        fundings = Domain("state", "in", APPROVED_STATES) & Domain("company_id", "=", company.id)
        if programme_area:
            fundings &= Domain("programme_area_id", "=", programme_area.id)
        payment_model = self.env["district.funding.payment"].sudo()
        funding_model = self.env["district.funding"].sudo().with_context(active_test=False)
        payments_in_period = in_period & Domain("funding_id", "any", fundings)
        paid_in_period = fundings & Domain("payment_ids", "any", in_period)
        for level, level_groupby in LEVELS:
            # A funding's sector is its beneficiary's, as in the monitoring report.
            groupby = [f"partner_id.{name}" if name == "industry_id" else name for name in level_groupby]
            paid = {
                self._key(level, groups): amount
                for *groups, (amount,) in self._grouped(payment_model, payments_in_period, groupby, ["amount:sum"])
            }
            for *groups, (investment,) in self._grouped(
                funding_model, paid_in_period, groupby, ["investment_actual:sum"]
            ):
                key = self._key(level, groups)
                if paid.get(key):
                    add(key, "leverage", round(investment / paid[key], 2))

    def _add_stocks(self, add, day, programme_area, company):
        area_domain = Domain("programme_area_id", "=", programme_area.id) if programme_area else Domain.TRUE
        for key, count in self._active_businesses(day, programme_area, company).items():
            add(key, "active_businesses", count)

        # Premises have no sector: vacancies are counted per quarter and in total.
        vacancies = self.env["district.premises.vacancy"].sudo()
        vacant_domain = (
            Domain("date_from", "<=", day)
            & (Domain("date_to", "=", False) | Domain("date_to", ">", day))
            & Domain("company_id", "=", company.id)
            & area_domain
        )
        # Archived units were known until the day they were archived (their vacancy ends that day too).
        premises = self.env["district.premises"].sudo().with_context(active_test=False)
        known_domain = (
            (Domain("known_since", "=", False) | Domain("known_since", "<=", day))
            & (Domain("date_archived", "=", False) | Domain("date_archived", ">", day))
            # A unit reported by the public and not yet confirmed counts in no figure.
            & Domain("state", "!=", "reported")
            & Domain("company_id", "=", company.id)
            & area_domain
        )
        for level, groupby in LEVELS[1:]:
            for *groups, (count, area) in self._grouped(vacancies, vacant_domain, groupby, ["__count", "area_m2:sum"]):
                add(self._key(level, groups), "vacant_premises", count)
                add(self._key(level, groups), "vacant_area", area)
            for *groups, (count, area) in self._grouped(premises, known_domain, groupby, ["__count", "area_m2:sum"]):
                add(self._key(level, groups), "known_premises", count)
                add(self._key(level, groups), "known_area", area)

    @api.model
    def _active_businesses(self, day, programme_area, company):
        """{(level, quarter_id, industry_id): businesses active at the end of ``day``}, read from the event log.

        Each event located in the area adds its ``stock_delta``; both halves of a move
        inside the area are in it and cancel out. A sector change moves a business
        from its previous sector to its new one within its quarter.
        """
        events = self.env["district.business.event"].sudo()
        domain = Domain("date", "<=", day) & Domain("company_id", "=", company.id)
        if programme_area:
            domain &= Domain("programme_area_id", "=", programme_area.id)
        stocks = {}
        for level, groupby in LEVELS:
            for *groups, (delta,) in self._grouped(events, domain, groupby, ["stock_delta:sum"]):
                stocks[self._key(level, groups)] = delta
        changes = domain & Domain("event_type", "=", "sector_change")
        groupby = ["quarter_id", "industry_id", "previous_industry_id"]
        for quarter, industry, previous, (count,) in self._grouped(events, changes, groupby, ["__count"]):
            for sector, sign in ((industry, 1), (previous, -1)):
                key = ("detail", quarter.id, sector.id)
                stocks[key] = stocks.get(key, 0) + sign * count
        return stocks

    def _add_businesses_per_1000(self, figures, day, programme_area):
        """Active businesses at ``day`` per 1,000 inhabitants, per quarter and for the programme area.

        The population is that of ``day``'s year, else of the latest earlier year
        known. A quarter's figure is given only where the whole quarter is counted
        (no programme area, or a quarter wholly inside it): the businesses of a quarter
        partly inside are only those inside, its inhabitants all of them. The area's
        figure needs the area's own population (entered on the programme area).
        """
        population = self.env["district.population"]
        quarters = self.env["district.quarter"].browse(
            quarter_id for level, quarter_id, _industry in figures if level == "quarter" and quarter_id
        )
        if programme_area:
            quarters &= programme_area.quarter_ids
        by_quarter = population._latest(day.year, "quarter_id", quarters)
        rows = {("quarter", quarter_id, False): row for quarter_id, row in by_quarter.items()}
        if programme_area:
            area_row = population._latest(day.year, "programme_area_id", programme_area).get(programme_area.id)
            if area_row:
                rows["total", False, False] = area_row
        for key, row in rows.items():
            values = figures.get(key)
            if values is not None and row.population:
                values["businesses_per_1000"] = round(1000.0 * values.get("active_businesses", 0) / row.population, 2)

    def _add_ratios(self, values):
        if values.get("known_premises"):
            values["vacancy_rate"] = round(100.0 * values.get("vacant_premises", 0) / values["known_premises"], 1)
        if values.get("known_area"):
            values["vacancy_rate_area"] = round(100.0 * values.get("vacant_area", 0) / values["known_area"], 1)
        values.pop("vacant_area", None)
        values.pop("known_area", None)
