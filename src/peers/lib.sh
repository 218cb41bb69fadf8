#!/usr/bin/env bash
# Shared helpers for the peer scripts in src/peers (sourced, not executed).
#
# Every peer script follows one contract:
#   src/peers/<peer>.sh install|start|stop|restart|kill9|reset|status|logs
# (reset stops the instance and deletes its state: the next start begins from nothing)
# and keeps its generated config, data, pid and log in one state directory:
#   $FERRY_PEERS_DIR/<peer>[-$FERRY_PEER_NAME]   (FERRY_PEERS_DIR defaults to /tmp/ferry-peers)
# so tests can run an isolated instance (FERRY_PEER_NAME=t1, other ports) next to the demo one.
#
# A peer script sets PEER, RUN_USER (system user the server runs as when we are root) and
# PEER_PORTS (ports that must accept before `start` returns), sources this file, defines
# peer_install, peer_start_server (sets LAUNCH_PID or prints the pid), peer_ports and
# optionally peer_after_start, then calls `peer_main "$@"`.

# Where the peer scripts live (templates are looked up relative to it).
# shellcheck disable=SC2034  # used by the peer scripts
PEERS_SRC_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"

FERRY_PEERS_DIR="${FERRY_PEERS_DIR:-/tmp/ferry-peers}"
FERRY_PEER_NAME="${FERRY_PEER_NAME:-}"

# How long `start` waits for the ports and `stop` waits for a graceful exit (seconds).
FERRY_START_TIMEOUT="${FERRY_START_TIMEOUT:-20}"
FERRY_STOP_TIMEOUT="${FERRY_STOP_TIMEOUT:-15}"

say() { echo "$PEER: $*"; }
warn() { echo "$PEER: $*" >&2; }
die() { warn "$*"; exit 1; }

