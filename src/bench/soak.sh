#!/usr/bin/env bash
# Soak (on demand, not CI): Ferry as a separate process under moderate mixed load for a bounded
# time, then a quiet period; heap after a full GC (jcmd), live threads, RSS, open fds and IRC
# puppet sessions sampled every FERRY_SOAK_SAMPLE_SECONDS; at the end a least-squares trend and a
# verdict (no growth beyond noise, no threads or sessions left after the load stops) and PNG plots.
#
#   src/bench/soak.sh                         20 minutes of load + 90 s quiet
#   FERRY_SOAK_MINUTES=3 src/bench/soak.sh    a short check
#
# Load (see dev.ferry.bridge.bench.harness.Soak): 5 XMPP users in an IRC channel through Ferry,
# FERRY_SOAK_RATE msgs/s each way; a churn user every 15 s (new puppet session, one message,
# leaves); SIP MESSAGEs from SIPp at FERRY_SOAK_RATE/s; one mail a second each way.
# Environment (defaults): FERRY_SOAK_MINUTES=20 FERRY_SOAK_RATE=20 FERRY_SOAK_SAMPLE_SECONDS=10
#   FERRY_SOAK_DRAIN_SECONDS=90 FERRY_SOAK_OUT=bench-results/soak-<UTC time>
#   FERRY_JAVA_OPTS="-Xmx512m"  FERRY_BENCH_OFFLINE=1 (mvn -o)
#   FERRY_SOAK_NMT=1   Ferry runs with -XX:NativeMemoryTracking=summary and a `jcmd VM.native_memory
#                      summary.diff` (against a baseline taken at the start) goes to $OUT/nmt/ every
#                      FERRY_SOAK_NMT_SECONDS (120), with VmRSS/RssAnon: to tell RSS growth the JVM
#                      knows of (code cache, metaspace, heap) from what only malloc keeps
# Its own peer instances ("soak") and ports (the harness ports + 300: c2s 14322, component 14347, ngIRCd 14967,
# SIP 14360, SMTP 14325, sink 14326, SIPp 14371), so it can run next to a harness run; exit code 2 when the verdict fails.
set -euo pipefail
export FERRY_HARNESS_NAME="${FERRY_HARNESS_NAME:-soak}" FERRY_HARNESS_PORT_SHIFT="${FERRY_HARNESS_PORT_SHIFT:-300}"
# shellcheck source=harness-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness-lib.sh"

OUT="${FERRY_SOAK_OUT:-$H_ROOT/bench-results/soak-$(date -u +%Y%m%dT%H%M%SZ)}"
export FERRY_JAVA_OPTS="${FERRY_JAVA_OPTS--Xmx512m}"
if [[ "${FERRY_SOAK_NMT:-}" == 1 ]]; then FERRY_JAVA_OPTS+=" -XX:NativeMemoryTracking=summary"; fi

h_install_peers
h_build
trap h_cleanup EXIT
h_peers_up 60
h_ferry_up
sleep 2
mkdir -p "$OUT"
h_say "soak: ${FERRY_SOAK_MINUTES:-20} min of load (load average $(h_loadavg); output $OUT)"
if [[ "${FERRY_SOAK_NMT:-}" == 1 ]]; then
    mkdir -p "$OUT/nmt"
    jcmd "$H_FERRY_PID" VM.native_memory baseline >/dev/null
    # bounded by Ferry's life: h_cleanup stops Ferry at exit, and the loop with it
    (while kill -0 "$H_FERRY_PID" 2>/dev/null; do
        f="$OUT/nmt/nmt-$(date -u +%H%M%S).txt"
        jcmd "$H_FERRY_PID" VM.native_memory summary.diff >"$f" 2>&1 || true
        grep -E '^(VmRSS|RssAnon|RssFile):' "/proc/$H_FERRY_PID/status" >>"$f" 2>/dev/null || true
        sleep "${FERRY_SOAK_NMT_SECONDS:-120}"
    done) &
fi
cd "$H_ROOT"
rc=0
java -Xmx1g -cp "$H_CP" dev.ferry.bridge.bench.harness.Soak --out "$OUT" \
    --c2s $H_C2S --irc-port $H_IRC --ferry-sip $H_SIP --sipp-port $H_SIPP --smtp $H_SMTP --sink $H_SINK \
    --ferry-pid "$H_FERRY_PID" --minutes "${FERRY_SOAK_MINUTES:-20}" --rate "${FERRY_SOAK_RATE:-20}" \
    --sample-seconds "${FERRY_SOAK_SAMPLE_SECONDS:-10}" --drain-seconds "${FERRY_SOAK_DRAIN_SECONDS:-90}" \
    --scenario "$H_ROOT/src/bench/sip/message-uac-harness.xml" \
    2> >(grep --line-buffered -v -E ' (INFO|DEBUG|TRACE) ' >"$OUT/loadgen.err"; cat "$OUT/loadgen.err" >&2) | tee "$OUT/soak.txt" || rc=$?
h_say "Ferry warnings/errors: $(grep -c -E ' (WARN|ERROR) ' "$H_WORK/ferry.log" || true) (copied to $OUT/ferry.log)"
cp "$H_WORK/ferry.log" "$OUT/" 2>/dev/null || true
exit $rc
