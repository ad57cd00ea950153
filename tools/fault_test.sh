#!/usr/bin/env bash
# kill -9 of Odoo in the middle of an address-table import, a reassignment of all quarters and a report
# computation leaves a consistent database (`make faults`; tools/fault_test.py says how it is checked).
# Creates the database district_economy_faults (FAULT_DB) once on the development cluster with the demo
# data like `make run`, and runs a single-process Odoo on port 8073 (FAULT_HTTP_PORT) on copies of it.
# FAULT_KILL_AT (fractions of an uninterrupted run, default "0.2 0.4 0.7"), FAULT_CASES, FAULT_PARTNERS,
# FAULT_ADDRESSES and FAULT_CONSULTATIONS change what is run; FAULT_ADDONS_PATH replaces the addons path of
# .state/odoo.conf (to test a snapshot of the addon rather than the working tree).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
DB=${FAULT_DB:-district_economy_faults}
LOG=$STATE/logs/faults_install.log
ADDONS=()
[ -n "${FAULT_ADDONS_PATH:-}" ] && ADDONS=(--addons-path "$FAULT_ADDONS_PATH")
mkdir -p "$STATE/logs"
if ! PGPASSWORD=$(cat "$STATE/pg.password") "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U odoo -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    echo "[faults] creating $DB with Leipziger Osten demo data (a few minutes)"
    "$VENV/bin/python" "$ODOO_BIN" -c "$ODOO_CONF" "${ADDONS[@]}" -d "$DB" -i district_economy --with-demo --load-language de_DE \
        --stop-after-init --no-http --logfile "$LOG" || { tail -40 "$LOG"; exit 1; }
    "$VENV/bin/python" "$ODOO_BIN" shell -c "$ODOO_CONF" "${ADDONS[@]}" -d "$DB" --no-http --logfile "$LOG" \
        <"$ROOT/tools/configure_office.py"
else
    "$VENV/bin/python" "$ODOO_BIN" -c "$ODOO_CONF" "${ADDONS[@]}" -d "$DB" -u district_economy --stop-after-init --no-http \
        --logfile "$LOG" || { tail -40 "$LOG"; exit 1; }
fi
export ODOO_CONF ODOO_BIN FAULT_DB=$DB FAULT_ADDONS_PATH=${FAULT_ADDONS_PATH:-}
exec "$VENV/bin/python" "$ROOT/tools/fault_test.py" "$@"
