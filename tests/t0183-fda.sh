#!/bin/sh
# Device clearances: FDA's 510(k) and De Novo files (pipe-delimited,
# latin-1, CRLF; tests/data/fda-*-demo.txt) import, and verify checks the
# sample web's "FDA-cleared/approved SkinPen" claims against them: the
# clearance named in the reason, "approved" a conflict naming the record.
. "$TOP_SRCDIR/tests/lib.sh"

DATA="$TOP_SRCDIR/tests/data"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server

claim() { # claim SITE: status|reason of the site's fda-cleared-device claim
	"$CLINICDEX" export --what claims --format csv | "$PYTHON3" -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["code"] == "fda-cleared-device" and r["site"].endswith(sys.argv[1]):
        print(r["status"] + "|" + r["reason"]); break' "$1"
}
is() { # is SITE STATUS WORDS
	got=$(claim "$1")
	case "$got" in
	"$2|"*"$3"*) return 0 ;;
	*) echo "got: $got" >&2; return 1 ;;
	esac
}

"$CLINICDEX" -q verify
ok "without FDA data a device claim is unchecked" \
	is lumina-dermatology.test unchecked "no FDA device registry loaded"

ok "the 510(k) file imports, malformed rows reported by line" \
	sh -c "'$CLINICDEX' registry import fda '$DATA/fda-pmn-demo.txt' 2>'$T_TMP/imp.err' &&
	       grep -q 'line 5: DECISIONDATE \"13/45/2020\" is not MM/DD/YYYY' '$T_TMP/imp.err' &&
	       grep -q 'line 6: 3 fields, the header has 22' '$T_TMP/imp.err'"
ok "the De Novo file imports from standard input" \
	sh -c "'$CLINICDEX' -q registry import fda - <'$DATA/fda-denovo-demo.txt'"
ok "registry status shows both" \
	sh -c "'$CLINICDEX' registry status >'$T_TMP/st' && grep -q '^fda .*510k: 4 decisions of 6 rows' '$T_TMP/st' &&
	       grep -q '^fda .*denovo: 2 decisions' '$T_TMP/st'"
ok "latin-1 names are stored as UTF-8" \
	test "$(sqlite3 "$CLINICDEX_DB" "SELECT applicant FROM fda_decisions WHERE number = 'K203050'")" = "SOLTA MÉDICAL, INC."

"$CLINICDEX" -q verify
ok "\"FDA-cleared SkinPen\": consistent, naming the latest clearance" \
	is lumina-dermatology.test consistent 'device SkinPen: FDA clearance 510(k) K190541, decided 2019-08-09 (SESE), product code QAI, BELLUS MEDICAL, LLC'
ok "\"FDA-approved SkinPen\": a conflict naming the record" \
	is bluebonnet-medspa.test conflict 'device SkinPen: FDA cleared it, not approved: 510(k) K190541'

printf 'KNUMBER|APPLICANT\r\nK123456|X\r\n' >"$T_TMP/foreign.txt"
ok "a file that is not FDA's exits 1 naming the missing column" \
	sh -c "'$CLINICDEX' registry import fda '$T_TMP/foreign.txt' 2>'$T_TMP/f.err'; test \$? -eq 1 &&
	       grep -q 'no column \"DECISIONDATE\"' '$T_TMP/f.err'"
head -c 400 "$DATA/fda-pmn-demo.txt" >"$T_TMP/cut.txt"
ok "a cut-short file exits 1 naming the line" \
	sh -c "'$CLINICDEX' registry import fda '$T_TMP/cut.txt' 2>'$T_TMP/c.err'; test \$? -eq 1 &&
	       grep -q 'line 3: the file ends in the middle of a row' '$T_TMP/c.err'"
ok "... and the decisions are as they were" \
	test "$(sqlite3 "$CLINICDEX_DB" "SELECT count(*) FROM fda_decisions WHERE kind = '510k'")" = 4

done_testing
