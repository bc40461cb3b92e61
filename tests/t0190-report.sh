#!/bin/sh
# clinicdex report read as a researcher would: the sample web's study
# table equals its expectation file, the summary counts it, and the HTML
# page, opened in headless Chromium, shows the very numbers of the CSV.
. "$TOP_SRCDIR/tests/lib.sh"

start_server
demo_seeds >"$T_TMP/seeds"
$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! crawl failed"; exit 1; }
stop_server
# the registry, so the director's specialty (NPPES) and board status are read
$PYTHON3 "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$TOP_SRCDIR/tests/data/nppes-demo.json" \
	-o "$T_TMP/npi.csv" && $CLINICDEX -q registry import nppes "$T_TMP/npi.csv" >/dev/null &&
	$CLINICDEX -q verify >/dev/null || { echo "Bail out! registry failed"; exit 1; }

ok "report writes the per-clinic CSV" sh -c "$CLINICDEX report >'$T_TMP/report.csv'"
ok "... equal to tests/data/report-demo.csv" diff -u "$TOP_SRCDIR/tests/data/report-demo.csv" "$T_TMP/report.csv"
ok "report --summary writes the summary CSV" sh -c "$CLINICDEX report --summary >'$T_TMP/summary.csv'"
ok "... equal to tests/data/report-demo-summary.csv" \
	diff -u "$TOP_SRCDIR/tests/data/report-demo-summary.csv" "$T_TMP/summary.csv"
# the summary is the rows counted: recount the CSV independently
ok "... whose counts and Wilson intervals are those of the rows" \
	"$PYTHON3" - "$T_TMP/report.csv" "$T_TMP/summary.csv" <<'PYEOF'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
summ = {(r["group"], r["variable"]): r
        for r in csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8"))}
def wilson(k, n, z=1.959963984540054):
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0, c - h), min(1, c + h)
checks = {
    "medical director listed": (lambda r: r["medical_director"], lambda r: True),
    "medical supervision stated": (lambda r: r["supervision"], lambda r: True),
    "director's board certification claimed": (lambda r: r["director_board"],
                                               lambda r: r["medical_director"]),
    "treatments by nurse practitioners stated": (
        lambda r: "np" in r["performed_by"].split(";"), lambda r: True),
}
for group in ["all"] + sorted({r["state"] for r in rows}):
    mine = [r for r in rows if group == "all" or r["state"] == group]
    for var, (holds, counted) in checks.items():
        d = [r for r in mine if counted(r)]
        k = sum(1 for r in d if holds(r))
        s = summ[(group, var)]
        assert (int(s["count"]), int(s["denominator"])) == (k, len(d)), (group, var, s, k, len(d))
        if d:
            lo, hi = wilson(k, len(d))
            assert s["ci_low"] == f"{100 * lo:.1f}" and s["ci_high"] == f"{100 * hi:.1f}", (group, var, s)
PYEOF
ok "a director listed by the sample web is there with the page that says so" \
	grep -q '^5,Hudson Skin & Laser,http://hudson-skin-laser.test,NY,Evan Hollis,http://hudson-skin-laser.test/about/team.html,' "$T_TMP/report.csv"

ok "report --format html -o FILE writes one page" $CLINICDEX report --format html -o "$T_TMP/report.html"
ok "... that loads nothing from the network" \
	sh -c "! grep -Eiq '<(script|link|img|iframe)|src=|url\\(' '$T_TMP/report.html'"
ok "... with a map: Hudson (director listed, supervision stated) a green dot" \
	grep -q '<circle[^>]*fill="#283"><title>Hudson Skin &amp; Laser</title>' "$T_TMP/report.html"
if command -v chromium >/dev/null 2>&1; then
	ok "... opens in headless Chromium" sh -c "chromium --headless --no-sandbox --disable-gpu \
		--dump-dom 'file://$T_TMP/report.html' >'$T_TMP/dom.html' 2>'$T_TMP/chromium.err'"
	ok "... with every summary number equal to the CSV's" \
		"$PYTHON3" - "$T_TMP/dom.html" "$T_TMP/summary.csv" <<'PYEOF'
import csv, sys
from html.parser import HTMLParser
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
want = [r for r in csv.reader(open(sys.argv[2], newline="", encoding="utf-8"))][1:]
assert p.rows == want, (p.rows[:3], want[:3])
PYEOF
else
	echo "# chromium not installed: the HTML is not opened in a browser"
fi

ok "report --format xml is a usage error (exit 2)" exits 2 $CLINICDEX report --format xml
ok "report --summary --format html is a usage error (exit 2)" \
	exits 2 $CLINICDEX report --summary --format html
ok "report -o into a missing directory fails with exit 1" \
	exits 1 $CLINICDEX report -o "$T_TMP/no/such/dir/r.csv"
ok "report --state selects the clinics of a state" \
	test "$($CLINICDEX report --state TX | sed 1d | wc -l)" -eq 3
done_testing
