#!/usr/bin/env bash
# src/bench/irc/latency.sh several times, Ferry and Biboumi row by row, then LatencyRuns over the runs:
# each run's p99 ratio per row, the ratio of the mean p99s, the median ratio, how many runs met issue 7's 1.5x, and a plot.
# One run's light-load ratio moved between 0.55x and 2.7x on the same build, so one run decides nothing.
#
#   src/bench/irc/latency-runs.sh            # 3 runs, ~13 min each on 2 cores
#
# Environment (defaults):
#   FERRY_LATENCY_RUNS=3
#   FERRY_LATENCY_RUNS_OUT=bench-results/latency-runs-<UTC time>   run-1 .. run-N below it, p99-ratio-runs.png
#   FERRY_LATENCY_ARGS="--users 5 --seconds 10 --rates 100,250,500 --window 100 --closed-loop false
#                       --warmup-seconds 30 --warmup-rate-seconds 5"
#   and everything latency.sh reads (the first run builds, the others reuse its snapshot)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
RUNS="${FERRY_LATENCY_RUNS:-3}"
OUT="${FERRY_LATENCY_RUNS_OUT:-$ROOT/bench-results/latency-runs-$(date -u +%Y%m%dT%H%M%SZ)}"
export FERRY_LATENCY_GATEWAYS=ferry,biboumi
export FERRY_LATENCY_ARGS="${FERRY_LATENCY_ARGS:---users 5 --seconds 10 --rates 100,250,500 --window 100 --closed-loop false --warmup-seconds 30 --warmup-rate-seconds 5}"
export FERRY_HARNESS_WORK="${FERRY_HARNESS_WORK:-/tmp/ferry-latency-runs-work}"
mkdir -p "$OUT"
jsons=()
for ((i = 1; i <= RUNS; i++)); do
    echo "== latency run $i of $RUNS"
    FERRY_LATENCY_OUT="$OUT/run-$i" FERRY_LATENCY_REUSE_BUILD=$((i > 1 ? 1 : ${FERRY_LATENCY_REUSE_BUILD:-0})) \
        "$ROOT/src/bench/irc/latency.sh" >"$OUT/run-$i.log" 2>&1
    jsons+=("$OUT/run-$i/irc.json")
done
java -cp "$(<"$FERRY_HARNESS_WORK/classpath.txt")" dev.ferry.bridge.bench.harness.LatencyRuns "$OUT/p99-ratio-runs.png" "${jsons[@]}" \
    | tee "$OUT/p99-ratio-runs.txt"
