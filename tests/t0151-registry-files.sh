#!/bin/sh
# Registry and gazetteer files as users have them: a state or territory
# search knows is known to the licence import too; a cut-short NPPES or
# licence file leaves the loaded data as it was and names the line; a
# compressed file says how to decompress it; errors name the file.
. "$TOP_SRCDIR/tests/lib.sh"

DATA="$TOP_SRCDIR/tests/data"
TXMAP="name=Licensee Name,license=License Number,type=License Type,status=License Status,expires=Expiration Date"

# ---- one list of states and territories ----
ok "search --state GU is accepted" "$CLINICDEX" -q search --state GU
ok "registry import licenses --state GU is accepted too" \
	"$CLINICDEX" -q registry import licenses "$DATA/tx-estheticians.csv" --state gu --map "$TXMAP"
ok "... and stored under GU" sh -c "'$CLINICDEX' registry status | grep -q ' GU \"tx-estheticians\"'"
ok "a code that is no state is a usage error for both (exit 2)" \
	sh -c "'$CLINICDEX' search --state ZZ 2>/dev/null; [ \$? -eq 2 ] &&
	       '$CLINICDEX' registry import licenses '$DATA/tx-estheticians.csv' --state ZZ \
	           --map '$TXMAP' 2>/dev/null; [ \$? -eq 2 ]"

# ---- files cut short ----
GEN="$PYTHON3 $TOP_SRCDIR/tests/registry/gen_nppes.py"
$GEN --spec "$DATA/nppes-demo.json" -o "$T_TMP/full.csv"
"$CLINICDEX" -q registry import nppes "$T_TMP/full.csv" || echo "Bail out! the NPPES sample did not import"
snapshot() { sqlite3 "$CLINICDEX_DB" 'SELECT npi, last_name FROM npi_providers ORDER BY npi'; }
snapshot >"$T_TMP/snap.before"
size=$(wc -c <"$T_TMP/full.csv")
# NPPES quotes every field: a cut 40 bytes before the end falls inside one
head -c $((size - 40)) "$T_TMP/full.csv" >"$T_TMP/inquote.csv"
# and a cut just after a closing quote, between fields of the last row
"$PYTHON3" - "$T_TMP/full.csv" "$T_TMP/midrow.csv" <<'PYEOF'
import sys
data = open(sys.argv[1], "rb").read().rstrip(b"\r\n")
cut = data.rfind(b'","', 0, len(data) - 100) + 1
open(sys.argv[2], "wb").write(data[:cut])
PYEOF
for f in inquote midrow; do
	ok "an NPPES file cut short ($f) is refused (exit 1)" \
		exits 1 "$CLINICDEX" -q registry import nppes "$T_TMP/$f.csv"
	ok "... naming the line where it ends" \
		sh -c "'$CLINICDEX' -q registry import nppes '$T_TMP/$f.csv' 2>&1 |
		       grep -q '$f.csv: line 1[0-9]: the file ends .*cut short.*nothing was replaced'"
	ok "... and the loaded snapshot is the one before" \
		sh -c "sqlite3 '$CLINICDEX_DB' 'SELECT npi, last_name FROM npi_providers ORDER BY npi' |
		       cmp -s - '$T_TMP/snap.before'"
done
ok "registry status still shows the whole file" \
	sh -c "'$CLINICDEX' registry status | grep -q 'full.csv'"
"$CLINICDEX" -q registry import licenses "$DATA/tx-estheticians.csv" --state TX --map "$TXMAP"
head -c 150 "$DATA/tx-estheticians.csv" >"$T_TMP/tx-cut.csv"
ok "a licence list cut short is refused too (exit 1)" \
	exits 1 "$CLINICDEX" -q registry import licenses "$T_TMP/tx-cut.csv" --state TX --map "$TXMAP" \
	--name tx-estheticians
ok "... and the list loaded before is kept whole" \
	sh -c "'$CLINICDEX' registry status | grep -q 'TX \"tx-estheticians\": 4 licences'"

# ---- compressed files ----
gzip -c "$T_TMP/full.csv" >"$T_TMP/npi.csv.gz"
"$PYTHON3" -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], "npidata_pfile_20050523-20261108.csv")' "$T_TMP/npi.zip" "$T_TMP/full.csv"
ok "a gzipped NPPES file is refused (exit 1)" \
	exits 1 "$CLINICDEX" registry import nppes "$T_TMP/npi.csv.gz"
