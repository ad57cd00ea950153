"""Fault test: ``kill -9`` of the Odoo server in the middle of long writes leaves a consistent database.

Three operations, each started over HTTP exactly as the web client starts it, on copies of a
database with a city's worth of data (``tools/fault_test.sh`` creates it with the demo data, this
script adds the bulk data once):

- *import*: *Adresstabelle importieren* of a generated address table (``action_import`` of the
  wizard: archive the source's rules, create the new ones, reassign every address);
- *reassign*: *Ortsteile aller Adressen neu zuordnen* (the server action, ``/web/action/run``) over
  all businesses and every record stamped with a location;
- *report*: *Zahlen berechnen* of a monitoring report (``action_compute``) over a year with
  hundreds of thousands of consultations.

For each: an uninterrupted run on one copy gives the reference result and the duration D. On a
second copy the operation is started and the single-process Odoo server running it is killed
(SIGKILL) at each of the fractions of D in ``--kill-at``; after each kill the database must hold
exactly what it held before (all or nothing: no rule, quarter, line or timestamp changed). Then the
server is started again and the operation run once more (the user clicking again); it must end
with exactly the reference result, and no rule or report line twice. Prints PASS or FAIL per
case and exits 1 on a failure.
"""

import argparse
import base64
import configparser
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_test import WebSession

ROOT = Path(__file__).resolve().parent.parent
DATA_VERSION = "fault-data-v2"
REAL_STREETS = [  # streets the demo's address rules cover (as tools/bench_reassign.py)
    ("Eisenbahnstraße", "04315"),
    ("Eisenbahnstr.", "04315"),
    ("eisenbahnstrasse", "04315"),
    ("Dresdner Straße", "04317"),
    ("Hermann-Liebmann-Straße", "04315"),
    ("Wurzner Straße", "04318"),
    ("Konradstraße", "04315"),
]
WORDS = ["Ahorn", "Birken", "Eichen", "Linden", "Buchen", "Tannen", "Erlen", "Eschen", "Ulmen", "Pappel"]
MIDDLES = ["", "berg", "tal", "feld", "hof", "au", "grund", "bach", "hain", "wiesen"]
KINDS = ["straße", "weg", "gasse", "allee", "ring"]
PREFIXES = ["", "Alte ", "Neue ", "Obere ", "Untere ", "Kleine ", "Große "]


def log(message):
    print(f"[faults] {message}", flush=True)


