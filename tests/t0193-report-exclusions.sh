#!/bin/sh
# clinicdex report gains the exclusions variable: the sample web checked
# against an LEIE file in OIG's format (tests/registry/gen_leie.py) and
# NPPES. Each row names the clinic's excluded practitioners with their
# LEIE record and the page that names the first of them; the summary
# counts the clinics with one, overall and by state, with denominators and
# Wilson intervals, and the HTML page (in headless Chromium too) shows the
# numbers of the CSV. A hostile name stays inert in both.
. "$TOP_SRCDIR/tests/lib.sh"

DATA="$TOP_SRCDIR/tests/data"
start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server
# the demo's records, and one more for a nurse of another clinic (in New York)
"$PYTHON3" -c 'import json, sys
rows = json.load(open(sys.argv[1]))
rows.append({"lastname": "KIM", "firstname": "GRACE", "general": "NURSING PROFESSION",
             "city": "HUDSON", "state": "NY", "zip": "12534", "excltype": "1128b7",
             "excldate": "20210405"})
json.dump(rows, open(sys.argv[2], "w"))' "$DATA/leie-demo.json" "$T_TMP/leie.json" &&
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$DATA/nppes-demo.json" --rows 100 \
	-o "$T_TMP/npi.csv" &&
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_leie.py" --spec "$T_TMP/leie.json" --rows 500 \
	-o "$T_TMP/leie.csv" &&
"$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv" &&
"$CLINICDEX" -q registry import leie "$T_TMP/leie.csv" 2>/dev/null &&
"$CLINICDEX" -q verify 2>/dev/null || { echo "Bail out! the registries could not be loaded"; exit 1; }
"$CLINICDEX" export --what practitioners --format jsonl >"$T_TMP/pract.jsonl"

ok "report writes the CSV" sh -c "'$CLINICDEX' report >'$T_TMP/r.csv'"
ok "... whose last columns are exclusions and their evidence URL" \
	sh -c "head -n 1 '$T_TMP/r.csv' | tr -d '\\r' | grep -q ',conflicts,exclusions,exclusions_url\$'"
ok "... each clinic's excluded practitioners with their LEIE record, no one else" \
	"$PYTHON3" - "$T_TMP/r.csv" "$T_TMP/pract.jsonl" <<'PYEOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
want = {}
for p in map(json.loads, open(sys.argv[2])):
    if p["exclusion"]:
        want.setdefault(str(p["clinic_id"]), []).append("%s (%s)" % (p["name"], p["exclusion"]))
assert len(want) >= 2, want
for r in rows:
    got = r["exclusions"].split(";") if r["exclusions"] else []
    assert sorted(got) == sorted(want.get(r["clinic_id"], [])), (r["name"], got, want)
    assert bool(r["exclusions_url"]) == bool(got), r
lumina = [r for r in rows if r["name"] == "Lumina Dermatology"][0]
assert "Maria Lopez (1128a1 2020-03-19)" in lumina["exclusions"].split(";"), lumina
PYEOF
ok "... the evidence URL a page of the clinic that names the first of them" \
	"$PYTHON3" - "$T_TMP/r.csv" "$CLINICDEX_DB" <<'PYEOF'
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
n = 0
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    if not r["exclusions"]: continue
    first = r["exclusions"].split(";")[0].rsplit(" (", 1)[0]
    hit = db.execute("""SELECT count(*) FROM practitioners p
        JOIN practitioner_pages pp ON pp.practitioner_id = p.id JOIN pages g ON g.id = pp.page_id
        WHERE p.clinic_id = ? AND p.name = ? AND coalesce(g.final_url, g.url) = ?""",
        (int(r["clinic_id"]), first, r["exclusions_url"])).fetchone()[0]
    assert hit == 1 and r["exclusions_url"].startswith(r["site"]), (r, first)
    n += 1
assert n >= 2
PYEOF

ok "report --summary counts them, overall and by state, with Wilson intervals" sh -c "
	'$CLINICDEX' report --summary >'$T_TMP/s.csv'" 
ok "... the count, denominator and interval those of the rows" \
	"$PYTHON3" - "$T_TMP/r.csv" "$T_TMP/s.csv" <<'PYEOF'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
