#!/bin/sh
# clinicdex serve: the sample web (and a hostile clinic) is crawled,
# verified against the registries, and served read only on a loopback
# port. The JSON API gives what search, export and show give; the pages
# show the clinics nearest first with their badges and conflict marks, a
# clinic with its evidence; bad and hostile requests get a helpful page
# with the right status and nothing of a hostile clinic runs or links.
# With chromium installed, a real browser loads the pages and takes
# screenshots at desktop and phone widths (kept in tests/artifacts/serve).
. "$TOP_SRCDIR/tests/lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl is not installed"

web="$T_TMP/web"
mkdir -p "$web"
cp -R "$TOP_SRCDIR"/data/demo-web/*.test "$TOP_SRCDIR"/tests/web/serve-web/*.test "$web"/
start_server "$web"
for d in "$web"/*.test; do echo "http://$(basename "$d")/"; done >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server
"$CLINICDEX" -q gazetteer import "$TOP_SRCDIR/tests/data/2023_Gaz_zcta_national_sample.txt" &&
"$CLINICDEX" -q gazetteer import "$TOP_SRCDIR/tests/data/2023_Gaz_place_national_sample.txt" &&
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$TOP_SRCDIR/tests/data/nppes-demo.json" \
	--rows 3000 -o "$T_TMP/npi.csv" &&
"$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv" &&
"$CLINICDEX" -q verify 2>/dev/null || { echo "Bail out! the directory could not be prepared"; exit 1; }
# an evidence URL no crawl writes, as a merged or imported database may hold
hostile=$(sqlite3 "$CLINICDEX_DB" "SELECT id FROM clinics WHERE name LIKE '<script>%'")
[ -n "$hostile" ] || { echo "Bail out! the hostile clinic was not crawled"; exit 1; }
sqlite3 "$CLINICDEX_DB" "UPDATE claims SET evidence_url = ' javascript:document.title=1'
	WHERE id = (SELECT min(id) FROM claims WHERE clinic_id = $hostile);
	UPDATE claims SET evidence_url = 'JavaScript:alert(1)'
	WHERE id = (SELECT max(id) FROM claims WHERE clinic_id = $hostile)"

SERVE_PID=""
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; cleanup' EXIT
# serve_start LOG: clinicdex serve on a port the system picks; sets SPORT
serve_start() {
	"$CLINICDEX" -v serve --listen 127.0.0.1:0 2>"$1" &
	SERVE_PID=$!
	i=0
	while ! grep -q '^clinicdex serve: http' "$1" && kill -0 "$SERVE_PID" 2>/dev/null &&
		[ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	SPORT=$(sed -n 's|^clinicdex serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$1")
	[ -n "$SPORT" ] || { echo "Bail out! clinicdex serve did not start"; cat "$1"; exit 1; }
}
serve_start "$T_TMP/serve.err"
U="http://127.0.0.1:$SPORT"

# get PATH: the body on stdout; the status in $T_TMP/code, headers in $T_TMP/hdr
get() {
	curl -sS --path-as-is -D "$T_TMP/hdr" -o "$T_TMP/body" -w '%{http_code}' "$U$1" >"$T_TMP/code"
	cat "$T_TMP/body"
}
status() { get "$1" >/dev/null; [ "$(cat "$T_TMP/code")" = "$2" ] || { echo "status $(cat "$T_TMP/code"), wanted $2" >&2; return 1; }; }
has() { grep -qF -- "$2" "$1" || { echo "no '$2' in $1" >&2; return 1; }; }
hasnt() { ! grep -qiF -- "$2" "$1" || { echo "'$2' found in $1" >&2; return 1; }; }
py() { "$PYTHON3" -c "$@"; }
# foreign_script FILE: FILE holds a <script> or <img> element other than the
# bundled map scripts
cat >"$T_TMP/foreign_script" <<'SH'
#!/bin/sh
grep -ioE '<(script|img)[^>]*>' "$1" | grep -vqE '^<script src="/static/(leaflet/leaflet|map)\.js" defer(="")?>$'
SH
chmod +x "$T_TMP/foreign_script"

# ---- the JSON API mirrors the command line ----
same_search() { # QUERY CLI-ARGS...: /api/search?QUERY gives the clinics search --format jsonl gives
	q=$1; shift
	get "/api/search?$q" >"$T_TMP/api.json"
	"$CLINICDEX" search "$@" --format jsonl >"$T_TMP/cli.jsonl" || return 1
	py 'import json, sys
api = json.load(open(sys.argv[1]))
cli = [json.loads(l) for l in open(sys.argv[2])]
assert cli, "the search finds nothing: not a test"
assert api["clinics"] == cli, (api, cli)
assert api["count"] == len(cli)' "$T_TMP/api.json" "$T_TMP/cli.jsonl"
}
ok "/api/search near a ZIP gives search --near's clinics, fields and distances" \
	same_search "near=78701&radius=100mi" --near 78701 --radius 100mi --limit 20
ok "... with credential, service and text filters" \
	same_search "credential=md&service=neurotoxin&text=dermatology&limit=50" \
	--credential md --service neurotoxin --text dermatology --limit 50
ok "... near a city, filtered by state and status" \
	same_search "near=Austin,%20TX&radius=300mi&state=tx&status=conflict" \
	--near "Austin, TX" --radius 300mi --state tx --status conflict --limit 20
ok "... limit and offset page through the same order" sh -c '
	'"$(command -v curl)"' -s "'"$U"'/api/search?limit=3&offset=2" >"'"$T_TMP"'/page.json" &&
	"'"$CLINICDEX"'" search --format jsonl | "'"$PYTHON3"'" -c "
import json, sys
page = json.load(open(sys.argv[1]))
allrows = [json.loads(l) for l in sys.stdin]
assert len(allrows) > 5 and page[\"clinics\"] == allrows[2:5] and page[\"offset\"] == 2, page
" "'"$T_TMP"'/page.json"'
ok "/api/search carries CORS headers for reading" \
	sh -c "curl -sSI '$U/api/search' | grep -qi '^Access-Control-Allow-Origin: \*'"
ok "/api/search.csv is the CSV of search --format csv" sh -c "
	curl -sS '$U/api/search.csv?state=TX' >'$T_TMP/api.csv' &&
	'$CLINICDEX' search --state TX --format csv >'$T_TMP/cli.csv' &&
	test \$(wc -l <'$T_TMP/cli.csv') -gt 2 && cmp '$T_TMP/api.csv' '$T_TMP/cli.csv'"
ok "... as text/csv" sh -c "curl -sSI '$U/api/search.csv' | grep -qi '^Content-Type: text/csv'"
ok "/api/clinics/ID is show --format json" sh -c "
	curl -sS '$U/api/clinics/$hostile' >'$T_TMP/api-clinic.json' &&
	'$CLINICDEX' show $hostile --format json >'$T_TMP/cli-clinic.json' &&
	'$PYTHON3' -c 'import json, sys; a, b = (json.load(open(f)) for f in sys.argv[1:]); assert a == b and a[\"claims\"], a' \
		'$T_TMP/api-clinic.json' '$T_TMP/cli-clinic.json'"
ok "... and by its site's host" sh -c "
	curl -sS '$U/api/clinics/lumina-dermatology.test' | grep -q '\"name\":\"Lumina Dermatology\"'"

# ---- bad parameters: 400 and a JSON error ----
bad_api() { # QUERY: a 400 with {"error": "..."}
	status "/api/search?$1" 400 || return 1
	py 'import json, sys; e = json.load(open(sys.argv[1]))["error"]; assert e, e' "$T_TMP/body"
}
long=$(py 'print("a" * 5000)')
for q in limit=0 limit=abc limit=1001 limit=-1 offset=99999999 radius=5parsecs \
	radius=99999mi near=nowhere "near=78701&near=78702" state=ZZ zip=7870 status=bogus \
	credential=bogus service=microneedeling radius=10mi unknown=1 "text=$long" \
	"near=$long" "text=%00" "city=a%0Db" "text=%FF%FE" "text=%2A%2A%2A"; do
	ok "/api/search?$(echo "$q" | cut -c1-40) is a 400 with a JSON error" bad_api "$q"
done
ok "an unknown place is a 404 with a JSON error saying so" sh -c "
	curl -s -o '$T_TMP/b' -w '%{http_code}' '$U/api/search?near=Springfeld,%20IL' | grep -qx 404 &&
	grep -q 'unknown place' '$T_TMP/b'"
ok "an unknown clinic is a 404" status /api/clinics/999999 404
ok "... and so is an id that is not one" status "/api/clinics/..%2F..%2Fetc%2Fpasswd" 404
ok "an unknown API path is a JSON 404" sh -c "
	curl -s -o '$T_TMP/b' -w '%{http_code}' '$U/api/nope' | grep -qx 404 && grep -q '\"error\"' '$T_TMP/b'"

# ---- pages ----
ok "the home page is a 200 with the search form" status / 200
ok "... every credential and service labelled in words from rules.json" py '
import html, json, sys
page = open(sys.argv[2]).read()
codes = json.load(open(sys.argv[1]))["codes"]
assert codes
for c in codes:
    opt = "<option value=\"%s\">%s</option>" % (c["code"], html.escape(c["label"]).replace("&#x27;", "&#39;"))
    assert opt in page, opt' "$TOP_SRCDIR/data/rules.json" "$T_TMP/body"
ok "... labels for every field" sh -c "
	for f in near radius credential service text; do grep -q \"<label for=\\\"\$f\\\">\" '$T_TMP/body' || exit 1; done"
ok "... and a strict Content-Security-Policy" \
	grep -qiE "^Content-Security-Policy: default-src 'none'; (script-src 'self'; )?style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'.$" "$T_TMP/hdr"
ok "a search page lists the clinics nearest first, with distance and badges" sh -c "
	curl -sS '$U/api/search?near=78701&radius=300mi' >'$T_TMP/near.json' &&
	curl -sS '$U/search?near=78701&radius=300mi' >'$T_TMP/near.html' &&
	'$PYTHON3' -c '
import html, json, re, sys
api = json.load(open(sys.argv[1]))[\"clinics\"]
page = open(sys.argv[2]).read()
items = re.split(r\"<li[^>]*><article>\", page)[1:]
assert len(items) == len(api) >= 3, (len(items), len(api))
for c, it in zip(api, items):
    assert \">%s</a></h2>\" % html.escape(c[\"name\"]).replace(\"&#x27;\", \"&#39;\") in it, (c[\"name\"], it[:200])
    assert \"%.1f mi\" % c[\"distance_mi\"] in it
    assert \"<li class=\\\"svc\\\">\" in it or not c[\"services\"]
' '$T_TMP/near.json' '$T_TMP/near.html'"
ok "... with a mark on each clinic with a claim in conflict with a registry, and only those" sh -c "
	'$CLINICDEX' export --what claims --format jsonl >'$T_TMP/claims.jsonl' &&
	curl -sS '$U/search?limit=20' >'$T_TMP/all.html' &&
	'$PYTHON3' -c '
import json, re, sys
conflict = {json.loads(l)[\"clinic_id\"] for l in open(sys.argv[1]) if json.loads(l)[\"status\"] == \"conflict\"}
assert conflict, \"no conflict in the fixture: not a test\"
items = re.split(r\"<li[^>]*><article>\", open(sys.argv[2]).read())[1:]
assert len(items) >= 10
for it in items:
    cid = int(re.search(r\"/clinics/(\\d+)\", it).group(1))
    assert (\"conflict with a registry\" in it or \"conflicts with a registry\" in it) == (cid in conflict), (cid, it)
' '$T_TMP/claims.jsonl' '$T_TMP/all.html'"
ok "a search with no match is a 200 that says so" sh -c "
	curl -s -o '$T_TMP/b' -w '%{http_code}' '$U/search?text=zzzzqqq' | grep -qx 200 &&
	grep -q 'No clinics match' '$T_TMP/b'"
ok "an unknown place is a 404 page that says what to type" sh -c "
	curl -s -o '$T_TMP/b' -w '%{http_code}' '$U/search?near=Springfeld,%20IL' | grep -qx 404 &&
	grep -q 'We do not know the place &ldquo;Springfeld, IL&rdquo;' '$T_TMP/b' && grep -q '<form' '$T_TMP/b'"
ok "a bad parameter is a 400 page with the form and the reason" sh -c "
	curl -s -o '$T_TMP/b' -w '%{http_code}' '$U/search?radius=5parsecs&near=78701' | grep -qx 400 &&
	grep -q 'radius' '$T_TMP/b' && grep -q '<form' '$T_TMP/b'"
ok "a page that does not exist is a 404 page" sh -c "
	curl -s -o '$T_TMP/b' -w '%{http_code}' '$U/nope' | grep -qx 404 && grep -q 'Page not found' '$T_TMP/b'"
for p in /../../../../etc/passwd /static/../../../etc/passwd /%2e%2e/%2e%2e/etc/passwd \
	/static/%2e%2e/%2e%2e/etc/passwd /static/ /static /clinics/../../etc/passwd "/clinics/1%2F..%2F..%2Fetc%2Fpasswd"; do
	ok "path traversal $p is a 404 with no file in it" sh -c "
		curl -s --path-as-is -o '$T_TMP/b' -w '%{http_code}' '$U$p' | grep -qx 404 && ! grep -q 'root:' '$T_TMP/b'"
done
ok "a clinic page shows name, location, phone as tel:, practitioners and evidence" sh -c "
	curl -sS '$U/clinics/lumina-dermatology.test' >'$T_TMP/lumina.html' &&
	grep -q '<h1>Lumina Dermatology</h1>' '$T_TMP/lumina.html' &&
	grep -q '<address>1200 Congress Ave Suite 300, Austin, TX 78701</address>' '$T_TMP/lumina.html' &&
	grep -q 'href=\"tel:+15125550142\"' '$T_TMP/lumina.html' &&
	grep -q '<th scope=\"row\">Maria Lopez</th>' '$T_TMP/lumina.html' &&
	grep -q 'Matches the registry' '$T_TMP/lumina.html' &&
	grep -q '<blockquote>' '$T_TMP/lumina.html' &&
	grep -q 'href=\"http://lumina-dermatology.test/' '$T_TMP/lumina.html' &&
	grep -q '<time datetime=\"20' '$T_TMP/lumina.html'"
ok "... every claim of show with its evidence sentence" sh -c "
	'$CLINICDEX' show lumina-dermatology.test --format json | '$PYTHON3' -c '
import html, json, sys
page = open(sys.argv[1]).read()
c = json.load(sys.stdin)
assert c[\"claims\"]
for cl in c[\"claims\"]:
    assert \"<blockquote>%s</blockquote>\" % html.escape(cl[\"evidence\"]).replace(\"&#x27;\", \"&#39;\") in page, cl
' '$T_TMP/lumina.html'"
ok "... and a conflict in plain words with its reason" sh -c "
	id=\$('$CLINICDEX' export --what claims --status conflict --format jsonl | head -n1 | '$PYTHON3' -c 'import json,sys; print(json.load(sys.stdin)[\"clinic_id\"])') &&
	curl -sS '$U/clinics/'\$id | grep -q 'Conflicts with the registry</span>: '"

# ---- a hostile clinic ----
get "/clinics/$hostile" >"$T_TMP/hostile.html"
ok "the hostile clinic's page is served" test "$(cat "$T_TMP/code")" = 200
ok "... its name is text, not markup" has "$T_TMP/hostile.html" \
	"<h1>&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; Skin &amp; &quot;Spa&quot;</h1>"
ok "... as is its evidence" has "$T_TMP/hostile.html" "&lt;img src=x onerror=alert(3)&gt;"
ok "... no element of it is live" sh -c "! '$T_TMP/foreign_script' '$T_TMP/hostile.html'"
ok "... a javascript: evidence URL is not a link" sh -c "
	grep -q 'source:  javascript:document.title=1' '$T_TMP/hostile.html' &&
	! grep -qi 'href=\"[^\"]*javascript' '$T_TMP/hostile.html'"
ok "... nor in any case" sh -c "grep -q 'source: JavaScript:alert(1)' '$T_TMP/hostile.html'"
ok "... and its search result is inert too" sh -c "
	curl -sS '$U/search?text=pwned' >'$T_TMP/b' &&
	grep -qF '&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;' '$T_TMP/b' && ! '$T_TMP/foreign_script' '$T_TMP/b'"
ok "a form value is escaped back into its attribute" sh -c "
	curl -sS '$U/search?text=%22%3E%3Cscript%3Ex' >'$T_TMP/b'; grep -qF 'value=\"&quot;&gt;&lt;script&gt;x\"' '$T_TMP/b' &&
	! '$T_TMP/foreign_script' '$T_TMP/b'"

# ---- the protocol ----
ok "POST is refused with 405 and Allow" sh -c "
	curl -s -o /dev/null -D '$T_TMP/h' -w '%{http_code}' -X POST --data x=1 '$U/api/search' | grep -qx 405 &&
	grep -qi '^Allow: GET, HEAD, OPTIONS' '$T_TMP/h'"
ok "OPTIONS (a CORS preflight) is a 204 with CORS headers" sh -c "
	curl -s -o /dev/null -D '$T_TMP/h' -w '%{http_code}' -X OPTIONS '$U/api/search' | grep -qx 204 &&
	grep -qi '^Access-Control-Allow-Origin: \*' '$T_TMP/h'"
ok "HEAD gives the headers without a body" sh -c "
	curl -sS -I '$U/' | grep -qi '^Content-Type: text/html'"
ok "a huge URL is refused with a 4xx" sh -c "
	curl -s -o /dev/null -w '%{http_code}' '$U/api/search?text=$(py 'print("b" * 100000)')' | grep -q '^4'"
ok "too many parameters are a 400" status "/api/search?$(py 'print("&".join("limit=1" for _ in range(80)))')" 400
ok "the server still answers after all that" status "/api/search?limit=1" 200
ok "-v logs one line per request with path, parameters and status" sh -c "
	grep -q '^127.0.0.1 GET /api/search?near=78701&radius=100mi 200 ' '$T_TMP/serve.err' &&
	grep -q '^127.0.0.1 POST /api/search 405 ' '$T_TMP/serve.err'"
ok "... with control characters stripped" sh -c "
	curl -s -o /dev/null '$U/a%1B%5B2Jb' && grep -q '^127.0.0.1 GET /a\[2Jb 404' '$T_TMP/serve.err'"

# ---- the map (Leaflet, vendored at build time) ----
if grep -q 'Leaflet is not installed' "$T_TMP/serve.err"; then
	MAP=no
	echo "# Leaflet was not vendored (no npm at build time): the map checks are skipped"
else
	MAP=yes
	ok "the map's scripts are served from here" sh -c "
		curl -sSI '$U/static/leaflet/leaflet.js' | grep -qi '^Content-Type: text/javascript' &&
		curl -sS '$U/static/leaflet/leaflet.js' | grep -q 'Leaflet' &&
		curl -sSI '$U/static/leaflet/leaflet.css' | grep -qi '^Content-Type: text/css' &&
		curl -sS '$U/static/map.js' | grep -q 'circleMarker'"
	ok "... no other file under /static/leaflet/" status /static/leaflet/LICENSE 404
	ok "... and the policy allows scripts from here only, images from here only (no --tiles)" sh -c "
		curl -sSI '$U/' | grep -qi \"^Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \""
	ok "a search page puts each clinic with coordinates on the map" sh -c "
		curl -sS '$U/search?near=78701&radius=300mi' >'$T_TMP/m.html' &&
		grep -q '<div id=\"map\"' '$T_TMP/m.html' &&
		test \$(grep -c '<li data-lat=\"' '$T_TMP/m.html') -ge 3"
	ok "... its name in an escaped attribute" \
		has "$T_TMP/m.html" "data-name=\"&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; Skin &amp; &quot;Spa&quot;\""
fi
ok "--tiles that is not an http(s) template is a usage error (exit 2)" \
	exits 2 "$CLINICDEX" serve --tiles 'javascript:alert(1)/{z}/{x}/{y}'
ok "... nor one with a subdomain pattern or a quote" sh -c "
	'$CLINICDEX' serve --tiles 'https://{s}.tiles.test/{z}/{x}/{y}.png' 2>/dev/null; [ \$? -eq 2 ] &&
	'$CLINICDEX' serve --tiles 'https://tiles.test/{z}/{x}/{y}.png\"onload=x' 2>/dev/null; [ \$? -eq 2 ]"

# ---- a real browser ----
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ]; then
	shots=${SERVE_ARTIFACTS:-$PWD/tests/artifacts/serve}
	mkdir -p "$shots"
	browse() { # ARGS... URL: headless chromium, its own profile, no sandbox (root in CI)
		timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
			--no-first-run --user-data-dir="$T_TMP/chromium" --hide-scrollbars "$@" 2>>"$T_TMP/chromium.err"
	}
	browse --dump-dom "$U/search?near=78701&radius=300mi&service=neurotoxin" >"$T_TMP/dom-search.html"
	ok "chromium: the search shows the nearest clinic first, with its badges" py '
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s): super().__init__(); s.stack = []; s.h2 = []; s.badges = 0; s.marks = 0
    def handle_starttag(s, t, a):
        s.stack.append(t); a = dict(a)
        if t == "li" and a.get("class") in ("svc", "cred"): s.badges += 1
        if t == "p" and a.get("class") == "conflict": s.marks += 1
    def handle_endtag(s, t):
        while s.stack and s.stack.pop() != t: pass
    def handle_data(s, d):
        if "h2" in s.stack and "a" in s.stack: s.h2.append(d)
p = P(); p.feed(open(sys.argv[1]).read())
assert p.h2[:1] == ["Lumina Dermatology"], p.h2
assert p.badges > 5 and p.marks >= 1, (p.badges, p.marks)' "$T_TMP/dom-search.html"
	if [ "$MAP" = yes ]; then
		ok "chromium: the map draws a marker for each clinic with coordinates, without tiles" py '
import re, sys
dom = open(sys.argv[1]).read()
assert "leaflet-container" in dom, "no map"
points = len(re.findall(r"<li data-lat=", dom))
markers = len(re.findall(r"<path[^>]*leaflet-interactive", dom))
assert points >= 1 and markers == points, (points, markers)' "$T_TMP/dom-search.html"
	fi
	browse --dump-dom "$U/clinics/$hostile" >"$T_TMP/dom-hostile.html"
	ok "chromium: no script of the hostile clinic runs (title and body intact)" sh -c "
		grep -q '<title>&lt;script&gt;document.title=.pwned.&lt;/script&gt; Skin' '$T_TMP/dom-hostile.html' &&
		grep -q 'What the site claims, with the evidence' '$T_TMP/dom-hostile.html' &&
		! '$T_TMP/foreign_script' '$T_TMP/dom-hostile.html'"
	browse --dump-dom "$U/clinics/lumina-dermatology.test" >"$T_TMP/dom-clinic.html"
	ok "chromium: the clinic page shows its evidence and registry checks" sh -c "
		grep -q '<blockquote>' '$T_TMP/dom-clinic.html' && grep -q 'Matches the registry' '$T_TMP/dom-clinic.html'"
	for w in desktop:1280,900 phone:390,844; do
		name=${w%%:*}
		size=${w#*:}
		for page in "search:/search?near=78701&radius=300mi" "clinic:/clinics/lumina-dermatology.test"; do
			f="$shots/${page%%:*}-$name.png"
			rm -f "$f"
			browse --window-size="$size" --screenshot="$f" "$U${page#*:}" >/dev/null
			ok "chromium: a screenshot of the ${page%%:*} page at $name width ($size)" py '
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == tuple(int(x) for x in sys.argv[2].split(",")), (w, h)
# something is drawn: the picture is not one colour (a blank or error page)
idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
raw = zlib.decompress(idat)
assert len(set(raw[:200000])) > 20' "$f" "$size"
		done
	done
	echo "# screenshots in $shots"
else
	echo "# chromium is not installed: the browser checks are skipped"
fi

# ---- stopping and starting ----
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
rc=$?
SERVE_PID=""
ok "SIGTERM stops the server cleanly: status 0 and a last word" \
	sh -c "[ $rc -eq 0 ] && grep -q 'stopped (SIGTERM)' '$T_TMP/serve.err'"
serve_start "$T_TMP/serve2.err"
kill -INT "$SERVE_PID"
wait "$SERVE_PID"
rc=$?
SERVE_PID=""
ok "SIGINT stops it too" sh -c "[ $rc -eq 0 ] && grep -q 'stopped (SIGINT)' '$T_TMP/serve2.err'"
if [ "$MAP" = yes ]; then
	"$CLINICDEX" -v serve --listen 127.0.0.1:0 --tiles 'http://127.0.0.1:9/t/{z}/{x}/{y}.png' \
		2>"$T_TMP/serve3.err" &
	SERVE_PID=$!
	i=0
	while ! grep -q '^clinicdex serve: http' "$T_TMP/serve3.err" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	U=http://127.0.0.1:$(sed -n 's|^clinicdex serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T_TMP/serve3.err")
	ok "--tiles: the policy allows images from the tile server too" sh -c "
		curl -sSI '$U/' | grep -qi \"^Content-Security-Policy: .*img-src 'self' data: http://127.0.0.1:9; \""
	ok "... and the map box names the tiles" sh -c "
		curl -sS '$U/search?near=78701' | grep -qF 'data-tiles=\"http://127.0.0.1:9/t/{z}/{x}/{y}.png\"'"
	kill "$SERVE_PID"
	wait "$SERVE_PID"
	SERVE_PID=""
fi
ok "the database was only read" sh -c "[ \"\$(sqlite3 '$CLINICDEX_DB' 'PRAGMA integrity_check')\" = ok ]"
ok "--listen without a port is a usage error (exit 2)" exits 2 "$CLINICDEX" serve --listen 127.0.0.1
ok "--listen with a name is a usage error (exit 2)" exits 2 "$CLINICDEX" serve --listen example.com:80
ok "a missing database is a runtime error (exit 1)" exits 1 "$CLINICDEX" --db "$T_TMP/none.db" serve --listen 127.0.0.1:0
ok "... and creates nothing" test ! -e "$T_TMP/none.db"
done_testing
