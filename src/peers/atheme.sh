#!/usr/bin/env bash
# Atheme IRC services (Debian package atheme-services, 7.2) linked to the InspIRCd of
# src/peers/inspircd.sh, so that NickServ accounts and SASL PLAIN are real in tests.
#
#   src/peers/atheme.sh install|start|stop|restart|kill9|reset|status|logs
#
# Start the InspIRCd instance first, with the same FERRY_PEER_NAME and FERRY_IRC_PORT:
# Atheme connects to its server-link port (FERRY_IRC_PORT + 40) as services.localhost.
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/atheme[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix
#   FERRY_IRC_PORT=6668                the InspIRCd's client port (the link port is derived from it)
#   FERRY_IRC_SERVER_NAME=irc.inspircd.localhost   the InspIRCd's server name (the uplink)
# Accounts: register them from IRC (PRIVMSG NickServ :REGISTER <password> <email>); no mail is sent.
# Certificates: PRIVMSG NickServ :CERT ADD <sha256 fingerprint> while logged in; SASL EXTERNAL then works.
set -euo pipefail

PEER=atheme
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IRC_PORT="${FERRY_IRC_PORT:-6668}"
# The next values reach the config template through render_template (indirect expansion).
# shellcheck disable=SC2034
LINK_PORT=$((IRC_PORT + 40))
# shellcheck disable=SC2034
UPLINK="${FERRY_IRC_SERVER_NAME:-irc.inspircd.localhost}"
# Services connect out; nothing to wait for but the link (peer_after_start).
PEER_PORTS=()
RUN_USER=irc

peer_ports() { echo "linked to 127.0.0.1:$LINK_PORT as services.localhost"; }

peer_install() {
    apt_install atheme-services
    stop_packaged_service atheme-services /run/atheme/atheme.pid
}

peer_start_server() {
    command -v atheme-services >/dev/null || die "atheme-services is not installed; run: $0 install"
    port_open "$LINK_PORT" || die "no InspIRCd server-link port on 127.0.0.1:$LINK_PORT; start src/peers/inspircd.sh first"
    local cfg="$STATE_DIR/atheme.conf"
    (umask 077; render_template "$PEERS_SRC_DIR/atheme/atheme.conf.in" "$cfg" STATE_DIR LINK_PORT UPLINK)
    if [[ $EUID -eq 0 ]]; then chown "$RUN_USER:" "$cfg"; fi
    cd "$STATE_DIR"
    run_as_prefix "$RUN_USER"
    # -n: foreground, so we hold the real pid.
    "${RUN_AS[@]}" setsid atheme-services -n -c "$cfg" -D "$STATE_DIR" -l "$LOG_FILE" -p "$PID_FILE" \
        </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

# Ready once the uplink has taken the services' burst.
peer_after_start() {
    local deadline=$((SECONDS + FERRY_START_TIMEOUT))
    until grep -q "finished synching with uplink" "$LOG_FILE" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log_tail
            die "not linked to $UPLINK after ${FERRY_START_TIMEOUT}s"
        fi
        sleep 0.2
    done
}

peer_main "$@"
