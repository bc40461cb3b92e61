/* migrate.c: the directory's schema as its migrations, and the checks
 * that a database is one of ours at a version this program reads.
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
#include "index/registry_tables.h"
#include "index/places.h"

/* 1 when location row a (a table alias or new/old) is a copy without
 * markup coordinates of an address the same clinic also has with markup
 * coordinates: that copy is the one shown and searched. */
#define SHADOWED(a) \
	"(" a ".geo_source IS NOT 'markup' AND EXISTS (SELECT 1 FROM locations m" \
	" WHERE m.clinic_id = " a ".clinic_id AND m.geo_source = 'markup'" \
	" AND lower(coalesce(m.street, '')) = lower(coalesce(" a ".street, ''))" \
	" AND substr(coalesce(m.zip, ''), 1, 5) = substr(coalesce(" a ".zip, ''), 1, 5)))"

/* Which office location row a (an alias or new/old) is, as the
 * clinic_locations view tells its copies apart: the house number and
 * ZIP when it has both, its town when it has no street, else its
 * street as written. */
#define PLACE_KEY(a) \
	"CASE WHEN length(coalesce(" a ".zip, '')) >= 5 AND " a ".street GLOB '[0-9]*'" \
	" THEN lower(substr(" a ".street, 1, instr(" a ".street || ' ', ' ') - 1))" \
	" WHEN coalesce(" a ".street, '') = '' AND coalesce(" a ".zip, '') = ''" \
	" THEN '|' || lower(coalesce(" a ".city, '')) || '|' || coalesce(" a ".state, '')" \
	" ELSE lower(coalesce(" a ".street, '')) END"

/* SHADOWED by PLACE_KEY (migration 13): "123 Main St" shadowed by its
 * markup copy "123 Main Street, Suite 4" at the same ZIP, as the view
 * shows the two as one office. */
#define SHADOWED_KEY(a) \
	"(" a ".geo_source IS NOT 'markup' AND EXISTS (SELECT 1 FROM locations m" \
	" WHERE m.clinic_id = " a ".clinic_id AND m.geo_source = 'markup'" \
	" AND (" PLACE_KEY("m") ") = (" PLACE_KEY(a) ")" \
	" AND substr(coalesce(m.zip, ''), 1, 5) = substr(coalesce(" a ".zip, ''), 1, 5)))"
