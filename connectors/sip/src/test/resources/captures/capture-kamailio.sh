#!/usr/bin/env bash
# Captures a MESSAGE as Kamailio 5.6 (src/peers/kamailio.sh, registrar config) relays it to a
# registered contact: SIPp registers alice's contact (register-uac.xml, digest auth), a SIPp UAC
# sends a MESSAGE to sip:alice@kamailio.test through Kamailio, and a SIPp UAS at the contact
# keeps what arrived, byte for byte, in kamailio/<name>.sip. Ports 27980 (Kamailio), 27990/27991.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../../.." && pwd)"
work="$(mktemp -d)"
export FERRY_PEER_NAME=capture FERRY_SIP_PORT=27980 FERRY_SIP_DOMAIN=kamailio.test FERRY_SIP_USER=alice FERRY_SIP_PASSWORD=alice-sip
trap '"$root/src/peers/kamailio.sh" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$root/src/peers/kamailio.sh" start >/dev/null
timeout 15 sipp -sf "$here/register-uac.xml" -i 127.0.0.1 -p 27992 127.0.0.1:27980 -m 1 -nostdin -timeout 10 >/dev/null 2>&1
timeout 15 sipp -sf "$root/src/peers/sipp/message-uas-200.xml" -i 127.0.0.1 -p 27990 -m 1 -trace_msg \
    -message_file "$work/uas.log" -nostdin -timeout 10 -timeout_error >/dev/null 2>&1 &
sleep 0.5
timeout 15 sipp -sf "$root/src/peers/sipp/message-uac.xml" -i 127.0.0.1 -p 27991 127.0.0.1:27980 -s alice -m 1 \
    -key body "hello via kamailio" -key from bob -key subject "relayed" -key ctype "text/plain;charset=UTF-8" \
    -nostdin -timeout 10 >/dev/null 2>&1
wait
mkdir -p "$here/kamailio"
python3 - "$work/uas.log" "$here/kamailio/relayed-to-contact.sip" <<'PY'
import sys
log = open(sys.argv[1], 'rb').read()
start = log.index(b'MESSAGE sip:')
end = log.index(b'\n-----', start)
open(sys.argv[2], 'wb').write(log[start:end])
PY
ls -l "$here/kamailio"
