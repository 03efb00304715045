#!/usr/bin/env bash
# `make run`: the portal with demo data on the production topology – a project-local
# PostgreSQL cluster and Redis (data in var/, kept between runs), the web server, one
# Celery worker and one beat as separate processes (as docker-compose.yml runs them),
# started and labelled by honcho (scripts/Procfile.run) and all stopped on Ctrl-C.
# Portal at http://127.0.0.1:8000 (HOST/PORT to change); mails appear on the console.
# The demo data is loaded once (`seed_demo --if-empty`); its logins are printed on every start.
# IKZ_RUN_VAR (default ./var) holds the cluster, Redis's data, the beat schedule and the
# uploaded files; IKZ_RUN_PG_PORT / IKZ_RUN_REDIS_PORT fix the ports (tests/production/test_make_run.py
# runs a second portal that way beside everything else).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_system_packages.sh
bash scripts/bootstrap.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
IKZ_RUN_VAR=$(mkdir -p "${IKZ_RUN_VAR:-var}" && cd "${IKZ_RUN_VAR:-var}" && pwd)
export IKZ_RUN_VAR
export MEDIA_ROOT=${MEDIA_ROOT:-$([ "$IKZ_RUN_VAR" = "$PWD/var" ] && echo "$PWD/media" || echo "$IKZ_RUN_VAR/media")}
local_services_start
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-ikz_portal.settings.local}
export HOST=${HOST:-127.0.0.1} PORT=${PORT:-8000}
export PATH="$PWD/.venv/bin:$PATH"
py=.venv/bin/python
$py manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules 2>/dev/null || true
# Quiet set-up: only warnings, so the logins stay readable.
LOG_LEVEL=WARNING $py manage.py migrate --noinput -v0
LOG_LEVEL=WARNING $py manage.py seed_demo --if-empty
echo "==> Portal: http://$HOST:$PORT/   Back Office: http://$HOST:$PORT/admin/   (Strg+C beendet alles)"
# Not exec: the trap of local_services_start stops PostgreSQL and Redis after honcho.
honcho -f scripts/Procfile.run -d . start || true
