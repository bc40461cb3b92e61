#!/bin/sh
# What search and export return over the crawled sample web: -o writes a
# FIFO or device in place, a ZIP+4 asks for its ZIP, claim filters select
# the rows of a claims or practitioners export, and every command counts
# claims alike.
. "$TOP_SRCDIR/tests/lib.sh"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" crawl -q --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! crawl failed"; exit 1; }
stop_server

# ---- export -o to what is not a regular file ----
fifo_export() {
	rm -f "$T_TMP/fifo" "$T_TMP/fifo.out"
	mkfifo "$T_TMP/fifo" || return 1
	cat "$T_TMP/fifo" >"$T_TMP/fifo.out" &
	_reader=$!
	"$CLINICDEX" export -o "$T_TMP/fifo"
	_rc=$?
	if [ -p "$T_TMP/fifo" ]; then
		wait $_reader
	else
		# renamed over: the reader waits on a FIFO nobody will open
		echo "$T_TMP/fifo is no longer a FIFO" >&2
		kill $_reader 2>/dev/null
		wait $_reader 2>/dev/null
		return 1
	fi
	[ $_rc -eq 0 ] && head -n 1 "$T_TMP/fifo.out" | grep -q '^clinic_id,name,site'
}
ok "export -o FIFO writes into the FIFO, which stays a FIFO" fifo_export
ok "... and leaves no FIFO.tmp beside it" test ! -e "$T_TMP/fifo.tmp"
ok "export -o - writes to standard output" \
	sh -c "'$CLINICDEX' export -o - | head -n 1 | grep -q '^clinic_id,'"
"$CLINICDEX" export -o "$T_TMP/regular.csv"
ok "export -o FILE still writes a regular file" \
	sh -c "test -f '$T_TMP/regular.csv' && test ! -e '$T_TMP/regular.csv.tmp' &&
	       head -n 1 '$T_TMP/regular.csv' | grep -q '^clinic_id,'"
ok "export -o DIRECTORY fails (exit 1) and leaves no DIRECTORY.tmp" \
	sh -c "mkdir '$T_TMP/adir' && ! '$CLINICDEX' export -o '$T_TMP/adir' 2>/dev/null &&
	       test ! -e '$T_TMP/adir.tmp'"

