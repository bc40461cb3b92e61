#!/bin/sh
# Exclusions: the HHS-OIG LEIE file (in its real format, made by
# tests/registry/gen_leie.py) imports, and the practitioners of the sample
# web are matched against it: by NPI once NPPES gave them one, else by
# name in the clinic's state; reinstated records do not count and two
# records for one name decide nothing. show, export and search --excluded
# say so; malformed rows are reported by line, and a cut-short or foreign
# file exits 1 leaving the loaded list as it was.
. "$TOP_SRCDIR/tests/lib.sh"

GEN="$PYTHON3 $TOP_SRCDIR/tests/registry/gen_leie.py"
DATA="$TOP_SRCDIR/tests/data"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server

# excl NAME: the practitioner's exclusion column in the practitioners export
excl() {
	"$CLINICDEX" export --what practitioners --format csv | "$PYTHON3" -c '
import csv, sys
rows = [r for r in csv.DictReader(sys.stdin) if r["name"] == sys.argv[1]]
if not rows: sys.exit("no practitioner " + sys.argv[1])
print(rows[0]["exclusion"])' "$1"
}
# site_of NAME: the site of the practitioner
site_of() {
	"$CLINICDEX" export --what practitioners --format csv | "$PYTHON3" -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["name"] == sys.argv[1]: print(r["site"]); break' "$1"
}

ok "the practitioners export ends with role and exclusion" \
	sh -c "'$CLINICDEX' export --what practitioners --format csv | head -n 1 | tr -d '\\r' |
	       grep -qx 'practitioner_id,clinic_id,site,name,credentials,npi,status,role,exclusion'"

$GEN --spec "$DATA/leie-demo.json" --rows 2000 -o "$T_TMP/leie.csv"
ok "the generated file is the real format: quoted fields, CRLF, YYYYMMDD dates" \
	sh -c "head -n 2 '$T_TMP/leie.csv' | grep -q '^\"LOPEZ\",\"MARIA\",.*\"20200319\",\"00000000\"' &&
	       head -n 1 '$T_TMP/leie.csv' | od -c | grep -q '\\\\r  \\\\n'"
ok "an LEIE file imports" \
	sh -c "'$CLINICDEX' registry import leie '$T_TMP/leie.csv' 2>'$T_TMP/imp.err'"
ok "... with a summary of records and practitioners excluded" \
	grep -q "imported 2007 LEIE records.*practitioners excluded" "$T_TMP/imp.err"
ok "registry status shows the list" \
	sh -c "'$CLINICDEX' registry status | grep -q '^leie .*2007 exclusion records of 2007 rows'"

ok "by name in the clinic's state" test "$(excl 'Kim Tran')" = "1128b4 2019-01-07"
ok "a reinstated record does not count" test "$(excl 'Samuel Reyes')" = ""
ok "a reinstatement still to come does not lift the exclusion" \
	test "$(excl 'Lena Park')" = "1128b5 2023-06-01"
ok "two records for one name: ambiguous, none taken" test "$(excl 'Jessica Hale')" = ""
ok "a record in another state is someone else" test "$(excl 'Priya Shah')" = ""
ok "a record elsewhere without the practitioner's NPI is not theirs (yet)" \
	test "$(excl 'Maria Lopez')" = ""

"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$DATA/nppes-demo.json" --rows 100 \
	-o "$T_TMP/npi.csv"
"$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv"
ok "verify matches anew: by NPI, though the LEIE record is in another state" \
	sh -c "'$CLINICDEX' -q verify && test \"\$('$CLINICDEX' export --what practitioners --format csv |
	       grep 'Maria Lopez' | cut -d, -f6)\" = 1234567893"
ok "... so the NPI's exclusion is hers" test "$(excl 'Maria Lopez')" = "1128a1 2020-03-19"

