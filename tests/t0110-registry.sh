#!/bin/sh
# Registries: the NPPES file (in its real 330-column format, made by
# tests/registry/gen_nppes.py) and state licence lists are imported, and
# verify gives every credential claim of the sample web the status and
# reason the fixture records call for; malformed, truncated and foreign
# files, and a killed import, leave the loaded data as it was.
. "$TOP_SRCDIR/tests/lib.sh"

GEN="$PYTHON3 $TOP_SRCDIR/tests/registry/gen_nppes.py"
DATA="$TOP_SRCDIR/tests/data"
TXMAP="name=Licensee Name,license=License Number,type=License Type,status=License Status,expires=Expiration Date"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server

# status CODE PRACTITIONER: the status of that claim ("" the clinic's own)
claim() {
	"$CLINICDEX" export --what claims --format csv | "$PYTHON3" -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["code"] == sys.argv[1] and r["practitioner"] == sys.argv[2] and r["site"].endswith(sys.argv[3]):
        print(r["status"] + "|" + r["reason"])
        break' "$1" "$2" "$3"
}
is() { # is CODE PRACTITIONER SITE STATUS [WORDS]: status, and the reason holds WORDS
	got=$(claim "$1" "$2" "$3")
	case "$got" in
	"$4|"*"$5"*) return 0 ;;
	*) echo "got: $got" >&2; return 1 ;;
	esac
}

ok "before any registry, verify leaves claims unchecked and says why" \
	sh -c "'$CLINICDEX' verify 2>&1 | grep -q 'unchecked' &&
	       '$CLINICDEX' export --what claims | grep -q 'no NPPES snapshot loaded'"

$GEN --spec "$DATA/nppes-demo.json" --rows 3000 -o "$T_TMP/npi.csv"
ok "an NPPES file in the real format imports" \
	sh -c "'$CLINICDEX' registry import nppes '$T_TMP/npi.csv' 2>'$T_TMP/imp.err'"
ok "... with a summary of rows read and kept" grep -q "rows read.*kept" "$T_TMP/imp.err"
ok "only the taxonomies that matter are kept" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM npi_providers')" -lt 3013
ok "registry status shows the snapshot" \
	sh -c "'$CLINICDEX' registry status | grep -q '^nppes .*providers kept of 3013 rows'"
ok "a licence list imports by header names" \
	"$CLINICDEX" -q registry import licenses "$DATA/tx-estheticians.csv" --state TX --map "$TXMAP"
ok "... and one by first/last columns and a column number" \
	"$CLINICDEX" -q registry import licenses "$DATA/or-estheticians.csv" --state or \
	--map first=first_name,last=last_name,license=3,type=credential,status=status,expires=expires
ok "verify prints the count of each status" \
	sh -c "'$CLINICDEX' verify 2>&1 | grep -q 'consistent [1-9][0-9]*, conflict [1-9]'"

# consistent: the record agrees, and the reason names it
ok "md consistent with a physician taxonomy, naming the NPI" \
	is md "Maria Lopez" lumina-dermatology.test consistent "NPI 1234567893"
ok "board-dermatology consistent with 207N, saying NPPES records no boards" \
	is board-dermatology "Maria Lopez" lumina-dermatology.test consistent "does not record board"
ok "np consistent with 363L" is np "Kim Tran" lumina-dermatology.test consistent 363LF0000X
ok "an accented name matches the registry's spelling" \
	is md "Carlos Ibáñez" biscayne-dermatology.test consistent "IBAÑEZ"
ok "do, board-plastic-surgery and facs of a 2086S0122X surgeon" \
	sh -c "'$CLINICDEX' export --what claims | grep 'Samuel Reyes' | grep -c consistent | grep -qx 3"
ok "the clinic's own claim, borne out by one of its practitioners" \
	is board-plastic-surgery "" riverwalk-plastic-surgery.test consistent "said of the clinic"
ok "an active esthetician licence" is esthetician "Lena Park" lumina-dermatology.test consistent E100234
ok "a master esthetician licence" \
	is master-esthetician "Willa Brandt" cascade-skin-studio.test consistent ME-2231
# conflict
ok "md conflicts with a nurse practitioner's record" \
	is md "Alan Mercer" bluebonnet-medspa.test conflict "363L00000X"
