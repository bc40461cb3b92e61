#!/bin/sh
# The man page against the program, as curl's test1139 does: every option
# a --help shows is in doc/clinicdex.1 and every option there is one some
# --help shows; the --status values, the environment variables the code
# reads, and example lines that fit 80 columns.
. "$TOP_SRCDIR/tests/lib.sh"

man=$TOP_SRCDIR/doc/clinicdex.1
# the page as text: font escapes and \- undone
sed 's/\\f[BIRP]//g; s/\\-/-/g; s/\\(em/-/g' "$man" >"$T_TMP/man.txt"
commands=$("$CLINICDEX" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/Commands:/ {print $1}')

{ "$CLINICDEX" --help; for c in $commands; do "$CLINICDEX" $c --help; done; } >"$T_TMP/help.txt"
grep -o -- '--[a-z][a-z-]*' "$T_TMP/help.txt" | sort -u >"$T_TMP/help.opts"
grep -o -- '--[a-z][a-z-]*' "$T_TMP/man.txt" | sort -u >"$T_TMP/man.opts"

ok "the helps show options" test -s "$T_TMP/help.opts"
for o in $(cat "$T_TMP/help.opts"); do
	ok "$o (in --help) is in the man page" grep -qx -- "$o" "$T_TMP/man.opts"
done
for o in $(cat "$T_TMP/man.opts"); do
	ok "$o (in the man page) is in some --help" grep -qx -- "$o" "$T_TMP/help.opts"
done
for o in $(grep -o -- ' -[a-zA-Z]\b' "$T_TMP/help.txt" | sort -u); do
	ok "short option $o (in --help) is in the man page" grep -q -- "$o\\b" "$T_TMP/man.txt"
done

# the statuses the program accepts, from its own error message
statuses=$("$CLINICDEX" search --status x 2>&1 | sed -n "s/.*is not one of \\([a-z, ]*\\).*/\\1/p" | tr -d ,)
ok "search --status names its statuses" test -n "$statuses"
sed -n '/^\.BI \\-\\-status/,/^\.TP/p' "$man" >"$T_TMP/status.man"
for s in $statuses; do
	ok "the man page's --status lists $s" grep -qw "$s" "$T_TMP/status.man"
done

# every variable the code reads is under ENVIRONMENT
sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$man" >"$T_TMP/env.man"
vars=$(cat "$TOP_SRCDIR"/cli/*.c "$TOP_SRCDIR"/crawler/*.c "$TOP_SRCDIR"/index/*.c "$TOP_SRCDIR"/common/*.c |
	grep -o 'getenv("[A-Z_0-9]*")' | sed 's/getenv("\(.*\)")/\1/' | sort -u)
ok "the code reads environment variables" test -n "$vars"
for v in $vars; do
	ok "ENVIRONMENT documents $v" grep -qx "\\.B $v" "$T_TMP/env.man"
done

# each default value a --help names is the man page's for that command: the C
# macro --help prints it from, and the page, must not drift apart
defaults_agree() {
	for c in $commands; do
		sed -n "/^\.SS $c\b/,/^\.SS /p" "$T_TMP/man.txt" | tr '\n' ' ' >"$T_TMP/sec.txt"
		"$CLINICDEX" $c --help | tr '\n' ' ' | grep -o '(default [^;)]*' |
			sed -n 's/^(default \([0-9]\)/\1/p' | sed 's/: .*//' >"$T_TMP/defs"
		while read -r d; do
			grep -qF -e "default $d" -e "default is $d" "$T_TMP/sec.txt" ||
				{ echo "$c: default $d of --help is not in the man page"; return 1; }
		done <"$T_TMP/defs"
	done
}
ok "the man page gives the defaults --help gives" defaults_agree

wide() {
	# verbatim lines (.nf ... .fi) are printed as written: none over 80
	awk '/^\.nf/ {v = 1; next} /^\.fi/ {v = 0} v && length($0) > 80 {print; n++} END {exit n > 0}' "$man"
}
ok "no verbatim line of the man page is over 80 columns" wide
if command -v man >/dev/null 2>&1 && MANWIDTH=80 man -l "$man" >"$T_TMP/man.80" 2>/dev/null &&
   [ -s "$T_TMP/man.80" ]; then
	ok "the page as man shows it at 80 columns has no longer line" \
		sh -c "! awk 'length(\$0) > 80' '$T_TMP/man.80' | grep ."
fi
done_testing
