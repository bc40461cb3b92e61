#!/bin/sh
# Licence standing: a board's licence list (quoted CSV with a status, the
# date the status took effect and an expiry date, as in
# tests/data/ca-cosmetology-licensees.csv) imports, and verify judges the
# sample web's esthetician claims by it: a licence in good standing is
# consistent; expired, revoked, suspended, surrendered, on probation or
# delinquent is a conflict with the status and its date in the reason and
# a LICENCE line under the person in show; a status rules.json does not
# know decides nothing. The words live in rules.json, per board.
. "$TOP_SRCDIR/tests/lib.sh"

DATA="$TOP_SRCDIR/tests/data"
CAMAP="last=Last Name,first=First Name,license=License Number,type=License Type,status=License Status,status_date=Status Date,expires=Expiration Date"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server

# with STATUS DATE EXPIRES: the CA list with Sofia Marín's row so, imported
# and verified
with() {
	_st=$(printf '%s' "$1" | sed 's/[&|\\]/\\&/g')   # sed's own characters, as text
	sed "s|^\"Esthetician\",\"ES 311204\",\(.*\),\"Renewed & Current\",\"06/30/2024\",\"06/30/2030\"|\"Esthetician\",\"ES 311204\",\1,\"$_st\",\"$2\",\"$3\"|" \
		"$DATA/ca-cosmetology-licensees.csv" >"$T_TMP/ca.csv"
	grep -q "\"$1\",\"$2\",\"$3\"" "$T_TMP/ca.csv" || { echo "the fixture did not change" >&2; return 1; }
	"$CLINICDEX" -q registry import licenses "$T_TMP/ca.csv" --state CA --map "$CAMAP" \
		--name ca-cosmetology && "$CLINICDEX" -q verify
}
claim() { # the esthetician claim of Sofia Marín: status|reason
	"$CLINICDEX" export --what claims --format csv | "$PYTHON3" -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["code"] == "esthetician" and r["practitioner"] == "Sofia Marín":
        print(r["status"] + "|" + r["reason"]); break'
}
is() { # is STATUS WORDS
	got=$(claim)
	case "$got" in
	"$1|"*"$2"*) return 0 ;;
	*) echo "got: $got" >&2; return 1 ;;
	esac
}
licence_line() { # the LICENCE line under Sofia Marín in show
	"$CLINICDEX" show pacific-glow-aesthetics.test | grep -A2 '^  Sofia Marín' | grep '^    LICENCE: '
}
no_licence_line() { ! licence_line; }
verified_with() { # verified_with RULES STATUS WORDS: verify by another rules file, then is
	CLINICDEX_RULES=$1 "$CLINICDEX" -q verify && is "$2" "$3"
}

ok "the board's list imports, status date and all" \
	"$CLINICDEX" -q registry import licenses "$DATA/ca-cosmetology-licensees.csv" --state CA \
	--map "$CAMAP" --name ca-cosmetology
"$CLINICDEX" -q verify
ok "a licence in good standing (\"Renewed & Current\", CA's words) is consistent" \
	is consistent 'CA licence ES 311204 (Esthetician list "ca-cosmetology"), status Renewed & Current since 2024-06-30, expires 2030-06-30'
ok "... and show has no LICENCE line" no_licence_line

for st in Revoked Suspended Surrendered Probation "Active - Probation" Delinquent "Null and Void"; do
	ok "the list says \"$st\"" with "$st" 03/15/2025 06/30/2030
	ok "\"$st\" is a conflict naming the status and its date" \
		is conflict "status $st since 2025-03-15, expires 2030-06-30: not in good standing"
done
licence_line >"$T_TMP/line"
ok "show says it in words under the person" \
	grep -q 'LICENCE: licence not in good standing: CA licence ES 311204 .*status Null and Void since 2025-03-15' "$T_TMP/line"
ok "show --format json carries it as license_note" \
	sh -c "'$CLINICDEX' show pacific-glow-aesthetics.test --format json | '$PYTHON3' -c '
