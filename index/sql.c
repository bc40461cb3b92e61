/* sql.c: the SQLite helpers the index/ and registry/ files share
 * (sql.h; the cache itself in internal.h): statements prepared once and cached, errors worded one
 * way, binding, savepoints. */
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
