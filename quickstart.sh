#!/bin/sh
# quickstart.sh: on a fresh Debian 12 machine (as root, or with sudo), install
# what clinicdex needs, build it, and run the demo: the sample clinic web is
# served on loopback, crawled, searched and exported.
set -eu

cd "$(dirname "$0")"

PACKAGES="build-essential autoconf automake libtool pkg-config make
  libcurl4-openssl-dev libxml2-dev libpcre2-dev libsqlite3-dev libjson-c-dev zlib1g-dev libssl-dev libcsv-dev
  libidn2-dev libmicrohttpd-dev libreadosm-dev
  libcmocka-dev python3 sqlite3 ca-certificates nodejs npm"
# For the checks beyond the build: clang's libFuzzer (make fuzz), valgrind
# (make check-valgrind), LibreOffice without a GUI (make check opens the
# CSV export in it)
PACKAGES="$PACKAGES clang libclang-rt-14-dev valgrind libreoffice-calc-nogui"
# A headless browser: make check loads `clinicdex serve`'s pages in it
PACKAGES="$PACKAGES chromium"
# make check builds OpenStreetMap test extracts with osmium and runs
# crawl shards under GNU parallel
PACKAGES="$PACKAGES osmium-tool parallel"

# A package counts as present when dpkg has it, or, for one that provides a
# command, when that command is already there from elsewhere: a NodeSource
# nodejs bundles npm and conflicts with Debian's npm package.
have() {
	case $1 in
	nodejs) command -v node >/dev/null 2>&1 && return 0 ;;
	npm | python3 | sqlite3 | make | clang | valgrind | parallel) command -v "$1" >/dev/null 2>&1 && return 0 ;;
	libreoffice-calc-nogui) command -v soffice >/dev/null 2>&1 && return 0 ;;
	chromium) command -v chromium >/dev/null 2>&1 && return 0 ;;
	esac
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=""
for p in $PACKAGES; do
	have "$p" || missing="$missing $p"
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