import json, sys
c = json.load(sys.stdin)
p = [p for p in c[\"practitioners\"] if p[\"name\"] == \"Sofia Marín\"][0]
sys.exit(not p[\"license_note\"].startswith(\"licence not in good standing: CA licence ES 311204\"))'"
ok "the practitioner's status in the export is conflict" \
	sh -c "'$CLINICDEX' export --what practitioners --format csv | grep 'Sofia Marín' | grep -q ',conflict,'"

ok "the list has an expiry date gone by" with "Renewed & Current" 06/30/2024 01/31/2021
ok "a licence past its expiry date is a conflict, whatever its status says" \
	is conflict "status Renewed & Current since 2024-06-30, expired 2021-01-31: not in good standing"

ok "the list says \"Pending Board Review\"" with "Pending Board Review" 10/01/2026 06/30/2030
ok "a status the rules do not know decides nothing: unchecked, saying so" \
	is unchecked "status Pending Board Review since 2026-10-01, expires 2030-06-30: a status rules.json's license_standing does not know"
ok "... and no LICENCE line" no_licence_line

"$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
r["verify"]["license_standing"]["states"]["CA"]["not"].append("pending board review")
json.dump(r, open(sys.argv[2], "w"))' "$TOP_SRCDIR/data/rules.json" "$T_TMP/rules.json"
ok "a board's word added to rules.json is judged without recompiling" \
	verified_with "$T_TMP/rules.json" conflict 'status Pending Board Review'
"$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
r["verify"]["license_standing"]["states"] = {"TX": {"not": ["pending board review"]}}
json.dump(r, open(sys.argv[2], "w"))' "$TOP_SRCDIR/data/rules.json" "$T_TMP/rules-tx.json"
ok "... for that board's state only" \
	verified_with "$T_TMP/rules-tx.json" unchecked 'Pending Board Review'
"$CLINICDEX" -q verify
printf '{"verify": {"license_standing": {"not": "revoked"}}}' >"$T_TMP/bad-rules.json"
ok "a malformed standing list exits 1 naming it" \
	sh -c "CLINICDEX_RULES='$T_TMP/bad-rules.json' '$CLINICDEX' verify 2>'$T_TMP/r.err'; test \$? -eq 1 &&
	       grep -q 'verify.license_standing.*\"not\" is not a list' '$T_TMP/r.err'"

ok "the list says \"Renewed & Current\" again" with "Renewed & Current" 06/30/2024 06/30/2030
ok "renewed again: consistent" is consistent 'Renewed & Current'
ok "... and the LICENCE line is gone" no_licence_line

# when the list was published, and how old it is
ok "--published records the board's date" \
	"$CLINICDEX" -q registry import licenses "$DATA/ca-cosmetology-licensees.csv" --state CA \
	--map "$CAMAP" --name ca-cosmetology --published 2026-11-30
ok "registry status shows it and how old the list is" \
	sh -c "'$CLINICDEX' registry status | grep -q '^licenses .*CA \"ca-cosmetology\": 6 licences of 6 rows.*; published 2026-11-30, [0-9-]* days old\$'"
ok "a list without the date says how long ago it was loaded" \
	sh -c "'$CLINICDEX' -q registry import licenses '$DATA/tx-estheticians.csv' --state TX \
	       --map 'name=Licensee Name,license=License Number,status=License Status' &&
	       '$CLINICDEX' registry status | grep -q '^licenses .*TX .*; loaded 0 days ago\$'"
ok "--published must be a date" \
	exits 2 "$CLINICDEX" -q registry import licenses "$DATA/ca-cosmetology-licensees.csv" --state CA \
	--map "$CAMAP" --published 30/11/2026
sed 's|"03/15/2025","09/30/2026"|"15.03.2025","09/30/2026"|' "$DATA/ca-cosmetology-licensees.csv" >"$T_TMP/bad.csv"
ok "a row with an unreadable status date is reported by line, the rest kept" \
	sh -c "'$CLINICDEX' registry import licenses '$T_TMP/bad.csv' --state CA --map '$CAMAP' 2>'$T_TMP/b.err' &&
	       grep -q 'line 5: status date \"15.03.2025\" is not a date' '$T_TMP/b.err' &&
	       grep -q 'imported 5 CA licences' '$T_TMP/b.err'"

done_testing
