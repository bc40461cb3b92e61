/* registry.c: NPPES and licence imports (see registry.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common/xalloc.h"
#include "index/registry_tables.h"
#include "index/sql.h"
#include "common/personkey.h"
#include "registry/registry.h"

#define REGISTRY_BATCH 50000     /* rows a transaction while loading */
#define REGISTRY_MAX_PREFIXES 64

/* A file read in part (rows, then an error) changes nothing: says so. */
static void
registry_nothing_replaced(struct cd_error *err)
{
	size_t n = strlen(err->msg);

	snprintf(err->msg + n, sizeof err->msg - n, " (nothing was replaced)");
}

/* ---- NPPES ---- */

struct nppes_load {
	struct index *idx;
	struct cd_error *err;
	char *prefixes[REGISTRY_MAX_PREFIXES];
	size_t n_prefixes;
	sqlite3_stmt *prov, *tax;
	int64_t kept, in_batch;
	nppes_progress_fn progress;
	void *arg;
};

static int
parse_prefixes(struct nppes_load *l, const char *list, struct cd_error *err)
{
	char *copy = xstrdup(list), *save = NULL, *tok = NULL;
	int rc = 0;

	for (tok = strtok_r(copy, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
		size_t n = strlen(tok);

		for (size_t i = 0; i < n; i++)
			tok[i] = (char)toupper((unsigned char)tok[i]);
		if (n > 10 || strspn(tok, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n) {
			rc = cd_error_set(err, CD_EINVAL, "--taxonomy: \"%.20s\" is not a taxonomy code or "
			                  "the start of one (like 207N or 363L00000X)", tok);
			break;
		}
		if (l->n_prefixes == REGISTRY_MAX_PREFIXES) {
			rc = cd_error_set(err, CD_EINVAL, "--taxonomy: more than %d prefixes",
			                  REGISTRY_MAX_PREFIXES);
			break;
		}
		l->prefixes[l->n_prefixes++] = xstrdup(tok);
	}
	if (rc == 0 && l->n_prefixes == 0)
		rc = cd_error_set(err, CD_EINVAL, "--taxonomy: no taxonomy prefix given");
	free(copy);
	return rc;
}

static bool
keep_row(const char *const *codes, int n, void *arg)
{
	const struct nppes_load *l = arg;

	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < l->n_prefixes; k++)
			if (strncasecmp(codes[i], l->prefixes[k], strlen(l->prefixes[k])) == 0)
				return true;
	return false;
}

static void
forward_progress(const struct nppes_report *rep, void *arg)
{
	struct nppes_load *l = arg;

	if (l->progress != NULL)
		l->progress(rep, l->arg);
}

static int
store_provider(const struct nppes_row *p, void *arg)
{
	struct nppes_load *l = arg;
	char first[PERSONKEY_MAX], last[PERSONKEY_MAX];
	int64_t id = 0;
	int rc = 0;

	personkey_match(p->first, first);
	/* the first word of the first name: "MARY ANN" is found as "mary" */
	first[strcspn(first, " ")] = '\0';
	personkey_match(p->last, last);
	sqlite3_reset(l->prov);
	sqlite3_bind_text(l->prov, 1, p->npi, -1, SQLITE_STATIC);
	sqlite3_bind_int(l->prov, 2, p->entity);
	sqlite3_bind_text(l->prov, 3, p->last, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 4, p->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 5, p->middle, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 6, p->credential, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 7, p->org, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 8, p->street, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 9, p->city, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 10, p->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 11, p->zip, -1, SQLITE_STATIC);
	index_sql_bind_text(l->prov, 12, p->deactivated[0] ? p->deactivated : NULL);
	index_sql_bind_text(l->prov, 13, p->reactivated[0] ? p->reactivated : NULL);
	sqlite3_bind_text(l->prov, 14, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->prov, 15, last, -1, SQLITE_STATIC);
	if ((rc = index_sql_step_done(l->idx, l->prov, "cannot store a provider", l->err)) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(index_db(l->idx));
	for (int t = 0; t < p->n_tax; t++) {
		sqlite3_reset(l->tax);
		sqlite3_bind_int64(l->tax, 1, id);
		sqlite3_bind_text(l->tax, 2, p->tax[t].code, -1, SQLITE_STATIC);
		sqlite3_bind_int(l->tax, 3, p->tax[t].primary);
		sqlite3_bind_text(l->tax, 4, p->tax[t].license, -1, SQLITE_STATIC);
		sqlite3_bind_text(l->tax, 5, p->tax[t].license_state, -1, SQLITE_STATIC);
		if ((rc = index_sql_step_done(l->idx, l->tax, "cannot store a taxonomy", l->err)) != 0)
			return rc;
	}
	l->kept++;
	/* bounded transactions: the WAL and the page cache stay small */
	if (++l->in_batch >= REGISTRY_BATCH) {
		l->in_batch = 0;
		if ((rc = index_commit(l->idx, l->err)) != 0 || (rc = index_begin(l->idx, l->err)) != 0)
			return rc;
	}
	return 0;
}

static void
drop_new(struct index *idx)
{
	sqlite3_exec(index_db(idx), "DROP TABLE IF EXISTS npi_providers_new;"
	             "DROP TABLE IF EXISTS npi_taxonomies_new;", NULL, NULL, NULL);
}

/* The new snapshot in place of the old, and its record, in one
 * transaction. */
static int
swap_in(struct nppes_load *l, const char *name, const struct registry_nppes_result *res,
        const char *detail)
{
	struct index *idx = l->idx;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_begin(idx, l->err)) != 0)
		return rc;
	if ((rc = index_sql_exec(idx, "DROP TABLE npi_providers; DROP TABLE npi_taxonomies;"
	                              "ALTER TABLE npi_providers_new RENAME TO npi_providers;"
	                              "ALTER TABLE npi_taxonomies_new RENAME TO npi_taxonomies;"
	                              REGISTRY_NPPES_INDEXES
	                              "DELETE FROM registry_imports WHERE kind = 'nppes';",
	                         l->err)) != 0)
		goto fail;
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO registry_imports (kind, label, source, imported_at,"
	                            " rows_read, rows_kept, rows_malformed, detail)"
	                            " VALUES ('nppes', 'nppes', ?1, ?2, ?3, ?4, ?5, ?6)",
	                            &st, l->err)) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 3, res->read.rows);
	sqlite3_bind_int64(st, 4, res->kept);
	sqlite3_bind_int64(st, 5, res->read.malformed);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
	if ((rc = index_sql_step_done(idx, st, "cannot record the import", l->err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	return index_commit(idx, l->err);
fail:
	index_sql_done(idx, st);
	index_rollback(idx);
	return rc;
}

int
index_nppes_import(struct index *idx, FILE *fp, const char *name, const char *taxonomies,
                   nppes_progress_fn progress, void *arg, struct registry_nppes_result *res,
                   struct cd_error *err)
{
	struct nppes_load l;
	sqlite3 *db = index_db(idx);
	int rc = 0;

	memset(&l, 0, sizeof l);
	memset(res, 0, sizeof *res);
	l.idx = idx;
	l.err = err;
	l.progress = progress;
	l.arg = arg;
	if ((rc = parse_prefixes(&l, taxonomies ? taxonomies : REGISTRY_DEFAULT_TAXONOMIES, err)) != 0)
		goto out;
	/* a killed import left its tables: start afresh */
	drop_new(idx);
	if ((rc = index_sql_exec(idx, REGISTRY_NPPES_TABLES("npi_providers_new", "npi_taxonomies_new"),
	                         err)) != 0)
		goto out;
	/* statements on tables that a swap renames are not cached */
	if (sqlite3_prepare_v2(db, "INSERT INTO npi_providers_new (npi, entity, last_name, first_name,"
	                       " middle_name, credential, org_name, street, city, state, zip,"
	                       " deactivated, reactivated, first_key, last_key)"
	                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	                       " ?15)", -1, &l.prov, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO npi_taxonomies_new (provider_id, code, is_primary,"
	                       " license, license_state) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &l.tax,
	                       NULL) != SQLITE_OK) {
		rc = index_sql_fail(idx, err, "cannot prepare the import");
		goto out;
	}
	if ((rc = index_begin(idx, err)) != 0)
		goto out;
	rc = nppes_read(fp, name, keep_row, store_provider, forward_progress, &l, &res->read, err);
	res->kept = l.kept;
	if (rc != 0) {
		index_rollback(idx);
		if (rc == CD_EPARSE && res->read.rows > 0)
			registry_nothing_replaced(err);
		goto out;
	}
	if ((rc = index_commit(idx, err)) != 0)
		goto out;
	sqlite3_finalize(l.prov);
	sqlite3_finalize(l.tax);
	l.prov = l.tax = NULL;
	if (l.kept == 0) {
		rc = cd_error_set(err, CD_EPARSE, "%s: no provider with a taxonomy starting %s in %lld "
		                  "rows: nothing was replaced", name,
		                  taxonomies ? taxonomies : REGISTRY_DEFAULT_TAXONOMIES,
		                  (long long)res->read.rows);
		goto out;
	}
	rc = swap_in(&l, name, res, taxonomies ? taxonomies : REGISTRY_DEFAULT_TAXONOMIES);
out:
	sqlite3_finalize(l.prov);
	sqlite3_finalize(l.tax);
	if (rc != 0)
		drop_new(idx);
	for (size_t i = 0; i < l.n_prefixes; i++)
		free(l.prefixes[i]);
	return rc;
}

/* ---- licence lists ---- */

struct lic_load {
	struct index *idx;
	struct cd_error *err;
	const char *state;
	int64_t list_id;
	sqlite3_stmt *st;
	int64_t kept;
};

static int
store_license(const struct license_row *r, void *arg)
{
	struct lic_load *l = arg;
	char first[PERSONKEY_MAX], last[PERSONKEY_MAX];

	if (!personkey_split(r->name, first, last))
		return 0;   /* counted as read, not stored: no name to match */
	sqlite3_reset(l->st);
	sqlite3_bind_int64(l->st, 1, l->list_id);
	sqlite3_bind_text(l->st, 2, l->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->st, 3, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->st, 4, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->st, 5, last, -1, SQLITE_STATIC);
	sqlite3_bind_text(l->st, 6, r->license, -1, SQLITE_STATIC);
	index_sql_bind_text(l->st, 7, r->type[0] ? r->type : NULL);
	index_sql_bind_text(l->st, 8, r->status[0] ? r->status : NULL);
	index_sql_bind_text(l->st, 9, r->expires[0] ? r->expires : NULL);
	index_sql_bind_text(l->st, 10, r->status_date[0] ? r->status_date : NULL);
	l->kept++;
	return index_sql_step_done(l->idx, l->st, "cannot store a licence", l->err);
}

int
index_licenses_import(struct index *idx, FILE *fp, const char *name, const char *state,
                      const char *label, const char *published, const struct licenses_map *map,
                      struct licenses_report *rep, int64_t *kept, struct cd_error *err)
{
	struct lic_load l = { idx, err, state, 0, NULL, 0 };
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*kept = 0;
	if ((rc = index_begin(idx, err)) != 0)
		return rc;
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO registry_imports (kind, label, state, source,"
	                            " imported_at, published) VALUES ('licenses', ?1, ?2, ?3, ?4, ?5)",
	                            &st, err)) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
	index_sql_bind_text(st, 5, published);
	if ((rc = index_sql_step_done(idx, st, "cannot record the import", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	st = NULL;
	l.list_id = sqlite3_last_insert_rowid(index_db(idx));
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO licenses (list_id, state, name, first_key, last_key,"
	                            " license, type, status, expires, status_date)"
	                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                            &l.st, err)) != 0)
		goto fail;
	if ((rc = licenses_read(fp, name, map, store_license, &l, rep, err)) != 0) {
		if (rc == CD_EPARSE && rep->rows > 0)
			registry_nothing_replaced(err);
		goto fail;
	}
	if (l.kept == 0) {
		rc = cd_error_set(err, CD_EPARSE, "%s: no usable licence in %lld rows: nothing was "
		                  "replaced", name, (long long)rep->rows);
		goto fail;
	}
	index_sql_done(idx, l.st);
	l.st = NULL;
	/* the old list of this state and name goes (its licences with it) */
	if ((rc = index_sql_prepare(idx,
	                            "DELETE FROM licenses WHERE list_id IN (SELECT id FROM"
	                            " registry_imports WHERE kind = 'licenses' AND state = ?1"
	                            " AND label = ?2 AND id <> ?3)",
	                            &st, err)) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, l.list_id);
	if ((rc = index_sql_step_done(idx, st, "cannot replace the licence list", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = index_sql_prepare(idx,
	                            "UPDATE registry_imports SET rows_read = ?2, rows_kept = ?3,"
	                            " rows_malformed = ?4 WHERE id = ?1;",
	                            &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, l.list_id);
	sqlite3_bind_int64(st, 2, rep->rows);
	sqlite3_bind_int64(st, 3, l.kept);
	sqlite3_bind_int64(st, 4, rep->malformed);
	if ((rc = index_sql_step_done(idx, st, "cannot record the import", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = index_sql_prepare(idx,
	                            "DELETE FROM registry_imports WHERE kind = 'licenses' AND"
	                            " state = ?1 AND label = ?2 AND id <> ?3",
	                            &st, err)) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, l.list_id);
	if ((rc = index_sql_step_done(idx, st, "cannot replace the licence list", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	*kept = l.kept;
	return index_commit(idx, err);
fail:
	index_sql_done(idx, st);
	index_sql_done(idx, l.st);
	index_rollback(idx);
	return rc;
}

/* ---- status ---- */

int
index_registry_foreach(struct index *idx, int (*cb)(const struct registry_info *, void *),
                       void *arg, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT kind, label, coalesce(state, ''), source,"
	                            " strftime('%Y-%m-%dT%H:%M:%SZ', imported_at, 'unixepoch'),"
	                            " coalesce(detail, ''), rows_read, rows_kept, rows_malformed,"
	                            " coalesce(published, ''),"
	                            /* whole days since publication, else since import */
	                            " CAST(julianday('now') - coalesce(julianday(published),"
	                            " julianday(imported_at, 'unixepoch')) AS INTEGER)"
	                            " FROM registry_imports ORDER BY kind DESC, state, label",
	                            &st, err)) != 0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct registry_info r = {
			index_sql_text(st, 0), index_sql_text(st, 1), index_sql_text(st, 2),
			index_sql_text(st, 3), index_sql_text(st, 4), index_sql_text(st, 5),
			sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
			sqlite3_column_int64(st, 8), index_sql_text(st, 9),
			sqlite3_column_int64(st, 10),
		};
		if ((rc = cb(&r, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot list registries");
	index_sql_done(idx, st);
	return rc;
}
