#!/bin/sh
# CSV that a researcher can open: a site built to break CSV and
# spreadsheets (quotes, commas, line breaks, NUL and control bytes, formula
# prefixes, invalid UTF-8) is crawled and exported. The CSV parses with
# Python's csv module to exactly the values of the JSON Lines export (a
# formula cell only gains its leading apostrophe), holds no control byte
# and no invalid UTF-8, and LibreOffice loads it with no live formula and
# every cell as written. The same holds for text that reached the database
# some other way (written into it here directly, bytes and all).
. "$TOP_SRCDIR/tests/lib.sh"

web="$T_TMP/web"
bytes=$("$PYTHON3" "$TOP_SRCDIR/tests/web/gen_csv_web.py" "$web")
echo "# hostile input: $bytes bytes of HTML"
start_server "$web"
ok "the hostile site crawls" "$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" \
	--allow-private --delay 0 http://csv-spa.test/
ok "... and its claims are stored" test "$(sqlite3 "$CLINICDEX_DB" 'SELECT count(*) FROM claims')" -ge 8

# the same, and text written into the database by other means
cp "$CLINICDEX_DB" "$T_TMP/raw.db"
sqlite3 "$T_TMP/raw.db" "
	UPDATE claims SET evidence = CAST(X'3D636D647C272F432063616C6327214130091B5B326A0D0AFF2C22' AS TEXT)
		WHERE id = (SELECT min(id) FROM claims);
	UPDATE claims SET reason = CAST(X'2B2C22220A0D7FC29BE280A8C3' AS TEXT)
		WHERE id = (SELECT max(id) FROM claims);
	UPDATE clinics SET name = CAST(X'40535550455228292C2022220D0A0809' AS TEXT);"

export_all() {   # DB DIR: every export of DB as CSV and JSON Lines into DIR
	mkdir -p "$2"
	for w in clinics practitioners claims; do
		CLINICDEX_DB="$1" "$CLINICDEX" export --what $w >"$2/$w.csv" || return 1
		CLINICDEX_DB="$1" "$CLINICDEX" export --what $w --format jsonl >"$2/$w.jsonl" || return 1
	done
}
ok "every export of the crawled site succeeds" export_all "$CLINICDEX_DB" "$T_TMP/web.out"
ok "every export of the doctored database succeeds" export_all "$T_TMP/raw.db" "$T_TMP/raw.out"

