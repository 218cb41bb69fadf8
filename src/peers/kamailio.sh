#!/usr/bin/env bash
# Kamailio (Debian package, 5.6) as a loopback SIP registrar and proxy for Ferry's tests and demo.
#
#   src/peers/kamailio.sh install|start|stop|restart|kill9|reset|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/kamailio[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix, for isolated instances next to the demo one
#   FERRY_SIP_PORT=5080                UDP and TCP port on 127.0.0.1
#   FERRY_SIP_DOMAIN=kamailio.test     the SIP domain it serves (AORs sip:user@domain)
#   FERRY_SIP_USER=alice  FERRY_SIP_PASSWORD=alice-sip   the one account (digest auth, no database)
#   FERRY_SIP_PHONE_PORT=5090          requests for sip:*@phone.test go to 127.0.0.1 on this port (a static trunk)
#   FERRY_KAMAILIO_CONFIG=registrar    or "xmpp": Kamailio's own SIP->XMPP gateway (package kamailio-xmpp-modules)
#                                      as component FERRY_XMPP_COMPONENT (sip.localhost) with secret
#                                      FERRY_XMPP_COMPONENT_SECRET (sip-secret) on 127.0.0.1:FERRY_XMPP_COMPONENT_PORT (5347).
#                                      Kamailio 5.6.3's xmpp module crashes (SIGSEGV) right after the
#                                      server's stream header, with Prosody 0.12 and ejabberd 23.01 alike
#                                      (upstream issue kamailio#4154): kept for a fixed Kamailio.
# Registrations live in memory (usrloc db_mode 0); requests for the domain go to the registered
# contact; requests from the domain's users are challenged (407) like any proxy would.
set -euo pipefail

PEER=kamailio
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIP_PORT="${FERRY_SIP_PORT:-5080}"
# shellcheck disable=SC2034
SIP_DOMAIN="${FERRY_SIP_DOMAIN:-kamailio.test}"
# shellcheck disable=SC2034
SIP_USER="${FERRY_SIP_USER:-alice}"
# shellcheck disable=SC2034
SIP_PASSWORD="${FERRY_SIP_PASSWORD:-alice-sip}"
# shellcheck disable=SC2034
PHONE_PORT="${FERRY_SIP_PHONE_PORT:-5090}"
CONFIG="${FERRY_KAMAILIO_CONFIG:-registrar}"
# shellcheck disable=SC2034
XMPP_COMPONENT="${FERRY_XMPP_COMPONENT:-sip.localhost}"
# shellcheck disable=SC2034
XMPP_COMPONENT_SECRET="${FERRY_XMPP_COMPONENT_SECRET:-sip-secret}"
# shellcheck disable=SC2034
XMPP_COMPONENT_PORT="${FERRY_XMPP_COMPONENT_PORT:-5347}"
PEER_PORTS=("$SIP_PORT")
RUN_USER=kamailio

peer_ports() { echo "sip 127.0.0.1:$SIP_PORT (udp, tcp)"; }

peer_install() {
    apt_install kamailio
    # only FERRY_KAMAILIO_CONFIG=xmpp needs the xmpp module (the benchmark comparison)
    if [[ "$CONFIG" == xmpp ]]; then apt_install kamailio-xmpp-modules; fi
    # The package may start a system-wide Kamailio on 5060; ours must not meet it.
    stop_packaged_service kamailio /run/kamailio/kamailio.pid
}

peer_start_server() {
    command -v kamailio >/dev/null || die "kamailio is not installed; run: $0 install"
    # shellcheck disable=SC2034
    MODULES="$(dirname "$(dpkg -L kamailio | grep '/modules/tm.so$' | head -n1)")/"
    local cfg="$STATE_DIR/kamailio.cfg"
    if [[ "$CONFIG" == xmpp ]]; then
        render_template "$PEERS_SRC_DIR/kamailio/kamailio-xmpp.cfg.in" "$cfg" SIP_PORT SIP_DOMAIN MODULES \
            XMPP_COMPONENT XMPP_COMPONENT_SECRET XMPP_COMPONENT_PORT
    else
        render_template "$PEERS_SRC_DIR/kamailio/kamailio.cfg.in" "$cfg" SIP_PORT SIP_DOMAIN SIP_USER SIP_PASSWORD PHONE_PORT MODULES
    fi
    chmod 0640 "$cfg"
    if [[ $EUID -eq 0 ]]; then chown "root:$RUN_USER" "$cfg"; fi
    kamailio -c -f "$cfg" >>"$CONSOLE_LOG" 2>&1 || { log_tail; die "kamailio rejects $cfg"; }
    ln -sf "$CONSOLE_LOG" "$LOG_FILE"
    cd "$STATE_DIR"
    local user_args=()
    if [[ $EUID -eq 0 ]]; then user_args=(-u "$RUN_USER" -g "$RUN_USER"); fi
    # -DD: stay in the foreground (we hold the real pid) while still forking the workers;
    # -E: log to stderr, which is the console log; -Y: its runtime dir in our state dir.
    setsid kamailio -DD -E -f "$cfg" -Y "$STATE_DIR" -P "$PID_FILE" "${user_args[@]}" \
        -m 64 -M 8 </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

peer_main "$@"
