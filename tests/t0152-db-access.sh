#!/bin/sh
# Whose database: a user who may read but not write a directory can search
# it, and leaves no -wal or -shm file behind that would lock its owner out;
# a database of another program given to --db is refused untouched.
. "$TOP_SRCDIR/tests/lib.sh"

TXMAP="name=Licensee Name,license=License Number,type=License Type,status=License Status,expires=Expiration Date"

# ---- another program's database ----
sqlite3 "$T_TMP/notes.db" "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');"
cp "$T_TMP/notes.db" "$T_TMP/notes.orig"
ok "a non-empty SQLite database of another program is refused (exit 1)" \
	exits 1 "$CLINICDEX" --db "$T_TMP/notes.db" stats
ok "... saying it is not clinicdex's" \
	sh -c "'$CLINICDEX' --db '$T_TMP/notes.db' search 2>&1 | grep -q 'notes.db is not a clinicdex database'"
ok "... and a writing command is refused too" \
	exits 1 "$CLINICDEX" --db "$T_TMP/notes.db" registry import licenses \
	"$TOP_SRCDIR/tests/data/tx-estheticians.csv" --state TX --map "$TXMAP"
ok "... leaving it byte for byte as it was" cmp "$T_TMP/notes.db" "$T_TMP/notes.orig"
ok "... with its one table and no other" \
	test "$(sqlite3 "$T_TMP/notes.db" "SELECT group_concat(name) FROM sqlite_master")" = notes
sqlite3 "$T_TMP/ver.db" "CREATE TABLE t (x); PRAGMA user_version = 3;"
ok "one that sets user_version but has no clinicdex table is refused too" \
	exits 1 "$CLINICDEX" --db "$T_TMP/ver.db" stats
: >"$T_TMP/empty.db"
ok "an empty file becomes a new directory" "$CLINICDEX" --db "$T_TMP/empty.db" stats

# ---- readers without write access ----
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "ok $((t_count + 1)) - readers without write access # SKIP needs root and setpriv to act as two users"
	t_count=$((t_count + 1))
	done_testing
	exit $?
fi
OWNER=15201
READER=15202
as() { # as UID CMD...: runs CMD as that user, with no supplementary group
	_u=$1; shift
	setpriv --reuid="$_u" --regid="$_u" --clear-groups "$@"
}
# the two users must reach the program and the sample list: a checkout in
# a folder only root may enter (mktemp -d makes one) cannot show this
if ! as $OWNER test -x "$CLINICDEX" || ! as $OWNER test -r "$TOP_SRCDIR/tests/data/tx-estheticians.csv"; then
	echo "ok $((t_count + 1)) - readers without write access # SKIP the build tree is not reachable by other users"
	t_count=$((t_count + 1))
	done_testing
	exit $?
fi
chmod 755 "$T_TMP"
for d in closed open; do
	mkdir "$T_TMP/$d"
	chown "$OWNER:$OWNER" "$T_TMP/$d"
done
chmod 755 "$T_TMP/closed"     # the reader may not create files in it
chmod 777 "$T_TMP/open"       # here it may, but not write the database
for d in closed open; do
	as $OWNER env CLINICDEX_DB="$T_TMP/$d/x.db" "$CLINICDEX" -q registry import licenses \
		"$TOP_SRCDIR/tests/data/tx-estheticians.csv" --state TX --map "$TXMAP" ||
		echo "Bail out! the owner could not make $d/x.db"
done

reads() { # reads DIR: every reading command, as the reader
	for c in "search --state TX" "export --what claims" stats "registry status"; do
		# shellcheck disable=SC2086
		as $READER env CLINICDEX_DB="$T_TMP/$1/x.db" "$CLINICDEX" $c >/dev/null || return 1
	done
}
ok "a reader searches a database in a folder it may not write" reads closed
ok "a reader searches a database it may not write in a folder it may" reads open
ok "... and leaves no -wal or -shm file behind" \
	sh -c "! ls '$T_TMP/open' | grep -q -e -wal -e -shm"
ok "... so the owner still writes it" \
	as $OWNER env CLINICDEX_DB="$T_TMP/open/x.db" "$CLINICDEX" -q registry import licenses \
	"$TOP_SRCDIR/tests/data/tx-estheticians.csv" --state TX --map "$TXMAP" --name again
sees_again() {
	as $READER env CLINICDEX_DB="$T_TMP/open/x.db" "$CLINICDEX" registry status | grep -q again
}
ok "... which the reader then sees" sees_again

done_testing