ok "show has a line under the person, the type in words" \
	sh -c "'$CLINICDEX' show '$(site_of 'Maria Lopez')' | grep -A1 'Maria Lopez' |
	       grep -q 'EXCLUDED: .*since 2020-03-19: 1128a1: conviction of program-related crimes.*by NPI 1234567893'"
ok "show says why an ambiguous name decided nothing" \
	sh -c "'$CLINICDEX' show '$(site_of 'Jessica Hale')' |
	       grep -q 'LEIE: 2 LEIE records fit the name Jessica Hale.*not decided'"
ok "search --excluded lists the clinics with an excluded practitioner" \
	sh -c "'$CLINICDEX' search --excluded --format csv >'$T_TMP/s.csv' &&
	       grep -q '$(site_of 'Kim Tran')' '$T_TMP/s.csv' &&
	       ! grep -q '$(site_of 'Samuel Reyes')' '$T_TMP/s.csv'"
ok "export --excluded keeps only those clinics' practitioners" \
	sh -c "'$CLINICDEX' export --what practitioners --excluded --format csv >'$T_TMP/p.csv' &&
	       grep -q 'Kim Tran' '$T_TMP/p.csv' && ! grep -q '$(site_of 'Samuel Reyes')' '$T_TMP/p.csv'"

# bad files leave the loaded list as it was
before=$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM leie')
head -c 3000 "$T_TMP/leie.csv" >"$T_TMP/cut.csv"
ok "a cut-short file exits 1" \
	sh -c "'$CLINICDEX' registry import leie '$T_TMP/cut.csv' 2>'$T_TMP/cut.err'; test \$? -eq 1"
ok "... naming the line where it was cut" grep -q "line [0-9]*: the file ends .*cut short" "$T_TMP/cut.err"
ok "... and the list and matches are as they were" \
	sh -c "test \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM leie')\" = $before &&
	       test \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM practitioners WHERE exclusion IS NOT NULL')\" -gt 0"

printf '"LASTNAME","FIRSTNAME","NPI"\r\n"A","B","0000000000"\r\n' >"$T_TMP/foreign.csv"
ok "a file that is not the LEIE exits 1" \
	exits 1 "$CLINICDEX" -q registry import leie "$T_TMP/foreign.csv"
ok "... naming the missing column" \
	sh -c "'$CLINICDEX' registry import leie '$T_TMP/foreign.csv' 2>&1 | grep -q 'no column \"MIDNAME\"'"

cat >"$T_TMP/bad.json" <<'JSON'
[{"lastname": "GOOD", "firstname": "ONE", "state": "TX", "excltype": "1128a1", "excldate": "20200101"},
 {"lastname": "BADDATE", "firstname": "X", "state": "TX", "excltype": "1128a1", "excldate": "2020-01-01"},
 {"raw_line": "\"SHORT\",\"ROW\""},
 {"lastname": "BADNPI", "firstname": "Y", "npi": "12345", "excltype": "1128a1", "excldate": "20200101"},
 {"lastname": "TRAN", "firstname": "KIM", "state": "TX", "excltype": "1128b4", "excldate": "20190107"}]
JSON
$GEN --spec "$T_TMP/bad.json" -o "$T_TMP/bad.csv"
ok "malformed rows do not stop an import (from standard input)" \
	sh -c "'$CLINICDEX' registry import leie - <'$T_TMP/bad.csv' 2>'$T_TMP/bad.err'"
ok "... each reported with its line number and why" \
	sh -c "grep -q 'line 3: EXCLDATE \"2020-01-01\" is not a date YYYYMMDD' '$T_TMP/bad.err' &&
	       grep -q 'line 4: 2 fields, the header has 18' '$T_TMP/bad.err' &&
	       grep -q 'line 5: NPI \"12345\" is not ten digits' '$T_TMP/bad.err'"
ok "... and the new list replaced the old one whole" \
	sh -c "test \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM leie')\" = 2 &&
	       test \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM practitioners WHERE exclusion IS NOT NULL')\" = 1"

done_testing
