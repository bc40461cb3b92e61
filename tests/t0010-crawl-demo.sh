#!/bin/sh
# Crawl the sample web from the loopback server into a fresh database and
# compare what was found with the labelled expectation file.
. "$TOP_SRCDIR/tests/lib.sh"

start_server
demo_seeds >"$T_TMP/seeds"
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --allow-private --delay 0"

ok "crawl of the sample web succeeds" $CRAWL --seeds "$T_TMP/seeds"
ok "every sample site is in the directory" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM sites')\" -eq $(wc -l <"$T_TMP/seeds") ]"
ok "export and show match data/demo-web/expected.json" \
	"$PYTHON3" "$TOP_SRCDIR/tests/check_expected.py" "$TOP_SRCDIR/data/demo-web/expected.json" "$CLINICDEX"
ok "no page from another host was fetched" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' \"SELECT count(*) FROM pages WHERE url NOT LIKE 'http://%.test/%'\")\" -eq 0 ]"
ok "robots.txt-disallowed pages are not fetched" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' \"SELECT count(*) FROM pages WHERE url LIKE '%/admin/%'\")\" -eq 0 ]"
ok "robots.txt refusals are recorded in the frontier" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' \"SELECT count(*) FROM frontier WHERE url LIKE '%/admin/%' AND reason LIKE 'robots.txt%'\")\" -ge 1 ]"
ok "the frontier is empty after a finished crawl" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM frontier WHERE state=0')\" -eq 0 ]"
ok "every stored page has a status, a fetch time and a body hash" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM pages WHERE status=200 AND (fetched_at IS NULL OR body_hash IS NULL)')\" -eq 0 ]"
pages_before=$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*), max(fetched_at) FROM pages')
# claim ids are new after re-extraction; everything else must be equal
"$CLINICDEX" export --what claims | cut -d, -f2- >"$T_TMP/claims-before.csv"
ok "running the same crawl again succeeds" $CRAWL --seeds "$T_TMP/seeds"
ok "... and fetches nothing twice" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*), max(fetched_at) FROM pages')\" = '$pages_before' ]"
stop_server
ok "extract re-runs extraction without the network" "$CLINICDEX" -q extract
"$CLINICDEX" export --what claims | cut -d, -f2- >"$T_TMP/claims-after.csv"
ok "... and finds the same claims" cmp "$T_TMP/claims-before.csv" "$T_TMP/claims-after.csv"
ok "extract --site re-runs one site" "$CLINICDEX" -q extract --site "$(head -n1 "$T_TMP/seeds" | sed 's|http://||; s|/$||')"
ok "extract --site of an unknown site exits 1" exits 1 "$CLINICDEX" extract --site nowhere.test
ok "the database passes integrity_check" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'PRAGMA integrity_check')\" = ok ]"
done_testing
