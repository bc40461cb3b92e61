/* store.c: the facts extracted from a page stored in place of what the
 * page said before: practitioners, claims (keeping verify's verdicts on
 * claims found again unchanged), locations, roles, the clinic's name and
 * phone. Multi-statement writes run in a savepoint, so each is atomic. */
#include <stdlib.h>
#include <string.h>
#include "common/claim_status.h"
#include "common/personkey.h"
#include "common/xalloc.h"
#include "index/roles.h"
#include "index/internal.h"
#include "index/places.h"

/* Keeps the verdicts (status, reason) of page_id's verified claims in
 * temp.claim_verdicts while its facts are replaced: a claim extracted
 * again unchanged (same practitioner, kind, code and evidence) gets its
 * verdict back rather than falling to unchecked; a new or changed one
 * waits for verify. */
static int
index_verdicts_save(struct index *idx, int64_t page_id, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_exec(idx, "CREATE TEMP TABLE IF NOT EXISTS claim_verdicts ("
	                              " practitioner_id INTEGER, kind TEXT, code TEXT, evidence TEXT,"
	                              " status TEXT, reason TEXT);"
	                              "DELETE FROM temp.claim_verdicts;", err)) != 0)
		return rc;
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO temp.claim_verdicts SELECT practitioner_id, kind,"
	                            " code, evidence, status, reason FROM claims"
	                            " WHERE page_id = ?1 AND status <> ?2",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, page_id);
	sqlite3_bind_text(st, 2, claim_status_name(CLAIM_UNCHECKED), -1, SQLITE_STATIC);
	rc = index_sql_step_done(idx, st, "cannot keep claim verdicts", err);
	index_sql_done(idx, st);
	return rc;
}

/* Deletes the rows page_id contributed. */
static int
index_facts_clear(struct index *idx, int64_t page_id, struct cd_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM claims WHERE page_id = ?1",
		"DELETE FROM locations WHERE page_id = ?1",
		"DELETE FROM practitioner_pages WHERE page_id = ?1",
	};
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int rc = 0;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if ((rc = index_sql_prepare(idx, sql[i], &st, err)) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, page_id);
		rc = index_sql_step_done(idx, st, "cannot replace page facts", err);
		index_sql_done(idx, st);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Upserts one practitioner of the clinic and records that page_id names
 * them; *id receives the row id. */
