# City-scale benchmark (`make bench`): runs inside `odoo-bin shell` on the database `make bench-data` filled.
# Every measurement runs as the Coordinator `bench_coordinator` (record rules on), REPEAT times after one
# warm-up, and is paired with a baseline measured in the same run (hand-written SQL, or a bare ORM call),
# so that the ratio holds on a noisy machine. Prints a table and writes bench/results.json.
# Nothing is kept: every measurement that writes is rolled back.
import json
import os
import platform
import resource
import statistics
import time
from datetime import date
from pathlib import Path

from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
SCALE = os.environ.get("BENCH_SCALE", "full")
OUTPUT = Path(os.environ.get("BENCH_OUTPUT", "bench/results.json"))
YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
ONE_YEAR = [("date", ">=", f"{YEAR}-01-01"), ("date", "<=", f"{YEAR}-12-31")]

coordinator = env["res.users"].search([("login", "=", "bench_coordinator")])  # noqa: F821 - odoo shell
assert coordinator, "no bench_coordinator: fill the database with `make bench-data` first"
cenv = env(user=coordinator, context=dict(env.context, **coordinator.context_get()))  # noqa: F821
company_ids = tuple(coordinator.company_ids.ids)
cr = cenv.cr
results = []


def timings(function, rollback=True):
    """rollback=False for read-only calls on records created for the measurement."""
    function()  # warm-up: caches, plans, prefetch
    if rollback:
        cr.rollback()
    values = []
    for _ in range(REPEAT):
        cenv.invalidate_all()
        started = time.perf_counter()
        function()
        values.append((time.perf_counter() - started) * 1000)
        if rollback:
            cr.rollback()
    return values


def sql(query, *params):
    def run():
        cr.execute(SQL(query, *params))
        return cr.fetchall()

    return run


def measure(name, function, baseline=None, goal=None, goal_text=None, *, rollback=True):
    """goal: a ratio to the baseline or, without a baseline, milliseconds."""
    values = timings(function, rollback)
    median = statistics.median(values)
    entry = {
        "name": name,
        "median_ms": round(median, 1),
        "min_ms": round(min(values), 1),
        "max_ms": round(max(values), 1),
        "baseline_ms": None,
        "ratio": None,
        "goal": goal_text,
        "met": None,
    }
    if baseline is not None:
        base = statistics.median(timings(baseline))
        entry["baseline_ms"] = round(base, 1)
        entry["ratio"] = round(median / base, 2) if base else None
        if goal is not None:
            entry["met"] = entry["ratio"] is not None and entry["ratio"] <= goal
    elif goal is not None:
        entry["met"] = median <= goal
    results.append(entry)
    print(
        f"[bench] {name}: median {median:.0f} ms (min {min(values):.0f}, max {max(values):.0f})"
        + (f", baseline {entry['baseline_ms']:.0f} ms, ratio {entry['ratio']}" if baseline else ""),
        flush=True,
    )
    return entry


def record(name, value_ms, goal_text, met, **extra):
    results.append(
        {
            "name": name,
            "median_ms": round(value_ms, 1),
            "baseline_ms": None,
            "ratio": None,
            "goal": goal_text,
            "met": met,
            **extra,
        }
    )
    print(f"[bench] {name}: {value_ms:.0f} ms {extra or ''}", flush=True)


# --- Consultations pivot: what managers open ---------------------------------------------------
Consultation = cenv["district.consultation"]
consultation_rule = SQL("c.active AND c.company_id = ANY(%s)", list(company_ids))


def consultation_pivot(groupby, domain=()):
    """The pivot's call: the grouping sets for headers and totals, like the web client's pivot model."""
    rows, cols = groupby
    return lambda: Consultation.formatted_read_grouping_sets(
        list(domain), [[], [rows], [cols], [rows, cols]], ["__count"]
    )


def consultation_read_group(groupby, domain=()):
    return lambda: Consultation._read_group(list(domain), list(groupby), ["__count"])


def consultation_sql(granularity, year=None):
    period = SQL("AND c.consultation_date BETWEEN %s AND %s", date(year, 1, 1), date(year, 12, 31)) if year else SQL()
    return sql(
        """SELECT c.quarter_id, date_trunc(%s, c.consultation_date::timestamp), count(*)
             FROM district_consultation c
            WHERE %s %s
         GROUP BY 1, 2 ORDER BY 1, 2""",
        granularity,
        consultation_rule,
        period,
    )