# State dir, pid and log of this instance.
peer_init() {
    # Absolute, since the scripts cd into the state dir.
    [[ "$FERRY_PEERS_DIR" == /* ]] || FERRY_PEERS_DIR="$PWD/$FERRY_PEERS_DIR"
    STATE_DIR="$FERRY_PEERS_DIR/$PEER${FERRY_PEER_NAME:+-$FERRY_PEER_NAME}"
    PID_FILE="$STATE_DIR/$PEER.pid"
    LOG_FILE="$STATE_DIR/$PEER.log"
    # stdout/stderr of the server process: catches failures from before its own logging is up.
    CONSOLE_LOG="$STATE_DIR/console.log"
}

# True if something accepts TCP connections on 127.0.0.1:$1 (bash /dev/tcp, no nc needed).
port_open() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# wait_for_ports TIMEOUT PID PORT...: wait until every port accepts; fail early if PID died.
wait_for_ports() {
    local timeout=$1 pid=$2 port deadline=$((SECONDS + $1))
    shift 2
    for port in "$@"; do
        until port_open "$port"; do
            if ! kill -0 "$pid" 2>/dev/null; then
                warn "server process $pid exited before port $port opened"
                return 1
            fi
            if ((SECONDS >= deadline)); then
                warn "port $port not open after ${timeout}s"
                return 1
            fi
            sleep 0.2
        done
    done
}

# Pid of the running server, from the pid file, if that process is alive and really ours
# (pid files survive kill -9; a recycled pid must not make us kill a stranger).
running_pid() {
    local pid cmdline
    [[ -s "$PID_FILE" ]] || return 1
    pid="$(tr -dc '0-9' <"$PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    # The process must name a file in our state dir on its command line (its config);
    # the trailing slash keeps instance "prosody" from matching "prosody-a".
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$STATE_DIR/"* ]] || return 1
    echo "$pid"
}

# Last lines of the logs, to explain a failed start.
log_tail() {
    local f
    for f in "$CONSOLE_LOG" "$LOG_FILE"; do
        [[ -s "$f" ]] || continue
        echo "---- tail of $f ----" >&2
        tail -n "${FERRY_LOG_TAIL_LINES:-40}" "$f" >&2
    done
}

# Render a template: replace each @KEY@ by the value of the shell variable KEY.
# Values are escaped for a double-quoted Lua/YAML string (\ and "), then for sed.
render_template() {
    local in=$1 out=$2 key val args=()
    shift 2
    for key in "$@"; do
        val="${!key}"
        val="${val//\\/\\\\}"
        val="${val//\"/\\\"}"
        val="$(printf '%s' "$val" | sed -e 's/[&|\\]/\\&/g')"
        args+=(-e "s|@${key}@|${val}|g")
    done
    sed "${args[@]}" "$in" >"$out.tmp"
    if grep -q '@[A-Z_][A-Z_0-9]*@' "$out.tmp"; then
        rm -f "$out.tmp"
        die "unfilled placeholder in $out: $(grep -o '@[A-Z_][A-Z_0-9]*@' "$out.tmp" | sort -u | tr '\n' ' ')"
    fi
    mv "$out.tmp" "$out"
}

# apt_install PKG...: install missing Debian packages, quietly; no apt-get update if all present.
apt_install() {
    local missing=() p out
    for p in "$@"; do
        [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    [[ $EUID -eq 0 ]] || die "need root to install: ${missing[*]}"
    out="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
            "${missing[@]}"; } >"$out" 2>&1; then
        cat "$out" >&2
        rm -f "$out"
        die "apt-get install failed for: ${missing[*]}"
    fi
    rm -f "$out"
}

# stop_packaged_service NAME PIDFILE: the Debian package may have started (and enabled) the
# system-wide daemon, which would hold the standard ports and confuse tests. Stop and disable
# it. Without systemd (containers) only touch it if its pid file names a live process: the
# sysv `stop` of ejabberd would otherwise spawn an Erlang client that leaves epmd running.
stop_packaged_service() {
    local name=$1 pidfile=$2 pid="" i
    if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
        systemctl disable --now "$name" >/dev/null 2>&1 || true
        return 0
    fi
    update-rc.d "$name" disable >/dev/null 2>&1 || true
    [[ -s "$pidfile" ]] && pid="$(tr -dc '0-9' <"$pidfile")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    service "$name" stop >/dev/null 2>&1 || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
    kill -TERM "$pid" 2>/dev/null || true
}

# Run a command as the peer's system user when we are root (the packaged servers refuse or
# dislike root); as ourselves otherwise. RUN_AS is the command prefix, usable directly in a
# background simple command (`"${RUN_AS[@]}" server &`) so that "$!" is the server's own pid:
# setpriv execs, where a function or subshell would leave a bash parent behind.
run_as_prefix() {
    if [[ $EUID -eq 0 ]]; then
        RUN_AS=(setpriv "--reuid=$1" "--regid=$1" --init-groups --)
    else
        RUN_AS=()
    fi
}
as_user() {
    local RUN_AS
    run_as_prefix "$1"
    shift
    "${RUN_AS[@]}" "$@"
}

# Create the state dir, owned by the peer's system user when we are root.
make_state_dir() {
    local user=$1
    mkdir -p "$STATE_DIR"
    if [[ $EUID -eq 0 ]]; then
        chown -R "$user:" "$STATE_DIR"
        # The user must be able to reach the state dir through every parent directory.
        if ! setpriv --reuid="$user" --regid="$user" --init-groups -- test -w "$STATE_DIR"; then
            die "user '$user' cannot write $STATE_DIR (a parent dir is not searchable?); set FERRY_PEERS_DIR elsewhere, e.g. under /tmp"
        fi
    fi
}

# Ports of the running instance as recorded at start (the caller's env may differ).
instance_ports() {
    cat "$STATE_DIR/ports" 2>/dev/null || peer_ports
}

peer_stop() {
    local pid i
    if ! pid="$(running_pid)"; then
        say "not running"
        rm -f "$PID_FILE"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < FERRY_STOP_TIMEOUT * 5; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        warn "pid $pid ignored SIGTERM for ${FERRY_STOP_TIMEOUT}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
    rm -f "$PID_FILE"
    say "stopped (pid $pid)"
}

# Stop, then delete the state dir. A server's stored state (Prosody's offline messages, a
# Postfix queue) outlives stop/start, so a test instance that starts again under the same name
# would otherwise meet what an earlier run left behind.
peer_reset() {
    peer_stop
    rm -rf "$STATE_DIR"
    say "state removed ($STATE_DIR)"
}

peer_kill9() {
    local pid pgid
    pid="$(running_pid)" || die "not running"
    pgid="$(ps -o pgid= -p "$pid" | tr -dc '0-9')"
    if [[ "$pgid" == "$pid" ]]; then
        # The server leads its own process group (setsid): a crash takes its workers too.
        # Kamailio's and Postfix's workers outlive a SIGKILL of the main process alone and keep
        # serving the port, which is not a dead server.
        kill -KILL -- "-$pid"
        while pkill -0 -g "$pid" 2>/dev/null; do sleep 0.1; done
    else
        kill -KILL "$pid"
    fi
    # Wait until the kernel has reaped it so a following `start` sees it gone.
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    say "killed -9 (pid $pid)"
}

peer_start() {
    local pid port
    if pid="$(running_pid)"; then
        say "already running (pid $pid), $(instance_ports)"
        return 0
    fi
    # A port held by someone else (e.g. the packaged system daemon) would make us "succeed"
    # against the wrong server; refuse instead.
    for port in "${PEER_PORTS[@]}"; do
        port_open "$port" && die "127.0.0.1:$port is already in use by another process"
    done
    rm -f "$PID_FILE"
    make_state_dir "$RUN_USER"
    : >"$CONSOLE_LOG"
    # peer_start_server renders the config and launches the server in the background, then
    # sets LAUNCH_PID or prints the pid as its last stdout line (both styles are supported).
    # It is called plainly (not in $(...) nor before ||/&&) so that set -e stays in force
    # inside it; the EXIT trap explains a launch that dies half-way.
    LAUNCH_PID=""
    trap 'log_tail; warn "failed to launch"' EXIT
    peer_start_server >"$STATE_DIR/.launch"
    trap - EXIT
    pid="${LAUNCH_PID:-$(tail -n 1 "$STATE_DIR/.launch")}"
    rm -f "$STATE_DIR/.launch"
    [[ "$pid" =~ ^[0-9]+$ ]] || die "peer_start_server gave no pid"
    # The server outlives this script; no "Killed" job notices from bash if we must kill it.
    disown "$pid" 2>/dev/null || true
    if ! wait_for_ports "$FERRY_START_TIMEOUT" "$pid" "${PEER_PORTS[@]}"; then
        log_tail
        # The launched pid may be a wrapper; the pid file names the server itself.
        local server_pid
        server_pid="$(running_pid)" && kill -KILL "$server_pid" 2>/dev/null
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$PID_FILE"
        die "failed to start"
    fi
    if [[ -n "$(declare -F peer_after_start)" ]]; then peer_after_start; fi
    # Remember what this instance listens on, for `status` run without the same environment.
    peer_ports >"$STATE_DIR/ports"
    say "started (pid $(running_pid || echo "$pid")), $(peer_ports)"
}

peer_main() {
    peer_init
    case "${1:-}" in
    install) peer_install ;;
    start) peer_start ;;
    stop) peer_stop ;;
    restart) peer_stop && peer_start ;;
    kill9) peer_kill9 ;;
    reset) peer_reset ;;
    status)
        if pid="$(running_pid)"; then
            say "running (pid $pid), $(instance_ports), state $STATE_DIR"
        else
            say "not running"
            return 1
        fi
        ;;
    logs)
        [[ -e "$LOG_FILE" ]] || die "no log yet at $LOG_FILE"
        tail -n "${FERRY_LOG_TAIL_LINES:-100}" "$LOG_FILE"
        ;;
    *)
        echo "usage: $0 install|start|stop|restart|kill9|reset|status|logs" >&2
        echo "env: FERRY_PEERS_DIR (default /tmp/ferry-peers), FERRY_PEER_NAME (instance suffix), see script header" >&2
        return 2
        ;;
    esac
}
