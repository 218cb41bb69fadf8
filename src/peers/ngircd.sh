#!/usr/bin/env bash
# ngIRCd (Debian package, 26) as a loopback IRC server for Ferry's tests and demo.
#
#   src/peers/ngircd.sh install|start|stop|restart|kill9|reset|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/ngircd[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix, for isolated instances next to the demo one
#   FERRY_IRC_PORT=6667                plain-text client port on 127.0.0.1
#   FERRY_IRC_SERVER_NAME=irc.ngircd.localhost   server name shown in prefixes
#   FERRY_IRC_PING_TIMEOUT=10  FERRY_IRC_PONG_TIMEOUT=10   seconds (short, so tests see server PINGs)
# ngIRCd offers CAP (multi-prefix) but no SASL; flood penalties are off (MaxPenaltyTime = 0).
set -euo pipefail

PEER=ngircd
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IRC_PORT="${FERRY_IRC_PORT:-6667}"
# The next values reach the config template through render_template (indirect expansion).
# shellcheck disable=SC2034
SERVER_NAME="${FERRY_IRC_SERVER_NAME:-irc.ngircd.localhost}"
# shellcheck disable=SC2034
PING_TIMEOUT="${FERRY_IRC_PING_TIMEOUT:-10}"
# shellcheck disable=SC2034
PONG_TIMEOUT="${FERRY_IRC_PONG_TIMEOUT:-10}"
PEER_PORTS=("$IRC_PORT")
# Debian's system user for IRC daemons.
RUN_USER=irc

peer_ports() { echo "irc 127.0.0.1:$IRC_PORT"; }

peer_install() {
    apt_install ngircd
    # The package may start a system-wide ngIRCd on 0.0.0.0:6667; ours must own the port.
    stop_packaged_service ngircd /run/ngircd/ngircd.pid
}

peer_start_server() {
    command -v ngircd >/dev/null || die "ngircd is not installed; run: $0 install"
    local cfg="$STATE_DIR/ngircd.conf"
    render_template "$PEERS_SRC_DIR/ngircd/ngircd.conf.in" "$cfg" STATE_DIR SERVER_NAME IRC_PORT PING_TIMEOUT PONG_TIMEOUT
    if [[ $EUID -eq 0 ]]; then chown "$RUN_USER:" "$cfg"; fi
    # ngIRCd logs to syslog and, in the foreground, to stderr: the console log is its log.
    ln -sf "$CONSOLE_LOG" "$LOG_FILE"
    cd "$STATE_DIR"
    run_as_prefix "$RUN_USER"
    # -n: foreground, so we hold the real pid; setsid detaches it from our terminal.
    "${RUN_AS[@]}" setsid ngircd --nodaemon --config "$cfg" </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

peer_main "$@"
