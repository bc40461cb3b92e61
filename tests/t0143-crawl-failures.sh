#!/bin/sh
# A crawl that fetches nothing fails and says why, site by site; -v shows
# each page that failed or was skipped; a site of which nothing could be
# read is no clinic in search and export, and `show` says why it failed.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
mkdir -p "$web/mixed-spa.test/private"
cp -R "$TOP_SRCDIR/tests/web/hostile/plain-spa.test" "$web/"
cat >"$web/mixed-spa.test/index.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Mixed Spa</title></head>
<body><h1>Mixed Spa</h1><p>Mixed Spa offers microneedling.</p>
<a href="/private/a.html">Staff only</a> <a href="/gone.html">Old page</a>
<a href="/logo.png">Logo</a></body></html>
HTML
echo '<p>secret</p>' >"$web/mixed-spa.test/private/a.html"
printf '\211PNG\r\n\032\n' >"$web/mixed-spa.test/logo.png"
printf 'User-agent: *\nDisallow: /private/\n' >"$web/mixed-spa.test/robots.txt"
start_server "$web"
CRAWL="$CLINICDEX crawl --delay 0"
TO="--connect-to ::127.0.0.1:$PORT"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }

export CLINICDEX_DB="$T_TMP/refused.db"
$CRAWL $TO http://plain-spa.test/ >/dev/null 2>"$T_TMP/crawl.err"
ok "loopback refused (no --allow-private): nothing fetched, exit 1" test $? -eq 1
ok "... one line for the site, with curl's code and the reason" \
	grep -qx "clinicdex: crawl: http://plain-spa.test: (7) refused: private address 127.0.0.1 (add --allow-private to crawl loopback and private addresses)" "$T_TMP/crawl.err"

export CLINICDEX_DB="$T_TMP/down.db"
# port 9 (discard) on loopback: nothing listens, the connection is refused
$CRAWL --allow-private --connect-to ::127.0.0.1:9 http://plain-spa.test/ http://mixed-spa.test/ \
	>/dev/null 2>"$T_TMP/crawl.err"
ok "two sites that refuse connections: exit 1" test $? -eq 1
ok "... one line per site" test "$(grep -c '^clinicdex: crawl: http://[a-z-]*.test: (7) ' "$T_TMP/crawl.err")" -eq 2
ok "... with no --allow-private hint (it was given)" sh -c "! grep -q 'add --allow-private' '$T_TMP/crawl.err'"
ok "... and no clinic in search" test -z "$($CLINICDEX search --format csv | sed 1d)"
ok "... nor in export" test -z "$($CLINICDEX export | sed 1d)"
cp "$CLINICDEX_DB" "$T_TMP/old.db"
# the tables and columns of migrations after 5 go, so they can be made anew
sqlite3 "$T_TMP/old.db" "INSERT INTO clinics (site_id, first_seen) SELECT id, first_seen FROM sites;
	DROP TABLE IF EXISTS leie; DROP TABLE IF EXISTS fda_decisions; DROP TABLE IF EXISTS roles;
	ALTER TABLE practitioners DROP COLUMN exclusion; ALTER TABLE practitioners DROP COLUMN exclusion_note;
	ALTER TABLE practitioners DROP COLUMN license_note;
	ALTER TABLE clinics DROP COLUMN exclusion; ALTER TABLE clinics DROP COLUMN exclusion_note;
	ALTER TABLE registry_imports DROP COLUMN published; ALTER TABLE licenses DROP COLUMN status_date;
	DROP TRIGGER location_grid_ins; DROP TRIGGER location_grid_upd; DROP TRIGGER location_grid_del;
	DROP TABLE location_grid;
	PRAGMA user_version = 5"
ok "a database of 0.1 with such empty clinics loses them on opening" \
	test -z "$($CLINICDEX --db "$T_TMP/old.db" search --format csv | sed 1d)"
ok "... keeping the sites" test "$(sqlite3 "$T_TMP/old.db" 'SELECT count(*) FROM sites')" -eq 2
ok "show of such a site succeeds" $CLINICDEX show plain-spa.test
ok "... saying nothing could be read" sh -c "$CLINICDEX show plain-spa.test | grep -q 'no clinic: nothing could be read'"
ok "... and why" sh -c "$CLINICDEX show plain-spa.test | grep -q 'robots.txt not read: .*onnect'"
ok "... in JSON too" sh -c "$CLINICDEX show --format json plain-spa.test | grep -q '\"reason\": *\"robots.txt not read'"

export CLINICDEX_DB="$T_TMP/mixed.db"
$CRAWL -v --allow-private $TO http://plain-spa.test/ http://mixed-spa.test/ >/dev/null 2>"$T_TMP/crawl.err"
ok "a crawl of sites that answer exits 0" test $? -eq 0
ok "-v shows the page robots.txt refused, with the rule" \
	grep -qx 'skipped http://mixed-spa.test/private/a.html: robots.txt: Disallow: /private/' "$T_TMP/crawl.err"
ok "-v shows the page that is not HTML" \
	grep -qx 'skipped http://mixed-spa.test/logo.png: skipped: content type image/png' "$T_TMP/crawl.err"
ok "-v shows the page that answered 404" \
	grep -qx 'failed  http://mixed-spa.test/gone.html: HTTP 404' "$T_TMP/crawl.err"
ok "without -v none of that is printed" sh -c "
	rm -f '$T_TMP/quiet.db'*
	$CRAWL --db '$T_TMP/quiet.db' --allow-private $TO http://mixed-spa.test/ 2>&1 | grep -c 'mixed-spa.test/' | grep -qx 0"
ok "show lists a clinic's skipped pages and why" \
	sh -c "$CLINICDEX show mixed-spa.test | grep -A1 'private/a.html' | grep -q 'Disallow: /private/'"
ok "both sites are clinics" test "$($CLINICDEX search --format csv | sed 1d | wc -l)" -eq 2

export CLINICDEX_DB="$T_TMP/some.db"
$CRAWL -q --allow-private --connect-to plain-spa.test:80:127.0.0.1:9 $TO \
	http://plain-spa.test/ http://mixed-spa.test/ >/dev/null 2>"$T_TMP/crawl.err"
ok "one site down, one up: exit 0" test $? -eq 0
ok "... the site down is named (even with -q)" \
	grep -q '^clinicdex: crawl: http://plain-spa.test: (7) ' "$T_TMP/crawl.err"
ok "... and only that one" test "$(wc -l <"$T_TMP/crawl.err")" -eq 1
ok "... the site up is the only clinic" \
	test "$($CLINICDEX export | sed 1d | cut -d, -f3)" = "http://mixed-spa.test"

export CLINICDEX_DB="$T_TMP/usage.db"
for bad in '::127.0.0.1:notaport' 'a.test:80:b.test' 'a.test:99999:b.test:80' 'a b:80:c:80' \
	'[::1:80:c:80'; do
	ok "--connect-to '$bad' is a usage error" exits 2 $CRAWL --connect-to "$bad" http://x.test/
done
ok "--connect-to with empty and bracketed parts is accepted" \
	exits 1 $CRAWL --timeout 2 --connect-to '::[::1]:9' --connect-to 'x.test::127.0.0.1:' http://x.test/
done_testing
