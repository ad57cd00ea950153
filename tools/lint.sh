#!/usr/bin/env bash
# ruff (lint + format check), pylint-odoo and OCA's XML/CSV/manifest checks.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${DE_STATE_DIR:-$ROOT/.state}
# shellcheck disable=SC1091
source "$STATE/env"
cd "$ROOT" || exit 1
rc=0
echo "[lint] ruff"; "$VENV/bin/ruff" check . || rc=1
echo "[lint] ruff format"; "$VENV/bin/ruff" format --check . || rc=1
echo "[lint] pylint-odoo"
# README.md (asked for by the project) instead of OCA's generated README.rst.
mapfile -t py_files < <(git ls-files '*.py' ':!tools/')
"$VENV/bin/pylint" --rcfile=.pylintrc --disable=missing-readme "${py_files[@]}" || rc=1
echo "[lint] oca-checks-odoo-module"
"$VENV/bin/oca-checks-odoo-module" "$ROOT/__manifest__.py" || rc=1
echo "[lint] oca-checks-po"
"$VENV/bin/oca-checks-po" "$ROOT"/i18n/*.po "$ROOT"/i18n/*.pot || rc=1
[ $rc -eq 0 ] && echo "[lint] clean"
exit $rc
