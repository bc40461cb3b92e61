/* internal.h: what the index/ files (and registry/, which writes the
 * registry tables) share and the rest of the program does not see: the
 * handle and the small SQLite helpers (sql.c, migrate.c) that turn
 * SQLite failures into a struct cd_error. */
#ifndef CD_INDEX_INTERNAL_H
#define CD_INDEX_INTERNAL_H
#include <stdint.h>
#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>
#include "common/error.h"
#include "index/index.h"

/* Prepared statements are kept and reused: compiling SQL was a third of
 * a crawl's instructions. Keyed by SQL text, so dynamic SQL is cached too. */
#define INDEX_STMT_CACHE 64

struct index_stmt {
	char *sql;
	sqlite3_stmt *st;
	bool busy;          /* handed out, not yet released */
	uint64_t used;      /* for least-recently-used eviction */
};

struct index {
	sqlite3 *db;
	char *path;
	struct index_stmt cache[INDEX_STMT_CACHE];
	size_t n_cache;
	uint64_t tick;
	/* group commit (index_batch_start): steps are savepoints inside one
	 * transaction committed every batch_max steps or batch_seconds */
	int batch_max;          /* 0: every index_begin/commit is a transaction */
	int batch_steps;        /* steps released since the last COMMIT */
	double batch_seconds;
	double batch_t0;        /* when the open transaction began */
	bool step_open;         /* a step savepoint is open */
};

/* Sets err to "<what>: <sqlite message>" and returns CD_EDB. */
int index_sql_fail(struct index *idx, struct cd_error *err, const char *what);
/* Prepares sql, or hands out the cached statement for the same text
 * (reset, bindings cleared); on failure fills err and returns CD_EDB (*st
 * is NULL). Give it back with index_sql_done, never sqlite3_finalize. */
int index_sql_prepare(struct index *idx, const char *sql, sqlite3_stmt **st,
                      struct cd_error *err);
/* Returns st (from index_sql_prepare; NULL is fine) to the cache, reset,
 * or finalizes it when it was not cached. */
void index_sql_done(struct index *idx, sqlite3_stmt *st);
/* Finalizes every cached statement (before close, or a schema rebuild). */
void index_sql_cache_clear(struct index *idx);
/* Runs SQL without results (and without parameters). */
int index_sql_exec(struct index *idx, const char *sql, struct cd_error *err);
/* Steps st once and expects SQLITE_DONE; what names the operation. */
int index_sql_step_done(struct index *idx, sqlite3_stmt *st, const char *what,
                        struct cd_error *err);
/* Binds s as text, or NULL when s is NULL. Returns the sqlite3_bind_* code. */
int index_sql_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Binds s by parameter name (":state"); a name the statement lacks is skipped. */
int index_sql_bind_text_named(sqlite3_stmt *st, const char *name, const char *s);
int index_sql_bind_int64_named(sqlite3_stmt *st, const char *name, int64_t v);
/* Column i as text, "" when NULL; valid until the next step/finalize. */
const char *index_sql_text(sqlite3_stmt *st, int i);
/* Savepoints make a multi-statement change atomic whether or not the
 * caller holds a transaction. Rollback rolls back to and releases. */
int index_sql_savepoint(struct index *idx, const char *name, struct cd_error *err);
int index_sql_release(struct index *idx, const char *name, struct cd_error *err);
void index_sql_rollback_to(struct index *idx, const char *name);

/* migrate.c: opening checks and the migrations (open.c runs them). */
int index_user_version(struct index *idx, int *version, struct cd_error *err);
/* CD_EDB when version is newer than this program's schema. */
int index_check_version(struct index *idx, int version, struct cd_error *err);
/* CD_EDB when the database holds tables and is not a clinicdex one. */
int index_check_ours(struct index *idx, struct cd_error *err);
/* Applies each missing migration, each in its own transaction. */
int index_migrate(struct index *idx, struct cd_error *err);

/* The FTS5 document of each clinic (rowid = clinic id): its name and host,
 * its claim codes, its practitioners' names, its distinct evidence
 * sentences. Followed by a WHERE on c. */
