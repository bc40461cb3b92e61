#!/bin/sh
# Option values and the database path: a value the user must fix is a
# usage error (exit 2), and clinicdex never guesses a database: an empty
# --db or CLINICDEX_DB, a missing folder or no HOME is an error, and only
# the default folder is ever created.
. "$TOP_SRCDIR/tests/lib.sh"

ok "--taxonomy '' exits 2" exits 2 "$CLINICDEX" registry import nppes /dev/null --taxonomy ''
ok "--taxonomy '*' exits 2" exits 2 "$CLINICDEX" registry import nppes /dev/null --taxonomy '*'
ok "... naming the option" \
	sh -c "'$CLINICDEX' registry import nppes /dev/null --taxonomy '*' 2>&1 | grep -q '^clinicdex: registry: --taxonomy: '"
printf 'Name,License\nJane Roe,123\n' >"$T_TMP/lic.csv"
ok "--name '' exits 2" exits 2 "$CLINICDEX" registry import licenses "$T_TMP/lic.csv" \
	--state TX --map name=Name,license=License --name ''
ok "... and no list named '' is made" \
	sh -c "! sqlite3 '$CLINICDEX_DB' \"SELECT 1 FROM registry_imports WHERE label = ''\" 2>/dev/null | grep -q 1"
ok "registry status --state TX is a usage error" exits 2 "$CLINICDEX" registry status --state TX
ok "registry status --taxonomy 20 too" exits 2 "$CLINICDEX" registry status --taxonomy 20
ok "search --site '' exits 2" exits 2 "$CLINICDEX" search --site ''

# the database path
unset CLINICDEX_DB
cd "$T_TMP" || exit 1
export HOME="$T_TMP/home" XDG_DATA_HOME="$T_TMP/xdg"
mkdir -p "$HOME"
ok "--db= exits 2" exits 2 "$CLINICDEX" --db= stats
ok "--db '' after the command exits 2" exits 2 "$CLINICDEX" stats --db ''
ok "CLINICDEX_DB='' exits 2" exits 2 env CLINICDEX_DB= "$CLINICDEX" stats
ok "... saying so" sh -c "CLINICDEX_DB= '$CLINICDEX' stats 2>&1 | grep -q 'CLINICDEX_DB is set but empty'"
ok "no default database was made by these" test ! -e "$XDG_DATA_HOME"
ok "--db in a missing folder exits 1" exits 1 "$CLINICDEX" --db missing/dir/x.db stats
ok "... naming the folder" \
	sh -c "'$CLINICDEX' --db missing/dir/x.db stats 2>&1 | grep -q '^clinicdex: stats: .*no folder missing/dir'"
ok "... and creates no folder" test ! -e missing
ok "CLINICDEX_DB in a missing folder exits 1" exits 1 env CLINICDEX_DB=nope/x.db "$CLINICDEX" stats
ok "--db in the current folder works" sh -c "'$CLINICDEX' --db here.db stats >/dev/null && test -f here.db"
ok "the default folder is created" \
	sh -c "'$CLINICDEX' stats >/dev/null && test -f '$XDG_DATA_HOME/clinicdex/clinicdex.db'"
ok "with neither HOME nor XDG_DATA_HOME: exit 1" exits 1 env -u HOME -u XDG_DATA_HOME "$CLINICDEX" stats
ok "... saying what to set" \
	sh -c "env -u HOME -u XDG_DATA_HOME '$CLINICDEX' stats 2>&1 | grep -q 'use --db PATH, or set CLINICDEX_DB, XDG_DATA_HOME or HOME'"
ok "... and no database in the current folder" test ! -e "$T_TMP/.local"
done_testing