roundtrip() {   # DIR
	"$PYTHON3" - "$1" <<'PYEOF'
import csv, json, re, sys
d = sys.argv[1]
FORMULA = ("=", "+", "@", "\t", "\r")
NUMBER = re.compile(r"-\d+(\.\d+)?$")
bad = cells = 0
for w in ("clinics", "practitioners", "claims"):
    raw = open(f"{d}/{w}.csv", "rb").read()
    raw.decode("utf-8")                          # strict: raises on bad bytes
    # controls: none but the CRLF ending records and LF inside a cell
    ctrl = re.findall(rb"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]", raw)
    if ctrl or b"\r" in raw.replace(b"\r\n", b""):
        print(f"{w}.csv: control bytes {ctrl[:5]}"); bad += 1
    with open(f"{d}/{w}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    header, rows = rows[0], rows[1:]
    objs = [json.loads(l) for l in open(f"{d}/{w}.jsonl", encoding="utf-8")]
    if len(rows) != len(objs) or not rows:
        print(f"{w}: {len(rows)} CSV rows, {len(objs)} JSON rows"); bad += 1; continue
    for r, o in zip(rows, objs):
        if len(r) != len(header):
            print(f"{w}: row of {len(r)} cells under {len(header)} columns: {r}"); bad += 1
        for col, cell in zip(header, r):
            v = o[col]
            v = "" if v is None else str(v) if not isinstance(v, float) else f"{v:.6f}"
            if re.search(r"[\x00-\x09\x0b-\x1f\x7f\x80-\x9f]", v):
                print(f"{w}.jsonl {col}: control character in {v!r}"); bad += 1
            t = v.lstrip(" ")
            want = "'" + v if t[:1] in FORMULA or (t[:1] == "-" and not NUMBER.match(t)) else v
            cells += 1
            if cell != want:
                print(f"{w} {col}: CSV {cell!r} != JSON {v!r}"); bad += 1
            t = cell.lstrip(" ")
            if t[:1] in FORMULA or (t[:1] == "-" and not NUMBER.match(t)):
                print(f"{w} {col}: live formula {cell!r}"); bad += 1
print(f"{cells} cells compared")
sys.exit(1 if bad else 0)
PYEOF
}
ok "the crawled site's CSV reads back through Python's csv to the JSON values" roundtrip "$T_TMP/web.out"
ok "so does the doctored database's" roundtrip "$T_TMP/raw.out"
ok "the formula-looking title is kept, made inert" grep -q "^1,\"'=HYPERLINK" "$T_TMP/web.out/clinics.csv"
ok "the page at the odd URL is kept, its URL intact" grep -q 'a,b%22c' "$T_TMP/web.out/claims.csv"

# ---- LibreOffice ----
soffice=$(command -v soffice || command -v libreoffice || true)
lo_check() {   # CSV...: each loads with no formula and every cell as written
	"$PYTHON3" - "$T_TMP/lo" "$@" <<'PYEOF'
import csv, os, subprocess, sys, zipfile
import xml.etree.ElementTree as ET
out, files = sys.argv[1], sys.argv[2:]
T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
X = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
os.makedirs(out, exist_ok=True)
bad = 0

def text_of(cell):
    paras = []
    for p in cell.findall(f"{{{X}}}p"):
        s = [p.text or ""]
        for e in p:
            tag = e.tag.split("}")[1]
            if tag == "s":
                s.append(" " * int(e.get(f"{{{X}}}c", "1")))
            elif tag == "tab":
                s.append("\t")
            elif tag == "line-break":
                s.append("\n")
            else:
                s.append("".join(e.itertext()))
            s.append(e.tail or "")
        paras.append("".join(s))
    return "\n".join(paras)

for i, path in enumerate(files):
    # comma separated, double-quoted, UTF-8 (76), from line 1; cells as text
    # where the CSV says so: the defaults a user opening the file gets
    sub = os.path.join(out, str(i))
    os.makedirs(sub, exist_ok=True)
    subprocess.run([os.environ["SOFFICE"], "--headless", "--norestore",
                    f"-env:UserInstallation=file://{out}/profile", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "ods", "--outdir", sub, path],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    ods = os.path.join(sub, os.path.basename(path)[:-4] + ".ods")
    root = ET.fromstring(zipfile.ZipFile(ods).read("content.xml"))
    with open(path, newline="", encoding="utf-8") as f:
        want = list(csv.reader(f))
    rows = root.iter(f"{{{T}}}table-row")
    got = []
    for row in rows:
        cells = []
        for c in row.findall(f"{{{T}}}table-cell"):
            if c.get(f"{{{T}}}formula") is not None:
                print(f"{path}: live formula {c.get(f'{{{T}}}formula')!r}"); bad += 1
            n = int(c.get(f"{{{T}}}number-columns-repeated", "1"))
            kind = c.get(f"{{{O}}}value-type")
            v = text_of(c) if kind in (None, "string") else c.get(f"{{{O}}}value") or text_of(c)
            cells += [(kind, v)] * min(n, 64)
        got.append(cells)
    for r, (wr, gr) in enumerate(zip(want, got)):
        for k, w in enumerate(wr):
            kind, v = gr[k] if k < len(gr) else (None, "")
            same = v == w if kind in (None, "string") else float(v) == float(w)
            if not same:
                print(f"{path} row {r + 1} col {k + 1}: LibreOffice read {v!r}, CSV has {w!r}")
                bad += 1
    if len(got) < len(want):
        print(f"{path}: LibreOffice read {len(got)} rows of {len(want)}"); bad += 1
sys.exit(1 if bad else 0)
PYEOF
}
if [ -n "$soffice" ]; then
	export SOFFICE="$soffice"
	# the check can fail: a raw formula cell is caught
	printf 'a,b\r\n=1+2,x\r\n' >"$T_TMP/live.csv"
	fails() { ! "$@"; }
	ok "LibreOffice would run a raw formula cell (the check can fail)" fails lo_check "$T_TMP/live.csv"
	ok "LibreOffice loads every export with no live formula and every cell as written" \
		lo_check "$T_TMP/web.out/clinics.csv" "$T_TMP/web.out/practitioners.csv" \
		"$T_TMP/web.out/claims.csv" "$T_TMP/raw.out/clinics.csv" "$T_TMP/raw.out/claims.csv"
else
	echo "ok $((t_count + 1)) - LibreOffice check # SKIP soffice not installed (apt-get install libreoffice-calc-nogui)"
	t_count=$((t_count + 1))
fi
done_testing
