#!/bin/sh
# A hostile web (tests/web/hostile-web, modes in each site's _mode): every
# crawl ends, every page is accounted for with its reason, and nothing is
# stored that should not be.
. "$TOP_SRCDIR/tests/lib.sh"

start_server "$TOP_SRCDIR/tests/web/hostile-web"
CRAWL="$CLINICDEX crawl --connect-to ::127.0.0.1:$PORT --allow-private --delay 0"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }
# state and reason of a frontier URL: "2|gave up after ..."
# body_has URL TEXT: the stored body of URL (compressed or not) holds TEXT.
body_has() {
	"$PYTHON3" -c "
import sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1]); db.text_factory = bytes
for (t, b) in db.execute('SELECT typeof(b.body), b.body FROM pages p JOIN bodies b'
                         ' ON b.hash = p.body_hash WHERE p.url = ?', (sys.argv[2],)):
    sys.stdout.buffer.write(zlib.decompress(b) if t == b'blob' else b)" "$CLINICDEX_DB" "$1" |
		grep -q "$2"
}
fr() { q "SELECT state || '|' || coalesce(reason, '') FROM frontier WHERE url = '$1'"; }
# the summary line has COUNTER N
summary_has() { grep -q "$1" "$T_TMP/summary"; }

# ---- traps and junk: one crawl of many sites ----
export CLINICDEX_DB="$T_TMP/traps.db"
ok "a crawl of traps, junk types and odd charsets ends and exits 0" \
	sh -c "$CRAWL --max-pages 30 --timeout 5 http://calendar.test/ http://search.test/ \
		http://session.test/ http://types.test/ http://canon.test/ http://latin1-header.test/ \
		http://latin1-meta.test/ http://badutf8.test/ http://loop.test/ http://headers.test/ \
		2>'$T_TMP/summary'"
ok "the calendar trap is cut by the page and depth caps" \
	test "$(q "SELECT count(*) FROM frontier WHERE url LIKE 'http://calendar.test/calendar/%'")" -le 30
ok "at most 20 query strings of /search are queued" \
	test "$(q "SELECT count(*) FROM frontier WHERE url LIKE 'http://search.test/search?%'")" -eq 20
ok "... and the summary counts the links cut" sh -c "! grep -q 'traps cut 0\b' '$T_TMP/summary'"
ok "no stored URL carries a session id or a tracking tag" \
	test "$(q "SELECT count(*) FROM (SELECT url FROM frontier UNION ALL SELECT final_url FROM pages)
		WHERE url LIKE '%sid=%' OR url LIKE '%jsessionid%' OR url LIKE '%sessid%'
		OR url LIKE '%utm_%' OR url LIKE '%sessionid%'")" -eq 0
ok "... while each session-stamped page was fetched once" \
	test "$(q "SELECT count(*) FROM pages WHERE url LIKE 'http://session.test/%' AND status = 200")" -eq 5
ok "HTML served as image/png is skipped by type, its body not read" \
	test "$(fr http://types.test/photo.html)" = "3|skipped: content type image/png"
ok "... nothing of it is stored, nor its links followed" \
	test "$(q "SELECT coalesce(length(b.body), 0) FROM pages p LEFT JOIN bodies b ON b.hash = p.body_hash
		WHERE p.url = 'http://types.test/photo.html'")" = 0 -a \
	"$(q "SELECT count(*) FROM frontier WHERE url LIKE '%hidden%'")" -eq 0
ok "a PDF served as text/html is skipped, not stored as a page" \
	sh -c "sqlite3 '$CLINICDEX_DB' \"SELECT state, reason FROM frontier WHERE url = 'http://types.test/brochure.pdf'\" |
		grep -q '^3|skipped: content is application/pdf'"
ok "... and no claim comes from either" \
	test "$(q "SELECT count(*) FROM claims WHERE evidence_url LIKE '%photo%' OR evidence_url LIKE '%brochure%'")" -eq 0
