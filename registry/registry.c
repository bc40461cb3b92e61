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

/* ---- the staged import ---- */

/* A file read in part (rows, then an error) changes nothing: says so. */
static void
registry_nothing_replaced(struct cd_error *err)
{
	size_t n = strlen(err->msg);

	snprintf(err->msg + n, sizeof err->msg - n, " (nothing was replaced)");
}

static void
stage_finalize(struct registry_stage *s)
{
	for (int i = 0; i < REGISTRY_STAGE_STMTS; i++) {
		sqlite3_finalize(s->st[i]);
		s->st[i] = NULL;
	}
}

int
registry_stage_kept(struct registry_stage *s)
{
	int rc = 0;

	s->kept++;
	/* bounded transactions: the WAL and the page cache stay small */
	if (++s->in_batch >= REGISTRY_BATCH) {
		s->in_batch = 0;
		if ((rc = index_commit(s->idx, s->err)) != 0 || (rc = index_begin(s->idx, s->err)) != 0)
			return rc;
	}
	return 0;
}

int
registry_stage_record(struct registry_stage *s, const char *name)
{
	struct index *idx = s->idx;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx, "DELETE FROM registry_imports WHERE kind = ?1"
	                            " AND label = ?2 AND state IS ?3", &st, s->err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->label, -1, SQLITE_STATIC);
	index_sql_bind_text(st, 3, s->state);
	rc = index_sql_step_done(idx, st, "cannot record the import", s->err);
	index_sql_done(idx, st);
	st = NULL;
	if (rc != 0 || (rc = index_sql_prepare(idx,
	                            "INSERT INTO registry_imports (kind, label, state, source,"
	                            " imported_at, rows_read, rows_kept, rows_malformed, detail,"
	                            " published) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	                            &st, s->err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->label, -1, SQLITE_STATIC);
	index_sql_bind_text(st, 3, s->state);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 6, *s->rows);
	sqlite3_bind_int64(st, 7, s->kept);
	sqlite3_bind_int64(st, 8, *s->malformed);
	index_sql_bind_text(st, 9, s->detail);
	index_sql_bind_text(st, 10, s->published);
	if ((rc = index_sql_step_done(idx, st, "cannot record the import", s->err)) == 0)
		s->import_id = sqlite3_last_insert_rowid(index_db(idx));
	index_sql_done(idx, st);
	return rc;
}

/* The staged rows in place of the old, in one transaction. */
static int
stage_swap(struct registry_stage *s, const struct registry_stage_ops *ops, const char *name)
{
	int rc = 0;

	if ((rc = index_begin(s->idx, s->err)) != 0)
		return rc;
	if ((rc = ops->swap(s, name)) != 0) {
		index_rollback(s->idx);
		return rc;
	}
	return index_commit(s->idx, s->err);
}

int
registry_stage_import(struct registry_stage *s, const struct registry_stage_ops *ops,
                      FILE *fp, const char *name)
{
	struct index *idx = s->idx;
	struct cd_error *err = s->err;
	int rc = 0;

	/* a killed import left its tables: start afresh */
	sqlite3_exec(index_db(idx), ops->drop, NULL, NULL, NULL);
	if ((rc = index_sql_exec(idx, ops->create, err)) != 0)
		goto out;
	/* statements on tables that a swap renames or drops are not cached */
	for (int i = 0; i < REGISTRY_STAGE_STMTS && ops->insert[i] != NULL; i++)
		if (sqlite3_prepare_v2(index_db(idx), ops->insert[i], -1, &s->st[i],
		                       NULL) != SQLITE_OK) {
			rc = index_sql_fail(idx, err, "cannot prepare the import");
			goto out;
		}
	if ((rc = index_begin(idx, err)) != 0)
		goto out;
	if ((rc = ops->read(s, fp, name)) != 0) {
		index_rollback(idx);
		if (rc == CD_EPARSE && *s->rows > 0)
			registry_nothing_replaced(err);
		goto out;
	}
	if ((rc = index_commit(idx, err)) != 0)
		goto out;
	stage_finalize(s);
	if (s->kept == 0) {
		rc = cd_error_set(err, CD_EPARSE, "%s: %s in %lld rows: nothing was replaced", name,
		                  s->none_kept, (long long)*s->rows);
		goto out;
	}
	rc = stage_swap(s, ops, name);
out:
	stage_finalize(s);
	if (rc != 0)
		sqlite3_exec(index_db(idx), ops->drop, NULL, NULL, NULL);
	return rc;
}

/* ---- NPPES ---- */

struct nppes_load {
	struct registry_stage s;     /* first: the stage is the load */
	char *prefixes[REGISTRY_MAX_PREFIXES];
	size_t n_prefixes;
	nppes_progress_fn progress;
	void *arg;
	struct registry_nppes_result *res;
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
	sqlite3_stmt *prov = l->s.st[0], *tax = l->s.st[1];
	char first[PERSONKEY_MAX], last[PERSONKEY_MAX];
	int64_t id = 0;
	int rc = 0;

	personkey_match(p->first, first);
	/* the first word of the first name: "MARY ANN" is found as "mary" */
	first[strcspn(first, " ")] = '\0';
	personkey_match(p->last, last);
	sqlite3_reset(prov);
	sqlite3_bind_text(prov, 1, p->npi, -1, SQLITE_STATIC);
	sqlite3_bind_int(prov, 2, p->entity);
	sqlite3_bind_text(prov, 3, p->last, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 4, p->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 5, p->middle, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 6, p->credential, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 7, p->org, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 8, p->street, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 9, p->city, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 10, p->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 11, p->zip, -1, SQLITE_STATIC);
	index_sql_bind_text(prov, 12, p->deactivated[0] ? p->deactivated : NULL);
	index_sql_bind_text(prov, 13, p->reactivated[0] ? p->reactivated : NULL);
	sqlite3_bind_text(prov, 14, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(prov, 15, last, -1, SQLITE_STATIC);
	if ((rc = index_sql_step_done(l->s.idx, prov, "cannot store a provider", l->s.err)) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(index_db(l->s.idx));
	for (int t = 0; t < p->n_tax; t++) {
		sqlite3_reset(tax);
		sqlite3_bind_int64(tax, 1, id);
		sqlite3_bind_text(tax, 2, p->tax[t].code, -1, SQLITE_STATIC);
		sqlite3_bind_int(tax, 3, p->tax[t].primary);
		sqlite3_bind_text(tax, 4, p->tax[t].license, -1, SQLITE_STATIC);
		sqlite3_bind_text(tax, 5, p->tax[t].license_state, -1, SQLITE_STATIC);
		if ((rc = index_sql_step_done(l->s.idx, tax, "cannot store a taxonomy",
		                              l->s.err)) != 0)
			return rc;
	}
	return registry_stage_kept(&l->s);
}

static int
nppes_stage_read(struct registry_stage *s, FILE *fp, const char *name)
{
	struct nppes_load *l = (struct nppes_load *)s;

	return nppes_read(fp, name, keep_row, store_provider, forward_progress, l, &l->res->read,
	                  s->err);
}

static int
nppes_stage_swap(struct registry_stage *s, const char *name)
{
	int rc = index_sql_exec(s->idx, "DROP TABLE npi_providers; DROP TABLE npi_taxonomies;"
	                                "ALTER TABLE npi_providers_new RENAME TO npi_providers;"
	                                "ALTER TABLE npi_taxonomies_new RENAME TO npi_taxonomies;"
	                                REGISTRY_NPPES_INDEXES, s->err);

	return rc != 0 ? rc : registry_stage_record(s, name);
}

static const struct registry_stage_ops nppes_ops = {
	.drop = "DROP TABLE IF EXISTS npi_providers_new; DROP TABLE IF EXISTS npi_taxonomies_new;",
	.create = REGISTRY_NPPES_TABLES("npi_providers_new", "npi_taxonomies_new"),
	.insert = {
		"INSERT INTO npi_providers_new (npi, entity, last_name, first_name, middle_name,"
		" credential, org_name, street, city, state, zip, deactivated, reactivated,"
		" first_key, last_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
		"INSERT INTO npi_taxonomies_new (provider_id, code, is_primary, license,"
		" license_state) VALUES (?1, ?2, ?3, ?4, ?5)",
	},
	.read = nppes_stage_read,
	.swap = nppes_stage_swap,
};

int
index_nppes_import(struct index *idx, FILE *fp, const char *name, const char *taxonomies,
                   nppes_progress_fn progress, void *arg, struct registry_nppes_result *res,
                   struct cd_error *err)
{
	const char *list = taxonomies ? taxonomies : REGISTRY_DEFAULT_TAXONOMIES;
	struct nppes_load l = {
		.s = { .idx = idx, .err = err, .rows = &res->read.rows,
		       .malformed = &res->read.malformed, .kind = "nppes", .label = "nppes",
		       .detail = list },
		.progress = progress, .arg = arg, .res = res,
	};
	char *none = NULL;
	int rc = 0;

	memset(res, 0, sizeof *res);
	if ((rc = parse_prefixes(&l, list, err)) == 0) {
		none = xasprintf("no provider with a taxonomy starting %s", list);
		l.s.none_kept = none;
		rc = registry_stage_import(&l.s, &nppes_ops, fp, name);
		res->kept = l.s.kept;
	}
	free(none);
	for (size_t i = 0; i < l.n_prefixes; i++)
		free(l.prefixes[i]);
	return rc;
}

/* ---- licence lists ---- */

struct lic_load {
	struct registry_stage s;     /* first: the stage is the load */
	const struct licenses_map *map;
	struct licenses_report *rep;
};

static int
store_license(const struct license_row *r, void *arg)
{
	struct lic_load *l = arg;
	sqlite3_stmt *st = l->s.st[0];
	char first[PERSONKEY_MAX], last[PERSONKEY_MAX];
	int rc = 0;

	if (!personkey_split(r->name, first, last))
		return 0;   /* counted as read, not stored: no name to match */
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, last, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->license, -1, SQLITE_STATIC);
	index_sql_bind_text(st, 5, r->type[0] ? r->type : NULL);
	index_sql_bind_text(st, 6, r->status[0] ? r->status : NULL);
	index_sql_bind_text(st, 7, r->expires[0] ? r->expires : NULL);
	index_sql_bind_text(st, 8, r->status_date[0] ? r->status_date : NULL);
	if ((rc = index_sql_step_done(l->s.idx, st, "cannot store a licence", l->s.err)) != 0)
		return rc;
	return registry_stage_kept(&l->s);
}

static int
lic_stage_read(struct registry_stage *s, FILE *fp, const char *name)
{
	struct lic_load *l = (struct lic_load *)s;

	return licenses_read(fp, name, l->map, store_license, l, l->rep, s->err);
}

/* The old list of this state and name goes (its licences with it), the
 * staged one comes in under the new record. */
static int
lic_stage_swap(struct registry_stage *s, const char *name)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(s->idx,
	                            "DELETE FROM licenses WHERE list_id IN (SELECT id FROM"
	                            " registry_imports WHERE kind = 'licenses' AND state = ?1"
	                            " AND label = ?2)", &st, s->err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, s->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->label, -1, SQLITE_STATIC);
	rc = index_sql_step_done(s->idx, st, "cannot replace the licence list", s->err);
	index_sql_done(s->idx, st);
	st = NULL;
	if (rc != 0 || (rc = registry_stage_record(s, name)) != 0)
		return rc;
	if ((rc = index_sql_prepare(s->idx,
	                            "INSERT INTO licenses (list_id, state, name, first_key, last_key,"
	                            " license, type, status, expires, status_date)"
	                            " SELECT ?1, ?2, name, first_key, last_key, license, type,"
	                            " status, expires, status_date FROM licenses_new ORDER BY rowid",
	                            &st, s->err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, s->import_id);
	sqlite3_bind_text(st, 2, s->state, -1, SQLITE_STATIC);
	rc = index_sql_step_done(s->idx, st, "cannot replace the licence list", s->err);
	index_sql_done(s->idx, st);
	return rc != 0 ? rc : index_sql_exec(s->idx, "DROP TABLE licenses_new;", s->err);
}

static const struct registry_stage_ops lic_ops = {
	.drop = "DROP TABLE IF EXISTS licenses_new;",
	.create = "CREATE TABLE licenses_new (name TEXT NOT NULL, first_key TEXT NOT NULL,"
	          " last_key TEXT NOT NULL, license TEXT NOT NULL, type TEXT, status TEXT,"
	          " expires TEXT, status_date TEXT);",
	.insert = {
		"INSERT INTO licenses_new (name, first_key, last_key, license, type, status, expires,"
		" status_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	},
	.read = lic_stage_read,
	.swap = lic_stage_swap,
};

int
index_licenses_import(struct index *idx, FILE *fp, const char *name, const char *state,
                      const char *label, const char *published, const struct licenses_map *map,
                      struct licenses_report *rep, int64_t *kept, struct cd_error *err)
{
	struct lic_load l = {
		.s = { .idx = idx, .err = err, .rows = &rep->rows, .malformed = &rep->malformed,
		       .none_kept = "no usable licence", .kind = "licenses", .label = label,
		       .state = state, .published = published },
		.map = map, .rep = rep,
	};
	int rc = 0;

	*kept = 0;
	memset(rep, 0, sizeof *rep);
	if ((rc = registry_stage_import(&l.s, &lic_ops, fp, name)) == 0)
		*kept = l.s.kept;
	return rc;
}

/* ---- status ---- */

int
registry_loaded(struct index *idx, const char *kind, bool *loaded, const char *what,
                struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*loaded = false;
	if ((rc = index_sql_prepare(idx, "SELECT EXISTS (SELECT 1 FROM registry_imports"
	                            " WHERE kind = ?1)", &st, err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*loaded = sqlite3_column_int(st, 0) != 0;
	else
		rc = index_sql_fail(idx, err, what);
	index_sql_done(idx, st);
	return rc;
}

void
registry_today(const char *today, char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (today != NULL) {
		snprintf(out, 11, "%s", today);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

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
