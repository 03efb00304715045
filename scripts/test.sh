#!/usr/bin/env bash
# The whole test run: system packages, Python deps, throw-away PostgreSQL and
# Redis, lint (ruff), types (mypy) and pytest. Extra arguments go to pytest,
# e.g. `make test ARGS="tests/contacts -x"`; with arguments lint and types are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_system_packages.sh
bash scripts/bootstrap.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
services_start
s3_start

export DJANGO_SETTINGS_MODULE=ikz_portal.settings.test
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p test-artifacts
status=0
if [ $# -eq 0 ]; then
    echo "==> ruff"
    ruff check . || status=1
    ruff format --check . || status=1
    echo "==> mypy"
    mypy . || status=1
    echo "==> makemigrations --check"
    python manage.py makemigrations --check --dry-run >/dev/null || { echo "Fehlende Migrationen"; status=1; }
fi
# The German catalogue (locale/) fills gaps in Django's own; the tests read its texts.
python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
echo "==> pytest"
python -m pytest "$@" || status=$?
exit $status
