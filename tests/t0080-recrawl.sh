#!/bin/sh
# --recrawl-after: a rerun fetches nothing twice; with the option, pages
# older than the duration are asked again with If-None-Match and
# If-Modified-Since; a 304 keeps the stored page and its claims, a 200
# replaces them.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
mkdir -p "$web"
cp -R "$TOP_SRCDIR/data/demo-web/lumina-dermatology.test" "$web/"
services="$web/lumina-dermatology.test/services/index.html"
start_server "$web"
SEED=http://lumina-dermatology.test/
CRAWL="$CLINICDEX crawl --connect-to ::127.0.0.1:$PORT --allow-private --delay 0"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }
log="$T_TMP/access.log"
# the access log lines written since mark, as "STATUS PATH"
mark() { wc -l <"$log" >"$T_TMP/mark"; }
since() {
	tail -n +$(($(cat "$T_TMP/mark") + 1)) "$log" |
		sed -n 's/.*"GET \([^ ]*\) HTTP[^"]*" \([0-9]*\) .*/\2 \1/p'
}
on_services="page_id = (SELECT id FROM pages WHERE url LIKE '%/services/')"
claims() { q "SELECT kind, code, coalesce(evidence, '') FROM claims ORDER BY 1, 2, 3"; }
fresh_pages() { q "SELECT count(*) FROM pages WHERE status BETWEEN 200 AND 299 AND body_hash IS NOT NULL"; }

ok "a first crawl succeeds" $CRAWL -q "$SEED"
ok "... and stores pages with validators" \
	test "$(q "SELECT count(*) FROM pages WHERE status = 200 AND etag IS NOT NULL AND last_modified IS NOT NULL")" -ge 3
ok "... and the services page's claims" \
	test "$(q "SELECT count(*) FROM claims WHERE code = 'dermaplaning' AND $on_services")" -ge 1
claims >"$T_TMP/claims.1"
n_pages=$(fresh_pages)

mark
ok "a plain rerun succeeds" $CRAWL -q "$SEED"
ok "... and fetches nothing" test -z "$(since)"

# as if the pages were fetched a minute ago, so "advanced" is visible
q "UPDATE pages SET fetched_at = fetched_at - 60"
before=$(q "SELECT max(fetched_at) FROM pages")
mark
ok "--recrawl-after 0 succeeds" sh -c "$CRAWL '$SEED' --recrawl-after 0 2>'$T_TMP/summary'"
since >"$T_TMP/r1"
ok "... asks for every stored page again" test "$(grep -c '^304 ' "$T_TMP/r1")" -eq "$n_pages"
ok "... and gets only 304s (and redirects) back" sh -c "! grep -qv '^30[1-4] ' '$T_TMP/r1'"
ok "... counts them in the summary" grep -q "not modified $n_pages\b" "$T_TMP/summary"
ok "... pages.fetched_at advanced" \
	test "$(q "SELECT count(*) FROM pages WHERE status = 200 AND fetched_at > $before")" -eq "$n_pages"
ok "... stored statuses and bodies unchanged" \
	test "$(q "SELECT count(*) FROM pages WHERE status = 304")" -eq 0 -a "$(fresh_pages)" -eq "$n_pages"
claims >"$T_TMP/claims.2"
ok "... claims unchanged" cmp "$T_TMP/claims.1" "$T_TMP/claims.2"
ok "... the frontier is done again" test "$(q "SELECT count(*) FROM frontier WHERE state = 0")" -eq 0

sed -e 's|<li>Dermaplaning</li>|<li>HydraFacial deep-cleansing treatments</li>|' "$services" >"$T_TMP/s.html"
mv "$T_TMP/s.html" "$services"
touch -d "@$(($(date +%s) + 120))" "$services"
mark
ok "after a page changed, --recrawl-after 0 succeeds" $CRAWL -q "$SEED" --recrawl-after 0
since >"$T_TMP/r2"
ok "... the changed page comes back with 200" grep -qx '200 /services/' "$T_TMP/r2"
ok "... the others with 304" test "$(grep -c '^304 ' "$T_TMP/r2")" -eq $((n_pages - 1))
ok "... its new claim appears" \
	test "$(q "SELECT count(*) FROM claims WHERE code = 'hydrafacial' AND $on_services")" -ge 1
ok "... and its removed claim is gone" \
	test "$(q "SELECT count(*) FROM claims WHERE code = 'dermaplaning' AND $on_services")" -eq 0
ok "... while the same claim on an unchanged page stays" \
	test "$(q "SELECT count(*) FROM claims WHERE code = 'dermaplaning'")" -ge 1
ok "... the page's new validators are stored" \
	test "$(q "SELECT last_modified FROM pages WHERE url LIKE '%/services/'")" = \
	"$(LC_ALL=C TZ=GMT date -r "$services" '+%a, %d %b %Y %H:%M:%S GMT')"

mark
ok "--recrawl-after 30d right after succeeds" $CRAWL -q "$SEED" --recrawl-after 30d
ok "... and fetches nothing" test -z "$(since)"
ok "--recrawl-after xyz is a usage error" exits 2 $CRAWL -q "$SEED" --recrawl-after xyz
ok "--recrawl-after 7x is a usage error" exits 2 $CRAWL -q "$SEED" --recrawl-after 7x
done_testing
