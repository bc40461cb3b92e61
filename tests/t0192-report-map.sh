#!/bin/sh
# The report's map places a clinic by a location that has coordinates. A
# site naming its address in text on the first page read (no coordinates)
# and with them in markup on a later one was left off the map: the dot
# came from the first location stored, whichever page was read first.
. "$TOP_SRCDIR/tests/lib.sh"

start_server "$TOP_SRCDIR/tests/web/report-web"
$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --allow-private --delay 0 \
	http://located-spa.test/ || { echo "Bail out! crawl failed"; exit 1; }
stop_server

ok "the contact page's coordinates are stored" \
	sh -c "$CLINICDEX export --format geojson 2>/dev/null | grep -q 'Lakeside Aesthetics'"
$CLINICDEX report --format html -o "$T_TMP/r.html"
ok "the clinic is a dot on the report's map (director and supervision: green)" \
	grep -q '<circle[^>]*fill="#283"><title>Lakeside Aesthetics</title>' "$T_TMP/r.html"
done_testing
