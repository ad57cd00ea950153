import io
from datetime import date

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import parse_read_group_spec
from odoo.tools import SQL
from odoo.tools.misc import format_date, formatLang

from .district_monitoring_engine import ADDITIVE_INDICATORS, INDICATOR_SELECTION, INDICATORS, indicator_format
from .district_target import TARGET_DIRECTIONS
from .handover_archive import in_handover

FIGURE_FORMATS = [("count", "Number"), ("amount", "Amount"), ("percent", "Percentage"), ("ratio", "Ratio")]
# Measures of a report line that a pivot may show, and the lines each is shown for (None: all);
# see DistrictMonitoringSnapshotLine._read_group_select.
FIGURE_MEASURES = {
    "value": None,
    "count_value": "count",
    "amount_value": "amount",
    "percent_value": "percent",
    "ratio_value": "ratio",
    "achievement_ratio": "target",
}


class DistrictMonitoringSnapshot(models.Model):
    """The figures of a period frozen at a reporting date, so a report sent to the funder stays reproducible.

    Draft snapshots can be recomputed; final ones cannot be changed or deleted.
    """

    _name = "district.monitoring.snapshot"
    _description = "Monitoring Report"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False, required=True, precompute=True)
    date_from = fields.Date(
        string="Period from", required=True, default=lambda self: date(fields.Date.today().year - 1, 1, 1)
    )
    date_to = fields.Date(
        string="Period until", required=True, default=lambda self: date(fields.Date.today().year - 1, 12, 31)
    )
    programme_area_id = fields.Many2one(
        "district.programme.area",
        string="Programme area",
        required=True,
        default=lambda self: self._default_programme_area_id(),
    )
    cumulative_from = fields.Date(
        string="Cumulative since",
        compute="_compute_cumulative_from",
        store=True,
        readonly=False,
        precompute=True,
        help="Start of the programme from which the cumulative ERDF figures (RCO01/02/04) count each enterprise "
        "once; by default the first day of the programme area.",
    )
    state = fields.Selection([("draft", "Draft"), ("final", "Final")], default="draft", required=True, tracking=True)
    date_frozen = fields.Datetime(string="Figures as of", readonly=True, tracking=True)
    line_ids = fields.One2many("district.monitoring.snapshot.line", "snapshot_id", string="Figures")
    total_line_ids = fields.One2many(
        "district.monitoring.snapshot.line", "snapshot_id", domain=[("level", "=", "total")], string="Totals"
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    @api.model
    def _default_programme_area_id(self):
        """The area a coordinator reports on: the first active one whose boundary still applies, else the first."""
        Area = self.env["district.programme.area"]
        today = fields.Date.context_today(self)
        current = Area.search(["|", ("date_to", "=", False), ("date_to", ">=", today)], limit=1)
        return current or Area.search([], limit=1)

    @api.depends("programme_area_id", "date_from", "date_to")
    def _compute_name(self):
        for snapshot in self:
            start, end = snapshot.date_from, snapshot.date_to
            is_calendar_year = start and end and start == date(start.year, 1, 1) and end == date(start.year, 12, 31)
            if is_calendar_year:
                period = str(start.year)
            else:
                period = f"{format_date(self.env, start)} – {format_date(self.env, end)}"
            snapshot.name = f"{snapshot.programme_area_id.name or ''} {period}".strip()

    @api.depends("programme_area_id")
    def _compute_cumulative_from(self):
        for snapshot in self:
            snapshot.cumulative_from = snapshot.programme_area_id.date_from

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for snapshot in self:
            if snapshot.date_from > snapshot.date_to:
                raise ValidationError(self.env._("The reporting period cannot end before it begins."))

    @api.constrains("programme_area_id", "date_from", "date_to", "company_id", "state")
    def _check_one_draft_per_period(self):
        """A second draft for the same area and period would be a rival version of the same report."""
        for snapshot in self.filtered(lambda snapshot: snapshot.state == "draft"):
            if self.search_count(
                [
                    ("id", "!=", snapshot.id),
                    ("state", "=", "draft"),
                    ("programme_area_id", "=", snapshot.programme_area_id.id),
                    ("date_from", "=", snapshot.date_from),
                    ("date_to", "=", snapshot.date_to),
                    ("company_id", "=", snapshot.company_id.id),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "There is already a draft report for %(area)s from %(date_from)s to %(date_to)s: open it "
                        "and compute its figures again instead of creating a second one.",
                        area=snapshot.programme_area_id.display_name,
                        date_from=format_date(self.env, snapshot.date_from),
                        date_to=format_date(self.env, snapshot.date_to),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # The one exception to "frozen means frozen": a verified hand-over archive recreates final reports.
        if any(vals.get("state", "draft") != "draft" for vals in vals_list) and not in_handover(self.env):
            raise UserError(
                self.env._("A report is created as a draft: compute its figures, then a manager finalises it.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if any(snapshot.state == "final" for snapshot in self) and set(vals) - {"message_main_attachment_id"}:
            raise UserError(
                self.env._("A final report cannot be changed: it is what was sent. Create a new draft report.")
            )
        if "state" in vals and not self.env.context.get("district_finalising"):
            raise UserError(
                self.env._("A report is finalised only with the 'Finalise' button, by a District Economy manager.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_final(self):
        if any(snapshot.state == "final" for snapshot in self):
            raise UserError(self.env._("A final report cannot be deleted: it is what was sent."))

    def action_compute(self):
        """(Re)compute the figures of draft reports from the current records."""
        engine = self.env["district.monitoring.engine"]
        targets = self.env["district.target"].sudo()
        for snapshot in self:
            if snapshot.state != "draft":
                raise UserError(self.env._("Only draft reports can be recomputed."))
            figures = engine._compute_figures(
                snapshot.date_from,
                snapshot.date_to,
                snapshot.programme_area_id,
                snapshot.company_id,
                cumulative_from=snapshot.cumulative_from,
            )
            lines = []
            for (level, quarter_id, industry_id), values in figures.items():
                quarter = self.env["district.quarter"].browse(quarter_id)
                for indicator, value in values.items():
                    # Targets are set for the area or a quarter, not per sector.
                    target = targets.browse()
                    if level != "detail":
                        target = targets._find(
                            indicator,
                            snapshot.date_from,
                            snapshot.date_to,
                            snapshot.programme_area_id,
                            quarter,
                            company=snapshot.company_id,
                        )
                    lines.append(
                        {
                            "snapshot_id": snapshot.id,
                            "level": level,
                            "quarter_id": quarter_id,
                            "industry_id": industry_id,
                            "indicator": indicator,
                            "value": value,
                            "target_value": target.target_value,
                            "target_direction": target.direction or "higher",
                            "has_target": bool(target),
                        }
                    )
            snapshot.line_ids.unlink()
            self.env["district.monitoring.snapshot.line"].create(lines)
            snapshot.date_frozen = fields.Datetime.now()
        return True

    def action_finalize(self):
        if not self.env.user.has_group("district_economy.group_district_manager"):
            raise AccessError(self.env._("Only District Economy managers can finalise a report."))
        for snapshot in self:
            if not snapshot.line_ids:
                raise UserError(self.env._("Compute the figures before finalising the report."))
        self.with_context(district_finalising=True).write({"state": "final"})

    def _totals(self):
        """[(indicator key, label, value, target, achievement %)] in the order of INDICATORS."""
        self.ensure_one()
        labels = dict(
            self.env["district.monitoring.snapshot.line"]._fields["indicator"]._description_selection(self.env)
        )
        by_indicator = {line.indicator: line for line in self.total_line_ids}
        rows = []
        for key, _label, _kind in INDICATORS:
            line = by_indicator.get(key)
            if line:
                rows.append(
                    (
                        key,
                        labels[key],
                        line.value,
                        line.target_value if line.has_target else None,
                        line.achievement if line.has_target else None,
                    )
                )
        return rows

    def _by_quarter(self):
        """{quarter: {indicator: value}} over all sectors, for the quarter table of the report."""
        self.ensure_one()
        table = {}
        for line in self.line_ids.filtered(lambda figure: figure.level == "quarter" and figure.quarter_id):
            table.setdefault(line.quarter_id, {})[line.indicator] = line.value
        return dict(sorted(table.items(), key=lambda item: item[0].code or ""))

    def _by_quarter_and_sector(self):
        """[(quarter, quarter x sector lines)] in quarter order, the lines by sector in the report's order."""
        self.ensure_one()
        detail = self.line_ids.filtered(lambda figure: figure.level == "detail" and figure.quarter_id)
        table = {}
        for line in detail.sorted(lambda figure: (figure.industry_id.name or "", figure.sequence)):
            table.setdefault(line.quarter_id, self.env["district.monitoring.snapshot.line"])
            table[line.quarter_id] |= line
        return sorted(table.items(), key=lambda item: item[0].code or "")

    def _format_figure(self, value, figure_format="count"):
        """A figure as the reader writes it: 12.345 (count), 1.234,50 € (amount), 12,5 % (percent), 2,95 (ratio)."""
        if figure_format == "amount":
            return formatLang(self.env, value, currency_obj=self.company_id.currency_id or self.env.company.currency_id)
        if figure_format == "percent":
            return f"{formatLang(self.env, value, digits=1)} %"
        if figure_format == "ratio":
            return formatLang(self.env, value, digits=2)
        return formatLang(self.env, round(value), digits=0)

    @api.readonly
    def action_view_figures(self):
        """This report's figures in pivot and graph, one report at a time."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "district_economy.district_monitoring_snapshot_line_action"
        )
        action["domain"] = [("snapshot_id", "=", self.id)]
        action["display_name"] = self.name
        action["context"] = {"pivot_row_groupby": ["indicator"]}
        return action

    @api.readonly
    def action_print(self):
        return self.env.ref("district_economy.action_report_monitoring").report_action(self)

    @api.readonly
    def action_print_html(self):
        """The report as a standalone HTML page with headings, table headers and its language: readable aloud."""
        self.ensure_one()
        report_name = self.env.ref("district_economy.action_report_monitoring_html").report_name
        return {"type": "ir.actions.act_url", "url": f"/report/html/{report_name}/{self.id}", "target": "new"}

    def action_export_xlsx(self):
        """The same figures as an XLSX workbook (xlsxwriter, which Odoo itself requires)."""
        self.ensure_one()
        if not self.env.user.has_group("district_economy.group_district_coordinator"):
            raise AccessError(self.env._("Only District Economy coordinators and managers can download reports."))
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.xlsx",
                "raw": self._xlsx_content(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/{attachment.id}?download=true", "target": "self"}

    def _xlsx_content(self):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        currency = self.company_id.currency_id.symbol or "€"
        formats = {
            "count": workbook.add_format({"num_format": "#,##0"}),
            "amount": workbook.add_format({"num_format": f'#,##0.00 "{currency}"'}),
            "percent": workbook.add_format({"num_format": '0.0 "%"'}),
            "ratio": workbook.add_format({"num_format": "0.00"}),
        }
        sheet = workbook.add_worksheet(self.env._("Overview"))
        sheet.write_row(0, 0, [self.name], bold)
        sheet.write_row(1, 0, [self.env._("Figures as of"), str(self.date_frozen or "")])
        sheet.write_row(
            3,
            0,
            [self.env._("Indicator"), self.env._("Value"), self.env._("Target"), self.env._("Achievement (%)")],
            bold,
        )
        for row, (key, label, value, target, achievement) in enumerate(self._totals(), start=4):
            number = formats[indicator_format(key)]
            sheet.write(row, 0, label)
            sheet.write_number(row, 1, value, number)
            if target is not None:
                sheet.write_number(row, 2, target, number)
                sheet.write_number(row, 3, achievement, formats["percent"])
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 3, 16)

        labels = dict(
            self.env["district.monitoring.snapshot.line"]._fields["indicator"]._description_selection(self.env)
        )
        sheet = workbook.add_worksheet(self.env._("Quarters and sectors"))
        sheet.write_row(
            0, 0, [self.env._("Quarter"), self.env._("Sector"), self.env._("Indicator"), self.env._("Value")], bold
        )
        detail = self.line_ids.filtered(lambda figure: figure.level == "detail").sorted(
            lambda figure: (figure.quarter_id.code or "", figure.industry_id.name or "", figure.indicator)
        )
        for row, line in enumerate(detail, start=1):
            sheet.write_row(
                row, 0, [line.quarter_id.display_name or "", line.industry_id.name or "", labels[line.indicator]]
            )
            sheet.write_number(row, 3, line.value, formats[line.figure_format])
        sheet.set_column(0, 2, 36)
        workbook.close()
        return output.getvalue()


class DistrictMonitoringSnapshotLine(models.Model):
    """One figure of a report: an indicator for a quarter x sector, or the total (no quarter, no sector)."""

    _name = "district.monitoring.snapshot.line"
    _description = "Monitoring Report Figure"
    _order = "snapshot_id, quarter_id, industry_id, sequence, id"

    snapshot_id = fields.Many2one("district.monitoring.snapshot", required=True, index=True, ondelete="cascade")
    state = fields.Selection(related="snapshot_id.state")
    quarter_id = fields.Many2one("district.quarter", index=True)
    borough_id = fields.Many2one(related="quarter_id.borough_id", store=True)
    industry_id = fields.Many2one("res.partner.industry", string="Sector", index=True)
    indicator = fields.Selection(INDICATOR_SELECTION, required=True, index=True)
    sequence = fields.Integer(compute="_compute_sequence", store=True, help="The indicator's place in the report.")
    value = fields.Float(digits=(16, 2), aggregator="sum")
    target_value = fields.Float(string="Target", digits=(16, 2))
    target_direction = fields.Selection(TARGET_DIRECTIONS, string="Better when", default="higher")
    has_target = fields.Boolean()
    achievement = fields.Float(
        string="Achievement (%)",
        compute="_compute_achievement",
        store=True,
        aggregator=None,
        help="How far the target is met: value / target, or target / value where lower is better.",
    )
    is_target_met = fields.Boolean(string="Target met", compute="_compute_achievement", store=True)
    level = fields.Selection(
        [("total", "Programme area"), ("quarter", "Quarter"), ("detail", "Quarter and sector")],
        required=True,
        default="detail",
        index=True,
    )
    company_id = fields.Many2one(related="snapshot_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    # The same figure once more, as a measure of its own kind, so that a pivot writes each the way it is read.
    figure_format = fields.Selection(FIGURE_FORMATS, compute="_compute_figure_measures", store=True)
    is_additive = fields.Boolean(compute="_compute_figure_measures", store=True)
    count_value = fields.Integer(string="Number", compute="_compute_figure_measures", store=True)
    amount_value = fields.Monetary(string="Amount", compute="_compute_figure_measures", store=True)
    percent_value = fields.Float(
        string="Percentage", compute="_compute_figure_measures", store=True, help="As a fraction: 0.125 is 12.5 %."
    )
    ratio_value = fields.Float(string="Ratio", digits=(16, 2), compute="_compute_figure_measures", store=True)
    achievement_ratio = fields.Float(string="Achievement", compute="_compute_achievement", store=True)
    value_display = fields.Char(string="Figure", compute="_compute_display_figures")
    target_display = fields.Char(string="Target figure", compute="_compute_display_figures")
    achievement_display = fields.Char(string="Achieved", compute="_compute_display_figures")

    @api.depends("indicator")
    def _compute_sequence(self):
        order = {key: index for index, (key, _label, _kind) in enumerate(INDICATORS)}
        for line in self:
            line.sequence = order.get(line.indicator, len(order))

    @api.depends("value", "target_value", "has_target", "target_direction")
    def _compute_achievement(self):
        for line in self:
            achievement, met = 0.0, False
            if line.has_target and line.target_direction == "lower":
                met = line.value <= line.target_value
                achievement = 100.0 * line.target_value / line.value if line.value else 100.0
            elif line.has_target and line.target_value:
                met = line.value >= line.target_value
                achievement = 100.0 * line.value / line.target_value
            line.achievement = round(achievement, 1)
            line.achievement_ratio = achievement / 100.0
            line.is_target_met = met

    @api.depends("indicator", "value")
    def _compute_figure_measures(self):
        for line in self:
            figure_format = indicator_format(line.indicator)
            line.figure_format = figure_format
            line.is_additive = line.indicator in ADDITIVE_INDICATORS
            line.count_value = round(line.value) if figure_format == "count" else 0
            line.amount_value = line.value if figure_format == "amount" else 0.0
            line.percent_value = line.value / 100.0 if figure_format == "percent" else 0.0
            line.ratio_value = line.value if figure_format == "ratio" else 0.0

    @api.depends("value", "target_value", "achievement", "has_target", "figure_format")
    def _compute_display_figures(self):
        for line in self:
            snapshot = line.snapshot_id
            line.value_display = snapshot._format_figure(line.value, line.figure_format)
            line.target_display = (
                snapshot._format_figure(line.target_value, line.figure_format) if line.has_target else ""
            )
            line.achievement_display = snapshot._format_figure(line.achievement, "percent") if line.has_target else ""

    def _read_group_select(self, aggregate_spec, query):
        """A figure of a report is never added to another unless adding is right.

        A group of lines shows the figure of its coarsest line (the programme area's
        total, else its quarter's), the single line it holds, or the sum of its quarter x
        sector lines where the indicator is a flow that adds up; otherwise nothing. And
        only within one report and one indicator: draft and final reports, or counts and
        amounts, are never summed together. Each kind of measure shows only the lines of
        its kind (a count is no amount), and the achievement only lines with a target.
        """
        fname, property_name, func = parse_read_group_spec(aggregate_spec)
        if fname not in FIGURE_MEASURES or property_name or func != "sum":
            return super()._read_group_select(aggregate_spec, query)
        column = self._field_to_sql(self._table, fname, query)
        shown_for = FIGURE_MEASURES[fname]
        if shown_for == "target":
            column = SQL("CASE WHEN %s THEN %s END", self._field_to_sql(self._table, "has_target", query), column)
        elif shown_for:
            figure_format = self._field_to_sql(self._table, "figure_format", query)
            column = SQL("CASE WHEN %s = %s THEN %s END", figure_format, shown_for, column)
        level = self._field_to_sql(self._table, "level", query)
        return SQL(
            """CASE WHEN COUNT(DISTINCT %(snapshot)s) = 1 AND COUNT(DISTINCT %(indicator)s) = 1 THEN COALESCE(
                   MAX(%(column)s) FILTER (WHERE %(level)s = 'total'),
                   CASE WHEN COUNT(DISTINCT %(quarter)s) = 1
                        THEN MAX(%(column)s) FILTER (WHERE %(level)s = 'quarter') END,
                   CASE WHEN COUNT(*) = 1 THEN MAX(%(column)s) END,
                   CASE WHEN BOOL_AND(%(additive)s AND %(level)s = 'detail') THEN SUM(%(column)s) END
               ) END""",
            snapshot=self._field_to_sql(self._table, "snapshot_id", query),
            indicator=self._field_to_sql(self._table, "indicator", query),
            quarter=self._field_to_sql(self._table, "quarter_id", query),
            additive=self._field_to_sql(self._table, "is_additive", query),
            column=column,
            level=level,
        )

    @api.model_create_multi
    def create(self, vals_list):
        snapshots = self.env["district.monitoring.snapshot"].browse({vals.get("snapshot_id") for vals in vals_list})
        if any(snapshot.state == "final" for snapshot in snapshots) and not in_handover(self.env):
            raise UserError(self.env._("No figure can be added to a final report."))
        return super().create(vals_list)

    def write(self, vals):
        target = self.env["district.monitoring.snapshot"].browse(vals.get("snapshot_id"))
        if any(line.state == "final" for line in self) or target.state == "final":
            raise UserError(self.env._("The figures of a final report cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_final(self):
        if any(line.state == "final" for line in self):
            raise UserError(self.env._("The figures of a final report cannot be deleted."))
