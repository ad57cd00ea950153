#!/usr/bin/env bash
# Installs what is missing to run and test the addon, idempotently:
#   system packages, Odoo 19.0 Community source, a venv with Odoo's requirements,
#   a PostgreSQL cluster under .state/, an addons path and an Odoo config file.
# Writes .state/env (sourced by the Makefile targets) and prints nothing else on success
# except progress lines prefixed with "[setup]".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
ODOO_RELEASE_URL=${ODOO_RELEASE_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}
APT_PACKAGES=(postgresql libpq-dev chromium wkhtmltopdf fonts-dejavu-core poppler-utils python3-venv
              gcc python3-dev libjpeg-dev zlib1g-dev libxml2-dev
              libxslt1-dev libffi-dev curl)

log() { echo "[setup] $*" >&2; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

mkdir -p "$STATE"/{logs,data,addons}

# --- 1. System packages -------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$STATE/logs/apt.log" 2>&1 \
        || { tail -20 "$STATE/logs/apt.log" >&2; die "apt-get install failed"; }
fi

# --- 2. Odoo 19.0 Community source ---------------------------------------------
PYTHON=${PYTHON:-python3}
is_odoo19() { [ -f "$1/odoo/release.py" ] && grep -q "version_info = (19, 0" "$1/odoo/release.py"; }
ODOO=""
if pkg_dir=$("$PYTHON" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__ or odoo.__path__[0] + "/x")))' 2>/dev/null) \
        && is_odoo19 "$pkg_dir"; then
    ODOO=$pkg_dir
elif [ -n "${ODOO_SRC:-}" ]; then
    is_odoo19 "$ODOO_SRC" || die "\$ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree"
    ODOO=$ODOO_SRC
elif is_odoo19 /opt/odoo/19.0; then
    ODOO=/opt/odoo/19.0
elif is_odoo19 "$STATE/odoo"; then
    ODOO=$STATE/odoo
else
    log "downloading Odoo 19.0 Community from $ODOO_RELEASE_URL"
    rm -rf "$STATE/odoo.partial" && mkdir -p "$STATE/odoo.partial"
    curl -fSL --retry 3 "$ODOO_RELEASE_URL" | tar -xz -C "$STATE/odoo.partial" --strip-components=1 \
        || die "could not download Odoo 19.0; set ODOO_SRC to an Odoo 19.0 Community checkout"
    mv "$STATE/odoo.partial" "$STATE/odoo"
    ODOO=$STATE/odoo
fi
[ -f "$ODOO/odoo-bin" ] || [ -f "$ODOO/setup/odoo" ] || die "no odoo-bin in $ODOO"
ODOO_BIN=$ODOO/odoo-bin
[ -f "$ODOO_BIN" ] || ODOO_BIN=$ODOO/setup/odoo

# --- 3. Python venv with Odoo's requirements ------------------------------------
VENV=$STATE/venv
REQ_STAMP=$VENV/.requirements.sha
req_hash=$(cat "$ODOO/requirements.txt" "$ROOT/tools/requirements-dev.txt" | sha256sum | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$REQ_STAMP" 2>/dev/null)" != "$req_hash" ]; then
    log "creating the Python venv (takes a few minutes the first time)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip "setuptools<70" wheel
    # Odoo's pins on Python 3.11: python-ldap is optional (LDAP login) and needs headers
    # we do not want; cbor2 5.4.2 builds as version 0.0.0 without build isolation.
    grep -v -E '^\s*python-ldap' "$ODOO/requirements.txt" \
        | sed -E 's/^cbor2==5\.4\.2/cbor2==5.4.6/' >"$STATE/requirements-odoo.txt"
    "$VENV/bin/pip" install -q --no-build-isolation -r "$STATE/requirements-odoo.txt" \
        >"$STATE/logs/pip.log" 2>&1 || { tail -30 "$STATE/logs/pip.log" >&2; die "pip install of Odoo's requirements failed"; }
    "$VENV/bin/pip" install -q -r "$ROOT/tools/requirements-dev.txt" >>"$STATE/logs/pip.log" 2>&1 \
        || { tail -30 "$STATE/logs/pip.log" >&2; die "pip install of tools/requirements-dev.txt failed"; }
    echo "$req_hash" >"$REQ_STAMP"
fi
# Make `import odoo` work in the venv (pytest-odoo, tools/ scripts).
site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ODOO" >"$site/odoo-src.pth"

