#!/bin/sh
# The command-line contract: help everywhere, versions, exit codes and the
# error format of SPEC ("clinicdex: <command>: <what went wrong>").
. "$TOP_SRCDIR/tests/lib.sh"

commands=$("$CLINICDEX" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/Commands:/ {print $1}')

ok "--help lists the commands" test -n "$commands"
for c in crawl extract search show export taxonomy robots stats demo help; do
	ok "--help lists $c" sh -c "echo '$commands' | grep -qx $c"
done
for c in $commands; do
	ok "$c --help prints its usage and exits 0" \
		sh -c "'$CLINICDEX' $c --help | grep -q '^usage: clinicdex $c'"
	ok "help $c prints the same as $c --help" \
		sh -c "[ \"\$('$CLINICDEX' help $c)\" = \"\$('$CLINICDEX' $c --help)\" ]"
	ok "$c --version prints the version" \
		sh -c "'$CLINICDEX' $c --version | grep -q '^clinicdex [0-9]'"
done
ok "--version" sh -c "'$CLINICDEX' --version | grep -qx 'clinicdex [0-9][0-9.]*'"
ok "no command is a usage error (2)" exits 2 "$CLINICDEX"
ok "unknown command exits 2" exits 2 "$CLINICDEX" frobnicate
ok "unknown command names itself on stderr" \
	sh -c "'$CLINICDEX' frobnicate 2>&1 >/dev/null | grep -q \"^clinicdex: 'frobnicate' is not a clinicdex command\""
ok "unknown option exits 2" exits 2 "$CLINICDEX" search --bogus
ok "bad --format is a usage error with the command named" \
	sh -c "'$CLINICDEX' search --format xml 2>&1 >/dev/null | grep -q '^clinicdex: search: --format'"
ok "bad --format exits 2" exits 2 "$CLINICDEX" search --format xml
ok "bad --state exits 2" exits 2 "$CLINICDEX" search --state ZZ
ok "unknown service code exits 2" exits 2 "$CLINICDEX" search --service microneedeling
ok "unknown credential code exits 2" exits 2 "$CLINICDEX" export --credential board-x
ok "crawl without seeds exits 2" exits 2 "$CLINICDEX" crawl
ok "crawl with a bad --max-pages exits 2" exits 2 "$CLINICDEX" crawl --max-pages x http://a.test/
ok "show of an unknown clinic exits 1" exits 1 "$CLINICDEX" show no-such-clinic.test
ok "help for an unknown command exits 2" exits 2 "$CLINICDEX" help frobnicate
ok "a closed stdout is not silent success" \
	sh -c "! '$CLINICDEX' taxonomy >/dev/full 2>/dev/null"
man_names_all() {
	for c in $commands; do
		grep -q "^\.SS $c\b" "$TOP_SRCDIR/doc/clinicdex.1" || { echo "man page lacks $c"; return 1; }
	done
}
ok "the man page has a section for every command" man_names_all
help_names_options() {
	# every long option a command's --help shows is one getopt accepts
	for c in $commands; do
		for o in $("$CLINICDEX" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
			case $o in --help|--version) continue ;; esac
			if "$CLINICDEX" $c $o </dev/null 2>&1 >/dev/null | grep -q 'unknown option'; then
				echo "$c rejects its own $o"
				return 1
			fi
		done
	done
}
ok "every option in --help is accepted" help_names_options
filters_as_search() {
	# export and report take "FILTERS as for search": their --help names each
	filters=$("$CLINICDEX" search --help | sed -n 's/^  \(--[a-z-]*\) .*/\1/p' |
		grep -v -e '^--format$' -e '^--limit$')
	for c in export report; do
		for o in $filters; do
			"$CLINICDEX" $c --help | grep -q -- "$o\b" || { echo "$c --help lacks $o"; return 1; }
		done
	done
}
ok "export and report --help name every filter of search" filters_as_search
done_testing
