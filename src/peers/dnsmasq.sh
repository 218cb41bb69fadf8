#!/usr/bin/env bash
# dnsmasq (Debian package dnsmasq-base) as a loopback DNS server for the server-to-server tests:
# the XMPP servers under test (Prosody through libunbound, ejabberd through Erlang's resolver,
# Ferry through MiniDNS) are pointed at it, so test domains resolve to 127.0.0.1 and their SRV
# records to test ports without touching the machine's DNS or /etc/hosts.
#
#   src/peers/dnsmasq.sh install|start|stop|restart|kill9|reset|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/dnsmasq[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix
#   FERRY_DNS_PORT=29053               UDP and TCP port on 127.0.0.1
#   FERRY_DNS_ZONE=ferry.example       names under it that have no record get NXDOMAIN
#   FERRY_DNS_SRV="_xmpp-server._tcp.irc.ferry.example,irc.ferry.example,5269 ..."   srv-host entries (name,target,port)
#   FERRY_DNS_HOSTS="irc.ferry.example,127.0.0.1 ..."                                  host-record entries (name,address)
set -euo pipefail

PEER=dnsmasq
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DNS_PORT="${FERRY_DNS_PORT:-29053}"
# shellcheck disable=SC2034
ZONE="${FERRY_DNS_ZONE:-ferry.example}"
DNS_SRV="${FERRY_DNS_SRV:-}"
DNS_HOSTS="${FERRY_DNS_HOSTS:-}"
PEER_PORTS=("$DNS_PORT")
# State dir owner. dnsmasq itself binds as root, then drops to its Debian user 'dnsmasq'
# (whose group is nogroup, which lib.sh's setpriv check cannot express).
RUN_USER=root

peer_ports() { echo "dns 127.0.0.1:$DNS_PORT (udp+tcp), zone $ZONE"; }

peer_install() {
    # dnsmasq-base: the binary only, no system service that would take port 53.
    apt_install dnsmasq-base
}

peer_start_server() {
    command -v dnsmasq >/dev/null || die "dnsmasq is not installed; run: $0 install"
    local cfg="$STATE_DIR/dnsmasq.conf" records="$STATE_DIR/records.conf" entry
    : >"$records"
    for entry in $DNS_SRV; do
        [[ "$entry" =~ ^[A-Za-z0-9._-]+,[A-Za-z0-9.-]+,[0-9]+$ ]] || die "bad SRV entry '$entry' (name,target,port)"
        echo "srv-host=$entry" >>"$records"
    done
    for entry in $DNS_HOSTS; do
        [[ "$entry" =~ ^[A-Za-z0-9.-]+,[0-9a-fA-F.:]+$ ]] || die "bad host entry '$entry' (name,address)"
        echo "host-record=$entry" >>"$records"
    done
    render_template "$PEERS_SRC_DIR/dnsmasq/dnsmasq.conf.in" "$cfg" STATE_DIR DNS_PORT ZONE
    # dnsmasq logs (queries included) to stderr in the foreground: the console log is its log.
    ln -sf "$CONSOLE_LOG" "$LOG_FILE"
    local drop=()
    if [[ $EUID -eq 0 ]]; then drop=(--user=dnsmasq --group=nogroup); fi
    cd "$STATE_DIR"
    # --keep-in-foreground: we hold the real pid; setsid detaches it from our terminal.
    setsid dnsmasq --keep-in-foreground --conf-file="$cfg" "${drop[@]}" </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
}

peer_main "$@"
