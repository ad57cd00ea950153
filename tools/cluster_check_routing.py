"""Proof, on the running `make cluster`, that Odoo reads from the replica and writes to the primary.

Logs in as the demo coordinator over HTTP, then, each time after resetting ``pg_stat_statements``
on both PostgreSQL servers:

1. reads the Kennzahlen pivot as the browser does (``/web/dataset/call_kw/district.monitoring.report/
   formatted_read_grouping_sets``): the statements on ``district_monitoring_report`` must have run on
   the replica and not on the primary;
2. records a consultation (``/web/dataset/call_kw/district.consultation/create``): the ``INSERT`` must
   have run on the primary (a replica cannot write);
3. opens the accessible HTML version of a monitoring report (``/report/html/...``, a read-only route):
   its figures must have been read on the replica.

Prints the statements each server ran for each step and PASS or FAIL; exits 1 on a failure.
Usage: ``python tools/cluster_check_routing.py [--url http://localhost:8070] [--db ...]``.
"""

import argparse
import sys
import time
from pathlib import Path

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_test import PIVOT_GROUPING_SETS, PIVOT_MEASURES, OdooError, WebSession

STATEMENTS = """
    SELECT s.calls, s.rows, regexp_replace(left(s.query, 110), '\\s+', ' ', 'g')
      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = %s AND s.query ILIKE %s
     ORDER BY s.calls DESC, s.query
"""


class Server:
    def __init__(self, name, port, password):
        self.name = name
        self.port = port
        self.connection = psycopg2.connect(
            host="127.0.0.1", port=port, user="postgres", password=password, dbname="postgres"
        )
        self.connection.autocommit = True

    def query(self, sql, params=()):
        with self.connection.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def in_recovery(self):
        return self.query("SELECT pg_is_in_recovery()")[0][0]

    def reset(self):
        self.query("SELECT pg_stat_statements_reset()")

    def statements(self, db, pattern):
        return self.query(STATEMENTS, [db, pattern])


def show(servers, db, pattern, title):
    """{server name: calls} of the statements matching ``pattern``, printed per server."""
    print(f"  statements matching {pattern!r} ({title}):")
    calls = {}
    for server in servers:
        rows = server.statements(db, pattern)
        calls[server.name] = sum(row[0] for row in rows)
        print(f"    {server.name} (port {server.port}): {calls[server.name]} call(s)")
        for count, _rows, text in rows[:4]:
            print(f"      {count:>4} x {text}")
    return calls


def settle():
    """Let the statistics of the statements just run arrive (they are written at statement end)."""
    time.sleep(0.5)


def check_report(session, servers, db, verdict):
    print("3. A monitoring report as accessible HTML (/report/html/..., a read-only route)")
    snapshots = session.call(
        "district.monitoring.snapshot", "search_read", [["line_ids", "!=", False]], ["id", "name"], limit=1
    )
    if not snapshots:
        print("  (no monitoring report with figures in the database: step skipped)\n")
        return
    for server in servers:
        server.reset()
    response = session.http.get(
        f"{session.url}/report/html/district_economy.report_monitoring_accessible/{snapshots[0]['id']}",
        timeout=120,
    )
    response.raise_for_status()
    settle()
    calls = show(servers, db, '%FROM "district_monitoring_snapshot_line"%', "the report's figures")
    verdict(
        "report rendering served by the replica",
        calls["replica"] > 0 and calls["primary"] == 0,
        f"{snapshots[0]['name']}, {len(response.content)} bytes; replica {calls['replica']}, "
        f"primary {calls['primary']}",
    )


# The addon's buttons: (model, method, record, expected cursor). Read-only ones return an action built
# from the record's id; writing ones must never be declared read-only (@api.readonly).
BUTTONS = [
    ("district.monitoring.snapshot", "action_view_figures", "snapshot", "ro"),
    ("district.monitoring.snapshot", "action_print", "snapshot", "ro"),
    ("district.monitoring.snapshot", "action_print_html", "snapshot", "ro"),
    ("res.partner", "action_view_consultations", "business", "ro"),
    ("res.partner", "action_view_referrals", "business", "ro"),
    ("district.settlement", "action_view_proposals", "settlement", "ro"),
    ("district.monitoring.snapshot", "action_compute", "snapshot", "rw"),
    ("res.partner", "action_reassign_quarters", "business", "rw"),
    ("district.settlement", "action_find_premises", "settlement", "rw"),
    # Refused for the coordinator (managers finalise), so nothing changes; the cursor is chosen before.
    ("district.monitoring.snapshot", "action_finalize", "snapshot", "rw"),
]


def read_log(path, offset):
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        return [line for line in log if "werkzeug" in line and '"' in line]


