#!/usr/bin/env bash
# Creates the demo database (once) for a German office and serves Odoo on http://localhost:8069.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
DB=${DB:-district_economy}
ODOO=("$VENV/bin/python" "$ODOO_BIN" -c "$ODOO_CONF")

db_exists() {
    PGPASSWORD=$(cat "$STATE/pg.password") "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U odoo -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

if ! db_exists "$DB"; then
    echo "[run] creating database $DB with Leipziger Osten demo data (a few minutes)"
    "${ODOO[@]}" -d "$DB" -i district_economy --with-demo --load-language de_DE \
        --stop-after-init --logfile "$STATE/logs/install.log" \
        || { tail -40 "$STATE/logs/install.log"; exit 1; }
    "$VENV/bin/python" "$ODOO_BIN" shell -c "$ODOO_CONF" -d "$DB" --no-http --logfile "$STATE/logs/install.log" \
        <"$ROOT/tools/configure_office.py"
else
    echo "[run] updating district_economy in $DB"
    "${ODOO[@]}" -d "$DB" -u district_economy --stop-after-init --logfile "$STATE/logs/install.log" \
        || { tail -40 "$STATE/logs/install.log"; exit 1; }
fi
echo "[run] serving http://localhost:8069  (login: admin / password: admin)"
exec "${ODOO[@]}" -d "$DB" --db-filter="^${DB}\$"
