#!/usr/bin/env bash
# The load harness: Ferry side by side with the gateways a user would otherwise pick, in one run,
# on one machine, same peers, same load generator; prints ratios and writes JSON + PNG plots.
#
#   src/bench/harness.sh                         full run (about 45 minutes on 2 cores with 10,000 puppets)
#   FERRY_HARNESS_QUICK=1 src/bench/harness.sh   short run to validate the set-up (a few minutes)
#
# Brings up on 127.0.0.1 (ports in src/bench/harness-lib.sh, all in 14000-14999): Prosody, ngIRCd,
# Ferry as a separate process (irc./sip./mail.localhost), Biboumi (Debian package, component
# biboumi.localhost, throttle off) and Kamailio with its xmpp module (component kamailio.localhost;
# Debian's module crashes, so src/bench/sip/kamailio-xmpp/build.sh rebuilds it once with a
# one-line fix), then runs dev.ferry.bridge.bench.harness.Harness:
#   IRC  channel relay both ways, closed loop (msgs/s) and open loop at fixed rates (p50/p99/p999),
#        presence fan-out (one IRC join/part to N XMPP occupants), memory per puppet session and
#        join time at N sessions: Ferry vs Biboumi
#   SIP  MESSAGE -> XMPP at fixed SIPp rates: Ferry vs Kamailio's xmpp module
#   mail SMTP -> XMPP and XMPP -> SMTP smarthost: Ferry alone (no packaged anchor exists)
#
# Environment (defaults for a full run; FERRY_HARNESS_QUICK=1 picks small ones):
#   FERRY_HARNESS_IRC_ARGS   IrcRelayBench args ("--users 5 --seconds 10 --rates 100,250,500,1000 --window 100
#                            --fanout 10,100,500 --fanout-rounds 10 --mem-users 1000,10000 --mem-max-seconds 900")
#   FERRY_HARNESS_SIP_RATES=500,1000,2000,4000  FERRY_HARNESS_SIP_SECONDS=10
#   FERRY_HARNESS_MAILS=3000  FERRY_HARNESS_MAIL_SENDERS=4
#   FERRY_HARNESS_ONLY=irc,sip,mail   workloads to run; "puppets" runs only the IRC puppet sessions (default
#                            IRC args then "--users 0 --mem-users 1000,10000 --mem-max-seconds 1800 --irc-drain-seconds 120")
#   FERRY_HARNESS_OUT=bench-results/<UTC time>   where harness.json and the PNGs go (bench-results/ is gitignored)
#   FERRY_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"   Ferry's JVM: a fixed pre-touched heap, so its RSS growth
#                            per session is off-heap and the heap growth (after full GC, jcmd) the rest
#   FERRY_BENCH_OFFLINE=1    mvn -o
#   FERRY_LOADGEN_JAVA_OPTS=-XX:+UseShenandoahGC   the load generator's collector (harness-lib: a low-pause one)
#   FERRY_HARNESS_DB_DIR=/dev/shm/ferry-harness   both gateways' databases (tmpfs: Biboumi commits per message)
# Needs root for apt-get (prosody ngircd biboumi kamailio sip-tester, and the module build).
# The machine may be shared: the harness prints the load average at start and end; compare ratios.
set -euo pipefail
# shellcheck source=harness-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/harness-lib.sh"

if [[ "${FERRY_HARNESS_QUICK:-}" == 1 ]]; then
    IRC_ARGS_DEFAULT="--users 3 --seconds 3 --rates 100,300 --window 50 --fanout 10,50 --fanout-rounds 3 --mem-users 100,1000 --mem-max-seconds 150"
    SIP_RATES_DEFAULT=250,1000 SIP_SECONDS_DEFAULT=3 MAILS_DEFAULT=300
else
    IRC_ARGS_DEFAULT="--users 5 --seconds 10 --rates 100,250,500,1000 --window 100 --fanout 10,100,500 --fanout-rounds 10 --mem-users 1000,10000 --mem-max-seconds 900"
    SIP_RATES_DEFAULT=500,1000,2000,4000 SIP_SECONDS_DEFAULT=10 MAILS_DEFAULT=3000
fi
if [[ "${FERRY_HARNESS_ONLY:-}" == puppets ]]; then
    IRC_ARGS_DEFAULT="--users 0 --mem-users 1000,10000 --mem-max-seconds 1800 --irc-drain-seconds 120"
fi
IRC_ARGS="${FERRY_HARNESS_IRC_ARGS:-$IRC_ARGS_DEFAULT}"
# Kamailio only when the SIP workload runs.
WITH_SIP=1
if [[ -n "${FERRY_HARNESS_ONLY:-}" && "${FERRY_HARNESS_ONLY}" != *sip* ]]; then WITH_SIP=0; fi
OUT="${FERRY_HARNESS_OUT:-$H_ROOT/bench-results/$(date -u +%Y%m%dT%H%M%SZ)}"
export FERRY_JAVA_OPTS="${FERRY_JAVA_OPTS--Xms1g -Xmx1g -XX:+AlwaysPreTouch}"