static int
index_practitioner_put(struct index *idx, int64_t clinic_id, int64_t page_id,
                       const struct fact_practitioner *fp, const char *key, int64_t *id,
                       struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO practitioners (clinic_id, name, name_key, role) "
	                            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (clinic_id, name_key) "
	                            "DO UPDATE SET role = coalesce(excluded.role, role)",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, clinic_id);
	index_sql_bind_text(st, 2, fp->name);
	index_sql_bind_text(st, 3, key);
	index_sql_bind_text(st, 4, fp->role);
	if ((rc = index_sql_step_done(idx, st, "cannot store practitioner", err)) != 0)
		goto out;
	index_sql_done(idx, st);
	if ((rc = index_sql_prepare(idx,
	                            "SELECT id FROM practitioners "
	                            "WHERE clinic_id = ?1 AND name_key = ?2",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, clinic_id);
	index_sql_bind_text(st, 2, key);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot store practitioner");
		goto out;
	}
	*id = sqlite3_column_int64(st, 0);
	index_sql_done(idx, st);
	if ((rc = index_sql_prepare(idx,
	                            "INSERT OR IGNORE INTO practitioner_pages "
	                            "(practitioner_id, page_id) VALUES (?1, ?2)",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, page_id);
	rc = index_sql_step_done(idx, st, "cannot store practitioner", err);
out:
	index_sql_done(idx, st);
	return rc;
}

static int
index_claims_put(struct index *idx, int64_t clinic_id, int64_t page_id,
                 const char *evidence_url, const struct page_facts *facts,
                 const int64_t *pract_ids, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int rc = 0;

	/* an unchanged claim takes back its verdict (index_verdicts_save) */
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO claims (clinic_id, page_id, practitioner_id, kind,"
	                            "  code, evidence_url, evidence, status, reason) "
	                            "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(v.status, ?8),"
	                            "  v.reason FROM (SELECT 1) LEFT JOIN (SELECT status, reason"
	                            "  FROM temp.claim_verdicts WHERE practitioner_id IS ?3"
	                            "  AND kind = ?4 AND code = ?5 AND evidence IS ?7 LIMIT 1) v",
	                            &st, err)) != 0)
		goto out;
	for (i = 0; i < facts->n_claims; i++) {
		const struct fact_claim *c = &facts->claims[i];

		if (c->practitioner >= (int)facts->n_practitioners) {
			rc = cd_error_set(err, CD_EINVAL,
			                  "claim %s/%s names practitioner %d of %zu",
			                  c->kind ? c->kind : "", c->code ? c->code : "",
			                  c->practitioner, facts->n_practitioners);
			goto out;
		}
		if (c->practitioner >= 0 && pract_ids[c->practitioner] == 0)
			continue;   /* a practitioner without a usable name */
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, clinic_id);
		sqlite3_bind_int64(st, 2, page_id);
		if (c->practitioner >= 0)
			sqlite3_bind_int64(st, 3, pract_ids[c->practitioner]);
		else
			sqlite3_bind_null(st, 3);
		index_sql_bind_text(st, 4, c->kind);
		index_sql_bind_text(st, 5, c->code);
		index_sql_bind_text(st, 6, evidence_url);
		index_sql_bind_text(st, 7, c->evidence);
		sqlite3_bind_text(st, 8, claim_status_name(CLAIM_UNCHECKED), -1, SQLITE_STATIC);
		if ((rc = index_sql_step_done(idx, st, "cannot store claim", err)) != 0)
			goto out;
	}
out:
	index_sql_done(idx, st);
	return rc;
}

static int
index_locations_put(struct index *idx, int64_t clinic_id, int64_t page_id,
                    const struct page_facts *facts, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO locations (clinic_id, page_id, street, city, state,"
	                            "  zip, phone, lat, lon, geo_source, evidence) "
	                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	                            &st, err)) != 0)
		goto out;
	for (i = 0; i < facts->n_locations; i++) {
		const struct fact_location *l = &facts->locations[i];

		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int64(st, 1, clinic_id);
		sqlite3_bind_int64(st, 2, page_id);
		index_sql_bind_text(st, 3, l->street);
		index_sql_bind_text(st, 4, l->city);
		index_sql_bind_text(st, 5, l->state);
		index_sql_bind_text(st, 6, l->zip);
		index_sql_bind_text(st, 7, l->phone);
		if (l->has_geo) {
			sqlite3_bind_double(st, 8, l->lat);
			sqlite3_bind_double(st, 9, l->lon);
			index_sql_bind_text(st, 10, "markup");
		}
		index_sql_bind_text(st, 11, l->evidence);
		if ((rc = index_sql_step_done(idx, st, "cannot store location", err)) != 0)
			goto out;
	}
out:
	index_sql_done(idx, st);
	return rc;
}

/* A team card may name a person by the given name alone ("Brooke, LE",
 * extract.c given_name_line) where a page gives the full name too
 * ("Brooke Hale, LE"): one person. A one-word practitioner of the clinic
 * whose name is the first word of exactly one other practitioner's is
 * merged into that one (claims, roles and pages move, the one-word row
 * goes); two full names sharing it ("Morgan Ryan", "Morgan Lee") decide
 * nothing. Run after every page's facts, so the order pages arrive in
 * does not matter. A moved claim is checked again by the next verify. */
