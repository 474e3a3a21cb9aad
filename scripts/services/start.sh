#!/usr/bin/env bash
# Starts every service the tests use, on loopback: PostgreSQL, MariaDB, and the S3 server
# (Ceph RADOS Gateway, which honours conditional writes). Each script is idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/postgres.sh" start &
pg=$!
bash "$here/mariadb.sh" start &
my=$!
bash "$here/s3.sh" start &
s3=$!
status=0
wait $pg || status=1
wait $my || status=1
wait $s3 || status=1
if [ $status -ne 0 ]; then echo "services: a service failed to start (see above)" >&2; exit 1; fi
echo "services: postgres, mariadb and s3 are up"
