#!/bin/sh
# SIGINT and SIGTERM stop a crawl cleanly: the summary is printed, the exit
# status says which signal stopped it (130, 143), the database is sound, and the same command
# finishes the crawl afterwards.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
"$PYTHON3" "$TOP_SRCDIR/tests/web/gen_web.py" "$web" --sites 20 --pages 60 >"$T_TMP/seeds"
start_server "$web"
exec_crawl() {
	exec "$CLINICDEX" crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
		--per-host 1 --concurrency 4 --max-depth 40 --seeds "$T_TMP/seeds"
}

for sig in INT TERM; do
	case $sig in INT) want=130 ;; TERM) want=143 ;; esac
	before=$(stored)
	(exec_crawl) 2>"$T_TMP/err.$sig" &
	pid=$!
	wait_stored "$pid" $((before + 40))
	ok "SIG$sig: the crawl was running when signalled" kill -0 "$pid"
	kill -"$sig" "$pid"
	wait "$pid"
	status=$?
	ok "SIG$sig: exit status $want, 128 + the signal, as a shell expects" test "$status" -eq "$want"
	ok "SIG$sig: the summary is printed" grep -q '^crawled [0-9]* pages from [0-9]* sites' "$T_TMP/err.$sig"
	ok "SIG$sig: it says how to resume" grep -q 'stopped by a signal; run the same command again to resume' "$T_TMP/err.$sig"
	ok "SIG$sig: the database passes integrity_check" test "$(sqlite3 "$CLINICDEX_DB" 'PRAGMA integrity_check')" = ok
	ok "SIG$sig: no half-stored page (every stored page's frontier row is done)" \
		test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM pages p JOIN frontier f ON f.url = p.url WHERE f.state = 0')" -eq 0
done
ok "the same command finishes the crawl" sh -c "$(command -v "$CLINICDEX") -q crawl --connect-to ::127.0.0.1:$PORT --allow-private --delay 0 --max-depth 40 --seeds '$T_TMP/seeds'"
ok "... with every page stored once" test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*), count(DISTINCT url) FROM pages')" = "1200|1200"
done_testing