static int
index_given_names_merge(struct index *idx, int64_t clinic_id, struct cd_error *err)
{
	static const char *const sql[] = {
		"CREATE TEMP TABLE IF NOT EXISTS given_names"
		" (given_id INTEGER PRIMARY KEY, full_id INTEGER NOT NULL)",
		"DELETE FROM temp.given_names",
		"INSERT INTO temp.given_names SELECT o.id, min(f.id) FROM practitioners o"
		" JOIN practitioners f ON f.clinic_id = o.clinic_id"
		"  AND substr(f.name_key, 1, length(o.name_key) + 1) = o.name_key || ' '"
		" WHERE o.clinic_id = ?1 AND instr(o.name_key, ' ') = 0"
		" GROUP BY o.id HAVING count(*) = 1",
		"UPDATE claims SET practitioner_id = (SELECT full_id FROM temp.given_names"
		"  WHERE given_id = claims.practitioner_id)"
		" WHERE clinic_id = ?1 AND practitioner_id IN (SELECT given_id FROM temp.given_names)",
		"UPDATE roles SET practitioner_id = (SELECT full_id FROM temp.given_names"
		"  WHERE given_id = roles.practitioner_id)"
		" WHERE clinic_id = ?1 AND practitioner_id IN (SELECT given_id FROM temp.given_names)",
		"INSERT OR IGNORE INTO practitioner_pages (practitioner_id, page_id)"
		" SELECT g.full_id, pp.page_id FROM temp.given_names g"
		/* the few merged names first, not every practitioner's pages */
		" CROSS JOIN practitioner_pages pp ON pp.practitioner_id = g.given_id",
		"UPDATE practitioners SET role = (SELECT o.role FROM temp.given_names g"
		"  JOIN practitioners o ON o.id = g.given_id WHERE g.full_id = practitioners.id)"
		" WHERE role IS NULL AND id IN (SELECT full_id FROM temp.given_names)",
		"DELETE FROM practitioners WHERE id IN (SELECT given_id FROM temp.given_names)",
	};
	sqlite3_stmt *st = NULL;
	int rc = 0;

	for (size_t i = 0; i < sizeof sql / sizeof sql[0] && rc == 0; i++) {
		if ((rc = index_sql_prepare(idx, sql[i], &st, err)) != 0)
			break;
		if (sqlite3_bind_parameter_count(st) > 0)
			sqlite3_bind_int64(st, 1, clinic_id);
		rc = index_sql_step_done(idx, st, "cannot merge practitioners", err);
		index_sql_done(idx, st);
		st = NULL;
	}
	return rc;
}

/* Removes the clinic's practitioners no page names; then takes the name
 * (a strictly better source only) and the phone (when none yet). */
