# Shared by src/bench/harness.sh and src/bench/soak.sh (sourced, not executed): builds Ferry within
# the reactor (never `mvn install`), snapshots the build, brings up the peers on loopback and runs
# Ferry as a separate process, as an operator would (src/dist/bin/ferry run with config/ferry.yaml
# and FERRY_* overrides). Ports on 127.0.0.1, all in 14000-14999:
#   Prosody c2s 14022, component 14047, HTTP 14080 (instance "harness", template prosody-harness)
#   ngIRCd 14667 (instance "harness")   Ferry SIP 14060 udp+tcp, SMTP listener 14025
#   smarthost sink (in the load generator) 14026   Kamailio xmpp module 14070 (outbound proxy 14081, unused)
#   SIPp UAC 14071
# Biboumi is component biboumi.localhost, Kamailio kamailio.localhost, Ferry irc./sip./mail.localhost.

# FERRY_HARNESS_NAME (default "harness") names the peer instances and work dirs, and
# FERRY_HARNESS_PORT_SHIFT (default 0) moves every port: src/bench/soak.sh uses "soak" and 300
# (ports 14322...), so a soak can run next to a harness run.
H_NAME="${FERRY_HARNESS_NAME:-harness}"
H_SHIFT="${FERRY_HARNESS_PORT_SHIFT:-0}"
# FERRY_HARNESS_IRC_PORT moves ngIRCd alone (the other ports span less than 100 once shifted, it does not).
H_C2S=$((14022 + H_SHIFT)) H_COMPONENT=$((14047 + H_SHIFT)) H_HTTP=$((14080 + H_SHIFT)) H_IRC=${FERRY_HARNESS_IRC_PORT:-$((14667 + H_SHIFT))}
H_SIP=$((14060 + H_SHIFT)) H_SMTP=$((14025 + H_SHIFT)) H_SINK=$((14026 + H_SHIFT))
H_KAM=$((14070 + H_SHIFT)) H_KAM_OUTBOUND=$((14081 + H_SHIFT)) H_SIPP=$((14071 + H_SHIFT))
H_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
H_WORK="${FERRY_HARNESS_WORK:-/tmp/ferry-$H_NAME}"
H_DB="${FERRY_HARNESS_DB_DIR:-/dev/shm/ferry-$H_NAME}"
H_CACHE="${FERRY_HARNESS_CACHE:-/var/tmp/ferry-harness-cache}"
H_PEERS_DIR="${FERRY_PEERS_DIR:-/tmp/ferry-peers}"
# For the peer scripts only (Ferry itself reads every FERRY_* variable as a config override).
H_PEER_ENV=(FERRY_PEER_NAME=$H_NAME FERRY_PROSODY_TEMPLATE=prosody-harness FERRY_C2S_PORT=$H_C2S
    FERRY_COMPONENT_PORT=$H_COMPONENT FERRY_HTTP_PORT=$H_HTTP FERRY_IRC_PORT=$H_IRC
    FERRY_IRC_PING_TIMEOUT=300 FERRY_IRC_PONG_TIMEOUT=120)
# (ngIRCd: the test default of 10 s drops sessions of a busy gateway with thousands of them)
H_FERRY_PID="" H_BIBOUMI_PID="" H_KAM_PID=""

h_say() { echo "== $*"; }