# OCA addons (tools/requirements-oca.txt) go to a folder of their own, added to the addons path below:
# in the venv's site-packages their odoo/ namespace would hide the Odoo source from `import odoo`.
OCA=$STATE/oca
OCA_STAMP=$OCA/.requirements.sha
oca_hash=$(sha256sum "$ROOT/tools/requirements-oca.txt" | cut -d' ' -f1)
if [ "$(cat "$OCA_STAMP" 2>/dev/null)" != "$oca_hash" ]; then
    log "installing the OCA addons of tools/requirements-oca.txt into $OCA"
    rm -rf "$OCA" && mkdir -p "$OCA"
    "$VENV/bin/pip" install -q --no-deps --target "$OCA" -r "$ROOT/tools/requirements-oca.txt" \
        >>"$STATE/logs/pip.log" 2>&1 || { tail -30 "$STATE/logs/pip.log" >&2; die "pip install of tools/requirements-oca.txt failed"; }
    echo "$oca_hash" >"$OCA_STAMP"
fi

# --- 4. PostgreSQL cluster under .state -----------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PGBIN/pg_ctl" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
PGDATA=$STATE/pgdata
PGRUN_USER=$(id -un)
if [ "$(id -u)" = 0 ]; then
    # The server refuses to run as root; it runs as Debian's postgres user, which must be
    # able to reach .state. If the checkout sits in a private folder, keep the cluster in /var/tmp.
    PGRUN_USER=postgres
    mkdir -p "$PGDATA"
    chown postgres: "$PGDATA"
    if ! runuser -u postgres -- test -w "$PGDATA"; then
        PGDATA=/var/tmp/district_economy-pg-$(echo "$ROOT" | sha256sum | cut -c1-8)
        mkdir -p "$PGDATA" && chown postgres: "$PGDATA"
        log "postgres cannot reach $STATE, cluster kept in $PGDATA"
    fi
fi
pg() { if [ "$PGRUN_USER" = postgres ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGPASSFILE_LOCAL=$STATE/pg.password
[ -s "$PGPASSFILE_LOCAL" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$PGPASSFILE_LOCAL")
DB_PASSWORD=$(cat "$PGPASSFILE_LOCAL")
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ ! -f "$PGDATA/PG_VERSION" ]; then
    # Another checkout's cluster may hold the default port: take the next free one.
    PGPORT=${DE_PGPORT:-5433}
    while port_busy "$PGPORT"; do PGPORT=$((PGPORT + 1)); done
    echo "$PGPORT" >"$STATE/pgport"
    log "initialising a PostgreSQL cluster in $PGDATA (port $PGPORT)"
    pwfile=$(mktemp) && echo "$DB_PASSWORD" >"$pwfile" && chmod 644 "$pwfile"
    pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$STATE/logs/initdb.log" 2>&1 || { rm -f "$pwfile"; cat "$STATE/logs/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    cat >>"$PGDATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
EOF
fi
PGPORT=$(cat "$STATE/pgport" 2>/dev/null || sed -nE 's/^port = ([0-9]+)$/\1/p' "$PGDATA/postgresql.conf" | tail -1)
echo "$PGPORT" >"$STATE/pgport"
if ! pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$PGPORT"
    pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start >/dev/null \
        || { tail -20 "$PGDATA/server.log" >&2; die "PostgreSQL did not start"; }
fi
export PGPASSWORD=$DB_PASSWORD
if ! "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'" | grep -q 1; then
    # Odoo refuses to connect as "postgres": it gets a role of its own.
    "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres \
        -c "CREATE ROLE odoo LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
fi

# --- 5. Addons path and Odoo config ----------------------------------------------
# The addon is the repository root, which also holds .state: link its visible entries one
# by one, so that tools walking the module folder (translation export) never enter .state.
SHADOW=$STATE/addons/district_economy
[ -L "$SHADOW" ] && rm -f "$SHADOW"
mkdir -p "$SHADOW"
find "$SHADOW" -mindepth 1 -maxdepth 1 -type l -delete
for entry in "$ROOT"/*; do ln -s "$entry" "$SHADOW/"; done
cat >"$STATE/odoo.conf" <<EOF
[options]
addons_path = $ODOO/addons,$OCA/odoo/addons,$STATE/addons
data_dir = $STATE/data
db_host = 127.0.0.1
db_port = $PGPORT
db_user = odoo
db_password = $DB_PASSWORD
admin_passwd = $DB_PASSWORD
http_interface = 127.0.0.1
http_port = ${DE_HTTP_PORT:-8069}
EOF
cat >"$STATE/env" <<EOF
ODOO_SRC=$ODOO
ODOO_BIN=$ODOO_BIN
VENV=$VENV
ODOO_CONF=$STATE/odoo.conf
PGBIN=$PGBIN
PGPORT=$PGPORT
EOF
"$VENV/bin/python" "$ODOO_BIN" --version | grep -q "Odoo Server 19.0" || die "$ODOO_BIN is not Odoo 19.0"
log "ready: Odoo $ODOO, config $STATE/odoo.conf"