ok "a deactivated NPI is a conflict" is pa "Megan Ortiz" riverwalk-plastic-surgery.test conflict \
	"deactivated on 2023-05-01"
ok "a board outside ABMS and AOA, named" \
	is board-nonabms "Nina Castillo" riverwalk-plastic-surgery.test conflict \
	"American Board of Cosmetic Surgery is outside"
ok "\"FDA-approved\" microneedling" is fda-cleared-device "" bluebonnet-medspa.test conflict \
	"not approved"
ok "an expired licence" is esthetician "Priya Shah" bluebonnet-medspa.test conflict expired
# unmatched, ambiguous, unchecked
ok "no record in the clinic's state: unmatched" \
	is md "Daniel Whitfield" lumina-dermatology.test unmatched "in TX"
ok "a record only elsewhere is not taken" \
	is md "Evan Hollis" hudson-skin-laser.test unmatched "1 in other states"
ok "two equal records: ambiguous, both NPIs named, none guessed" \
	sh -c "'$CLINICDEX' export --what claims | grep 'Jessica Hale' | grep -q 'ambiguous,.2 NPPES records'"
ok "... and the practitioner has no NPI" \
	sh -c "'$CLINICDEX' export --what practitioners | grep 'Jessica Hale' | grep -q ',,ambiguous'"
ok "not in the licence list of its state" \
	is esthetician "Jonah Reed" cascade-skin-studio.test unmatched "OR lists"
ok "no licence list for the state: unchecked" \
	is esthetician "Hannah Lee" peachtree-facial-plastics.test unchecked "no esthetician licence list loaded for GA"
ok "a matched practitioner carries its NPI" \
	sh -c "'$CLINICDEX' export --what practitioners | grep -q 'Maria Lopez,.*,1234567893,consistent'"
ok "search --status conflict finds the clinics with conflicts" \
	sh -c "'$CLINICDEX' search --status conflict --format csv | cut -d, -f3 | sort | tr '\n' ' ' |
	       grep -qx 'http://bluebonnet-medspa.test http://riverwalk-plastic-surgery.test site '"
ok "search --status ambiguous is accepted" "$CLINICDEX" search --status ambiguous --format csv
ok "show lists status and reason under each claim" \
	sh -c "'$CLINICDEX' show riverwalk-plastic-surgery.test | grep -q 'conflict.*'"
ok "verify --site checks one site" \
	sh -c "'$CLINICDEX' verify --site lumina-dermatology.test 2>&1 | grep -q 'in 1 clinics'"

# bad input loses nothing
before=$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM npi_providers')
printf '"name","address"\r\n"x","y"\r\n' >"$T_TMP/foreign.csv"
ok "a file that is not NPPES exits 1" exits 1 "$CLINICDEX" -q registry import nppes "$T_TMP/foreign.csv"
ok "... naming the missing column" \
	sh -c "'$CLINICDEX' registry import nppes '$T_TMP/foreign.csv' 2>&1 | grep -q 'not an NPPES NPI file: no column \"NPI\"'"
ok "... and the snapshot is as it was" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM npi_providers')" -eq "$before"
cat >"$T_TMP/bad.json" <<'EOF'
[{"last": "GOOD", "first": "ONE", "state": "TX", "taxonomies": [{"code": "207N00000X"}]},
 {"raw_line": "\"1234\",\"1\",\"SHORT\""},
 {"npi": "12AB567890", "last": "BADNPI", "first": "X", "taxonomies": [{"code": "207N00000X"}]},
 {"last": "BADDATE", "first": "Y", "deactivated": "2020-01-01", "taxonomies": [{"code": "207N00000X"}],
  "columns": {"NPI Deactivation Date": "2020-13-45"}},
 {"last": "GOOD", "first": "TWO", "state": "TX", "taxonomies": [{"code": "363L00000X"}]}]
EOF
$GEN --spec "$T_TMP/bad.json" -o "$T_TMP/bad.csv"
ok "malformed rows do not stop an import" \
	sh -c "'$CLINICDEX' registry import nppes '$T_TMP/bad.csv' 2>'$T_TMP/bad.err'"
