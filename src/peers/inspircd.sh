#!/usr/bin/env bash
# InspIRCd (Debian package, 3.x) as a loopback IRCv3 server for Ferry's tests and demo.
# It stands in for Ergo, which Debian does not package (Debian's "ergo" is a chemistry program).
#
#   src/peers/inspircd.sh install|start|stop|restart|kill9|reset|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/inspircd[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix, for isolated instances next to the demo one
#   FERRY_IRC_PORT=6668                plain-text client port on 127.0.0.1
#   FERRY_IRC_TLS_PORT=(port + 30)     TLS client port on 127.0.0.1, with a certificate for 127.0.0.1 and
#                                      localhost from a test CA made at the first start:
#                                      $STATE_DIR/tls/ca.pem is what a client trusts (irc.trust-store)
#   FERRY_IRC_SERVER_NAME=irc.inspircd.localhost   server name shown in prefixes
#   FERRY_IRC_PING_TIMEOUT=10          seconds between the server's PINGs to idle clients
# Capabilities: CAP 302 with server-time, message-tags, echo-message, batch, account-tag,
# account-notify, extended-join, cap-notify, multi-prefix; sasl (PLAIN, EXTERNAL) once services
# (src/peers/atheme.sh) have linked to port +40. The TLS port asks for client certificates and
# passes their SHA-256 fingerprint to services (CertFP, SASL EXTERNAL).
# Channel mode +H (chanhistory) replays a channel's last lines on join in a "chathistory" batch.
# Flood limits are lifted (no fakelag, huge threshold and command rate).
set -euo pipefail

PEER=inspircd
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IRC_PORT="${FERRY_IRC_PORT:-6668}"
TLS_PORT="${FERRY_IRC_TLS_PORT:-$((IRC_PORT + 30))}"
# Where services (src/peers/atheme.sh) link in.
LINK_PORT=$((IRC_PORT + 40))
# The next values reach the config template through render_template (indirect expansion).
# shellcheck disable=SC2034
SERVER_NAME="${FERRY_IRC_SERVER_NAME:-irc.inspircd.localhost}"
# shellcheck disable=SC2034
PING_TIMEOUT="${FERRY_IRC_PING_TIMEOUT:-10}"
PEER_PORTS=("$IRC_PORT" "$TLS_PORT" "$LINK_PORT")
# Debian's system user for IRC daemons.
RUN_USER=irc

peer_ports() { echo "irc 127.0.0.1:$IRC_PORT, irc+tls 127.0.0.1:$TLS_PORT (CA $STATE_DIR/tls/ca.pem)"; }

# A test CA and a server certificate for 127.0.0.1/localhost, made once per instance.
make_test_certificates() {
    local dir="$STATE_DIR/tls"
    [[ -s "$dir/server.pem" && -s "$dir/ca.pem" ]] && return 0
    command -v openssl >/dev/null || die "openssl is needed for the TLS listener"
    mkdir -p "$dir"
    (umask 077
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Ferry test IRC CA" \
            -keyout "$dir/ca.key" -out "$dir/ca.pem" >>"$CONSOLE_LOG" 2>&1
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server.key" \
            -out "$dir/server.csr" >>"$CONSOLE_LOG" 2>&1
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/san.ext"
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
            -days 3650 -extfile "$dir/san.ext" -out "$dir/server.pem" >>"$CONSOLE_LOG" 2>&1) \
        || die "could not make the test certificates (see $CONSOLE_LOG)"
    chmod 644 "$dir/ca.pem" "$dir/server.pem"
    if [[ $EUID -eq 0 ]]; then chown -R "$RUN_USER:" "$dir"; fi
}

peer_install() {
    apt_install inspircd
    # The package may start a system-wide InspIRCd on 127.0.0.1:6667; ours must own the port.
    stop_packaged_service inspircd /run/inspircd/inspircd.pid
}

peer_start_server() {
    command -v inspircd >/dev/null || die "inspircd is not installed; run: $0 install"
    local cfg="$STATE_DIR/inspircd.conf"
    make_test_certificates
    render_template "$PEERS_SRC_DIR/inspircd/inspircd.conf.in" "$cfg" STATE_DIR SERVER_NAME IRC_PORT TLS_PORT LINK_PORT PING_TIMEOUT
    echo "Ferry test server (InspIRCd)" >"$STATE_DIR/motd.txt"
    if [[ $EUID -eq 0 ]]; then chown "$RUN_USER:" "$cfg" "$STATE_DIR/motd.txt"; fi
    cd "$STATE_DIR"
    run_as_prefix "$RUN_USER"
    # --nofork: foreground, so we hold the real pid; setsid detaches it from our terminal.
    "${RUN_AS[@]}" setsid inspircd --nofork --config="$cfg" </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

peer_main "$@"