ok "... saying how to decompress it into the import" \
	sh -c "'$CLINICDEX' registry import nppes '$T_TMP/npi.csv.gz' 2>&1 |
	       grep -qF 'npi.csv.gz is compressed (gzip): gzip -dc $T_TMP/npi.csv.gz | clinicdex registry import nppes -'"
ok "a zipped one (as CMS ships it) too, naming unzip -p" \
	sh -c "'$CLINICDEX' registry import nppes '$T_TMP/npi.zip' 2>&1 |
	       grep -qF 'npi.zip is compressed (zip): unzip -p $T_TMP/npi.zip'"
ok "... and the command it gives works" \
	sh -c "unzip -p '$T_TMP/npi.zip' 'npidata_pfile_*[0-9].csv' 2>/dev/null | '$CLINICDEX' -q registry import nppes - ||
	       ! command -v unzip >/dev/null"
ok "a gzipped licence list says so too" \
	sh -c "gzip -c '$DATA/tx-estheticians.csv' >'$T_TMP/tx.csv.gz';
	       '$CLINICDEX' registry import licenses '$T_TMP/tx.csv.gz' --state TX --map '$TXMAP' 2>&1 |
	       grep -q 'tx.csv.gz is compressed (gzip)'"

# ---- progress on a terminal: bytes of the file's size, share, time left ----
"$PYTHON3" - "$T_TMP/big.csv" <<'PYEOF'
import sys
cols = ["NPI", "Entity Type Code", "Provider Last Name (Legal Name)", "Provider First Name",
        "Provider Middle Name", "Provider Credential Text",
        "Provider Organization Name (Legal Business Name)",
        "Provider First Line Business Practice Location Address",
        "Provider Business Practice Location Address City Name",
        "Provider Business Practice Location Address State Name",
        "Provider Business Practice Location Address Postal Code",
        "NPI Deactivation Date", "NPI Reactivation Date", "Healthcare Provider Taxonomy Code_1"]
with open(sys.argv[1], "w") as f:
    f.write(",".join('"%s"' % c for c in cols) + "\r\n")
    for i in range(140000):   # two progress reports: at 65,536 and 131,072 rows
        f.write('"%010d","1","LEE","ANN","","","","1 MAIN ST","AUSTIN","TX","78701","","",'
                '"207N00000X"\r\n' % (1000000000 + i))
PYEOF
if command -v script >/dev/null 2>&1; then
	script -qec "'$CLINICDEX' registry import nppes '$T_TMP/big.csv'" /dev/null >"$T_TMP/tty.out" 2>&1
	ok "on a terminal the import shows megabytes read of the file's size" \
		grep -q '[0-9]* of [0-9]* MB ([0-9]*%), [0-9]*:[0-9][0-9] left' "$T_TMP/tty.out"
	ok "... not 0 MB until the end" \
		sh -c "! grep -q ' 0 MB' '$T_TMP/tty.out'"
else
	echo "ok $((t_count + 1)) - progress on a terminal # SKIP script(1) not installed"
	t_count=$((t_count + 1))
fi
ok "... and nothing of it when stderr is not a terminal" \
	sh -c "! '$CLINICDEX' registry import nppes '$T_TMP/big.csv' 2>&1 | grep -q ' MB'"

# ---- gazetteer errors name the file ----
printf 'NAME\tVALUE\nx\t1\n' >"$T_TMP/notgaz.txt"
ok "a file that is not a gazetteer: the error names it" \
	sh -c "'$CLINICDEX' gazetteer import '$T_TMP/notgaz.txt' 2>&1 |
	       grep -q '^clinicdex: gazetteer: $T_TMP/notgaz.txt: not a Census gazetteer file'"
printf 'GEOID\tINTPTLAT\tINTPTLONG\nnot\ta\tzip\n' >"$T_TMP/badgaz.txt"
ok "... and so does one without a usable line" \
	sh -c "'$CLINICDEX' gazetteer import '$T_TMP/badgaz.txt' 2>&1 |
	       grep -q '^clinicdex: gazetteer: $T_TMP/badgaz.txt: no usable ZCTA record'"

done_testing