# Accounts: relay users u0.., fan-out and memory users from u100 up to the largest N.
max_n() { echo "$IRC_ARGS" | grep -o -E -- "--$1 [0-9,]+" | grep -o -E '[0-9]+' | sort -n | tail -1; }
MAX_N=$(( $( (max_n mem-users; max_n fanout; echo 0) | sort -n | tail -1) ))
ACCOUNTS=$((100 + MAX_N + 10))
# Every session is a socket in the load generator, Prosody, Ferry (or Biboumi) and ngIRCd.
# (root may raise the hard limit too; bounded, and only for this script's processes)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < MAX_N + 2000 )); then echo "warning: ulimit -n $(ulimit -n) is low for $MAX_N sessions" >&2; fi
# Smack uses two threads per connection: 10,000 sessions need more pids than the default 32768 leaves.
if ((MAX_N >= 5000)) && (( $(cat /proc/sys/kernel/pid_max) < 4 * MAX_N + 16384 )); then
    echo "raising kernel.pid_max to $((4 * MAX_N + 16384)) for $MAX_N Smack sessions" >&2
    echo $((4 * MAX_N + 16384)) >/proc/sys/kernel/pid_max 2>/dev/null || echo "warning: could not raise kernel.pid_max" >&2
fi

h_install_peers
h_build
((WITH_SIP)) && h_kamailio_module
trap h_cleanup EXIT
h_peers_up "$ACCOUNTS"
h_biboumi_up
((WITH_SIP)) && h_kamailio_up
h_ferry_up
sleep 2

VERSIONS=""
for p in prosody ngircd biboumi kamailio sip-tester; do
    VERSIONS+="$p=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo '?');"
done
VERSIONS+="kamailio-xmpp-module=5.6.3 rebuilt with src/bench/sip/kamailio-xmpp/xmpp-xstream-null-attrs.patch;"
VERSIONS+="ferry=$(git -C "$H_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$H_ROOT" diff --quiet 2>/dev/null || echo '+changes')"

h_say "harness (load average $(h_loadavg); ulimit -n $(ulimit -n); accounts $ACCOUNTS; output $OUT)"
mkdir -p "$OUT"
cd "$H_ROOT"
# shellcheck disable=SC2086
java -Xmx10g $(h_loadgen_java_opts) -Xss512k -cp "$H_CP" dev.ferry.bridge.bench.harness.Harness \
    --out "$OUT" --versions "$VERSIONS" --irc-args "$IRC_ARGS" \
    --c2s $H_C2S --irc-port $H_IRC --ferry-sip $H_SIP --kamailio-sip $H_KAM --sipp-port $H_SIPP --smtp $H_SMTP --sink $H_SINK \
    --ferry-pid "$H_FERRY_PID" --biboumi-pid "$H_BIBOUMI_PID" --kamailio-pid "${H_KAM_PID:-0}" \
    --irc-restart "env ${H_PEER_ENV[*]} $H_ROOT/src/peers/ngircd.sh restart" \
    --prosody-pid "$(h_pid prosody)" --ngircd-pid "$(h_pid ngircd)" \
    --scenario "$H_ROOT/src/bench/sip/message-uac-harness.xml" \
    --sip-rates "${FERRY_HARNESS_SIP_RATES:-$SIP_RATES_DEFAULT}" --sip-seconds "${FERRY_HARNESS_SIP_SECONDS:-$SIP_SECONDS_DEFAULT}" \
    --mails "${FERRY_HARNESS_MAILS:-$MAILS_DEFAULT}" --mail-senders "${FERRY_HARNESS_MAIL_SENDERS:-4}" \
    2> >(grep --line-buffered -v -E ' (INFO|DEBUG|TRACE) ' >"$OUT/loadgen.err"; cat "$OUT/loadgen.err" >&2) | tee "$OUT/harness.txt"
h_say "Ferry warnings/errors during the run: $(grep -c -E ' (WARN|ERROR) ' "$H_WORK/ferry.log" || true) (log: $H_WORK/ferry.log)"
grep -E ' (WARN|ERROR) ' "$H_WORK/ferry.log" | cut -d' ' -f2- | cut -c1-200 | sort | uniq -c | sort -rn | head -10 || true
cp "$H_WORK/ferry.log" "$H_WORK/biboumi.log" "$H_WORK/kamailio.log" "$OUT/" 2>/dev/null || true
h_say "load average at end: $(h_loadavg); results in $OUT"
