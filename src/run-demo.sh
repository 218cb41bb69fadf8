#!/usr/bin/env bash
# Ferry's main job on one machine: install and start a loopback Prosody with the three
# gateway components and an ngIRCd, build Ferry and run it with an embedded H2 store in ./data.
# Then log in with any XMPP client as alice@localhost (password alice) on 127.0.0.1:5222.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash src/peers/prosody.sh install
bash src/peers/ngircd.sh install
echo "building Ferry (mvn package)..."
mvn -B -q -DskipTests package
bash src/peers/prosody.sh start
bash src/peers/ngircd.sh start
# The demo's IRC server is plain text on loopback; real networks use the defaults (TLS, 6697).
export FERRY_IRC_DEFAULT_PORT=6667 FERRY_IRC_TLS=false

cat <<'MSG'

  Prosody runs on 127.0.0.1:5222 (domain localhost, no TLS on loopback).
  Log in with any XMPP client as  alice@localhost  password  alice
  (or bob/bob, carol/carol, admin/admin). Ferry's gateways: irc.localhost, sip.localhost, mail.localhost
  -- try service discovery on them. Health: http://127.0.0.1:8787/health

  An IRC server (ngIRCd) runs on 127.0.0.1:6667. Join the room
      #ferry%localhost@irc.localhost        (any nick)
  from your XMPP client, and the channel #ferry from any IRC client on 127.0.0.1:6667.
  Private messages: nick%localhost@irc.localhost.

  Ctrl-C stops Ferry; `src/peers/prosody.sh stop` and `src/peers/ngircd.sh stop` stop the peers.

MSG
exec src/dist/bin/ferry run --config config/ferry.yaml
