#!/bin/sh
# Exclusions of businesses: an LEIE organisation record (BUSNAME) whose
# name and address (house number and ZIP) are a clinic's flags the clinic
# itself: show says so at the top, search and export --excluded find it.
# The same name elsewhere, another business at the clinic's address, and a
# reinstated record do not.
. "$TOP_SRCDIR/tests/lib.sh"

GEN="$PYTHON3 $TOP_SRCDIR/tests/registry/gen_leie.py"

start_server
demo_seeds >"$T_TMP/seeds"
"$CLINICDEX" -q crawl --connect-to "::127.0.0.1:$PORT" --allow-private --delay 0 \
	--seeds "$T_TMP/seeds" || { echo "Bail out! the sample web did not crawl"; exit 1; }
stop_server

# Hudson Skin & Laser: 245 W 57th St, New York NY 10019 and 88 Atlantic
# Ave, Brooklyn NY 11201; Bluebonnet Med Spa: 2450 Westheimer Rd, Houston
# TX 77098; Riverwalk Plastic Surgery: 7400 Blanco Rd, San Antonio TX
# 78216; Lumina Dermatology: 1200 Congress Ave, Austin TX 78701.
cat >"$T_TMP/orgs.json" <<'JSON'
[{"busname": "HUDSON SKIN AND LASER, PLLC", "general": "OTHER BUSINESS", "address": "88 ATLANTIC AVE 2ND FL",
  "city": "BROOKLYN", "state": "NY", "zip": "11201", "excltype": "1128b7", "excldate": "20210617"},
 {"busname": "BLUEBONNET MED SPA LLC", "general": "OTHER BUSINESS", "address": "9100 WESTHEIMER RD",
  "city": "HOUSTON", "state": "TX", "zip": "77098", "excltype": "1128a1", "excldate": "20190101"},
 {"busname": "BLUEBONNET MEDSPA, LLC", "general": "OTHER BUSINESS", "address": "2450 MAIN ST",
  "city": "DALLAS", "state": "TX", "zip": "75201", "excltype": "1128a1", "excldate": "20190101"},
 {"busname": "RIVERWALK PLASTIC SURGERY, P.A.", "general": "OTHER BUSINESS", "address": "7400 BLANCO RD STE 210",
  "city": "SAN ANTONIO", "state": "TX", "zip": "78216", "excltype": "1128b5", "excldate": "20120301",
  "reindate": "20150301"},
 {"busname": "CONGRESS AVENUE PHARMACY INC", "general": "PHARMACY", "address": "1200 CONGRESS AVE",
  "city": "AUSTIN", "state": "TX", "zip": "78701", "excltype": "1128a3", "excldate": "20200505"}]
JSON
$GEN --spec "$T_TMP/orgs.json" --rows 500 -o "$T_TMP/leie.csv"

ok "an LEIE file with organisation records imports" \
	sh -c "'$CLINICDEX' registry import leie '$T_TMP/leie.csv' 2>'$T_TMP/imp.err'"
ok "... counting the clinics it excludes" grep -q "; 1 clinics excluded" "$T_TMP/imp.err"

"$CLINICDEX" show hudson-skin-laser.test >"$T_TMP/hudson"
ok "a record with the clinic's name, house number and ZIP flags the clinic (\"&\" and \"AND\", PLLC aside)" \
	grep -q "^  EXCLUDED:      the clinic's business is excluded from federal health programs (HHS-OIG LEIE) since 2021-06-17: 1128b7: fraud, kickbacks and other prohibited activities; LEIE record HUDSON SKIN AND LASER, PLLC (88 ATLANTIC AVE 2ND FL, BROOKLYN, NY 11201)" "$T_TMP/hudson"
ok "... at its second location" grep -q "matched by name, house number and ZIP" "$T_TMP/hudson"
ok "show --format json carries it" \
	sh -c "'$CLINICDEX' show hudson-skin-laser.test --format json | '$PYTHON3' -c '
import json, sys
c = json.load(sys.stdin)
sys.exit(c[\"exclusion\"] != \"1128b7 2021-06-17\")'"
ok "the same name at another house number of its ZIP, or another city, does not" \
	sh -c "! '$CLINICDEX' show bluebonnet-medspa.test | grep -q EXCLUDED"
ok "a reinstated record does not" \
	sh -c "! '$CLINICDEX' show riverwalk-plastic-surgery.test | grep -q EXCLUDED"
ok "another business at the clinic's address does not" \
	sh -c "! '$CLINICDEX' show lumina-dermatology.test | grep -q '^  EXCLUDED'"
ok "search --excluded finds the clinic, though none of its people is excluded" \
	sh -c "'$CLINICDEX' search --excluded --format csv >'$T_TMP/s.csv' &&
	       grep -q 'hudson-skin-laser.test' '$T_TMP/s.csv' && ! grep -q bluebonnet '$T_TMP/s.csv' &&
	       test \"\$(sqlite3 '$CLINICDEX_DB' 'SELECT count(*) FROM practitioners WHERE exclusion IS NOT NULL')\" = 0"
ok "export --excluded lists its claims" \
	sh -c "'$CLINICDEX' export --what claims --excluded --format csv | grep -q 'hudson-skin-laser.test' &&
	       ! '$CLINICDEX' export --what claims --excluded --format csv | grep -q 'lumina-dermatology.test'"
ok "verify matches anew and keeps it" \
	sh -c "'$CLINICDEX' -q verify && '$CLINICDEX' show hudson-skin-laser.test | grep -q '^  EXCLUDED'"

"$PYTHON3" -c '
import json, sys
rows = json.load(open(sys.argv[1]))
rows[0]["reindate"] = "20220101"
json.dump(rows, open(sys.argv[2], "w"))' "$T_TMP/orgs.json" "$T_TMP/rein.json"
$GEN --spec "$T_TMP/rein.json" -o "$T_TMP/rein.csv"
ok "a new list where the business is reinstated lifts the flag" \
	sh -c "'$CLINICDEX' -q registry import leie '$T_TMP/rein.csv' &&
	       ! '$CLINICDEX' show hudson-skin-laser.test | grep -q EXCLUDED &&
	       test -z \"\$('$CLINICDEX' search --excluded --format csv | sed 1d)\""

done_testing
