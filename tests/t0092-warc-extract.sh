#!/bin/sh
# extract --warc FILE|- [--jsonl] and import FILE|-: a WARC file written by
# `crawl --warc`, the same file as gzip members (one a record, as Common
# Crawl writes them), and a WARC 1.0 file written by a real WARC library
# (the npm package warcio) give the directory the crawl gave; the JSON Lines
# path (extract --jsonl | import) gives the same export; each file goes in
# whole or not at all, and a second import changes nothing.
. "$TOP_SRCDIR/tests/lib.sh"

WARCIO_VERSION=2.4.11
NPM_DIR="$T_TMP/npm"
warcio_ready=no
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
	npm install --no-audit --no-fund --silent --prefix "$NPM_DIR" "warcio@$WARCIO_VERSION" \
		>"$T_TMP/npm.log" 2>&1; then
	warcio_ready=yes
else
	echo "# node, npm and warcio are needed to write WARC files with warcio (quickstart.sh installs nodejs npm)"
fi

start_server
W="$T_TMP/demo.warc"
CRAWLED="$T_TMP/crawled.db"
sites=""
for d in "$TOP_SRCDIR"/data/demo-web/*.test; do sites="$sites http://$(basename "$d")/"; done
# shellcheck disable=SC2086
ok "a crawl of the demo web writes a WARC file" \
	$CLINICDEX crawl -q --db "$CRAWLED" --connect-to ::127.0.0.1:$PORT --allow-private \
	--delay 0 --warc "$W" $sites
stop_server

# What a directory holds, as a user sees it (the clinics export ends with
# when the site was first seen, i.e. loaded: left out).
# Ids follow the order pages arrive in, which a crawl of many sites at once
# does not fix: they are left out and the lines sorted.
facts() {
	{ $CLINICDEX export --db "$1" --what claims | cut -d, -f3- &&
	  $CLINICDEX export --db "$1" --what practitioners | cut -d, -f3- &&
	  $CLINICDEX export --db "$1" | cut -d, -f2-13; } | sort >"$2"
}
ok "extract --warc stores every page the crawl stored" \
	$CLINICDEX extract -q --db "$T_TMP/warc.db" --warc "$W"
facts "$CRAWLED" "$T_TMP/crawled.txt"
facts "$T_TMP/warc.db" "$T_TMP/warc.txt"
ok "... and its export equals the crawl's" \
	sh -c "[ \$(wc -l <'$T_TMP/crawled.txt') -gt 100 ] && diff '$T_TMP/crawled.txt' '$T_TMP/warc.txt'"
ok "... the same pages, at the same URLs" sh -c "[ \"\$(sqlite3 '$CRAWLED' \
	\"SELECT url FROM pages WHERE status = 200 AND content_type LIKE 'text/html%' ORDER BY url\")\" = \"\$(sqlite3 '$T_TMP/warc.db' \
	'SELECT url FROM pages ORDER BY url')\" ]"

# the same records, each its own gzip member
"$PYTHON3" - "$W" "$W.gz" <<'PY'
import gzip, sys
data = open(sys.argv[1], "rb").read()
out = open(sys.argv[2], "wb")
pos = 0
while pos < len(data):
    head_end = data.index(b"\r\n\r\n", pos) + 4
    length = int([l for l in data[pos:head_end].split(b"\r\n")
                  if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    end = head_end + length + 4
    out.write(gzip.compress(data[pos:end]))
    pos = end
PY
ok "extract --warc --jsonl writes one line per page" \
	sh -c "$CLINICDEX extract -q --warc '$W' --jsonl >'$T_TMP/plain.jsonl' &&
	       [ \$(wc -l <'$T_TMP/plain.jsonl') -eq \$(sqlite3 '$T_TMP/warc.db' 'SELECT count(*) FROM pages') ]"
ok "a file of gzip members gives the same lines" \
	sh -c "$CLINICDEX extract -q --warc '$W.gz' --jsonl | cmp - '$T_TMP/plain.jsonl'"
ok "... read from standard input too" \
	sh -c "$CLINICDEX extract -q --warc - --jsonl <'$W.gz' | cmp - '$T_TMP/plain.jsonl'"
ok "--jsonl opens no database" sh -c "[ ! -e '$CLINICDEX_DB' ]"

ok "import loads the lines" $CLINICDEX import -q --db "$T_TMP/imported.db" "$T_TMP/plain.jsonl"
$CLINICDEX export --db "$T_TMP/imported.db" --what claims >"$T_TMP/imp.claims"
{ $CLINICDEX export --db "$T_TMP/imported.db" --what claims &&
  $CLINICDEX export --db "$T_TMP/imported.db" --what practitioners &&
  $CLINICDEX export --db "$T_TMP/imported.db" | cut -d, -f1-13; } >"$T_TMP/imported.txt"
{ $CLINICDEX export --db "$T_TMP/warc.db" --what claims &&
  $CLINICDEX export --db "$T_TMP/warc.db" --what practitioners &&
  $CLINICDEX export --db "$T_TMP/warc.db" | cut -d, -f1-13; } >"$T_TMP/warc-full.txt"
ok "extract --warc --jsonl | import gives the export extract --warc gives" \
	diff "$T_TMP/warc-full.txt" "$T_TMP/imported.txt"
counts() { sqlite3 "$1" "SELECT (SELECT count(*) FROM sites), (SELECT count(*) FROM pages),
	(SELECT count(*) FROM claims), (SELECT count(*) FROM practitioners),
	(SELECT count(*) FROM locations), (SELECT count(*) FROM clinics)"; }
before=$(counts "$T_TMP/imported.db")
ok "importing the same file again (from stdin) succeeds" \
	sh -c "$CLINICDEX import -q --db '$T_TMP/imported.db' - <'$T_TMP/plain.jsonl'"
after=$(counts "$T_TMP/imported.db")
ok "... and changes nothing" test "$after" = "$before"
ok "... not the export either" sh -c "{ $CLINICDEX export --db '$T_TMP/imported.db' --what claims &&
	$CLINICDEX export --db '$T_TMP/imported.db' --what practitioners &&
	$CLINICDEX export --db '$T_TMP/imported.db' | cut -d, -f1-13; } | diff - '$T_TMP/imported.txt'"
$CLINICDEX export --db "$T_TMP/warc.db" --what claims >"$T_TMP/warc.claims"
ok "extract --warc twice changes nothing either" \
	sh -c "$CLINICDEX extract -q --db '$T_TMP/warc.db' --warc '$W.gz' &&
	       $CLINICDEX export --db '$T_TMP/warc.db' --what claims | diff - '$T_TMP/warc.claims'"

# all or nothing per file
head -n 3 "$T_TMP/plain.jsonl" >"$T_TMP/bad.jsonl"
echo '{"url":"http://bad.test/","claims":[{"kind":"credential","code":"md","practitioner":7}]}' >>"$T_TMP/bad.jsonl"
ok "a line out of range fails the import (exit 1)" \
	exits 1 $CLINICDEX import -q --db "$T_TMP/bad.db" "$T_TMP/bad.jsonl"
ok "... saying which line, in one line" sh -c "$CLINICDEX import --db '$T_TMP/bad.db' '$T_TMP/bad.jsonl' 2>&1 |
	grep -c . | grep -qx 1 && $CLINICDEX import --db '$T_TMP/bad.db' '$T_TMP/bad.jsonl' 2>&1 | grep -q 'line 4: .*nothing of it was imported'"
ok "... and nothing of the file is stored" sh -c "[ \$(sqlite3 '$T_TMP/bad.db' 'SELECT count(*) FROM pages') -eq 0 ]"
sed 's/"code":"md"/"code":"no-such-code"/' "$T_TMP/plain.jsonl" >"$T_TMP/code.jsonl"
ok "a code the rules do not know fails the import" \
	sh -c "! grep -q no-such-code '$T_TMP/plain.jsonl' && grep -q no-such-code '$T_TMP/code.jsonl' &&
	       $CLINICDEX import --db '$T_TMP/bad.db' '$T_TMP/code.jsonl' 2>&1 | grep -q \"code 'no-such-code' is not in the rules\""
size=$(wc -c <"$W.gz")
head -c $((size - 100)) "$W.gz" >"$T_TMP/cut.warc.gz"
ok "a WARC file cut short fails (exit 1)" \
	exits 1 $CLINICDEX extract -q --db "$T_TMP/cut.db" --warc "$T_TMP/cut.warc.gz"
ok "... and stores nothing of it" sh -c "[ \$(sqlite3 '$T_TMP/cut.db' 'SELECT count(*) FROM pages') -eq 0 ]"
ok "a file that is not WARC fails with a one-line reason" \
	sh -c "$CLINICDEX extract --db '$T_TMP/cut.db' --warc '$T_TMP/plain.jsonl' 2>&1 | grep -q 'not a WARC 1.0 or 1.1 record at byte 0'"
ok "--jsonl without --warc is a usage error" exits 2 $CLINICDEX extract --jsonl
ok "import without a file is a usage error" exits 2 $CLINICDEX import

# A WARC 1.0 file written by warcio, gzip per record: a page in ISO-8859-1
# sent gzip-compressed in chunks, a 404, an image, a request and a metadata
# record; only the page is read.
cat >"$T_TMP/write.mjs" <<'JS'
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
const require = createRequire(process.argv[2] + "/");
const { WARCRecord, WARCSerializer } = await import(require.resolve("warcio"));
const latin1 = (s) => Buffer.from(s, "latin1");
async function* once(b) { yield b; }
const page = latin1("<html><head><title>Clinica Nuñez</title></head><body><main>" +
	"<h1>Our team</h1><p>Dr. José Núñez, MD</p><p>We offer Botox and microneedling.</p>" +
	"</main></body></html>");
const gz = gzipSync(page);
const half = gz.length >> 1;
const chunked = Buffer.concat([latin1(half.toString(16) + "\r\n"), gz.subarray(0, half),
	latin1("\r\n" + (gz.length - half).toString(16) + "\r\n"), gz.subarray(half), latin1("\r\n0\r\n\r\n")]);
const recs = [
	WARCRecord.create({ url: "https://www.nunez-clinic.test/team", type: "request",
		warcVersion: "WARC/1.0", statusline: "GET /team HTTP/1.1",
		httpHeaders: { Host: "www.nunez-clinic.test" } }, once(new Uint8Array())),
	WARCRecord.create({ url: "https://www.nunez-clinic.test/team", type: "response",
		warcVersion: "WARC/1.0", date: "2024-05-01T10:00:00Z",
		httpHeaders: { "Content-Type": "text/html; charset=iso-8859-1",
			"Content-Encoding": "gzip", "Transfer-Encoding": "chunked" } }, once(chunked)),
	WARCRecord.create({ url: "https://www.nunez-clinic.test/gone", type: "response",
		warcVersion: "WARC/1.0", statusline: "HTTP/1.1 404 Not Found",
		httpHeaders: { "Content-Type": "text/html" } }, once(latin1("<p>Dr. Ann Gone, MD</p>"))),
	WARCRecord.create({ url: "https://www.nunez-clinic.test/logo.png", type: "response",
		warcVersion: "WARC/1.0", httpHeaders: { "Content-Type": "image/png" } },
		once(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]))),
	WARCRecord.create({ url: "https://www.nunez-clinic.test/team", type: "metadata",
		warcVersion: "WARC/1.0", warcHeaders: { "Content-Type": "application/warc-fields" } },
		once(latin1("via: test\r\n"))),
];
const parts = [];
for (const r of recs) parts.push(await WARCSerializer.serialize(r, { gzip: true }));
writeFileSync(process.argv[3], Buffer.concat(parts));
JS
ok "warcio writes a gzip WARC 1.0 file" \
	sh -c "[ $warcio_ready = yes ] && node '$T_TMP/write.mjs' '$NPM_DIR' '$T_TMP/warcio.warc.gz' &&
	       gzip -dc '$T_TMP/warcio.warc.gz' | head -c 9 | grep -q 'WARC/1.0'"
ok "extract reads its one HTML page" \
	sh -c "$CLINICDEX extract -q --warc '$T_TMP/warcio.warc.gz' --jsonl >'$T_TMP/warcio.jsonl' &&
	       [ \$(wc -l <'$T_TMP/warcio.jsonl') -eq 1 ]"
ok "... decoded (chunks, gzip) and converted from ISO-8859-1" \
	grep -q '"name":"José Núñez"' "$T_TMP/warcio.jsonl"
ok "... with its claims" sh -c "grep -q '\"code\":\"md\"' '$T_TMP/warcio.jsonl' &&
	grep -q '\"code\":\"microneedling\"' '$T_TMP/warcio.jsonl'"
ok "... and the date of its WARC record" grep -q '"fetched_at":1714557600' "$T_TMP/warcio.jsonl"
ok "the 404 and the image are passed over, and -v says why" \
	sh -c "$CLINICDEX extract -v --warc '$T_TMP/warcio.warc.gz' --jsonl 2>&1 >/dev/null |
	       grep -c 'passed over' | grep -qx 2"
ok "stored, the page is under its site" \
	sh -c "$CLINICDEX extract -q --db '$T_TMP/nunez.db' --warc '$T_TMP/warcio.warc.gz' &&
	       $CLINICDEX export --db '$T_TMP/nunez.db' --what practitioners | grep -q 'https://nunez-clinic.test,José Núñez'"
# WARC 1.0 as its grammar wrote the URI, in angle brackets, made by hand
"$PYTHON3" - "$T_TMP/angle.warc" <<'PY'
import sys
body = b"<html><body><p>Dr. Ana Ruiz, MD offers Botox.</p></body></html>"
http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <http://angle.test/>\r\n"
       b"WARC-Date: 2024-05-01T10:00:00Z\r\nContent-Length: %d\r\n\r\n" % len(http)) + http + b"\r\n\r\n"
open(sys.argv[1], "wb").write(rec)
PY
ok "a WARC-Target-URI in angle brackets is read without them" \
	sh -c "$CLINICDEX extract -q --warc '$T_TMP/angle.warc' --jsonl | grep -q '^{\"url\":\"http://angle.test/\"'"
done_testing
