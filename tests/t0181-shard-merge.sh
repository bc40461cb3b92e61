#!/bin/sh
# crawl --shard K/N and merge: the sample web crawled as three shards into
# three databases and merged gives the export of one crawl of it; merging
# again changes nothing; GNU parallel runs the shards when it is there.
. "$TOP_SRCDIR/tests/lib.sh"

start_server
demo_seeds >"$T_TMP/seeds.txt"
n_sites=$(wc -l <"$T_TMP/seeds.txt")
CRAWL="$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --delay 0 --allow-private --seeds $T_TMP/seeds.txt"
q() { sqlite3 "$1" "$2"; }

# the export without ids and crawl times: clinic ids follow the order sites
# were first read, which no two crawls share
export_of() {
	CLINICDEX_DB=$1 "$CLINICDEX" export | cut -d, -f2-13 | sort
	for what in practitioners claims; do
		CLINICDEX_DB=$1 "$CLINICDEX" export --what $what | cut -d, -f3- | sort
	done
}

ok "one crawl of the sample web" env CLINICDEX_DB="$T_TMP/one.db" $CRAWL
export_of "$T_TMP/one.db" >"$T_TMP/one.csv"
ok "... exports its clinics" test "$(wc -l <"$T_TMP/one.csv")" -gt "$n_sites"

for k in 1 2 3; do
	ok "shard $k/3 crawls" env CLINICDEX_DB="$T_TMP/shard$k.db" $CRAWL --shard $k/3
done
ok "the shards split the sites: each crawled by one" \
	test "$(for k in 1 2 3; do q "$T_TMP/shard$k.db" 'SELECT key FROM sites'; done | sort | uniq | wc -l)" -eq "$n_sites"
ok "... and no site twice" \
	test "$(for k in 1 2 3; do q "$T_TMP/shard$k.db" 'SELECT key FROM sites'; done | wc -l)" -eq "$n_sites"
ok "... each shard has some (FNV-1a of the key spreads them)" sh -c \
	"for k in 1 2 3; do test \$(sqlite3 '$T_TMP/shard'\$k.db 'SELECT count(*) FROM sites') -gt 0 || exit 1; done"
# the shard of a site is FNV-1a 64 of its key, mod N, plus 1: computed here
# independently, for a key FNV's published test vector checks first
fnv_shard() {
	"$PYTHON3" -c '
import sys
h = 0xcbf29ce484222325
for b in sys.argv[1].encode():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print(h % int(sys.argv[2]) + 1)' "$1" "$2"
}
ok "FNV-1a 64 as published (\"a\" is af63dc4c8601ec8c)" \
	test "$("$PYTHON3" -c 'h=(0xcbf29ce484222325 ^ 97) * 0x100000001b3 & (2**64-1); print("%x" % h)')" = af63dc4c8601ec8c
site_in_shard() {
	for k in 1 2 3; do
		for key in $(q "$T_TMP/shard$k.db" 'SELECT key FROM sites'); do
			[ "$(fnv_shard "$key" 3)" -eq "$k" ] || { echo "$key in shard $k"; return 1; }
		done
	done
}
ok "each site is in the shard FNV-1a 64 of its key names" site_in_shard

export CLINICDEX_DB="$T_TMP/merged.db"
ok "merge folds the three shards into a new database" \
	"$CLINICDEX" merge -q "$T_TMP/shard1.db" "$T_TMP/shard2.db" "$T_TMP/shard3.db"
export_of "$T_TMP/merged.db" >"$T_TMP/merged.csv"
ok "... whose export equals that of one crawl" cmp "$T_TMP/one.csv" "$T_TMP/merged.csv"
ok "... pages and frontier included" test \
	"$(q "$T_TMP/merged.db" 'SELECT count(*) FROM pages'):$(q "$T_TMP/merged.db" 'SELECT count(*) FROM frontier')" = \
	"$(q "$T_TMP/one.db" 'SELECT count(*) FROM pages'):$(q "$T_TMP/one.db" 'SELECT count(*) FROM frontier')"
ok "... and search finds by text in it" \
	sh -c "'$CLINICDEX' search --format csv --text dermatology | grep -q ."
dump() { sqlite3 "$CLINICDEX_DB" .dump | grep -v '^INSERT INTO sqlite_stat'; }
dump >"$T_TMP/before.sql"
ok "merging the same shards again" sh -c \
	"'$CLINICDEX' merge '$T_TMP/shard1.db' '$T_TMP/shard2.db' '$T_TMP/shard3.db' 2>'$T_TMP/again.err'"
ok "... says nothing was new" grep -qF 'merged 3 databases: 0 new sites, 0 new pages' "$T_TMP/again.err"
ok "... and changes nothing" sh -c "sqlite3 '$CLINICDEX_DB' .dump | grep -v '^INSERT INTO sqlite_stat' | cmp - '$T_TMP/before.sql'"

# verify's statuses travel with the claims
q "$T_TMP/shard1.db" "UPDATE claims SET status = 'conflict', reason = 'test' WHERE id = (SELECT min(id) FROM claims)"
site=$(q "$T_TMP/shard1.db" "SELECT s.key FROM claims c JOIN clinics k ON k.id = c.clinic_id JOIN sites s ON s.id = k.site_id WHERE c.status = 'conflict'")
export CLINICDEX_DB="$T_TMP/status.db"
ok "a shard with a verified claim merges" "$CLINICDEX" merge -q "$T_TMP/shard1.db"
ok "... keeping the claim's status" test "$(q "$CLINICDEX_DB" "SELECT count(*) FROM claims c JOIN clinics k ON k.id = c.clinic_id JOIN sites s ON s.id = k.site_id WHERE c.status = 'conflict' AND c.reason = 'test' AND s.key = '$site'")" -eq 1

ok "merge without a database is a usage error" exits 2 "$CLINICDEX" merge
ok "a missing database is an error" exits 1 "$CLINICDEX" merge "$T_TMP/nope.db"
ok "... that creates nothing" test ! -e "$T_TMP/nope.db"
ok "merging a database into itself is a usage error" exits 2 "$CLINICDEX" merge "$CLINICDEX_DB"
printf 'CREATE TABLE t(x);' | sqlite3 "$T_TMP/other.db"
ok "another program's database is refused" exits 1 "$CLINICDEX" merge "$T_TMP/other.db"
ok "--shard 0/3 is a usage error" exits 2 $CRAWL --shard 0/3
ok "--shard 4/3 is a usage error" exits 2 $CRAWL --shard 4/3
ok "--shard 1/x is a usage error" exits 2 $CRAWL --shard 1/x

# GNU parallel runs the shards (local jobs; --sshloginfile spreads the
# same command over machines), then one merge
if command -v parallel >/dev/null 2>&1; then
	export CLINICDEX_DB="$T_TMP/par.db"
	ok "GNU parallel crawls three shards" \
		parallel --will-cite -j 2 "CLINICDEX_DB=$T_TMP/par{}.db $CRAWL --shard {}/3" ::: 1 2 3
	ok "... merged" "$CLINICDEX" merge -q "$T_TMP/par1.db" "$T_TMP/par2.db" "$T_TMP/par3.db"
	export_of "$T_TMP/par.db" >"$T_TMP/par.csv"
	ok "... the export equals that of one crawl" cmp "$T_TMP/one.csv" "$T_TMP/par.csv"
fi
done_testing
