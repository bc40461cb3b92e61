#!/bin/sh
# clinicdex serve shows the HHS-OIG exclusion list where a patient looks:
# the sample web is checked against an LEIE file in OIG's own format
# (tests/registry/gen_leie.py) and NPPES; the results list marks each
# clinic with an excluded practitioner (and only those), the clinic page
# gives the person's line with the exclusion type in words and its date,
# the JSON API carries the practitioners export's `exclusion` field, and
# excluded=1 filters as search --excluded does. Conflicts stay marked, and
# a hostile note is text. With chromium, a real browser sees the marks.
. "$TOP_SRCDIR/tests/lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl is not installed"
DATA="$TOP_SRCDIR/tests/data"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server
"$CLINICDEX" -q gazetteer import "$DATA/2023_Gaz_zcta_national_sample.txt" &&
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$DATA/nppes-demo.json" --rows 100 \
	-o "$T_TMP/npi.csv" &&
# the demo's records, and one more for a nurse of another clinic (in New York)
"$PYTHON3" -c 'import json, sys
rows = json.load(open(sys.argv[1]))
rows.append({"lastname": "KIM", "firstname": "GRACE", "general": "NURSING PROFESSION",
             "city": "HUDSON", "state": "NY", "zip": "12534", "excltype": "1128b7",
             "excldate": "20210405"})
json.dump(rows, open(sys.argv[2], "w"))' "$DATA/leie-demo.json" "$T_TMP/leie.json" &&
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_leie.py" --spec "$T_TMP/leie.json" --rows 500 \
	-o "$T_TMP/leie.csv" &&
"$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv" &&
"$CLINICDEX" -q registry import leie "$T_TMP/leie.csv" 2>/dev/null &&
"$CLINICDEX" -q verify 2>/dev/null || { echo "Bail out! the registries could not be loaded"; exit 1; }
"$CLINICDEX" export --what practitioners --format jsonl >"$T_TMP/pract.jsonl"
# the clinics with an excluded practitioner, as the command line says
"$CLINICDEX" search --excluded --format jsonl >"$T_TMP/excluded.jsonl"
[ "$(wc -l <"$T_TMP/excluded.jsonl")" -ge 2 ] ||
	{ echo "Bail out! fewer than two excluded practitioners: not a test"; exit 1; }
