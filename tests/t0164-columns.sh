#!/bin/sh
# Output a person reads fits 80 columns: the search table fits the
# terminal (or $COLUMNS), cutting cells with an ellipsis; CSV and JSON
# Lines are never cut; taxonomy labels wrap; the crawl summary is short
# lines with "1 site" and KiB.
. "$TOP_SRCDIR/tests/lib.sh"

# widest LINES: the most display columns (code points) of any line on stdin,
# which must be valid UTF-8
widest() {
	"$PYTHON3" -c 'import sys; print(max((len(l.rstrip("\n")) for l in sys.stdin.buffer.read().decode("utf-8").splitlines()), default=0))'
}

start_server
CRAWL="$CLINICDEX crawl --connect-to ::127.0.0.1:$PORT --allow-private --delay 0"
$CRAWL http://lumina-dermatology.test/ 2>"$T_TMP/one.err"
ok "the summary of one site says 1 site" grep -q '^crawled [0-9]* pages from 1 site in ' "$T_TMP/one.err"
ok "... never '1 sites'" sh -c "! grep -q '1 sites' '$T_TMP/one.err'"
ok "... its bytes scaled" grep -q ' [0-9.]* KiB received$' "$T_TMP/one.err"
ok "... in lines of at most 80 columns" test "$(widest <"$T_TMP/one.err")" -le 80
ok "... more than one" test "$(wc -l <"$T_TMP/one.err")" -gt 1
demo_seeds >"$T_TMP/seeds"
$CRAWL --seeds "$T_TMP/seeds" 2>"$T_TMP/all.err"
ok "the summary of many says sites" grep -q '^crawled [0-9]* pages from [0-9]* sites in ' "$T_TMP/all.err"
stop_server

unset COLUMNS
"$CLINICDEX" search >"$T_TMP/piped"
ok "piped, the table is full width" test "$(widest <"$T_TMP/piped")" -gt 80
COLUMNS=80 "$CLINICDEX" search >"$T_TMP/c80"
ok "with COLUMNS=80 every row fits 80 columns" test "$(widest <"$T_TMP/c80")" -le 80
ok "... long cells end in an ellipsis" grep -q '… ' "$T_TMP/c80"
ok "... with every clinic still there" test "$(wc -l <"$T_TMP/c80")" -eq "$(wc -l <"$T_TMP/piped")"
"$CLINICDEX" -q gazetteer import "$TOP_SRCDIR/tests/data/2023_Gaz_zcta_national_sample.txt"
COLUMNS=60 "$CLINICDEX" search --near 78701 --radius 500mi >"$T_TMP/c60"
ok "with COLUMNS=60 and a MILES column, rows fit 60" test "$(widest <"$T_TMP/c60")" -le 60
ok "... and there are rows" grep -q MILES "$T_TMP/c60"
# search on a terminal of 80 columns (a pty), COLUMNS unset
"$PYTHON3" - "$CLINICDEX" >"$T_TMP/tty" <<'PY'
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    os.environ.pop('COLUMNS', None)
    os.execv(sys.argv[1], [sys.argv[1], 'search'])
out = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out.replace(b'\r\n', b'\n'))
PY
ok "the table on an 80-column terminal fits it" test "$(widest <"$T_TMP/tty")" -le 80
ok "... with every clinic" test "$(wc -l <"$T_TMP/tty")" -eq "$(wc -l <"$T_TMP/piped")"
ok "CSV is never cut" sh -c "[ \"\$(COLUMNS=40 '$CLINICDEX' search --format csv)\" = \"\$('$CLINICDEX' search --format csv)\" ]"
ok "JSON Lines are never cut" sh -c "[ \"\$(COLUMNS=40 '$CLINICDEX' search --format jsonl)\" = \"\$('$CLINICDEX' search --format jsonl)\" ]"

"$CLINICDEX" taxonomy >"$T_TMP/tax"
ok "no taxonomy line passes 80 columns" test "$(widest <"$T_TMP/tax")" -le 80
labels_whole() {
	# each label, its wrapped lines joined, is the rules file's label
	"$PYTHON3" - "$T_TMP/tax" "$CLINICDEX_RULES" <<'PY'
import json, re, sys
rows, cur = [], None
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    if line.startswith(" "):
        cur[2] += " " + line.strip()
    else:
        kind, code, label = re.split(r" +", line, maxsplit=2)
        cur = [kind, code, label]
        rows.append(cur)
rules = json.load(open(sys.argv[2], encoding="utf-8"))
codes = rules["codes"] if isinstance(rules, dict) and "codes" in rules else rules
want = {(c["kind"], c["code"]): c["label"] for c in codes}
got = {(k, c): l for k, c, l in rows}
sys.exit(0 if got == want else 1)
PY
}
ok "... and every label is there whole" labels_whole
done_testing
