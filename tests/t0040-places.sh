#!/bin/sh
# Places: gazetteer import in the real Census formats, geocoding, --near
# with --radius, --text, unknown places, and the GeoJSON map export.
. "$TOP_SRCDIR/tests/lib.sh"

ZCTA="$TOP_SRCDIR/tests/data/2023_Gaz_zcta_national_sample.txt"
PLACES="$TOP_SRCDIR/tests/data/2023_Gaz_place_national_sample.txt"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" crawl -q --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! crawl failed"; exit 1; }
stop_server

ok "before any gazetteer, --near a ZIP is an unknown place (exit 1)" \
	exits 1 "$CLINICDEX" search --near 78701
ok "... saying so in one line, with what to do" \
	sh -c "'$CLINICDEX' search --near 78701 2>&1 >/dev/null | grep -qx \"clinicdex: search: unknown place '78701' (load a ZCTA gazetteer with 'clinicdex gazetteer import')\""
ok "... and printing nothing on stdout" \
	sh -c "[ -z \"\$('$CLINICDEX' search --near 78701 --format csv 2>/dev/null)\" ]"
ok "coordinates need no gazetteer" "$CLINICDEX" search --near 30.27,-97.74 --format csv

ok "gazetteer import of the ZCTA file" "$CLINICDEX" gazetteer import "$ZCTA"
ok "... says how many ZIP areas" \
	sh -c "'$CLINICDEX' gazetteer import '$ZCTA' 2>&1 | grep -q '^imported 24 ZIP code areas'"
ok "gazetteer import of the Places file" "$CLINICDEX" gazetteer import "$PLACES"
ok "... says how many places" \
	sh -c "'$CLINICDEX' gazetteer import '$PLACES' 2>&1 | grep -q '^imported 17 places'"

ok "ZIP geocodes a location without markup geo" \
	sh -c "'$CLINICDEX' search --zip 77098 --format csv | grep -q ',29.735076,-95.414619,'"
ok "the city geocodes one whose ZIP the gazetteer lacks (Portland, OR)" \
	sh -c "'$CLINICDEX' search --city Portland --format csv | grep -q ',45.537002,-122.650037,'"

near_sites() {
	"$CLINICDEX" search "$@" --format csv | "$PYTHON3" -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
d = [float(r["distance_mi"]) for r in rows]
assert d == sorted(d), d
for r in rows: print(r["site"].split("//")[1], r["distance_mi"])'
}
ok "--near 78701: Lumina, 25 miles by default" \
	sh -c "'$CLINICDEX' search --near 78701 --format csv | tail -n +2 | cut -d, -f3 | grep -qx 'http://lumina-dermatology.test'"
ok "--near \"Austin, TX\" --radius 100mi: San Antonio too, nearest first" \
	sh -c "'$CLINICDEX' search --near 'Austin, TX' --radius 100mi --format csv | tail -n +2 | wc -l | grep -qx 2"
ok "... sorted by distance" near_sites --near "Austin, TX" --radius 300mi
ok "--radius 160km is 100 miles" \
	sh -c "[ \"\$('$CLINICDEX' search --near 78701 --radius 160km | wc -l)\" -eq \"\$('$CLINICDEX' search --near 78701 --radius 100 | wc -l)\" ]"
ok "ZIP+4 input" sh -c "'$CLINICDEX' search --near 78701-1234 | grep -q Lumina"
ok "CSV with --near gains a last column distance_mi" \
	sh -c "'$CLINICDEX' search --near 78701 --format csv | head -1 | tr -d '\r' | grep -q ',last_crawled,distance_mi\$'"
ok "JSON Lines too" \
	sh -c "'$CLINICDEX' search --near 78701 --format jsonl | '$PYTHON3' -c 'import json,sys; o=json.loads(sys.stdin.readline()); assert list(o)[-1] == \"distance_mi\" and o[\"distance_mi\"] < 1, o'"
ok "the table shows the miles" \
	sh -c "'$CLINICDEX' search --near 78701 | head -1 | grep -q MILES"
ok "without --near the columns are as before" \
	sh -c "'$CLINICDEX' search --format csv | head -1 | tr -d '\r' | grep -q ',last_crawled\$'"
ok "place and service combine with AND" \
	sh -c "[ -z \"\$('$CLINICDEX' search --near 78701 --radius 100 --service mohs-surgery --credential board-plastic-surgery --format jsonl)\" ]"
ok "export with --near filters practitioners too" \
	sh -c "'$CLINICDEX' export --what practitioners --near 78701 | tail -n +2 | cut -d, -f3 | sort -u | grep -qx 'http://lumina-dermatology.test'"
ok "a misspelt city: exit 1" exits 1 "$CLINICDEX" search --near "Springfeld, IL"
ok "... one clear line" \
	sh -c "'$CLINICDEX' search --near 'Springfeld, IL' 2>&1 | grep -qx \"clinicdex: search: unknown place 'Springfeld, IL' (load a Places gazetteer with 'clinicdex gazetteer import')\""