ok "the summary counts both as skipped by type" summary_has "skipped by type 2\b"
ok "a page with rel=canonical to another page queues that page" \
	test "$(fr http://canon.test/treatments.html)" = "1|"
ok "... and the copy's own links are left to the canonical page" \
	test "$(q "SELECT depth FROM frontier WHERE url = 'http://canon.test/deep.html'")" -eq 2
ok "identical bodies are stored once" \
	test "$(q "SELECT count(*) || ' ' || count(DISTINCT body_hash) FROM pages
		WHERE url LIKE 'http://canon.test/treatments.html%'")" = "2 1"
ok "a latin-1 page (charset in the header) is stored as UTF-8" \
	body_has 'http://latin1-header.test/' 'Carlos Ibáñez'
ok "a latin-1 page (charset in <meta>) is stored as UTF-8" \
	body_has 'http://latin1-meta.test/' 'Zoë Müller'
ok "... and its practitioner is read with the right letters" \
	sh -c "$CLINICDEX export --what practitioners | grep -q 'Zoë Müller'"
ok "invalid UTF-8 becomes U+FFFD" \
	body_has 'http://badutf8.test/' '�'
ok "every stored body and URL is strict UTF-8" "$PYTHON3" -c "
import sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1]); db.text_factory = bytes
for (t, b) in db.execute('SELECT typeof(body), body FROM bodies UNION ALL SELECT 0, url FROM frontier'):
    (zlib.decompress(b) if t == b'blob' else b).decode('utf-8')" "$CLINICDEX_DB"
ok "every export is strict UTF-8" sh -c "
	for w in clinics practitioners claims; do
		$CLINICDEX export --what \$w --format csv >'$T_TMP/\$w.csv' || exit 1
		$CLINICDEX export --what \$w --format jsonl >>'$T_TMP/\$w.csv' || exit 1
		'$PYTHON3' -c 'import sys; open(sys.argv[1], \"rb\").read().decode(\"utf-8\")' '$T_TMP/\$w.csv' || exit 1
	done"
ok "a redirect loop fails at the redirect cap" \
	sh -c "sqlite3 '$CLINICDEX_DB' \"SELECT state, reason FROM frontier WHERE url = 'http://loop.test/loop/0'\" |
		grep -q '^2|Maximum (5) redirects'"
ok "64 KiB of response headers fail the page" \
	test "$(fr http://headers.test/)" = "2|response headers larger than 64 KiB"
ok "nothing is left queued" test "$(q 'SELECT count(*) FROM frontier WHERE state = 0')" -eq 0

# ---- failing servers: retries, giving up, setting aside ----
# the dripping server needs a short --timeout: it crawls alongside the rest
$CRAWL --timeout 1 --db "$T_TMP/drip.db" http://drip.test/ 2>"$T_TMP/drip.summary" &
drip_pid=$!
export CLINICDEX_DB="$T_TMP/fail.db"
ok "a crawl of failing servers ends and exits 0" \
	sh -c "$CRAWL --timeout 10 http://throttle.test/ http://throttle-date.test/ http://slowdown.test/ \
		http://flaky.test/ http://reset.test/ \
		http://fail.test/ http://fail.test/a http://fail.test/b http://fail.test/c \
		http://fail.test/d http://fail.test/e http://fail.test/f 2>'$T_TMP/summary'"
ok "a crawl of a server dripping a byte at a time ends and exits 0" wait "$drip_pid"
ok "503 with Retry-After: 1 is retried after the wait, in the same run" \
	test "$(q "SELECT state || ' ' || attempts FROM frontier WHERE url LIKE 'http://throttle.test/%'
		GROUP BY state, attempts")" = "1 1"
ok "429 with Retry-After as an HTTP-date is retried too" \
	test "$(q "SELECT state || ' ' || attempts || ' ' || (SELECT status FROM pages WHERE url = f.url)
		FROM frontier f WHERE url = 'http://throttle-date.test/'")" = "1 1 200"
