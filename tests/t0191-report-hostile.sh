#!/bin/sh
# clinicdex report over a site whose words are hostile: a clinic name that
# is a spreadsheet formula and holds markup. The CSV cell is inert, the
# HTML shows the text and runs nothing (in Chromium too).
. "$TOP_SRCDIR/tests/lib.sh"

start_server "$TOP_SRCDIR/tests/web/report-web"
$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --allow-private --delay 0 \
	http://formula-spa.test/ || { echo "Bail out! crawl failed"; exit 1; }
stop_server

$CLINICDEX report >"$T_TMP/r.csv"
ok "the director and the statements of the page are in the row" \
	grep -q 'Ada Stone,http://formula-spa.test/,.*,under the supervision of,http://formula-spa.test/,.*,np,http://formula-spa.test/' "$T_TMP/r.csv"
ok "a name that is a formula is an inert CSV cell" grep -q "^1,\"'=HYPERLINK" "$T_TMP/r.csv"
ok "report --summary cells are inert too (no cell starts with = + - @)" \
	sh -c "! $CLINICDEX report --summary | grep -E '(^|,)[=+@-]'"
$CLINICDEX report --format html -o "$T_TMP/r.html"
ok "the HTML holds the name escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$T_TMP/r.html"
ok "... and no markup from the web" sh -c "! grep -Eiq '<script|<img|onerror=' '$T_TMP/r.html'"
if command -v chromium >/dev/null 2>&1; then
	chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$T_TMP/r.html" \
		>"$T_TMP/dom.html" 2>/dev/null
	ok "Chromium's DOM of it has no script or image element" \
		sh -c "grep -q 'Ada Stone' '$T_TMP/dom.html' && ! grep -Eiq '<script|<img' '$T_TMP/dom.html'"
fi
done_testing
