#!/usr/bin/env bash
# Beyond one machine, on one machine (`make cluster`, `make cluster-stop`):
#   tools/cluster.sh start    a PostgreSQL primary (5434) and a streaming replica of it (5435,
#                             pg_basebackup -R), and Odoo with 4 workers that sends read-only
#                             requests to the replica and writes to the primary (8070, gevent 8072)
#   tools/cluster.sh stop     stops Odoo, the replica and the primary (the data stays)
#   tools/cluster.sh restart  restarts Odoo only (after a code change; updates the module first)
#   tools/cluster.sh status   what runs, and how far the replica is behind
# Everything lives in .state/cluster/ (PostgreSQL data folders, Odoo config, filestore, logs).
# The database district_economy_cluster is created on the primary with the demo data like `make run`.
# Ports and names: CLUSTER_PRIMARY_PORT, CLUSTER_REPLICA_PORT, CLUSTER_HTTP_PORT, CLUSTER_GEVENT_PORT,
# CLUSTER_WORKERS, CLUSTER_DB; CLUSTER_ADDONS_PATH replaces the addons path of .state/odoo.conf (to run a
# snapshot of the addon rather than the working tree).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
CLUSTER=$STATE/cluster
PRIMARY_PORT=${CLUSTER_PRIMARY_PORT:-5434}
REPLICA_PORT=${CLUSTER_REPLICA_PORT:-5435}
HTTP_PORT=${CLUSTER_HTTP_PORT:-8070}
GEVENT_PORT=${CLUSTER_GEVENT_PORT:-8072}
WORKERS=${CLUSTER_WORKERS:-4}
DB=${CLUSTER_DB:-district_economy_cluster}
SLOT=district_replica
CONF=$CLUSTER/odoo.conf
PIDFILE=$CLUSTER/odoo.pid
LOG=$CLUSTER/odoo.log
DB_PASSWORD=$(cat "$STATE/pg.password")
export PGPASSWORD=$DB_PASSWORD

