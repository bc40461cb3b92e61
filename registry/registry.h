/* registry.h: loading the public registries into the directory: the NPPES
 * NPI file (a snapshot replaced whole) and state licence lists (each
 * replacing the list of the same state and name). */
#ifndef CD_REGISTRY_H
#define CD_REGISTRY_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"
#include <sqlite3.h>
#include "index/index.h"
#include "registry/licenses.h"
#include "registry/nppes.h"

/* The taxonomy prefixes kept when none are given: every physician (20),
 * nurse practitioners (363L), physician assistants (363A), registered
 * (163W) and practical (164W) nurses. */
#define REGISTRY_DEFAULT_TAXONOMIES "20,363L,363A,163W,164W"

struct registry_nppes_result {
	struct nppes_report read;
	int64_t kept;             /* providers stored */
};

/* Imports the NPPES file fp (named name in messages and in
 * registry_imports), keeping providers with a taxonomy code that starts
 * with one of the comma-separated prefixes in taxonomies (NULL: the
 * default). Rows are written to new tables, committed in batches (memory
 * and WAL stay bounded), and swapped for the old snapshot in one
 * transaction at the end: a failed or killed import leaves the previous
 * snapshot as it was. CD_EPARSE when the header is not NPPES, the file
 * is cut short or no row was kept (nothing replaced), CD_EINVAL for a
 * bad prefix list. */
int index_nppes_import(struct index *idx, FILE *fp, const char *name, const char *taxonomies,
                       nppes_progress_fn progress, void *arg, struct registry_nppes_result *res,
                       struct cd_error *err);

/* Imports a licence list of state (two letters) under label (the list's
 * name, e.g. the file's base name), replacing the list of the same state
 * and label in one transaction; published is the date the board published
 * it (YYYY-MM-DD, or NULL when not known). *kept receives the licences
 * stored.
 * CD_EPARSE when the file has no usable row or is cut short (nothing
 * replaced). */
int index_licenses_import(struct index *idx, FILE *fp, const char *name, const char *state,
                          const char *label, const char *published,
                          const struct licenses_map *map,
                          struct licenses_report *rep, int64_t *kept, struct cd_error *err);

/* ---- the staged import every registry shares ---- */

#define REGISTRY_STAGE_STMTS 2   /* insert statements a format stages through */

/* One import in progress: the format's state embeds it first. */
struct registry_stage {
	struct index *idx;
	struct cd_error *err;
	sqlite3_stmt *st[REGISTRY_STAGE_STMTS];  /* the ops' inserts, prepared */
	int64_t kept;             /* rows staged (registry_stage_kept) */
	int64_t in_batch;
	const int64_t *rows;      /* the format's count of data rows read */
	const int64_t *malformed; /* and of those malformed */
	const char *none_kept;    /* "no usable LEIE record": the error's words
	                           * when the file gave no row to keep */
	/* the record in registry_imports (registry_stage_record) */
	const char *kind, *label, *state, *detail, *published;
	int64_t import_id;        /* its id, once recorded */
};

/* One format's part of a staged import. */
struct registry_stage_ops {
	const char *drop;         /* SQL dropping the staging tables, IF EXISTS */
	const char *create;       /* SQL creating them */
	const char *insert[REGISTRY_STAGE_STMTS];   /* statements on them, NULL-ended */
	/* Reads fp to its end, staging each good row through s->st and
	 * registry_stage_kept; the error of a bad file, CD_EPARSE. */
	int (*read)(struct registry_stage *s, FILE *fp, const char *name);
	/* The staged rows in place of the old, with registry_stage_record,
	 * inside the transaction the skeleton holds. */
	int (*swap)(struct registry_stage *s, const char *name);
};

/* Imports fp (named name) in the steps every registry shares: the
 * staging tables made afresh, the file read into them in batched
 * transactions, then ops->swap in one transaction. A file that is
 * foreign, cut short (" (nothing was replaced)" added to its error once
 * rows were read) or gives no row to keep (CD_EPARSE "NAME: NONE_KEPT in
 * N rows: nothing was replaced"), or any failure, leaves the old
 * snapshot and its record as they were and drops the staging tables. */
int registry_stage_import(struct registry_stage *s, const struct registry_stage_ops *ops,
                          FILE *fp, const char *name);

/* Counts a row staged; commits every REGISTRY_BATCH rows so the WAL and
 * the page cache stay bounded. */
int registry_stage_kept(struct registry_stage *s);

/* Records the import in registry_imports in place of the earlier record
 * of the same kind, label and state: source name, the counts of s, and
 * s->detail and s->published (NULL: none); s->import_id receives its id. */
int registry_stage_record(struct registry_stage *s, const char *name);

/* Is a registry of kind ("nppes", "leie", "fda") loaded? *loaded says;
 * what names the look-up in the error of a failed read. */
int registry_loaded(struct index *idx, const char *kind, bool *loaded, const char *what,
                    struct cd_error *err);

/* today (YYYY-MM-DD) into out, or the current UTC date when it is NULL. */
void registry_today(const char *today, char out[11]);

/* One loaded registry, for `registry status`: published is YYYY-MM-DD or
 * "" when not known; age_days counts from publication, else from import. */
struct registry_info {
	const char *kind, *label, *state, *source, *imported_at, *detail;
	int64_t rows_read, rows_kept, rows_malformed;
	const char *published;
	int64_t age_days;
};
int index_registry_foreach(struct index *idx, int (*cb)(const struct registry_info *, void *),
                           void *arg, struct cd_error *err);

#endif
