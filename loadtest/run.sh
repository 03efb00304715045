#!/usr/bin/env bash
# `make loadtest`: a bounded load run on loopback against gunicorn (production settings)
# + PostgreSQL + Redis, all throw-away. 60 s, 20 users by default:
#   make loadtest ARGS="--users 40 --time 60"
# Fails on any error response and when the inquiries in the database differ from the
# inquiries submitted. Prints requests/s and p50/p95/p99 latency. Its temp folder
# (logs, static files, media) is removed at the end; `make test` runs a 5-second smoke
# of it (tests/production/test_ops_scripts.py), so it cannot silently break again.
#   --minimal       only municipalities and map boundaries instead of the whole demo
#   --static DIR    static files already collected with the production settings
#                   (staticfiles.json in DIR); collectstatic is skipped
# (both for the smoke run, which should cost seconds, not minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
users=20; spawn=5; run_time=60; workers=3; minimal=; static=
while [ $# -gt 0 ]; do
    case "$1" in
        --users) users=$2; shift 2;;
        --time) run_time=$2; shift 2;;
        --workers) workers=$2; shift 2;;
        --minimal) minimal=1; shift;;
        --static) static=$2; shift 2;;
        *) echo "unbekannt: $1" >&2; exit 2;;
    esac
done
[ "$users" -le 200 ] && [ "$run_time" -le 600 ] || { echo "höchstens 200 Nutzer und 600 s" >&2; exit 2; }
if [ -n "$static" ]; then
    [ -f "$static/staticfiles.json" ] || { echo "$static enthält keine gesammelten statischen Dateien (staticfiles.json)" >&2; exit 2; }
    static=$(cd "$static" && pwd)
fi
bash scripts/bootstrap.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
services_start
out=$(mktemp -d "${TMPDIR:-/tmp}/ikz-loadtest.XXXXXX")
gunicorn_pid=
cleanup() {
    if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
    services_stop
    rm -rf "$out"
}
trap cleanup EXIT INT TERM
py=.venv/bin/python
export DJANGO_SETTINGS_MODULE=ikz_portal.settings.production
export SECRET_KEY="loadtest-only-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
export ALLOWED_HOSTS=portal.test,127.0.0.1 CSRF_TRUSTED_ORIGINS=https://portal.test
export CELERY_BROKER_URL=$REDIS_URL EMAIL_URL=smtp://127.0.0.1:1 BEHIND_TLS_PROXY=True
export STATIC_ROOT=${static:-$out/static} MEDIA_ROOT=$out/media LOG_LEVEL=WARNING PYTHONPATH=$PWD
# Required by the production settings (Impressum); the operator's own values win.
export IKZ_OPERATOR_ADDRESS="${IKZ_OPERATOR_ADDRESS:-Lasttest;Musterstraße 1;65185 Wiesbaden}"
export IKZ_OPERATOR_EMAIL="${IKZ_OPERATOR_EMAIL:-lasttest@portal.test}"
export SITE_URL="${SITE_URL:-https://portal.test}"
unset CELERY_TASK_ALWAYS_EAGER

echo "==> Datenbank, Demodaten, statische Dateien"
$py manage.py migrate --noinput -v0
if [ -z "$minimal" ]; then
    # seed_demo refuses the production settings (its demo logins have known passwords):
    # the data is made with the local settings against the same throw-away database.
    DJANGO_SETTINGS_MODULE=ikz_portal.settings.local $py manage.py seed_demo --if-empty >/dev/null
fi
[ -n "$static" ] || $py manage.py collectstatic --noinput -v0
IKZ_LOADTEST_DATA=$out/data.json
$py loadtest/setup_data.py "$IKZ_LOADTEST_DATA" "$users" ${minimal:+--minimal}

port=$(free_port)
echo "==> gunicorn ($workers Worker) auf 127.0.0.1:$port"
$py -m gunicorn ikz_portal.wsgi:application --bind "127.0.0.1:$port" --workers "$workers" \
    --worker-class gthread --threads 4 --timeout 30 --no-control-socket >"$out/gunicorn.log" 2>&1 &
gunicorn_pid=$!
ready=
for _ in $(seq 100); do
    curl -fs -o /dev/null -H "Host: portal.test" "http://127.0.0.1:$port/healthz" && { ready=1; break; }
    sleep 0.3
done
[ -n "$ready" ] || { echo "gunicorn antwortet nicht"; tail -n 40 "$out/gunicorn.log"; exit 1; }
# One request per page before the clock starts: the worker has imported the views and
# compiled the templates, so a short run measures serving, not start-up.
for page in / /atlas/ /foerderlotse/ /konto/login/; do
    curl -fs -o /dev/null --max-time 60 -H "Host: portal.test" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port$page" \
        || { echo "Aufwärmen: $page antwortet nicht mit 200"; exit 1; }
done

echo "==> locust: $users Nutzer, ${run_time}s"
status=0
IKZ_LOADTEST_DATA=$IKZ_LOADTEST_DATA IKZ_LOADTEST_SUBMITTED=$out/submitted \
timeout $((run_time + 60)) .venv/bin/locust -f loadtest/locustfile.py --headless \
    -u "$users" -r "$spawn" -t "${run_time}s" --stop-timeout 10 -H "http://127.0.0.1:$port" \
    --csv "$out/locust" --only-summary --exit-code-on-error 1 --loglevel WARNING || status=$?

$py loadtest/report.py "$out" || status=1
if [ "$status" -ne 0 ]; then
    echo "==> gunicorn-Log (Ende)"; tail -n 40 "$out/gunicorn.log" || true
fi
exit $status