ok "... each is reported with its line number and why" \
	sh -c "grep -q 'line 3: 3 fields, the header has 330' '$T_TMP/bad.err' &&
	       grep -q 'line 4: NPI \"12AB567890\" is not ten digits' '$T_TMP/bad.err' &&
	       grep -q 'line 5: a date is not MM/DD/YYYY' '$T_TMP/bad.err'"
ok "... counted, and the good rows kept" \
	sh -c "'$CLINICDEX' registry status | grep -q '2 providers kept of 5 rows (3 malformed)'"
$GEN --spec "$DATA/nppes-demo.json" -o "$T_TMP/full.csv"
"$CLINICDEX" -q registry import nppes "$T_TMP/full.csv"
size=$(wc -c <"$T_TMP/full.csv")
head -c $((size - 700)) "$T_TMP/full.csv" >"$T_TMP/cut.csv"
ok "a truncated file is refused (exit 1)" \
	sh -c "'$CLINICDEX' registry import nppes '$T_TMP/cut.csv' 2>'$T_TMP/cut.err'; [ \$? -eq 1 ]"
ok "... saying on which line it was cut" grep -q 'line [0-9]*: the file ends .*cut short' "$T_TMP/cut.err"
ok "quoting edge cases (doubled quotes, commas, line breaks in fields, UTF-8) import cleanly" \
	sh -c "$GEN --edge-cases -o '$T_TMP/edge.csv' &&
	       '$CLINICDEX' registry import nppes '$T_TMP/edge.csv' 2>&1 | grep -q ', 0 malformed'"
ok "an old-release file (329 columns, Provider Gender Code) imports by header names" \
	sh -c "$GEN --spec '$DATA/nppes-demo.json' --old-header -o '$T_TMP/old.csv' &&
	       '$CLINICDEX' -q registry import nppes '$T_TMP/old.csv' &&
	       '$CLINICDEX' registry status | grep -q 'kept of 13 rows'"
ok "--taxonomy narrows what is kept" \
	sh -c "'$CLINICDEX' -q registry import nppes '$T_TMP/full.csv' --taxonomy 207N &&
	       test \$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM npi_providers') -eq 4"
ok "a bad --taxonomy is a usage error" exits 2 "$CLINICDEX" -q registry import nppes "$T_TMP/full.csv" --taxonomy "2O7N;"
ok "a licence map without a licence column is a usage error" \
	exits 2 "$CLINICDEX" -q registry import licenses "$DATA/tx-estheticians.csv" --state TX --map "name=Licensee Name"
ok "a licence map naming a missing column exits 1, saying which" \
	sh -c "'$CLINICDEX' registry import licenses '$DATA/tx-estheticians.csv' --state TX --map 'name=Full Name,license=License Number' 2>&1 | grep -q 'name=Full Name: no such column'"
ok "licences need --state" exits 2 "$CLINICDEX" -q registry import licenses "$DATA/tx-estheticians.csv" --map "$TXMAP"

# a killed import leaves the previous snapshot whole
"$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv"
before=$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM npi_providers')
$GEN --rows 150000 --seed 7 -o "$T_TMP/big.csv"
("$CLINICDEX" -q registry import nppes "$T_TMP/big.csv") &
pid=$!
i=0
while [ "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM npi_providers_new' 2>/dev/null || echo 0)" -lt 1 ] &&
      kill -0 $pid 2>/dev/null && [ $i -lt 3000 ]; do
	sleep 0.01
	i=$((i + 1))
done
ok "the big import was under way when killed" kill -0 $pid
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
ok "after the kill the old snapshot is all there" \
	test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM npi_providers')" -eq "$before"
ok "... registry status still names it" \
	sh -c "'$CLINICDEX' registry status | grep -q 'of 3013 rows'"
ok "... the database passes integrity_check" \
	sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'PRAGMA integrity_check')\" = ok ]"
ok "... and verify still works" "$CLINICDEX" -q verify
ok "the next import clears what the killed one left" \
	sh -c "'$CLINICDEX' -q registry import nppes '$T_TMP/npi.csv' &&
	       ! sqlite3 '$CLINICDEX_DB' 'SELECT 1 FROM npi_providers_new' 2>/dev/null"
ok "standard input imports too" \
	sh -c "'$CLINICDEX' -q registry import nppes - <'$T_TMP/full.csv' &&
	       '$CLINICDEX' registry status | grep -q 'from standard input'"
done_testing