#define TWIN_SHADOWED_KEY \
	"coalesce((SELECT " SHADOWED_KEY("t") " FROM locations t WHERE t.id = location_points.id), 0)"

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

	/* 7: bodies compressed (index/bodyz.h); the hashes stay those of the text */
	"UPDATE bodies SET body = clinicdex_body_pack(body) WHERE typeof(body) = 'text';",

	/* 8: the LEIE exclusion list (registry/exclusion.c) and, on each
	 * practitioner, the exclusion found for them. registry_imports gains
	 * the kinds 'leie' and 'fda': a CHECK cannot be altered, so it is
	 * rebuilt, and licenses (which refer to it, foreign keys on) with it:
	 * both renamed aside, made anew, refilled, and the old dropped child
	 * first, so no cascade deletes a row. */
	"ALTER TABLE licenses RENAME TO licenses_old;"
	"ALTER TABLE registry_imports RENAME TO registry_imports_old;"
	"CREATE TABLE registry_imports ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('nppes', 'licenses', 'leie', 'fda')),"
	"  label TEXT NOT NULL,"
	"  state TEXT,"
	"  source TEXT NOT NULL,"
	"  imported_at INTEGER NOT NULL,"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"
	"  rows_kept INTEGER NOT NULL DEFAULT 0,"
	"  rows_malformed INTEGER NOT NULL DEFAULT 0,"
	"  detail TEXT"
	");"
	"INSERT INTO registry_imports SELECT * FROM registry_imports_old;"
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
	"INSERT INTO licenses SELECT * FROM licenses_old;"
	"DROP TABLE licenses_old;"
	"DROP TABLE registry_imports_old;"
	"CREATE INDEX licenses_name ON licenses(first_key, state);"
	"CREATE INDEX licenses_list ON licenses(list_id);"
	REGISTRY_LEIE_TABLE("leie")
	REGISTRY_LEIE_INDEXES
	"ALTER TABLE practitioners ADD COLUMN exclusion TEXT;"       /* "1128a1 2020-03-19" */
	"ALTER TABLE practitioners ADD COLUMN exclusion_note TEXT;",  /* how it was found, or
	                                                               * why none was decided */

	/* 9: FDA device decisions (registry/devices.c): a 510(k) or De Novo
	 * file replaces the decisions of its kind */
	"CREATE TABLE fda_decisions ("
	"  kind TEXT NOT NULL CHECK (kind IN ('510k', 'denovo')),"
	"  number TEXT NOT NULL,"          /* K123456, DEN123456 */
	"  applicant TEXT NOT NULL,"
	"  decision_date TEXT NOT NULL,"   /* YYYY-MM-DD */
	"  decision TEXT NOT NULL,"        /* SESE, DENG, ... */
	"  product_code TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  device_name TEXT NOT NULL"
	");"
	"CREATE INDEX fda_decisions_kind ON fda_decisions(kind);",

	/* 10: roles ("Medical Director") of practitioners and the clinic's
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

	/* 11: an address once however its pages spell it. Pages of one site
	 * write one office differently ("1940 116th Avenue Northeast, Suite
	 * 201" in JSON-LD, "1940 116th Ave NE #201" in the footer): with a
	 * ZIP and a house number, those two say which building it is (as
	 * common/facts.c location_key does within a page). A location
	 * without a street (a town the clinic names, extract/places.c) is
	 * known by its town and state, so two towns stay two. */
	"DROP VIEW IF EXISTS clinic_locations;"
	"CREATE VIEW clinic_locations AS"
	" SELECT * FROM (SELECT l.*, row_number() OVER (PARTITION BY l.clinic_id,"
	"  CASE WHEN length(coalesce(l.zip, '')) >= 5 AND l.street GLOB '[0-9]*'"
	"   THEN lower(substr(l.street, 1, instr(l.street || ' ', ' ') - 1))"
	"   WHEN coalesce(l.street, '') = '' AND coalesce(l.zip, '') = ''"
	"   THEN '|' || lower(coalesce(l.city, '')) || '|' || coalesce(l.state, '')"
	"   ELSE lower(coalesce(l.street, '')) END,"
	"  substr(coalesce(l.zip, ''), 1, 5)"
	"  ORDER BY l.lat IS NULL, l.id) AS rn FROM locations l) WHERE rn = 1;",
	/* 12: licence standing (issue 15): the date a licence's status took
	 * effect, the date a registry file was published, and on each
	 * practitioner the sentence show prints when a licence of theirs is
	 * not in good standing (registry/verify.c) */
	"ALTER TABLE licenses ADD COLUMN status_date TEXT;"          /* YYYY-MM-DD */
	"ALTER TABLE registry_imports ADD COLUMN published TEXT;"    /* YYYY-MM-DD */
	"ALTER TABLE practitioners ADD COLUMN license_note TEXT;"
	/* and the LEIE's organisation records matched to clinics
	 * (registry/exclusion.c): found by ZIP, then name and house number */
	"ALTER TABLE clinics ADD COLUMN exclusion TEXT;"            /* "1128b7 2021-06-17" */
	"ALTER TABLE clinics ADD COLUMN exclusion_note TEXT;"
	"CREATE INDEX IF NOT EXISTS leie_org_zip ON leie(substr(zip, 1, 5)) WHERE business <> '';"
	/* people are matched by one pass over the LEIE probing the
	 * practitioners (registry/exclusion.c): no index on its names */
	"DROP INDEX IF EXISTS leie_name;",

	/* 13: the unshadowed points again, clustered by latitude band (a
	 * tenth of a degree, some 7 miles) then longitude, every column a
	 * search near a place reads in the key: the points of its box are
	 * a few contiguous runs, one per band, where the R*Tree gave them
	 * in its own order and each cost a lookup of its location_points
	 * row (a fifth of a 50-mile search). Kept from location_points by
	 * triggers, so it follows the shadow flag too. */
	"CREATE TABLE location_grid ("
	"  band INTEGER NOT NULL,"
	"  lon REAL NOT NULL,"
	"  id INTEGER NOT NULL,"            /* the location's id */
	"  clinic_id INTEGER NOT NULL,"
	"  lat REAL NOT NULL,"
	"  PRIMARY KEY (band, lon, id)"
	") WITHOUT ROWID;"
	"INSERT INTO location_grid SELECT " LOCATION_BAND("lat") ", lon, id, clinic_id, lat"
	" FROM location_points WHERE shadowed = 0;"
	"CREATE TRIGGER location_grid_ins AFTER INSERT ON location_points"
	" WHEN new.shadowed = 0 BEGIN"
	"  INSERT INTO location_grid VALUES (" LOCATION_BAND("new.lat") ", new.lon, new.id,"
	"   new.clinic_id, new.lat);"
	" END;"
	"CREATE TRIGGER location_grid_upd AFTER UPDATE ON location_points BEGIN"
	"  DELETE FROM location_grid WHERE band = " LOCATION_BAND("old.lat")
	"   AND lon = old.lon AND id = old.id;"
	"  INSERT INTO location_grid SELECT " LOCATION_BAND("new.lat") ", new.lon, new.id,"
	"   new.clinic_id, new.lat WHERE new.shadowed = 0;"
	" END;"
	"CREATE TRIGGER location_grid_del AFTER DELETE ON location_points BEGIN"
	"  DELETE FROM location_grid WHERE band = " LOCATION_BAND("old.lat")
	"   AND lon = old.lon AND id = old.id;"
	" END;",

	/* 14: a copy of an office without markup coordinates is shadowed by
	 * its markup twin when the two are one office as clinic_locations
	 * sees it (PLACE_KEY), not only when their streets are spelt alike:
	 * "123 Main St" and "123 Main Street, Suite 4" were searched as two
	 * points, one of them at the ZIP centroid */
	"DROP TRIGGER IF EXISTS locations_points_ins;"
	"DROP TRIGGER IF EXISTS locations_points_upd;"
	"DROP TRIGGER IF EXISTS locations_twins_ins;"
	"DROP TRIGGER IF EXISTS locations_twins_upd;"
	"DROP TRIGGER IF EXISTS locations_twins_del;"
	"CREATE TRIGGER locations_points_ins AFTER INSERT ON locations"
	" WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN"
	"  INSERT INTO location_points VALUES (new.id, new.clinic_id, new.lat, new.lon, "
	SHADOWED_KEY("new") ");"
	" END;"
	"CREATE TRIGGER locations_points_upd AFTER UPDATE OF lat, lon, geo_source, street, zip,"
	" city, state, clinic_id ON locations BEGIN"
	"  DELETE FROM location_points WHERE id = old.id;"
	"  INSERT INTO location_points SELECT new.id, new.clinic_id, new.lat, new.lon, "
	SHADOWED_KEY("new") "   WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;"
	" END;"
	"CREATE TRIGGER locations_twins_ins AFTER INSERT ON locations"
	" WHEN new.geo_source = 'markup' BEGIN"
	"  UPDATE location_points SET shadowed = " TWIN_SHADOWED_KEY
	"   WHERE clinic_id = new.clinic_id AND id <> new.id;"
	" END;"
	"CREATE TRIGGER locations_twins_upd AFTER UPDATE OF geo_source, street, zip, city, state,"
	" clinic_id ON locations WHEN old.geo_source = 'markup' OR new.geo_source = 'markup' BEGIN"
	"  UPDATE location_points SET shadowed = " TWIN_SHADOWED_KEY
	"   WHERE clinic_id IN (old.clinic_id, new.clinic_id) AND id <> new.id;"
	" END;"
	"CREATE TRIGGER locations_twins_del AFTER DELETE ON locations"
	" WHEN old.geo_source = 'markup' BEGIN"
	"  UPDATE location_points SET shadowed = " TWIN_SHADOWED_KEY
	"   WHERE clinic_id = old.clinic_id AND id <> old.id;"
	" END;"
	"UPDATE location_points SET shadowed = " TWIN_SHADOWED_KEY ";",

	/* 15: a role of someone the directory does not list (issue 18): staff
	 * the site gives no credential, "Lia Bastian, Office Manager", a
	 * founder; her name as the page writes it, practitioner_id NULL.
	 * NULL for a practitioner's role and the clinic's statements. */
	"ALTER TABLE roles ADD COLUMN person TEXT;",
};

_Static_assert(sizeof index_migrations / sizeof index_migrations[0] == INDEX_SCHEMA_VERSION,
               "one migration per schema version");

/* ---- versions ---- */

int
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

int
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
int
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
int
index_migrate(struct index *idx, struct cd_error *err)
{
	int version = 0, rc = 0, retries = 0;
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
				/* A connection that read the schema while other processes
				 * were migrating the same new file can fail once to find a
				 * table they made ("no such table: clinics", one open in a
				 * few thousand with six at once); the failed prepare
				 * reloads the schema, so the migration is run again from
				 * its start in a new transaction. A real fault fails
				 * every time. */
				if (retries++ < 2) {
					index_rollback(idx);
					continue;
				}
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
