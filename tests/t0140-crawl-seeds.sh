#!/bin/sh
# Seeds that name one site are one site, whatever their spelling (an IDN in
# UTF-8 of either case or in punycode); a seed with no host is refused.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
mkdir -p "$web"
cp -R "$TOP_SRCDIR/tests/web/hostile/plain-spa.test" "$web/xn--mnchen-derma-dlb.test"
start_server "$web"
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --delay 0 --allow-private"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }

ok "an IDN site given three ways is crawled" \
	$CRAWL --max-depth 0 'http://münchen-derma.test/' 'http://xn--mnchen-derma-dlb.test/' \
	'http://MÜNCHEN-derma.test/'
ok "... as one site" test "$(q 'SELECT count(*) FROM sites')" -eq 1
ok "... keyed by its ASCII (punycode) name" \
	test "$(q 'SELECT key FROM sites')" = "http://xn--mnchen-derma-dlb.test"
ok "... its page fetched once" test "$(q 'SELECT count(*) FROM pages')" -eq 1
ok "... and found by that name" \
	sh -c "$CLINICDEX show 'MÜNCHEN-derma.test' | grep -q 'Plain Spa'"

export CLINICDEX_DB="$T_TMP/nohost.db"
ok "'http:///x' (no host) is a usage error" exits 2 $CRAWL 'http:///x'
ok "... that names the seed" sh -c "$CRAWL 'http:///x' 2>&1 | grep -q \"'http:///x'\""
ok "... and crawls nothing" test "$(stored)" -eq 0
done_testing
