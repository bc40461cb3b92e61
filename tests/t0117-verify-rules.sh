#!/bin/sh
# How each credential code is checked lives in the "verify" section of
# the rules file, not in the program: a code added there (here "faad"
# renamed "fellow-aad", with its rule) is judged by its rule without
# recompiling, a code with no rule says so, and a malformed section is a
# one-line error that changes nothing.
. "$TOP_SRCDIR/tests/lib.sh"

RULES="$T_TMP/rules.json"
sed 's/"faad"/"fellow-aad"/' "$TOP_SRCDIR/data/rules.json" >"$RULES"
export CLINICDEX_RULES="$RULES"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server
$PYTHON3 "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$TOP_SRCDIR/tests/data/nppes-demo.json" \
	--rows 300 -o "$T_TMP/npi.csv"
"$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv" || { echo "Bail out! no NPPES import"; exit 1; }

reason() { # reason CODE PRACTITIONER: status|reason of that claim
	"$CLINICDEX" export --what claims --format csv | "$PYTHON3" -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["code"] == sys.argv[1] and r["practitioner"] == sys.argv[2]:
        print(r["status"] + "|" + r["reason"])
        break' "$1" "$2"
}

ok "a code new to the rules file is found on the pages" \
	sh -c "'$CLINICDEX' export --what claims | grep -q fellow-aad"
ok "verify runs with it" "$CLINICDEX" -q verify
ok "... and judges it by its rule in the verify section" \
	sh -c "'$CLINICDEX' export --what claims --format csv | grep 'Maria Lopez' | grep fellow-aad |
	       grep -q 'consistent,.*taxonomy 207N00000X (Dermatology); the Academy fellowship'"

# the same code without a rule
"$PYTHON3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
del d["verify"]["codes"]["fellow-aad"]
json.dump(d, open(sys.argv[1], "w"))' "$RULES"
ok "a code with no rule in the verify section is left unchecked, saying so" \
	sh -c "'$CLINICDEX' -q verify && '$CLINICDEX' export --what claims | grep fellow-aad |
	       grep 'Maria Lopez' | grep -q 'unchecked.*no registry rule for fellow-aad'"

# a malformed rule: a one-line error, the verdicts as they were
"$CLINICDEX" export --what claims >"$T_TMP/before"
"$PYTHON3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["verify"]["codes"]["md"]["registry"] = "nowhere"
json.dump(d, open(sys.argv[1], "w"))' "$RULES"
ok "a rule naming no known registry: verify exits 1" \
	exits 1 sh -c "'$CLINICDEX' verify 2>'$T_TMP/verr'"
ok "... with one line naming the file and the code" \
	sh -c "test \$(wc -l <'$T_TMP/verr') -eq 1 &&
	       grep -q 'clinicdex: verify: .*rules.json: verify.codes \"md\"' '$T_TMP/verr'"
"$CLINICDEX" export --what claims >"$T_TMP/after"
ok "... changing no verdict" cmp "$T_TMP/before" "$T_TMP/after"

done_testing