#define INDEX_FTS_DOC_SQL \
	"SELECT c.id, c.name || ' ' || s.host," \
	" coalesce((SELECT group_concat(code, ' ') FROM" \
	"   (SELECT DISTINCT code FROM claims WHERE clinic_id = c.id)), '')," \
	" coalesce((SELECT group_concat(name, ' ') FROM practitioners WHERE clinic_id = c.id), '')," \
	" coalesce((SELECT group_concat(evidence, ' ') FROM (SELECT DISTINCT evidence FROM claims" \
	"   WHERE clinic_id = c.id AND evidence IS NOT NULL)), '')" \
	" FROM clinics c JOIN sites s ON s.id = c.site_id"
/* The SET list that recomputes clinics.services, .credentials and
 * .practitioners (";"-joined, sorted, distinct) of the row updated. */
#define INDEX_CLINIC_LISTS_SQL \
	"services = coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code" \
	"  FROM claims WHERE clinic_id = clinics.id AND kind = 'service' ORDER BY code)), '')," \
	" credentials = coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code" \
	"  FROM claims WHERE clinic_id = clinics.id AND kind = 'credential' ORDER BY code)), '')," \
	" practitioners = coalesce((SELECT group_concat(name, ';') FROM (SELECT DISTINCT name" \
	"  FROM practitioners WHERE clinic_id = clinics.id ORDER BY name)), '')"
/* Recomputes the clinic's lists and rebuilds its FTS5 document (fts.c):
 * whoever changes a clinic's claims, practitioners or name runs it, in
 * the same transaction. */
int index_fts_refresh(struct index *idx, int64_t clinic_id, struct cd_error *err);

/* The NPPES snapshot's tables (named so an import can build new ones
 * beside the old and swap them in), and their indexes once in place. */
#define REGISTRY_NPPES_TABLES(providers, taxonomies) \
	"CREATE TABLE " providers " (" \
	"  id INTEGER PRIMARY KEY," \
	"  npi TEXT NOT NULL," \
	"  entity INTEGER NOT NULL," \
	"  last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL," \
	"  credential TEXT NOT NULL, org_name TEXT NOT NULL," \
	"  street TEXT NOT NULL, city TEXT NOT NULL, state TEXT NOT NULL, zip TEXT NOT NULL," \
	"  deactivated TEXT, reactivated TEXT," \
	"  first_key TEXT NOT NULL, last_key TEXT NOT NULL" \
	");" \
	"CREATE TABLE " taxonomies " (" \
	"  provider_id INTEGER NOT NULL," \
	"  code TEXT NOT NULL," \
	"  is_primary INTEGER NOT NULL DEFAULT 0," \
	"  license TEXT NOT NULL, license_state TEXT NOT NULL" \
	");"
#define REGISTRY_NPPES_INDEXES \
	"CREATE INDEX npi_providers_npi ON npi_providers(npi);" \
	"CREATE INDEX npi_providers_name ON npi_providers(first_key, state);" \
	"CREATE INDEX npi_taxonomies_provider ON npi_taxonomies(provider_id);"
/* The LEIE snapshot (registry/exclusion.c swaps a new one in whole). */
#define REGISTRY_LEIE_TABLE(name) \
	"CREATE TABLE " name " (" \
	"  id INTEGER PRIMARY KEY," \
	"  line INTEGER NOT NULL," \
	"  last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL," \
	"  business TEXT NOT NULL, general TEXT NOT NULL, specialty TEXT NOT NULL," \
	"  npi TEXT," \
	"  address TEXT NOT NULL, city TEXT NOT NULL, state TEXT NOT NULL, zip TEXT NOT NULL," \
	"  excltype TEXT NOT NULL, excldate TEXT NOT NULL, reindate TEXT," \
	"  waiverdate TEXT, waiverstate TEXT NOT NULL," \
	"  first_key TEXT NOT NULL, last_key TEXT NOT NULL" \
	");"
#define REGISTRY_LEIE_INDEXES \
	"CREATE INDEX leie_npi ON leie(npi) WHERE npi IS NOT NULL;" \
	"CREATE INDEX IF NOT EXISTS leie_org_zip ON leie(substr(zip, 1, 5)) WHERE business <> '';"

#endif
