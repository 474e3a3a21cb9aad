#!/usr/bin/env bash
# Stops the loopback services started by start.sh.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/s3.sh" stop
bash "$here/mariadb.sh" stop
bash "$here/postgres.sh" stop
