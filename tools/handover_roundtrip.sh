#!/usr/bin/env bash
# Hand-over round trip (issue 17): exports the source database (default: $TEST_DB, the test database with
# the demo data, after the tests), imports the archive into a new database <source>_handover with the addon
# and no demo data, and compares record counts and monitoring figures (tools/handover_roundtrip.py).
# Ends with "[handover] round trip OK" (exit 0) or "[handover] round trip FAILED" (exit 1).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
SOURCE=${1:-${TEST_DB:-district_economy_test}}
TARGET=${HANDOVER_TARGET_DB:-${SOURCE}_handover}
LOG=${HANDOVER_LOG:-$STATE/logs/handover_${TARGET}.log}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PGPASSWORD
PGPASSWORD=$(cat "$STATE/pg.password")
OPTIONS=(-c "$ODOO_CONF" --no-http --workers 0 --max-cron-threads 0)

fail() {
    grep -h "^\[handover\]\|^odoo.exceptions\|Error: " "$LOG" | tail -5
    echo "[handover] round trip FAILED: $1 (log: $LOG)"
    exit 1
}

: >"$LOG"
echo "[handover] round trip: $SOURCE -> $TARGET (log: $LOG)"
"$PGBIN/dropdb" -h 127.0.0.1 -p "$PGPORT" -U odoo --if-exists "$TARGET" || fail "cannot drop $TARGET"
rm -rf "$STATE/data/filestore/$TARGET"
# The target is installed while the source is exported (the two are independent).
"$VENV/bin/python" "$ODOO_BIN" "${OPTIONS[@]}" -d "$TARGET" -i district_economy --stop-after-init \
    >"$WORK/install.log" 2>&1 &
install_pid=$!

export HANDOVER_ARCHIVE="$WORK/handover.zip"
HANDOVER_STEP=export HANDOVER_FIGURES="$WORK/source.json" "$VENV/bin/python" "$ODOO_BIN" shell "${OPTIONS[@]}" -d "$SOURCE" \
    <"$ROOT/tools/handover_roundtrip.py" >>"$LOG" 2>&1
wait "$install_pid"
install_rc=$?
cat "$WORK/install.log" >>"$LOG"
[ "$install_rc" -eq 0 ] || fail "installing district_economy into $TARGET"
[ -s "$WORK/source.json" ] || fail "the export from $SOURCE"
HANDOVER_STEP=import HANDOVER_FIGURES="$WORK/target.json" "$VENV/bin/python" "$ODOO_BIN" shell "${OPTIONS[@]}" -d "$TARGET" \
    <"$ROOT/tools/handover_roundtrip.py" >>"$LOG" 2>&1
[ -s "$WORK/target.json" ] || fail "the import into $TARGET"
grep -h "^\[handover\]" "$LOG"
HANDOVER_STEP=compare HANDOVER_SOURCE_FIGURES="$WORK/source.json" HANDOVER_TARGET_FIGURES="$WORK/target.json" \
    "$VENV/bin/python" "$ROOT/tools/handover_roundtrip.py"
