#!/bin/sh
# The database on a file system that fills up, then on one mounted read
# only: a clear one-line error and exit status 1 for what must write, the
# database intact, reads still working, and the crawl resuming once space
# returns. The test mounts a small tmpfs of its own; where it may not
# (no root, no CAP_SYS_ADMIN) it is skipped, saying so.
. "$TOP_SRCDIR/tests/lib.sh"

mnt="$T_TMP/small"
mkdir -p "$mnt"
mount -t tmpfs -o size=640k,mode=0755 tmpfs "$mnt" 2>/dev/null ||
	skip_all "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"
T_MOUNTS="$mnt"

web="$T_TMP/web"
"$PYTHON3" "$TOP_SRCDIR/tests/web/gen_web.py" "$web" --sites 40 --pages 20 >"$T_TMP/seeds"
start_server "$web"
crawl() {
	"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
		--concurrency 4 --seeds "$T_TMP/seeds"
}
pages() { sqlite3 "$1" 'SELECT count(*) || "|" || count(DISTINCT url) FROM pages'; }
integrity() { test "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok; }
one_line() { test "$(wc -l <"$1")" -eq 1 && grep -q "$2" "$1"; }

CLINICDEX_DB="$T_TMP/ref.db" crawl || { echo "Bail out! the reference crawl failed"; exit 1; }
ref=$(pages "$T_TMP/ref.db")

# ---- the disk fills up during a crawl ----
export CLINICDEX_DB="$mnt/clinicdex.db"
crawl >/dev/null 2>"$T_TMP/full.err"
ok "a crawl that fills the disk exits 1" test $? -eq 1
ok "... with one line saying the disk is full" one_line "$T_TMP/full.err" 'crawl: .*disk is full'
ok "the database on the full disk passes integrity_check" integrity "$CLINICDEX_DB"
ok "... stores each page it kept once" \
	sh -c "p=\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*), count(DISTINCT url) FROM pages'); [ \"\${p%|*}\" = \"\${p#*|}\" ]"
ok "... and can still be read (stats)" "$CLINICDEX" stats
kept=$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM pages')

mount -o remount,size=64m "$mnt"
ok "once space returns the same command finishes the crawl" crawl
ok "... keeping what was stored before" test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM pages')" -ge "$kept"
ok "... every page stored exactly once" test "$(pages "$CLINICDEX_DB")" = "$ref"
ok "... the frontier empty" test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM frontier WHERE state = 0')" -eq 0
ok "... the database sound" integrity "$CLINICDEX_DB"
same_export() {
	# ids and crawl times differ; the rest must not
	for what in clinics practitioners claims; do
		CLINICDEX_DB="$T_TMP/ref.db" "$CLINICDEX" export --what $what | tr -d '\r' |
			cut -d, -f2- | sed 's/,[0-9T:-]*Z,[0-9T:-]*Z$//' | sort >"$T_TMP/a"
		"$CLINICDEX" export --what $what | tr -d '\r' |
			cut -d, -f2- | sed 's/,[0-9T:-]*Z,[0-9T:-]*Z$//' | sort >"$T_TMP/b"
		cmp "$T_TMP/a" "$T_TMP/b" || return 1
	done
}
ok "... and the export equals that of a crawl that never ran out of space" same_export

# ---- a registry import that runs out of space leaves the old one ----
GEN="$PYTHON3 $TOP_SRCDIR/tests/registry/gen_nppes.py"
$GEN --rows 200 --mix dermatology -o "$T_TMP/small.csv"
ok "a small NPPES file imports" "$CLINICDEX" -q registry import nppes "$T_TMP/small.csv"
"$CLINICDEX" registry status >"$T_TMP/status.before"
$GEN --rows 20000 --mix dermatology -o "$T_TMP/big.csv"
mount -o remount,size=3m "$mnt"
"$CLINICDEX" -q registry import nppes "$T_TMP/big.csv" >/dev/null 2>"$T_TMP/reg.err"
ok "an import that fills the disk exits 1" test $? -eq 1
ok "... with one line saying the disk is full" one_line "$T_TMP/reg.err" 'disk is full'
ok "... leaving the registry as it was" \
	sh -c "'$CLINICDEX' registry status | cmp -s - '$T_TMP/status.before'"
ok "... and the database sound" integrity "$CLINICDEX_DB"
mount -o remount,size=64m "$mnt"
ok "once space returns the import succeeds" "$CLINICDEX" -q registry import nppes "$T_TMP/big.csv"

# ---- the file system turns read only ----
"$CLINICDEX" export --what claims >"$T_TMP/claims.rw"
"$CLINICDEX" search --service microneedling >"$T_TMP/search.rw"
sum_before=$(cat "$mnt"/clinicdex.db* | md5sum)
mount -o remount,ro "$mnt"
crawl >/dev/null 2>"$T_TMP/ro.err"
ok "a crawl into a read-only database exits 1" test $? -eq 1
ok "... with one line saying it is read only" one_line "$T_TMP/ro.err" 'crawl: cannot write database .*[Rr]ead-only'
"$CLINICDEX" -q registry import nppes "$T_TMP/small.csv" >/dev/null 2>"$T_TMP/ro2.err"
ok "a registry import into it exits 1 too" test $? -eq 1
ok "... with one line" one_line "$T_TMP/ro2.err" 'registry: cannot write database'
ok "search still reads it" sh -c "'$CLINICDEX' search --service microneedling | cmp -s - '$T_TMP/search.rw'"
ok "export still reads it" sh -c "'$CLINICDEX' export --what claims | cmp -s - '$T_TMP/claims.rw'"
ok "stats and show still read it" sh -c "'$CLINICDEX' stats >/dev/null && '$CLINICDEX' show site0001.test >/dev/null"
ok "the files are byte for byte as they were" test "$(cat "$mnt"/clinicdex.db* | md5sum)" = "$sum_before"
mount -o remount,rw "$mnt"
ok "writable again, the database passes integrity_check" integrity "$CLINICDEX_DB"
ok "... and takes a crawl" crawl
done_testing
