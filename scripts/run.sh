#!/usr/bin/env bash
# `make run`: the portal with demo data on the embedded default (SQLite, tasks
# in-process, mails on the console) at http://127.0.0.1:8000 (HOST/PORT to change).
# The demo data is loaded once (`seed_demo --if-empty`); its logins are printed on
# every start, before the server's own output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-ikz_portal.settings.local}
py=.venv/bin/python
host=${HOST:-127.0.0.1}
port=${PORT:-8000}
$py manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules 2>/dev/null || true
# Quiet set-up: only warnings, so the logins stay readable.
LOG_LEVEL=WARNING $py manage.py migrate --noinput -v0
LOG_LEVEL=WARNING $py manage.py seed_demo --if-empty
echo "==> Portal: http://$host:$port/   Back Office: http://$host:$port/admin/"
exec $py manage.py runserver "$host:$port"
