"""Load test: simulated coordinators working in the web client at the same time.

Each simulated coordinator has a web session of its own (``/web/session/authenticate``, the
session cookie) and calls ``/web/dataset/call_kw`` exactly as the browser does, so that Odoo
routes the read-only calls to a read replica when it has one (``/jsonrpc`` would always use the
primary). One round:

1. *list*: the Betriebe list (``web_search_read`` with the action's domain and the list view's fields),
2. *form*: one business of that page (``web_read`` with the form view's fields),
3. *consultation*: a new consultation of that business (``web_save``, as the form's Save button),
4. *pivot*: the Kennzahlen pivot (``formatted_read_grouping_sets``, quarter x year, the view's measures).

At the end every consultation this run created is looked up in the database (by a marker in its
summary, directly on the primary when ``--pg-port`` is given, and through the API): lost writes
are consultations the server confirmed but the database does not hold, duplicates are summaries
found twice. Unless ``--keep`` is given, the run's consultations are cancelled and deleted
afterwards, so that a shared demo database stays as it was.

Plain Python (threads and ``requests``, both in Odoo's venv); prints a Markdown table and writes
the figures as JSON (``--json``). ``tools/load_test.sh`` runs it against ``make run`` and
``make cluster``.
"""

import argparse
import ast
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import requests

BUSINESS_ACTION = "district_economy.res_partner_action_business"
PIVOT_MODEL = "district.monitoring.report"
PIVOT_GROUPING_SETS = [[], ["quarter_id"], ["date:year"], ["quarter_id", "date:year"]]
PIVOT_MEASURES = [
    "reached_partner_id",
    "opening_count",
    "closing_count",
    "supported_company_id",
    "grant_company_id",
    "non_financial_company_id",
]
CALLS = ("login", "open menu", "list", "form", "consultation", "pivot")


class OdooError(Exception):
    pass


