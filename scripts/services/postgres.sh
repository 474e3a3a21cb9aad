#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL on loopback for tests, benchmarks and CI.
#   scripts/services/postgres.sh start|stop|status
# 127.0.0.1:${DATIVO_PG_PORT:-55432}, user postgres, trust auth, fsync off (data is disposable).
# Data, socket and log live under ${DATIVO_SERVICES_DIR:-/tmp/dativo-services}/postgres.
set -euo pipefail

PORT="${DATIVO_PG_PORT:-55432}"
BASE="${DATIVO_SERVICES_DIR:-/tmp/dativo-services}/postgres"
DATA="$BASE/data"
SOCK="$BASE/run"
LOG="$BASE/postgres.log"

find_bin() {
  local name="$1"
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  for dir in /usr/local/bin /usr/local/pgsql/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/$name" ]; then echo "$dir/$name"; return; fi
  done
  echo "postgres.sh: $name not found; install PostgreSQL 15 (initdb, pg_ctl, pg_isready)" >&2
  exit 1
}

INITDB="$(find_bin initdb)"
PG_CTL="$(find_bin pg_ctl)"
PG_ISREADY="$(find_bin pg_isready)"

# initdb and the server refuse to run as root: use the postgres account when we are root.
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

fail() {
  echo "postgres.sh: $1" >&2
  if [ -f "$LOG" ]; then echo "--- last lines of $LOG ---" >&2; tail -n 30 "$LOG" >&2; fi
  exit 1
}

ready() {
  "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT" -U postgres >/dev/null 2>&1
}

start() {
  local t0; t0=$(date +%s%N)
  if ready; then echo "postgres: already running on 127.0.0.1:$PORT"; return 0; fi
  mkdir -p "$BASE" "$SOCK"
  if [ "$(id -u)" = "0" ]; then chown -R postgres: "$BASE"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    as_pg "$INITDB" -D "$DATA" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$BASE/initdb.log" 2>&1 \
      || { cat "$BASE/initdb.log" >&2; fail "initdb failed in $DATA"; }
  fi
  # A stale pid file from a killed server would make pg_ctl refuse to start.
  if [ -f "$DATA/postmaster.pid" ] && ! as_pg "$PG_CTL" -D "$DATA" status >/dev/null 2>&1; then
    rm -f "$DATA/postmaster.pid"
  fi
  as_pg "$PG_CTL" -D "$DATA" -l "$LOG" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || fail "pg_ctl could not start the server on 127.0.0.1:$PORT"
  for _ in $(seq 1 100); do
    if ready; then
      local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      echo "postgres: ready on 127.0.0.1:$PORT in ${ms} ms (data $DATA)"
      return 0
    fi
    sleep 0.1
  done
  fail "server did not accept connections on 127.0.0.1:$PORT within 10 s"
}

stop() {
  if [ -f "$DATA/PG_VERSION" ] && as_pg "$PG_CTL" -D "$DATA" status >/dev/null 2>&1; then
    as_pg "$PG_CTL" -D "$DATA" -m fast -w stop >/dev/null || fail "pg_ctl stop failed"
    echo "postgres: stopped"
  else
    echo "postgres: not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if ready; then echo "postgres: running on 127.0.0.1:$PORT"; else echo "postgres: not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
