#!/usr/bin/env bash
# InspIRCd (Debian package, 3.x) as a loopback IRCv3 server for Ferry's tests and demo.
# It stands in for Ergo, which Debian does not package (Debian's "ergo" is a chemistry program).
#
#   src/peers/inspircd.sh install|start|stop|restart|kill9|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/inspircd[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix, for isolated instances next to the demo one
#   FERRY_IRC_PORT=6668                plain-text client port on 127.0.0.1
#   FERRY_IRC_SERVER_NAME=irc.inspircd.localhost   server name shown in prefixes
#   FERRY_IRC_PING_TIMEOUT=10          seconds between the server's PINGs to idle clients
# Capabilities: CAP 302 with server-time, message-tags, echo-message, batch, account-tag,
# cap-notify, multi-prefix. SASL needs a services server linked to it (not set up here).
# Flood limits are lifted (no fakelag, huge threshold and command rate).
set -euo pipefail

PEER=inspircd
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IRC_PORT="${FERRY_IRC_PORT:-6668}"
# The next values reach the config template through render_template (indirect expansion).
# shellcheck disable=SC2034
SERVER_NAME="${FERRY_IRC_SERVER_NAME:-irc.inspircd.localhost}"
# shellcheck disable=SC2034
PING_TIMEOUT="${FERRY_IRC_PING_TIMEOUT:-10}"
PEER_PORTS=("$IRC_PORT")
# Debian's system user for IRC daemons.
RUN_USER=irc

peer_ports() { echo "irc 127.0.0.1:$IRC_PORT"; }

peer_install() {
    apt_install inspircd
    # The package may start a system-wide InspIRCd on 127.0.0.1:6667; ours must own the port.
    stop_packaged_service inspircd /run/inspircd/inspircd.pid
}

peer_start_server() {
    command -v inspircd >/dev/null || die "inspircd is not installed; run: $0 install"
    local cfg="$STATE_DIR/inspircd.conf"
    render_template "$PEERS_SRC_DIR/inspircd/inspircd.conf.in" "$cfg" STATE_DIR SERVER_NAME IRC_PORT PING_TIMEOUT
    echo "Ferry test server (InspIRCd)" >"$STATE_DIR/motd.txt"
    if [[ $EUID -eq 0 ]]; then chown "$RUN_USER:" "$cfg" "$STATE_DIR/motd.txt"; fi
    cd "$STATE_DIR"
    run_as_prefix "$RUN_USER"
    # --nofork: foreground, so we hold the real pid; setsid detaches it from our terminal.
    "${RUN_AS[@]}" setsid inspircd --nofork --config="$cfg" </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

peer_main "$@"