lopez=$("$PYTHON3" -c 'import json, sys
for l in open(sys.argv[1]):
    p = json.loads(l)
    if p["name"] == "Maria Lopez" and p["exclusion"]: print(p["clinic_id"])' "$T_TMP/pract.jsonl")
[ -n "$lopez" ] || { echo "Bail out! Maria Lopez is not excluded"; exit 1; }

SERVE_PID=""
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; cleanup' EXIT
"$CLINICDEX" serve --listen 127.0.0.1:0 2>"$T_TMP/serve.err" &
SERVE_PID=$!
i=0
while ! grep -q '^clinicdex serve: http' "$T_TMP/serve.err" && kill -0 "$SERVE_PID" 2>/dev/null &&
	[ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
SPORT=$(sed -n 's|^clinicdex serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T_TMP/serve.err")
[ -n "$SPORT" ] || { echo "Bail out! clinicdex serve did not start"; cat "$T_TMP/serve.err"; exit 1; }
U="http://127.0.0.1:$SPORT"
py() { "$PYTHON3" -c "$@"; }
code() { curl -s -o "$T_TMP/b" -w '%{http_code}' "$U$1"; }

# ---- the results list ----
curl -sS "$U/search?limit=20" >"$T_TMP/all.html"
ok "the results list marks each clinic with an excluded practitioner, and only those" py '
import json, re, sys
excl = {json.loads(l)["clinic_id"] for l in open(sys.argv[1])}
items = re.split(r"<li[^>]*><article>", open(sys.argv[2]).read())[1:]
assert len(items) >= 10, len(items)
seen = set()
for it in items:
    cid = int(re.search(r"/clinics/(\d+)", it).group(1))
    m = re.search(r"<p class=\"excluded\">.*?(\d+) practitioners? on the federal exclusion list", it)
    assert bool(m) == (cid in excl), (cid, it)
    if m: seen.add(cid)
assert seen == excl, (seen, excl)' "$T_TMP/excluded.jsonl" "$T_TMP/all.html"
ok "... while claims in conflict with a registry keep their own mark" \
	grep -q 'conflicts\? with a registry</p>' "$T_TMP/all.html"
ok "the search form has an exclusion-list filter" \
	grep -q '<input type="checkbox" name="excluded" value="1">' "$T_TMP/all.html"
ok "... whose label says it keeps clinics excluded themselves too, not only their staff" \
	grep -q 'value="1">Only clinics on the federal exclusion list or with someone on it</label>' "$T_TMP/all.html"
ok "/search?excluded=1 lists the clinics of search --excluded, the box ticked" sh -c "
	curl -sS '$U/search?excluded=1' >'$T_TMP/ex.html' &&
	grep -q 'name=\"excluded\" value=\"1\" checked>' '$T_TMP/ex.html' &&
	'$PYTHON3' -c '
import json, re, sys
want = [json.loads(l)[\"clinic_id\"] for l in open(sys.argv[1])]
got = [int(x) for x in re.findall(r\"<h2><a href=\\\"/clinics/(\\d+)\\\">\", open(sys.argv[2]).read())]
assert got == want, (got, want)' '$T_TMP/excluded.jsonl' '$T_TMP/ex.html'"

# ---- the JSON API ----
ok "/api/search?excluded=1 gives search --excluded's clinics" sh -c "
	curl -sS '$U/api/search?excluded=1&limit=1000' >'$T_TMP/api.json' && '$PYTHON3' -c '
import json, sys
api = json.load(open(sys.argv[1]))[\"clinics\"]
cli = [json.loads(l) for l in open(sys.argv[2])]
assert api == cli, (api, cli)' '$T_TMP/api.json' '$T_TMP/excluded.jsonl'"
ok "... combined with a place and state as the command line does" sh -c "
	curl -sS '$U/api/search?excluded=1&near=78701&radius=300mi&state=TX' >'$T_TMP/api2.json' &&
	'$CLINICDEX' search --excluded --near 78701 --radius 300mi --state TX --format jsonl >'$T_TMP/cli2.jsonl' &&
	'$PYTHON3' -c '
import json, sys
api = json.load(open(sys.argv[1]))[\"clinics\"]
cli = [json.loads(l) for l in open(sys.argv[2])]
assert cli and api == cli, (api, cli)' '$T_TMP/api2.json' '$T_TMP/cli2.jsonl'"
for q in excluded=yes excluded=0 excluded=true "excluded=1&excluded=1"; do
	ok "/api/search?$q is a 400 with a JSON error" sh -c "
		[ \"\$(curl -s -o '$T_TMP/b' -w '%{http_code}' '$U/api/search?$q')\" = 400 ] &&
		grep -q '\"error\":\"excluded' '$T_TMP/b'"
done
ok "/api/clinics/ID carries each practitioner's exclusion, as the practitioners export does" sh -c "
	curl -sS '$U/api/clinics/$lopez' >'$T_TMP/c.json' && '$PYTHON3' -c '
import json, sys
c = json.load(open(sys.argv[1]))
export = {p[\"practitioner_id\"]: p[\"exclusion\"] for p in map(json.loads, open(sys.argv[2]))}
assert c[\"practitioners\"]
for p in c[\"practitioners\"]:
    assert p[\"exclusion\"] == export[p[\"practitioner_id\"]], p
assert any(p[\"name\"] == \"Maria Lopez\" and p[\"exclusion\"] == \"1128a1 2020-03-19\"
           for p in c[\"practitioners\"]), c[\"practitioners\"]' '$T_TMP/c.json' '$T_TMP/pract.jsonl'"

# ---- the clinic page ----
curl -sS "$U/clinics/$lopez" >"$T_TMP/lopez.html"
ok "the clinic page gives the person's line: excluded, the type in words, the date" py '
import re, sys
page = open(sys.argv[1]).read()
row = re.search(r"<tr><th scope=\"row\">Maria Lopez</th>(.*?)</tr>", page, re.S)
assert row, "no row for Maria Lopez"
assert re.search(r"<p class=\"excluded\">.*Excluded: excluded from federal health programs "
                 r"\(HHS-OIG LEIE\) since 2020-03-19: 1128a1: conviction of program-related "
                 r"crimes; .*matched by NPI 1234567893</p>", row.group(1)), row.group(1)' "$T_TMP/lopez.html"
ok "... and such a line for each excluded practitioner of the clinic, no other" py '
import json, re, sys
page = open(sys.argv[1]).read()
want = sorted(p["name"] for p in map(json.loads, open(sys.argv[2]))
              if p["clinic_id"] == int(sys.argv[3]) and p["exclusion"])
rows = re.findall(r"<tr><th scope=\"row\">([^<]*)</th>(.*?)</tr>", page, re.S)
got = sorted(n for n, r in rows if "<p class=\"excluded\">" in r)
assert len(want) >= 2 and got == want, (got, want)' "$T_TMP/lopez.html" "$T_TMP/pract.jsonl" "$lopez"
hale=$("$CLINICDEX" export --what practitioners --format csv | grep 'Jessica Hale' | cut -d, -f2)
ok "an ambiguous name says why it decided nothing, without the mark" sh -c "
	curl -sS '$U/clinics/$hale' >'$T_TMP/hale.html' &&
	grep -q 'Exclusion list: 2 LEIE records fit the name Jessica Hale' '$T_TMP/hale.html' &&
	! grep -q 'class=\"excluded\"' '$T_TMP/hale.html'"

# a note as a merged database might hold it: markup is text
sqlite3 "$CLINICDEX_DB" "UPDATE practitioners SET exclusion_note =
	'<script>document.title=\"x\"</script><img src=x onerror=alert(1)>' WHERE name = 'Maria Lopez'"
ok "a hostile exclusion note is text, not markup" sh -c "
	curl -sS '$U/clinics/$lopez' >'$T_TMP/h.html' &&
	grep -qF 'Excluded: &lt;script&gt;document.title=&quot;x&quot;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;' '$T_TMP/h.html' &&
	! grep -qi '<script>document' '$T_TMP/h.html' && ! grep -qi '<img src=x' '$T_TMP/h.html'"
sqlite3 "$CLINICDEX_DB" "UPDATE practitioners SET exclusion_note = NULL WHERE name = 'Maria Lopez'"
ok "an exclusion without a note still shows the record" sh -c "
	curl -sS '$U/clinics/$lopez' | grep -q '<p class=\"excluded\">.*Excluded: 1128a1 2020-03-19</p>'"

# a clinic excluded as an organisation (LEIE BUSNAME records), where the
# schema has it (issue 15): said at the top of its page
if [ "$(sqlite3 "$CLINICDEX_DB" "SELECT count(*) FROM pragma_table_info('clinics') WHERE name = 'exclusion'")" = 1 ]; then
	sqlite3 "$CLINICDEX_DB" "UPDATE clinics SET exclusion = '1128b7 2021-06-17',
		exclusion_note = 'excluded <b>as an organisation</b> since 2021-06-17' WHERE id = $hale"
	ok "a clinic excluded as an organisation says so at the top of its page, escaped" sh -c "
		curl -sS '$U/clinics/$hale' | grep -qF '</h1>
<p class=\"excluded\"><span aria-hidden=\"true\">&#9888; </span>This clinic is excluded: excluded &lt;b&gt;as an organisation&lt;/b&gt; since 2021-06-17</p>'"
	ok "... and carries the mark in the results list, worded for the clinic, it alone" sh -c "
		curl -sS '$U/search?excluded=1&limit=20' >'$T_TMP/org.html' && '$PYTHON3' -c '
import json, re, sys
items = re.split(r\"<li[^>]*><article>\", open(sys.argv[1]).read())[1:]
staff = {p[\"clinic_id\"] for p in map(json.loads, open(sys.argv[2])) if p[\"exclusion\"]}
marked = set()
for it in items:
    cid = int(re.search(r\"/clinics/(\\d+)\", it).group(1))
    if re.search(r\"<p class=\\\"excluded\\\">[^<]*<[^>]*>[^<]*</span>This clinic is on the federal exclusion list\", it):
        marked.add(cid)
    # its practitioners keep their own count
    assert bool(re.search(r\"\\d+ practitioners? on the federal exclusion list\", it)) == (cid in staff), (cid, it)
assert marked == {int(sys.argv[3])}, (marked, sys.argv[3])' '$T_TMP/org.html' '$T_TMP/pract.jsonl' '$hale'"
	sqlite3 "$CLINICDEX_DB" "UPDATE clinics SET exclusion = NULL, exclusion_note = NULL WHERE id = $hale"
fi

# ---- a real browser ----
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ]; then
	browse() {
		timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
			--no-first-run --user-data-dir="$T_TMP/chromium" "$@" 2>>"$T_TMP/chromium.err"
	}
	browse --dump-dom "$U/search?excluded=1" >"$T_TMP/dom.html"
	ok "chromium: the filtered results show the exclusion mark on every clinic" py '
import html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.items = 0; s.marks = []; s.inmark = False
    def handle_starttag(s, t, a):
        a = dict(a)
        if t == "article": s.items += 1
        if t == "p" and a.get("class") == "excluded": s.inmark = True; s.marks.append("")
    def handle_endtag(s, t):
        if t == "p": s.inmark = False
    def handle_data(s, d):
        if s.inmark: s.marks[-1] += d
p = P(); p.feed(open(sys.argv[1]).read())
n = sum(1 for _ in open(sys.argv[2]))
assert p.items == n and len(p.marks) == n, (p.items, p.marks, n)
assert all("on the federal exclusion list" in m for m in p.marks), p.marks' \
		"$T_TMP/dom.html" "$T_TMP/excluded.jsonl"
else
	echo "# chromium is not installed: the browser check is skipped"
fi
done_testing
