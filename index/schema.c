/* schema.c: opening the directory database, its schema and migrations,
 * transactions, and the SQLite helpers the other index/ files share.
 * Migration i (1-based) brings PRAGMA user_version from i-1 to i. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/places.h"

/* 1 when location row a (a table alias or new/old) is a copy without
 * markup coordinates of an address the same clinic also has with markup
 * coordinates: that copy is the one shown and searched. */
#define SHADOWED(a) \
	"(" a ".geo_source IS NOT 'markup' AND EXISTS (SELECT 1 FROM locations m" \
	" WHERE m.clinic_id = " a ".clinic_id AND m.geo_source = 'markup'" \
	" AND lower(coalesce(m.street, '')) = lower(coalesce(" a ".street, ''))" \
	" AND substr(coalesce(m.zip, ''), 1, 5) = substr(coalesce(" a ".zip, ''), 1, 5)))"

/* The shadow flag of the location_points row being updated. */
#define TWIN_SHADOWED \
	"coalesce((SELECT " SHADOWED("t") " FROM locations t WHERE t.id = location_points.id), 0)"

static const char *const index_migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE sites ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  host TEXT NOT NULL,"            /* host part of key, for lookups */
	"  base_url TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_crawled INTEGER,"
	"  robots_status INTEGER,"
	"  robots_body TEXT,"
	"  robots_fetched INTEGER"
	");"
	"CREATE INDEX sites_host ON sites(host);"

	"CREATE TABLE frontier ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL UNIQUE,"
	"  depth INTEGER NOT NULL,"
	"  priority INTEGER NOT NULL DEFAULT 0,"
	"  state INTEGER NOT NULL DEFAULT 0,"
	"  reason TEXT,"
	"  added INTEGER NOT NULL"
	");"
	/* serves index_frontier_next without a sort: equality on the first
	 * two columns, then the ORDER BY in index order */
	"CREATE INDEX frontier_next ON frontier(site_id, state, priority DESC, id);"
	"CREATE INDEX frontier_state ON frontier(state);"

	"CREATE TABLE bodies ("
	"  hash TEXT PRIMARY KEY,"
	"  body TEXT NOT NULL"
	");"

	"CREATE TABLE pages ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL UNIQUE,"
	"  final_url TEXT,"
	"  status INTEGER NOT NULL DEFAULT 0,"
	"  content_type TEXT,"
	"  fetched_at INTEGER,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  body_hash TEXT REFERENCES bodies(hash),"
	"  bytes INTEGER NOT NULL DEFAULT 0,"
	"  error TEXT"
	");"
	"CREATE INDEX pages_site ON pages(site_id);"
	"CREATE INDEX pages_body ON pages(body_hash);"

	"CREATE TABLE clinics ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER NOT NULL UNIQUE REFERENCES sites(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL DEFAULT '',"
	"  name_rank INTEGER NOT NULL DEFAULT 0,"
	"  phone TEXT NOT NULL DEFAULT '',"
	"  first_seen INTEGER NOT NULL,"
	"  last_crawled INTEGER"
	");"

	"CREATE TABLE locations ("
	"  id INTEGER PRIMARY KEY,"
	"  clinic_id INTEGER NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,"
	"  page_id INTEGER REFERENCES pages(id) ON DELETE CASCADE,"
	"  street TEXT,"
	"  city TEXT,"
	"  state TEXT,"
	"  zip TEXT,"
	"  phone TEXT,"
	"  lat REAL,"
	"  lon REAL,"
	"  geo_source TEXT,"               /* 'markup', later 'gazetteer' */
	"  evidence TEXT"
	");"
	"CREATE INDEX locations_clinic ON locations(clinic_id);"
	"CREATE INDEX locations_page ON locations(page_id);"
	"CREATE INDEX locations_state ON locations(state);"
	"CREATE INDEX locations_zip ON locations(zip);"
	"CREATE INDEX locations_city ON locations(city COLLATE NOCASE);"

	"CREATE TABLE practitioners ("
	"  id INTEGER PRIMARY KEY,"
	"  clinic_id INTEGER NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  name_key TEXT NOT NULL,"
	"  role TEXT,"
	"  npi TEXT,"
	"  status TEXT NOT NULL DEFAULT 'unchecked',"
	"  UNIQUE (clinic_id, name_key)"
	");"

	"CREATE TABLE practitioner_pages ("
	"  practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,"
	"  page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (practitioner_id, page_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX practitioner_pages_page ON practitioner_pages(page_id);"

	"CREATE TABLE claims ("
	"  id INTEGER PRIMARY KEY,"
	"  clinic_id INTEGER NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,"
	"  page_id INTEGER REFERENCES pages(id) ON DELETE CASCADE,"
	"  practitioner_id INTEGER REFERENCES practitioners(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('credential', 'service')),"
	"  code TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'unchecked',"
	"  reason TEXT,"
	"  evidence_url TEXT,"
	"  evidence TEXT"
	");"
	"CREATE INDEX claims_clinic ON claims(clinic_id, kind, code);"
	"CREATE INDEX claims_code ON claims(code);"
	"CREATE INDEX claims_page ON claims(page_id);"
	"CREATE INDEX claims_practitioner ON claims(practitioner_id);"
	"CREATE INDEX claims_status ON claims(status);"
	/* Facts are stored per page (so a page's re-extraction replaces just
	 * its own); readers see one row per fact: an address once however
	 * many pages repeat it (the copy with coordinates first), a claim
	 * once per clinic, practitioner, kind and code, its evidence the
	 * first by page URL and sentence, so the same web gives the same
	 * export whatever order its pages arrived in. */
	"CREATE VIEW clinic_locations AS"
	" SELECT * FROM (SELECT l.*, row_number() OVER (PARTITION BY l.clinic_id,"
	"  lower(coalesce(l.street, '')), substr(coalesce(l.zip, ''), 1, 5)"
	"  ORDER BY l.lat IS NULL, l.id) AS rn FROM locations l) WHERE rn = 1;"
	"CREATE VIEW clinic_claims AS"
	" SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY c.clinic_id,"
	"  coalesce(c.practitioner_id, 0), c.kind, c.code"
	"  ORDER BY c.evidence_url, c.evidence, c.id) AS rn FROM claims c) WHERE rn = 1;",

	/* 2: politeness that survives a restart. A frontier item that failed
	 * in a way worth retrying (429, 503, a reset) waits until retry_at;
	 * a site that keeps failing is set aside with its reason. */
	"ALTER TABLE frontier ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE frontier ADD COLUMN retry_at INTEGER;"
	"ALTER TABLE sites ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sites ADD COLUMN set_aside TEXT;"
	"ALTER TABLE sites ADD COLUMN crawl_delay_ms INTEGER;",

	/* 3: places and full text. The Census gazetteers (ZIP and place
	 * centroids) geocode locations without markup geo; an R*Tree over
	 * location points serves radius searches; an FTS5 document per clinic
	 * (name, codes, practitioner names, evidence) serves --text. Triggers
	 * keep the R*Tree in step with every write to locations; the FTS
	 * document is rebuilt by the writer (index_fts_refresh) in the same
	 * transaction, and dropped with its clinic. */
	"CREATE TABLE gaz_zcta ("
	"  zip TEXT PRIMARY KEY,"           /* 5 digits, leading zeros kept */
	"  lat REAL NOT NULL,"
	"  lon REAL NOT NULL,"
	"  aland REAL NOT NULL DEFAULT 0"
	") WITHOUT ROWID;"
	"CREATE TABLE gaz_places ("
	"  geoid TEXT PRIMARY KEY,"
	"  state TEXT NOT NULL,"
	"  name TEXT NOT NULL,"             /* as the file has it: 'Austin city' */
	"  name_key TEXT NOT NULL,"         /* 'austin': lower case, LSAD cut */
	"  full_key TEXT NOT NULL,"         /* 'austin city' */
	"  lat REAL NOT NULL,"
	"  lon REAL NOT NULL,"
	"  aland REAL NOT NULL DEFAULT 0"
	") WITHOUT ROWID;"
	"CREATE INDEX gaz_places_name ON gaz_places(state, name_key);"
	"CREATE INDEX gaz_places_full ON gaz_places(state, full_key);"

	/* geo_source: 'markup' (JSON-LD geo), 'zip' or 'city' (a centroid) */
	"UPDATE locations SET geo_source = 'markup'"
	" WHERE lat IS NOT NULL AND lon IS NOT NULL AND geo_source IS NULL;"
	"CREATE VIRTUAL TABLE location_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);"
	"INSERT INTO location_rtree SELECT id, lat, lat, lon, lon FROM locations"
	" WHERE lat IS NOT NULL AND lon IS NOT NULL;"
	"CREATE TRIGGER locations_rtree_ins AFTER INSERT ON locations"
	" WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN"
	"  INSERT INTO location_rtree VALUES (new.id, new.lat, new.lat, new.lon, new.lon);"
	" END;"
	"CREATE TRIGGER locations_rtree_upd AFTER UPDATE OF lat, lon ON locations BEGIN"
	"  DELETE FROM location_rtree WHERE id = old.id;"
	"  INSERT INTO location_rtree SELECT new.id, new.lat, new.lat, new.lon, new.lon"
	"   WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;"
	" END;"
	"CREATE TRIGGER locations_rtree_del AFTER DELETE ON locations BEGIN"
	"  DELETE FROM location_rtree WHERE id = old.id;"
	" END;"
	/* covers the per-clinic code lists of search and export */
	"DROP INDEX claims_clinic;"
	"CREATE INDEX claims_clinic ON claims(clinic_id, kind, code, status);"
	/* The copy of an address with markup coordinates is the one shown. */
	"DROP VIEW clinic_locations;"
	"CREATE VIEW clinic_locations AS"
	" SELECT * FROM (SELECT l.*, row_number() OVER (PARTITION BY l.clinic_id,"
	"  lower(coalesce(l.street, '')), substr(coalesce(l.zip, ''), 1, 5)"
	"  ORDER BY l.geo_source IS NOT 'markup', l.lat IS NULL, l.id) AS rn"
	"  FROM locations l) WHERE rn = 1;"

	/* Each clinic's code and practitioner lists, kept with its FTS
	 * document, so that listing or exporting clinics reads one row each
	 * rather than aggregating its claims every time. */
	"ALTER TABLE clinics ADD COLUMN services TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE clinics ADD COLUMN credentials TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE clinics ADD COLUMN practitioners TEXT NOT NULL DEFAULT '';"
	"UPDATE clinics SET " INDEX_CLINIC_LISTS_SQL ";"
	"CREATE VIRTUAL TABLE clinic_fts USING fts5(name, codes, practitioners, evidence,"
	" tokenize = 'unicode61 remove_diacritics 2');"
	"INSERT INTO clinic_fts (rowid, name, codes, practitioners, evidence) " INDEX_FTS_DOC_SQL
	" WHERE 1;"
	"CREATE TRIGGER clinics_fts_del AFTER DELETE ON clinics BEGIN"
	"  DELETE FROM clinic_fts WHERE rowid = old.id;"
	" END;",

	/* 4: beside the R*Tree, a narrow table of the located points with
	 * their clinic and whether a copy with markup coordinates shadows
	 * them: a search near a city joins thousands of tree entries to these
	 * small rows instead of to wide location rows and a shadow subquery
	 * each (auxiliary R*Tree columns, tried first, cost a statement per
	 * row; clinic ids as a tree dimension ruined its spatial grouping) */
	"CREATE TABLE location_points ("
	"  id INTEGER PRIMARY KEY,"         /* the location's id */
	"  clinic_id INTEGER NOT NULL,"
	"  lat REAL NOT NULL,"
	"  lon REAL NOT NULL,"
	"  shadowed INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO location_points SELECT l.id, l.clinic_id, l.lat, l.lon, " SHADOWED("l")
	" FROM locations l WHERE l.lat IS NOT NULL AND l.lon IS NOT NULL;"
	"CREATE TRIGGER locations_points_ins AFTER INSERT ON locations"
	" WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN"
	"  INSERT INTO location_points VALUES (new.id, new.clinic_id, new.lat, new.lon, "
	SHADOWED("new") ");"
	" END;"
	"CREATE TRIGGER locations_points_upd AFTER UPDATE OF lat, lon, geo_source, street, zip,"
	" clinic_id ON locations BEGIN"
	"  DELETE FROM location_points WHERE id = old.id;"
	"  INSERT INTO location_points SELECT new.id, new.clinic_id, new.lat, new.lon, "
	SHADOWED("new") "   WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;"
	" END;"
	"CREATE TRIGGER locations_points_del AFTER DELETE ON locations BEGIN"
	"  DELETE FROM location_points WHERE id = old.id;"
	" END;"
	/* a copy with markup coordinates appearing, changing or going
	 * changes whether its twins are shadowed */
	"CREATE TRIGGER locations_twins_ins AFTER INSERT ON locations"
	" WHEN new.geo_source = 'markup' BEGIN"
	"  UPDATE location_points SET shadowed = " TWIN_SHADOWED
	"   WHERE clinic_id = new.clinic_id AND id <> new.id;"
	" END;"
	"CREATE TRIGGER locations_twins_upd AFTER UPDATE OF geo_source, street, zip, clinic_id"
	" ON locations WHEN old.geo_source = 'markup' OR new.geo_source = 'markup' BEGIN"
	"  UPDATE location_points SET shadowed = " TWIN_SHADOWED
	"   WHERE clinic_id IN (old.clinic_id, new.clinic_id) AND id <> new.id;"
	" END;"
	"CREATE TRIGGER locations_twins_del AFTER DELETE ON locations"
	" WHEN old.geo_source = 'markup' BEGIN"
	"  UPDATE location_points SET shadowed = " TWIN_SHADOWED
	"   WHERE clinic_id = old.clinic_id AND id <> old.id;"
	" END;"
	"CREATE INDEX location_points_clinic ON location_points(clinic_id);",

	/* 5: registries. An NPPES import fills npi_providers_new and
	 * npi_taxonomies_new, then swaps them in in one transaction; a
	 * licence list replaces the list of the same state and label. */
	"CREATE TABLE registry_imports ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('nppes', 'licenses')),"
	"  label TEXT NOT NULL,"           /* 'nppes', or the licence list's name */
	"  state TEXT,"                    /* licence lists: their state */
	"  source TEXT NOT NULL,"          /* the file as named on import */
	"  imported_at INTEGER NOT NULL,"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"
	"  rows_kept INTEGER NOT NULL DEFAULT 0,"
	"  rows_malformed INTEGER NOT NULL DEFAULT 0,"
	"  detail TEXT"                    /* NPPES: the taxonomy prefixes kept */
	");"
	REGISTRY_NPPES_TABLES("npi_providers", "npi_taxonomies")
	REGISTRY_NPPES_INDEXES
	"CREATE TABLE licenses ("
	"  id INTEGER PRIMARY KEY,"
	"  list_id INTEGER NOT NULL REFERENCES registry_imports(id) ON DELETE CASCADE,"
	"  state TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  first_key TEXT NOT NULL,"
	"  last_key TEXT NOT NULL,"
	"  license TEXT NOT NULL,"
	"  type TEXT,"
	"  status TEXT,"
	"  expires TEXT"
	");"
	"CREATE INDEX licenses_name ON licenses(first_key, state);"
	"CREATE INDEX licenses_list ON licenses(list_id);",

	/* 6: a site becomes a clinic with its first page read; the empty
	 * clinics of sites of which nothing could be read go (their site,
	 * frontier and failed pages stay, for show and the next crawl) */
	"DELETE FROM clinics WHERE NOT EXISTS (SELECT 1 FROM pages p"
	" WHERE p.site_id = clinics.site_id AND p.status BETWEEN 200 AND 299);",

	/* 7: roles ("Medical Director") of practitioners and the clinic's
	 * oversight statements (practitioner_id NULL), per page like claims
	 * (index/roles.c); code from rules.json "roles" or "oversight",
	 * words as the site says them */
	"CREATE TABLE roles ("
	"  id INTEGER PRIMARY KEY,"
	"  clinic_id INTEGER NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,"
	"  page_id INTEGER REFERENCES pages(id) ON DELETE CASCADE,"
	"  practitioner_id INTEGER REFERENCES practitioners(id) ON DELETE CASCADE,"
	"  code TEXT NOT NULL,"
	"  words TEXT,"
	"  evidence_url TEXT,"
	"  evidence TEXT"
	");"
	"CREATE INDEX roles_clinic ON roles(clinic_id, code);"
	"CREATE INDEX roles_page ON roles(page_id);"
	"CREATE INDEX roles_practitioner ON roles(practitioner_id);",
};

