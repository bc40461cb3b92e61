#!/bin/sh
# crawl --seeds uses what `clinicdex discover` writes after a seed's URL:
# the OpenStreetMap name is the clinic's name when the site gives none,
# and the coordinates are its location, from the seed (geo_source "seed",
# the OSM object as its source), while the site publishes no address. A
# site with its own name and address keeps them.
. "$TOP_SRCDIR/tests/lib.sh"

command -v sqlite3 >/dev/null || skip_all "sqlite3 not found"
web="$T_TMP/web"
mkdir -p "$web/noaddr.test" "$web/withaddr.test"
# no <title>, no markup, no address: nothing names or places the clinic
cat >"$web/noaddr.test/index.html" <<'HTML'
<!DOCTYPE html><html><body><p>We offer Botox and chemical peels.</p>
<a href="/team.html">Our team</a></body></html>
HTML
cat >"$web/noaddr.test/team.html" <<'HTML'
<!DOCTYPE html><html><body><p>Maria Lopez, MD, FAAD, board-certified dermatologist.</p>
</body></html>
HTML
cat >"$web/withaddr.test/index.html" <<'HTML'
<!DOCTYPE html><html><head><title>Cedar Skin Clinic</title></head><body>
<p>Cedar Skin Clinic offers HydraFacial.</p>
<p>Visit us: 1200 Congress Ave Suite 300, Austin, TX 78701</p></body></html>
HTML
cat >"$T_TMP/clinics.osm" <<'OSM'
<?xml version="1.0"?><osm version="0.6">
<node id="101" version="1" lat="30.2672" lon="-97.7431"><tag k="healthcare" v="clinic"/><tag k="healthcare:speciality" v="dermatology"/><tag k="name" v="Glow Aesthetics"/><tag k="website" v="http://noaddr.test/"/></node>
<node id="202" version="1" lat="40.0150" lon="-105.2705"><tag k="healthcare" v="clinic"/><tag k="healthcare:speciality" v="dermatology"/><tag k="name" v="Cedar OSM Name"/><tag k="website" v="http://withaddr.test/"/></node>
</osm>
OSM
start_server "$web"
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --delay 0 --allow-private"
json() { "$PYTHON3" -c "import json,sys; c=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }
show() { $CLINICDEX show "$1" --format json; }

ok "discover writes the seeds with their names and places" \
	$CLINICDEX -q discover "$T_TMP/clinics.osm" -o "$T_TMP/seeds"
ok "crawl --seeds with discover's extras succeeds" $CRAWL --seeds "$T_TMP/seeds"
ok "a site that names itself nowhere takes the seed's name" \
	sh -c "$CLINICDEX show noaddr.test --format json | $(printf '%s' "\"$PYTHON3\"") -c 'import json,sys; sys.exit(json.load(sys.stdin)[\"name\"] != \"Glow Aesthetics\")'"
ok "... and without an address, the seed's coordinates as its location" \
	sh -c "$CLINICDEX show noaddr.test --format json | \"$PYTHON3\" -c '
import json, sys
l = json.load(sys.stdin)[\"locations\"]
sys.exit(not (len(l) == 1 and abs(float(l[0][\"lat\"]) - 30.2672) < 1e-6
              and abs(float(l[0][\"lon\"]) + 97.7431) < 1e-6
              and l[0][\"evidence_url\"] == \"https://www.openstreetmap.org/node/101\"))'"
ok "... show prints the place with its source" \
	sh -c "$CLINICDEX show noaddr.test | grep -q '^  30.267200, -97.743100  (https://www.openstreetmap.org/node/101)'"
ok "... export gives the name and coordinates" \
	sh -c "$CLINICDEX export --site noaddr.test | grep -q '^[0-9]*,Glow Aesthetics,http://noaddr.test,.*,30.267200,-97.743100,'"
ok "... the map marks them as from the seed" \
	sh -c "$CLINICDEX export --format geojson --site noaddr.test | grep -q '\"geo_source\":\"seed\"'"
ok "... and search --near finds the clinic there" \
	sh -c "$CLINICDEX search --near 30.2672,-97.7431 --radius 1 | grep -q 'Glow Aesthetics'"
ok "a site with its own name and address keeps them" \
	sh -c "$CLINICDEX show withaddr.test --format json | \"$PYTHON3\" -c '
import json, sys
c = json.load(sys.stdin)
sys.exit(not (c[\"name\"] == \"Cedar Skin Clinic\" and len(c[\"locations\"]) == 1
              and c[\"locations\"][0][\"street\"].startswith(\"1200 Congress\")
              and c[\"locations\"][0][\"evidence_url\"] == \"http://withaddr.test/\"))'"
ok "... none of the seed's coordinates among its locations" \
	test "$(sqlite3 "$CLINICDEX_DB" "SELECT count(*) FROM locations l JOIN clinics c ON c.id = l.clinic_id
		JOIN sites s ON s.id = c.site_id WHERE s.key = 'http://withaddr.test'
		AND (l.geo_source = 'seed' OR l.lat > 39)")" -eq 0

ok "crawling the seeds again succeeds" $CRAWL --seeds "$T_TMP/seeds"
ok "... and keeps one seed location, not two" \
	test "$(sqlite3 "$CLINICDEX_DB" "SELECT count(*) FROM locations WHERE geo_source = 'seed'")" -eq 1

# once the site publishes its address, that is its location
cat >"$web/noaddr.test/team.html" <<'HTML'
<!DOCTYPE html><html><body><p>Maria Lopez, MD, FAAD, board-certified dermatologist.</p>
<p>Find us at 500 Main St, Austin, TX 78702</p></body></html>
HTML
ok "a recrawl after the site published its address succeeds" \
	$CRAWL --recrawl-after 0 --seeds "$T_TMP/seeds"
ok "... its own address replaces the seed's place" \
	sh -c "$CLINICDEX show noaddr.test --format json | \"$PYTHON3\" -c '
import json, sys
l = json.load(sys.stdin)[\"locations\"]
sys.exit(not (len(l) == 1 and l[0][\"street\"].startswith(\"500 Main\")))'"
ok "... the seed's name stays while the site names itself nowhere" \
	sh -c "$CLINICDEX show noaddr.test | head -n 1 | grep -q '^Glow Aesthetics'"

# seeds written by hand: a name, and points that are no points
cat >"$web/noaddr.test/team.html" <<'HTML'
<!DOCTYPE html><html><body><p>Maria Lopez, MD.</p></body></html>
HTML
printf 'http://noaddr.test/\tHand Name\t91,0;abc\tnode/1;node/2\n' >"$T_TMP/bad-seeds"
export CLINICDEX_DB="$T_TMP/hand.db"
ok "a seeds line with bad coordinates is still crawled" $CRAWL --seeds "$T_TMP/bad-seeds"
ok "... with the name, and no place from the bad points" \
	test "$(sqlite3 "$CLINICDEX_DB" "SELECT name || ':' || (SELECT count(*) FROM locations) FROM clinics")" = "Hand Name:0"
done_testing
