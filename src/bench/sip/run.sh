#!/usr/bin/env bash
# SIP gateway benchmark (figures, not a test): SIP→XMPP MESSAGE throughput and SIPp-measured
# response time at fixed rates, and XMPP→SIP throughput from one Smack client, through a real
# Prosody and Ferry in-process. Needs prosody and sip-tester (src/peers/install.sh).
#
#   src/bench/sip/run.sh
#
# Environment (defaults): FERRY_BENCH_SIP_SECONDS=10  FERRY_BENCH_SIP_RATES=500,1000,2000
#   FERRY_BENCH_SIP_XMPP_MESSAGES=5000  FERRY_BENCH_OFFLINE=1 (mvn -o)
# Ports on 127.0.0.1: c2s 27822, component 27847, Ferry SIP 27860, SIPp 27870/27871.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
MVN=(mvn -B -q)
if [[ "${FERRY_BENCH_OFFLINE:-}" == 1 ]]; then MVN+=(-o); fi
cd "$ROOT"
FERRY_E2E=1 "${MVN[@]}" -pl bridge -am verify -Dtest=SipMessageBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dferry.bench.seconds="${FERRY_BENCH_SIP_SECONDS:-10}" -Dferry.bench.rates="${FERRY_BENCH_SIP_RATES:-500,1000,2000}" \
    -Dferry.bench.xmpp.messages="${FERRY_BENCH_SIP_XMPP_MESSAGES:-5000}" -DtrimStackTrace=false \
    >/tmp/ferry-bench-sip.log 2>&1 || { tail -n 40 /tmp/ferry-bench-sip.log; exit 1; }
# the table the benchmark printed (surefire keeps a test's stdout in its report folder)
grep -E '^\|' bridge/target/surefire-reports/dev.ferry.bridge.e2e.SipMessageBench-output.txt