log() { echo "[cluster] $*" >&2; }
die() { echo "[cluster] ERROR: $*" >&2; exit 1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# PostgreSQL refuses to run as root: as root, its data folders belong to Debian's postgres user
# (like the dev cluster of tools/setup.sh); if postgres cannot reach .state, they go to /var/tmp.
mkdir -p "$CLUSTER"
PGDIR=$CLUSTER
PGRUN_USER=$(id -un)
if [ "$(id -u)" = 0 ]; then
    PGRUN_USER=postgres
    mkdir -p "$PGDIR/pg" && chown postgres: "$PGDIR/pg"
    if ! runuser -u postgres -- test -w "$PGDIR/pg"; then
        PGDIR=/var/tmp/district_economy-cluster-$(echo "$ROOT" | sha256sum | cut -c1-8)
        mkdir -p "$PGDIR/pg" && chown postgres: "$PGDIR/pg"
    fi
else
    mkdir -p "$PGDIR/pg"
fi
PRIMARY=$PGDIR/pg/primary
REPLICA=$PGDIR/pg/replica
pg() { if [ "$PGRUN_USER" = postgres ]; then runuser -u postgres -- env PGPASSWORD="$DB_PASSWORD" "$@"; else "$@"; fi; }
psql_on() { # port, database, SQL (as the superuser postgres)
    PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d "$2" \
        -v ON_ERROR_STOP=1 -tAqc "$3"
}
pg_running() { [ -f "$1/PG_VERSION" ] && pg "$PGBIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }
odoo_pid() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && cat "$PIDFILE"; }

pg_start() { # data folder, name
    pg_running "$1" && return 0
    log "starting the $2 on 127.0.0.1:$(sed -nE 's/^port = ([0-9]+)$/\1/p' "$1/postgresql.conf" | tail -1)"
    pg "$PGBIN/pg_ctl" -D "$1" -l "$1/server.log" -w -t 120 start >/dev/null \
        || { tail -20 "$1/server.log" >&2; die "the $2 did not start"; }
}

init_primary() {
    [ -f "$PRIMARY/PG_VERSION" ] && return 0
    port_busy "$PRIMARY_PORT" && die "port $PRIMARY_PORT is taken: set CLUSTER_PRIMARY_PORT"
    log "initialising the primary in $PRIMARY"
    local pwfile
    pwfile=$(mktemp) && echo "$DB_PASSWORD" >"$pwfile" && chmod 644 "$pwfile"
    pg "$PGBIN/initdb" -D "$PRIMARY" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$CLUSTER/initdb.log" 2>&1 || { rm -f "$pwfile"; cat "$CLUSTER/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    # Streaming replication (the standby reads WAL through a slot, so it never falls too far behind
    # to catch up), hot standby for read-only queries, and per-statement statistics on both servers
    # (pg_stat_statements shows which server ran what: tools/cluster_check_routing.py).
    cat >>"$PRIMARY/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
hot_standby_feedback = on
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
EOF
    echo "host replication odoo 127.0.0.1/32 scram-sha-256" >>"$PRIMARY/pg_hba.conf"
}

init_roles() {
    if ! psql_on "$PRIMARY_PORT" postgres "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'" | grep -q 1; then
        psql_on "$PRIMARY_PORT" postgres "CREATE ROLE odoo LOGIN CREATEDB REPLICATION PASSWORD '$DB_PASSWORD'"
    fi
    psql_on "$PRIMARY_PORT" postgres "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
}

init_replica() {
    [ -f "$REPLICA/PG_VERSION" ] && return 0
    port_busy "$REPLICA_PORT" && die "port $REPLICA_PORT is taken: set CLUSTER_REPLICA_PORT"
    log "copying the primary into the replica (pg_basebackup -R) in $REPLICA"
    psql_on "$PRIMARY_PORT" postgres "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT'" | grep -q 1 \
        && psql_on "$PRIMARY_PORT" postgres "SELECT pg_drop_replication_slot('$SLOT')" >/dev/null
    # -R writes standby.signal and primary_conninfo (with the password it was given) into the copy.
    pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U odoo -D "$REPLICA" -R -X stream \
        -C -S "$SLOT" --checkpoint=fast >"$CLUSTER/basebackup.log" 2>&1 \
        || { cat "$CLUSTER/basebackup.log" >&2; die "pg_basebackup failed"; }
    echo "port = $REPLICA_PORT" >>"$REPLICA/postgresql.conf"
}

wait_streaming() {
    local i
    for i in $(seq 1 60); do
        if psql_on "$PRIMARY_PORT" postgres \
                "SELECT 1 FROM pg_stat_replication WHERE application_name = 'walreceiver' AND state = 'streaming'" \
                | grep -q 1 \
            && [ "$(psql_on "$REPLICA_PORT" postgres "SELECT pg_is_in_recovery()")" = t ]; then
            return 0
        fi
        sleep 1
    done
    die "the replica on $REPLICA_PORT does not stream from the primary (see $REPLICA/server.log)"
}

write_conf() {
    local addons data_dir
    addons=${CLUSTER_ADDONS_PATH:-$(sed -nE 's/^addons_path = (.*)$/\1/p' "$ODOO_CONF")}
    data_dir=$CLUSTER/data
    mkdir -p "$data_dir"
    # Workers and the replica are given on the command line (see start_odoo): the flags to copy to
    # several machines. Per worker: recycled above 1.5 GB, killed above 2 GB; a request gets 5 min.
    cat >"$CONF" <<EOF
[options]
addons_path = $addons
data_dir = $data_dir
db_host = 127.0.0.1
db_port = $PRIMARY_PORT
db_user = odoo
db_password = $DB_PASSWORD
admin_passwd = $DB_PASSWORD
db_maxconn = 32
http_interface = 127.0.0.1
list_db = False
limit_memory_soft = 1610612736
limit_memory_hard = 2147483648
limit_time_cpu = 300
limit_time_real = 600
EOF
}

init_database() {
    local odoo=("$VENV/bin/python" "$ODOO_BIN" -c "$CONF" -d "$DB" --workers 0 --no-http)
    if ! psql_on "$PRIMARY_PORT" postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        log "creating database $DB on the primary with Leipziger Osten demo data (a few minutes)"
        "${odoo[@]}" -i district_economy --with-demo --load-language de_DE --stop-after-init \
            --logfile "$CLUSTER/install.log" || { tail -40 "$CLUSTER/install.log" >&2; exit 1; }
        "$VENV/bin/python" "$ODOO_BIN" shell -c "$CONF" -d "$DB" --no-http --logfile "$CLUSTER/install.log" \
            <"$ROOT/tools/configure_office.py"
    else
        log "updating district_economy in $DB"
        "${odoo[@]}" -u district_economy --stop-after-init --logfile "$CLUSTER/install.log" \
            || { tail -40 "$CLUSTER/install.log" >&2; exit 1; }
    fi
}

gevent_check() {
    # In workers mode a gevent process serves the web client's websocket. gevent 22.10 resolves its
    # own requirements with the venv's pkg_resources (setuptools<70), which does not find
    # zope.interface >= 8 / zope.event >= 5.1 (their metadata folders are spelt zope_interface...):
    # the process then dies at every start and is respawned forever. Then the last versions with the
    # old spelling go into .state/cluster/pylib, for this Odoo only (the shared venv stays as it is).
    local check=(-W ignore -c "import pkg_resources; pkg_resources.require('gevent')")
    PYTHONPATH=$CLUSTER/pylib "$VENV/bin/python" "${check[@]}" 2>/dev/null && return 0
    log "gevent cannot load its plugins with this venv: zope.interface 7.2 / zope.event 5.0 into $CLUSTER/pylib"
    rm -rf "$CLUSTER/pylib"
    "$VENV/bin/pip" install -q --no-deps --target "$CLUSTER/pylib" "zope.interface==7.2" "zope.event==5.0" \
        >>"$CLUSTER/pip.log" 2>&1 || { tail -20 "$CLUSTER/pip.log" >&2; die "pip install into $CLUSTER/pylib failed"; }
    PYTHONPATH=$CLUSTER/pylib "$VENV/bin/python" "${check[@]}" || die "gevent still cannot load its plugins"
}

start_odoo() {
    port_busy "$HTTP_PORT" && die "port $HTTP_PORT is taken: set CLUSTER_HTTP_PORT"
    log "starting Odoo: $WORKERS workers, writes to 127.0.0.1:$PRIMARY_PORT, read-only requests to 127.0.0.1:$REPLICA_PORT"
    gevent_check
    PYTHONPATH=$CLUSTER/pylib setsid nohup "$VENV/bin/python" "$ODOO_BIN" -c "$CONF" -d "$DB" --db-filter="^${DB}\$" \
        --workers "$WORKERS" --max-cron-threads 1 \
        --db_replica_host 127.0.0.1 --db_replica_port "$REPLICA_PORT" \
        --http-port "$HTTP_PORT" --gevent-port "$GEVENT_PORT" \
        --logfile "$LOG" </dev/null >/dev/null 2>&1 &
    echo $! >"$PIDFILE"
    local i
    for i in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/web/login" && return 0
        kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { tail -30 "$LOG" >&2; die "Odoo stopped while starting"; }
        sleep 1
    done
    tail -30 "$LOG" >&2
    die "Odoo does not answer on port $HTTP_PORT"
}

stop_odoo() {
    local pid i
    pid=$(odoo_pid) || { rm -f "$PIDFILE"; return 0; }
    log "stopping Odoo (pid $pid)"
    kill -TERM "$pid"
    for i in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$PIDFILE"
}

status() {
    local pid
    if pid=$(odoo_pid); then echo "Odoo:    running (pid $pid), http://localhost:$HTTP_PORT, database $DB"
    else echo "Odoo:    stopped"; fi
    if pg_running "$PRIMARY"; then echo "primary: running on 127.0.0.1:$PRIMARY_PORT ($PRIMARY)"
    else echo "primary: stopped"; fi
    if pg_running "$REPLICA"; then
        echo "replica: running on 127.0.0.1:$REPLICA_PORT ($REPLICA)"
        pg_running "$PRIMARY" && psql_on "$PRIMARY_PORT" postgres \
            "SELECT 'streaming: ' || state || ', replay lag ' || COALESCE(replay_lag::text, '0')
                    || ', bytes behind ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)
               FROM pg_stat_replication WHERE application_name = 'walreceiver'"
    else echo "replica: stopped"; fi
}

case "${1:-start}" in
    start)
        init_primary
        pg_start "$PRIMARY" primary
        init_roles
        init_replica
        pg_start "$REPLICA" replica
        wait_streaming
        if ! odoo_pid >/dev/null; then
            write_conf
            init_database
            start_odoo
        fi
        echo "[cluster] serving http://localhost:$HTTP_PORT  (login: admin / password: admin; database $DB)"
        ;;
    stop)
        stop_odoo
        for dir in "$REPLICA" "$PRIMARY"; do
            if pg_running "$dir"; then
                log "stopping PostgreSQL in $dir"
                pg "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
            fi
        done
        ;;
    restart)
        stop_odoo
        exec bash "$0" start
        ;;
    status)
        status
        ;;
    *)
        echo "usage: $0 start|stop|restart|status" >&2
        exit 2
        ;;
esac
