#!/usr/bin/env bash
# Ferry (alone, or row by row with Biboumi) as an XMPP<->IRC gateway, relay rows only, with the loopback captured: where the
# time of a relayed line goes at light load (issue 7's p99 target). Brings up Prosody, ngIRCd and
# Ferry as in the load harness (src/bench/harness-lib.sh: the same build, template, settings and
# launcher), no Kamailio, then runs IrcRelayBench --gateways ferry (by default) and reads the capture
# with AddedLatency (gateway in -> gateway out, kernel timestamps, so Prosody, ngIRCd and the load
# generator are left out) and RelayStages (every stage of a line: generator, Prosody, gateway, ngIRCd).
#
#   src/bench/irc/latency.sh
#
# Environment (defaults):
#   FERRY_LATENCY_ARGS="--users 5 --seconds 10 --rates 100,250,500 --window 100"   IrcRelayBench args
#   FERRY_LATENCY_CAPTURE=1     capture lo with tcpdump and print the added latency per row (0: off)
#   FERRY_LATENCY_KTHREAD=kdamond  with the capture: record when kernel threads named so hold a CPU (perf sched_switch,
#                               filtered in the kernel, so a few KB) and print how many slow lines came during their
#                               passes (KernelPasses); empty, or no perf: off. On the benchmark VM, DAMON's kdamond.0
#                               holds a core for ~20 ms (12-16 ms of CPU, up to ~40) every ~530 ms.
#   FERRY_LATENCY_JFR=0         1: record Ferry with JFR (profile settings) over the rows; the .jfr lands in the output dir
#   FERRY_LATENCY_OUT=bench-results/latency-<UTC time>
#   FERRY_LATENCY_GATEWAYS=ferry   ferry,biboumi: Biboumi too (Debian package, component biboumi.localhost), row by row
#                               after Ferry, for the ratio; the capture's stages are read for both (#benchf / #benchb)
#   FERRY_LATENCY_REUSE_BUILD=0 1: run the build snapshot in $FERRY_HARNESS_WORK from an earlier run instead of building
#   FERRY_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"   as in the harness
#   FERRY_LOADGEN_JAVA_OPTS=-XX:+UseShenandoahGC   the load generator's collector (harness-lib: a low-pause one; its
#                               pauses per row are in the table's last column)
#   FERRY_LATENCY_PIN=0         1: the gateways (Ferry, Biboumi) on CPU 1, everything else (Prosody, ngIRCd, the load
#                               generator, tcpdump) on CPU 0: the gateway's own step without the others' wake-ups
#                               queueing in front of it (2 cores still, split instead of shared)
#   FERRY_LATENCY_RT=0          N (1-99): every thread of the gateways (Ferry, Biboumi) under SCHED_RR at priority N
#                               (chrt -a), as systemd's CPUSchedulingPolicy=rr would run them: a kernel thread of
#                               normal policy (kdamond) then waits for them instead of holding their core
#   FERRY_LATENCY_NICE=0        N (-20..19): every thread of the gateways at nice N instead (renice per thread)
#   FERRY_HARNESS_NAME=latency  FERRY_HARNESS_PORT_SHIFT=1578  FERRY_HARNESS_IRC_PORT=15667
#                               ports: c2s 15600, component 15625, ngIRCd 15667 (others of harness-lib unused or idle)
set -euo pipefail
export FERRY_HARNESS_NAME="${FERRY_HARNESS_NAME:-latency}"
export FERRY_HARNESS_PORT_SHIFT="${FERRY_HARNESS_PORT_SHIFT:-1578}"
export FERRY_HARNESS_IRC_PORT="${FERRY_HARNESS_IRC_PORT:-15667}"
# shellcheck source=../harness-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../harness-lib.sh"

