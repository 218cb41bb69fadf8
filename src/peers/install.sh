#!/usr/bin/env bash
# Install every peer server Ferry's tests use (Debian packages), quietly and idempotently:
# no apt-get update when everything is already installed; apt output only on failure.
#
#   src/peers/install.sh
#
# Then stops/disables the system-wide daemons the packages may have started, so the
# per-test instances (src/peers/<peer>.sh start) own the ports.
set -euo pipefail

PEER=install
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# One apt call for everything. setpriv (util-linux) and timeout (coreutils) are used by the
# scripts; they are essential packages on Debian, listed for minimal images.
# Postfix asks which mail setup to make: "No configuration" (no main.cf, no system instance);
# src/peers/postfix.sh runs private instances. script(1) (bsdutils) shows Postfix's errors.
if command -v debconf-set-selections >/dev/null; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
fi
apt_install prosody ejabberd postgresql ngircd inspircd atheme-services util-linux coreutils dnsmasq-base lua-unbound openssl kamailio sip-tester postfix bsdutils sipvicious

stop_packaged_service prosody /run/prosody/prosody.pid
stop_packaged_service ejabberd /run/ejabberd/ejabberd.pid
stop_packaged_service ngircd /run/ngircd/ngircd.pid
stop_packaged_service inspircd /run/inspircd/inspircd.pid
stop_packaged_service atheme-services /run/atheme/atheme.pid
# kamailio would take 5060 on every address; tests run their own (src/peers/kamailio.sh), sip-tester is sipp;
# sipvicious (svmap, svwar, svcrack) scans Ferry's SIP listener in SipviciousScanE2ETest
stop_packaged_service kamailio /run/kamailio/kamailio.pid
stop_packaged_service postfix /var/spool/postfix/pid/master.pid
# postgresql: src/peers/postgres.sh (maintained separately) handles its own install step.
if [[ -x "$PEERS_SRC_DIR/postgres.sh" ]]; then
    "$PEERS_SRC_DIR/postgres.sh" install
fi