ok "a 429 asking for 120 s leaves the page queued for the next run" \
	sh -c "sqlite3 '$CLINICDEX_DB' \"SELECT state, attempts, retry_at > strftime('%s', 'now') + 60, reason
		FROM frontier WHERE url = 'http://slowdown.test/'\" | grep -q '^0|1|1|attempt 1: HTTP 429; Retry-After 120 s'"
ok "a page that keeps answering 500 fails after 3 attempts, with the reason" \
	test "$(fr http://flaky.test/broken)" = "2|gave up after 3 attempts: HTTP 500"
ok "... while the rest of that site is crawled" test "$(fr http://flaky.test/team.html)" = "1|"
# curl words the cut by what reached it first: the reset ("Connection
# reset by peer") or the short body ("transfer closed with N bytes
# remaining"); under load either comes first, both are the same failure
ok "a connection reset mid-body is recorded as failed" \
	sh -c "sqlite3 '$CLINICDEX_DB' \"SELECT state, attempts, reason FROM frontier WHERE url = 'http://reset.test/'\" |
		tee /dev/stderr | grep -Eq '^2[|]3[|]gave up after 3 attempts: .*(reset|closed|remaining)'"
ok "... and stored without a body" \
	test "$(q "SELECT count(*) FROM pages WHERE url = 'http://reset.test/' AND body_hash IS NULL")" -eq 1
ok "... the dripping page is cut off and recorded as failed" \
	sh -c "sqlite3 '$T_TMP/drip.db' \"SELECT state, reason FROM frontier WHERE url = 'http://drip.test/'\" |
		grep -q '^2|gave up after 3 attempts: Operation timed out'"
ok "a site failing 5 times in a row is set aside, with its reason" sh -c "
	sqlite3 '$CLINICDEX_DB' \"SELECT set_aside FROM sites WHERE key = 'http://fail.test'\" |
		grep -q '^set aside after [5-9] failures in a row, the last: HTTP 500$' ||
	{ sqlite3 '$CLINICDEX_DB' 'SELECT key, failures, set_aside FROM sites;
		SELECT url, state, attempts, reason FROM frontier'; cat '$T_TMP/summary'; exit 1; }"
ok "... its other pages are left queued for the next run" \
	test "$(q "SELECT count(*) FROM frontier WHERE url LIKE 'http://fail.test/%' AND state = 0")" -ge 1
ok "the summary counts retries and the site set aside" \
	sh -c "grep -q 'sites set aside 1\b' '$T_TMP/summary' && ! grep -q 'retries 0\b' '$T_TMP/summary' ||
		{ cat '$T_TMP/summary'; exit 1; }"
ok "a site set aside is tried again in the next run, and set aside again at its first failure" \
	sh -c "$CRAWL --timeout 10 http://fail.test/ 2>'$T_TMP/summary2';
		test \$? -eq 1 &&
		grep -q 'crawl: http://fail.test: HTTP 500' '$T_TMP/summary2' &&
		grep -q 'sites set aside 1\b' '$T_TMP/summary2' &&
		test \"\$(sqlite3 '$CLINICDEX_DB' \"SELECT failures >= 6 FROM sites WHERE key = 'http://fail.test'\")\" = 1"

# ---- bodies that never end ----
export CLINICDEX_DB="$T_TMP/size.db"
ok "a gzip bomb and an endless body end the crawl normally" \
	$CRAWL --max-bytes 1000000 http://bomb.test/bomb http://huge.test/huge
ok "the gzip bomb (100 MiB inflated) stops at --max-bytes, stored without a body" \
	test "$(fr http://bomb.test/bomb)|$(q "SELECT count(*) FROM pages WHERE url = 'http://bomb.test/bomb' AND body_hash IS NULL")" = \
		"2|body larger than --max-bytes|1"
ok "a body without Content-Length stops at --max-bytes too" \
	test "$(fr http://huge.test/huge)|$(q "SELECT bytes < 2000000 FROM pages WHERE url = 'http://huge.test/huge'")" = \
		"2|body larger than --max-bytes|1"
done_testing
