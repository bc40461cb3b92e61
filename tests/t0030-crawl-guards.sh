#!/bin/sh
# The crawler's limits: private addresses refused unless allowed, page,
# depth and size caps, seeds from stdin, staying on the seed's site.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
cp -R "$TOP_SRCDIR/tests/web/hostile" "$web"
mkdir -p "$web/big-spa.test"
"$PYTHON3" -c "
print('<html><body><p>' + 'Microneedling is what we do best. ' * 40000 + '</p></body></html>')" \
	>"$web/big-spa.test/index.html"
start_server "$web"
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --delay 0"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }

export CLINICDEX_DB="$T_TMP/private.db"
ok "without --allow-private a loopback server is refused: nothing fetched, exit 1" \
	exits 1 $CRAWL http://plain-spa.test/
ok "... nothing was stored with a response" test "$(q 'SELECT count(*) FROM pages WHERE status > 0')" -eq 0
ok "... and the refusal is recorded" \
	sh -c "sqlite3 '$CLINICDEX_DB' 'SELECT error FROM pages UNION ALL SELECT reason FROM frontier' | grep -q 'private address'"
ok "the refusal is counted in the summary" \
	sh -c "$CLINICDEX crawl --connect-to ::127.0.0.1:$PORT --delay 0 --db '$T_TMP/p2.db' http://plain-spa.test/ 2>&1 | grep -q 'private addresses refused 1'"

export CLINICDEX_DB="$T_TMP/pages.db"
ok "--max-pages 3 crawl succeeds" $CRAWL --allow-private --max-pages 3 http://plain-spa.test/
ok "... and fetches at most 3 pages of the site" test "$(q 'SELECT count(*) FROM pages')" -le 3
ok "... the seed among them" test "$(q "SELECT count(*) FROM pages WHERE url='http://plain-spa.test/'")" -eq 1

export CLINICDEX_DB="$T_TMP/depth.db"
ok "--max-depth 2 crawl succeeds" $CRAWL --allow-private --max-depth 2 http://plain-spa.test/
ok "... reaches depth 2" test "$(q "SELECT count(*) FROM pages WHERE url LIKE '%/deep/2.html'")" -eq 1
ok "... and not depth 3" test "$(q "SELECT count(*) FROM pages WHERE url LIKE '%/deep/3.html'")" -eq 0
ok "links to other sites are not followed" test "$(q "SELECT count(*) FROM frontier WHERE url LIKE '%other-host%'")" -eq 0

export CLINICDEX_DB="$T_TMP/bytes.db"
ok "--max-bytes 100000 with a 1.3 MB page: crawl succeeds" \
	$CRAWL --allow-private --max-bytes 100000 http://big-spa.test/
ok "... the page is not stored with a body" test "$(q 'SELECT count(*) FROM pages WHERE body_hash IS NOT NULL')" -eq 0
ok "... and says why" sh -c "sqlite3 '$CLINICDEX_DB' 'SELECT error FROM pages UNION ALL SELECT reason FROM frontier' | grep -q 'max-bytes'"
ok "... and nothing was claimed from it" test "$(q 'SELECT count(*) FROM claims')" -eq 0

export CLINICDEX_DB="$T_TMP/stdin.db"
ok "--seeds - reads seeds from stdin, with comments" \
	sh -c "printf '# sample\n\nhttp://plain-spa.test/   # the plain one\n' | $CRAWL --allow-private --max-depth 0 --seeds -"
ok "... and crawled that seed" test "$(q "SELECT count(*) FROM pages WHERE url='http://plain-spa.test/'")" -eq 1
ok "... finding its service claims" test "$(q "SELECT count(*) FROM claims WHERE code='microneedling'")" -ge 1
ok "a seed that is not a site is a usage error" exits 2 $CRAWL --allow-private 'ftp://x.test/'
ok "a missing seeds file exits 1" exits 1 $CRAWL --seeds "$T_TMP/nope"
done_testing
