#!/bin/sh
# robots.txt as RFC 9309 asks (404 allows all, 5xx denies all and is asked
# again next run, redirects followed, a day's cache) and sitemaps: pages
# only a sitemap names are crawled, other hosts' are not.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
cp -R "$TOP_SRCDIR/tests/web/sitemap-web" "$web"
start_server "$web"
CRAWL="$CLINICDEX crawl -q --allow-private --connect-to ::127.0.0.1:$PORT --delay 0"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }
fetched() { test "$(q "SELECT count(*) FROM pages WHERE status = 200 AND url LIKE '$1'")" -ge 1; }
not_fetched() { test "$(q "SELECT count(*) FROM pages WHERE status > 0 AND url LIKE '$1'")" -eq 0; }

export CLINICDEX_DB="$T_TMP/maps.db"
ok "a site with sitemaps is crawled" $CRAWL http://maps-spa.test/
ok "... the page only its gzipped sitemap names is crawled" fetched '%/orphan-team'
ok "... the page only a sitemap of its sitemap index names is crawled" fetched '%/orphan-services'
ok "... the pages its links reach are crawled too" fetched '%/about'
ok "... a sitemap URL of another host is not queued" \
	test "$(q "SELECT count(*) FROM frontier WHERE url LIKE '%other-host%'")" -eq 0
ok "... nor fetched" not_fetched '%other-host%'
ok "... a sitemap URL robots.txt disallows is not fetched" not_fetched '%/private/%'
ok "... sitemaps are not stored as pages" not_fetched '%.xml%'
ok "... robots.txt is kept with the site" \
	test "$(q "SELECT robots_status FROM sites WHERE key = 'http://maps-spa.test'")" -eq 200

# the stored robots.txt is younger than a day: a changed file is not read
printf 'User-agent: *\nDisallow: /\n' >"$web/maps-spa.test/robots.txt"
before=$(q "SELECT robots_fetched FROM sites WHERE key = 'http://maps-spa.test'")
sleep 1
ok "a second crawl within a day succeeds" $CRAWL http://maps-spa.test/ http://maps-spa.test/about?again=1
ok "... without asking for robots.txt again" \
	test "$(q "SELECT robots_fetched FROM sites WHERE key = 'http://maps-spa.test'")" -eq "$before"
ok "... so the cached rules still allow a new page" fetched '%/about?again=1'
q "UPDATE sites SET robots_fetched = robots_fetched - 90000 WHERE key = 'http://maps-spa.test'"
ok "a crawl after the day is over succeeds" $CRAWL http://maps-spa.test/about?third=1
ok "... and reads robots.txt afresh: the new rules apply" not_fetched '%/about?third=1'
ok "... and the refusal names the rule" \
	sh -c "sqlite3 '$CLINICDEX_DB' \"SELECT reason FROM frontier WHERE url LIKE '%third=1'\" | grep -q 'Disallow: /'"

export CLINICDEX_DB="$T_TMP/nomap.db"
ok "a site without robots.txt (404) is crawled" $CRAWL http://nomap-spa.test/
ok "... its home page" fetched 'http://nomap-spa.test/'
ok "... and the page only /sitemap.xml names" fetched '%/hidden'
ok "... the 404 is recorded" \
	test "$(q "SELECT robots_status FROM sites WHERE key = 'http://nomap-spa.test'")" -eq 404

export CLINICDEX_DB="$T_TMP/down.db"
ok "a site whose robots.txt answers 503: nothing could be fetched, exit 1" \
	exits 1 $CRAWL http://down-spa.test/
ok "... saying why" \
	sh -c "$CRAWL http://down-spa.test/ 2>&1 | grep -q '^clinicdex: crawl: http://down-spa.test: robots.txt not read: HTTP status 503$'"
ok "... nothing of the site is fetched" not_fetched 'http://down-spa.test/%'
ok "... the seed stays queued for the next run" \
	test "$(q "SELECT count(*) FROM frontier WHERE url = 'http://down-spa.test/' AND state = 0")" -eq 1
ok "... and says why" \
	sh -c "sqlite3 '$CLINICDEX_DB' 'SELECT reason FROM frontier' | grep -q 'robots.txt not read: HTTP status 503'"
ok "... the site is not marked crawled" \
	test -z "$(q "SELECT last_crawled FROM sites WHERE key = 'http://down-spa.test'")"
ok "the next run asks again (a 503 is never cached) and crawls" exits 1 $CRAWL http://down-spa.test/
ok "... while it still answers 503: nothing" not_fetched 'http://down-spa.test/%'
rm "$web/down-spa.test/_status"
ok "once robots.txt is back the next run crawls the site" $CRAWL http://down-spa.test/
ok "... its home page is fetched" fetched 'http://down-spa.test/'

export CLINICDEX_DB="$T_TMP/moved.db"
ok "a site whose robots.txt redirects twice is crawled" $CRAWL http://moved-spa.test/
ok "... the redirected rules allow /open" fetched '%/open'
ok "... and refuse /blocked" not_fetched '%/blocked'
ok "... which stays recorded as refused by robots.txt" \
	test "$(q "SELECT count(*) FROM frontier WHERE url LIKE '%/blocked' AND state = 3")" -eq 1
stop_server

# the robots command on files
printf 'User-agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\nUser-agent: foobot\nDisallow:/\nAllow:/example/page.html\n' >"$T_TMP/rfc.txt"
ok "robots: the '*' group refuses *.gif" \
	sh -c "$CLINICDEX robots '$T_TMP/rfc.txt' http://x.test/a/b.gif | grep -qx 'disallowed by line 2: Disallow: \*.gif\\$'"
ok "robots: foobot's own group allows its page" \
	sh -c "$CLINICDEX robots --agent foobot/2.1 '$T_TMP/rfc.txt' /example/page.html | grep -qx 'allowed by line 7: Allow: /example/page.html'"
ok "robots: foobot's group refuses the rest" \
	sh -c "$CLINICDEX robots --agent foobot '$T_TMP/rfc.txt' /x | grep -qx 'disallowed by line 6: Disallow: /'"
ok "robots: a path no rule matches" \
	sh -c "$CLINICDEX robots '$T_TMP/rfc.txt' /team | grep -qx 'allowed (no rule matched)'"
printf '\357\273\277User-agent: clinicdex\r\rDisallow: /%%7Ejoe/\r' >"$T_TMP/bom.txt"
ok "robots: BOM, CR line ends and escapes in the rule" \
	sh -c "$CLINICDEX robots '$T_TMP/bom.txt' 'http://x.test/~joe/a' | grep -qx 'disallowed by line 3: Disallow: /%7Ejoe/'"
ok "robots: an escaped slash is not a slash" \
	sh -c "printf 'User-agent: *\nDisallow: /a%%2Fb\n' | $CLINICDEX robots - /a/b | grep -qx 'allowed (no rule matched)'"
done_testing
