/* merge.c: another clinicdex database folded into this one with ATTACH.
 * Rows are matched on their natural keys (site key, URL, body hash,
 * practitioner name key), never on ids, which differ between databases;
 * the column lists come from the schema itself, so a column a migration
 * adds is carried without a change here. */
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/merge.h"
#include "index/places.h"

#define MERGE_SQL_MAX (64 * 1024)

/* A column whose value is not the source row's own: expr (over the
 * source row "s" and the temp maps) instead, or left out when NULL. */
struct merge_col {
	const char *name;
	const char *expr;
};

/* INSERT [OR IGNORE] INTO main.table (its columns) SELECT (the source's,
 * or the special expressions) FROM src.table s <tail>. Returns how many
 * rows went in through *added. */
static int
merge_copy(struct index *idx, const char *table, const struct merge_col *special,
           const char *tail, long *added, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	struct buf cols, vals, sql;
	int rc = 0, first = 1, step = 0, r = 0;

	buf_init(&cols, MERGE_SQL_MAX);
	buf_init(&vals, MERGE_SQL_MAX);
	buf_init(&sql, 3 * MERGE_SQL_MAX);
	if ((rc = index_sql_prepare(idx, "SELECT name FROM pragma_table_info(?1, 'main') "
	                            "ORDER BY cid", &st, err)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c = index_sql_text(st, 0), *expr = NULL;
		const struct merge_col *m;
		int skip = 0;

		for (m = special; m && m->name; m++) {
			if (strcmp(m->name, c) == 0) {
				expr = m->expr;
				skip = expr == NULL;
				break;
			}
		}
		if (skip)
			continue;
		r |= buf_printf(&cols, "%s\"%s\"", first ? "" : ", ", c);
		if (expr)
			r |= buf_printf(&vals, "%s%s", first ? "" : ", ", expr);
		else
			r |= buf_printf(&vals, "%ss.\"%s\"", first ? "" : ", ", c);
		first = 0;
	}
	/* a list cut short would copy rows without some of their columns */
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read the columns to merge");
		goto out;
	}
	index_sql_done(idx, st);
	st = NULL;
	r |= buf_printf(&sql, "INSERT OR IGNORE INTO main.\"%s\" (%s) SELECT %s FROM src.\"%s\" s %s",
	                table, buf_str(&cols), buf_str(&vals), table, tail);
	/* a statement cut at its cap would name fewer columns than it copies */
	if (r != 0) {
		rc = cd_error_set(err, CD_EINVAL, "merge: the columns of %s pass %d bytes", table,
		                  MERGE_SQL_MAX);
		goto out;
	}
	if ((rc = index_sql_exec(idx, buf_str(&sql), err)) != 0)
		goto out;
	if (added)
		*added += sqlite3_changes(idx->db);
out:
	index_sql_done(idx, st);
	buf_release(&cols);
	buf_release(&vals);
	buf_release(&sql);
	return rc;
}

/* The maps from the source's ids to this database's, rebuilt per source. */
static const char merge_maps_sql[] =
	"DROP TABLE IF EXISTS temp.m_site; DROP TABLE IF EXISTS temp.m_page;"
	"DROP TABLE IF EXISTS temp.m_clinic; DROP TABLE IF EXISTS temp.m_prac;"
	"CREATE TEMP TABLE m_site (src INTEGER PRIMARY KEY, dst INTEGER NOT NULL);"
	/* only the pages this database lacks: their facts come along */
	"CREATE TEMP TABLE m_page (src INTEGER PRIMARY KEY, url TEXT NOT NULL, dst INTEGER);"
	"CREATE TEMP TABLE m_clinic (src INTEGER PRIMARY KEY, dst INTEGER, new INTEGER NOT NULL,"
	"  touched INTEGER NOT NULL DEFAULT 0);"
	"CREATE TEMP TABLE m_prac (src INTEGER PRIMARY KEY, dst INTEGER NOT NULL);"
	"INSERT INTO m_page (src, url) SELECT s.id, s.url FROM src.pages s"
	" WHERE NOT EXISTS (SELECT 1 FROM main.pages d WHERE d.url = s.url);"
	/* a clinic is new when this database has no clinic for its site */
	"INSERT INTO m_clinic (src, new) SELECT c.id, NOT EXISTS (SELECT 1 FROM main.clinics dc"
	"  JOIN main.sites ds ON ds.id = dc.site_id WHERE ds.key = ss.key)"
	" FROM src.clinics c JOIN src.sites ss ON ss.id = c.site_id;";

