#!/usr/bin/env bash
# Ferry's benchmarks in one command: build, then
#   1. JMH StanzaCodecBenchmark (codec parse+serialize, stream framing; CPU only, no sockets),
#   2. RoundTripLoad (pings through a real isolated Prosody + Ferry in-process, vs Prosody alone).
#
#   src/bench/run.sh
#
# Environment (defaults):
#   FERRY_BENCH_JMH_ARGS="-wi 5 -i 5 -f 1 -w 2s -r 2s"   JMH run length (Smack parsing needs ~5 warm-up iterations to settle)
#   FERRY_BENCH_LOAD_ARGS="--seconds 10 --clients 1"    RoundTripLoad args (also --outstanding 1,8,32 --rates 500,1000,2000)
#   FERRY_BENCH_OFFLINE=1                               pass -o to Maven (no network)
# Output: figures on stdout; JMH JSON in bridge/target/bench/jmh.json, load JSON in bridge/target/bench/roundtrip.json.
# Uses ports 19222 (c2s) and 19347 (component) on 127.0.0.1 for the Prosody instance "bench".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JMH_ARGS="${FERRY_BENCH_JMH_ARGS:--wi 5 -i 5 -f 1 -w 2s -r 2s}"
LOAD_ARGS="${FERRY_BENCH_LOAD_ARGS:---seconds 10 --clients 1}"
MVN=(mvn -B -q)
if [[ "${FERRY_BENCH_OFFLINE:-}" == 1 ]]; then MVN+=(-o); fi

cd "$ROOT"
if ! command -v prosody >/dev/null; then
    echo "== installing Prosody"
    src/peers/prosody.sh install
fi

echo "== building"
"${MVN[@]}" -DskipTests install
"${MVN[@]}" -pl bridge test-compile
mkdir -p bridge/target/bench
"${MVN[@]}" -pl bridge dependency:build-classpath \
    -Dmdep.outputFile="$ROOT/bridge/target/bench/classpath.txt" -Dmdep.includeScope=test
# Ferry's own module jars are snapshotted: other builds may re-install them into ~/.m2 while the
# benchmark JVM runs, and a jar swapped under a running JVM fails with NoClassDefFoundError.
LIB="$ROOT/bridge/target/bench/lib"
rm -rf "$LIB" && mkdir -p "$LIB"
CP="$ROOT/bridge/target/test-classes:$ROOT/bridge/target/classes"
# The file has no final newline, so read reports EOF (status 1) after reading it all.
IFS=: read -r -a ENTRIES < "$ROOT/bridge/target/bench/classpath.txt" || true
for entry in "${ENTRIES[@]}"; do
    if [[ "$entry" == */dev/ferry/* ]]; then
        cp "$entry" "$LIB/" && entry="$LIB/$(basename "$entry")"
    fi
    CP="$CP:$entry"
done

cd "$ROOT/bridge"
echo "== JMH StanzaCodecBenchmark ($JMH_ARGS)"
# shellcheck disable=SC2086  # JMH_ARGS is a list of words on purpose
if ! java -cp "$CP" org.openjdk.jmh.Main StanzaCodecBenchmark $JMH_ARGS \
        -rf json -rff target/bench/jmh.json >target/bench/jmh.log 2>&1; then
    cat target/bench/jmh.log >&2
    exit 1
fi
sed -n '/^Benchmark /,$p' target/bench/jmh.log

echo "== RoundTripLoad ($LOAD_ARGS)"
# Ferry's INFO logs go to stderr; keep only warnings and errors there so the table stands out.
# shellcheck disable=SC2086
java -cp "$CP" dev.ferry.bridge.bench.RoundTripLoad $LOAD_ARGS --out target/bench/roundtrip.json \
    2> >(grep -v -E ' (INFO|DEBUG|TRACE) ' >&2)
if [[ "${FERRY_BENCH_IRC:-}" == 1 ]]; then "$ROOT/src/bench/irc/run.sh"; fi  # Ferry vs Biboumi IRC gateway (src/bench/irc/run.sh)
