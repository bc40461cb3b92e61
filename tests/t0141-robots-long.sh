#!/bin/sh
# robots.txt rules of any length count (RFC 9309 keeps every rule of the
# first 500 KiB); a URL over the 2048 bytes clinicdex crawls is refused
# saying so, not called "not an http(s) URL".
. "$TOP_SRCDIR/tests/lib.sh"

long=$("$PYTHON3" -c "print('/private/' + 'a' * 6000)")
printf 'User-agent: *\nDisallow: %s\nDisallow: /after\n' "$long" >"$T_TMP/robots.txt"

ok "a 6,000-byte Disallow rule decides for the path it names" \
	sh -c "$CLINICDEX robots '$T_TMP/robots.txt' '$long' | grep -qx 'disallowed by line 2: Disallow: $long'"
ok "... not for a path it does not cover" \
	sh -c "$CLINICDEX robots '$T_TMP/robots.txt' /private/ab | grep -qx 'allowed (no rule matched)'"
ok "... and the rule after it still counts" \
	sh -c "$CLINICDEX robots '$T_TMP/robots.txt' /after | grep -qx 'disallowed by line 3: Disallow: /after'"

url="http://x.test$("$PYTHON3" -c "print('/' + 'b' * 3000)")"
ok "a URL over 2048 bytes is a usage error" \
	exits 2 $CLINICDEX robots "$T_TMP/robots.txt" "$url"
ok "... that says the URL is over the limit" \
	sh -c "$CLINICDEX robots '$T_TMP/robots.txt' '$url' 2>&1 | grep -q 'over the 2048'"
ok "... and does not call it not an http(s) URL" \
	sh -c "! $CLINICDEX robots '$T_TMP/robots.txt' '$url' 2>&1 | grep -q 'not an http'"
ok "a URL of 2048 bytes is still answered" \
	sh -c "$CLINICDEX robots '$T_TMP/robots.txt' 'http://x.test/$("$PYTHON3" -c "print('c' * 2033)")' | grep -qx 'allowed (no rule matched)'"
done_testing
