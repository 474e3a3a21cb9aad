#!/usr/bin/env bash
# Starts or stops a throwaway MariaDB on loopback for tests, benchmarks and CI.
#   scripts/services/mariadb.sh start|stop|status
# 127.0.0.1:${DATIVO_MYSQL_PORT:-53306}; TCP user dativo / dativo with all privileges, database dativo.
# Data, socket and log live under ${DATIVO_SERVICES_DIR:-/tmp/dativo-services}/mariadb.
set -euo pipefail

PORT="${DATIVO_MYSQL_PORT:-53306}"
BASE="${DATIVO_SERVICES_DIR:-/tmp/dativo-services}/mariadb"
DATA="$BASE/data"
SOCK="$BASE/mariadb.sock"
PIDFILE="$BASE/mariadb.pid"
LOG="$BASE/mariadb.log"

fail() {
  echo "mariadb.sh: $1" >&2
  if [ -f "$LOG" ]; then echo "--- last lines of $LOG ---" >&2; tail -n 30 "$LOG" >&2; fi
  exit 1
}

install_if_missing() {
  if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then return 0; fi
  echo "mariadb: installing mariadb-server from apt" >&2
  flock /tmp/apt.lock apt-get install -y mariadb-server mariadb-test-data >"$BASE/apt.log" 2>&1 \
    || { tail -n 20 "$BASE/apt.log" >&2; fail "apt-get install mariadb-server failed"; }
}

# The server runs as `mysql` when we are root; a non-root user runs it as themselves.
as_db() {
  if [ "$(id -u)" = "0" ]; then runuser -u mysql -- "$@"; else "$@"; fi
}

client() {
  mariadb --no-defaults --socket="$SOCK" -u root "$@"
}

tcp_ready() {
  mariadb --no-defaults -h 127.0.0.1 -P "$PORT" -u dativo -pdativo -e "SELECT 1" dativo >/dev/null 2>&1
}

start() {
  local t0; t0=$(date +%s%N)
  mkdir -p "$BASE"
  if tcp_ready; then echo "mariadb: already running on 127.0.0.1:$PORT"; return 0; fi
  install_if_missing
  local mysqld; mysqld="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
  if [ "$(id -u)" = "0" ]; then chown -R mysql: "$BASE"; fi
  if [ ! -d "$DATA/mysql" ]; then
    rm -rf "$DATA"
    as_db mariadb-install-db --no-defaults --datadir="$DATA" --auth-root-authentication-method=socket \
      --skip-test-db >"$BASE/install-db.log" 2>&1 \
      || { tail -n 30 "$BASE/install-db.log" >&2; fail "mariadb-install-db failed in $DATA"; }
  fi
  # A server still running (or a stale pid file from a killed one) must not be started twice.
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    fail "a server (pid $(cat "$PIDFILE")) runs on $DATA but does not accept dativo/dativo on 127.0.0.1:$PORT; run '$0 stop' first"
  fi
  rm -f "$PIDFILE" "$SOCK"
  # --skip-name-resolve: TCP logins match 127.0.0.1 without DNS; innodb settings trade durability
  # for speed since the data is disposable.
  local runas=(); if [ "$(id -u)" = "0" ]; then runas=(runuser -u mysql --); fi
  # setsid: the server outlives the shell that started it and its signals.
  setsid "${runas[@]}" "$mysqld" --no-defaults --datadir="$DATA" --socket="$SOCK" --pid-file="$PIDFILE" \
    --port="$PORT" --bind-address=127.0.0.1 --skip-name-resolve --log-error="$LOG" \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=512M \
    --max-allowed-packet=256M --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do
    if [ -S "$SOCK" ] && client -e "SELECT 1" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then fail "mariadbd exited during start-up"; fi
    sleep 0.1
  done
  [ -S "$SOCK" ] || fail "mariadbd did not open $SOCK within 30 s"
  # With --skip-name-resolve root only works over the socket, so tests use a TCP user.
  client -e "CREATE USER IF NOT EXISTS 'dativo'@'%' IDENTIFIED BY 'dativo';
             CREATE USER IF NOT EXISTS 'dativo'@'127.0.0.1' IDENTIFIED BY 'dativo';
             GRANT ALL PRIVILEGES ON *.* TO 'dativo'@'%' WITH GRANT OPTION;
             GRANT ALL PRIVILEGES ON *.* TO 'dativo'@'127.0.0.1' WITH GRANT OPTION;
             CREATE DATABASE IF NOT EXISTS dativo; FLUSH PRIVILEGES;" \
    || fail "could not create user dativo and database dativo"
  tcp_ready || fail "dativo/dativo cannot log in on 127.0.0.1:$PORT"
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "mariadb: ready on 127.0.0.1:$PORT in ${ms} ms (data $DATA)"
}

stop() {
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    local pid; pid="$(cat "$PIDFILE")"
    kill "$pid"
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || { echo "mariadb: stopped"; return 0; }
      sleep 0.1
    done
    fail "mariadbd (pid $pid) did not stop within 30 s"
  else
    echo "mariadb: not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if tcp_ready; then echo "mariadb: running on 127.0.0.1:$PORT"; else echo "mariadb: not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
