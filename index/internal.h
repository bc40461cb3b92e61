/* internal.h: what the index/ files share and the rest of the program
 * does not see: the handle, the statement cache and the migrations. The
 * SQL helpers the registry uses too are public (sql.h). */
#ifndef CD_INDEX_INTERNAL_H
#define CD_INDEX_INTERNAL_H
#include <stdint.h>
#include <stdbool.h>
#include <sqlite3.h>
#include "common/error.h"
#include "index/index.h"
#include "index/sql.h"

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

/* The latitude band of location_grid (schema 13) a point at latitude x
 * (SQL) lies in: tenths of a degree from the south pole. query.c reckons
 * the bands of a box with INDEX_GRID_BAND, the same arithmetic in C. */
#define LOCATION_BAND(x) "CAST((" x " + 90) * 10 AS INTEGER)"
#define INDEX_GRID_BAND(lat) ((long)(((lat) + 90.0) * 10.0))

/* Finalizes every cached statement (before close, or a schema rebuild). */
void index_sql_cache_clear(struct index *idx);

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

#endif