class WebSession:
    """A logged-in web client session: JSON-RPC over HTTP with the session cookie."""

    def __init__(self, url, db, timeout=300):
        self.url = url.rstrip("/")
        self.db = db
        self.timeout = timeout
        self.http = requests.Session()
        self.context = {}
        self.uid = None
        self._id = 0

    def jsonrpc(self, path, params):
        self._id += 1
        response = self.http.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": self._id},
            timeout=self.timeout,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            error = body["error"]
            data = error.get("data") or {}
            raise OdooError(f"{data.get('name', '')}: {data.get('message') or error.get('message')}")
        return body["result"]

    def login(self, login, password):
        info = self.jsonrpc("/web/session/authenticate", {"db": self.db, "login": login, "password": password})
        if not info or not info.get("uid"):
            raise OdooError(f"login {login} refused")
        self.uid = info["uid"]
        self.context = dict(info.get("user_context") or {})
        companies = (info.get("user_companies") or {}).get("current_company")
        if companies:
            self.context["allowed_company_ids"] = [companies]
        return info

    def call(self, model, method, *args, **kwargs):
        kwargs["context"] = {**self.context, **kwargs.get("context", {})}
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def view_specification(arch, fields):
    """The fields a view shows, as a web_read specification (relations by display name)."""
    root = ET.fromstring(arch)
    names = []

    def walk(node, nested):
        for child in node:
            if child.tag == "field" and not nested:
                name = child.get("name")
                if name in fields and name not in names:
                    names.append(name)
                # x2many fields carry their own sub-views: their fields are not this model's.
                walk(child, True)
            else:
                walk(child, nested)

    walk(root, False)
    spec = {}
    for name in names:
        if fields[name]["type"] in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Coordinator(threading.Thread):
    """One simulated coordinator: logs in, opens Betriebe, then goes round until the deadline."""

    def __init__(self, number, options, run_id, deadline, stats):
        super().__init__(name=f"coordinator-{number}", daemon=True)
        self.number = number
        self.options = options
        self.run_id = run_id
        self.deadline = deadline
        self.stats = stats
        self.rng = random.Random(number)
        self.session = WebSession(options.url, options.db)
        self.created = []
        self.attempted = 0
        self.pivot_aggregates = ["__count"]

    def timed(self, name, function, *args, **kwargs):
        started = time.perf_counter()
        try:
            result = function(*args, **kwargs)
        except (OdooError, requests.RequestException, ValueError) as error:
            self.stats.record(name, time.perf_counter() - started, error)
            return None
        self.stats.record(name, time.perf_counter() - started)
        return result

    def think(self):
        if self.options.think > 0:
            time.sleep(self.rng.uniform(0.5, 1.5) * self.options.think)

    def run(self):
        options = self.options
        if self.timed("login", self.session.login, options.login, options.password) is None:
            return
        menu = self.timed("open menu", self.open_menu)
        if menu is None:
            return
        domain, context, list_spec, form_spec = menu
        sequence = 0
        while time.monotonic() < self.deadline:
            page = self.timed(
                "list",
                self.session.call,
                "res.partner",
                "web_search_read",
                domain,
                list_spec,
                offset=0,
                limit=80,
                order="",
                count_limit=10001,
                context=context,
            )
            self.think()
            records = (page or {}).get("records") or []
            if records:
                business_id = self.rng.choice(records)["id"]
                self.timed("form", self.session.call, "res.partner", "web_read", [business_id], form_spec)
                self.think()
                sequence += 1
                self.attempted += 1
                saved = self.timed(
                    "consultation",
                    self.session.call,
                    "district.consultation",
                    "web_save",
                    [],
                    {
                        "partner_id": business_id,
                        "channel": "office_hours",
                        "duration": 30,
                        "summary": f"load {self.run_id} u{self.number} #{sequence}",
                    },
                    specification={"display_name": {}},
                )
                if saved:
                    self.created.append(saved[0]["id"])
                self.think()
            self.timed(
                "pivot",
                self.session.call,
                PIVOT_MODEL,
                "formatted_read_grouping_sets",
                domain=[["programme_area_id", "!=", False]],
                grouping_sets=PIVOT_GROUPING_SETS,
                aggregates=self.pivot_aggregates,
            )
            self.think()

    def open_menu(self):
        """What the web client does when the Betriebe menu opens: load the action, then its views."""
        action = self.session.jsonrpc("/web/action/load", {"action_id": BUSINESS_ACTION})
        domain = action.get("domain") or []
        if isinstance(domain, str):
            domain = ast.literal_eval(domain)
        context = action.get("context") or {}
        if isinstance(context, str):
            try:
                context = ast.literal_eval(context)
            except (ValueError, SyntaxError):
                context = {}
        views = [[view_id, view_type] for view_id, view_type in action["views"] if view_type in ("list", "form")]
        result = self.session.call("res.partner", "get_views", views=[*views, [False, "search"]], options={})
        fields = result["models"]["res.partner"]["fields"]
        specs = {kind: view_specification(result["views"][kind]["arch"], fields) for kind in ("list", "form")}
        report_fields = self.session.call(PIVOT_MODEL, "fields_get", PIVOT_MEASURES, ["aggregator", "type"])
        self.pivot_aggregates = [
            f"{name}:{report_fields[name].get('aggregator') or 'sum'}"
            for name in PIVOT_MEASURES
            if name in report_fields
        ] + ["__count"]
        return domain, context, specs["list"], specs["form"]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.durations = defaultdict(list)
        self.errors = defaultdict(int)
        self.error_samples = defaultdict(list)

    def record(self, name, seconds, error=None):
        with self.lock:
            self.durations[name].append(seconds)
            if error is not None:
                self.errors[name] += 1
                if len(self.error_samples[name]) < 3:
                    self.error_samples[name].append(str(error)[:300])


def count_in_database(options, run_id, created):
    """(found on the primary by SQL or None, distinct summaries, ids found) for this run's consultations."""
    if not options.pg_port:
        return None
    import psycopg2  # Odoo's requirement, in the venv

    password = Path(options.pg_password_file).read_text().strip()
    with (
        psycopg2.connect(
            host=options.pg_host, port=options.pg_port, user="odoo", password=password, dbname=options.db
        ) as connection,
        connection.cursor() as cr,
    ):
        cr.execute(
            """SELECT count(*), count(DISTINCT summary), count(*) FILTER (WHERE id = ANY(%s))
                 FROM district_consultation WHERE summary LIKE %s""",
            [created, f"load {run_id} %"],
        )
        return cr.fetchone()


def count_through_api(session, run_id, expected):
    """The run's consultations as the users see them (a replica may need a moment to catch up)."""
    domain = [["summary", "=like", f"load {run_id} %"]]
    found = None
    for _attempt in range(20):
        found = session.call("district.consultation", "search_count", domain, context={"active_test": False})
        if found >= expected:
            break
        time.sleep(0.5)
    return found


def clean_up(session, run_id):
    domain = [["summary", "=like", f"load {run_id} %"]]
    ids = session.call("district.consultation", "search", domain, context={"active_test": False})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.call("district.consultation", "write", chunk, {"state": "cancelled"})
        session.call("district.consultation", "unlink", chunk)
    return len(ids)