ARGS="${FERRY_LATENCY_ARGS:---users 5 --seconds 10 --rates 100,250,500 --window 100}"
OUT="${FERRY_LATENCY_OUT:-$H_ROOT/bench-results/latency-$(date -u +%Y%m%dT%H%M%SZ)}"
export FERRY_JAVA_OPTS="${FERRY_JAVA_OPTS--Xms1g -Xmx1g -XX:+AlwaysPreTouch}"
TCPDUMP_PID=""
PERF_PID=""
KTHREAD="${FERRY_LATENCY_KTHREAD-kdamond}"

stop_capture() {
    if [[ -n "$TCPDUMP_PID" ]]; then
        kill -INT "$TCPDUMP_PID" 2>/dev/null && wait "$TCPDUMP_PID" 2>/dev/null || true
        TCPDUMP_PID=""
    fi
    if [[ -n "$PERF_PID" ]]; then
        kill -INT "$PERF_PID" 2>/dev/null && wait "$PERF_PID" 2>/dev/null || true
        PERF_PID=""
    fi
}
cleanup() {
    stop_capture
    h_cleanup
}

h_install_peers
if [[ "${FERRY_LATENCY_REUSE_BUILD:-0}" == 1 && -s "$H_WORK/classpath.txt" ]]; then
    H_CP="$(<"$H_WORK/classpath.txt")" # the snapshot of an earlier run (A/B runs: one FERRY_HARNESS_WORK per build)
else
    h_build
    echo "$H_CP" >"$H_WORK/classpath.txt"
fi
trap cleanup EXIT
h_peers_up 20
GATEWAYS="${FERRY_LATENCY_GATEWAYS:-ferry}"
if [[ ",$GATEWAYS," == *,biboumi,* ]]; then
    h_biboumi_up
fi
h_ferry_up
mkdir -p "$OUT"
sleep 2

# The gateways' processes (Biboumi's when it runs), for the pinning and scheduling options below.
GATEWAY_PIDS=("$H_FERRY_PID")
if [[ -n "${H_BIBOUMI_PID:-}" ]]; then GATEWAY_PIDS+=("$H_BIBOUMI_PID"); fi
PIN_OTHERS=()
if [[ "${FERRY_LATENCY_PIN:-0}" == 1 ]]; then
    for p in "${GATEWAY_PIDS[@]}"; do taskset -a -p -c 1 "$p" >/dev/null; done
    for p in "$(h_pid prosody)" "$(h_pid ngircd)"; do taskset -a -p -c 0 "$p" >/dev/null; done
    PIN_OTHERS=(taskset -c 0)
    h_say "pinned: gateways on CPU 1, Prosody, ngIRCd, the load generator and tcpdump on CPU 0"
fi
RT="${FERRY_LATENCY_RT:-0}"
if [[ "$RT" != 0 ]]; then
    for p in "${GATEWAY_PIDS[@]}"; do chrt -a -r -p "$RT" "$p" >/dev/null; done
    h_say "gateways' threads under SCHED_RR, priority $RT"
fi
NICE="${FERRY_LATENCY_NICE:-0}"
if [[ "$NICE" != 0 ]]; then
    # renice changes one thread; unlike taskset and chrt it has no -a.
    for p in "${GATEWAY_PIDS[@]}"; do
        for t in /proc/"$p"/task/*; do renice -n "$NICE" -p "${t##*/}" >/dev/null; done
    done
    h_say "gateways' threads at nice $NICE"
fi
if [[ "${FERRY_LATENCY_CAPTURE:-1}" == 1 ]]; then
    command -v tcpdump >/dev/null || apt-get install -y -q tcpdump >/dev/null
    "${PIN_OTHERS[@]}" tcpdump -i lo -nn -s 0 -B 65536 -w "$OUT/relay.pcap" "tcp port $H_IRC or tcp port $H_COMPONENT or tcp port $H_C2S" 2>"$OUT/tcpdump.err" &
    TCPDUMP_PID=$!
    if [[ -n "$KTHREAD" ]] && command -v perf >/dev/null; then
        # -k mono: CLOCK_MONOTONIC, which KernelPasses turns into the capture's wall clock.
        "${PIN_OTHERS[@]}" perf record -q -e sched:sched_switch -k mono -a -o "$OUT/kthread.data" \
            --filter "prev_comm ~ \"$KTHREAD*\" || next_comm ~ \"$KTHREAD*\"" 2>"$OUT/perf.err" &
        PERF_PID=$!
    fi
    sleep 1