# ---------------------------------------------------------------------------------------------
# Database access
# ---------------------------------------------------------------------------------------------
class Postgres:
    def __init__(self, conf):
        self.params = {
            "host": conf.get("db_host", "127.0.0.1"),
            "port": int(conf.get("db_port", 5432)),
            "user": conf.get("db_user", "odoo"),
            "password": conf.get("db_password", ""),
        }

    def connect(self, dbname):
        connection = psycopg2.connect(dbname=dbname, **self.params)
        connection.autocommit = True
        return connection

    def query(self, dbname, sql, params=None):
        """One statement in autocommit mode (psycopg2's ``with connection`` would open a transaction)."""
        connection = self.connect(dbname)
        try:
            with connection.cursor() as cr:
                cr.execute(sql, params or None)
                return cr.fetchall() if cr.description else []
        finally:
            connection.close()

    def exists(self, dbname):
        return bool(self.query("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [dbname]))

    def backends(self, dbname):
        """[(pid, state, query)] of the connections to ``dbname`` other than ours."""
        return self.query(
            "postgres",
            """SELECT pid, state, left(regexp_replace(query, '\\s+', ' ', 'g'), 90)
                 FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()""",
            [dbname],
        )

    def wait_idle(self, dbname, timeout=300):
        """Until PostgreSQL has ended every session of the killed server (it rolls their transactions back)."""
        deadline = time.monotonic() + timeout
        while self.backends(dbname):
            if time.monotonic() > deadline:
                raise RuntimeError(f"connections to {dbname} still open after {timeout} s: {self.backends(dbname)}")
            time.sleep(0.2)

    def copy(self, template, name, data_dir):
        self.drop(name, data_dir)
        self.query("postgres", f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        source = Path(data_dir) / "filestore" / template
        if source.exists():
            shutil.copytree(source, Path(data_dir) / "filestore" / name)

    def drop(self, name, data_dir):
        self.query("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(Path(data_dir) / "filestore" / name, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Bulk data, added once to the template database
# ---------------------------------------------------------------------------------------------
def address_table(codes, addresses, seed=7):
    """[(street, house number, zip, quarter code)]: synthetic streets, each side in one to three stretches."""
    rng = random.Random(seed)
    # Street names without digits (a digit in a street name is refused as a house number in disguise).
    streets = [f"{p}Fault{w}{m}{k}" for p in PREFIXES for w in WORDS for m in MIDDLES for k in KINDS]
    rows, index = [], 0
    while len(rows) < addresses:
        if index == len(streets):
            raise ValueError(f"at most {len(rows)} addresses: more street names are needed")
        street = streets[index]
        index += 1
        zip_code = f"04{rng.randrange(103, 360):03d}"
        last = rng.randint(10, 90)
        for side in (0, 1):
            numbers = [n for n in range(1, last + 1) if n % 2 == side]
            cuts = sorted(rng.sample(range(1, len(numbers)), min(len(numbers) - 1, rng.choice([0, 1, 2]))))
            start = 0
            for end in [*cuts, len(numbers)]:
                code = rng.choice(codes)
                rows.extend((street, str(number), zip_code, code) for number in numbers[start:end])
                start = end
    return rows[:addresses]


def prepare_template(pg, db, options):
    """Businesses at real and table addresses (no quarter yet) and a year of consultations, by SQL."""
    done = pg.query(db, "SELECT value FROM ir_config_parameter WHERE key = 'district_economy.fault_test_data'")
    codes = [code for (code,) in pg.query(db, "SELECT code FROM district_quarter WHERE city = 'Leipzig' ORDER BY code")]
    table = address_table(codes, options.addresses)
    if done and done[0][0] == DATA_VERSION:
        return table
    if done:
        log(f"replacing the bulk data of {done[0][0]} in {db}")
        pg.query(db, "DELETE FROM district_consultation WHERE summary = 'fault test'")
        pg.query(db, "DELETE FROM res_partner WHERE name LIKE 'Fault %'")
    log(
        f"adding bulk data to {db}: {options.partners} businesses at demo streets, {len(table) // 2} at "
        f"addresses of the table, {options.consultations} consultations"
    )
    rng = random.Random(42)
    (company_id,) = pg.query(db, "SELECT id FROM res_company ORDER BY id LIMIT 1")[0]
    partners = []
    for i in range(options.partners):
        street, zip_code = rng.choice(REAL_STREETS)
        partners.append((f"Fault business {i}", f"{street} {rng.randint(1, 160)}{rng.choice(['', '', 'a'])}", zip_code))
    for i, (street, number, zip_code, _code) in enumerate(table[::2]):
        partners.append((f"Fault table business {i}", f"{street} {number}", zip_code))
    connection = pg.connect(db)
    connection.autocommit = False
    try:
        with connection.cursor() as cr:
            cr.execute(
                """INSERT INTO res_partner (name, street, zip, city, company_id, active, is_company, type,
                                            complete_name, create_date, write_date)
                   SELECT v.name, v.street, v.zip, 'Leipzig', %s, TRUE, TRUE, 'contact', v.name, now(), now()
                     FROM jsonb_to_recordset(%s::jsonb) AS v(name text, street text, zip text)""",
                [company_id, json.dumps([{"name": n, "street": s, "zip": z} for n, s, z in partners])],
            )
            cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE name LIKE 'Fault %'")
            # A year of consultations in the programme area (the demo report's year), stamped like the
            # demo's own consultations there, each with one of the bulk businesses.
            cr.execute(
                """SELECT s.date_from, s.date_to FROM district_monitoring_snapshot s
                     JOIN ir_model_data d ON d.res_id = s.id AND d.model = 'district.monitoring.snapshot'
                    WHERE d.module = 'district_economy' AND d.name = 'snapshot_demo_last_year'"""
            )
            date_from, date_to = cr.fetchone()
            cr.execute(
                """WITH demo AS (
                       SELECT row_number() OVER (ORDER BY id) - 1 AS n, c.* FROM district_consultation c
                        WHERE programme_area_id IS NOT NULL),
                     businesses AS (
                       SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM res_partner WHERE name LIKE 'Fault %%')
                   INSERT INTO district_consultation (
                       quarter_id, programme_area_id, borough_id, quarter_rule_id, partner_id, user_id, duration,
                       language_id, company_id, create_uid, write_uid, quarter_reason, quarter_reason_detail,
                       stamp_street, stamp_zip, stamp_city, channel, state, consultation_date, summary,
                       quarter_manual, interpreter_used, active, date, create_date, write_date)
                   SELECT d.quarter_id, d.programme_area_id, d.borough_id, d.quarter_rule_id, b.id, d.user_id,
                          d.duration, d.language_id, d.company_id, d.create_uid, d.write_uid, d.quarter_reason,
                          d.quarter_reason_detail, d.stamp_street, d.stamp_zip, d.stamp_city, d.channel, 'done',
                          day::date, 'fault test', d.quarter_manual, d.interpreter_used, TRUE,
                          day + interval '10 hours', now(), now()
                     FROM generate_series(0, %s - 1) AS g
                     CROSS JOIN LATERAL (SELECT %s::date + (g %% (%s::date - %s::date + 1)) AS day) AS dd
                     JOIN demo d ON d.n = g %% (SELECT count(*) FROM demo)
                     JOIN businesses b ON b.n = g %% (SELECT count(*) FROM businesses)""",
                [options.consultations, date_from, date_to, date_from],
            )
            cr.execute(
                """INSERT INTO ir_config_parameter (key, value, create_date, write_date)
                   VALUES ('district_economy.fault_test_data', %s, now(), now())
                   ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
                [DATA_VERSION],
            )
            connection.commit()
    finally:
        connection.close()
    pg.query(db, "VACUUM ANALYZE")
    return table


# ---------------------------------------------------------------------------------------------
# The Odoo server (single process, so that kill -9 stops everything that works on the request)
# ---------------------------------------------------------------------------------------------
class OdooServer:
    running = []  # every server started, stopped at the end whatever happens

    def __init__(self, options, db):
        self.options = options
        self.db = db
        self.process = None
        self.url = f"http://127.0.0.1:{options.http_port}"

    def start(self):
        log_file = Path(self.options.log_dir) / f"{self.db}.log"
        with contextlib.suppress(requests.RequestException):
            requests.get(f"{self.url}/web/login", timeout=5)
            raise RuntimeError(f"port {self.options.http_port} is taken: set FAULT_HTTP_PORT")
        self.process = subprocess.Popen(
            [
                self.options.python,
                self.options.odoo_bin,
                "-c",
                self.options.odoo_conf,
                "-d",
                self.db,
                f"--db-filter=^{self.db}$",
                "--http-interface=127.0.0.1",
                f"--http-port={self.options.http_port}",
                "--workers=0",
                "--max-cron-threads=0",
                f"--logfile={log_file}",
                *([f"--addons-path={self.options.addons_path}"] if self.options.addons_path else []),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        OdooServer.running.append(self)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo on {self.db} stopped while starting (see {log_file})")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"Odoo on {self.db} does not answer with the login page (see {log_file})")

    def session(self):
        session = WebSession(self.url, self.db, timeout=3600)
        session.login(self.options.login, self.options.password)
        return session

    def kill9(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill9()


# ---------------------------------------------------------------------------------------------
# The operations and what they leave behind
# ---------------------------------------------------------------------------------------------
def located_fingerprint(pg, db):
    """Per located table: an md5 over (id, quarter, programme area, reason, the rule's address) of every row."""
    parts = {}
    located_tables = pg.query(
        db,
        """SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND column_name IN ('quarter_id', 'programme_area_id', 'quarter_reason', 'quarter_rule_id')
            GROUP BY table_name HAVING count(*) = 4 ORDER BY table_name""",
    )
    for (table,) in located_tables:
        (digest, count, located) = pg.query(
            db,
            f"""SELECT md5(string_agg(concat_ws(',', t.id, t.quarter_id, t.programme_area_id, t.quarter_reason,
                                                r.street_name, r.zip, r.number_from, r.number_to, r.parity),
                                      '|' ORDER BY t.id)),
                       count(*), count(t.quarter_id)
                  FROM {table} t LEFT JOIN district_address_rule r ON r.id = t.quarter_rule_id""",
        )[0]
        parts[f"{table} locations"] = f"{digest} ({count} rows, {located} with a quarter)"
    return parts


class Case:
    volatile = ()

    def run_quietly(self, session, setup):
        """The operation in a thread that the kill interrupts: the broken connection is expected."""
        with contextlib.suppress(requests.RequestException, OSError, ValueError):
            self.run(session, setup)


def rules_fingerprint(pg, db):
    (digest, active, total) = pg.query(
        db,
        """SELECT md5(string_agg(concat_ws(',', street_name, zip, number_from, number_to, parity, quarter_id,
                                           programme_area_id, source, source_date, active), '|'
                                 ORDER BY street_name, zip, number_from, number_to, parity, active, quarter_id)),
                  count(*) FILTER (WHERE active), count(*)
             FROM district_address_rule""",
    )[0]
    (duplicates,) = pg.query(
        db,
        """SELECT count(*) FROM (SELECT 1 FROM district_address_rule WHERE active
                                  GROUP BY street_key, zip, number_from, number_to, parity HAVING count(*) > 1) d""",
    )[0]
    return {"address rules": f"{digest} ({active} active of {total})", "rules twice (active)": duplicates}


class ImportCase(Case):
    name = "import"
    title = "address-table import (action_import)"
    write_markers = (
        ("INSERT of address rules", r'^INSERT INTO "district_address_rule"'),
        ("UPDATE of businesses' quarters", r'^UPDATE "res_partner" AS rec'),
    )

    def __init__(self, table):
        self.table = table

    def setup(self, session, pg, db):
        """The wizard with the table, saved (a request of its own, as the Upload and Save in the browser)."""
        csv = "Straße;Hausnummer;PLZ;Ortsteil\n" + "\n".join(";".join(row) for row in self.table)
        saved = session.call(
            "district.address.table.import",
            "web_save",
            [],
            {
                "data_file": base64.b64encode(csv.encode("utf-8")).decode(),
                "file_name": "fault_adressregister.csv",
                "city": "Leipzig",
                "source_date": "2026-01-01",
            },
            specification={"state": {}},
        )
        return saved[0]["id"]

    def run(self, session, wizard_id):
        session.call("district.address.table.import", "action_import", [wizard_id])

    def fingerprint(self, pg, db, wizard_id):
        (state,) = pg.query(db, "SELECT state FROM district_address_table_import WHERE id = %s", [wizard_id])[0]
        return {**rules_fingerprint(pg, db), **located_fingerprint(pg, db), "wizard state": state}

    volatile = ("wizard state",)


class ReassignCase(Case):
    name = "reassign"
    title = "reassignment of all quarters (server action)"
    write_markers = (("UPDATE of businesses' quarters", r'^UPDATE "res_partner" AS rec'),)

    def setup(self, session, pg, db):
        action = session.jsonrpc(
            "/web/action/load", {"action_id": "district_economy.res_partner_action_reassign_all_quarters"}
        )
        return action["id"]

    def run(self, session, action_id):
        session.jsonrpc("/web/action/run", {"action_id": action_id, "context": session.context})

    def fingerprint(self, pg, db, _setup):
        (events, moves) = pg.query(
            db,
            """SELECT count(*), count(*) FILTER (WHERE event_type IN ('moved_in', 'moved_out'))
                 FROM district_business_event""",
        )[0]
        return {
            **located_fingerprint(pg, db),
            **rules_fingerprint(pg, db),
            "business events (moves)": f"{events} ({moves})",
        }


class ReportCase(Case):
    name = "report"
    title = "report computation (action_compute)"
    # The old lines are deleted just before (too quickly to be caught on their own).
    write_markers = (("INSERT of the new report lines", r'^INSERT INTO "district_monitoring_snapshot_line"'),)

    def setup(self, session, pg, db):
        (snapshot_id,) = pg.query(
            db,
            """SELECT res_id FROM ir_model_data
                WHERE module = 'district_economy' AND name = 'snapshot_demo_last_year'""",
        )[0]
        return snapshot_id

    def run(self, session, snapshot_id):
        session.call("district.monitoring.snapshot", "action_compute", [snapshot_id])

    def fingerprint(self, pg, db, snapshot_id):
        (digest, count, frozen) = pg.query(
            db,
            """SELECT md5(string_agg(concat_ws(',', l.level, l.quarter_id, l.industry_id, l.indicator,
                                               round(l.value::numeric, 6), round(l.target_value::numeric, 6),
                                               l.has_target),
                                     '|' ORDER BY l.level, l.quarter_id, l.industry_id, l.indicator)),
                      count(l.id), max(s.date_frozen)::text
                 FROM district_monitoring_snapshot s
                 LEFT JOIN district_monitoring_snapshot_line l ON l.snapshot_id = s.id
                WHERE s.id = %s""",
            [snapshot_id],
        )[0]
        (duplicates,) = pg.query(
            db,
            """SELECT count(*) FROM (SELECT 1 FROM district_monitoring_snapshot_line WHERE snapshot_id = %s
                                      GROUP BY level, quarter_id, industry_id, indicator HAVING count(*) > 1) d""",
            [snapshot_id],
        )[0]
        return {"report lines": f"{digest} ({count} lines)", "lines twice": duplicates, "computed at": frozen}

    volatile = ("computed at",)


# ---------------------------------------------------------------------------------------------
# One case: reference run, killed runs, resumed run
# ---------------------------------------------------------------------------------------------
def differences(left, right, ignore=()):
    return [key for key in sorted(set(left) | set(right)) if key not in ignore and left.get(key) != right.get(key)]


def timed_run(case, server, setup):
    session = server.session()
    started = time.perf_counter()
    case.run(session, setup)
    return time.perf_counter() - started


def kill_during(case, pg, server, setup, *, delay=None, marker=None, timeout=600):
    """Start the operation and kill -9 the server after ``delay`` seconds, or as soon as PostgreSQL runs
    (or has just run, in the open transaction) a statement matching the regular expression ``marker``.

    Returns (the operation finished before the kill, the statement PostgreSQL was on).
    """
    session = server.session()
    watcher = pg.connect("postgres")
    worker = threading.Thread(target=case.run_quietly, args=(session, setup), daemon=True)
    started = time.monotonic()
    worker.start()
    seen = None
    with watcher.cursor() as cr:
        while worker.is_alive() and time.monotonic() - started < (delay if marker is None else timeout):
            if marker is not None:
                cr.execute(
                    """SELECT regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_activity
                        WHERE datname = %s AND state IN ('active', 'idle in transaction')""",
                    [server.db],
                )
                seen = next((query for (query,) in cr.fetchall() if re.search(marker, query)), None)
                if seen:
                    break
            time.sleep(0.003 if marker else 0.05)
        cr.execute(
            """SELECT regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_activity
                WHERE datname = %s AND state IN ('active', 'idle in transaction')""",
            [server.db],
        )
        running = [query for (query,) in cr.fetchall()]
    finished_first = not worker.is_alive()
    server.kill9()
    watcher.close()
    worker.join(60)
    pg.wait_idle(server.db)  # PostgreSQL ends the dead server's sessions and rolls their transactions back
    doing = seen or (running[0] if running else "no statement at that instant")
    return finished_first, doing[:100]


def reference_run(case, pg, options, ref_db):
    """The operation from start to end on a fresh copy: (its duration, what it leaves)."""
    pg.copy(options.db, ref_db, options.data_dir)
    server = OdooServer(options, ref_db).start()
    try:
        setup = case.setup(server.session(), pg, ref_db)
        duration = timed_run(case, server, setup)
    finally:
        server.stop()
    reference = case.fingerprint(pg, ref_db, setup)
    log(f"uninterrupted run: {duration:.1f} s")
    for key, value in reference.items():
        log(f"  reference {key}: {value}")
    return duration, reference


def kill_runs(case, pg, options, state):
    """Kill -9 at each point; per kill True (as before), False (changed) or None (finished before the kill).

    ``state``: the copy (kill_db), the operation's argument (setup), the reference run's duration and
    what the copy holds before (before); setup is renewed when a kill run changed the copy.
    """
    kill_db, setup, duration, before = state["kill_db"], state["setup"], state["duration"], state["before"]
    kills = []
    points = [
        (f"at {fraction:.0%} of {duration:.1f} s", {"delay": fraction * duration}) for fraction in options.kill_at
    ]
    if options.kill_on_writes:
        points += [(f"at the first {label}", {"marker": marker}) for label, marker in case.write_markers]
    for point, how in points:
        server = OdooServer(options, kill_db).start()
        finished_first, doing = kill_during(case, pg, server, setup, **how)
        changed = differences(before, case.fingerprint(pg, kill_db, setup))
        if finished_first:
            verdict, good = "SKIP: the operation had finished before the kill (not counted)", None
        elif changed:
            verdict, good = f"FAIL: changed by the killed run: {', '.join(changed)}", False
        else:
            verdict, good = "PASS: database exactly as before (all or nothing)", True
        if changed:
            pg.copy(options.db, kill_db, options.data_dir)  # the next kill needs the state before again
            server = OdooServer(options, kill_db).start()
            try:
                setup = state["setup"] = case.setup(server.session(), pg, kill_db)
            finally:
                server.stop()
        kills.append(good)
        log(f"kill -9 {point}; PostgreSQL was on: {doing}")
        log(f"  {verdict}")
    return kills


def run_case(case, pg, options):
    """Reference run on one copy, killed runs and a run to the end on another; a summary for the table."""
    data_dir = options.data_dir
    ref_db, kill_db = f"{options.db}_{case.name}_ref", f"{options.db}_{case.name}_kill"
    log(f"--- {case.title}")

    # 1. Uninterrupted reference run.
    duration, reference = reference_run(case, pg, options, ref_db)

    # 2. Killed runs on a second copy: each must leave the database exactly as before.
    pg.copy(options.db, kill_db, data_dir)
    server = OdooServer(options, kill_db).start()
    try:
        setup = case.setup(server.session(), pg, kill_db)
    finally:
        server.stop()
    before = case.fingerprint(pg, kill_db, setup)
    ok = bool(differences(before, reference, case.volatile))
    if not ok:
        log("FAIL: the reference run changed nothing, so a kill could not be told from a finished run")
    state = {"kill_db": kill_db, "setup": setup, "duration": duration, "before": before}
    kills = kill_runs(case, pg, options, state)
    setup = state["setup"]
    counted = [good for good in kills if good is not None]
    ok &= bool(counted) and all(counted)

    # 3. The operation again after the crashes, to the end: the reference result, nothing twice.
    server = OdooServer(options, kill_db).start()
    try:
        resumed_in = timed_run(case, server, setup)
    finally:
        server.stop()
    resumed = case.fingerprint(pg, kill_db, setup)
    changed = differences(reference, resumed, case.volatile)
    twice = {key: value for key, value in resumed.items() if "twice" in key and value}
    resumed_ok = not changed and not twice
    outcome = "PASS: same result as the uninterrupted run, nothing twice"
    log(f"run again after the crashes: {resumed_in:.1f} s; {outcome if resumed_ok else f'FAIL: {changed} {twice}'}")
    if not options.keep:
        pg.drop(ref_db, data_dir)
        pg.drop(kill_db, data_dir)
    return {
        "case": case.title,
        "duration": duration,
        "kills": len([good for good in kills if good is not None]),
        "kills_ok": len([good for good in kills if good]),
        "resumed": resumed_ok,
        "ok": ok and resumed_ok,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--db", default=os.environ.get("FAULT_DB", "district_economy_faults"))
    parser.add_argument("--odoo-conf", default=os.environ.get("ODOO_CONF", str(ROOT / ".state/odoo.conf")))
    parser.add_argument("--odoo-bin", default=os.environ.get("ODOO_BIN", "/opt/odoo/19.0/odoo-bin"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--addons-path", default=os.environ.get("FAULT_ADDONS_PATH") or None)
    parser.add_argument("--http-port", type=int, default=int(os.environ.get("FAULT_HTTP_PORT", "8073")))
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--partners", type=int, default=int(os.environ.get("FAULT_PARTNERS", "100000")))
    parser.add_argument("--addresses", type=int, default=int(os.environ.get("FAULT_ADDRESSES", "60000")))
    parser.add_argument("--consultations", type=int, default=int(os.environ.get("FAULT_CONSULTATIONS", "300000")))
    parser.add_argument(
        "--kill-at",
        type=float,
        nargs="+",
        default=[float(f) for f in os.environ.get("FAULT_KILL_AT", "0.2 0.4 0.7").split()],
        help="fractions of the uninterrupted run's duration at which the server is killed",
    )
    parser.add_argument(
        "--no-kill-on-writes",
        dest="kill_on_writes",
        action="store_false",
        help="only kill at the fractions, not also as soon as each case's first write statements run",
    )
    parser.add_argument("--cases", nargs="+", default=os.environ.get("FAULT_CASES", "import reassign report").split())
    parser.add_argument("--log-dir", default=str(ROOT / ".state/logs/faults"))
    parser.add_argument("--keep", action="store_true", help="keep the databases of the runs")
    options = parser.parse_args()
    config = configparser.ConfigParser()
    config.read(options.odoo_conf)
    conf = dict(config["options"])
    options.data_dir = conf.get("data_dir", str(ROOT / ".state/data"))
    Path(options.log_dir).mkdir(parents=True, exist_ok=True)
    pg = Postgres(conf)
    if not pg.exists(options.db):
        log(f"database {options.db} is missing: tools/fault_test.sh creates it")
        return 2
    table = prepare_template(pg, options.db, options)
    cases = {"import": ImportCase(table), "reassign": ReassignCase(), "report": ReportCase()}
    try:
        results = [run_case(cases[name], pg, options) for name in options.cases]
    finally:
        for server in OdooServer.running:
            server.stop()

    print("\n| operation | uninterrupted | kill -9 runs left consistent | run again = uninterrupted | result |")
    print("|---|---:|---:|---|---|")
    for result in results:
        print(
            f"| {result['case']} | {result['duration']:.1f} s | {result['kills_ok']} of {result['kills']} | "
            f"{'yes' if result['resumed'] else 'no'} | {'PASS' if result['ok'] else 'FAIL'} |"
        )
    ok = all(result["ok"] for result in results)
    print(f"\n{'PASS' if ok else 'FAIL'}: {sum(r['ok'] for r in results)} of {len(results)} operations")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