# ---- ZIP+4 ----
zip_sites() { "$CLINICDEX" search --zip "$1" --format jsonl | "$PYTHON3" -c '
import json, sys
print(" ".join(sorted(json.loads(l)["site"] for l in sys.stdin)))'; }
ok "the sample web has a clinic in ZIP 78701" test -n "$(zip_sites 78701)"
ok "search --zip 78701-1234 finds the clinics of ZIP 78701" \
	test "$(zip_sites 78701-1234)" = "$(zip_sites 78701)"
ok "export --zip takes a ZIP+4 too" \
	sh -c "'$CLINICDEX' export --zip 78701-0001 --format jsonl | grep -q lumina"

# ---- codes stored but no longer in the rules file ----
"$PYTHON3" - "$TOP_SRCDIR/data/rules.json" "$T_TMP/rules-new.json" <<'PYEOF'
import json, sys
rules = json.load(open(sys.argv[1]))
rules["codes"] = [c for c in rules["codes"] if c["code"] != "microneedling"]
json.dump(rules, open(sys.argv[2], "w"))
PYEOF
ok "after a rules change, a code still stored can be searched" \
	sh -c "CLINICDEX_RULES='$T_TMP/rules-new.json' '$CLINICDEX' search --service microneedling \
	           --format jsonl 2>'$T_TMP/code.err' | grep -q microneedling"
ok "... with a warning that the rules file lacks it" \
	grep -q "warning: --service microneedling is not in the rules file" "$T_TMP/code.err"
ok "... and exported" \
	sh -c "CLINICDEX_RULES='$T_TMP/rules-new.json' '$CLINICDEX' -q export --what claims \
	           --service microneedling | grep -q ',microneedling,'"
ok "a code neither in the rules nor stored is still a usage error (exit 2)" \
	exits 2 "$CLINICDEX" search --service microneedeling

# ---- verified claims: one count everywhere, claim filters select rows ----
TXMAP="name=Licensee Name,license=License Number,type=License Type,status=License Status,expires=Expiration Date"
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$TOP_SRCDIR/tests/data/nppes-demo.json" \
	-o "$T_TMP/npi.csv"
"$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv" &&
	"$CLINICDEX" -q registry import licenses "$TOP_SRCDIR/tests/data/tx-estheticians.csv" \
		--state TX --map "$TXMAP" &&
	"$CLINICDEX" verify 2>"$T_TMP/verify.err" || echo "Bail out! the registries did not load"
"$CLINICDEX" export --what claims --format jsonl >"$T_TMP/claims.jsonl"
"$CLINICDEX" export --what practitioners --format jsonl >"$T_TMP/pract.jsonl"
"$CLINICDEX" stats >"$T_TMP/stats.out"
same_counts() {
	"$PYTHON3" - "$T_TMP/verify.err" "$T_TMP/stats.out" "$T_TMP/claims.jsonl" <<'PYEOF'
import collections, json, re, sys
verify = open(sys.argv[1]).read()
stats = open(sys.argv[2]).read()
rows = [json.loads(l) for l in open(sys.argv[3])]
exported = collections.Counter(r["status"] for r in rows)
statuses = ["unchecked", "consistent", "conflict", "unmatched", "ambiguous"]
ok = True
for st in statuses:
    v = re.search(r"\b%s (\d+)" % st, verify)
    s = re.search(r"^  %s +(\d+)$" % st, stats, re.M)
    got = (int(v.group(1)) if v else None, int(s.group(1)) if s else None, exported[st])
    if got[0] != got[2] or got[1] != got[2]:
        print("%s: verify %s, stats %s, export %s" % ((st,) + got), file=sys.stderr)
        ok = False
total = int(re.search(r"^claims +(\d+)$", stats, re.M).group(1))
if total != len(rows) or sum(exported.values()) != total:
    print("claims: stats %d, export %d" % (total, len(rows)), file=sys.stderr)
    ok = False
if not exported["conflict"] or not exported["ambiguous"]:
    print("the sample should have conflicts and an ambiguous claim", file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
PYEOF
}
ok "verify, stats and export count each status alike (ambiguous too)" same_counts

# rows_are WHAT FILTERS... -- PYTHON: every exported row meets the test,
# and the rows (by id) are exactly those of the whole export that meet it
rows_are() {
	_what=$1; shift
	_args=""
	while [ "$1" != "--" ]; do _args="$_args $1"; shift; done
	shift
	# shellcheck disable=SC2086
	"$CLINICDEX" export --what "$_what" --format jsonl $_args >"$T_TMP/sel.jsonl" || return 1
	"$PYTHON3" - "$T_TMP/sel.jsonl" "$T_TMP/$_what.all.jsonl" "$1" <<'PYEOF'
import json, sys
sel = [json.loads(l) for l in open(sys.argv[1])]
everything = [json.loads(l) for l in open(sys.argv[2])]
test = eval("lambda r: " + sys.argv[3])
want = [r for r in everything if test(r)]
if not want:
    sys.exit("no row of the sample meets the test: the check would prove nothing")
key = "claim_id" if "claim_id" in everything[0] else "practitioner_id"
if [r[key] for r in sel] != [r[key] for r in want] or not all(test(r) for r in sel):
    sys.exit("%d rows, wanted %d: %s" % (len(sel), len(want),
             [r.get("code", r.get("name")) + "/" + r["status"] for r in sel if not test(r)][:5]))
PYEOF
}
cp "$T_TMP/claims.jsonl" "$T_TMP/claims.all.jsonl"
cp "$T_TMP/pract.jsonl" "$T_TMP/practitioners.all.jsonl"
ok "export --what claims --status conflict --credential md: conflicting md claims only" \
	rows_are claims --status conflict --credential md -- \
	'r["status"] == "conflict" and r["kind"] == "credential" and r["code"] == "md"'
ok "export --what claims --credential md --credential np: claims of either code" \
	rows_are claims --credential md --credential np -- \
	'r["kind"] == "credential" and r["code"] in ("md", "np")'
ok "export --what claims --service microneedling: those service claims only" \
	rows_are claims --service microneedling -- \
	'r["kind"] == "service" and r["code"] == "microneedling"'
ok "export --what claims --status unmatched: unmatched claims only" \
	rows_are claims --status unmatched -- 'r["status"] == "unmatched"'
ok "export --what practitioners --status conflict: conflicting practitioners only" \
	rows_are practitioners --status conflict -- 'r["status"] == "conflict"'
ok "export --what practitioners --credential md: those who claim md" \
	rows_are practitioners --credential md -- '"md" in r["credentials"].split(";")'

# ---- extract after verify keeps the verdicts of unchanged claims ----
"$CLINICDEX" stats >"$T_TMP/stats.before"
ok "extract after verify succeeds" sh -c "'$CLINICDEX' extract 2>'$T_TMP/extract.err'"
ok "... says the judged claims keep their status" \
	grep -q "claims verify had judged were found unchanged and keep their status" "$T_TMP/extract.err"
ok "... and they do: stats are as before" \
	sh -c "'$CLINICDEX' stats | diff '$T_TMP/stats.before' -"
sqlite3 "$CLINICDEX_DB" "UPDATE claims SET evidence = 'said differently before' WHERE id =
	(SELECT min(id) FROM claims WHERE status = 'conflict')"
ok "a claim whose evidence changed is unchecked after extract, and it says so" \
	sh -c "'$CLINICDEX' extract 2>&1 | grep -q \"run 'clinicdex verify' to judge the new and changed ones\" &&
	       test \$('$CLINICDEX' export --what claims --status conflict --format jsonl | wc -l) -lt \
	            \$(grep -c '\"status\":\"conflict\"' '$T_TMP/claims.jsonl')"

done_testing
