#!/bin/sh
# quickstart.sh: on a fresh Debian 12 machine (as root, or with sudo), install
# what clinicdex needs, build it, and run the demo: the sample clinic web is
# served on loopback, crawled, searched and exported.
set -eu

cd "$(dirname "$0")"

PACKAGES="build-essential autoconf automake libtool pkg-config make
  libcurl4-openssl-dev libxml2-dev libpcre2-dev libsqlite3-dev libjson-c-dev zlib1g-dev
  libcmocka-dev python3 sqlite3 ca-certificates nodejs npm"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "quickstart: installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

[ -x configure ] || ./autogen.sh
[ -f Makefile ] || ./configure
make -j"$(nproc 2>/dev/null || echo 2)"
make demo
