#!/usr/bin/env python3
"""Generate data/files/district_economy_dashboard.json, the dashboard shown in Odoo's Dashboards app.

Community has no spreadsheet editor, so the dashboard is written here as o-spreadsheet JSON
(the format of addons/spreadsheet_dashboard_*/data/files/) and shipped. It reads the
monitoring figures (district.monitoring.report) live: key figures per year (the trend),
per quarter, and two charts; a period and a programme area filter apply to all of them.
Run again after changing it: tools/gen_dashboard.py
"""

import json
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "files" / "district_economy_dashboard.json"
MODEL = "district.monitoring.report"
# Only what lies in a programme area: businesses elsewhere in the city are not the area's figures.
IN_PROGRAMME_AREA = [["programme_area_id", "!=", False]]
DATE_FILTER = "5c1f5d2e-7a4b-4d57-9b6e-1d2a3b4c5d01"
AREA_FILTER = "5c1f5d2e-7a4b-4d57-9b6e-1d2a3b4c5d02"
QUARTER_FILTER = "5c1f5d2e-7a4b-4d57-9b6e-1d2a3b4c5d03"
FIELD_MATCHING = {
    DATE_FILTER: {"chain": "date", "type": "date", "offset": 0},
    AREA_FILTER: {"chain": "programme_area_id", "type": "many2one"},
    QUARTER_FILTER: {"chain": "quarter_id", "type": "many2one"},
}
# Per year for a programme area: a move between two of its quarters is no move for the area.
KEY_MEASURES = [
    ("opening_count", "sum"),
    ("recorded_count", "sum"),
    ("closing_count", "sum"),
    ("moved_in_area_count", "sum"),
    ("moved_out_area_count", "sum"),
    ("consultation_count", "sum"),
    ("reached_partner_id", "count_distinct"),
    ("settlement_count", "sum"),
    ("grant_paid", "sum"),
    ("funding_investment", "sum"),
    ("funding_jobs_created", "sum"),
    ("supported_company_id", "count_distinct"),
]
# Per quarter: both halves of every move.
QUARTER_MEASURES = [
    ("opening_count", "sum"),
    ("recorded_count", "sum"),
    ("closing_count", "sum"),
    ("moved_in_count", "sum"),
    ("moved_out_count", "sum"),
    ("consultation_count", "sum"),
    ("reached_partner_id", "count_distinct"),
]


def measure(field, aggregator):
    # No userDefinedName: the headers show the field labels, translated like the rest of Odoo.
    return {"id": f"{field}:{aggregator}", "fieldName": field, "aggregator": aggregator}


def pivot(pivot_id, name, rows, measures, columns=()):
    return {
        "type": "ODOO",
        "id": str(pivot_id),
        "formulaId": str(pivot_id),
        "name": name,
        "model": MODEL,
        "domain": IN_PROGRAMME_AREA,
        "context": {},
        "rows": [{"fieldName": field} for field in rows],
        "columns": [{"fieldName": field} for field in columns],
        "measures": [measure(*item) for item in measures],
        "fieldMatching": FIELD_MATCHING,
    }


def chart(chart_id, title, group_by, measure_name, mode, *, source, x, y):
    """A chart anchored at the sheet's top left corner, placed by pixel offset.

    It reads only the facts of its own source: the report's other rows (a business opened in
    1990, say) would otherwise start its axis decades before its first figure, and slow it down.
    """
    return {
        "id": chart_id,
        "col": 0,
        "row": 0,
        "offset": {"x": x, "y": y},
        "width": 560,
        "height": 320,
        "tag": "chart",
        "data": {
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "metaData": {
                "groupBy": group_by,
                "measure": measure_name,
                "order": None,
                "resModel": MODEL,
                "mode": mode,
                "cumulatedStart": False,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": [*IN_PROGRAMME_AREA, ["source", "=", source]],
                "groupBy": group_by,
                "orderBy": [],
            },
            "type": f"odoo_{mode}",
            "dataSets": [],
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": FIELD_MATCHING,
        },
    }


def main():
    cells = {
        "A1": '=_t("Stadtteilwirtschaft")',
        # Rows 3-17 hold the two charts. The quarters (a handful) come first, the years last: the
        # yearly table grows by a row each year and must not run into another table.
        "A18": '=_t("Per quarter")',
        "A19": "=PIVOT(2)",
        "A31": '=_t("Key figures per year")',
        "A32": "=PIVOT(1)",
    }
    # Measure headers are long ("RCO01 enterprises supported"): wide columns, wrapped header rows
    # (the measure names are the second row of each table), so no header runs into the next.
    header_rows = (20, 33)
    styles = {"A1": 1, "A18": 2, "A31": 2}
    for row in header_rows:
        for col in range(1, 14):
            styles[f"{chr(ord('A') + col)}{row}"] = 3
    sheet = {
        "id": "sheet1",
        "name": "Dashboard",
        "colNumber": 14,
        "rowNumber": 120,
        "rows": {},
        "cols": {"0": {"size": 260}, **{str(col): {"size": 130} for col in range(1, 14)}},
        "merges": [],
        "cells": cells,
        "styles": styles,
        "formats": {},
        "borders": {},
        "conditionalFormats": [],
        "dataValidationRules": [],
        "figures": [
            chart(
                "7d1c7f6e-1b0e-4f3a-9a55-000000000001",
                "Consultations per month",
                ["date:month"],
                "consultation_count",
                "line",
                source="consultation",
                x=0,
                y=50,
            ),
            chart(
                "7d1c7f6e-1b0e-4f3a-9a55-000000000002",
                "Openings per quarter",
                ["quarter_id"],
                "opening_count",
                "bar",
                source="event",
                x=580,
                y=50,
            ),
        ],
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "comments": {},
    }
    data = {
        "version": "18.4.14",
        "sheets": [sheet],
        "styles": {
            "1": {"bold": True, "fontSize": 18},
            "2": {"bold": True, "fontSize": 14},
            "3": {"bold": True, "wrapping": "wrap", "verticalAlign": "top"},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "German",
                "code": "de_DE",
                "thousandsSeparator": ".",
                "decimalSeparator": ",",
                "dateFormat": "dd.mm.yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ";",
                "weekStart": 1,
            }
        },
        "pivots": {
            # Pivot names are not translated by Odoo: the users' German names.
            "1": pivot(1, "Kennzahlen je Jahr", ["date:year"], KEY_MEASURES),
            "2": pivot(2, "Je Ortsteil", ["quarter_id"], QUARTER_MEASURES),
        },
        "pivotNextId": 3,
        "customTableStyles": {},
        "globalFilters": [
            # No default period: the yearly table shows the trend over all years.
            {"id": DATE_FILTER, "type": "date", "label": "Period"},
            {
                "id": AREA_FILTER,
                "type": "relation",
                "label": "Programme area",
                "modelName": "district.programme.area",
                "defaultValueDisplayNames": [],
            },
            {
                "id": QUARTER_FILTER,
                "type": "relation",
                "label": "Quarter",
                "modelName": "district.quarter",
                "defaultValueDisplayNames": [],
            },
        ],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
