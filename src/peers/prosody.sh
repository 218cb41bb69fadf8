#!/usr/bin/env bash
# Prosody (Debian package, 0.12) as a loopback XMPP server for Ferry's tests and demo.
#
#   src/peers/prosody.sh install|start|stop|restart|kill9|reset|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/prosody[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix, for isolated instances next to the demo one
#   FERRY_XMPP_DOMAIN=localhost        VirtualHost; components are irc./sip./mail.<domain>
#   FERRY_C2S_PORT=5222  FERRY_COMPONENT_PORT=5347  FERRY_HTTP_PORT=5280 (XEP-0363 upload service upload.<domain>)
#   FERRY_IRC_SECRET=irc-secret  FERRY_SIP_SECRET=sip-secret  FERRY_MAIL_SECRET=mail-secret  (demo values)
#   FERRY_PROSODY_TEMPLATE=prosody     config template in src/peers/prosody/; prosody-s2s federates
#                                      (server-to-server tests), with in addition:
#     FERRY_S2S_PORT=5269  FERRY_DNS_FORWARD=127.0.0.1@53 (libunbound forwarder, e.g. src/peers/dnsmasq.sh)
#     FERRY_S2S_DIRECT_TLS_PORT=       s2s direct TLS port (XEP-0368); empty: none
#     FERRY_TLS_CERT / FERRY_TLS_KEY   PEM certificate and key for the domain
#     FERRY_CA_FILE                    PEM CA certificates trusted for other servers
# Users alice/alice, bob/bob, carol/carol, admin/admin (admin is in `admins`) are (re)created at every start.
set -euo pipefail

PEER=prosody
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DOMAIN="${FERRY_XMPP_DOMAIN:-localhost}"
C2S_PORT="${FERRY_C2S_PORT:-5222}"
COMPONENT_PORT="${FERRY_COMPONENT_PORT:-5347}"
# shellcheck disable=SC2034
HTTP_PORT="${FERRY_HTTP_PORT:-5280}"
# The next values reach the config template through render_template (indirect expansion).
# shellcheck disable=SC2034
IRC_SECRET="${FERRY_IRC_SECRET:-irc-secret}"
# shellcheck disable=SC2034
SIP_SECRET="${FERRY_SIP_SECRET:-sip-secret}"
# shellcheck disable=SC2034
MAIL_SECRET="${FERRY_MAIL_SECRET:-mail-secret}"
TEMPLATE="${FERRY_PROSODY_TEMPLATE:-prosody}"
# shellcheck disable=SC2034
S2S_PORT="${FERRY_S2S_PORT:-5269}"
# shellcheck disable=SC2034
S2S_DIRECT_TLS_PORTS="${FERRY_S2S_DIRECT_TLS_PORT:-}"
# shellcheck disable=SC2034
DNS_FORWARD="${FERRY_DNS_FORWARD:-127.0.0.1@53}"
# shellcheck disable=SC2034
TLS_CERT="${FERRY_TLS_CERT:-}"
# shellcheck disable=SC2034
TLS_KEY="${FERRY_TLS_KEY:-}"
# shellcheck disable=SC2034
CA_FILE="${FERRY_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}"
PEER_PORTS=("$C2S_PORT" "$COMPONENT_PORT")
if [[ "$TEMPLATE" == prosody-s2s ]]; then PEER_PORTS=("$C2S_PORT" "$S2S_PORT"); fi
RUN_USER=prosody

peer_ports() { echo "c2s 127.0.0.1:$C2S_PORT, component 127.0.0.1:$COMPONENT_PORT, domain $DOMAIN"; }

peer_install() {
    apt_install prosody
    # The package starts a system-wide Prosody on 0.0.0.0:5222; ours must own the ports.
    stop_packaged_service prosody /run/prosody/prosody.pid
}

peer_start_server() {
    command -v prosody >/dev/null || die "prosody is not installed; run: $0 install"
    local cfg="$STATE_DIR/prosody.cfg.lua" user
    # The rendered config holds the component secrets: readable by its owner only.
    (umask 077
        render_template "$PEERS_SRC_DIR/prosody/$TEMPLATE.cfg.lua.in" "$cfg" \
            STATE_DIR DOMAIN C2S_PORT COMPONENT_PORT HTTP_PORT IRC_SECRET SIP_SECRET MAIL_SECRET \
            S2S_PORT S2S_DIRECT_TLS_PORTS DNS_FORWARD TLS_CERT TLS_KEY CA_FILE)
    as_user "$RUN_USER" mkdir -p "$STATE_DIR/data" "$STATE_DIR/certs"
    if [[ $EUID -eq 0 ]]; then chown "$RUN_USER:" "$cfg"; fi
    # Users, created offline before the server starts (internal storage is plain files);
    # `register` overwrites an existing account, which makes it idempotent.
    for user in alice bob carol admin; do
        as_user "$RUN_USER" prosodyctl --config "$cfg" register "$user" "$DOMAIN" "$user" \
            >>"$CONSOLE_LOG" 2>&1 || die "prosodyctl register $user failed"
    done
    # -F: foreground, so we hold the real pid; setsid detaches it from our terminal.
    cd "$STATE_DIR"
    run_as_prefix "$RUN_USER"
    "${RUN_AS[@]}" setsid prosody --config "$cfg" -F </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

peer_main "$@"