def check_buttons(session, business_id, log_path, verdict):
    print("4. The addon's buttons (/web/dataset/call_button): which cursor Odoo chose for each")
    settlement = session.call("district.settlement", "search_read", [["is_won", "=", False]], ["id"], limit=1)
    snapshot = session.call("district.monitoring.snapshot", "search_read", [["state", "=", "draft"]], ["id"], limit=1)
    if not Path(log_path).exists() or not settlement or not snapshot:
        print(f"  (no Odoo log at {log_path}, open settlement case or draft report: step skipped)\n")
        return
    records = {"business": business_id, "settlement": settlement[0]["id"], "snapshot": snapshot[0]["id"]}
    offset = Path(log_path).stat().st_size
    for model, method, record, _expected in BUTTONS:
        try:
            session.jsonrpc(
                f"/web/dataset/call_button/{model}/{method}",
                {"model": model, "method": method, "args": [[records[record]]], "kwargs": {"context": session.context}},
            )
        except OdooError as error:
            print(f"  {model}.{method}: refused ({str(error)[:70]})")
    time.sleep(0.5)
    lines = read_log(log_path, offset)
    wrong = []
    for model, method, _record, expected in BUTTONS:
        modes = [line.split()[-1] for line in lines if f"/call_button/{model}/{method}" in line]
        mode = modes[-1] if modes else "not in the log"
        print(f"  {mode:>6} (expected {expected})  {model}.{method}")
        if mode != expected:
            wrong.append(f"{model}.{method}: {mode}")
    verdict(
        "read-only buttons on the replica, writing buttons on the primary",
        not wrong,
        ", ".join(wrong) or f"{len(BUTTONS)} buttons as expected",
    )


def odoo_log_modes(path, offset):
    """Odoo's own account: each request line of its log ends with the cursor it used (ro: replica, rw: primary)."""
    if not path or not Path(path).exists():
        return
    lines = read_log(path, offset)
    print("Odoo's request log for these requests (last word: ro = read-only cursor on the replica, rw = primary):")
    for line in lines:
        request = line.split('"')[1].split("#")[0].replace(" HTTP/1.1", "")
        print(f"  {line.split()[-1]:>6}  {request}")
    print()


def main():
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--url", default="http://localhost:8070")
    parser.add_argument("--db", default="district_economy_cluster")
    parser.add_argument("--login", default="coordinator")
    parser.add_argument("--password", default="coordinator")
    parser.add_argument("--primary-port", type=int, default=5434)
    parser.add_argument("--replica-port", type=int, default=5435)
    parser.add_argument("--pg-password-file", default=str(root / ".state/pg.password"))
    parser.add_argument("--odoo-log", default=str(root / ".state/cluster/odoo.log"))
    options = parser.parse_args()
    log_offset = Path(options.odoo_log).stat().st_size if Path(options.odoo_log).exists() else 0
    password = Path(options.pg_password_file).read_text().strip()
    primary = Server("primary", options.primary_port, password)
    replica = Server("replica", options.replica_port, password)
    servers = (primary, replica)
    results = []

    def verdict(name, ok, detail):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}: {name}: {detail}\n")

    verdict(
        "roles",
        not primary.in_recovery() and replica.in_recovery(),
        f"port {primary.port} is a primary (not in recovery), port {replica.port} a hot standby (in recovery)",
    )
    session = WebSession(options.url, options.db)
    try:
        session.login(options.login, options.password)
    except requests.ConnectionError:
        print(f"FAIL: no Odoo answers at {options.url}: start it with 'make cluster'")
        return 2
    fields = session.call("district.monitoring.report", "fields_get", PIVOT_MEASURES, ["aggregator"])
    aggregates = [f"{name}:{fields[name].get('aggregator') or 'sum'}" for name in PIVOT_MEASURES] + ["__count"]
    business = session.call(
        "res.partner", "search_read", [["is_company", "=", True], ["quarter_id", "!=", False]], ["id"], limit=1
    )[0]

    print("1. Kennzahlen pivot (formatted_read_grouping_sets on district.monitoring.report)")
    for server in servers:
        server.reset()
    groups = session.call(
        "district.monitoring.report",
        "formatted_read_grouping_sets",
        domain=[["programme_area_id", "!=", False]],
        grouping_sets=PIVOT_GROUPING_SETS,
        aggregates=aggregates,
    )
    settle()
    calls = show(servers, options.db, '%AS "district_monitoring_report"%', "the pivot's query")
    verdict(
        "pivot read served by the replica",
        calls["replica"] > 0 and calls["primary"] == 0,
        f"{sum(len(group) for group in groups)} groups; replica {calls['replica']}, primary {calls['primary']}",
    )

    print("2. A consultation recorded (create on district.consultation)")
    for server in servers:
        server.reset()
    consultation_id = session.call(
        "district.consultation",
        "create",
        {"partner_id": business["id"], "channel": "phone", "summary": "cluster routing check"},
    )
    settle()
    calls = show(servers, options.db, '%INSERT INTO "district_consultation"%', "the consultation's INSERT")
    verdict(
        "consultation written on the primary",
        calls["primary"] > 0 and calls["replica"] == 0,
        f"consultation {consultation_id}; primary {calls['primary']}, replica {calls['replica']}",
    )

    check_report(session, servers, options.db, verdict)
    check_buttons(session, business["id"], options.odoo_log, verdict)

    # Leave the database as it was: the check's consultation is cancelled and deleted.
    session.call("district.consultation", "write", [consultation_id], {"state": "cancelled"})
    session.call("district.consultation", "unlink", [consultation_id])
    odoo_log_modes(options.odoo_log, log_offset)
    ok = all(results)
    print(f"{'PASS' if ok else 'FAIL'}: {sum(results)} of {len(results)} checks passed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
