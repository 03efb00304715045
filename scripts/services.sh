# Sourced by scripts/test.sh and scripts/bench.sh: starts a throw-away PostgreSQL
# cluster and a throw-away Redis on free loopback ports in a temp dir, exports
# DATABASE_URL and REDIS_URL, and registers a trap that stops both.

free_port() {
    .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

# initdb refuses to run as root: run the server as the postgres user then.
as_pg() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

services_start() {
    SERVICES_DIR=$(mktemp -d /tmp/ikz-services.XXXXXX)
    chmod 755 "$SERVICES_DIR"
    local pgbin; pgbin=$(pg_bin) || { echo "PostgreSQL (initdb) nicht gefunden" >&2; return 1; }
    PG_PORT=$(free_port)
    mkdir -p "$SERVICES_DIR/pg"
    [ "$(id -u)" = "0" ] && chown postgres "$SERVICES_DIR" "$SERVICES_DIR/pg"
    as_pg "$pgbin/initdb" -D "$SERVICES_DIR/pg" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 \
        || { cat "$SERVICES_DIR/initdb.log" >&2; return 1; }
    as_pg "$pgbin/pg_ctl" -D "$SERVICES_DIR/pg" -w -t 60 \
        -o "-p $PG_PORT -k $SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        -l "$SERVICES_DIR/pg.log" start >/dev/null
    PG_BIN=$pgbin
    REDIS_PORT=$(free_port)
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
        --dir "$SERVICES_DIR" --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" \
        --maxmemory-policy noeviction >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/ikz"
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    export IKZ_PG_BIN="$pgbin" IKZ_PG_DATA="$SERVICES_DIR/pg" IKZ_PG_PORT="$PG_PORT" IKZ_SERVICES_DIR="$SERVICES_DIR"
    export IKZ_REDIS_PORT="$REDIS_PORT"
    as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ikz
    echo "==> PostgreSQL auf Port $PG_PORT, Redis auf Port $REDIS_PORT ($SERVICES_DIR)"
    trap services_stop EXIT INT TERM
}

# A local S3-compatible server (moto, from PyPI) for the media tests on object storage
# (tests/s3); only `make test` starts it. Exports IKZ_S3_ENDPOINT_URL.
s3_start() {
    local port; port=$(free_port)
    .venv/bin/moto_server -H 127.0.0.1 -p "$port" >"$SERVICES_DIR/s3.log" 2>&1 &
    S3_PID=$!
    for _ in $(seq 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
        kill -0 "$S3_PID" 2>/dev/null || { cat "$SERVICES_DIR/s3.log" >&2; return 1; }
        sleep 0.1
    done
    export IKZ_S3_ENDPOINT_URL="http://127.0.0.1:$port"
    echo "==> S3-kompatibler Speicher (moto) auf Port $port"
}

services_stop() {
    [ -n "${SERVICES_DIR:-}" ] || return 0
    if [ -n "${S3_PID:-}" ]; then kill "$S3_PID" 2>/dev/null || true; wait "$S3_PID" 2>/dev/null || true; S3_PID=; fi
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    as_pg "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$SERVICES_DIR"
    SERVICES_DIR=
}

# `make run`: the same servers, but the PostgreSQL cluster and Redis's data live in var/
# (ignored by git; IKZ_RUN_VAR names another folder) and survive the run, so a second
# `make run` finds its demo again. PostgreSQL takes IKZ_RUN_PG_PORT, else the default
# port 5432 when it is free, else a free one; Redis likewise IKZ_RUN_REDIS_PORT or 6379.
local_services_start() {
    local root="$IKZ_RUN_VAR"
    mkdir -p "$root/run" "$root/redis"
    local pgbin; pgbin=$(pg_bin) || { echo "PostgreSQL (initdb) nicht gefunden" >&2; return 1; }
    PG_BIN=$pgbin
    LOCAL_PG_DATA="$root/pg"
    if [ "$(id -u)" = "0" ]; then chown postgres "$root" "$root/run"; fi
    if [ ! -f "$LOCAL_PG_DATA/PG_VERSION" ]; then
        echo "==> PostgreSQL-Cluster anlegen ($LOCAL_PG_DATA)"
        mkdir -p "$LOCAL_PG_DATA"
        [ "$(id -u)" = "0" ] && chown postgres "$LOCAL_PG_DATA"
        as_pg "$pgbin/initdb" -D "$LOCAL_PG_DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
            || { cat "$root/initdb.log" >&2; return 1; }
    fi
    # A cluster left running by a killed run is stopped first (its socket dir is ours).
    as_pg "$pgbin/pg_ctl" -D "$LOCAL_PG_DATA" status >/dev/null 2>&1 && as_pg "$pgbin/pg_ctl" -D "$LOCAL_PG_DATA" -m fast stop >/dev/null
    PG_PORT=${IKZ_RUN_PG_PORT:-5432}
    port_free "$PG_PORT" || { [ -z "${IKZ_RUN_PG_PORT:-}" ] && PG_PORT=$(free_port); } \
        || { echo "Port $PG_PORT (IKZ_RUN_PG_PORT) ist belegt." >&2; return 1; }
    as_pg "$pgbin/pg_ctl" -D "$LOCAL_PG_DATA" -w -t 60 \
        -o "-p $PG_PORT -k $root/run -c listen_addresses=127.0.0.1" -l "$root/pg.log" start >/dev/null \
        || { tail -20 "$root/pg.log" >&2; return 1; }
    as_pg "$pgbin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ikz'" | grep -q 1 \
        || as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ikz
    REDIS_PORT=${IKZ_RUN_REDIS_PORT:-6379}
    port_free "$REDIS_PORT" || { [ -z "${IKZ_RUN_REDIS_PORT:-}" ] && REDIS_PORT=$(free_port); } \
        || { echo "Port $REDIS_PORT (IKZ_RUN_REDIS_PORT) ist belegt." >&2; return 1; }
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --appendonly yes --daemonize yes \
        --dir "$root/redis" --pidfile "$root/run/redis.pid" --logfile "$root/redis.log" \
        --maxmemory-policy noeviction >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/ikz"
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    echo "==> PostgreSQL auf Port $PG_PORT (Daten in $root/pg), Redis auf Port $REDIS_PORT"
    trap local_services_stop EXIT INT TERM
}

local_services_stop() {
    [ -n "${LOCAL_PG_DATA:-}" ] || return 0
    redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
    as_pg "$PG_BIN/pg_ctl" -D "$LOCAL_PG_DATA" -m fast stop >/dev/null 2>&1 || true
    LOCAL_PG_DATA=
}

port_free() {
    .venv/bin/python -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}
