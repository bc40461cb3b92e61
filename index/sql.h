/* sql.h: the SQL helpers of the directory (sql.c), for index/ and for
 * registry/, which reads and writes the registry tables through the same
 * handle: statements prepared once and cached, steps and binds whose
 * SQLite failures become a struct cd_error. */
#ifndef CD_INDEX_SQL_H
#define CD_INDEX_SQL_H
#include <stdint.h>
#include <sqlite3.h>
#include "common/error.h"
#include "index/index.h"

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

#endif
