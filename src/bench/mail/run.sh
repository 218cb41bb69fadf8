#!/usr/bin/env bash
# Mail gateway benchmark (figures, not a test): inbound SMTP → XMPP and outbound XMPP → SMTP
# mails/s with p50/p99 latency, Ferry in-process with a real Prosody (instance "mailbench") and
# Smack client; the smarthost is a SubEthaSMTP sink that timestamps arrivals.
#
#   src/bench/mail/run.sh
#
# Environment (defaults): FERRY_BENCH_MAILS=3000 (per direction), FERRY_BENCH_SENDERS=4 (SMTP
# sessions in parallel), FERRY_BENCH_DATA_DIR (store directory; e.g. /dev/shm/ferry-bench-mail for
# tmpfs, default a temp dir on disk), FERRY_BENCH_OFFLINE=1 (mvn -o). Ports 28700-28758 on 127.0.0.1.
# Builds within the reactor (no `mvn install`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
command -v prosody >/dev/null || src/peers/prosody.sh install
MVN=(mvn -B)
if [[ "${FERRY_BENCH_OFFLINE:-}" == 1 ]]; then MVN+=(-o); fi
FERRY_BENCH=1 "${MVN[@]}" -pl bridge -am verify -Dtest=MailBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Djacoco.skip=true 2>&1 | tee /tmp/ferry-bench-mail.log | grep -E "BUILD|ERROR"
grep -E "^(==|inbound|outbound)" bridge/target/surefire-reports/dev.ferry.bridge.e2e.MailBenchmark-output.txt