one_year_consultations = [("consultation_date", ">=", f"{YEAR}-01-01"), ("consultation_date", "<=", f"{YEAR}-12-31")]
for label, groupby, domain, granularity, year in (
    ("quarter x year, 10 years", ("quarter_id", "consultation_date:year"), (), "year", None),
    ("quarter x month, one year", ("quarter_id", "consultation_date:month"), one_year_consultations, "month", YEAR),
    ("quarter x month, 10 years", ("quarter_id", "consultation_date:month"), (), "month", None),
):
    baseline = consultation_sql(granularity, year)
    report_only = "10 years" in label and "month" in label
    measure(
        f"consultations {label}: _read_group",
        consultation_read_group(groupby, domain),
        baseline,
        None if report_only else 1.5,
        "reported" if report_only else "<= 1.5x SQL",
    )
    measure(
        f"consultations {label}: web pivot call",
        consultation_pivot(groupby, domain),
        baseline,
        None if report_only else 2.5,
        "reported" if report_only else "<= 2.5x SQL",
    )

# --- Report views: one year by quarter ---------------------------------------------------------
for model_name, measures in (
    ("district.contact.report", ["__count", "reached_partner_id:count_distinct"]),
    ("district.monitoring.report", ["opening_count:sum", "closing_count:sum", "reached_partner_id:count_distinct"]),
):
    Report = cenv[model_name]
    view_sql = SQL(Report._table_query)
    aggregates = (
        SQL("count(*), count(DISTINCT r.reached_partner_id)")
        if model_name == "district.contact.report"
        else SQL("sum(r.opening_count), sum(r.closing_count), count(DISTINCT r.reached_partner_id)")
    )
    baseline = sql(
        """SELECT r.quarter_id, %s FROM (%s) r
            WHERE r.date BETWEEN %s AND %s AND (r.company_id IS NULL OR r.company_id = ANY(%s))
         GROUP BY 1""",
        aggregates,
        view_sql,
        date(YEAR, 1, 1),
        date(YEAR, 12, 31),
        list(company_ids),
    )
    measure(
        f"{model_name} one year by quarter: _read_group",
        lambda Report=Report, measures=measures: Report._read_group(ONE_YEAR, ["quarter_id"], measures),
        baseline,
        1.5,
        "<= 1.5x SQL",
    )
    measure(
        f"{model_name} one year by quarter: web pivot call",
        lambda Report=Report, measures=measures: Report.formatted_read_grouping_sets(
            ONE_YEAR, [[], ["quarter_id"]], [*measures, "__count"] if "__count" not in measures else measures
        ),
        baseline,
        2.5,
        "<= 2.5x SQL",
    )
    measure(
        f"{model_name} quarter x year, 10 years: web pivot call",
        lambda Report=Report, measures=measures: Report.formatted_read_grouping_sets(
            [], [[], ["quarter_id"], ["date:year"], ["quarter_id", "date:year"]], measures
        ),
        None,
        None,
        "reported",
    )

# --- Businesses list: first page with default filters -----------------------------------------
Partner = cenv["res.partner"]
action = cenv["ir.actions.act_window"]._for_xml_id("district_economy.res_partner_action_business")
list_view = Partner.get_views([(False, "list")], {"action_id": action["id"]})
list_fields = list(list_view["views"]["list"]["fields"]) if "fields" in list_view["views"]["list"] else []
if not list_fields:
    list_fields = [name for name in list_view["models"]["res.partner"]["fields"] if name in Partner._fields]
specification = {
    name: ({"fields": {"display_name": {}}} if Partner._fields[name].relational else {})
    for name in list_fields
    if name in Partner._fields
}
business_domain = cenv["ir.actions.act_window"]._for_xml_id("district_economy.res_partner_action_business")["domain"]
business_domain = safe_eval(business_domain, {"uid": coordinator.id})


def business_page(limit=80):
    return Partner.web_search_read(business_domain, specification, limit=limit, count_limit=10001)


def count_queries(function):
    cenv.invalidate_all()
    before = cr.sql_log_count
    function()
    return cr.sql_log_count - before


business_page()
queries_80 = count_queries(lambda: business_page(80))
queries_20 = count_queries(lambda: business_page(20))
assert queries_80 == queries_20, f"business list: {queries_80} queries for 80 rows but {queries_20} for 20 (N+1)"
entry = measure(
    "businesses list, first page (web_search_read)",
    business_page,
    lambda: Partner.search_read(business_domain, ["display_name"], limit=80),
    None,
    f"constant queries ({queries_80} for 20 or 80 rows); vs bare search_read",
)
entry["queries"] = queries_80
entry["met"] = True

# --- Find premises ----------------------------------------------------------------------------
Settlement = cenv["district.settlement"]
open_cases = Settlement.search([("is_won", "=", False), ("is_lost", "=", False)], limit=10, order="id")
premises_count = cenv["district.premises"].search_count([])
case_iter = iter(list(open_cases) * (REPEAT + 2))
measure(
    f"Find premises among {premises_count} units",
    lambda: cenv["district.settlement.match"]._open_for_settlement(next(case_iter)),
    None,
    200,
    "< 200 ms",
)

