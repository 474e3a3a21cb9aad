#!/usr/bin/env bash
# The one test command (`npm test`): on a fresh machine it installs what the tests need, starts
# the services, loads the sample databases, then runs every test — unit, interface suites, real
# services, and the portable suite in Bun, Deno, workerd and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
bash scripts/services/start.sh
npx bun scripts/fixtures/load-sample-databases.ts
npx bun test --timeout 60000 "$@"
