/* store.c: writing what a crawl finds: sites and their clinic rows, robots.txt,
 * fetched pages (bodies kept once per SHA-256) and the facts extracted from
 * each page. Multi-statement writes run in a savepoint, so each is atomic. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common/buf.h"
#include "common/claim_status.h"
#include "common/personkey.h"
#include "common/sha256.h"
#include "common/sitekey.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "index/bodyz.h"
#include "index/roles.h"
#include "index/internal.h"
#include "index/places.h"

/* ---- sites ---- */

int
index_site_ensure(struct index *idx, const char *key, const char *base_url,
                  int64_t *site_id, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char *host = sitekey_host(key);
	int64_t now = (int64_t)time(NULL), id = 0;
	int rc = 0;

	if ((rc = index_sql_savepoint(idx, "site_ensure", err)) != 0)
		goto out;
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO sites (key, host, base_url, first_seen) "
	                            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO NOTHING",
	                            &st, err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, key);
	index_sql_bind_text(st, 2, host);
	index_sql_bind_text(st, 3, base_url ? base_url : key);
	sqlite3_bind_int64(st, 4, now);
	if ((rc = index_sql_step_done(idx, st, "cannot add site", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	if ((rc = index_sql_prepare(idx, "SELECT id FROM sites WHERE key = ?1", &st, err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, key);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot add site");
		goto fail;
	}
	id = sqlite3_column_int64(st, 0);
	/* no clinic yet: a site becomes one with its first page read
	 * (index_facts_replace), so a site of which nothing could be fetched
	 * is no empty clinic in search and export */
	if ((rc = index_sql_release(idx, "site_ensure", err)) != 0)
		goto fail;
	*site_id = id;
	goto out;
fail:
	index_sql_rollback_to(idx, "site_ensure");
out:
	index_sql_done(idx, st);
	free(host);
	return rc;
}

int
index_site_find(struct index *idx, const char *host_or_key, int64_t *site_id,
                struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char *host = sitekey_host(host_or_key);
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT id FROM sites WHERE key = ?1 OR host = ?2 "
	                            "ORDER BY key = ?1 DESC, id LIMIT 1",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, host_or_key);
	index_sql_bind_text(st, 2, host);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*site_id = sqlite3_column_int64(st, 0);
	} else if (step == SQLITE_DONE) {
		rc = cd_error_set(err, CD_ENOTFOUND, "no site '%s' in the directory", host_or_key);
	} else {
		rc = index_sql_fail(idx, err, "cannot look up site");
	}
out:
	index_sql_done(idx, st);
	free(host);
	return rc;
}

int
index_site_set_crawled(struct index *idx, int64_t site_id, int64_t when,
                       struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE clinics SET last_crawled = ?2 WHERE site_id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, when);
	if ((rc = index_sql_step_done(idx, st, "cannot update site", err)) != 0)
		goto out;
	index_sql_done(idx, st);
	if ((rc = index_sql_prepare(idx, "UPDATE sites SET last_crawled = ?2 WHERE id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, when);
	if ((rc = index_sql_step_done(idx, st, "cannot update site", err)) != 0)
		goto out;
	if (sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no site with id %lld", (long long)site_id);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_site_set_robots(struct index *idx, int64_t site_id, int status, const char *body,
                      int64_t when, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE sites SET robots_status = ?2, robots_body = ?3, "
	                            "robots_fetched = ?4 WHERE id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int(st, 2, status);
	index_sql_bind_text(st, 3, body);
	sqlite3_bind_int64(st, 4, when);
	if ((rc = index_sql_step_done(idx, st, "cannot store robots.txt", err)) != 0)
		goto out;
	if (sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no site with id %lld", (long long)site_id);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_site_get_robots(struct index *idx, int64_t site_id, int *status, char **body,
                      int64_t *when, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*status = 0;
	*body = NULL;
	if (when)
		*when = 0;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT robots_status, robots_body, robots_fetched "
	                            "FROM sites WHERE id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = cd_error_set(err, CD_ENOTFOUND, "no site with id %lld", (long long)site_id);
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot read robots.txt");
		goto out;
	}
	if (sqlite3_column_type(st, 2) == SQLITE_NULL)
		goto out;   /* never fetched */
	*status = sqlite3_column_int(st, 0);
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		*body = xstrdup(index_sql_text(st, 1));
	if (when)
		*when = sqlite3_column_int64(st, 2);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_site_get_health(struct index *idx, int64_t site_id, int *failures, char **set_aside,
                      struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*failures = 0;
	*set_aside = NULL;
	if ((rc = index_sql_prepare(idx, "SELECT failures, set_aside FROM sites WHERE id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = cd_error_set(err, CD_ENOTFOUND, "no site with id %lld", (long long)site_id);
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot read site");
		goto out;
	}
	*failures = sqlite3_column_int(st, 0);
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		*set_aside = xstrdup(index_sql_text(st, 1));
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_site_set_health(struct index *idx, int64_t site_id, int failures, const char *set_aside,
                      struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE sites SET failures = ?2, set_aside = ?3 WHERE id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int(st, 2, failures);
	index_sql_bind_text(st, 3, set_aside);
	if ((rc = index_sql_step_done(idx, st, "cannot update site", err)) != 0)
		goto out;
	if (sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no site with id %lld", (long long)site_id);
out:
	index_sql_done(idx, st);
	return rc;
}

/* ---- pages ---- */

/* Drops the body hash unless a page still refers to it. */
static int
index_body_gc(struct index *idx, const char *hash, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "DELETE FROM bodies WHERE hash = ?1 AND NOT EXISTS "
	                            "(SELECT 1 FROM pages WHERE body_hash = ?1)",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, hash);
	rc = index_sql_step_done(idx, st, "cannot drop an old page body", err);
out:
	index_sql_done(idx, st);
	return rc;
}

/* The page row keeps its id when the URL is fetched again, so what other
 * tables say about it stays attached until index_facts_replace. A 304
 * (not modified) keeps the stored body. */
int
index_page_store(struct index *idx, int64_t site_id, const struct index_page *p,
                 int64_t *page_id, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char hash[65] = "";
	char *old_hash = NULL;
	unsigned char *packed = NULL;
	size_t packed_len = 0;
	int rc = 0, step = 0;

	if ((rc = index_sql_savepoint(idx, "page_store", err)) != 0)
		goto out;
	if ((rc = index_sql_prepare(idx, "SELECT body_hash FROM pages WHERE url = ?1", &st,
	                            err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, p->url);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		old_hash = xstrdup(index_sql_text(st, 0));
	else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot store page");
		goto fail;
	}
	index_sql_done(idx, st);
	st = NULL;

	if (p->body) {
		sha256_hex(p->body, p->body_len, hash);
		if ((rc = index_sql_prepare(idx,
		                            "INSERT OR IGNORE INTO bodies (hash, body) VALUES (?1, ?2)",
		                            &st, err)) != 0)
			goto fail;
		index_sql_bind_text(st, 1, hash);
		/* compressed when that is smaller (bodyz.h) */
		if (bodyz_pack(p->body, p->body_len, &packed, &packed_len))
			sqlite3_bind_blob64(st, 2, packed, packed_len, SQLITE_STATIC);
		else
			sqlite3_bind_text(st, 2, p->body, (int)p->body_len, SQLITE_STATIC);
		rc = index_sql_step_done(idx, st, "cannot store page body", err);
		free(packed);
		packed = NULL;
		if (rc != 0)
			goto fail;
		index_sql_done(idx, st);
		st = NULL;
	}

	if ((rc = index_sql_prepare(
		     idx,
		     "INSERT INTO pages (site_id, url, final_url, status, content_type, fetched_at,"
		     "  etag, last_modified, body_hash, bytes, error) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		     "ON CONFLICT (url) DO UPDATE SET site_id = excluded.site_id,"
		     "  final_url = CASE WHEN excluded.status = 304 THEN final_url"
		     "    ELSE excluded.final_url END,"
		     "  status = excluded.status, content_type = excluded.content_type,"
		     "  fetched_at = excluded.fetched_at, etag = excluded.etag,"
		     "  last_modified = excluded.last_modified,"
		     "  body_hash = CASE WHEN excluded.status = 304 THEN body_hash"
		     "    ELSE excluded.body_hash END,"
		     "  bytes = excluded.bytes, error = excluded.error",
		     &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, site_id);
	index_sql_bind_text(st, 2, p->url);
	index_sql_bind_text(st, 3, p->final_url ? p->final_url : p->url);
	sqlite3_bind_int64(st, 4, p->status);
	index_sql_bind_text(st, 5, p->content_type);
	sqlite3_bind_int64(st, 6, p->fetched_at);
	index_sql_bind_text(st, 7, p->etag);
	index_sql_bind_text(st, 8, p->last_modified);
	index_sql_bind_text(st, 9, p->body ? hash : NULL);
	sqlite3_bind_int64(st, 10, p->bytes);
	index_sql_bind_text(st, 11, p->error);
	if ((rc = index_sql_step_done(idx, st, "cannot store page", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	st = NULL;

	if (old_hash && strcmp(old_hash, hash) != 0 &&
	    (rc = index_body_gc(idx, old_hash, err)) != 0)
		goto fail;

	if ((rc = index_sql_prepare(idx, "SELECT id FROM pages WHERE url = ?1", &st, err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, p->url);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot store page");
		goto fail;
	}
	if (page_id)
		*page_id = sqlite3_column_int64(st, 0);
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = index_sql_release(idx, "page_store", err)) != 0)
		goto fail;
	goto out;
fail:
	index_sql_done(idx, st);
	st = NULL;
	index_sql_rollback_to(idx, "page_store");
out:
	index_sql_done(idx, st);
	free(old_hash);
	return rc;
}

/* ---- facts ---- */

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
		" JOIN practitioner_pages pp ON pp.practitioner_id = g.given_id",
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

/* ---- reading pages back ---- */

/* The ids are read first so that cb may write (extract re-runs facts
 * replacement from inside the walk) without a statement left open. */
int
index_pages_foreach(struct index *idx, int64_t site_id,
                    int (*cb)(const struct stored_page *, void *), void *arg,
                    struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	char *url = NULL, *body = NULL;
	const void *data = NULL;
	bool is_blob = false;
	size_t n = 0, cap = 0, i = 0;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT id FROM pages WHERE body_hash IS NOT NULL "
	                            "AND (?1 <= 0 OR site_id = ?1) ORDER BY id",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read pages");
		goto out;
	}
	index_sql_done(idx, st);
	st = NULL;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT p.site_id, coalesce(p.final_url, p.url), b.body "
	                            "FROM pages p JOIN bodies b ON b.hash = p.body_hash "
	                            "WHERE p.id = ?1",
	                            &st, err)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct stored_page sp = { 0 };

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		step = sqlite3_step(st);
		if (step == SQLITE_DONE)
			continue;   /* gone since the ids were read */
		if (step != SQLITE_ROW) {
			rc = index_sql_fail(idx, err, "cannot read page");
			goto out;
		}
		/* copies, so that no statement is open while cb runs */
		sp.page_id = ids[i];
		sp.site_id = sqlite3_column_int64(st, 0);
		url = xstrdup(index_sql_text(st, 1));
		is_blob = sqlite3_column_type(st, 2) == SQLITE_BLOB;
		/* text (or blob) before bytes, as SQLite asks */
		data = is_blob ? sqlite3_column_blob(st, 2) : (const void *)index_sql_text(st, 2);
		rc = bodyz_unpack(data, (size_t)sqlite3_column_bytes(st, 2), is_blob, &body,
		                  &sp.body_len, err);
		sqlite3_reset(st);
		if (rc != 0) {
			free(url);
			url = NULL;
			goto out;
		}
		sp.url = url;
		sp.body = body;
		rc = cb(&sp, arg);
		free(url);
		free(body);
		url = body = NULL;
		if (rc != 0)
			goto out;
	}
out:
	index_sql_done(idx, st);
	free(ids);
	return rc;
}

/* ---- recrawl ---- */

int
index_page_validators(struct index *idx, const char *url, char **etag, char **last_modified,
                      struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*etag = *last_modified = NULL;
	/* only a kept 2xx body can stand for a 304 */
	if ((rc = index_sql_prepare(idx,
	                            "SELECT etag, last_modified FROM pages WHERE url = ?1 "
	                            "AND status BETWEEN 200 AND 299 AND body_hash IS NOT NULL "
	                            "AND error IS NULL",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, url);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			*etag = xstrdup(index_sql_text(st, 0));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			*last_modified = xstrdup(index_sql_text(st, 1));
	} else if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read page validators");
	}
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_page_refresh(struct index *idx, const char *url, int64_t fetched_at, const char *etag,
                   const char *last_modified, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE pages SET fetched_at = ?2, etag = coalesce(?3, etag), "
	                            "last_modified = coalesce(?4, last_modified) WHERE url = ?1",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, url);
	sqlite3_bind_int64(st, 2, fetched_at);
	index_sql_bind_text(st, 3, etag);
	index_sql_bind_text(st, 4, last_modified);
	if ((rc = index_sql_step_done(idx, st, "cannot refresh page", err)) != 0)
		goto out;
	if (sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no stored page %s", url);
out:
	index_sql_done(idx, st);
	return rc;
}