def call_rows(stats, elapsed):
    """Requests, errors and latencies per kind of call."""
    rows = []
    for name in CALLS:
        values = stats.durations.get(name, [])
        if not values:
            continue
        rows.append(
            {
                "call": name,
                "requests": len(values),
                "errors": stats.errors.get(name, 0),
                "p50_ms": round(1000 * statistics.median(values)),
                "p95_ms": round(1000 * percentile(values, 0.95)),
                "max_ms": round(1000 * max(values)),
                "rps": round(len(values) / elapsed, 2),
            }
        )
    return rows


def print_markdown(result, stats):
    print(
        f"\n**{result['label']}**: {result['users']} coordinators, {result['seconds']:.0f} s, "
        f"{result['requests']} requests, {result['rps']:.1f} req/s "
        f"(machine load average {result['load_average'][0]} before, {result['load_average'][1]} at the end)"
    )
    print("\n| call | requests | req/s | errors | p50 | p95 | max |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in result["calls"]:
        print(
            f"| {row['call']} | {row['requests']} | {row['rps']} | {row['errors']} | "
            f"{row['p50_ms']} ms | {row['p95_ms']} ms | {row['max_ms']} ms |"
        )
    duplicates = result["duplicates"]
    removed = result["removed_afterwards"]
    print(
        f"\nErrors: {result['errors']}. Consultations: {result['consultations_attempted']} attempted, "
        f"{result['consultations_created']} confirmed by the server, {result['consultations_in_db']} in the database "
        f"({result['counted_by']}; {result['consultations_in_api']} through the API), "
        f"lost writes {result['lost_writes']}, duplicates {duplicates if duplicates is not None else 'n/a'}."
        + (f" Removed afterwards: {removed}." if removed is not None else "")
    )
    for name, samples in stats.error_samples.items():
        for sample in samples:
            print(f"  error in {name}: {sample}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="district_economy")
    parser.add_argument("--label", default=None, help="name of the target in the output (default: the URL)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause in seconds after each call (default 0)")
    parser.add_argument("--login", default="coordinator")
    parser.add_argument("--password", default="coordinator")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=None, help="the primary, to count the consultations by SQL")
    parser.add_argument(
        "--pg-password-file", default=str(Path(__file__).resolve().parent.parent / ".state/pg.password")
    )
    parser.add_argument("--keep", action="store_true", help="keep the consultations the run created")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    options = parser.parse_args()
    label = options.label or options.url
    run_id = uuid.uuid4().hex[:10]
    stats = Stats()

    print(
        f"[load] {label}: {options.users} coordinators for {options.seconds:.0f} s "
        f"(think time {options.think} s, run {run_id})",
        flush=True,
    )
    started_at = datetime.now(UTC)
    load_before = os.getloadavg()[0]
    deadline = time.monotonic() + options.seconds
    users = [Coordinator(n + 1, options, run_id, deadline, stats) for n in range(options.users)]
    started = time.monotonic()
    for user in users:
        user.start()
    for user in users:
        user.join(options.seconds + 600)
    elapsed = time.monotonic() - started
    load_after = os.getloadavg()[0]

    created = [record_id for user in users for record_id in user.created]
    attempted = sum(user.attempted for user in users)
    checker = WebSession(options.url, options.db)
    checker.login(options.login, options.password)
    in_api = count_through_api(checker, run_id, len(created))
    sql = count_in_database(options, run_id, created)
    in_db = sql[0] if sql else in_api
    distinct = sql[1] if sql else None
    ids_found = sql[2] if sql else None
    lost = len(created) - (ids_found if ids_found is not None else in_db)
    duplicates = (in_db - distinct) if distinct is not None else None
    removed = None if options.keep else clean_up(checker, run_id)

    total = sum(len(values) for values in stats.durations.values())
    errors = sum(stats.errors.values())
    rows = call_rows(stats, elapsed)
    result = {
        "label": label,
        "url": options.url,
        "db": options.db,
        "users": options.users,
        "seconds": round(elapsed, 1),
        "think": options.think,
        "started": started_at.isoformat(timespec="seconds"),
        "run_id": run_id,
        "requests": total,
        "rps": round(total / elapsed, 2),
        "errors": errors,
        "error_samples": dict(stats.error_samples),
        "consultations_attempted": attempted,
        "consultations_created": len(created),
        "consultations_in_db": in_db,
        "consultations_in_api": in_api,
        "counted_by": "SQL on the primary" if sql else "API",
        "lost_writes": lost,
        "duplicates": duplicates,
        "removed_afterwards": removed,
        "calls": rows,
        "load_average": [round(load_before, 1), round(load_after, 1)],
    }
    print_markdown(result, stats)
    if options.json:
        Path(options.json).write_text(json.dumps(result, indent=2))
    return 1 if errors or lost or duplicates else 0


if __name__ == "__main__":
    sys.exit(main())
