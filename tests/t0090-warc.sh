#!/bin/sh
# crawl --warc FILE: the WARC 1.1 file a crawl writes is read back by a
# real WARC reader (the npm package warcio): every record parses, the
# digests verify, and each response is a stored page with the same body.
. "$TOP_SRCDIR/tests/lib.sh"

# warcio 2.4.x needs Node 18 or later (Debian 12 ships 18).
WARCIO_VERSION=2.4.11
NPM_DIR="$T_TMP/npm"
warcio_ready=no
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "# node and npm are needed to check WARC files with warcio (quickstart.sh installs nodejs npm)"
elif npm install --no-audit --no-fund --silent --prefix "$NPM_DIR" "warcio@$WARCIO_VERSION" \
	>"$T_TMP/npm.log" 2>&1; then
	warcio_ready=yes
else
	sed 's/^/# npm: /' "$T_TMP/npm.log" | tail -10
fi
ok "node, npm and warcio@$WARCIO_VERSION are available" test "$warcio_ready" = yes

# Reads the WARC twice with warcio: raw blocks to check both digests and the
# lengths, then parsed HTTP to read the status and the body. One line a
# record: type, target URI, status, digests ok, sha256 of the body.
cat >"$T_TMP/check.mjs" <<'EOF'
import { createRequire } from "node:module";
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
const require = createRequire(process.argv[2] + "/");
const { WARCParser } = await import(require.resolve("warcio"));
const file = process.argv[3];
const hex = (b) => createHash("sha256").update(b).digest("hex");
const crlf2 = Buffer.from("\r\n\r\n");
const raw = [];
for await (const r of new WARCParser(createReadStream(file), { parseHttp: false })) {
	const block = Buffer.from(await r.readFully());
	let ok = block.length === r.warcContentLength &&
		r.warcBlockDigest === "sha256:" + hex(block) &&
		/^<urn:uuid:[0-9a-f-]{36}>$/.test(r.warcHeader("WARC-Record-ID")) &&
		/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.warcDate);
	if (r.warcType === "response") {
		const body = block.subarray(block.indexOf(crlf2) + 4);
		ok = ok && r.warcPayloadDigest === "sha256:" + hex(body);
	}
	raw.push(ok);
}
let i = 0;
for await (const r of new WARCParser(createReadStream(file))) {
	let status = "-", body = "-";
	if (r.warcType === "response") {
		status = r.httpHeaders.statusCode;
		const b = Buffer.from(await r.readFully(true));
		body = hex(b);
		if (Number(r.httpHeaders.headers.get("content-length")) !== b.length)
			raw[i] = false;
	} else if (r.warcType === "request") {
		status = r.httpHeaders.method;
		if (!r.warcConcurrentTo.length) raw[i] = false;
	}
	console.log([r.warcType, r.warcTargetURI || "-", status, raw[i] ? "ok" : "BAD", body].join("\t"));
	i++;
}
if (i !== raw.length) { console.error(`parsed ${i} records, raw ${raw.length}`); process.exit(1); }
EOF

start_server
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --allow-private --delay 0"
q() { sqlite3 "$CLINICDEX_DB" "$1"; }
W="$T_TMP/lumina.warc"
checked="$T_TMP/records.tsv"

ok "a crawl with --warc succeeds" $CRAWL --warc "$W" http://lumina-dermatology.test/
ok "... and wrote a WARC 1.1 file" sh -c "head -c 10 '$W' | grep -q '^WARC/1.1'"
ok "warcio reads every record" sh -c "node '$T_TMP/check.mjs' '$NPM_DIR' '$W' >'$checked'"
ok "... every block digest, payload digest and length verifies" \
	sh -c "[ -s '$checked' ] && ! cut -f4 '$checked' | grep -qv '^ok$'"

pages=$(q "SELECT count(*) FROM pages WHERE status = 200 AND body_hash IS NOT NULL")
ok "the demo site gave some pages, all 200" \
	sh -c "[ $pages -ge 3 ] && [ \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM pages WHERE status > 0 AND status <> 200')\" -eq 0 ]"
ok "one warcinfo record, first" sh -c "[ \"\$(cut -f1 '$checked' | grep -c '^warcinfo$')\" -eq 1 ] && head -n 1 '$checked' | grep -q '^warcinfo'"
ok "a request and a response per stored page" \
	sh -c "[ \"\$(grep -c '^request	' '$checked')\" -eq $pages ] && [ \"\$(grep -c '^response	' '$checked')\" -eq $pages ] && [ \"\$(wc -l <'$checked')\" -eq \$(($pages * 2 + 1)) ]"
# each response: a stored page, at its final URL, with the stored body
q "SELECT final_url, 200, body_hash FROM pages WHERE status = 200" | tr '|' '\t' | sort >"$T_TMP/stored"
ok "each response is a stored page's final URL, status and body" \
	sh -c "grep '^response	' '$checked' | cut -f2,3,5 | sort | diff - '$T_TMP/stored'"
ok "... the team page among them" grep -q '^response	http://lumina-dermatology.test/team/	200	' "$checked"
ok "each request is a GET of its response's URL" \
	sh -c "[ \"\$(grep '^request	' '$checked' | cut -f2,3 | sort)\" = \"\$(grep '^response	' '$checked' | cut -f2 | sed 's/\$/	GET/' | sort)\" ]"
ok "the request head is the one sent (our User-Agent)" grep -q 'User-Agent: clinicdex/' "$W"
ok "robots.txt and redirect hops are not written" \
	sh -c "! grep -q -e 'robots.txt' -e '^HTTP/1.[01] 30' '$W'"

ok "a rerun (nothing to fetch) appends only a warcinfo record" $CRAWL --warc "$W" http://lumina-dermatology.test/
ok "... and the file still reads" sh -c "node '$T_TMP/check.mjs' '$NPM_DIR' '$W' >'$checked'"
ok "... with two warcinfo records now" \
	sh -c "[ \"\$(grep -c '^warcinfo' '$checked')\" -eq 2 ] && [ \"\$(wc -l <'$checked')\" -eq \$(($pages * 2 + 2)) ] && ! cut -f4 '$checked' | grep -qv '^ok$'"

ok "a WARC file that cannot be opened exits 1" \
	exits 1 $CRAWL --db "$T_TMP/other.db" --warc "$T_TMP/no/such/dir.warc" http://lumina-dermatology.test/
ok "... with one line saying why" \
	sh -c "$CRAWL --db '$T_TMP/other.db' --warc '$T_TMP/no/such/dir.warc' http://lumina-dermatology.test/ 2>&1 >/dev/null | grep -c . | grep -qx 1 && $CRAWL --db '$T_TMP/other.db' --warc '$T_TMP/no/such/dir.warc' http://lumina-dermatology.test/ 2>&1 | grep -q 'cannot open WARC file'"
done_testing
