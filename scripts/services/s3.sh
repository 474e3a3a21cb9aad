#!/usr/bin/env bash
# Starts or stops a throwaway S3 endpoint for tests, benchmarks and CI: a single-node Ceph cluster
# (one monitor, one in-memory OSD, no auth, pools of size 1) with the RADOS Gateway in front.
# RGW is used rather than a lighter fake because it honours conditional writes (If-None-Match: *,
# If-Match), which the files catalog's commits rely on.
#   scripts/services/s3.sh start|stop|status|env
# S3 on http://127.0.0.1:${DATIVO_S3_PORT:-57480}, path-style, region us-east-1, access key
# `dativo`, secret `dativo-secret-key`. Everything (config, monitor and OSD data, sockets, logs)
# lives under ${DATIVO_SERVICES_DIR:-/tmp/dativo-services}/s3. The OSD keeps objects in memory:
# data does not survive a stop.
set -euo pipefail
SERVICE=s3
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${DATIVO_S3_PORT:-57480}"
MON_PORT="${DATIVO_S3_MON_PORT:-57470}"
BASE="$SERVICES_DIR/s3"
CONF="$BASE/ceph.conf"
RUN="$BASE/run"
LOGS="$BASE/log"
ENDPOINT="http://127.0.0.1:$PORT"
ACCESS_KEY=dativo
SECRET_KEY=dativo-secret-key
LOG="$LOGS/client.rgw.dativo.log $LOGS/mon.a.log $LOGS/osd.0.log"

ceph_() { ceph -c "$CONF" --connect-timeout 10 "$@"; }

# The gateway answers an anonymous ListBuckets once it serves S3 (anything else on the port does not).
ready() { curl -s --max-time 2 "$ENDPOINT/" 2>/dev/null | grep -q ListAllMyBucketsResult; }

write_conf() {
  cat >"$CONF" <<CONF
[global]
fsid = $(cat /proc/sys/kernel/random/uuid)
mon host = [v2:127.0.0.1:$MON_PORT]
public addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = $RUN
admin socket = $RUN/\$name.asok
pid file = $RUN/\$name.pid
log file = $LOGS/\$name.log
mon cluster log file = $LOGS/cluster.log
crash dir = $BASE/crash
keyring = /dev/null
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 1
osd pool default pgp num = 1
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000

[mon]
mon data = $BASE/mon/\$id
# A lone monitor need not batch map updates: without this every pool RGW creates costs ~1 s.
paxos propose interval = 0.01
paxos min wait = 0.01

[osd]
osd data = $BASE/osd/\$id
osd objectstore = memstore
memstore device bytes = 4294967296
osd max object name len = 460
osd max object namespace len = 64

[client.rgw.dativo]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $BASE/rgw
rgw dns name = 127.0.0.1
# Without crc mode radosgw loops on "auth error -13" against an auth-less cluster.
ms mon client mode = crc
ms client mode = crc
ms service mode = crc
CONF
}

start() {
  local t0; t0=$(now_ms)
  if ready; then say "already running on $ENDPOINT"; return 0; fi
  # Two starts at once (parallel CI steps) must not build two clusters in one folder.
  mkdir -p "$SERVICES_DIR"
  exec 9>"$SERVICES_DIR/s3.lock"
  flock 9
  if ready; then say "already running on $ENDPOINT"; return 0; fi
  ensure_packages "radosgw radosgw-admin ceph ceph-conf ceph-mon ceph-osd monmaptool curl" radosgw ceph-mon ceph-osd curl

  # Nothing answers: whatever is left is stale (the OSD kept its objects in memory anyway).
  stop_daemons
  rm -rf "$BASE"
  mkdir -p "$BASE" "$RUN" "$LOGS" "$BASE/mon/a" "$BASE/osd/0" "$BASE/rgw" "$BASE/crash"
  write_conf

  monmaptool --create --clobber --fsid "$(ceph-conf -c "$CONF" --lookup fsid)" \
    --addv a "[v2:127.0.0.1:$MON_PORT]" "$BASE/monmap" >"$LOGS/setup.log" 2>&1 \
    || { LOG="$LOGS/setup.log"; fail "monmaptool failed"; }
  ceph-mon -c "$CONF" -i a --mkfs --monmap "$BASE/monmap" >>"$LOGS/setup.log" 2>&1 \
    || { LOG="$LOGS/setup.log $LOGS/mon.a.log"; fail "ceph-mon --mkfs failed"; }
  ceph-mon -c "$CONF" -i a >>"$LOGS/setup.log" 2>&1 || fail "ceph-mon did not start"
  say "monitor up on 127.0.0.1:$MON_PORT after $(( $(now_ms) - t0 )) ms"

  local id
  id="$(ceph_ osd create 2>>"$LOGS/setup.log")" || { LOG="$LOGS/setup.log $LOGS/mon.a.log"; fail "could not register the OSD with the monitor"; }
  [ "$id" = "0" ] || fail "expected OSD id 0, got '$id'"
  ceph-osd -c "$CONF" -i 0 --mkfs >>"$LOGS/setup.log" 2>&1 || { LOG="$LOGS/setup.log $LOGS/osd.0.log"; fail "ceph-osd --mkfs failed"; }
  ceph-osd -c "$CONF" -i 0 >>"$LOGS/setup.log" 2>&1 || fail "ceph-osd did not start"
  wait_for 60 sh -c "ceph -c '$CONF' --connect-timeout 5 osd stat 2>/dev/null | grep -q '1 up'" \
    || fail "the OSD did not come up within 60 s"
  say "OSD up (in memory) after $(( $(now_ms) - t0 )) ms"

  radosgw -c "$CONF" -n client.rgw.dativo >>"$LOGS/setup.log" 2>&1 || fail "radosgw did not start"
  wait_for 90 ready || fail "the gateway did not answer on $ENDPOINT within 90 s"

  radosgw-admin -c "$CONF" -n client.rgw.dativo user create --uid "$ACCESS_KEY" --display-name "Dativo tests" \
    --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" --admin-socket "" --log-file "$LOGS/radosgw-admin.log" >>"$LOGS/setup.log" 2>&1 \
    || { LOG="$LOGS/setup.log $LOGS/client.rgw.dativo.log"; fail "radosgw-admin could not create user $ACCESS_KEY"; }
  say "ready on $ENDPOINT in $(( $(now_ms) - t0 )) ms (access key $ACCESS_KEY, state in $BASE)"
}

stop_daemons() {
  stop_pidfile "$RUN/client.rgw.dativo.pid"
  stop_pidfile "$RUN/osd.0.pid"
  stop_pidfile "$RUN/mon.a.pid"
}

stop() {
  if [ -d "$RUN" ] && ls "$RUN"/*.pid >/dev/null 2>&1; then
    stop_daemons
    say "stopped"
  else
    say "not running"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if ready; then say "running on $ENDPOINT"; else say "not running"; exit 1; fi ;;
  env)
    echo "export DATIVO_TEST_S3_ENDPOINT=$ENDPOINT"
    echo "export AWS_ACCESS_KEY_ID=$ACCESS_KEY"
    echo "export AWS_SECRET_ACCESS_KEY=$SECRET_KEY"
    echo "export AWS_REGION=us-east-1"
    ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
