#!/usr/bin/env bash
# Load test (`make load`): 20 simulated coordinators (LOAD_USERS) for 5 minutes (LOAD_SECONDS) against
# `make run` (http://localhost:8069) and `make cluster` (http://localhost:8070), each if it is running,
# one after the other (LOAD_TARGETS="run cluster"). Figures as Markdown on the screen and as JSON in
# .state/logs/load_<target>.json; see tools/load_test.py for what a simulated coordinator does.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
mkdir -p "$STATE/logs"
rc=0
ran=0
for target in ${LOAD_TARGETS:-run cluster}; do
    case "$target" in
        run) url=http://localhost:${DE_HTTP_PORT:-8069}; db=${DB:-district_economy}; pgport=$PGPORT ;;
        cluster) url=http://localhost:${CLUSTER_HTTP_PORT:-8070}; db=${CLUSTER_DB:-district_economy_cluster}
                 pgport=${CLUSTER_PRIMARY_PORT:-5434} ;;
        *) echo "[load] unknown target '$target' (run or cluster)" >&2; exit 2 ;;
    esac
    if ! curl -sf -o /dev/null "$url/web/login"; then
        echo "[load] no server at $url: start it with 'make $target' first; skipped" >&2
        continue
    fi
    ran=$((ran + 1))
    "$VENV/bin/python" "$ROOT/tools/load_test.py" --url "$url" --db "$db" --label "make $target" \
        --users "${LOAD_USERS:-20}" --seconds "${LOAD_SECONDS:-300}" --think "${LOAD_THINK:-0}" \
        --pg-port "$pgport" --pg-password-file "$STATE/pg.password" --json "$STATE/logs/load_$target.json" || rc=1
done
[ "$ran" -gt 0 ] || { echo "[load] no server to load: 'make run' and/or 'make cluster' first" >&2; exit 1; }
exit "$rc"
