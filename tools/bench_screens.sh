#!/usr/bin/env bash
# Times the main screens in a real browser against the running `make run` server (see tools/bench_screens.py).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
"$VENV/bin/pip" install -q -r "$ROOT/tools/requirements-bench.txt" >>"$STATE/logs/pip.log" 2>&1 \
    || { tail -30 "$STATE/logs/pip.log" >&2; exit 1; }
if ! curl -sf -o /dev/null "${BENCH_URL:-http://localhost:8069}/web/login"; then
    echo "[bench-screens] no server at ${BENCH_URL:-http://localhost:8069}: start it with 'make run' first" >&2
    exit 1
fi
exec "$VENV/bin/python" "$ROOT/tools/bench_screens.py"
