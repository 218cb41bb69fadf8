#!/usr/bin/env bash
# PostgreSQL (Debian package, 15) as a loopback database for Ferry's store tests and demo.
#
#   src/peers/postgres.sh install|start|stop|restart|kill9|reset|status|logs
#
# Runs its own cluster (initdb) in the state dir, never the packaged system cluster, so tests
# cannot touch real data and need no root-owned config.
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers   state root; this instance uses $FERRY_PEERS_DIR/postgres[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                   instance suffix, for isolated instances next to the demo one
#   FERRY_PG_PORT=55432                TCP port on 127.0.0.1 (also names the unix socket in the state dir)
# Role `ferry` with password `ferry` owns database `ferry` (demo values, loopback only):
#   jdbc:postgresql://127.0.0.1:55432/ferry
set -euo pipefail

PEER=postgres
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_PORT="${FERRY_PG_PORT:-55432}"
PEER_PORTS=("$PG_PORT")
RUN_USER=postgres

peer_ports() { echo "127.0.0.1:$PG_PORT, database ferry, role ferry/ferry"; }

# Newest installed server binaries (the Debian layout keeps them off PATH).
pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$dir" && -x "$dir/initdb" ]] || die "PostgreSQL server binaries not found; run: $0 install"
    echo "$dir"
}

peer_install() {
    apt_install postgresql
    # The package starts the system cluster on 5432; ours runs separately, but a stray system
    # daemon is just noise on a test machine.
    stop_packaged_service postgresql /run/postgresql/15-main.pid
}

peer_start_server() {
    local bin data="$STATE_DIR/data"
    bin="$(pg_bin)"
    make_state_dir "$RUN_USER"
    if [[ ! -s "$data/PG_VERSION" ]]; then
        # trust on the unix socket only (it lives in our 0700 state dir); passwords over TCP.
        as_user "$RUN_USER" "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >>"$CONSOLE_LOG" 2>&1 \
            || { warn "initdb failed"; return 1; }
    fi
    chmod 700 "$STATE_DIR"
    # -F: foreground, so we hold the real pid; setsid detaches it from our terminal.
    # listen_addresses/socket dir on the command line win over anything in postgresql.conf.
    cd "$STATE_DIR"
    # Not through the as_user function: a backgrounded function is a subshell, and "$!" must be
    # the postmaster itself (setpriv and setsid exec, they do not fork).
    local run_as=()
    [[ $EUID -eq 0 ]] && run_as=(setpriv --reuid="$RUN_USER" --regid="$RUN_USER" --init-groups --)
    "${run_as[@]}" setsid "$bin/postgres" -D "$data" -p "$PG_PORT" \
        -c listen_addresses=127.0.0.1 -c unix_socket_directories="$STATE_DIR" \
        -c logging_collector=off -c fsync=on \
        </dev/null >>"$CONSOLE_LOG" 2>&1 &
    echo $! >"$PID_FILE"
    echo $!
}

psql_local() {
    as_user "$RUN_USER" "$(pg_bin)/psql" -h "$STATE_DIR" -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

peer_after_start() {
    local i
    # The port opens before the server accepts queries (startup/recovery); wait for real readiness.
    for ((i = 0; i < FERRY_START_TIMEOUT * 5; i++)); do
        "$(pg_bin)/pg_isready" -q -h "$STATE_DIR" -p "$PG_PORT" && break
        sleep 0.2
    done
    "$(pg_bin)/pg_isready" -q -h "$STATE_DIR" -p "$PG_PORT" || { log_tail; die "not ready after ${FERRY_START_TIMEOUT}s"; }
    # Idempotent: create the role and database only if missing; keep the demo password in sync.
    psql_local -d postgres <<'SQL' >>"$CONSOLE_LOG" 2>&1 || { log_tail; die "creating role/database ferry failed"; }
SELECT 'CREATE ROLE ferry LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ferry')
\gexec
ALTER ROLE ferry LOGIN PASSWORD 'ferry';
SELECT 'CREATE DATABASE ferry OWNER ferry ENCODING ''UTF8''' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'ferry')
\gexec
SQL
}

# `status` in lib.sh only looks at the pid; the pid file of a cluster killed with -9 is
# handled by running_pid (it checks the process is ours).
peer_main "$@"
