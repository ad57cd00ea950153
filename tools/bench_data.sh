#!/usr/bin/env bash
# Benchmark data: a city's district economy over ten years in a database of its own (`make bench-data`).
# Recreates the database (BENCH_DATA_DB, default district_economy_scale, or district_economy_scale_small for
# BENCH_SCALE=small) with this module and no demo data, then fills it with tools/bench_data.py.
# BENCH_SEED (default 42) makes the data reproducible; see tools/bench_data.py for the figures and other settings.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
SCALE=${BENCH_SCALE:-full}
case "$SCALE" in
    full) DEFAULT_DB=district_economy_scale ;;
    small) DEFAULT_DB=district_economy_scale_small ;;
    *) echo "[bench-data] BENCH_SCALE must be full or small, not '$SCALE'" >&2; exit 2 ;;
esac
DB=${BENCH_DATA_DB:-$DEFAULT_DB}
export BENCH_SCALE=$SCALE BENCH_SEED=${BENCH_SEED:-42}
mkdir -p "$STATE/logs"
LOG="$STATE/logs/bench_data_$DB.log"
ODOO=("$VENV/bin/python" "$ODOO_BIN")
ARGS=(-c "$ODOO_CONF" -d "$DB" --logfile "$LOG" --no-http)
started=$(date +%s)

if PGPASSWORD=$(cat "$STATE/pg.password") "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U odoo -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    echo "[bench-data] dropping $DB"
    "${ODOO[@]}" db -c "$ODOO_CONF" drop "$DB"
fi
echo "[bench-data] creating $DB (district_economy, no demo data; log: $LOG)"
"${ODOO[@]}" "${ARGS[@]}" -i district_economy --stop-after-init
installed=$(date +%s)
echo "[bench-data] module installed in $((installed - started)) s; generating $SCALE data (seed $BENCH_SEED)"
"${ODOO[@]}" shell "${ARGS[@]}" <"$ROOT/tools/bench_data.py"
echo "[bench-data] $DB ready in $(($(date +%s) - started)) s in total"
