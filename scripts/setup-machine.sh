#!/usr/bin/env bash
# Installs the system packages the tests and benchmarks need, when they are missing:
# Chromium (browser suite), Rust with the wasm32 standard library (WASM kernels), MariaDB and its
# sample databases, and Ceph's RADOS Gateway (the S3 server). PostgreSQL comes with the machine.
# Idempotent and quick when everything is present. Needs root (apt-get).
set -euo pipefail

packages=(chromium rustc cargo libstd-rust-dev-wasm32 lld-14 mariadb-server mariadb-test-data radosgw ceph-mon ceph-osd)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-machine: system packages present"
  exit 0
fi
echo "setup-machine: installing ${missing[*]}"
if [ "$(id -u)" != "0" ]; then
  echo "setup-machine: need root to apt-get install ${missing[*]}; run as root or install them by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
flock /tmp/apt.lock apt-get update -qq
flock /tmp/apt.lock apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-machine: installed ${missing[*]}"
