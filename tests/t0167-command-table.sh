#!/bin/sh
# Walks the command table as git's t0012-help does: for every command the
# main --help lists, each way of asking for its help prints the same text,
# the runner reports a failed stdout, and option and --db errors come in
# the one format, with the command named and its help as the hint.
. "$TOP_SRCDIR/tests/lib.sh"

commands=$("$CLINICDEX" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/Commands:/ {print $1}')
ok "--help lists commands" test -n "$commands"
ok "no command is listed twice" sh -c "[ \"\$(echo '$commands' | sort | uniq -d)\" = '' ]"

same_help() {
	c=$1
	"$CLINICDEX" $c --help >"$T_TMP/h0" || return 1
	head -n 1 "$T_TMP/h0" | grep -q "^usage: clinicdex $c " || { echo "no usage line"; return 1; }
	"$CLINICDEX" $c -h >"$T_TMP/h1" && cmp "$T_TMP/h0" "$T_TMP/h1" || { echo "-h differs"; return 1; }
	"$CLINICDEX" help $c >"$T_TMP/h1" && cmp "$T_TMP/h0" "$T_TMP/h1" || { echo "help CMD differs"; return 1; }
	"$CLINICDEX" --help $c >"$T_TMP/h1" && cmp "$T_TMP/h0" "$T_TMP/h1" || { echo "--help CMD differs"; return 1; }
	"$CLINICDEX" -h $c >"$T_TMP/h1" && cmp "$T_TMP/h0" "$T_TMP/h1" || { echo "-h CMD differs"; return 1; }
	"$CLINICDEX" -q --db "$T_TMP/x.db" $c --help >"$T_TMP/h1" && cmp "$T_TMP/h0" "$T_TMP/h1" ||
		{ echo "global options change the help"; return 1; }
}
summary_matches() {
	# the one-line summary of the list is the help's third line
	c=$1
	line=$("$CLINICDEX" --help | sed -n "s/^  $c  *//p")
	[ "$("$CLINICDEX" $c --help | sed -n 3p)" = "$line." ]
}
for c in $commands; do
	ok "$c: --help, -h, help $c, --help $c and -h $c print the same" same_help $c
	ok "$c: the list's summary is the help's" summary_matches $c
	"$CLINICDEX" $c --help >/dev/full 2>"$T_TMP/full"; echo $? >"$T_TMP/full.rc"
	ok "$c: help to a full disk exits 1" grep -qx 1 "$T_TMP/full.rc"
	ok "$c: ... and says so, naming $c" \
		grep -qx "clinicdex: $c: cannot write output: No space left on device" "$T_TMP/full"
	"$CLINICDEX" $c --no-such-option >/dev/null 2>"$T_TMP/bad"; echo $? >"$T_TMP/bad.rc"
	ok "$c: an unknown option exits 2" grep -qx 2 "$T_TMP/bad.rc"
	ok "$c: ... in the one format" grep -qx \
		"clinicdex: $c: unknown option '--no-such-option' (see 'clinicdex help $c')" "$T_TMP/bad"
	"$CLINICDEX" $c --db= >/dev/null 2>"$T_TMP/db"; echo $? >"$T_TMP/db.rc"
	ok "$c: an empty --db after it exits 2" grep -qx 2 "$T_TMP/db.rc"
	ok "$c: ... naming $c" grep -qx "clinicdex: $c: --db: empty path (see 'clinicdex help $c')" \
		"$T_TMP/db"
	"$CLINICDEX" --db= $c >/dev/null 2>"$T_TMP/gdb"; echo $? >"$T_TMP/gdb.rc"
	ok "$c: an empty --db before it exits 2" grep -qx 2 "$T_TMP/gdb.rc"
	ok "$c: ... as a global error" grep -qx "clinicdex: --db: empty path (see 'clinicdex --help')" \
		"$T_TMP/gdb"
done
ok "--help to a full disk exits 1" sh -c "! '$CLINICDEX' --help >/dev/full 2>/dev/null"
ok "a global option is not taken by a prefix" exits 2 "$CLINICDEX" --verb stats
ok "-V prints the version" sh -c "'$CLINICDEX' -V | grep -qx 'clinicdex [0-9][0-9.]*'"
ok "--db without a value before the command exits 2" exits 2 "$CLINICDEX" --db
done_testing
