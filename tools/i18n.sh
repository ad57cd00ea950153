#!/usr/bin/env bash
# Re-exports i18n/district_economy.pot from the `make run` database and merges it into
# i18n/de.po; lists the German translations still missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
DB=${DB:-district_economy}
"$VENV/bin/python" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB" -u district_economy --stop-after-init \
    --logfile "$STATE/logs/i18n.log"
"$VENV/bin/python" "$ODOO_BIN" i18n export -c "$ODOO_CONF" -d "$DB" --languages pot -- district_economy \
    >>"$STATE/logs/i18n.log" 2>&1
rc=0
"$VENV/bin/python" "$ROOT/tools/update_po.py" || rc=$?
"$VENV/bin/oca-checks-po" --fix "$ROOT/i18n/de.po" "$ROOT/i18n/district_economy.pot" >/dev/null || true
exit $rc
