#!/bin/sh
# Readers during writes: search, export, show and stats run again and again
# while a crawl writes, some of them while the crawler is frozen (SIGSTOP)
# wherever it happened to be, inside a write transaction or not. None may
# fail ("database is locked") and none may see a page half stored: the
# three people of a team page, the three services of a services page,
# appear all at once or not at all.
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
"$PYTHON3" "$TOP_SRCDIR/tests/web/gen_web.py" "$web" --sites 150 --pages 8 >"$T_TMP/seeds"
total=$((150 * 8))
start_server "$web"
exec_crawl() {
	exec "$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
		--per-host 1 --concurrency 8 --seeds "$T_TMP/seeds"
}

snap="$T_TMP/snap"
mkdir -p "$snap"
# read N: one round of readers; each result and its stderr kept as snap/N.*
read_round() {
	"$CLINICDEX" export --what clinics >"$snap/$1.clinics" 2>>"$snap/$1.err" || echo "export clinics $?" >>"$snap/$1.fail"
	"$CLINICDEX" export --what practitioners >"$snap/$1.pract" 2>>"$snap/$1.err" || echo "export practitioners $?" >>"$snap/$1.fail"
	"$CLINICDEX" search --service microneedling --format csv >/dev/null 2>>"$snap/$1.err" || echo "search $?" >>"$snap/$1.fail"
	"$CLINICDEX" stats >/dev/null 2>>"$snap/$1.err" || echo "stats $?" >>"$snap/$1.fail"
	"$CLINICDEX" show site0001.test >/dev/null 2>>"$snap/$1.err"
	# before site0001 is stored "no such clinic" is the right answer
	[ $? -le 1 ] || echo "show $?" >>"$snap/$1.fail"
}

(exec_crawl) &
pid=$!
# free-running readers beside the crawl for as long as it runs
(
	n=0
	while kill -0 "$pid" 2>/dev/null; do
		n=$((n + 1))
		read_round "free$n"
	done
	echo "$n" >"$T_TMP/free_rounds"
) &
free=$!

# frozen readers: every 60 pages stored, the crawler is stopped where it is.
# Not once every page is stored: the last connection to close a WAL
# database takes an exclusive lock for its final checkpoint, and a crawler
# frozen there would hold it for as long as the test pleased.
k=0
frozen=0
while kill -0 "$pid" 2>/dev/null; do
	k=$((k + 1))
	wait_stored "$pid" $((k * 60))
	n=$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM pages' 2>/dev/null) || continue
	[ "$n" -lt $((total - 30)) ] || break
	kill -STOP "$pid" 2>/dev/null || break
	frozen=$((frozen + 1))
	read_round "frozen$frozen"
	kill -CONT "$pid"
done
wait "$pid"
crawl_status=$?
wait "$free"

ok "the crawl finished (exit 0)" test "$crawl_status" -eq 0
ok "it stored every page" test "$(stored)" -eq "$total"
ok "readers ran while the crawler was frozen mid-crawl (at least 10 rounds)" test "$frozen" -ge 10
ok "readers ran beside the running crawl (at least 3 rounds)" test "$(cat "$T_TMP/free_rounds")" -ge 3
ok "no reader failed" sh -c "! cat '$snap'/*.fail 2>/dev/null | grep ."
ok "no reader waited on a lock or saw an error" sh -c "! cat '$snap'/*.err 2>/dev/null | grep -v 'no clinic' | grep ."

"$CLINICDEX" export --what clinics >"$T_TMP/final.clinics"
"$CLINICDEX" export --what practitioners >"$T_TMP/final.pract"
consistent() {
	"$PYTHON3" - "$snap" "$T_TMP" <<'PYEOF'
import csv, glob, os, sys
from collections import Counter
snap, tmp = sys.argv[1], sys.argv[2]

def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

final = {r["site"]: r for r in rows(f"{tmp}/final.clinics")}
final_pract = Counter(r["site"] for r in rows(f"{tmp}/final.pract"))
bad = checked = 0
for path in glob.glob(f"{snap}/*.clinics"):
    for r in rows(path):
        checked += 1
        want = final.get(r["site"])
        if want is None:
            print(f"{path}: clinic {r['site']} is gone at the end"); bad += 1; continue
        for col in ("services", "credentials", "practitioners"):
            if r[col] not in ("", want[col]):
                print(f"{path}: {r['site']} {col} half written: {r[col]!r} of {want[col]!r}")
                bad += 1
for path in glob.glob(f"{snap}/*.pract"):
    for site, n in Counter(r["site"] for r in rows(path)).items():
        if n != final_pract[site]:
            print(f"{path}: {site} has {n} of its {final_pract[site]} practitioners"); bad += 1
print(f"{checked} clinic rows checked in {len(glob.glob(snap + '/*.clinics'))} snapshots")
sys.exit(1 if bad or checked == 0 else 0)
PYEOF
}
ok "every snapshot holds whole pages: a clinic's people and services all or none" consistent
sed 's/^/# /' "$T_TMP/out"
echo "# frozen rounds: $frozen, free rounds: $(cat "$T_TMP/free_rounds")"
done_testing
