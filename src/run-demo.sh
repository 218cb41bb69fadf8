#!/usr/bin/env bash
# Ferry's main job on one machine: install and start a loopback Prosody with the three
# gateway components, build Ferry and run it with an embedded H2 store in ./data.
# Then log in with any XMPP client as alice@localhost (password alice) on 127.0.0.1:5222.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash src/peers/prosody.sh install
echo "building Ferry (mvn package)..."
mvn -B -q -DskipTests package
bash src/peers/prosody.sh start

cat <<'MSG'

  Prosody runs on 127.0.0.1:5222 (domain localhost, no TLS on loopback).
  Log in with any XMPP client as  alice@localhost  password  alice
  (or bob/bob, admin/admin). Ferry's gateways: irc.localhost, sip.localhost, mail.localhost
  -- try service discovery on them. Health: http://127.0.0.1:8787/health
  Ctrl-C stops Ferry; `src/peers/prosody.sh stop` stops Prosody.

MSG
exec src/dist/bin/ferry run --config config/ferry.yaml
