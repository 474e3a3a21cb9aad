# Shell helpers shared by the service scripts in this folder. Source it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# and set SERVICE (a short name for messages) and LOG (the log whose tail explains a failure).

SERVICES_DIR="${DATIVO_SERVICES_DIR:-/tmp/dativo-services}"

# Milliseconds since the epoch, for "ready in N ms" lines.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

say() { echo "${SERVICE:-service}: $*"; }

# Prints the message and the tail of every log named in LOG (space-separated), then exits 1.
fail() {
  echo "${SERVICE:-service}: $1" >&2
  local log
  for log in ${LOG:-}; do
    if [ -f "$log" ]; then
      echo "--- last lines of $log ---" >&2
      tail -n "${FAIL_TAIL_LINES:-30}" "$log" >&2
    fi
  done
  exit 1
}

# Installs Debian packages whose commands are missing. apt runs under /tmp/apt.lock so that
# service scripts started side by side (CI starts them in parallel) do not collide.
#   ensure_packages "radosgw ceph-mon ceph-osd" radosgw ceph-mon ceph-osd
ensure_packages() {
  local commands="$1"; shift
  local missing="" c
  for c in $commands; do command -v "$c" >/dev/null 2>&1 || missing="$missing $c"; done
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    command -v sudo >/dev/null 2>&1 || fail "missing$missing and not root; install: apt-get install -y --no-install-recommends $*"
    sudo="sudo"
  fi
  mkdir -p "$SERVICES_DIR"
  say "installing $* (missing:$missing)"
  local t0; t0=$(now_ms)
  $sudo flock /tmp/apt.lock sh -c '
    export DEBIAN_FRONTEND=noninteractive
    { [ -n "$(find /var/lib/apt/lists -name "*Packages*" 2>/dev/null | head -n 1)" ] || apt-get update -q; } &&
      apt-get install -y -q --no-install-recommends "$@"' sh "$@" >"$SERVICES_DIR/apt-$SERVICE.log" 2>&1 \
    || { LOG="$SERVICES_DIR/apt-$SERVICE.log"; fail "apt-get install $* failed"; }
  say "installed $* in $(( $(now_ms) - t0 )) ms"
}

# Waits until a command succeeds, polling every 0.2 s for at most $1 seconds.
wait_for() {
  local seconds="$1"; shift
  local tries=$(( seconds * 5 ))
  while [ "$tries" -gt 0 ]; do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
    tries=$(( tries - 1 ))
  done
  return 1
}

# Kills the process whose id is in a pid file (if it is alive) and waits for it to exit.
stop_pidfile() {
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait_for 10 sh -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}