static int
index_clinic_update(struct index *idx, int64_t clinic_id, const struct page_facts *facts,
                    struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "DELETE FROM practitioners WHERE clinic_id = ?1 AND NOT EXISTS"
	                            " (SELECT 1 FROM practitioner_pages"
	                            "  WHERE practitioner_id = practitioners.id)",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, clinic_id);
	if ((rc = index_sql_step_done(idx, st, "cannot remove practitioners", err)) != 0)
		goto out;
	index_sql_done(idx, st);
	st = NULL;
	if (facts->clinic_name && facts->clinic_name[0]) {
		if ((rc = index_sql_prepare(idx,
		                            "UPDATE clinics SET name = ?2, name_rank = ?3 "
		                            "WHERE id = ?1 AND name_rank < ?3",
		                            &st, err)) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, clinic_id);
		index_sql_bind_text(st, 2, facts->clinic_name);
		sqlite3_bind_int(st, 3, facts->clinic_name_rank);
		if ((rc = index_sql_step_done(idx, st, "cannot update clinic", err)) != 0)
			goto out;
		index_sql_done(idx, st);
		st = NULL;
	}
	if (facts->clinic_phone && facts->clinic_phone[0]) {
		if ((rc = index_sql_prepare(idx,
		                            "UPDATE clinics SET phone = ?2 WHERE id = ?1 AND phone = ''",
		                            &st, err)) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, clinic_id);
		index_sql_bind_text(st, 2, facts->clinic_phone);
		rc = index_sql_step_done(idx, st, "cannot update clinic", err);
	}
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_facts_replace(struct index *idx, int64_t site_id, int64_t page_id,
                    const struct page_facts *facts, struct cd_error *err)
{
	static const struct page_facts none = { 0 };
	sqlite3_stmt *st = NULL;
	sqlite3_int64 changes = 0;
	int64_t clinic_id = 0, *pract_ids = NULL;
	char *evidence_url = NULL, *key = NULL;
	size_t i = 0;
	int rc = 0;

	if (facts == NULL)
		facts = &none;
	/* the site's clinic, made with its first page read, seen when the
	 * site was; numbered as its site where it can be, so clinic ids follow
	 * the seeds, not the order pages happened to arrive in */
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO clinics (id, site_id, first_seen) "
	                            "SELECT CASE WHEN EXISTS (SELECT 1 FROM clinics c WHERE c.id = s.id)"
	                            " THEN NULL ELSE s.id END, s.id, s.first_seen FROM sites s "
	                            "WHERE s.id = ?1 ON CONFLICT (site_id) DO NOTHING",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	if ((rc = index_sql_step_done(idx, st, "cannot add clinic", err)) != 0)
		goto out;
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT c.id, coalesce(p.final_url, p.url) "
	                            "FROM clinics c, pages p "
	                            "WHERE c.site_id = ?1 AND p.id = ?2 AND p.site_id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, page_id);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		clinic_id = sqlite3_column_int64(st, 0);
		evidence_url = xstrdup(index_sql_text(st, 1));
		break;
	case SQLITE_DONE:
		rc = cd_error_set(err, CD_ENOTFOUND, "no page %lld of site %lld", (long long)page_id,
		                  (long long)site_id);
		goto out;
	default:
		rc = index_sql_fail(idx, err, "cannot replace page facts");
		goto out;
	}
	index_sql_done(idx, st);
	st = NULL;

	if ((rc = index_sql_savepoint(idx, "facts_replace", err)) != 0)
		goto out;
	if ((rc = index_verdicts_save(idx, page_id, err)) != 0)
		goto fail;
	changes = sqlite3_total_changes64(idx->db);   /* of the directory, not the temp table */
	if ((rc = index_facts_clear(idx, page_id, err)) != 0)
		goto fail;
	pract_ids = xcalloc(facts->n_practitioners ? facts->n_practitioners : 1,
	                    sizeof *pract_ids);
	for (i = 0; i < facts->n_practitioners; i++) {
		const struct fact_practitioner *fp = &facts->practitioners[i];

		free(key);
		key = personkey_store(fp->name ? fp->name : "");
		if (key[0] == '\0')
			continue;   /* its claims are dropped, not made the clinic's */
		if ((rc = index_practitioner_put(idx, clinic_id, page_id, fp, key, &pract_ids[i],
		                                 err)) != 0)
			goto fail;
	}
	if ((rc = index_claims_put(idx, clinic_id, page_id, evidence_url, facts, pract_ids,
	                           err)) != 0 ||
	    (rc = index_roles_put(idx, clinic_id, page_id, evidence_url, facts, pract_ids,
	                          err)) != 0 ||
	    (rc = index_given_names_merge(idx, clinic_id, err)) != 0 ||
	    (rc = index_locations_put(idx, clinic_id, page_id, facts, err)) != 0 ||
	    (facts->n_locations > 0 && (rc = index_geocode(idx, page_id, NULL, err)) != 0) ||
	    (rc = index_clinic_update(idx, clinic_id, facts, err)) != 0)
		goto fail;
	/* The clinic's text document is rebuilt from all its pages, so only
	 * when this page changed a row: most pages of a site add nothing, and
	 * rebuilding for each made a crawl quadratic in a site's pages. */
	if (sqlite3_total_changes64(idx->db) != changes &&
	    (rc = index_fts_refresh(idx, clinic_id, err)) != 0)
		goto fail;
	if ((rc = index_sql_release(idx, "facts_replace", err)) != 0)
		goto fail;
	goto out;
fail:
	index_sql_rollback_to(idx, "facts_replace");
out:
	index_sql_done(idx, st);
	free(pract_ids);
	free(key);
	free(evidence_url);
	return rc;
}
