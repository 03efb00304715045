#!/usr/bin/env bash
# `make run`: the portal with demo data on the embedded default (SQLite, tasks
# in-process, mails on the console) at http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-ikz_portal.settings.local}
py=.venv/bin/python
$py manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules 2>/dev/null || true
$py manage.py migrate --noinput -v0
$py manage.py seed_demo --if-empty
exec $py manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