fi
if [[ "${FERRY_LATENCY_JFR:-0}" == 1 ]]; then
    jcmd "$H_FERRY_PID" JFR.start name=latency settings=profile filename="$OUT/ferry.jfr" >/dev/null
fi

h_say "IrcRelayBench, gateways $GATEWAYS ($ARGS; load average $(h_loadavg); output $OUT)"
cd "$H_ROOT"
# shellcheck disable=SC2086  # ARGS is a list of words on purpose
"${PIN_OTHERS[@]}" java -Xmx2g $(h_loadgen_java_opts) -Xss512k -cp "$H_CP" dev.ferry.bridge.bench.irc.IrcRelayBench $ARGS --gateways "$GATEWAYS" --mem-users "" \
    --c2s "$H_C2S" --irc-port "$H_IRC" --ferry-pid "$H_FERRY_PID" \
    --biboumi-domain biboumi.localhost --biboumi-pid "${H_BIBOUMI_PID:-0}" \
    --prosody-pid "$(h_pid prosody)" --ngircd-pid "$(h_pid ngircd)" --out "$OUT/irc.json" \
    2> >(grep --line-buffered -v -E ' (INFO|DEBUG|TRACE) ' >"$OUT/loadgen.err"; cat "$OUT/loadgen.err" >&2) | tee "$OUT/relay.txt"

if [[ "${FERRY_LATENCY_JFR:-0}" == 1 ]]; then
    jcmd "$H_FERRY_PID" JFR.stop name=latency >/dev/null || true
fi
if [[ -n "$TCPDUMP_PID" ]]; then
    stop_capture
    h_say "capture: $(grep -E 'captured|dropped' "$OUT/tcpdump.err" | tr '\n' ' ')"
    tcpdump -r "$OUT/relay.pcap" -tt -nn -A 2>/dev/null >"$OUT/relay-capture.txt"
    java -cp "$H_CP" dev.ferry.bridge.bench.irc.AddedLatency --capture "$OUT/relay-capture.txt" \
        --irc-port "$H_IRC" --component-port "$H_COMPONENT" | tee "$OUT/added-latency.txt"
    java -cp "$H_CP" dev.ferry.bridge.bench.irc.RelayStages --capture "$OUT/relay-capture.txt" \
        --irc-port "$H_IRC" --component-port "$H_COMPONENT" --c2s-port "$H_C2S" --show-slowest 12 >"$OUT/stages.txt"
    sed -n '/^row [0-9]* slowest/q;p' "$OUT/stages.txt"
    if [[ -s "$OUT/kthread.data" ]]; then
        perf script -i "$OUT/kthread.data" 2>/dev/null >"$OUT/kthread-switches.txt"
        java -cp "$H_CP" dev.ferry.bridge.bench.irc.KernelPasses --capture "$OUT/relay-capture.txt" --sched "$OUT/kthread-switches.txt" \
            --thread "$KTHREAD" --irc-port "$H_IRC" --component-port "$H_COMPONENT" | tee "$OUT/kernel-passes.txt"
    fi
fi
h_say "Ferry warnings/errors during the run: $(grep -c -E ' (WARN|ERROR) ' "$H_WORK/ferry.log" || true) (log: $H_WORK/ferry.log)"
cp "$H_WORK/ferry.log" "$OUT/" 2>/dev/null || true
h_say "load average at end: $(h_loadavg); results in $OUT"
