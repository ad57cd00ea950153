#!/usr/bin/env bash
# Speed benchmarks (numbers in the README's "Performance" section).
# 1. City scale (tools/bench_scale.py): pivots, report views, lists, "Find premises", reassignment, report
#    compute/PDF/XLSX and the dashboard as a Coordinator, each against a baseline of the same run, on the
#    database `make bench-data` fills (created here first when missing). Writes bench/results.json.
# 2. Components on their own database (district_economy_bench, no demo data), each rolled back:
#    reassigning 100,000 partners, matching among 10,000 units, locating 100,000 positions, address tables,
#    the business-register import of 10,000 rows.
# BENCH_SCALE=small runs 1. on the 1/100 data set; BENCH_ONLY=scale or BENCH_ONLY=components runs one part.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
SCALE=${BENCH_SCALE:-full}
ONLY=${BENCH_ONLY:-all}
export PGPASSWORD
PGPASSWORD=$(cat "$STATE/pg.password")

db_exists() {
    "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U odoo -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

if [ "$ONLY" != components ]; then
    if [ "$SCALE" = small ]; then SCALE_DB=${BENCH_DATA_DB:-district_economy_scale_small}; else SCALE_DB=${BENCH_DATA_DB:-district_economy_scale}; fi
    if ! db_exists "$SCALE_DB"; then
        echo "[bench] $SCALE_DB is missing: generating it first (make bench-data)"
        BENCH_SCALE=$SCALE BENCH_DATA_DB=$SCALE_DB bash "$ROOT/tools/bench_data.sh"
    else
        echo "[bench] updating district_economy in $SCALE_DB"
        "$VENV/bin/python" "$ODOO_BIN" -c "$ODOO_CONF" -d "$SCALE_DB" --logfile "$STATE/logs/bench.log" --no-http \
            -u district_economy --stop-after-init
    fi
    mkdir -p "$ROOT/bench"
    BENCH_ROOT=$ROOT BENCH_SCALE=$SCALE BENCH_OUTPUT=${BENCH_OUTPUT:-$ROOT/bench/results.json} \
        "$VENV/bin/python" "$ODOO_BIN" shell -c "$ODOO_CONF" -d "$SCALE_DB" --no-http \
        --logfile "$STATE/logs/bench.log" <"$ROOT/tools/bench_scale.py"
fi

if [ "$ONLY" != scale ]; then
    DB=${BENCH_DB:-district_economy_bench}
    ARGS=(-c "$ODOO_CONF" -d "$DB" --logfile "$STATE/logs/bench.log" --no-http)
    if ! db_exists "$DB"; then
        echo "[bench] creating $DB"
        "$VENV/bin/python" "$ODOO_BIN" "${ARGS[@]}" -i district_economy --stop-after-init
    else
        "$VENV/bin/python" "$ODOO_BIN" "${ARGS[@]}" -u district_economy --stop-after-init
    fi
    for script in bench_reassign bench_matching bench_locate bench_address_table bench_register_import; do
        "$VENV/bin/python" "$ODOO_BIN" shell "${ARGS[@]}" <"$ROOT/tools/$script.py"
    done
fi
