#!/usr/bin/env bash
# Speed benchmarks (numbers in the README): reassigning quarters of 100,000 partners,
# matching premises among 10,000 units and 1,000 open cases, locating 100,000 positions by the quarters' outlines,
# previewing and importing an address table of 100,000 addresses.
# Uses its own database (district_economy_bench), created once without demo data.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
DB=${BENCH_DB:-district_economy_bench}
ARGS=(-c "$ODOO_CONF" -d "$DB" --logfile "$STATE/logs/bench.log")
ODOO=("$VENV/bin/python" "$ODOO_BIN" "${ARGS[@]}" --no-http)
if ! PGPASSWORD=$(cat "$STATE/pg.password") "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U odoo -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    echo "[bench] creating $DB"
    "${ODOO[@]}" -i district_economy --stop-after-init
else
    "${ODOO[@]}" -u district_economy --stop-after-init
fi
"$VENV/bin/python" "$ODOO_BIN" shell "${ARGS[@]}" --no-http <"$ROOT/tools/bench_reassign.py"
"$VENV/bin/python" "$ODOO_BIN" shell "${ARGS[@]}" --no-http <"$ROOT/tools/bench_matching.py"
"$VENV/bin/python" "$ODOO_BIN" shell "${ARGS[@]}" --no-http <"$ROOT/tools/bench_locate.py"
"$VENV/bin/python" "$ODOO_BIN" shell "${ARGS[@]}" --no-http <"$ROOT/tools/bench_address_table.py"
