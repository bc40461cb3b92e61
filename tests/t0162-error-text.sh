#!/bin/sh
# Error messages quote what the user gave (a file's line, an argument):
# the seeds file and line are named, a line with two URLs is refused, and
# no message carries a terminal control or a whole 120 KB argument.
. "$TOP_SRCDIR/tests/lib.sh"

printf '# sites\nhttp://a.test/\n\nhttp://b.test/ http://c.test/\n' >"$T_TMP/two.txt"
ok "a seeds line with two URLs exits 2" exits 2 "$CLINICDEX" crawl --seeds "$T_TMP/two.txt"
ok "... naming FILE:LINE" \
	sh -c "'$CLINICDEX' crawl --seeds '$T_TMP/two.txt' 2>&1 | grep -qF \"clinicdex: crawl: $T_TMP/two.txt:4: more than one URL on a line: 'http://b.test/ http://c.test/'\""
ok "... and nothing was crawled" test "$(stored)" -eq 0
printf 'http://a.test/\nftp://b.test/\n' >"$T_TMP/bad.txt"
ok "a seeds line that is not a site names FILE:LINE" \
	sh -c "'$CLINICDEX' crawl --seeds '$T_TMP/bad.txt' 2>&1 | grep -qF \"$T_TMP/bad.txt:2: 'ftp://b.test/' is not an http(s) site\""
ok "... from standard input too" \
	sh -c "printf 'x.test\n\n  ftp://y\n' | '$CLINICDEX' crawl --seeds - 2>&1 | grep -qF \"standard input:3: 'ftp://y'\""

esc=$(printf '\033')
no_controls() { ! LC_ALL=C grep -q '[[:cntrl:]]' "$1"; }
printf 'http://a.test/\nftp://\033[2J\033]0;pwned\007x/\n' >"$T_TMP/esc.txt"
"$CLINICDEX" crawl --seeds "$T_TMP/esc.txt" 2>"$T_TMP/esc.err"
ok "controls from a seeds file are not echoed" no_controls "$T_TMP/esc.err"
ok "... the rest of the line is" grep -qF "ftp://[2J]0;pwnedx/" "$T_TMP/esc.err"
"$CLINICDEX" search --near "${esc}[2J${esc}[31mred" 2>"$T_TMP/arg.err"
ok "controls from an argument are not echoed" no_controls "$T_TMP/arg.err"
ok "... in one line" test "$(wc -l <"$T_TMP/arg.err")" -eq 1
"$CLINICDEX" search --bogus"${esc}[2J" 2>"$T_TMP/opt.err"
ok "controls in an unknown option are not echoed" no_controls "$T_TMP/opt.err"

big=$(head -c 120000 /dev/zero | tr '\0' a)
"$CLINICDEX" search --service "$big" 2>"$T_TMP/big.err"
ok "a 120 KB argument is not echoed whole" test "$(wc -c <"$T_TMP/big.err")" -lt 1000
ok "... it is cut with an ellipsis" grep -q 'aaaa…' "$T_TMP/big.err"
ok "... and the hint at the end stays" grep -q "(see 'clinicdex taxonomy --kind service')\$" "$T_TMP/big.err"
"$CLINICDEX" crawl "ftp://$(head -c 2000 /dev/zero | tr '\0' a)/" 2>"$T_TMP/url.err"
ok "a 2 KB URL is cut inside its quote, which stays closed" \
	grep -q "^clinicdex: crawl: 'ftp://a*…' is not an http(s) site" "$T_TMP/url.err"
ok "... in a short line" test "$(wc -c <"$T_TMP/url.err")" -lt 300
done_testing
