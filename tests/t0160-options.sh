#!/bin/sh
# Options as curl and git treat them: our own one-line error format for a
# bad option (never getopt's), -h and --help COMMAND for help, and no short
# option that the help does not show.
. "$TOP_SRCDIR/tests/lib.sh"

commands=$("$CLINICDEX" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/Commands:/ {print $1}')

# says CMD... EXPECTED: exit 2 and exactly EXPECTED on stderr
says() {
	want=$1; shift
	"$@" >/dev/null 2>"$T_TMP/says.err"
	rc=$?
	[ "$rc" -eq 2 ] || { echo "exit $rc, wanted 2"; return 1; }
	printf '%s\n' "$want" | cmp - "$T_TMP/says.err"
}
ok "an unknown long option is named in our format" \
	says "clinicdex: search: unknown option '--bogus' (see 'clinicdex help search')" \
	"$CLINICDEX" search --bogus
ok "an unknown option with a value is named without it" \
	says "clinicdex: export: unknown option '--bogus' (see 'clinicdex help export')" \
	"$CLINICDEX" export --bogus=1
ok "an unknown short option" \
	says "clinicdex: stats: unknown option '-x' (see 'clinicdex help stats')" \
	"$CLINICDEX" stats -x
ok "a missing value" \
	says "clinicdex: search: option '--format' requires a value (see 'clinicdex help search')" \
	"$CLINICDEX" search --format
ok "an ambiguous abbreviation" \
	says "clinicdex: search: ambiguous option '--s' (see 'clinicdex help search')" \
	"$CLINICDEX" search --s TX
ok "a value given to a flag" \
	says "clinicdex: stats: option '--quiet' takes no value (see 'clinicdex help stats')" \
	"$CLINICDEX" stats --quiet=yes
ok "help for no such command points to the command list" \
	says "clinicdex: help: 'nosuch' is not a clinicdex command (see 'clinicdex --help')" \
	"$CLINICDEX" help nosuch
ok "--help for no such command too" \
	says "clinicdex: 'nosuch' is not a clinicdex command (see 'clinicdex --help')" \
	"$CLINICDEX" --help nosuch

for c in $commands; do
	ok "$c -h prints $c's help" \
		sh -c "[ \"\$('$CLINICDEX' $c -h)\" = \"\$('$CLINICDEX' help $c)\" ]"
	ok "clinicdex --help $c prints $c's help" \
		sh -c "[ \"\$('$CLINICDEX' --help $c)\" = \"\$('$CLINICDEX' help $c)\" ]"
done

no_hidden_short() {
	# a letter the help does not show as -X must be refused as unknown
	for c in $commands; do
		help=$("$CLINICDEX" $c --help)
		for l in a b c d e f g h i j k l m n o p q r s t u v w x y z \
		         A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
			if printf '%s\n' "$help" | grep -q -- "-$l\\b"; then
				continue
			fi
			err=$("$CLINICDEX" $c -$l x </dev/null 2>&1 >/dev/null)
			case $err in
			*"unknown option '-$l'"*) ;;
			*) echo "$c accepts -$l, which its help does not show: $err"; return 1 ;;
			esac
		done
	done
}
ok "every short option a command takes is in its --help" no_hidden_short
done_testing