summ = {(r["group"], r["variable"]): r
        for r in csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8"))}
var = "a practitioner or the clinic on the exclusion list (LEIE)"
def wilson(k, n, z=1.959963984540054):
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0, c - h), min(1, c + h)
groups = ["all"] + sorted({r["state"] for r in rows})
for g in groups:
    mine = [r for r in rows if g == "all" or r["state"] == g]
    k = sum(1 for r in mine if r["exclusions"])
    s = summ[(g, var)]
    lo, hi = wilson(k, len(mine))
    assert (int(s["count"]), int(s["denominator"])) == (k, len(mine)), (g, s, k)
    assert s["percent"] == f"{100 * k / len(mine):.1f}", s
    assert (s["ci_low"], s["ci_high"]) == (f"{100 * lo:.1f}", f"{100 * hi:.1f}"), s
assert int(summ[("all", var)]["count"]) >= 2
PYEOF

# a name as a hostile site might write it
sqlite3 "$CLINICDEX_DB" "UPDATE practitioners SET name = '=HYPERLINK(\"http://x.test\")<script>alert(1)</script>'
	WHERE name = 'Maria Lopez'"
"$CLINICDEX" report >"$T_TMP/h.csv"
ok "a hostile excluded name is an inert CSV cell" "$PYTHON3" -c '
import csv, sys
cells = [r["exclusions"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))
         if r["name"] == "Lumina Dermatology"]
assert cells[0].startswith("\x27=HYPERLINK(\"http://x.test\")<script>alert(1)</script> (1128a1 2020-03-19);"), cells' "$T_TMP/h.csv"
ok "report --format html writes the page" "$CLINICDEX" report --format html -o "$T_TMP/r.html"
ok "... the cell escaped and linked to its evidence" \
	grep -qF '<a href="http://lumina-dermatology.test/team/">=HYPERLINK(&quot;http://x.test&quot;)&lt;script&gt;alert(1)&lt;/script&gt; (1128a1 2020-03-19)' "$T_TMP/r.html"
ok "... and no markup from the web" sh -c "! grep -Eiq '<script|<img' '$T_TMP/r.html'"
ok "... with a bar chart of the variable" \
	grep -q '<figcaption>a practitioner or the clinic on the exclusion list (LEIE)</figcaption><svg' "$T_TMP/r.html"
if command -v chromium >/dev/null 2>&1; then
	chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$T_TMP/r.html" \
		>"$T_TMP/dom.html" 2>/dev/null
	ok "Chromium shows the summary rows of the variable as the CSV has them" \
		"$PYTHON3" - "$T_TMP/dom.html" "$T_TMP/s.csv" <<'PYEOF'
import csv, sys
from html.parser import HTMLParser
var = "a practitioner or the clinic on the exclusion list (LEIE)"
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.cur = None; self.cell = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "summary" in (a.get("class") or "").split():
            self.cur = [a["data-group"], a["data-variable"]]
        elif tag == "td" and self.cur is not None and "num" in (a.get("class") or ""):
            self.cell = ""
    def handle_data(self, d):
        if self.cell is not None: self.cell += d
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.cur.append(self.cell); self.cell = None
        elif tag == "tr" and self.cur is not None:
            self.rows.append(self.cur); self.cur = None
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
got = [r for r in p.rows if r[1] == var]
want = [r for r in csv.reader(open(sys.argv[2], newline="", encoding="utf-8")) if r[1] == var]
assert len(want) >= 3 and got == want, (got, want)
PYEOF
else
	echo "# chromium not installed: the HTML is not opened in a browser"
fi

# a clinic excluded as an organisation (LEIE BUSNAME records), where the
# schema has it (issue 15)
if [ "$(sqlite3 "$CLINICDEX_DB" "SELECT count(*) FROM pragma_table_info('clinics') WHERE name = 'exclusion'")" = 1 ]; then
	sqlite3 "$CLINICDEX_DB" "UPDATE clinics SET exclusion = '1128b7 2021-06-17'
		WHERE name = 'Cascade Skin Studio'"
	ok "a clinic excluded as an organisation is in its row, with the page of its address" sh -c "
		'$CLINICDEX' report | grep -q '^3,Cascade Skin Studio,.*,organisation (1128b7 2021-06-17),http://cascade-skin-studio.test/'"
fi
done_testing
