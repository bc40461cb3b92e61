#!/bin/sh
# A crawl capped by --max-pages or --max-depth keeps the links it could
# not follow, deferred: a later crawl with a higher cap carries on where
# the capped one stopped, instead of finding nothing to do.
. "$TOP_SRCDIR/tests/lib.sh"

start_server "$TOP_SRCDIR/tests/web/hostile"
CRAWL="$CLINICDEX crawl --connect-to ::127.0.0.1:$PORT --delay 0 --allow-private"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }
has() { test "$(q "SELECT count(*) FROM pages WHERE url = 'http://plain-spa.test$1'")" -eq 1; }
hasnt() { test "$(q "SELECT count(*) FROM pages WHERE url = 'http://plain-spa.test$1'")" -eq 0; }

# plain-spa.test: / links /deep/1.html, which links 2.html, ... 6.html
export CLINICDEX_DB="$T_TMP/pages.db"
ok "--max-pages 2 crawls two pages" $CRAWL -q --max-pages 2 http://plain-spa.test/
ok "... / and /deep/1.html" test "$(stored)" -eq 2
ok "... and not /deep/2.html" hasnt /deep/2.html
ok "... saying the link it could not follow is kept" \
	sh -c "$CRAWL --max-pages 2 http://plain-spa.test/ 2>&1 | grep -q 'over --max-pages or --max-depth kept'"
ok "then --max-pages 4 carries on" $CRAWL -q --max-pages 4 http://plain-spa.test/
ok "... to four pages" test "$(stored)" -eq 4
ok "... /deep/3.html among them" has /deep/3.html
ok "then --max-pages 50 crawls the rest" $CRAWL -q --max-pages 50 http://plain-spa.test/
ok "... down to the default --max-depth 5 (/deep/5.html)" has /deep/5.html
ok "... not below it" hasnt /deep/6.html
ok "... every page fetched once" \
	test "$(q 'SELECT count(*) = count(DISTINCT url) FROM pages')" -eq 1
ok "then --max-depth 6 reaches /deep/6.html" $CRAWL -q --max-pages 50 --max-depth 6 http://plain-spa.test/
ok "... which was kept, deferred, all along" has /deep/6.html

export CLINICDEX_DB="$T_TMP/depth.db"
ok "--max-depth 0 crawls the seed alone" $CRAWL -q --max-depth 0 http://plain-spa.test/
ok "... one page" test "$(stored)" -eq 1
ok "then --max-depth 2 carries on" $CRAWL -q --max-depth 2 http://plain-spa.test/
ok "... to /deep/2.html" has /deep/2.html
ok "... and no deeper" hasnt /deep/3.html
ok "then the default depth goes on to /deep/5.html" $CRAWL -q http://plain-spa.test/
ok "... fetched" has /deep/5.html
ok "... with nothing fetched twice" \
	test "$(q 'SELECT count(*) = count(DISTINCT url) FROM pages')" -eq 1
before=$(stored)
ok "a crawl at the same limits again succeeds" $CRAWL -q http://plain-spa.test/
ok "... with nothing to do" test "$(stored)" -eq "$before"
done_testing
