#!/usr/bin/env bash
# Captures the MESSAGE requests a real SIPp UAC sends (src/peers/sipp/message-uac.xml), as a
# SIPp UAS on 127.0.0.1 received them, byte for byte, into sipp/<name>.sip. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scenarios="$here/../../../../../../src/peers/sipp"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
capture() { # name service ctype body [subject]
  local name=$1 service=$2 ctype=$3 body=$4 subject=${5:-none}
  timeout 15 sipp -sf "$scenarios/message-uas-200.xml" -i 127.0.0.1 -p 27990 -m 1 -trace_msg \
    -message_file "$work/uas.log" -nostdin -timeout 10 -timeout_error >/dev/null 2>&1 &
  sleep 0.5
  timeout 15 sipp -sf "$scenarios/message-uac.xml" -i 127.0.0.1 -p 27991 127.0.0.1:27990 -s "$service" -m 1 \
    -key body "$body" -key from bob -key subject "$subject" -key ctype "$ctype" -nostdin -timeout 10 >/dev/null 2>&1
  wait
  python3 - "$work/uas.log" "$here/sipp/$name.sip" <<'PY'
import sys
log = open(sys.argv[1], 'rb').read()
start = log.index(b'MESSAGE sip:')
end = log.index(b'\n-----', start)
open(sys.argv[2], 'wb').write(log[start:end])
PY
  rm -f "$work/uas.log"
}
mkdir -p "$here/sipp"
capture plain-to-jid 'alice*localhost' 'text/plain;charset=UTF-8' 'hello ferry' 'hi'
capture utf8-to-jid 'alice*example.org' 'text/plain; charset=utf-8' 'grüße ☎' 'none'
capture latin1-to-jid 'alice*localhost' 'text/plain;charset=ISO-8859-1' "$(printf 'caf\xe9')" 'none'
capture no-separator 'alice' 'text/plain' 'hi' 'none'
capture html 'alice*localhost' 'text/html' '<b>hi</b>' 'none'
capture iscomposing-active 'alice*localhost' 'application/im-iscomposing+xml' '<?xml version="1.0" encoding="UTF-8"?><isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>active</state><contenttype>text/plain</contenttype><refresh>60</refresh></isComposing>' 'none'
capture iscomposing-idle 'alice*localhost' 'application/im-iscomposing+xml' '<?xml version="1.0" encoding="UTF-8"?><isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>idle</state></isComposing>' 'none'
capture iscomposing-doctype 'alice*localhost' 'application/im-iscomposing+xml' '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>&e;</state></isComposing>' 'none'
ls -l "$here/sipp"
