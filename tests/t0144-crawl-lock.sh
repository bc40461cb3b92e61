#!/bin/sh
# One crawl at a time per database: a second crawl of it refuses, saying
# which process holds it, instead of fetching the same queued pages. A
# crawl killed with SIGKILL leaves no lock behind.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
"$PYTHON3" "$TOP_SRCDIR/tests/web/gen_web.py" "$web" --sites 2 --pages 40 >"$T_TMP/seeds"
start_server "$web"
crawl() {
	"$CLINICDEX" crawl --connect-to "::127.0.0.1:$PORT" --allow-private --per-host 1 \
		--max-depth 40 --seeds "$T_TMP/seeds" "$@"
}
exec_slow_crawl() {
	exec "$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --per-host 1 \
		--max-depth 40 --seeds "$T_TMP/seeds" --delay 400
}

(exec_slow_crawl) &
pid=$!
wait_stored "$pid" 2
ok "the first crawl is running" kill -0 "$pid"
crawl --delay 0 >/dev/null 2>"$T_TMP/second.err"
ok "a second crawl of the same database exits 1" test $? -eq 1
ok "... saying another crawl holds it, with its pid" \
	grep -q "^clinicdex: crawl: another crawl (pid $pid) is running on this database" "$T_TMP/second.err"
ok "... naming the lock" grep -q "test.db.crawl-lock" "$T_TMP/second.err"
ok "... in one line" test "$(wc -l <"$T_TMP/second.err")" -eq 1
ok "readers are not locked out meanwhile" "$CLINICDEX" stats
ok "a crawl of another database runs meanwhile" \
	crawl -q --delay 0 --db "$T_TMP/other.db" --max-pages 2
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
ok "after a kill -9 of the first, the next crawl is not blocked" crawl -q --delay 0
ok "... and finishes the crawl, every page once" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*), count(DISTINCT url) FROM pages')" = "80|80"
ok "... leaving no lock file behind" test ! -e "$CLINICDEX_DB.crawl-lock"
done_testing
