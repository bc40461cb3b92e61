#!/bin/sh
# merge carries the registry imports: the sample web crawled in two shards,
# the registries (NPPES, two licence lists, LEIE, both FDA files) loaded
# into a third database, all three merged: verify then gives the export of
# one crawl with the same registries. A newer snapshot replaces an older
# one, an older one is passed over, and merging again changes nothing.
. "$TOP_SRCDIR/tests/lib.sh"

DATA="$TOP_SRCDIR/tests/data"
TXMAP="name=Licensee Name,license=License Number,type=License Type,status=License Status,expires=Expiration Date"
ORMAP="first=first_name,last=last_name,license=3,type=credential,status=status,expires=expires"
q() { sqlite3 "$1" "$2"; }

start_server
demo_seeds >"$T_TMP/seeds.txt"
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --delay 0 --allow-private --seeds $T_TMP/seeds.txt"
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_nppes.py" --spec "$DATA/nppes-demo.json" --rows 500 \
	-o "$T_TMP/npi.csv"
"$PYTHON3" "$TOP_SRCDIR/tests/registry/gen_leie.py" --spec "$DATA/leie-demo.json" --rows 300 \
	-o "$T_TMP/leie.csv"

# registries DB: every registry the sample web is checked against
registries() {
	CLINICDEX_DB=$1 "$CLINICDEX" -q registry import nppes "$T_TMP/npi.csv" &&
	CLINICDEX_DB=$1 "$CLINICDEX" -q registry import licenses "$DATA/tx-estheticians.csv" \
		--state TX --map "$TXMAP" &&
	CLINICDEX_DB=$1 "$CLINICDEX" -q registry import licenses "$DATA/or-estheticians.csv" \
		--state OR --map "$ORMAP" &&
	CLINICDEX_DB=$1 "$CLINICDEX" -q registry import leie "$T_TMP/leie.csv" &&
	CLINICDEX_DB=$1 "$CLINICDEX" -q registry import fda "$DATA/fda-pmn-demo.txt" &&
	CLINICDEX_DB=$1 "$CLINICDEX" -q registry import fda "$DATA/fda-denovo-demo.txt"
}
# the export without ids and crawl times (see t0181), and what is loaded
export_of() {
	CLINICDEX_DB=$1 "$CLINICDEX" export | cut -d, -f2-13 | sort
	for what in practitioners claims; do
		CLINICDEX_DB=$1 "$CLINICDEX" export --what $what | cut -d, -f3- | sort
	done
	q "$1" "SELECT kind, label, state, source, rows_read, rows_kept, rows_malformed, detail
	        FROM registry_imports ORDER BY kind, label, state"
}

ok "one crawl of the sample web" env CLINICDEX_DB="$T_TMP/one.db" $CRAWL
ok "... loads the registries" registries "$T_TMP/one.db"
ok "... and verifies" env CLINICDEX_DB="$T_TMP/one.db" "$CLINICDEX" -q verify
export_of "$T_TMP/one.db" >"$T_TMP/one.csv"
ok "... with claims the registries decided" \
	test "$(q "$T_TMP/one.db" "SELECT count(*) FROM claims WHERE status IN ('consistent', 'conflict')")" -gt 0
ok "... and an exclusion found" \
	test "$(q "$T_TMP/one.db" "SELECT count(*) FROM practitioners WHERE exclusion IS NOT NULL")" -gt 0

for k in 1 2; do
	ok "shard $k/2 crawls" env CLINICDEX_DB="$T_TMP/shard$k.db" $CRAWL --shard $k/2
done
ok "the registries load into a database of their own" registries "$T_TMP/reg.db"

export CLINICDEX_DB="$T_TMP/merged.db"
ok "merge folds the shards and the registries into one database" \
	"$CLINICDEX" merge -q "$T_TMP/shard1.db" "$T_TMP/shard2.db" "$T_TMP/reg.db"
for t in npi_providers npi_taxonomies licenses leie fda_decisions registry_imports; do
	ok "... $t whole" test "$(q "$T_TMP/merged.db" "SELECT count(*) FROM $t")" = \
		"$(q "$T_TMP/reg.db" "SELECT count(*) FROM $t")"
done
ok "... licences in the list they were imported with" test \
	"$(q "$T_TMP/merged.db" "SELECT r.state || count(*) FROM licenses l JOIN registry_imports r ON r.id = l.list_id GROUP BY r.state ORDER BY r.state" | tr '\n' ' ')" = \
	"$(q "$T_TMP/reg.db" "SELECT r.state || count(*) FROM licenses l JOIN registry_imports r ON r.id = l.list_id GROUP BY r.state ORDER BY r.state" | tr '\n' ' ')"
ok "verify of the merged database" "$CLINICDEX" -q verify
export_of "$T_TMP/merged.db" >"$T_TMP/merged.csv"
ok "... gives the export of the single one" cmp "$T_TMP/one.csv" "$T_TMP/merged.csv"

dump() { sqlite3 "$CLINICDEX_DB" .dump | grep -v '^INSERT INTO sqlite_stat'; }
dump >"$T_TMP/before.sql"
ok "merging the registries again" "$CLINICDEX" merge -q "$T_TMP/reg.db"
ok "... changes nothing" sh -c "sqlite3 '$CLINICDEX_DB' .dump | grep -v '^INSERT INTO sqlite_stat' | cmp - '$T_TMP/before.sql'"

# a newer TX list of the same name (its first two licensees) replaces the merged one; the
# older list merged after it is passed over
mkdir "$T_TMP/new"
head -n 3 "$DATA/tx-estheticians.csv" >"$T_TMP/new/tx-estheticians.csv"
CLINICDEX_DB="$T_TMP/new.db" "$CLINICDEX" -q registry import licenses \
	"$T_TMP/new/tx-estheticians.csv" --state TX --map "$TXMAP"
q "$T_TMP/new.db" "UPDATE registry_imports SET imported_at = imported_at + 60"
ok "a newer licence list replaces the older" sh -c \
	"'$CLINICDEX' merge -q '$T_TMP/new.db' && test \$(sqlite3 '$CLINICDEX_DB' \"SELECT count(*) FROM licenses WHERE state = 'TX'\") -eq 2"
ok "... one list of that state left" \
	test "$(q "$CLINICDEX_DB" "SELECT count(*) FROM registry_imports WHERE kind = 'licenses' AND state = 'TX'")" -eq 1
ok "an older one merged after it is passed over" sh -c \
	"'$CLINICDEX' merge -q '$T_TMP/reg.db' && test \$(sqlite3 '$CLINICDEX_DB' \"SELECT count(*) FROM licenses WHERE state = 'TX'\") -eq 2"
ok "... and the other registries are left as they were" \
	test "$(q "$CLINICDEX_DB" "SELECT count(*) FROM npi_providers")" = "$(q "$T_TMP/reg.db" "SELECT count(*) FROM npi_providers")"

done_testing
