#!/bin/sh
# One site key: a host spelt with its root dot ("glow.test.") or with
# "www." is the site of its plain spelling, for the crawler as for show.
. "$TOP_SRCDIR/tests/lib.sh"

start_server
host=$(demo_seeds | head -1 | sed 's|^[a-z]*://||; s|/.*||')
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --allow-private --delay 0 --max-pages 3"

ok "a crawl of one host in three spellings succeeds" \
	$CRAWL "http://$host/" "http://www.$host./" "http://$host./"
ok "... and makes one site of them" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM sites')\" -eq 1 ]"
ok "... keyed by the plain spelling" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT key FROM sites')\" = 'http://$host' ]"
ok "show finds it by the dotted spelling" $CLINICDEX show "$host."
done_testing
