#!/usr/bin/env bash
# Heap per IRC puppet session, connector only (no XMPP in the way): N users each join their own
# channel on a real ngIRCd through IrcConnector; prints heap per session after a full GC and a
# per-session class histogram of what grew (PuppetMemoryProbe); the heap is pre-touched, so the RSS
# growth per session is what the sessions cost outside the heap (sockets, Netty buffers, kernel-side not included). For the whole path with Prosody and
# Biboumi side by side, see src/bench/irc/run.sh.
#
#   src/bench/irc/puppet-memory.sh [users=1000] [histogram lines=30] [settle seconds=0]
# settle: wait that long after the last join before measuring (20: the steady state, set-up timers gone).
# Port on 127.0.0.1: ngIRCd 16790 (instance "memprobe").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
USERS="${1:-1000}" LINES="${2:-30}" SETTLE="${3:-0}"
cd "$ROOT"
command -v ngircd >/dev/null || src/peers/ngircd.sh install
PEER_ENV=(FERRY_PEER_NAME=memprobe FERRY_IRC_PORT=16790)
env "${PEER_ENV[@]}" src/peers/ngircd.sh start
trap 'env "${PEER_ENV[@]}" src/peers/ngircd.sh stop >/dev/null' EXIT
mvn -B -q -o -pl connectors/irc -am test-compile
mvn -B -q -o -pl connectors/irc dependency:build-classpath -Dmdep.outputFile="$ROOT/connectors/irc/target/probe-classpath.txt" \
    -Dmdep.includeScope=test
# The reactor's own modules first: the SNAPSHOT jars in ~/.m2 may be older than this checkout.
CP="connectors/irc/target/test-classes:connectors/irc/target/classes:connectors/spi/target/classes:mappings/target/classes"
CP="$CP:$(cat connectors/irc/target/probe-classpath.txt)"
java -Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary -cp "$CP" dev.ferry.irc.bench.PuppetMemoryProbe 16790 "$USERS" "$LINES" "$SETTLE" 2>/dev/null \
    | grep -v -E 'DEBUG|INFO|WARN'