# Java classpath of the load generator in $H_CP, Ferry's distribution in $H_WORK/ferry.
h_build() {
    local mvn=(mvn -B -q)
    [[ "${FERRY_BENCH_OFFLINE:-}" == 1 ]] && mvn+=(-o)
    cd "$H_ROOT"
    h_say "building (reactor package, tests compiled, not run)"
    mkdir -p bridge/target/bench
    "${mvn[@]}" -pl bridge -am package -DskipTests -Djacoco.skip=true dependency:build-classpath \
        -Dmdep.outputFile="$H_ROOT/bridge/target/bench/$H_NAME-classpath.txt" -Dmdep.includeScope=test
    rm -rf "$H_WORK" && mkdir -p "$H_WORK/lib" "$H_WORK/ferry/bin" "$H_WORK/ferry/lib"
    # Snapshot classes and jars: other builds may recompile them while the run goes on.
    cp -r bridge/target/test-classes "$H_WORK/test-classes"
    cp -r bridge/target/classes "$H_WORK/classes"
    H_CP="$H_WORK/test-classes:$H_WORK/classes"
    local entries entry
    IFS=: read -r -a entries < "bridge/target/bench/$H_NAME-classpath.txt" || true
    for entry in "${entries[@]}"; do
        if [[ "$entry" == "$H_ROOT"/* ]]; then # a reactor module: copy it (a jar or a classes dir)
            cp -r "$entry" "$H_WORK/lib/$(basename "$(dirname "$(dirname "$entry")")")-$(basename "$entry")"
            entry="$H_WORK/lib/$(basename "$(dirname "$(dirname "$entry")")")-$(basename "$entry")"
        fi
        H_CP="$H_CP:$entry"
    done
    cp src/dist/bin/ferry "$H_WORK/ferry/bin/"
    cp bridge/target/lib/*.jar "$H_WORK/ferry/lib/"
    cp "$(ls bridge/target/ferry-bridge-*.jar | grep -v -- -tests | head -n1)" "$H_WORK/ferry/lib/"
    cp config/ferry.yaml "$H_WORK/ferry/ferry.yaml"
}

# The fixed Kamailio xmpp module (Debian's crashes on Prosody's first stanza), built once and cached.
h_kamailio_module() {
    if [[ ! -s "$H_CACHE/kamailio-xmpp/xmpp.so" ]]; then
        h_say "building Kamailio's xmpp module with the one-line fix (once; cached in $H_CACHE)"
        "$H_ROOT/src/bench/sip/kamailio-xmpp/build.sh" "$H_CACHE/kamailio-xmpp" >"$H_WORK/kamailio-build.log" 2>&1 \
            || { tail -20 "$H_WORK/kamailio-build.log"; return 1; }
    fi
}

h_install_peers() {
    cd "$H_ROOT"
    command -v prosody >/dev/null || src/peers/prosody.sh install
    command -v ngircd >/dev/null || src/peers/ngircd.sh install
    command -v biboumi >/dev/null || apt-get install -y -q biboumi
    command -v sipp >/dev/null || apt-get install -y -q sip-tester
    command -v kamailio >/dev/null || apt-get install -y -q kamailio
}

h_cleanup() {
    set +e
    local p
    for p in "$H_FERRY_PID" "$H_BIBOUMI_PID" "$H_KAM_PID"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null; done
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        local alive=0
        for p in "$H_FERRY_PID" "$H_BIBOUMI_PID" "$H_KAM_PID"; do [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 1
    done
    for p in "$H_FERRY_PID" "$H_BIBOUMI_PID" "$H_KAM_PID"; do [[ -n "$p" ]] && kill -9 "$p" 2>/dev/null; done
    env "${H_PEER_ENV[@]}" "$H_ROOT/src/peers/ngircd.sh" stop >/dev/null
    env "${H_PEER_ENV[@]}" "$H_ROOT/src/peers/prosody.sh" stop >/dev/null
}

# Prosody and ngIRCd, plus load accounts u0..u(N-1) (copies of alice's: internal_hashed SCRAM keys
# do not depend on the user name, so each logs in with password "alice").
h_peers_up() {
    local accounts=$1
    cd "$H_ROOT"
    h_say "peers: Prosody (c2s $H_C2S, component $H_COMPONENT), ngIRCd ($H_IRC)"
    env "${H_PEER_ENV[@]}" src/peers/prosody.sh restart
    env "${H_PEER_ENV[@]}" src/peers/ngircd.sh restart
    local dir="$H_PEERS_DIR/prosody-$H_NAME/data/localhost/accounts" i account
    # bash builtins only (a cp per file takes minutes for 10,000 accounts on a busy machine)
    account="$(<"$dir/alice.dat")"
    (umask 077; for ((i = 0; i < accounts; i++)); do [[ -e "$dir/u$i.dat" ]] || printf '%s\n' "$account" >"$dir/u$i.dat"; done)
    if [[ $EUID -eq 0 ]]; then chown -R prosody: "$dir"; fi
}

h_ferry_up() {
    rm -rf "$H_DB/ferry" && mkdir -p "$H_DB/ferry"
    h_say "ferry (irc./sip./mail.localhost; SIP $H_SIP, SMTP $H_SMTP, smarthost 127.0.0.1:$H_SINK; FERRY_JAVA_OPTS=$FERRY_JAVA_OPTS)"
    # Ferry's IRC pacing: the config rejects 0, so "off" is a rate no run reaches (Biboumi runs
    # with throttle_limit=-1). Mail rate limits off: the load generator is one sender.
    (cd "$H_WORK/ferry" && exec env FERRY_CONFIG="$H_WORK/ferry/ferry.yaml" FERRY_XMPP_PORT=$H_COMPONENT \
        FERRY_STORE_URL="jdbc:h2:file:$H_DB/ferry/ferry" FERRY_STORE_KEY_FILE="$H_DB/ferry/ferry.key" \
        FERRY_HTTP_LISTEN=127.0.0.1:0 FERRY_XMPP_PING_INTERVAL_SECONDS=0 \
        FERRY_IRC_DEFAULT_PORT=$H_IRC FERRY_IRC_TLS=false \
        FERRY_IRC_FLOOD_BURST=1000 FERRY_IRC_FLOOD_LINES_PER_SECOND=1000000 \
        FERRY_SIP_LISTEN="udp:127.0.0.1:$H_SIP,tcp:127.0.0.1:$H_SIP" FERRY_SIP_OUTBOUND_PROXY="sip:127.0.0.1:$H_KAM_OUTBOUND" \
        FERRY_SIP_ERROR_WAIT_MS=0 \
        FERRY_MAIL_LISTEN=127.0.0.1:$H_SMTP FERRY_MAIL_SMARTHOST=127.0.0.1:$H_SINK \
        FERRY_MAIL_RATE_LIMIT_PER_MINUTE=0 FERRY_MAIL_SEND_RATE_PER_MINUTE=0 \
        bin/ferry run) </dev/null >"$H_WORK/ferry.log" 2>&1 &
    H_FERRY_PID=$!
    local _
    for _ in $(seq 1 90); do
        kill -0 "$H_FERRY_PID" 2>/dev/null || break
        [[ $(grep -c -E 'component (irc|sip|mail).localhost connected' "$H_WORK/ferry.log") -ge 3 ]] && return 0
        sleep 1
    done
    tail -20 "$H_WORK/ferry.log"
    echo "ferry did not connect its three components" >&2
    return 1
}

h_biboumi_up() {
    rm -rf "$H_DB/biboumi" && mkdir -p "$H_DB/biboumi"
    h_say "biboumi (biboumi.localhost, database on $H_DB)"
    cat >"$H_DB/biboumi/biboumi.cfg" <<EOF
hostname=biboumi.localhost
password=biboumi-secret
xmpp_server_ip=127.0.0.1
port=$H_COMPONENT
db_name=$H_DB/biboumi/biboumi.sqlite
identd_port=0
log_level=2
policy_directory=$H_DB/biboumi
EOF
    local run=()
    if [[ $EUID -eq 0 ]]; then
        chown -R _biboumi: "$H_DB/biboumi"
        run=(setpriv --reuid=_biboumi --regid=_biboumi --init-groups)
    fi
    (cd "$H_DB/biboumi" && exec "${run[@]}" biboumi biboumi.cfg) </dev/null >"$H_WORK/biboumi.log" 2>&1 &
    H_BIBOUMI_PID=$!
    h_wait_component biboumi.localhost
}

h_kamailio_up() {
    h_say "kamailio xmpp module (kamailio.localhost, SIP $H_KAM)"
    local debian_modules
    debian_modules="$(dirname "$(dpkg -L kamailio | grep '/modules/sl.so$' | head -n1)")"
    mkdir -p "$H_WORK/kamailio"
    sed -e "s|@SIP_PORT@|$H_KAM|g; s|@MODULES_DIR@|$H_CACHE/kamailio-xmpp|; s|@DEBIAN_MODULES_DIR@|$debian_modules|" \
        -e "s|@COMPONENT@|kamailio.localhost|; s|@COMPONENT_PORT@|$H_COMPONENT|; s|@SECRET@|kamailio-secret|; s|@OUTBOUND_PORT@|$H_KAM_OUTBOUND|" \
        "$H_ROOT/src/bench/sip/kamailio-xmpp/kamailio-xmpp-gw.cfg.in" >"$H_WORK/kamailio/kamailio.cfg"
    kamailio -f "$H_WORK/kamailio/kamailio.cfg" -DD -E -P "$H_WORK/kamailio/kamailio.pid" -Y "$H_WORK/kamailio" \
        </dev/null >"$H_WORK/kamailio.log" 2>&1 &
    H_KAM_PID=$!
    h_wait_component kamailio.localhost
}

# Waits until Prosody logs that the component authenticated.
h_wait_component() {
    local _
    for _ in $(seq 1 30); do
        grep -q "$1:component.*successfully authenticated" "$H_PEERS_DIR/prosody-$H_NAME/prosody.log" && return 0
        sleep 1
    done
    echo "component $1 did not authenticate with Prosody" >&2
    return 1
}

# The load generator's JVM. Latency is measured from each message's intended send time, so a pause
# of the generator counts against whichever gateway's row it lands in: with G1 it paused 70-322 ms
# in rows (GcPauses, 2026-11-26), and the rows it hit had 2-10x the p99 of those it did not. A
# low-pause collector (Shenandoah, else ZGC, probed) keeps it out of the figures.
h_loadgen_java_opts() {
    if [[ -n "${FERRY_LOADGEN_JAVA_OPTS:-}" ]]; then
        echo "$FERRY_LOADGEN_JAVA_OPTS"
    elif java -XX:+UseShenandoahGC -version >/dev/null 2>&1; then
        echo "-XX:+UseShenandoahGC"
    else
        echo "-XX:+UseZGC"
    fi
}
h_pid() { cat "$H_PEERS_DIR/$1-$H_NAME/$1.pid" 2>/dev/null | tr -dc '0-9' || echo 0; }

h_loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
