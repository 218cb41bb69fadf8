#!/usr/bin/env bash
# Ferry vs Biboumi as XMPP<->IRC gateways, side by side in one run:
#   one isolated Prosody (instance "ircbench"), one ngIRCd (instance "ircbench", src/peers config:
#   MaxPenaltyTime = 0, i.e. no flood penalties), Ferry as a separate process (src/dist/bin/ferry run)
#   on component irc.localhost, Biboumi (Debian package) on component sip.localhost, and one load
#   generator (IrcRelayBench: Smack users + a raw IRC client) measuring both.
#
#   src/bench/irc/run.sh
#
# Environment (defaults):
#   FERRY_BENCH_IRC_ARGS="--users 5 --seconds 10 --rates 200,500 --window 100 --mem-users 1,100,1000 --mem-max-seconds 240"
#   FERRY_BENCH_OFFLINE=1        pass -o to Maven (no network)
#   FERRY_BENCH_IRC_DB_DIR=/dev/shm/ferry-bench-irc   where both gateways keep their database. tmpfs by
#                                default: Biboumi commits its message history to SQLite per message, and
#                                on this machine's disk (~3 ms per fsync) that alone caps it near 60-100 msgs/s.
#   FERRY_BENCH_IRC_FLOOD_BURST=1000 FERRY_BENCH_IRC_FLOOD_RATE=1000000   Ferry's pacing (the config
#                                rejects 0, so "off" is a rate no test reaches); Biboumi runs with
#                                throttle_limit=-1 (off), set per user through its "configure" ad-hoc command.
#   FERRY_BENCH_IRC_CAPTURE=1    also capture the loopback traffic of the run (tcpdump) and print the latency each
#                                gateway itself adds (AddedLatency: packet in → first packet out, kernel timestamps);
#                                the end-to-end figures include Prosody, ngIRCd and the load generator.
#   FERRY_JAVA_OPTS="-Xms512m -Xmx512m -XX:+AlwaysPreTouch"   JVM options for the Ferry process. A fixed,
#                                pre-touched heap keeps RSS from moving with heap sizing, so Ferry's RSS growth
#                                is its off-heap cost per session and the heap growth (after a full GC) the rest.
# Ports on 127.0.0.1: c2s 19422, component 19447, ngIRCd 16767.
# Output: table on stdout, JSON in bridge/target/bench/irc.json, logs in $WORK (printed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
ARGS="${FERRY_BENCH_IRC_ARGS:---users 5 --seconds 10 --rates 200,500 --window 100 --mem-users 1,100,1000 --mem-max-seconds 240}"
C2S=19422 COMPONENT=19447 HTTP=19480 IRC=16767
WORK=/tmp/ferry-bench-irc
DB_DIR="${FERRY_BENCH_IRC_DB_DIR:-/dev/shm/ferry-bench-irc}"
BURST="${FERRY_BENCH_IRC_FLOOD_BURST:-1000}"
RATE="${FERRY_BENCH_IRC_FLOOD_RATE:-1000000}"
MVN=(mvn -B -q)
if [[ "${FERRY_BENCH_OFFLINE:-}" == 1 ]]; then MVN+=(-o); fi
# For the peer scripts only: Ferry reads every FERRY_* variable as a config override.
PEER_ENV=(FERRY_PEER_NAME=ircbench FERRY_C2S_PORT=$C2S FERRY_COMPONENT_PORT=$COMPONENT FERRY_HTTP_PORT=$HTTP FERRY_IRC_PORT=$IRC)
PEERS_DIR="${FERRY_PEERS_DIR:-/tmp/ferry-peers}"

export FERRY_JAVA_OPTS="${FERRY_JAVA_OPTS--Xms512m -Xmx512m -XX:+AlwaysPreTouch}"

cd "$ROOT"
command -v prosody >/dev/null || src/peers/prosody.sh install
command -v ngircd >/dev/null || src/peers/ngircd.sh install
command -v biboumi >/dev/null || apt-get install -y biboumi

echo "== building"
"${MVN[@]}" -DskipTests install
"${MVN[@]}" -pl bridge test-compile
mkdir -p bridge/target/bench
"${MVN[@]}" -pl bridge dependency:build-classpath \
    -Dmdep.outputFile="$ROOT/bridge/target/bench/irc-classpath.txt" -Dmdep.includeScope=test
