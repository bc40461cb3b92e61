/* registry.h: loading the public registries into the directory: the NPPES
 * NPI file (a snapshot replaced whole) and state licence lists (each
 * replacing the list of the same state and name). */
#ifndef CD_REGISTRY_H
#define CD_REGISTRY_H
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"
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
