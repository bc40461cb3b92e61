#!/bin/sh
# crawl --concurrency 1000 over 300 sites: the crawl fits its open files
# (the soft RLIMIT_NOFILE raised, or fewer transfers and a message), runs
# the sites side by side, and stays polite to each: never more than
# --per-host requests at once to one host, never two starts closer than
# --delay. Politeness is read off the server's trace of each request, not
# off a clock on our side.
. "$TOP_SRCDIR/tests/lib.sh"

SITES=300
"$PYTHON3" "$TOP_SRCDIR/tests/web/gen_web.py" "$T_TMP/web" --sites $SITES --pages 4 \
	>"$T_TMP/seeds" || { echo "Bail out! gen_web.py failed"; exit 1; }
# each request held 2.5 s: with --delay 1000 a host would have three in
# flight at once if --per-host 2 did not stop the third
start_server "$T_TMP/web" --hold 2500 --trace "$T_TMP/trace"
CRAWL="$CLINICDEX crawl --connect-to ::127.0.0.1:$PORT --allow-private"
hard=$(ulimit -Hn)

# a soft limit of 256 open files is what many systems start a shell with
ok "--concurrency 1000 over $SITES sites with a soft limit of 256 open files completes" \
	sh -c "ulimit -Sn 256 && exec $CRAWL -q --seeds '$T_TMP/seeds' --concurrency 1000 \
		--per-host 2 --delay 1000"
ok "... every page of every site fetched" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM pages WHERE status = 200')" -eq $((SITES * 4))
ok "... every site has its clinic" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM clinics')" -eq $SITES
# trace lines: HOST START END HOST_IN_FLIGHT ALL_IN_FLIGHT
ok "... the server saw many sites at once (over 100 requests in flight)" \
	awk '$5 > m { m = $5 } END { exit !(m > 100) }' "$T_TMP/trace"
ok "... never more than --per-host 2 requests at once to one host" \
	awk '$4 > 2 { bad++ } END { exit bad > 0 }' "$T_TMP/trace"
ok "... while the limit was reached (the held requests did overlap)" \
	awk '$4 == 2 { n++ } END { exit !(n > 0) }' "$T_TMP/trace"
# Requests reach the server some scheduling slices after they were sent,
# and on a starved machine the server's backlog hands it a clump of them
# at one instant (CI saw 11 of some 900 pairs so): a quarter of the delay
# is left for the first, and the check asks that under one pair of one
# host's requests in ten start closer than that. A crawler that ignored
# --delay would send each host's requests in twos at once (--per-host 2),
# and fail it by far.
ok "... and requests to one host started --delay apart" \
	sh -c "sort -k1,1 -k2,2n '$T_TMP/trace' | awk '\$1 == h { n++; if (\$2 - p < 0.75) { bad++; print } }
		{ h = \$1; p = \$2 } END { print bad + 0, \"of\", n, \"pairs closer than 0.75 s\";
		exit !(n >= $SITES && bad * 10 < n) }'"

# a hard limit too low for the transfers asked for: fewer, and said
export CLINICDEX_DB="$T_TMP/clamped.db"
stop_server
start_server "$T_TMP/web"
CRAWL="$CLINICDEX crawl --connect-to ::127.0.0.1:$PORT --allow-private"
if [ "$hard" = unlimited ] || [ "$hard" -ge 200 ]; then
	ok "with a hard limit of 200 open files, --concurrency 1000 still crawls" \
		sh -c "ulimit -n 200 && exec $CRAWL --delay 0 --concurrency 1000 http://site0001.test/ 2>'$T_TMP/clamp.err'"
	ok "... saying how many transfers fit" \
		grep -q "crawl: --concurrency 1000 needs 3064 open files but the limit is 200 (ulimit -Hn): crawling with 45 transfers at once" "$T_TMP/clamp.err"
	ok "... and fetches the site" \
		test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM pages WHERE status = 200')" -eq 4
fi
done_testing