static const struct merge_col merge_sites[] = { { "id", NULL }, { NULL, NULL } };
static const struct merge_col merge_by_site[] = {
	{ "id", NULL }, { "site_id", "(SELECT dst FROM m_site WHERE src = s.site_id)" },
	{ NULL, NULL },
};
static const struct merge_col merge_locations[] = {
	{ "id", NULL }, { "clinic_id", "(SELECT dst FROM m_clinic WHERE src = s.clinic_id)" },
	{ "page_id", "(SELECT dst FROM m_page WHERE src = s.page_id)" }, { NULL, NULL },
};
static const struct merge_col merge_practitioners[] = {
	{ "id", NULL }, { "clinic_id", "(SELECT dst FROM m_clinic WHERE src = s.clinic_id)" },
	{ NULL, NULL },
};
static const struct merge_col merge_prac_pages[] = {
	{ "practitioner_id", "(SELECT dst FROM m_prac WHERE src = s.practitioner_id)" },
	{ "page_id", "(SELECT dst FROM m_page WHERE src = s.page_id)" }, { NULL, NULL },
};
static const struct merge_col merge_claims[] = {
	{ "id", NULL }, { "clinic_id", "(SELECT dst FROM m_clinic WHERE src = s.clinic_id)" },
	{ "page_id", "(SELECT dst FROM m_page WHERE src = s.page_id)" },
	{ "practitioner_id", "(SELECT dst FROM m_prac WHERE src = s.practitioner_id)" },
	{ NULL, NULL },
};

/* A fact rides with its page: only those of pages this database lacked,
 * and those of no page when the whole clinic is new. */
#define MERGE_FACT_TAIL \
	"WHERE s.clinic_id IN (SELECT src FROM m_clinic) AND (s.page_id IN (SELECT src FROM m_page)" \
	" OR (s.page_id IS NULL AND (SELECT new FROM m_clinic WHERE src = s.clinic_id))) ORDER BY s.id"

static int
merge_facts(struct index *idx, struct cd_error *err)
{
	int rc;

	if ((rc = merge_copy(idx, "clinics", merge_by_site,
	                     "WHERE s.site_id IN (SELECT src FROM m_site) ORDER BY s.id", NULL, err)) ||
	    (rc = index_sql_exec(idx,
	        "UPDATE m_clinic SET dst = (SELECT dc.id FROM src.clinics c"
	        " JOIN src.sites ss ON ss.id = c.site_id JOIN main.sites ds ON ds.key = ss.key"
	        " JOIN main.clinics dc ON dc.site_id = ds.id WHERE c.id = m_clinic.src);"
	        "DELETE FROM m_clinic WHERE dst IS NULL;"
	        /* what gains a page or a name has its lists and search text
	         * rebuilt; the rest is left byte for byte as it was */
	        "UPDATE m_clinic SET touched = 1 WHERE new OR EXISTS (SELECT 1 FROM src.clinics c"
	        " JOIN src.pages p ON p.site_id = c.site_id JOIN m_page mp ON mp.src = p.id"
	        " WHERE c.id = m_clinic.src) OR (SELECT c.name_rank FROM src.clinics c"
	        " WHERE c.id = m_clinic.src) > (SELECT d.name_rank FROM main.clinics d"
	        " WHERE d.id = m_clinic.dst) OR ((SELECT d.phone FROM main.clinics d"
	        " WHERE d.id = m_clinic.dst) = '' AND (SELECT c.phone FROM src.clinics c"
	        " WHERE c.id = m_clinic.src) <> '');"
	        /* a clinic both have: the better-ranked name, as a crawl keeps it */
	        "UPDATE main.clinics SET (name, name_rank) = (SELECT c.name, c.name_rank"
	        " FROM src.clinics c JOIN m_clinic m ON m.src = c.id WHERE m.dst = clinics.id)"
	        " WHERE id IN (SELECT m.dst FROM m_clinic m JOIN src.clinics c ON c.id = m.src"
	        "  WHERE NOT m.new AND c.name_rank > clinics.name_rank);"
	        "UPDATE main.clinics SET phone = (SELECT c.phone FROM src.clinics c"
	        " JOIN m_clinic m ON m.src = c.id WHERE m.dst = clinics.id)"
	        " WHERE phone = '' AND id IN (SELECT dst FROM m_clinic WHERE NOT new);", err)) ||
	    (rc = merge_copy(idx, "locations", merge_locations, MERGE_FACT_TAIL, NULL, err)) ||
	    (rc = merge_copy(idx, "practitioners", merge_practitioners,
	                     "WHERE s.clinic_id IN (SELECT src FROM m_clinic) ORDER BY s.id", NULL,
	                     err)) ||
	    (rc = index_sql_exec(idx,
	        "INSERT INTO m_prac SELECT p.id, dp.id FROM src.practitioners p"
	        " JOIN m_clinic m ON m.src = p.clinic_id JOIN main.practitioners dp"
	        " ON dp.clinic_id = m.dst AND dp.name_key = p.name_key;", err)) ||
	    (rc = merge_copy(idx, "practitioner_pages", merge_prac_pages,
	                     "WHERE s.page_id IN (SELECT src FROM m_page)"
	                     " AND s.practitioner_id IN (SELECT src FROM m_prac)", NULL, err)) ||
	    (rc = merge_copy(idx, "claims", merge_claims, MERGE_FACT_TAIL, NULL, err)) ||
	    /* roles and oversight statements are page facts of the same shape */
	    (rc = merge_copy(idx, "roles", merge_claims, MERGE_FACT_TAIL, NULL, err)))
		return rc;
	return 0;
}

