#!/usr/bin/env bash
# Throwaway PostgreSQL 15 for tests and CI (reference/actors-cluster.md §5.1, option 2): a cluster
# under /tmp/callactors-pg, listening on 127.0.0.1:55432 only, trust auth, fsync off. Nothing in
# /etc is touched and it runs beside a Debian-managed cluster. Needs the Debian package
# `postgresql` (apt-get install -y postgresql).
#
#   .ci/postgres.sh start   initdb if needed, start (no-op when running), print the connection string
#   .ci/postgres.sh stop    stop and delete the cluster
#   .ci/postgres.sh url     print the connection string, e.g. for CALLACTORS_TEST_POSTGRES
#
#   export CALLACTORS_TEST_POSTGRES="$(.ci/postgres.sh start)"
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ROOT=${CALLACTORS_PG_ROOT:-/tmp/callactors-pg}
PORT=${CALLACTORS_PG_PORT:-55432}
DATA="$ROOT/data"

url() {
    echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
}

# PostgreSQL refuses to run as root.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() {
    [ -f "$DATA/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    if [ ! -x "$PG_BIN/initdb" ]; then
        echo "PostgreSQL 15 not found in $PG_BIN: install the Debian package postgresql (apt-get install -y postgresql)" >&2
        exit 1
    fi
    if running; then
        url
        return
    fi
    mkdir -p "$ROOT"
    if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$ROOT"
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_postgres "$PG_BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale >"$ROOT/initdb.log" 2>&1 \
            || { cat "$ROOT/initdb.log" >&2; exit 1; }
    fi
    # fsync, synchronous_commit and full_page_writes off: for tests only, never to measure durability.
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -l "$ROOT/pg.log" -w -o \
        "-c listen_addresses=127.0.0.1 -p $PORT -k $ROOT -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$ROOT/pg.log" >&2; exit 1; }
    url
}

stop() {
    if running; then
        as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    fi
    rm -rf "$ROOT"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *)
        echo "usage: $0 start|stop|url" >&2
        exit 2
        ;;
esac