# --- Reassignment of all businesses -----------------------------------------------------------
business_count = cenv["res.partner"].search_count([("quarter_id", "!=", False)])
started = time.perf_counter()
checked, changed = cenv["res.partner"].sudo()._reassign_district_location()
elapsed = time.perf_counter() - started
cr.rollback()
rate = checked / elapsed
record(
    f"reassign quarters of {checked} partners",
    elapsed * 1000,
    ">= 5,000 per second",
    rate >= 5000,
    per_second=round(rate),
    changed=changed,
)

# --- One-year report: compute, PDF, XLSX -------------------------------------------------------
area = cenv["district.programme.area"].search([], limit=1)
Snapshot = cenv["district.monitoring.snapshot"]


def new_report():
    return Snapshot.create(
        {
            "name": f"Bench {YEAR}",
            "programme_area_id": area.id,
            "date_from": f"{YEAR}-01-01",
            "date_to": f"{YEAR}-12-31",
        }
    )


measure("compute a one-year report (full data)", lambda: new_report().action_compute(), None, 10000, "< 10 s")
report = new_report()
report.action_compute()
pdf_report = cenv.ref("district_economy.action_report_monitoring")
measure(
    "its PDF",
    lambda: cenv["ir.actions.report"]._render_qweb_pdf(pdf_report.report_name, report.ids),
    None,
    15000,
    "< 15 s",
    rollback=False,
)
measure("its XLSX", report._xlsx_content, None, 15000, "< 15 s", rollback=False)
cr.rollback()

# --- Dashboard: the data calls of its pivots and charts ----------------------------------------
dashboard = json.loads(
    (Path(os.environ["BENCH_ROOT"]) / "data/files/district_economy_dashboard.json").read_text(encoding="utf-8")
)


def dashboard_calls():
    for pivot in dashboard["pivots"].values():
        Model = cenv[pivot["model"]]
        rows = [row["fieldName"] for row in pivot["rows"]]
        measures = [measure["id"] for measure in pivot["measures"]]
        Model.formatted_read_grouping_sets(pivot["domain"], [[], rows], [*measures, "__count"])
    for sheet in dashboard["sheets"]:
        for figure in sheet.get("figures", []):
            meta = figure["data"].get("metaData")
            if not meta:
                continue
            search = figure["data"]["searchParams"]
            cenv[meta["resModel"]].formatted_read_group(
                search["domain"], meta["groupBy"], [f"{meta['measure']}:sum", "__count"]
            )


measure("dashboard data calls (all pivots and charts, 10 years)", dashboard_calls, None, 2000, "< 2 s")

# --- Memory -------------------------------------------------------------------------------------
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
results.append(
    {
        "name": "peak memory of the Odoo process",
        "median_ms": None,
        "baseline_ms": None,
        "ratio": None,
        "goal": "< 2 GiB",
        "met": peak_mib < 2048,
        "peak_mib": round(peak_mib),
    }
)
print(f"[bench] peak memory of the Odoo process: {peak_mib:.0f} MiB", flush=True)

# --- Output -------------------------------------------------------------------------------------
counts = {
    model: cenv[model].sudo().with_context(active_test=False).search_count([])
    for model in (
        "res.partner",
        "district.consultation",
        "district.referral",
        "district.premises",
        "district.settlement",
        "district.funding",
        "district.business.event",
    )
}
with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
with open("/proc/meminfo", encoding="utf-8") as meminfo:
    memory_gib = int(meminfo.readline().split()[1]) / 1024 / 1024
machine = f"{os.cpu_count()} cores ({cpu}), {memory_gib:.0f} GiB RAM, {platform.system()} {platform.release()}"
OUTPUT.parent.mkdir(parents=True, exist_ok=True)
OUTPUT.write_text(
    json.dumps(
        {"scale": {"name": SCALE, "records": counts}, "machine": machine, "measurements": results},
        indent=2,
        ensure_ascii=False,
    ),
    encoding="utf-8",
)
print(f"\nScale: {SCALE} {counts}\nMachine: {machine}\n")
print("| Measurement | median | min | max | baseline | ratio | goal | met |")
print("|---|---:|---:|---:|---:|---:|---|:-:|")


def cell(value, unit=" ms"):
    return "" if value is None else f"{value:,.0f}{unit}"


for entry in results:
    met = {True: "yes", False: "NO", None: ""}[entry["met"]]
    extra = ""
    if "per_second" in entry:
        extra = f" ({entry['per_second']:,}/s)"
    if "peak_mib" in entry:
        extra = f" {entry['peak_mib']:,} MiB"
    ratio = "" if entry["ratio"] is None else f"{entry['ratio']}x"
    print(
        f"| {entry['name']}{extra} | {cell(entry['median_ms'])} | {cell(entry.get('min_ms'))} | "
        f"{cell(entry.get('max_ms'))} | {cell(entry['baseline_ms'])} | {ratio} | {entry['goal']} | {met} |"
    )
print(f"\n[bench] results written to {OUTPUT}")
