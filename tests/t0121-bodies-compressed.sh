#!/bin/sh
# Pages stored small: bodies are kept compressed (zlib) in the database,
# at most 0.35x the bytes of the text on the evaluation corpus (136 pages
# of 6 KiB on average; real pages, larger, do better: 0.22x on realweb); re-extraction and
# `extract --warc` read them as before; and a database of 0.1 (schema 6,
# bodies as text) is compressed when this version opens it, its export
# unchanged.
. "$TOP_SRCDIR/tests/lib.sh"

start_server "$TOP_SRCDIR/tests/corpus"
sites=""
for d in "$TOP_SRCDIR"/tests/corpus/*.test; do sites="$sites http://$(basename "$d")/"; done
# shellcheck disable=SC2086
ok "a crawl of the evaluation corpus succeeds" \
	$CLINICDEX crawl -q --connect-to ::127.0.0.1:$PORT --allow-private --delay 0 $sites
stop_server

# Stored bytes against the text, and every body checked against its hash.
cat >"$T_TMP/sizes.py" <<'PY'
import hashlib, sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1]); db.text_factory = bytes
stored = raw = packed = 0
for (h, t, b) in db.execute("SELECT hash, typeof(body), body FROM bodies"):
    text = zlib.decompress(b) if t == b"blob" else b
    if hashlib.sha256(text).hexdigest().encode() != h:
        sys.exit("body %s does not match its hash" % h.decode())
    stored += len(b); raw += len(text); packed += t == b"blob"
print("%d %d %d %.3f" % (packed, stored, raw, stored / raw))
PY
ok "every stored body reads back to the text its hash names" \
	sh -c "'$PYTHON3' '$T_TMP/sizes.py' '$CLINICDEX_DB' >'$T_TMP/sizes'"
read -r packed stored raw ratio <"$T_TMP/sizes"
echo "# $packed bodies compressed: $stored bytes stored for $raw bytes of text ($ratio x)"
ok "bodies are compressed" test "$packed" -gt 100
ok "... to at most 0.35x the bytes of their text" \
	"$PYTHON3" -c "import sys; sys.exit(not $stored <= 0.35 * $raw)"

# claim ids are renumbered when a page's facts are replaced: left out
claims() { $CLINICDEX export --db "$1" --what claims | cut -d, -f2- | sort; }
claims "$CLINICDEX_DB" >"$T_TMP/claims.crawl"
ok "extract re-reads the compressed bodies" $CLINICDEX extract -q
ok "... and finds the same claims" sh -c "$CLINICDEX export --what claims | cut -d, -f2- | sort | cmp - '$T_TMP/claims.crawl'"
ok "extract --site too" sh -c "$CLINICDEX extract --site bayou-glow-medspa.test 2>&1 | grep -q 're-extracted [1-9]'"

# A database as 0.1 left it: schema version 6, every body text.
sqlite3 "$CLINICDEX_DB" ".backup '$T_TMP/old.db'"
"$PYTHON3" - "$T_TMP/old.db" <<'PY'
import sqlite3, sys, zlib
db = sqlite3.connect(sys.argv[1], isolation_level=None); db.text_factory = bytes
db.execute("BEGIN")
rows = db.execute("SELECT hash, body FROM bodies WHERE typeof(body) = 'blob'").fetchall()
for (h, b) in rows:
    db.execute("UPDATE bodies SET body = CAST(? AS TEXT) WHERE hash = ?", (zlib.decompress(b), h.decode()))
# and without what later migrations add, so they can make it anew
for sql in ("DROP TABLE IF EXISTS leie", "DROP TABLE IF EXISTS fda_decisions",
            "DROP TABLE IF EXISTS roles", "DROP TRIGGER IF EXISTS location_grid_ins",
            "DROP TRIGGER IF EXISTS location_grid_upd", "DROP TRIGGER IF EXISTS location_grid_del",
            "DROP TABLE IF EXISTS location_grid"):
    db.execute(sql)
cols = [r[1].decode() for r in db.execute("PRAGMA table_info(practitioners)")]
for col in ("exclusion", "exclusion_note", "license_note"):
    if col in cols:
        db.execute("ALTER TABLE practitioners DROP COLUMN " + col)
for table, col in (("clinics", "exclusion"), ("clinics", "exclusion_note"),
                   ("registry_imports", "published"), ("licenses", "status_date")):
    if col in [r[1].decode() for r in db.execute("PRAGMA table_info(%s)" % table)]:
        db.execute("ALTER TABLE %s DROP COLUMN %s" % (table, col))
db.execute("PRAGMA user_version = 6")
db.execute("COMMIT")
PY
ok "the 0.1 database holds its bodies as text" test \
	"$(sqlite3 "$T_TMP/old.db" "SELECT count(*) FROM bodies WHERE typeof(body) = 'blob'")" -eq 0
ok "this version opens it (stats)" $CLINICDEX stats --db "$T_TMP/old.db"
ok "... migrated to schema version 7" test "$(sqlite3 "$T_TMP/old.db" 'PRAGMA user_version')" -ge 7
ok "... its bodies compressed as a crawl would" \
	sh -c "'$PYTHON3' '$T_TMP/sizes.py' '$T_TMP/old.db' | cmp - '$T_TMP/sizes'"
ok "... and extract reads them" sh -c "$CLINICDEX extract -q --db '$T_TMP/old.db' &&
	$CLINICDEX export --db '$T_TMP/old.db' --what claims | cut -d, -f2- | sort | cmp - '$T_TMP/claims.crawl'"
done_testing
