#!/bin/sh
# The kill campaign: a crawl of a web of 200 sites killed with SIGKILL at
# 20 random moments resumes each time the same command runs again: nothing
# stored is lost or fetched again, the database stays sound, and the
# result equals that of an uninterrupted crawl.
#   KILL_SITES, KILL_PAGES, KILL_RUNS: the web and the number of kills
#   KILL_SEED: replays the kill moments of an earlier run (it is printed)
. "$TOP_SRCDIR/tests/lib.sh"

sites=${KILL_SITES:-200}
per_site=${KILL_PAGES:-12}
runs=${KILL_RUNS:-20}
seed=${KILL_SEED:-$(( $$ * 7919 + $(date +%s) % 100000 ))}
echo "# kill campaign: $sites sites x $per_site pages, $runs kills, KILL_SEED=$seed"

web="$T_TMP/web"
"$PYTHON3" "$TOP_SRCDIR/tests/web/gen_web.py" "$web" --sites "$sites" --pages "$per_site" >"$T_TMP/seeds"
start_server "$web"
# Run as (exec_crawl) so the subshell becomes clinicdex and $! is its pid.
exec_crawl() {
	exec "$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
		--per-host 1 --concurrency 8 --max-depth 40 --seeds "$T_TMP/seeds"
}
crawl() { (exec_crawl); }

CLINICDEX_DB="$T_TMP/ref.db" crawl || { echo "Bail out! the reference crawl failed"; exit 1; }
ref_pages=$(sqlite3 "$T_TMP/ref.db" 'SELECT count(*) FROM pages')
ok "the reference crawl stored every page" test "$ref_pages" -eq $((sites * per_site))

export CLINICDEX_DB="$T_TMP/killed.db"
# Each run is killed once it has stored a random 15 to 60 more pages (so
# it is mid-crawl however fast or slow the machine is), after a random
# 0 to 25 ms that varies where in the fetch-parse-commit cycle it lands.
awk -v seed="$seed" -v n="$runs" 'BEGIN { srand(seed); for (i = 0; i < n; i++)
	printf "%d %.3f\n", 15 + int(rand() * 46), rand() * 0.025 }' >"$T_TMP/moments"
k=0
: >"$T_TMP/bounds"
while read -r more offset; do
	k=$((k + 1))
	before=$(stored)
	# exec, so that $! is clinicdex itself: killing the shell that runs a
	# function would leave the crawler running beside the next one
	(exec_crawl) &
	pid=$!
	wait_stored "$pid" $((before + more))
	sleep "$offset"
	ok "run $k was still crawling when killed" kill -0 "$pid"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ok "kill $k stopped the crawler" sh -c "! kill -0 $pid 2>/dev/null"
	sleep 0.2    # let the server log what it answered before the kill
	sqlite3 "$CLINICDEX_DB" 'SELECT url FROM pages' >"$T_TMP/stored.$k"
	echo "$k $(wc -l <"$T_TMP/access.log")" >>"$T_TMP/bounds"
	ok "after kill $k the database passes integrity_check" \
		test "$(sqlite3 "$CLINICDEX_DB" 'PRAGMA integrity_check')" = ok
done <"$T_TMP/moments"
ok "the crawl was still unfinished after the kills" \
	test "$(stored)" -lt "$ref_pages"
ok "running the same command again finishes the crawl" crawl
echo "final $(wc -l <"$T_TMP/access.log")" >>"$T_TMP/bounds"

ok "every page is stored exactly once" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*), count(DISTINCT url) FROM pages')" = "$ref_pages|$ref_pages"
ok "the frontier is empty" test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM frontier WHERE state = 0')" -eq 0
ok "the database passes integrity_check" test "$(sqlite3 "$CLINICDEX_DB" 'PRAGMA integrity_check')" = ok
never_refetched() {
	"$PYTHON3" - "$T_TMP" <<'PYEOF'
import re, sys
tmp = sys.argv[1]
log = open(f"{tmp}/access.log").read().splitlines()
bounds = [l.split() for l in open(f"{tmp}/bounds")]
bad = 0
for (k, start), (_, end) in zip(bounds, bounds[1:]):
    stored = set(open(f"{tmp}/stored.{k}").read().split())
    for line in log[int(start):int(end)]:
        m = re.match(r'\S+ (\S+) \[[^]]*\] "GET (\S+)', line)
        if not m or m.group(2) in ("/robots.txt", "/sitemap.xml"):
            continue
        url = f"http://{m.group(1)}{m.group(2)}"
        if url in stored:
            print(f"fetched again after kill {k}: {url}")
            bad += 1
sys.exit(1 if bad else 0)
PYEOF
}
ok "no page stored before a kill was fetched again" never_refetched
same_export() {
	# ids of claims and practitioners and the crawl times differ; the rest must not
	for what in claims practitioners; do
		CLINICDEX_DB="$T_TMP/ref.db" "$CLINICDEX" export --what $what | cut -d, -f2- | sort >"$T_TMP/a"
		"$CLINICDEX" export --what $what | cut -d, -f2- | sort >"$T_TMP/b"
		cmp "$T_TMP/a" "$T_TMP/b" || return 1
	done
	CLINICDEX_DB="$T_TMP/ref.db" "$CLINICDEX" export | cut -d, -f1-13 >"$T_TMP/a"
	"$CLINICDEX" export | cut -d, -f1-13 >"$T_TMP/b"
	cmp "$T_TMP/a" "$T_TMP/b"
}
ok "the export equals that of the uninterrupted crawl" same_export
done_testing
