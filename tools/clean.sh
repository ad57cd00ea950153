#!/usr/bin/env bash
# Stops the project's PostgreSQL cluster and deletes .state/ (venv, cluster, filestore, logs).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
if [ -f "$STATE/env" ]; then
    # shellcheck disable=SC1091
    source "$STATE/env"
    for d in "$STATE/pgdata" "/var/tmp/district_economy-pg-$(echo "$ROOT" | sha256sum | cut -c1-8)"; do
        [ -f "$d/PG_VERSION" ] || continue
        if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d" stop -m fast
        else "$PGBIN/pg_ctl" -D "$d" stop -m fast; fi
    done
fi
rm -rf "$STATE"