_Static_assert(sizeof index_migrations / sizeof index_migrations[0] == INDEX_SCHEMA_VERSION,
               "one migration per schema version");

/* ---- helpers shared by the index/ files (internal.h) ---- */

int
index_sql_fail(struct index *idx, struct cd_error *err, const char *what)
{
	return cd_error_set(err, CD_EDB, "%s: %s", what, sqlite3_errmsg(idx->db));
}

int
index_sql_prepare(struct index *idx, const char *sql, sqlite3_stmt **st,
                  struct cd_error *err)
{
	struct index_stmt *e = NULL, *lru = NULL;
	size_t i;

	*st = NULL;
	for (i = 0; i < idx->n_cache; i++) {
		struct index_stmt *c = &idx->cache[i];

		if (!c->busy && strcmp(c->sql, sql) == 0) {
			c->busy = true;
			c->used = ++idx->tick;
			*st = c->st;
			return 0;
		}
		if (!c->busy && (lru == NULL || c->used < lru->used))
			lru = c;
	}
	if (sqlite3_prepare_v3(idx->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
	    SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return index_sql_fail(idx, err, "database query failed");
	}
	if (idx->n_cache < INDEX_STMT_CACHE) {
		e = &idx->cache[idx->n_cache++];
	} else if (lru != NULL) {
		e = lru;
		sqlite3_finalize(e->st);
		free(e->sql);
	} else {
		return 0;       /* every entry in use: this one stays uncached */
	}
	e->sql = xstrdup(sql);
	e->st = *st;
	e->busy = true;
	e->used = ++idx->tick;
	return 0;
}

void
index_sql_done(struct index *idx, sqlite3_stmt *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < idx->n_cache; i++) {
		if (idx->cache[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			idx->cache[i].busy = false;
			return;
		}
	}
	sqlite3_finalize(st);
}

void
index_sql_cache_clear(struct index *idx)
{
	size_t i;

	for (i = 0; i < idx->n_cache; i++) {
		sqlite3_finalize(idx->cache[i].st);
		free(idx->cache[i].sql);
	}
	idx->n_cache = 0;
}

int
index_sql_exec(struct index *idx, const char *sql, struct cd_error *err)
{
	if (sqlite3_exec(idx->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_fail(idx, err, "database update failed");
	return 0;
}

int
index_sql_step_done(struct index *idx, sqlite3_stmt *st, const char *what,
                    struct cd_error *err)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return index_sql_fail(idx, err, what);
	return 0;
}

int
index_sql_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int
index_sql_bind_text_named(sqlite3_stmt *st, const char *name, const char *s)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 ? index_sql_bind_text(st, i, s) : SQLITE_OK;
}

int
index_sql_bind_int64_named(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 ? sqlite3_bind_int64(st, i, v) : SQLITE_OK;
}

const char *
index_sql_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

int
index_sql_savepoint(struct index *idx, const char *name, struct cd_error *err)
{
	char sql[64];

	snprintf(sql, sizeof sql, "SAVEPOINT %s", name);
	return index_sql_exec(idx, sql, err);
}

int
index_sql_release(struct index *idx, const char *name, struct cd_error *err)
{
	char sql[64];

	snprintf(sql, sizeof sql, "RELEASE %s", name);
	return index_sql_exec(idx, sql, err);
}

void
index_sql_rollback_to(struct index *idx, const char *name)
{
	char sql[96];

	snprintf(sql, sizeof sql, "ROLLBACK TO %s; RELEASE %s", name, name);
	sqlite3_exec(idx->db, sql, NULL, NULL, NULL);
}

/* ---- opening ---- */

/* mkdir -p for the directory part of path. */
static int
index_make_parent(const char *path, struct cd_error *err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *p = NULL;
	char c = '\0';
	int rc = 0;

	if (slash == NULL || slash == dir)
		goto out;
	*slash = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			rc = cd_error_set(err, CD_EIO, "cannot create directory %s: %s", dir,
			                  strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
out:
	free(dir);
	return rc;
}

static int
index_user_version(struct index *idx, int *version, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(idx->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", idx->path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	*version = sqlite3_column_int(st, 0);
out:
	sqlite3_finalize(st);
	return rc;
}

static int
index_check_version(struct index *idx, int version, struct cd_error *err)
{
	if (version > INDEX_SCHEMA_VERSION)
		return cd_error_set(err, CD_EDB,
		                    "cannot open database %s: database schema version %d is newer "
		                    "than this clinicdex (%d)",
		                    idx->path, version, INDEX_SCHEMA_VERSION);
	if (version < 0)
		return cd_error_set(err, CD_EDB, "database %s has a bad schema version %d",
		                    idx->path, version);
	return 0;
}

/* Refuses a database that is not clinicdex's: tables but no schema
 * version (another program's), or a version without clinicdex's tables
 * (another program that sets user_version). An empty one is new. */
static int
index_check_ours(struct index *idx, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t tables = 0, ours = 0;
	int version = 0, rc = 0;

	/* the version again, in the same read as the tables: a process
	 * creating the database at this moment commits both at once */
	if (sqlite3_prepare_v2(idx->db,
	                       "SELECT (SELECT user_version FROM pragma_user_version), count(*),"
	                       " count(*) FILTER (WHERE name IN ('sites', 'pages', 'clinics',"
	                       " 'claims')) FROM sqlite_master WHERE type = 'table'",
	                       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", idx->path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	version = sqlite3_column_int(st, 0);
	tables = sqlite3_column_int64(st, 1);
	ours = sqlite3_column_int64(st, 2);
	if ((version == 0 && tables > 0) || (version > 0 && ours < 4))
		rc = cd_error_set(err, CD_EDB,
		                  "%s is not a clinicdex database (an SQLite database of another "
		                  "program, %lld table%s): nothing was added to it; give --db a new "
		                  "file",
		                  idx->path, (long long)tables, tables == 1 ? "" : "s");
out:
	sqlite3_finalize(st);
	return rc;
}

/* Applies each missing migration in its own transaction. The version is
 * read again under the write lock, so two processes opening a fresh
 * database at once do not both migrate it. */
static int
index_migrate(struct index *idx, struct cd_error *err)
{
	int version = 0, rc = 0;
	char sql[64];

	for (;;) {
		if ((rc = index_user_version(idx, &version, err)) != 0 ||
		    (rc = index_check_version(idx, version, err)) != 0)
			return rc;
		if (version == INDEX_SCHEMA_VERSION)
			return 0;
		if ((rc = index_begin(idx, err)) != 0)
			return rc;
		if ((rc = index_user_version(idx, &version, err)) != 0)
			goto fail;
		if (version < INDEX_SCHEMA_VERSION) {
			if (sqlite3_exec(idx->db, index_migrations[version], NULL, NULL, NULL) !=
			    SQLITE_OK) {
				rc = cd_error_set(err, CD_EDB,
				                  "cannot migrate database %s to schema version %d: %s",
				                  idx->path, version + 1, sqlite3_errmsg(idx->db));
				goto fail;
			}
			snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
			if ((rc = index_sql_exec(idx, sql, err)) != 0)
				goto fail;
		}
		if ((rc = index_commit(idx, err)) != 0)
			goto fail;
	}
fail:
	index_rollback(idx);
	return rc;
}

/* Switches a new database to WAL. Two processes creating the same file at
 * once both ask; the switch needs an exclusive lock and SQLite answers
 * SQLITE_BUSY at once, without the busy handler, so it is retried here
 * for as long as the busy timeout would wait. */
static int
index_set_wal(struct index *idx, struct cd_error *err)
{
	for (int waited_ms = 0;; waited_ms += 20) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(idx->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);

		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (waited_ms >= 10000)
			break;
		sqlite3_sleep(20);
	}
	return cd_error_set(err, CD_EDB, "cannot open database %s: %s", idx->path,
	                    sqlite3_errmsg(idx->db));
}

int
index_open(const char *path, struct index **out, struct cd_error *err)
{
	struct index *idx = xcalloc(1, sizeof *idx);
	sqlite3_stmt *st = NULL;
	int version = 0, rc = 0;

	*out = NULL;
	idx->path = xstrdup(path);
	if ((rc = index_make_parent(path, err)) != 0)
		goto out;
	/* one connection per thread (the program has one): no mutex around
	 * every sqlite3_column_* call, which cost a search returning thousands
	 * of rows a tenth of its time */
	if (sqlite3_open_v2(path, &idx->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  idx->db ? sqlite3_errmsg(idx->db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(idx->db, 10000);
	/* A file that is not SQLite fails here, on the first read; a newer
	 * schema is refused before anything is written to it. */
	if ((rc = index_user_version(idx, &version, err)) != 0 ||
	    (rc = index_check_version(idx, version, err)) != 0 ||
	    (rc = index_check_ours(idx, err)) != 0)
		goto out;
	if ((rc = index_set_wal(idx, err)) != 0)
		goto out;
	if (sqlite3_exec(idx->db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL", NULL,
	                 NULL, NULL) != SQLITE_OK) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	if (places_sql_register(idx->db) != 0) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	if ((rc = index_migrate(idx, err)) != 0)
		goto out;
	*out = idx;
	idx = NULL; /* transferred */
out:
	/* SQLite says "unable to open database file" for a file it may read
	 * but not write; the system's reason is clearer */
	if (rc != 0 && idx != NULL && idx->db != NULL &&
	    (sqlite3_errcode(idx->db) == SQLITE_CANTOPEN ||
	     sqlite3_errcode(idx->db) == SQLITE_READONLY) &&
	    access(path, F_OK) == 0 && access(path, W_OK) != 0)
		rc = cd_error_set(err, CD_EDB, "cannot write database %s: %s", path,
		                  strerror(errno));
	sqlite3_finalize(st);
	index_close(idx);
	return rc;
}

/* "file:" URI of a path, with ?, # and % (and bytes outside printable
 * ASCII) percent-encoded; caller frees. */
static char *
index_file_uri(const char *path, const char *query)
{
	struct buf b = BUF_INIT;

	buf_init(&b, 0);
	buf_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p <= ' ' || *p >= 0x7f)
			buf_printf(&b, "%%%02X", *p);
		else
			buf_append(&b, p, 1);
	}
	buf_printf(&b, "?%s", query);
	return buf_detach(&b);
}

/* Opens path read only and immutable (no lock, no -wal or -shm file). */
static int
index_open_immutable(struct index *idx, const char *path, struct cd_error *err)
{
	char *uri = index_file_uri(path, "immutable=1");
	int rc = 0;

	if (sqlite3_open_v2(uri, &idx->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	                    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  idx->db ? sqlite3_errmsg(idx->db) : "out of memory");
	free(uri);
	return rc;
}

int
index_open_readonly(const char *path, struct index **out, struct cd_error *err)
{
	struct index *idx = xcalloc(1, sizeof *idx);
	char *shm = NULL;
	bool immutable = false;
	int version = 0, rc = 0;

	*out = NULL;
	idx->path = xstrdup(path);
	/* A reader must leave nothing behind: SQLite would create the -wal
	 * and -shm files of a WAL database when the folder allows it, owned
	 * by this user and not writable by the database's owner, who would
	 * then be locked out. With a -shm file present a writer may be at
	 * work, and SQLite reads through it (a copy in memory when it may
	 * not write it). Without one no connection has the database open
	 * (the last to close removes both files), so it is read as it lies
	 * on disk: immutable, creating nothing. */
	shm = xasprintf("%s-shm", path);
	immutable = access(shm, F_OK) != 0;
	free(shm);
	if (!immutable) {
		if (sqlite3_open_v2(path, &idx->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
		                    NULL) != SQLITE_OK) {
			rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
			                  idx->db ? sqlite3_errmsg(idx->db) : "out of memory");
			goto out;
		}
		sqlite3_busy_timeout(idx->db, 10000);
		if (index_user_version(idx, &version, err) != 0 &&
		    sqlite3_errcode(idx->db) == SQLITE_CANTOPEN) {
			/* the -shm file went between the look and the open */
			sqlite3_close_v2(idx->db);
			idx->db = NULL;
			immutable = true;
		}
	}
	if (immutable && (rc = index_open_immutable(idx, path, err)) != 0)
		goto out;
	if ((rc = index_user_version(idx, &version, err)) != 0 ||
	    (rc = index_check_version(idx, version, err)) != 0 ||
	    (rc = index_check_ours(idx, err)) != 0)
		goto out;
	if (version != INDEX_SCHEMA_VERSION) {
		rc = cd_error_set(err, CD_EDB,
		                  "database %s is read-only and has schema version %d, not %d: "
		                  "open it once where it can be written to upgrade it",
		                  path, version, INDEX_SCHEMA_VERSION);
		goto out;
	}
	if (places_sql_register(idx->db) != 0) {
		rc = cd_error_set(err, CD_EDB, "cannot open database %s: %s", path,
		                  sqlite3_errmsg(idx->db));
		goto out;
	}
	*out = idx;
	idx = NULL; /* transferred */
out:
	index_close(idx);
	return rc;
}

void
index_map_for_reading(struct index *idx)
{
	/* best effort: a failure leaves reads going through read() */
	sqlite3_exec(idx->db, "PRAGMA mmap_size=1073741824", NULL, NULL, NULL);
}

void
index_close(struct index *idx)
{
	if (idx == NULL)
		return;
	index_sql_cache_clear(idx);
	sqlite3_close_v2(idx->db);
	free(idx->path);
	free(idx);
}

sqlite3 *
index_db(struct index *idx)
{
	return idx->db;
}

static double
index_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
index_begin(struct index *idx, struct cd_error *err)
{
	if (idx->batch_max == 0 || sqlite3_get_autocommit(idx->db)) {
		if (sqlite3_exec(idx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return index_sql_fail(idx, err, "cannot begin a transaction");
		idx->batch_t0 = index_clock();
		if (idx->batch_max == 0)
			return 0;
	}
	if (sqlite3_exec(idx->db, "SAVEPOINT step", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_fail(idx, err, "cannot begin a transaction");
	idx->step_open = true;
	return 0;
}

int
index_commit(struct index *idx, struct cd_error *err)
{
	if (idx->batch_max > 0 && idx->step_open) {
		idx->step_open = false;
		if (sqlite3_exec(idx->db, "RELEASE step", NULL, NULL, NULL) != SQLITE_OK)
			return index_sql_fail(idx, err, "cannot commit");
		if (++idx->batch_steps < idx->batch_max &&
		    index_clock() - idx->batch_t0 < idx->batch_seconds)
			return 0;
	}
	idx->batch_steps = 0;
	if (sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_fail(idx, err, "cannot commit");
	return 0;
}

void
index_rollback(struct index *idx)
{
	if (idx->batch_max > 0 && idx->step_open) {
		idx->step_open = false;
		sqlite3_exec(idx->db, "ROLLBACK TO step; RELEASE step", NULL, NULL, NULL);
		return;
	}
	if (!sqlite3_get_autocommit(idx->db))
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
}

void
index_batch_start(struct index *idx, int max_steps, double max_seconds)
{
	idx->batch_max = max_steps > 0 ? max_steps : 0;
	idx->batch_seconds = max_seconds;
	idx->batch_steps = 0;
	idx->step_open = false;
}

int
index_batch_tick(struct index *idx, struct cd_error *err)
{
	if (idx->batch_max == 0 || idx->step_open || sqlite3_get_autocommit(idx->db) ||
	    index_clock() - idx->batch_t0 < idx->batch_seconds)
		return 0;
	idx->batch_steps = 0;
	if (sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_fail(idx, err, "cannot commit");
	return 0;
}

int
index_batch_end(struct index *idx, struct cd_error *err)
{
	int rc = 0;

	if (idx->step_open)
		index_rollback(idx);
	if (!sqlite3_get_autocommit(idx->db) &&
	    sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = index_sql_fail(idx, err, "cannot commit");
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
	}
	idx->batch_max = 0;
	idx->batch_steps = 0;
	return rc;
}
