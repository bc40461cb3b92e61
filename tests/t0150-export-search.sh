#!/bin/sh
# What search and export return over the crawled sample web: -o writes a
# FIFO or device in place, a ZIP+4 asks for its ZIP, claim filters select
# the rows of a claims or practitioners export, and every command counts
# claims alike.
. "$TOP_SRCDIR/tests/lib.sh"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" crawl -q --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! crawl failed"; exit 1; }
stop_server

# ---- export -o to what is not a regular file ----
fifo_export() {
	rm -f "$T_TMP/fifo" "$T_TMP/fifo.out"
	mkfifo "$T_TMP/fifo" || return 1
	cat "$T_TMP/fifo" >"$T_TMP/fifo.out" &
	_reader=$!
	"$CLINICDEX" export -o "$T_TMP/fifo"
	_rc=$?
	if [ -p "$T_TMP/fifo" ]; then
		wait $_reader
	else
		# renamed over: the reader waits on a FIFO nobody will open
		echo "$T_TMP/fifo is no longer a FIFO" >&2
		kill $_reader 2>/dev/null
		wait $_reader 2>/dev/null
		return 1
	fi
	[ $_rc -eq 0 ] && head -n 1 "$T_TMP/fifo.out" | grep -q '^clinic_id,name,site'
}
ok "export -o FIFO writes into the FIFO, which stays a FIFO" fifo_export
ok "... and leaves no FIFO.tmp beside it" test ! -e "$T_TMP/fifo.tmp"
ok "export -o - writes to standard output" \
	sh -c "'$CLINICDEX' export -o - | head -n 1 | grep -q '^clinic_id,'"
"$CLINICDEX" export -o "$T_TMP/regular.csv"
ok "export -o FILE still writes a regular file" \
	sh -c "test -f '$T_TMP/regular.csv' && test ! -e '$T_TMP/regular.csv.tmp' &&
	       head -n 1 '$T_TMP/regular.csv' | grep -q '^clinic_id,'"
ok "export -o DIRECTORY fails (exit 1) and leaves no DIRECTORY.tmp" \
	sh -c "mkdir '$T_TMP/adir' && ! '$CLINICDEX' export -o '$T_TMP/adir' 2>/dev/null &&
	       test ! -e '$T_TMP/adir.tmp'"

# ---- ZIP+4 ----
zip_sites() { "$CLINICDEX" search --zip "$1" --format jsonl | "$PYTHON3" -c '
import json, sys
print(" ".join(sorted(json.loads(l)["site"] for l in sys.stdin)))'; }
ok "the sample web has a clinic in ZIP 78701" test -n "$(zip_sites 78701)"
ok "search --zip 78701-1234 finds the clinics of ZIP 78701" \
	test "$(zip_sites 78701-1234)" = "$(zip_sites 78701)"
ok "export --zip takes a ZIP+4 too" \
	sh -c "'$CLINICDEX' export --zip 78701-0001 --format jsonl | grep -q lumina"

done_testing
