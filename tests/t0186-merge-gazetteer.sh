#!/bin/sh
# merge carries the Census gazetteers: a database whose ZIP areas and
# places came only from a merged shard answers search --near as the
# shard does; merging again changes nothing.
. "$TOP_SRCDIR/tests/lib.sh"

ZCTA="$TOP_SRCDIR/tests/data/2023_Gaz_zcta_national_sample.txt"
PLACES="$TOP_SRCDIR/tests/data/2023_Gaz_place_national_sample.txt"

start_server
demo_seeds >"$T_TMP/seeds"
CLINICDEX_DB="$T_TMP/shard.db" "$CLINICDEX" crawl -q --connect-to "::127.0.0.1:$PORT" \
	--allow-private --delay 0 --seeds "$T_TMP/seeds" || { echo "Bail out! crawl failed"; exit 1; }
stop_server
for f in "$ZCTA" "$PLACES"; do
	CLINICDEX_DB="$T_TMP/shard.db" "$CLINICDEX" -q gazetteer import "$f" ||
		{ echo "Bail out! gazetteer import failed"; exit 1; }
done
near() { CLINICDEX_DB=$1 "$CLINICDEX" search --near 77098 --radius 50 --format csv; }
near "$T_TMP/shard.db" >"$T_TMP/shard.csv"
gaz() { sqlite3 "$1" 'SELECT count(*) FROM gaz_zcta; SELECT count(*) FROM gaz_places' | tr '\n' ' '; }

export CLINICDEX_DB="$T_TMP/merged.db"
ok "merge of a shard with gazetteers into a new database" "$CLINICDEX" merge -q "$T_TMP/shard.db"
ok "... brings its ZIP areas and places" test "$(gaz "$T_TMP/merged.db")" = "$(gaz "$T_TMP/shard.db")"
near "$T_TMP/merged.db" >"$T_TMP/merged.csv"
ok "... so search --near a ZIP works there" test $? -eq 0
ok "... and finds the clinics the shard finds" \
	sh -c "test \$(wc -l <'$T_TMP/shard.csv') -gt 1 && cmp '$T_TMP/shard.csv' '$T_TMP/merged.csv'"
sqlite3 "$T_TMP/merged.db" .dump >"$T_TMP/before.sql"
ok "merging the shard again" "$CLINICDEX" merge -q "$T_TMP/shard.db"
ok "... changes nothing" sh -c "sqlite3 '$T_TMP/merged.db' .dump | cmp '$T_TMP/before.sql' -"
done_testing
