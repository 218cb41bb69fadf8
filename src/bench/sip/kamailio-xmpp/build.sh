#!/usr/bin/env bash
# Build a working Kamailio xmpp module for side-by-side benchmarks.
# Debian bookworm's kamailio-xmpp-modules 5.6.3 crashes on the first stanza from Prosody
# (NULL attribute array in xstream.c; upstream kamailio/kamailio#4154). This rebuilds only that
# module from Debian's own 5.6.3 source with a one-line fix.
# Usage: build.sh OUTDIR   -> OUTDIR/xmpp.so ; load it with loadmodule "OUTDIR/xmpp.so"
# Copied from the anchors kit into the repo for src/bench/harness.sh (waits for the dpkg lock: other
# builds may hold it). The harness caches the result in FERRY_HARNESS_CACHE (/var/tmp/ferry-harness-cache).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(mkdir -p "${1:?output dir}" && cd "$1" && pwd)
export DEBIAN_FRONTEND=noninteractive
dpkg -s kamailio kamailio-xmpp-modules >/dev/null 2>&1 || apt-get -o DPkg::Lock::Timeout=600 install -y -q kamailio kamailio-xmpp-modules
apt-get -o DPkg::Lock::Timeout=600 install -y -q gcc make bison flex libexpat1-dev pkg-config >/dev/null
if ! ls /etc/apt/sources.list.d/*debsrc* >/dev/null 2>&1; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >/etc/apt/sources.list.d/zz-debsrc.sources
  apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
fi
work=$(mktemp -d)
cd "$work" && apt-get source -q kamailio >/dev/null 2>&1
src=$(ls -d "$work"/kamailio-5.6.3* | head -1)
cd "$src" && patch -p1 <"$HERE/xmpp-xstream-null-attrs.patch"
make -C src cfg >/dev/null
make -C src/modules/xmpp >/dev/null
cp src/modules/xmpp/xmpp.so "$OUT/xmpp.so"
rm -rf "$work"
echo "$OUT/xmpp.so"
