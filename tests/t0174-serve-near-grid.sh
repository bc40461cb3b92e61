#!/bin/sh
# Searches near a place read the grid of points (schema 13): a directory
# from before it, once migrated, answers every near search with the same
# clinics in the same order and at the same distances, and a clinic with
# several locations is listed once, at its nearest.
. "$TOP_SRCDIR/tests/lib.sh"

ZCTA="$TOP_SRCDIR/tests/data/2023_Gaz_zcta_national_sample.txt"
PLACES="$TOP_SRCDIR/tests/data/2023_Gaz_place_national_sample.txt"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" crawl -q --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! crawl failed"; exit 1; }
stop_server
"$CLINICDEX" gazetteer import "$ZCTA" 2>/dev/null &&
	"$CLINICDEX" gazetteer import "$PLACES" 2>/dev/null || { echo "Bail out! gazetteer"; exit 1; }

# more offices round Austin for every clinic, some of them twins at one
# spot (equally near), some in other bands of latitude than their clinic's
sqlite3 "$CLINICDEX_DB" "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 4)
  INSERT INTO locations (clinic_id, page_id, street, city, state, zip, lat, lon, geo_source)
  SELECT c.id, (SELECT min(id) FROM pages WHERE site_id = c.site_id),
   (c.id * 10 + k.n) || ' Test Street', 'Austin', 'TX', '78701',
   30.27 + ((c.id * 7 + min(k.n, 3) * 13) % 40 - 20) * 0.05,
   -97.74 + ((c.id * 11 + min(k.n, 3) * 5) % 40 - 20) * 0.05, 'markup'
  FROM clinics c, k" || { echo "Bail out! offices"; exit 1; }

searches() {
	"$CLINICDEX" search --near 78701 --radius 100mi --format csv &&
	"$CLINICDEX" search --near "Austin, TX" --radius 300mi --format csv &&
	"$CLINICDEX" search --near 30.5,-97.5 --radius 40mi --format csv &&
	"$CLINICDEX" search --near 78701 --radius 60mi --state TX --format csv &&
	"$CLINICDEX" search --near 78701 --radius 60mi --service microneedling --format csv &&
	"$CLINICDEX" search --near 78701 --radius 60mi --text dermatology --format csv &&
	"$CLINICDEX" search --near 78701 --radius 1000mi --limit 3 --format csv &&
	"$CLINICDEX" export --what practitioners --near 78701 --radius 60mi --format csv
}
searches >"$T_TMP/at13" || { echo "Bail out! searches"; exit 1; }

ok "near searches find the added offices" \
	test "$(grep -c 'Test Street' "$T_TMP/at13")" -gt 10
ok "... each clinic once in a search, at its nearest office" "$PYTHON3" -c '
import csv, math, sqlite3, subprocess, sys
db = sqlite3.connect(sys.argv[1])
lat0, lon0 = db.execute("SELECT lat, lon FROM gaz_zcta WHERE zip = ?", ("78701",)).fetchone()
def miles(a, b, c, d):
    a, b, c, d = map(math.radians, (a, b, c, d))
    h = math.sin((c - a) / 2) ** 2 + math.cos(a) * math.cos(c) * math.sin((d - b) / 2) ** 2
    return 3958.7613 * 2 * math.asin(math.sqrt(h))
out = subprocess.run([sys.argv[2], "search", "--near", "78701", "--radius", "100mi",
                      "--format", "csv"], capture_output=True, text=True, check=True).stdout
got = list(csv.DictReader(out.splitlines()))
ids = [r["clinic_id"] for r in got]
assert len(ids) == len(set(ids)) and len(ids) > 3, ids
for r in got:
    pts = db.execute("SELECT lat, lon FROM location_points WHERE clinic_id = ? AND NOT shadowed",
                     (r["clinic_id"],)).fetchall()
    best = min(miles(lat0, lon0, a, b) for a, b in pts)
    assert abs(best - float(r["distance_mi"])) < 0.05, (r["clinic_id"], best, r["distance_mi"])
' "$CLINICDEX_DB" "$CLINICDEX"

# the same directory as schema 12 wrote it: no grid
cp "$CLINICDEX_DB" "$T_TMP/v12.db"
sqlite3 "$T_TMP/v12.db" "DROP TRIGGER location_grid_ins; DROP TRIGGER location_grid_upd;
  DROP TRIGGER location_grid_del; DROP TABLE location_grid;
  ALTER TABLE roles DROP COLUMN person; PRAGMA user_version = 12;"
ok "a schema 12 directory opens" "$CLINICDEX" --db "$T_TMP/v12.db" stats
ok "... is migrated to the current version" \
	test "$(sqlite3 "$T_TMP/v12.db" 'PRAGMA user_version')" -eq "$(sqlite3 "$CLINICDEX_DB" 'PRAGMA user_version')"
CLINICDEX_DB="$T_TMP/v12.db" searches >"$T_TMP/migrated"
ok "... and its near searches give the same clinics in the same order" \
	cmp "$T_TMP/at13" "$T_TMP/migrated"

# an office moved near the centre: its clinic comes first, once
sqlite3 "$CLINICDEX_DB" "UPDATE locations SET lat = 30.2711, lon = -97.7437
  WHERE id = (SELECT max(id) FROM locations WHERE street LIKE '%Test Street')"
moved=$(sqlite3 "$CLINICDEX_DB" "SELECT clinic_id FROM locations WHERE id = (SELECT max(id) FROM locations)")
ok "an office moved to the centre puts its clinic first" \
	sh -c "'$CLINICDEX' search --near 78701 --radius 100mi --format csv | sed -n 2p | cut -d, -f1 | grep -qx '$moved'"
ok "... once" \
	sh -c "[ \"\$('$CLINICDEX' search --near 78701 --radius 100mi --format csv | cut -d, -f1 | grep -cx '$moved')\" -eq 1 ]"
ok "the schema is still sound" \
	sh -c "sqlite3 '$CLINICDEX_DB' 'PRAGMA integrity_check' | grep -qx ok"
done_testing