rm -rf "$WORK" "$DB_DIR" && mkdir -p "$WORK/lib" "$WORK/ferry/bin" "$WORK/ferry/lib" "$DB_DIR/ferry" "$DB_DIR/biboumi"
# Snapshot Ferry's jars and classes: parallel builds may re-install or recompile them while the
# benchmark runs, and a class swapped under a running JVM fails with NoClassDefFoundError.
cp -r "$ROOT/bridge/target/test-classes" "$WORK/test-classes"
cp -r "$ROOT/bridge/target/classes" "$WORK/classes"
CP="$WORK/test-classes:$WORK/classes"
IFS=: read -r -a ENTRIES < "$ROOT/bridge/target/bench/irc-classpath.txt" || true
for entry in "${ENTRIES[@]}"; do
    if [[ "$entry" == */dev/ferry/* ]]; then
        cp "$entry" "$WORK/lib/" && entry="$WORK/lib/$(basename "$entry")"
    fi
    CP="$CP:$entry"
done
# Ferry as an operator runs it: the launcher with lib/ next to it.
cp src/dist/bin/ferry "$WORK/ferry/bin/"
cp bridge/target/lib/*.jar "$WORK/ferry/lib/"
cp "$(ls bridge/target/ferry-bridge-*.jar | grep -v -- -tests | head -n1)" "$WORK/ferry/lib/"
cp src/bench/irc/ferry-bench.yaml "$WORK/ferry/ferry.yaml"

FERRY_PID="" BIBOUMI_PID=""
cleanup() {
    set +e
    [[ -n "$FERRY_PID" ]] && kill "$FERRY_PID" 2>/dev/null
    [[ -n "$BIBOUMI_PID" ]] && kill "$BIBOUMI_PID" 2>/dev/null
    [[ -n "${TCPDUMP_PID:-}" ]] && kill "$TCPDUMP_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$FERRY_PID" 2>/dev/null || kill -0 "$BIBOUMI_PID" 2>/dev/null || break; sleep 1; done
    [[ -n "$FERRY_PID" ]] && kill -9 "$FERRY_PID" 2>/dev/null
    [[ -n "$BIBOUMI_PID" ]] && kill -9 "$BIBOUMI_PID" 2>/dev/null
    env "${PEER_ENV[@]}" "$ROOT/src/peers/ngircd.sh" stop >/dev/null
    env "${PEER_ENV[@]}" "$ROOT/src/peers/prosody.sh" stop >/dev/null
}
trap cleanup EXIT

echo "== peers"
env "${PEER_ENV[@]}" src/peers/prosody.sh restart
env "${PEER_ENV[@]}" src/peers/ngircd.sh restart
# Load users u0..u1199: copies of alice's account file (internal_hashed: the SCRAM keys do not
# depend on the user name), so every one logs in with password "alice".
ACCOUNTS="$PEERS_DIR/prosody-ircbench/data/localhost/accounts"
for i in $(seq 0 1199); do cp -p "$ACCOUNTS/alice.dat" "$ACCOUNTS/u$i.dat"; done

echo "== biboumi (sip.localhost)"
cat > "$DB_DIR/biboumi/biboumi.cfg" <<EOF
hostname=sip.localhost
password=sip-secret
xmpp_server_ip=127.0.0.1
port=$COMPONENT
db_name=$DB_DIR/biboumi/biboumi.sqlite
identd_port=0
log_level=2
policy_directory=$DB_DIR/biboumi
EOF
BIBOUMI_RUN=()
if [[ $EUID -eq 0 ]]; then
    chown -R _biboumi: "$DB_DIR/biboumi"
    BIBOUMI_RUN=(setpriv --reuid=_biboumi --regid=_biboumi --init-groups)
fi
(cd "$DB_DIR/biboumi" && exec "${BIBOUMI_RUN[@]}" biboumi biboumi.cfg) </dev/null >"$WORK/biboumi.log" 2>&1 &
BIBOUMI_PID=$!

echo "== ferry (irc.localhost)"
(cd "$WORK/ferry" && exec env FERRY_CONFIG="$WORK/ferry/ferry.yaml" FERRY_XMPP_PORT=$COMPONENT \
    FERRY_STORE_URL="jdbc:h2:file:$DB_DIR/ferry/ferry" FERRY_STORE_KEY_FILE="$DB_DIR/ferry/ferry.key" \
    FERRY_HTTP_LISTEN=127.0.0.1:0 FERRY_XMPP_PING_INTERVAL_SECONDS=0 \
    FERRY_IRC_DEFAULT_PORT=$IRC FERRY_IRC_TLS=false \
    FERRY_IRC_FLOOD_BURST="$BURST" FERRY_IRC_FLOOD_LINES_PER_SECOND="$RATE" \
    bin/ferry run) </dev/null >"$WORK/ferry.log" 2>&1 &
FERRY_PID=$!
for _ in $(seq 1 60); do
    kill -0 "$FERRY_PID" 2>/dev/null || break
    if grep -q 'component irc.localhost connected' "$WORK/ferry.log" \
        && grep -q 'sip.localhost:component.*successfully authenticated' "$PEERS_DIR/prosody-ircbench/prosody.log"; then
        break
    fi
    sleep 1
done
grep -q 'component irc.localhost connected' "$WORK/ferry.log" || { tail -20 "$WORK/ferry.log"; echo "ferry did not connect" >&2; exit 1; }
sleep 2
echo "ferry pid $FERRY_PID (FERRY_JAVA_OPTS=$FERRY_JAVA_OPTS; flood burst $BURST, $RATE lines/s), biboumi pid $BIBOUMI_PID (throttle_limit -1), databases in $DB_DIR"

TCPDUMP_PID=""
if [[ "${FERRY_BENCH_IRC_CAPTURE:-}" == 1 ]]; then
    command -v tcpdump >/dev/null || apt-get install -y -q tcpdump >/dev/null
    tcpdump -i lo -nn -s 0 -B 65536 -w "$WORK/relay.pcap" "tcp port $IRC or tcp port $COMPONENT" 2>"$WORK/tcpdump.err" &
    TCPDUMP_PID=$!
    sleep 1
fi

echo "== IrcRelayBench ($ARGS)"
cd "$ROOT/bridge"
# shellcheck disable=SC2086  # ARGS is a list of words on purpose
java -Xmx3g -Xss512k -cp "$CP" dev.ferry.bridge.bench.irc.IrcRelayBench $ARGS \
    --c2s $C2S --irc-port $IRC \
    --ferry-pid "$FERRY_PID" --biboumi-pid "$BIBOUMI_PID" \
    --prosody-pid "$(cat "$PEERS_DIR/prosody-ircbench/prosody.pid")" \
    --ngircd-pid "$(cat "$PEERS_DIR/ngircd-ircbench/ngircd.pid" 2>/dev/null || echo 0)" \
    --out target/bench/irc.json \
    2> >(grep -v -E ' (INFO|DEBUG|TRACE) ' >"$WORK/loadgen.err"; cat "$WORK/loadgen.err" >&2)
if [[ -n "$TCPDUMP_PID" ]]; then
    kill -INT "$TCPDUMP_PID" && wait "$TCPDUMP_PID" || true
    echo "== capture: $(grep -E 'captured|dropped' "$WORK/tcpdump.err" | tr '\n' ' ')"
    tcpdump -r "$WORK/relay.pcap" -tt -nn -A 2>/dev/null >"$WORK/relay.txt"
    java -cp "$CP" dev.ferry.bridge.bench.irc.AddedLatency --capture "$WORK/relay.txt" --irc-port $IRC --component-port $COMPONENT \
        | tee "$ROOT/bridge/target/bench/irc-added-latency.txt"
fi
echo "== Ferry warnings/errors during the run: $(grep -c -E ' (WARN|ERROR) ' "$WORK/ferry.log" || true) (log: $WORK/ferry.log)"
grep -E ' (WARN|ERROR) ' "$WORK/ferry.log" | cut -d' ' -f2- | cut -c1-200 | sort | uniq -c | sort -rn | head -20 || true
echo "Biboumi log: $WORK/biboumi.log"
