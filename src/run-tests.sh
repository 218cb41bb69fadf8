#!/usr/bin/env bash
# All of Ferry's tests, on a fresh Debian machine: installs the peer servers (Prosody,
# ejabberd, PostgreSQL, ngIRCd, InspIRCd) from Debian's packages, starts the shared PostgreSQL, then runs
# the Maven build with every unit and end-to-end test. FERRY_E2E=1 turns a missing peer
# into a failure instead of a skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash src/peers/install.sh
bash src/peers/postgres.sh start
trap 'bash src/peers/postgres.sh stop >/dev/null 2>&1 || true' EXIT

FERRY_E2E=1 mvn -B verify "$@"
