#!/usr/bin/env bash
# `make bench`: page times and query counts at factor 1 and nationwide, side by side.
# Starts a throw-away PostgreSQL and Redis (scripts/services.sh), creates one database
# per data set, migrates, fills it with `seed_scale`, then measures both with bench/
# in one process, alternating between them page by page (DEBUG off, cached templates,
# in-process requests), and runs the jobs on each. Prints one table and writes
# bench-results/<time>.json (+ .txt). Loopback only; every loop is bounded.
#
# Options (make bench ARGS="…"):
#   --large-factor N   the second data set (default: nationwide, factor 100)
#   --quick            factor 1 against factor 10, 10 requests per page (a smoke run)
#   --repeat N         measured requests per page (default 30)
#   --only TEXT        only measuring points whose name contains TEXT
#   --no-jobs          leave out statistics, PDF and register import
# Environment: BENCH_REGISTER (GV-ISys XLSX with all municipalities; default the
# shared nationwide extract if present, otherwise synthetic municipalities),
# BENCH_GV100AD (GV100AD file for the import job), BENCH_SEED (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

large=(--nationwide)
large_label="bundesweit"
measure_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --large-factor) large=(--factor "$2"); large_label="faktor-$2"; shift 2 ;;
        --quick) large=(--factor 10); large_label="faktor-10"; measure_args+=(--repeat 10); shift ;;
        --repeat|--only) measure_args+=("$1" "$2"); shift 2 ;;
        --no-jobs) measure_args+=("$1"); shift ;;
        *) echo "Unbekannte Option: $1" >&2; exit 2 ;;
    esac
done

bash scripts/ensure_system_packages.sh
bash scripts/bootstrap.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
services_start

export DJANGO_SETTINGS_MODULE=bench.settings
export PATH="$PWD/.venv/bin:$PATH"
export MEDIA_ROOT="$IKZ_SERVICES_DIR/media"
register="${BENCH_REGISTER:-../shared/data/AuszugGV1QAktuell_31032023.xlsx}"
seed_args=(--seed "${BENCH_SEED:-1}")
if [ -f "$register" ]; then
    seed_args+=(--register "$register")
else
    echo "==> Kein Gemeindeverzeichnis unter $register: synthetische Kommunen (BENCH_REGISTER setzen)"
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=bench-results
mkdir -p "$results"
server="${DATABASE_URL%/*}"

seed() {
    local label=$1; shift
    local db="ikz_${label//-/_}"
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
    echo "==> $label: migrate"
    DATABASE_URL="$server/$db" python manage.py migrate --noinput -v0
    echo "==> $label: seed_scale $* ${seed_args[*]}"
    local started; started=$(date +%s.%N)
    DATABASE_URL="$server/$db" python manage.py seed_scale "$@" "${seed_args[@]}"
    seconds+=("$(python -c "import time; print(round(time.time() - $started, 1))")")
    databases+=("$db")
}

seconds=()
databases=()
seed faktor-1 --factor 1
seed "$large_label" "${large[@]}"
# Both data sets measured in one process, page by page in alternating rounds, so that a
# change in the speed of the (shared) machine moves both figures alike; then the jobs.
echo "==> messen: faktor-1 und $large_label abwechselnd"
export DATABASE_URL="$server/${databases[0]}"
python -m bench measure-pair --labels faktor-1 "$large_label" --databases "${databases[@]}" \
    --outs "$results/$stamp-faktor-1.json" "$results/$stamp-$large_label.json" \
    --seed-seconds "${seconds[@]}" "${measure_args[@]}"
python -m bench report "$results/$stamp-faktor-1.json" "$results/$stamp-$large_label.json" \
    --out "$results/$stamp.json" | tee "$results/$stamp.txt"
echo "==> Ergebnisse: $results/$stamp.json, $results/$stamp.txt"
