#!/usr/bin/env bash
# ejabberd (Debian package, 23.01) as a loopback XMPP server for Ferry's tests and demo,
# able to run beside the Prosody peer (other default ports).
#
#   src/peers/ejabberd.sh install|start|stop|restart|kill9|reset|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/ejabberd[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix, for isolated instances next to the demo one
#   FERRY_XMPP_DOMAIN=localhost        host; components are irc./sip./mail.<domain>
#   FERRY_C2S_PORT=5223  FERRY_COMPONENT_PORT=5348
#   FERRY_EJABBERD_DIST_PORT=<component port + 10000>  Erlang distribution port (loopback, no epmd)
#   FERRY_IRC_SECRET=irc-secret  FERRY_SIP_SECRET=sip-secret  FERRY_MAIL_SECRET=mail-secret  (demo values)
#   FERRY_EJABBERD_TEMPLATE=ejabberd   config template in src/peers/ejabberd/; ejabberd-s2s federates
#                                      (server-to-server tests), with in addition:
#     FERRY_S2S_PORT=5270  FERRY_DNS_PORT=53 (nameserver on 127.0.0.1, e.g. src/peers/dnsmasq.sh)
#     FERRY_TLS_CERT / FERRY_TLS_KEY   PEM certificate and key for the domain
#     FERRY_CA_FILE                    PEM CA certificates trusted for other servers
# Users alice/alice, bob/bob, admin/admin (admin in the admin ACL) are created at start if missing.
set -euo pipefail

PEER=ejabberd
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DOMAIN="${FERRY_XMPP_DOMAIN:-localhost}"
C2S_PORT="${FERRY_C2S_PORT:-5223}"
COMPONENT_PORT="${FERRY_COMPONENT_PORT:-5348}"
DIST_PORT="${FERRY_EJABBERD_DIST_PORT:-$((COMPONENT_PORT + 10000))}"
# The next values reach the config template through render_template (indirect expansion).
# shellcheck disable=SC2034
IRC_SECRET="${FERRY_IRC_SECRET:-irc-secret}"
# shellcheck disable=SC2034
SIP_SECRET="${FERRY_SIP_SECRET:-sip-secret}"
# shellcheck disable=SC2034
MAIL_SECRET="${FERRY_MAIL_SECRET:-mail-secret}"
NODE="ferry-ejabberd${FERRY_PEER_NAME:+-$FERRY_PEER_NAME}@localhost"
TEMPLATE="${FERRY_EJABBERD_TEMPLATE:-ejabberd}"
# shellcheck disable=SC2034
S2S_PORT="${FERRY_S2S_PORT:-5270}"
# shellcheck disable=SC2034
DNS_PORT="${FERRY_DNS_PORT:-53}"
# shellcheck disable=SC2034
TLS_CERT="${FERRY_TLS_CERT:-}"
# shellcheck disable=SC2034
TLS_KEY="${FERRY_TLS_KEY:-}"
# shellcheck disable=SC2034
CA_FILE="${FERRY_CA_FILE:-/etc/ssl/certs/ca-certificates.crt}"
PEER_PORTS=("$C2S_PORT" "$COMPONENT_PORT")
if [[ "$TEMPLATE" == ejabberd-s2s ]]; then PEER_PORTS=("$C2S_PORT" "$S2S_PORT"); fi
RUN_USER=ejabberd
USERS=(alice bob admin)

peer_ports() { echo "c2s 127.0.0.1:$C2S_PORT, component 127.0.0.1:$COMPONENT_PORT, domain $DOMAIN, node $NODE"; }

peer_install() {
    apt_install ejabberd
    # The package starts a system-wide ejabberd (node ejabberd@localhost, ports 5222/5269/5280...).
    stop_packaged_service ejabberd /run/ejabberd/ejabberd.pid
}

# ejabberdctl pointed at this instance's config, spool and log dirs. Run as the ejabberd user
# (ejabberdctl would otherwise `su` to it when root) with HOME in the state dir.
ctl() {
    as_user "$RUN_USER" env HOME="$STATE_DIR" ejabberdctl --config-dir "$STATE_DIR" \
        --spool "$STATE_DIR/spool" --logs "$STATE_DIR" "$@"
}

peer_start_server() {
    command -v ejabberdctl >/dev/null || die "ejabberd is not installed; run: $0 install"
    as_user "$RUN_USER" mkdir -p "$STATE_DIR/spool" "$STATE_DIR/contrib/conf"
    # Per-instance Erlang cookie, created once.
    if [[ ! -s "$STATE_DIR/cookie" ]]; then
        (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$STATE_DIR/cookie")
    fi
    # shellcheck disable=SC2034  # reaches the template through render_template
    COOKIE="$(cat "$STATE_DIR/cookie")"
    (umask 077
        render_template "$PEERS_SRC_DIR/ejabberd/$TEMPLATE.yml.in" "$STATE_DIR/ejabberd.yml" \
            STATE_DIR DOMAIN C2S_PORT COMPONENT_PORT IRC_SECRET SIP_SECRET MAIL_SECRET \
            S2S_PORT TLS_CERT TLS_KEY CA_FILE
        render_template "$PEERS_SRC_DIR/ejabberd/ejabberdctl.cfg.in" "$STATE_DIR/ejabberdctl.cfg" \
            STATE_DIR NODE DIST_PORT COOKIE)
    if [[ "$TEMPLATE" == ejabberd-s2s ]]; then
        # Erlang's resolver (ERL_INETRC, set by ejabberdctl) asks the test's DNS server.
        render_template "$PEERS_SRC_DIR/ejabberd/inetrc-s2s.in" "$STATE_DIR/inetrc" DNS_PORT
    else
        cp "$PEERS_SRC_DIR/ejabberd/inetrc" "$STATE_DIR/inetrc"
    fi
    if [[ $EUID -eq 0 ]]; then chown -R "$RUN_USER:" "$STATE_DIR"; fi
    # The dist port must be free too, or the node dies at boot with an obscure error.
    if port_open "$DIST_PORT"; then
        die "Erlang dist port 127.0.0.1:$DIST_PORT is in use (set FERRY_EJABBERD_DIST_PORT)"
    fi
    # `foreground` in the background (rather than `start`, which detaches) keeps early boot
    # errors in console.log; ejabberd itself writes the beam pid to EJABBERD_PID_PATH.
    cd "$STATE_DIR"
    run_as_prefix "$RUN_USER"
    "${RUN_AS[@]}" env HOME="$STATE_DIR" ejabberdctl --config-dir "$STATE_DIR" \
        --spool "$STATE_DIR/spool" --logs "$STATE_DIR" foreground </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

peer_after_start() {
    local registered user
    # ejabberd opens its listeners after the modules are started, so the node is ready for
    # ejabberdctl by now (`ejabberdctl started` would only add its fixed 2 s poll delay).
    registered="$(ctl registered_users "$DOMAIN" 2>&1)" || die "ejabberdctl registered_users failed: $registered"
    for user in "${USERS[@]}"; do
        grep -qx "$user" <<<"$registered" && continue
        ctl register "$user" "$DOMAIN" "$user" >/dev/null || die "ejabberdctl register $user failed"
    done
}

peer_main "$@"