ok "a ZIP no gazetteer row has: exit 1" exits 1 "$CLINICDEX" search --near 12345
ok "a place that is no place: exit 2" exits 2 "$CLINICDEX" search --near "nowhere"
ok "a bad radius: exit 2" exits 2 "$CLINICDEX" search --near 78701 --radius 5parsecs
ok "a zero radius: exit 2" exits 2 "$CLINICDEX" search --near 78701 --radius 0
ok "--radius without --near: exit 2" exits 2 "$CLINICDEX" search --radius 5mi
ok "Honolulu is the Census 'Urban Honolulu CDP'; Anchorage a municipality" \
	sh -c "'$CLINICDEX' search --near 'Honolulu, HI' && '$CLINICDEX' search --near 'anchorage, ak' --radius 5km"

ok "--text finds a practitioner" sh -c "'$CLINICDEX' search --text 'maria lopez' | grep -q Lumina"
ok "--text with FTS syntax is just text" \
	sh -c "'$CLINICDEX' search --text 'NEAR( \"derm* -x' >/dev/null"
ok "--text of punctuation only: exit 2" exits 2 "$CLINICDEX" search --text '"*'
ok "--text and --near combine" \
	sh -c "[ \"\$('$CLINICDEX' search --near 'Austin, TX' --radius 300 --text microneedling --format jsonl | wc -l)\" -ge 1 ]"

geojson_ok() {
	"$CLINICDEX" export --format geojson -o "$T_TMP/map.geojson" 2>"$T_TMP/geo.err" &&
	"$PYTHON3" - "$T_TMP/map.geojson" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["type"] == "FeatureCollection", d.get("type")
assert len(d["features"]) >= 10, len(d["features"])
cols = "clinic_id,name,site,phone,street,city,state,zip,lat,lon,services,credentials,practitioners,first_seen,last_crawled".split(",")
for f in d["features"]:
    assert f["type"] == "Feature"
    g = f["geometry"]
    assert g["type"] == "Point" and len(g["coordinates"]) == 2
    lon, lat = g["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    p = f["properties"]
    assert all(c in p for c in cols), p.keys()
    assert abs(p["lat"] - lat) < 1e-9 and abs(p["lon"] - lon) < 1e-9   # [lon, lat] order
    assert p["geo_source"] in ("markup", "zip", "city")
PYEOF
}
ok "export --format geojson is an RFC 7946 FeatureCollection" geojson_ok
ok "... that counts the located-nowhere locations on stderr (Denver)" \
	grep -q '1 location without coordinates' "$T_TMP/geo.err"
ok "geojson is for clinics only: exit 2" exits 2 "$CLINICDEX" export --what claims --format geojson
if command -v ogrinfo >/dev/null 2>&1; then
	ok "GDAL reads the map" sh -c "ogrinfo -ro -so '$T_TMP/map.geojson' | grep -q 'Feature Count'"
fi

# Hostile gazetteers: malformed lines reported by number, never fatal.
printf '\357\273\277GEOID\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLAT\tINTPTLONG   \r\n78701\t1\t0\t0\t0\t30.270569\t-97.742589\r\n7870X\t1\t0\t0\t0\t30.2\t-97.7\r\n78702\t1\t0\t0\t0\t30.26\r\n' >"$T_TMP/bad.txt"
ok "a file with malformed lines still imports the good ones" \
	"$CLINICDEX" gazetteer import "$T_TMP/bad.txt"
ok "... naming each bad line" \
	sh -c "'$CLINICDEX' gazetteer import '$T_TMP/bad.txt' 2>&1 | grep -q 'bad.txt: line 3: GEOID is not 5 digits'"
ok "... and its line number" \
	sh -c "'$CLINICDEX' gazetteer import '$T_TMP/bad.txt' 2>&1 | grep -q 'line 4: 6 fields'"
ok "... replacing the ZIP table whole" \
	sh -c "'$CLINICDEX' search --near 77098 2>&1 | grep -q 'unknown place'"
printf 'GEOID\tINTPTLAT\tINTPTLONG\nnope\tx\ty\n' >"$T_TMP/junk.txt"
ok "a file with no good line replaces nothing (exit 1)" exits 1 "$CLINICDEX" gazetteer import "$T_TMP/junk.txt"
ok "... the ZIP loaded before still answers" "$CLINICDEX" search --near 78701
printf 'hello\tworld\n' >"$T_TMP/notgaz.txt"
ok "a file that is not a gazetteer: exit 1" exits 1 "$CLINICDEX" gazetteer import "$T_TMP/notgaz.txt"
ok "a missing file: exit 1" exits 1 "$CLINICDEX" gazetteer import "$T_TMP/none.txt"
ok "gazetteer without import: exit 2" exits 2 "$CLINICDEX" gazetteer
ok "gazetteer import without FILE: exit 2" exits 2 "$CLINICDEX" gazetteer import
ok "the schema is still sound" \
	sh -c "[ \"\$(sqlite3 \"\$CLINICDEX_DB\" 'PRAGMA integrity_check')\" = ok ]"
done_testing
