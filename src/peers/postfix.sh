#!/usr/bin/env bash
# Postfix (Debian package, 3.7) as a private loopback MTA for Ferry's tests and demo: the
# smarthost Ferry sends through, and the MX in front of Ferry's SMTP listener.
#
#   src/peers/postfix.sh install|start|stop|restart|kill9|reset|status|logs
#
# Environment (defaults):
#   FERRY_PEERS_DIR=/tmp/ferry-peers    state root; this instance uses $FERRY_PEERS_DIR/postfix[-$FERRY_PEER_NAME]
#   FERRY_PEER_NAME=                    instance suffix, for isolated instances next to the demo one
#   FERRY_SMTP_PORT=2500                Postfix's SMTP port on 127.0.0.1
#   FERRY_MAIL_DOMAIN=mail.localhost    relayed to Ferry's listener ...
#   FERRY_MAIL_LISTENER_PORT=2525       ... on 127.0.0.1:<this>
#   FERRY_ONWARD_PORT=2526              every other domain goes to 127.0.0.1:<this> (a test mailbox server)
#   FERRY_REJECT_DOMAIN=rejected.example   recipients there are refused with 554 (a permanent failure to test)
#   FERRY_BOUNCE_DOMAIN=bounced.example    mail there is taken, then bounced with a DSN (5.1.1) to its sender
# The instance has its own config_directory, queue_directory and data_directory in the state
# dir and runs its own master (`postfix -c <dir>` style); the system /etc/postfix is not used,
# and the Debian package's own instance is left stopped and disabled.
set -euo pipefail

PEER=postfix
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SMTP_PORT="${FERRY_SMTP_PORT:-2500}"
# The next values reach the config templates through render_template (indirect expansion).
# shellcheck disable=SC2034
RELAY_DOMAIN="${FERRY_MAIL_DOMAIN:-mail.localhost}"
# shellcheck disable=SC2034
RELAY_PORT="${FERRY_MAIL_LISTENER_PORT:-2525}"
# shellcheck disable=SC2034
ONWARD_PORT="${FERRY_ONWARD_PORT:-2526}"
# shellcheck disable=SC2034
REJECT_DOMAIN="${FERRY_REJECT_DOMAIN:-rejected.example}"
# shellcheck disable=SC2034
BOUNCE_DOMAIN="${FERRY_BOUNCE_DOMAIN:-bounced.example}"
PEER_PORTS=("$SMTP_PORT")
# master runs as root and drops to mail_owner (postfix) for its services.
RUN_USER=root

peer_ports() { echo "smtp 127.0.0.1:$SMTP_PORT"; }

peer_install() {
    # "No configuration": the package installs no main.cf and starts no system instance.
    if [[ $EUID -eq 0 ]] && command -v debconf-set-selections >/dev/null; then
        echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    fi
    apt_install postfix
    stop_packaged_service postfix /var/spool/postfix/pid/master.pid
}

peer_start_server() {
    command -v postfix >/dev/null || die "postfix is not installed; run: $0 install"
    [[ $EUID -eq 0 ]] || die "postfix needs root to start its master"
    local cfg="$STATE_DIR/etc"
    # shellcheck disable=SC2034
    MY_HOSTNAME="postfix${FERRY_PEER_NAME:+-$FERRY_PEER_NAME}.localhost"
    mkdir -p "$cfg" "$STATE_DIR/queue" "$STATE_DIR/data"
    render_template "$PEERS_SRC_DIR/postfix/main.cf.in" "$cfg/main.cf" STATE_DIR MY_HOSTNAME RELAY_DOMAIN RELAY_PORT ONWARD_PORT REJECT_DOMAIN BOUNCE_DOMAIN
    render_template "$PEERS_SRC_DIR/postfix/master.cf.in" "$cfg/master.cf" SMTP_PORT
    # make_state_dir gave the whole state dir to root: hand the queue (kept across restarts, so
    # deferred mail survives) and the data dir back to the owners Postfix wants.
    chown -R postfix: "$STATE_DIR/data"
    if [[ -d "$STATE_DIR/queue/pid" ]]; then
        find "$STATE_DIR/queue" -mindepth 1 -maxdepth 1 -type d ! -name pid -exec chown -R postfix: {} +
        chgrp -R postdrop "$STATE_DIR/queue/maildrop" "$STATE_DIR/queue/public"
    fi
    # Queue subdirectories with the owners and modes Postfix wants (post-install create-missing).
    # Postfix reports to stderr only on a terminal (else syslog, absent in containers): script(1) gives it one.
    if ! script -qec "postfix -c '$cfg' check" /dev/null >>"$CONSOLE_LOG" 2>&1; then
        cat "$CONSOLE_LOG" >&2
        die "postfix check failed"
    fi
    # maillog_file is $LOG_FILE (postfix.log), written by postlogd.
    : >"$LOG_FILE"
    cd "$STATE_DIR"
    # The master in the foreground (-d), so we hold its pid; its command line names our config dir.
    MAIL_CONFIG="$cfg" setsid /usr/lib/postfix/sbin/master -c "$cfg/" -d </dev/null >>"$CONSOLE_LOG" 2>&1 &
    LAUNCH_PID=$!
    echo "$LAUNCH_PID" >"$PID_FILE"
}

peer_main "$@"