/* The lists and search document of every clinic the source changed. */
static int
merge_refresh(struct index *idx, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc, step = 0;

	if ((rc = index_sql_prepare(idx, "SELECT dst FROM m_clinic WHERE touched ORDER BY dst", &st, err)) != 0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	/* a list cut short would leave some clinics' search text stale */
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot list the clinics to refresh");
	index_sql_done(idx, st);
	for (i = 0; i < n && rc == 0; i++)
		rc = index_fts_refresh(idx, ids[i], err);
	free(ids);
	return rc;
}

/* Registry snapshots: one per kind, label and state (the NPPES file, the
 * LEIE, each FDA file, each state's licence list), as an import replaces
 * them. The source's snapshot replaces this database's when this one has
 * none of that key or an older one (by imported_at), as importing the
 * newer file would; an equal or newer one here is kept, so merging again
 * changes nothing. m_reg maps the source's import ids to this database's. */
static const char merge_reg_sql[] =
	"DROP TABLE IF EXISTS temp.m_reg;"
	"CREATE TEMP TABLE m_reg (src INTEGER PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL,"
	"  state TEXT, dst INTEGER);"
	"INSERT INTO m_reg (src, kind, label, state) SELECT s.id, s.kind, s.label, s.state"
	" FROM src.registry_imports s WHERE NOT EXISTS (SELECT 1 FROM main.registry_imports d"
	"  WHERE d.kind = s.kind AND d.label = s.label AND d.state IS s.state"
	"  AND d.imported_at >= s.imported_at);"
	/* the snapshots replaced go, their rows first */
	"DELETE FROM main.npi_taxonomies WHERE EXISTS (SELECT 1 FROM m_reg WHERE kind = 'nppes');"
	"DELETE FROM main.npi_providers WHERE EXISTS (SELECT 1 FROM m_reg WHERE kind = 'nppes');"
	"DELETE FROM main.leie WHERE EXISTS (SELECT 1 FROM m_reg WHERE kind = 'leie');"
	"DELETE FROM main.fda_decisions WHERE kind IN (SELECT label FROM m_reg WHERE kind = 'fda');"
	"DELETE FROM main.licenses WHERE list_id IN (SELECT d.id FROM main.registry_imports d"
	" JOIN m_reg m ON m.kind = d.kind AND m.label = d.label AND m.state IS d.state);"
	"DELETE FROM main.registry_imports WHERE id IN (SELECT d.id FROM main.registry_imports d"
	" JOIN m_reg m ON m.kind = d.kind AND m.label = d.label AND m.state IS d.state);";

static const struct merge_col merge_reg_imports[] = { { "id", NULL }, { NULL, NULL } };
static const struct merge_col merge_licenses[] = {
	{ "id", NULL }, { "list_id", "(SELECT dst FROM m_reg WHERE src = s.list_id)" },
	{ NULL, NULL },
};

static int
merge_registries(struct index *idx, struct cd_error *err)
{
	int rc;

	if ((rc = index_sql_exec(idx, merge_reg_sql, err)) ||
	    (rc = merge_copy(idx, "registry_imports", merge_reg_imports,
	                     "WHERE s.id IN (SELECT src FROM m_reg) ORDER BY s.id", NULL, err)) ||
	    (rc = index_sql_exec(idx,
	        "UPDATE m_reg SET dst = (SELECT d.id FROM main.registry_imports d"
	        " WHERE d.kind = m_reg.kind AND d.label = m_reg.label AND d.state IS m_reg.state);",
	        err)) ||
	    /* a whole snapshot comes over, so its own ids stay valid */
	    (rc = merge_copy(idx, "npi_providers", NULL,
	                     "WHERE EXISTS (SELECT 1 FROM m_reg WHERE kind = 'nppes') ORDER BY s.id",
	                     NULL, err)) ||
	    (rc = merge_copy(idx, "npi_taxonomies", NULL,
	                     "WHERE EXISTS (SELECT 1 FROM m_reg WHERE kind = 'nppes') ORDER BY s.rowid",
	                     NULL, err)) ||
	    (rc = merge_copy(idx, "leie", NULL,
	                     "WHERE EXISTS (SELECT 1 FROM m_reg WHERE kind = 'leie') ORDER BY s.id",
	                     NULL, err)) ||
	    (rc = merge_copy(idx, "fda_decisions", NULL,
	                     "WHERE s.kind IN (SELECT label FROM m_reg WHERE kind = 'fda')"
	                     " ORDER BY s.rowid", NULL, err)) ||
	    (rc = merge_copy(idx, "licenses", merge_licenses,
	                     "WHERE s.list_id IN (SELECT src FROM m_reg) ORDER BY s.id", NULL, err)))
		return rc;
	return 0;
}

/* The Census gazetteers (places.c): the ZIP areas and places this
 * database lacks, by ZIP and GEOID, so that a shard's gazetteer serves
 * search --near here too. When any came, the locations are geocoded
 * again, as after an import; merging again adds none and changes
 * nothing. */
static int
merge_gazetteer(struct index *idx, struct cd_error *err)
{
	long added = 0;
	int rc;

	if ((rc = merge_copy(idx, "gaz_zcta", NULL, "", &added, err)) ||
	    (rc = merge_copy(idx, "gaz_places", NULL, "", &added, err)))
		return rc;
	return added > 0 ? index_geocode(idx, 0, NULL, err) : 0;
}

static int
merge_one(struct index *idx, struct index_merge_stats *stats, struct cd_error *err)
{
	int rc;

	if ((rc = index_sql_exec(idx, merge_maps_sql, err)) ||
	    (rc = merge_copy(idx, "sites", merge_sites, "ORDER BY s.id", &stats->sites, err)) ||
	    (rc = index_sql_exec(idx,
	        "INSERT INTO m_site SELECT s.id, d.id FROM src.sites s"
	        " JOIN main.sites d ON d.key = s.key;", err)) ||
	    (rc = merge_copy(idx, "bodies", NULL,
	                     "WHERE s.hash IN (SELECT p.body_hash FROM src.pages p"
	                     " JOIN m_page m ON m.src = p.id)", NULL, err)) ||
	    (rc = merge_copy(idx, "pages", merge_by_site,
	                     "WHERE s.id IN (SELECT src FROM m_page) ORDER BY s.id", &stats->pages,
	                     err)) ||
	    (rc = index_sql_exec(idx,
	        "UPDATE m_page SET dst = (SELECT d.id FROM main.pages d WHERE d.url = m_page.url);",
	        err)) ||
	    (rc = merge_copy(idx, "frontier", merge_by_site, "ORDER BY s.id", &stats->frontier,
	                     err)) ||
	    (rc = merge_facts(idx, err)) ||
	    (rc = merge_registries(idx, err)) ||
	    (rc = merge_gazetteer(idx, err)) ||
	    (rc = merge_refresh(idx, err)))
		return rc;
	return 0;
}

int
index_merge(struct index *idx, const char *path, struct index_merge_stats *stats,
            struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, version = -1;
	bool attached = false;

	if ((rc = index_sql_prepare(idx, "ATTACH DATABASE ?1 AS src", &st, err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	rc = index_sql_step_done(idx, st, "cannot attach the database", err);
	index_sql_done(idx, st);
	st = NULL;
	if (rc != 0)
		return rc;
	attached = true;
	if ((rc = index_sql_prepare(idx, "PRAGMA src.user_version", &st, err)) != 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot read the database's schema version");
		goto out;
	}
	version = sqlite3_column_int(st, 0);
	index_sql_done(idx, st);
	st = NULL;
	if (version != INDEX_SCHEMA_VERSION) {
		rc = cd_error_set(err, CD_EINVAL, "%s: schema version %d, not %d: not a clinicdex "
		                  "database of this version", path, version, INDEX_SCHEMA_VERSION);
		goto out;
	}
	if ((rc = index_begin(idx, err)) != 0)
		goto out;
	if ((rc = merge_one(idx, stats, err)) != 0) {
		index_rollback(idx);
		goto out;
	}
	rc = index_commit(idx, err);
out:
	index_sql_done(idx, st);
	/* the statements that named src must go before it can be detached */
	index_sql_cache_clear(idx);
	if (attached)
		sqlite3_exec(idx->db, "DROP TABLE IF EXISTS temp.m_site; DROP TABLE IF EXISTS temp.m_page;"
		             "DROP TABLE IF EXISTS temp.m_clinic; DROP TABLE IF EXISTS temp.m_prac;"
		             "DROP TABLE IF EXISTS temp.m_reg; DETACH DATABASE src", NULL, NULL, NULL);
	return rc;
}
