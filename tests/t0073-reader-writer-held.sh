#!/bin/sh
# A reader opens and reads while another process holds a write
# transaction open (the sqlite3 shell, BEGIN IMMEDIATE, fed through a
# FIFO so it waits with the transaction open). Opening must not need the
# write lock: search, export, show and stats answer at once from what is
# committed. Once in WAL mode and once in rollback-journal mode (a
# directory someone set to journal_mode=DELETE); there a reader used to
# wait for the lock to switch the file to WAL, then fail with "database
# is locked".
. "$TOP_SRCDIR/tests/lib.sh"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" crawl -q --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! crawl failed"; exit 1; }
stop_server
db=$CLINICDEX_DB
clinics=$("$CLINICDEX" export --what clinics | wc -l)

# hold: the sqlite3 shell begins a write transaction, changes a row and
# waits, the transaction open, until release.
hold() {
	rm -f "$T_TMP/fifo" "$T_TMP/held"
	mkfifo "$T_TMP/fifo"
	sqlite3 "$db" <"$T_TMP/fifo" >"$T_TMP/held" 2>&1 &
	HOLDER=$!
	exec 3>"$T_TMP/fifo"
	printf '%s\n' ".timeout 10000" "BEGIN IMMEDIATE;" \
		"UPDATE clinics SET phone = phone || '0';" "SELECT 'held';" >&3
	# bounded: a shell that never says 'held' fails the checks below
	_i=0
	while ! grep -q held "$T_TMP/held" 2>/dev/null && [ $_i -lt 3000 ]; do
		sleep 0.01
		_i=$((_i + 1))
	done
}
release() {
	echo "ROLLBACK;" >&3
	exec 3>&-
	wait "$HOLDER"
}
# Each reader runs under a bound that only keeps a hang from stalling the
# suite; the checks are on its answer.
readers() {
	timeout 120 "$CLINICDEX" stats >"$T_TMP/stats" &&
	timeout 120 "$CLINICDEX" search --format csv >"$T_TMP/search" &&
	timeout 120 "$CLINICDEX" export --what clinics >"$T_TMP/export" &&
	timeout 120 "$CLINICDEX" show lumina-dermatology.test >"$T_TMP/show" &&
	test "$(wc -l <"$T_TMP/export")" -eq "$clinics" &&
	test "$(wc -l <"$T_TMP/search")" -eq "$clinics" &&
	grep -q '^Lumina Dermatology' "$T_TMP/show" &&
	grep -q '^clinics  *10$' "$T_TMP/stats"
}
mode() { sqlite3 "$db" 'PRAGMA journal_mode'; }

ok "the directory is in WAL mode" test "$(mode)" = wal
hold
ok "the sqlite3 shell holds a write transaction open" grep -q held "$T_TMP/held"
ok "WAL: readers open and read while a writer holds its transaction" readers
release

sqlite3 "$db" 'PRAGMA journal_mode=DELETE' >/dev/null
ok "the directory is now in rollback-journal mode" test "$(mode)" = delete
hold
ok "the sqlite3 shell holds a write transaction open" grep -q held "$T_TMP/held"
ok "rollback journal: readers open and read while a writer holds its transaction" readers
ok "the readers left the held database in its mode" test "$(mode)" = delete
release
ok "a reader with no writer about switches the directory back to WAL" \
	sh -c '"$CLINICDEX" stats >/dev/null && test "$(sqlite3 "$CLINICDEX_DB" "PRAGMA journal_mode")" = wal'
done_testing
