#!/bin/sh
# clinicdex serve limits the requests of each client address: one client
# looping over the API gets 429s with a Retry-After (as a JSON error on
# the API, a page elsewhere) once its burst is spent, while a client on
# another address (127.0.0.2: on Linux all of 127/8 is loopback) is served
# all along; after the wait it said, the first client is served again.
# --per-client-rate 0 lifts the limit; a bad value is a usage error.
. "$TOP_SRCDIR/tests/lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl is not installed"
curl -s -o /dev/null --interface 127.0.0.2 http://127.0.0.2:9/ 2>/dev/null
[ $? -eq 45 ] && skip_all "127.0.0.2 is not a local address here"

"$CLINICDEX" -q gazetteer import "$TOP_SRCDIR/tests/data/2023_Gaz_zcta_national_sample.txt" ||
	{ echo "Bail out! no directory"; exit 1; }

SERVE_PID=""
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; cleanup' EXIT
# serve_start LOG ARGS...: clinicdex serve on 127.0.0.1 and a free port; sets U
serve_start() {
	log=$1
	shift
	"$CLINICDEX" -v serve --listen 127.0.0.1:0 "$@" 2>"$log" &
	SERVE_PID=$!
	i=0
	while ! grep -q '^clinicdex serve: http' "$log" && kill -0 "$SERVE_PID" 2>/dev/null &&
		[ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	SPORT=$(sed -n 's|^clinicdex serve: http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
	[ -n "$SPORT" ] || { echo "Bail out! clinicdex serve did not start"; cat "$log"; exit 1; }
	U="http://127.0.0.1:$SPORT"
}
serve_stop() { kill "$SERVE_PID"; wait "$SERVE_PID"; SERVE_PID=""; }

# flood URL: requests URL from 127.0.0.1 until one is refused (at most
# 400); the status of each, one a line, in $T_TMP/codes
flood() {
	: >"$T_TMP/codes"
	n=0
	while [ $n -lt 400 ]; do
		c=$(curl -s --interface 127.0.0.1 -D "$T_TMP/hdr" -o "$T_TMP/body" -w '%{http_code}' "$1")
		echo "$c" >>"$T_TMP/codes"
		[ "$c" = 429 ] && return 0
		n=$((n + 1))
	done
	return 0
}

serve_start "$T_TMP/serve.err" --per-client-rate 1
flood "$U/api/search?limit=1"
ok "a client looping over the API is refused with 429 once its burst is spent" \
	grep -qx 429 "$T_TMP/codes"
ok "... after at least the burst (4 x the rate) was served" \
	test "$(grep -cx 200 "$T_TMP/codes")" -ge 4
ok "... with a Retry-After in whole seconds" grep -qiE '^Retry-After: [1-9][0-9]*.$' "$T_TMP/hdr"
ok "... and a JSON error saying to wait" \
	"$PYTHON3" -c 'import json, sys; e = json.load(open(sys.argv[1]))["error"]; assert "Too many requests" in e, e' "$T_TMP/body"
ok "... carrying the usual headers (CORS, CSP)" sh -c "
	grep -qi '^Access-Control-Allow-Origin: \*' '$T_TMP/hdr' && grep -qi '^Content-Security-Policy: ' '$T_TMP/hdr'"
ok "another client address is served meanwhile" sh -c "
	test \"\$(curl -s --interface 127.0.0.2 -o /dev/null -w '%{http_code}' '$U/api/search?limit=1')\" = 200"
ok "... and its own loop is refused on its own count" sh -c "
	n=0; while [ \$n -lt 400 ]; do
		c=\$(curl -s --interface 127.0.0.2 -o /dev/null -w '%{http_code}' '$U/')
		[ \"\$c\" = 429 ] && exit 0; [ \"\$c\" = 200 ] || exit 1; n=\$((n + 1))
	done; exit 1"
flood "$U/search?near=78701"
ok "a page is refused with a 429 page that says to wait" sh -c "
	grep -qx 429 '$T_TMP/codes' && grep -q '<h1>Too many requests</h1>' '$T_TMP/body' &&
	grep -qi '^Content-Type: text/html' '$T_TMP/hdr'"
wait_s=$(sed -n 's/^[Rr]etry-[Aa]fter: \([0-9]*\).*/\1/p' "$T_TMP/hdr")
sleep "$wait_s"
ok "after the Retry-After the client is served again" sh -c "
	test \"\$(curl -s --interface 127.0.0.1 -o /dev/null -w '%{http_code}' '$U/api/search?limit=1')\" = 200"
ok "the access log shows the refusals" grep -q '^127.0.0.1 GET /api/search?limit=1 429 ' "$T_TMP/serve.err"
serve_stop

serve_start "$T_TMP/serve2.err" --per-client-rate 0
ok "--per-client-rate 0: 100 requests in a row are all served" sh -c "
	n=0; while [ \$n -lt 100 ]; do
		c=\$(curl -s -o /dev/null -w '%{http_code}' '$U/api/search?limit=1'); [ \"\$c\" = 200 ] || exit 1
		n=\$((n + 1))
	done"
serve_stop

for v in -1 abc 1.5 10000000; do
	ok "--per-client-rate $v is a usage error (exit 2)" exits 2 "$CLINICDEX" serve --per-client-rate "$v"
done
done_testing
