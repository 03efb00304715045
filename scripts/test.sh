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
checks_pid=
if [ $# -eq 0 ]; then
    # Lint, types and the migrations check read only the sources: they run on the second
    # core while pytest runs (about 1½ minutes of mypy less on the critical path); their
    # output follows pytest's, their status counts the same.
    checks() {
        local s=0
        echo "==> ruff"
        ruff check . || s=1
        ruff format --check . || s=1
        echo "==> mypy"
        mypy . || s=1
        echo "==> makemigrations --check"
        python manage.py makemigrations --check --dry-run >/dev/null || { echo "Fehlende Migrationen"; s=1; }
        return $s
    }
    checks_log="$SERVICES_DIR/checks.log"
    checks >"$checks_log" 2>&1 &
    checks_pid=$!
fi
# The German catalogue (locale/) fills gaps in Django's own; the tests read its texts.
python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
echo "==> pytest"
# A full run names its slowest tests: where the minutes go (README "Tests").
[ $# -eq 0 ] && set -- --durations=30
python -m pytest "$@" || status=$?
if [ -n "$checks_pid" ]; then
    wait "$checks_pid" || status=1
    cat "$checks_log"
fi
exit $status
