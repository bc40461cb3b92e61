#!/bin/sh
# The demo crawls fictional clinics: never into the user's directory. It
# uses a temporary database, removed at the end, unless --db names one.
. "$TOP_SRCDIR/tests/lib.sh"

export HOME="$T_TMP/home" TMPDIR="$T_TMP/tmp"
unset XDG_DATA_HOME
mkdir -p "$HOME" "$TMPDIR"
export CLINICDEX_DB="$T_TMP/mine.db"
"$CLINICDEX" --db "$CLINICDEX_DB" stats >/dev/null
before=$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM sites')

ok "the demo runs" sh -c "'$CLINICDEX' demo >'$T_TMP/demo.out' 2>'$T_TMP/demo.err'"
ok "... prints its search" grep -q 'Lumina Dermatology' "$T_TMP/demo.out"
ok "... says its database is temporary" grep -q 'temporary database' "$T_TMP/demo.err"
ok "... leaves CLINICDEX_DB's directory as it was" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM sites')" -eq "$before"
ok "... makes no default database" test ! -e "$HOME/.local"
ok "... and removes its temporary one" sh -c "[ -z \"\$(ls -A '$TMPDIR')\" ]"
unset CLINICDEX_DB
ok "without CLINICDEX_DB too" sh -c "'$CLINICDEX' -q demo >/dev/null && [ ! -e '$HOME/.local' ] && [ -z \"\$(ls -A '$TMPDIR')\" ]"
ok "with --db it keeps the crawl there" \
	sh -c "'$CLINICDEX' -q --db '$T_TMP/demo.db' demo >/dev/null && [ \"\$(sqlite3 '$T_TMP/demo.db' 'SELECT count(*) FROM clinics')\" -gt 0 ]"
done_testing
