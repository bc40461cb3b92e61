#!/bin/sh
# The directory file: where it lives, WAL mode, schema version, bad files.
. "$TOP_SRCDIR/tests/lib.sh"

unset CLINICDEX_DB
export XDG_DATA_HOME="$T_TMP/xdg"
ok "stats creates the database at the XDG default path" \
	sh -c "'$CLINICDEX' stats >/dev/null && test -f '$T_TMP/xdg/clinicdex/clinicdex.db'"
ok "the database is in WAL mode" \
	sh -c "[ \"\$(sqlite3 '$T_TMP/xdg/clinicdex/clinicdex.db' 'PRAGMA journal_mode')\" = wal ]"
ok "the schema has a version" \
	sh -c "[ \"\$(sqlite3 '$T_TMP/xdg/clinicdex/clinicdex.db' 'PRAGMA user_version')\" -ge 1 ]"
ok "--db wins over CLINICDEX_DB" \
	sh -c "CLINICDEX_DB='$T_TMP/env.db' '$CLINICDEX' --db '$T_TMP/opt.db' stats >/dev/null && test -f '$T_TMP/opt.db' && test ! -f '$T_TMP/env.db'"
ok "CLINICDEX_DB wins over the default" \
	sh -c "CLINICDEX_DB='$T_TMP/env.db' '$CLINICDEX' stats >/dev/null && test -f '$T_TMP/env.db'"
ok "--db after the command works too" \
	sh -c "'$CLINICDEX' stats --db '$T_TMP/after.db' >/dev/null && test -f '$T_TMP/after.db'"
ok "an empty directory has zero clinics" \
	sh -c "'$CLINICDEX' --db '$T_TMP/opt.db' stats | grep -q '^clinics *0$'"
printf 'this is not a database, just text\n%.0s' $(seq 1 200) >"$T_TMP/junk.db"
ok "a file that is not SQLite: exit 1" exits 1 "$CLINICDEX" --db "$T_TMP/junk.db" stats
ok "a file that is not SQLite: one clear line" \
	sh -c "'$CLINICDEX' --db '$T_TMP/junk.db' stats 2>&1 | grep -q '^clinicdex: stats: .*junk.db'"
ok "the bad file is left untouched" \
	sh -c "grep -q 'this is not a database' '$T_TMP/junk.db'"
sqlite3 "$T_TMP/future.db" 'PRAGMA user_version=999;'
ok "a database from a newer clinicdex is refused (exit 1)" exits 1 "$CLINICDEX" --db "$T_TMP/future.db" stats
ok "... saying why" \
	sh -c "'$CLINICDEX' --db '$T_TMP/future.db' stats 2>&1 | grep -q 'newer'"
ok "reopening a database keeps its version" \
	sh -c "'$CLINICDEX' --db '$T_TMP/opt.db' stats >/dev/null && [ \"\$(sqlite3 '$T_TMP/opt.db' 'PRAGMA user_version')\" -ge 1 ]"
ok "the schema passes integrity_check" \
	sh -c "[ \"\$(sqlite3 '$T_TMP/opt.db' 'PRAGMA integrity_check')\" = ok ]"
# Processes that create the same new database at once all open it: the
# switch to WAL waits for the other instead of failing "database is locked".
race() {
	for i in $(seq 1 20); do
		rm -f "$T_TMP/race.db" "$T_TMP/race.db-wal" "$T_TMP/race.db-shm"
		"$CLINICDEX" --db "$T_TMP/race.db" stats >/dev/null 2>>"$T_TMP/race.err" & p1=$!
		"$CLINICDEX" --db "$T_TMP/race.db" stats >/dev/null 2>>"$T_TMP/race.err" & p2=$!
		"$CLINICDEX" --db "$T_TMP/race.db" stats >/dev/null 2>>"$T_TMP/race.err"; r3=$?
		wait "$p1"; r1=$?
		wait "$p2"; r2=$?
		if [ "$r1$r2$r3" != 000 ]; then
			echo "round $i: exit statuses $r1 $r2 $r3"
			cat "$T_TMP/race.err"
			return 1
		fi
	done
	! grep . "$T_TMP/race.err"
}
ok "three processes creating one database at once all succeed (20 times)" race
# A version-1 database (as the first release wrote it) is migrated forward.
"$CLINICDEX" --db "$T_TMP/v1.db" stats >/dev/null
sqlite3 "$T_TMP/v1.db" "ALTER TABLE frontier DROP COLUMN attempts; ALTER TABLE frontier DROP COLUMN retry_at;
  ALTER TABLE sites DROP COLUMN failures; ALTER TABLE sites DROP COLUMN set_aside;
  ALTER TABLE sites DROP COLUMN crawl_delay_ms;
  DROP TRIGGER locations_rtree_ins; DROP TRIGGER locations_rtree_upd; DROP TRIGGER locations_rtree_del;
  DROP TRIGGER locations_twins_ins; DROP TRIGGER locations_twins_upd; DROP TRIGGER locations_twins_del;
  DROP TRIGGER locations_points_ins; DROP TRIGGER locations_points_upd; DROP TRIGGER locations_points_del;
  DROP TABLE location_grid; DROP TABLE location_points; DROP TABLE licenses; DROP TABLE registry_imports;
  DROP TABLE npi_providers; DROP TABLE npi_taxonomies; DROP TABLE IF EXISTS leie; DROP TABLE IF EXISTS fda_decisions;
  ALTER TABLE practitioners DROP COLUMN exclusion; ALTER TABLE practitioners DROP COLUMN exclusion_note;
  ALTER TABLE practitioners DROP COLUMN license_note;
  ALTER TABLE clinics DROP COLUMN exclusion; ALTER TABLE clinics DROP COLUMN exclusion_note;
  DROP TRIGGER clinics_fts_del; DROP TABLE location_rtree; DROP TABLE clinic_fts;
  DROP TABLE gaz_zcta; DROP TABLE gaz_places; DROP TABLE IF EXISTS roles; ALTER TABLE clinics DROP COLUMN services;
  ALTER TABLE clinics DROP COLUMN credentials; ALTER TABLE clinics DROP COLUMN practitioners;
  INSERT INTO sites(key, host, base_url, first_seen)
  VALUES ('http://old.test', 'old.test', 'http://old.test/', 1); PRAGMA user_version=1;"
ok "a version 1 database opens" "$CLINICDEX" --db "$T_TMP/v1.db" stats
ok "... is migrated to the current version" \
	test "$(sqlite3 "$T_TMP/v1.db" 'PRAGMA user_version')" -eq "$(sqlite3 "$T_TMP/opt.db" 'PRAGMA user_version')"
ok "... keeping its data" test "$(sqlite3 "$T_TMP/v1.db" "SELECT count(*) FROM sites WHERE host='old.test'")" -eq 1
ok "... and gaining the new columns" sqlite3 "$T_TMP/v1.db" 'SELECT failures, set_aside FROM sites'
done_testing
