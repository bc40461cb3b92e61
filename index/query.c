/* query.c: reading the directory: clinics, practitioners and claims that
 * match a search filter, one clinic as JSON, and the stats counts.
 * Filters select clinics; the SQL is assembled from fixed fragments and
 * every value (including each code) is a bound parameter. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/query.h"

#define ISO_TIME(col) "coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch'), '')"
#define STATUS_OK "(:status IS NULL OR status = :status)"

static bool
query_has_location_filter(const struct search_filter *f)
{
	return f->state || f->city || f->zip;
}

/* The conditions a location row (alias a) must meet for the filter. */
static void
query_location_conds(struct buf *sql, const struct search_filter *f, const char *a)
{
	buf_printf(sql, "%s.clinic_id = c.id", a);
	if (f->state)
		buf_printf(sql, " AND %s.state = upper(:state)", a);
	if (f->city)
		buf_printf(sql, " AND %s.city = :city COLLATE NOCASE", a);
	if (f->zip)
		buf_printf(sql,
		           " AND (%s.zip = :zip OR (length(:zip) = 5 AND substr(%s.zip, 1, 6) = :zip || '-'))",
		           a, a);
}

/* " AND ..." conditions on clinic c for the filter. */
static void
query_clinic_conds(struct buf *sql, const struct search_filter *f, bool by_site)
{
	size_t i = 0;

	if (query_has_location_filter(f)) {
		buf_puts(sql, " AND EXISTS (SELECT 1 FROM locations lf WHERE ");
		query_location_conds(sql, f, "lf");
		buf_puts(sql, ")");
	}
	if (by_site)
		buf_puts(sql, " AND c.site_id = :site_id");
	for (i = 0; i < f->n_credentials; i++)
		buf_printf(sql,
		           " AND EXISTS (SELECT 1 FROM claims WHERE clinic_id = c.id"
		           " AND kind = 'credential' AND code = :cred%zu AND " STATUS_OK ")",
		           i);
	for (i = 0; i < f->n_services; i++)
		buf_printf(sql,
		           " AND EXISTS (SELECT 1 FROM claims WHERE clinic_id = c.id"
		           " AND kind = 'service' AND code = :svc%zu AND " STATUS_OK ")",
		           i);
	if (f->status)
		buf_puts(sql, " AND EXISTS (SELECT 1 FROM claims WHERE clinic_id = c.id AND "
		              "status = :status)");
}

static void
query_bind(sqlite3_stmt *st, const struct search_filter *f, int64_t site_id)
{
	char name[32];
	size_t i = 0;

	index_sql_bind_text_named(st, ":state", f->state);
	index_sql_bind_text_named(st, ":city", f->city);
	index_sql_bind_text_named(st, ":zip", f->zip);
	index_sql_bind_text_named(st, ":status", f->status);
	index_sql_bind_int64_named(st, ":site_id", site_id);
	index_sql_bind_int64_named(st, ":limit", f->limit > 0 ? f->limit : -1);
	for (i = 0; i < f->n_credentials; i++) {
		snprintf(name, sizeof name, ":cred%zu", i);
		index_sql_bind_text_named(st, name, f->credentials[i]);
	}
	for (i = 0; i < f->n_services; i++) {
		snprintf(name, sizeof name, ":svc%zu", i);
		index_sql_bind_text_named(st, name, f->services[i]);
	}
}

/* The site filter as a site id: *none is set when no such site exists
 * (then nothing matches, which is not an error). */
static int
query_site(struct index *idx, const struct search_filter *f, int64_t *site_id, bool *none,
           struct cd_error *err)
{
	int rc = 0;

	*site_id = 0;
	*none = false;
	if (f->site == NULL)
		return 0;
	rc = index_site_find(idx, f->site, site_id, err);
	if (rc == CD_ENOTFOUND) {
		cd_error_clear(err);
		*none = true;
		return 0;
	}
	return rc;
}

/* Prepares the assembled query and binds the filter. */
static int
query_prepare(struct index *idx, struct buf *sql, const struct search_filter *f,
              int64_t site_id, sqlite3_stmt **st, struct cd_error *err)
{
	int rc = index_sql_prepare(idx, buf_str(sql), st, err);

	if (rc == 0)
		query_bind(*st, f, site_id);
	return rc;
}

int
index_search_clinics(struct index *idx, const struct search_filter *f,
                     int (*cb)(const struct clinic_row *, void *), void *arg,
                     struct cd_error *err)
{
	static const struct search_filter nofilter = { 0 };
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t site_id = 0;
	bool none = false;
	int rc = 0, step = 0;

	if (f == NULL)
		f = &nofilter;
	if ((rc = query_site(idx, f, &site_id, &none, err)) != 0 || none)
		goto out;
	buf_init(&sql, 0);
	buf_puts(&sql,
	         "SELECT c.id, c.name, s.key, c.phone,"
	         " coalesce(l.street, ''), coalesce(l.city, ''), coalesce(l.state, ''),"
	         " coalesce(l.zip, ''), l.lat, l.lon,"
	         " coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code FROM claims"
	         "   WHERE clinic_id = c.id AND kind = 'service' AND " STATUS_OK
	         "   ORDER BY code)), ''),"
	         " coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code FROM claims"
	         "   WHERE clinic_id = c.id AND kind = 'credential' AND " STATUS_OK
	         "   ORDER BY code)), ''),"
	         " coalesce((SELECT group_concat(name, ';') FROM (SELECT DISTINCT name"
	         "   FROM practitioners WHERE clinic_id = c.id ORDER BY name)), ''),"
	         " " ISO_TIME("c.first_seen") ", " ISO_TIME("c.last_crawled")
	         " FROM clinics c JOIN sites s ON s.id = c.site_id"
	         " LEFT JOIN locations l ON l.id = (SELECT min(lm.id) FROM locations lm WHERE ");
	query_location_conds(&sql, f, "lm");
	buf_puts(&sql, ") WHERE 1");
	query_clinic_conds(&sql, f, f->site != NULL);
	buf_puts(&sql, " ORDER BY c.id LIMIT :limit");
	if ((rc = query_prepare(idx, &sql, f, site_id, &st, err)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct clinic_row r = { 0 };

		r.clinic_id = sqlite3_column_int64(st, 0);
		r.name = index_sql_text(st, 1);
		r.site = index_sql_text(st, 2);
		r.phone = index_sql_text(st, 3);
		r.street = index_sql_text(st, 4);
		r.city = index_sql_text(st, 5);
		r.state = index_sql_text(st, 6);
		r.zip = index_sql_text(st, 7);
		r.has_geo = sqlite3_column_type(st, 8) != SQLITE_NULL &&
		            sqlite3_column_type(st, 9) != SQLITE_NULL;
		r.lat = sqlite3_column_double(st, 8);
		r.lon = sqlite3_column_double(st, 9);
		r.services = index_sql_text(st, 10);
		r.credentials = index_sql_text(st, 11);
		r.practitioners = index_sql_text(st, 12);
		r.first_seen = index_sql_text(st, 13);
		r.last_crawled = index_sql_text(st, 14);
		if ((rc = cb(&r, arg)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot search clinics");
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}

/* Practitioners of the clinics the filter selects; their credentials count
 * claims of the filter's status only. */
int
index_search_practitioners(struct index *idx, const struct search_filter *f,
                           int (*cb)(const struct practitioner_row *, void *), void *arg,
                           struct cd_error *err)
{
	static const struct search_filter nofilter = { 0 };
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t site_id = 0;
	bool none = false;
	int rc = 0, step = 0;

	if (f == NULL)
		f = &nofilter;
	if ((rc = query_site(idx, f, &site_id, &none, err)) != 0 || none)
		goto out;
	buf_init(&sql, 0);
	buf_puts(&sql,
	         "SELECT p.id, p.clinic_id, s.key, p.name,"
	         " coalesce((SELECT group_concat(code, ';') FROM (SELECT DISTINCT code FROM claims"
	         "   WHERE practitioner_id = p.id AND kind = 'credential' AND " STATUS_OK
	         "   ORDER BY code)), ''),"
	         " coalesce(p.npi, ''), coalesce(p.status, 'unchecked')"
	         " FROM practitioners p JOIN clinics c ON c.id = p.clinic_id"
	         " JOIN sites s ON s.id = c.site_id WHERE 1");
	query_clinic_conds(&sql, f, f->site != NULL);
	buf_puts(&sql, " ORDER BY p.id LIMIT :limit");
	if ((rc = query_prepare(idx, &sql, f, site_id, &st, err)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct practitioner_row r = { 0 };

		r.practitioner_id = sqlite3_column_int64(st, 0);
		r.clinic_id = sqlite3_column_int64(st, 1);
		r.site = index_sql_text(st, 2);
		r.name = index_sql_text(st, 3);
		r.credentials = index_sql_text(st, 4);
		r.npi = index_sql_text(st, 5);
		r.status = index_sql_text(st, 6);
		if ((rc = cb(&r, arg)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot search practitioners");
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}

/* Claims of the clinics the filter selects (of the filter's status only). */
int
index_search_claims(struct index *idx, const struct search_filter *f,
                    int (*cb)(const struct claim_row *, void *), void *arg,
                    struct cd_error *err)
{
	static const struct search_filter nofilter = { 0 };
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t site_id = 0;
	bool none = false;
	int rc = 0, step = 0;

	if (f == NULL)
		f = &nofilter;
	if ((rc = query_site(idx, f, &site_id, &none, err)) != 0 || none)
		goto out;
	buf_init(&sql, 0);
	buf_puts(&sql,
	         "SELECT cl.id, cl.clinic_id, s.key, coalesce(p.name, ''), cl.kind, cl.code,"
	         " cl.status, coalesce(cl.reason, ''), coalesce(cl.evidence_url, ''),"
	         " coalesce(cl.evidence, '')"
	         " FROM clinic_claims cl JOIN clinics c ON c.id = cl.clinic_id"
	         " JOIN sites s ON s.id = c.site_id"
	         " LEFT JOIN practitioners p ON p.id = cl.practitioner_id"
	         " WHERE (:status IS NULL OR cl.status = :status)");
	query_clinic_conds(&sql, f, f->site != NULL);
	buf_puts(&sql, " ORDER BY cl.id LIMIT :limit");
	if ((rc = query_prepare(idx, &sql, f, site_id, &st, err)) != 0)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct claim_row r = { 0 };

		r.claim_id = sqlite3_column_int64(st, 0);
		r.clinic_id = sqlite3_column_int64(st, 1);
		r.site = index_sql_text(st, 2);
		r.practitioner = index_sql_text(st, 3);
		r.kind = index_sql_text(st, 4);
		r.code = index_sql_text(st, 5);
		r.status = index_sql_text(st, 6);
		r.reason = index_sql_text(st, 7);
		r.evidence_url = index_sql_text(st, 8);
		r.evidence = index_sql_text(st, 9);
		if ((rc = cb(&r, arg)) != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot search claims");
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ---- one clinic as JSON ---- */

static void
json_set_str(json_object *o, const char *key, sqlite3_stmt *st, int col)
{
	json_object_object_add(o, key, json_object_new_string(index_sql_text(st, col)));
}

/* A coordinate as a JSON number printed "%.6f", or null. */
static json_object *
json_coord(sqlite3_stmt *st, int col)
{
	char text[64];
	double d = 0;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	d = sqlite3_column_double(st, col);
	snprintf(text, sizeof text, "%.6f", d);
	return json_object_new_double_s(d, text);
}

/* Runs sql (one int64 parameter: the clinic id) and hands each row to add. */
static int
json_rows(struct index *idx, const char *sql, int64_t id, json_object *arr,
          json_object *(*row)(struct index *, sqlite3_stmt *, struct cd_error *, int *),
          struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	json_object *o = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		o = row(idx, st, err, &rc);
		if (rc != 0)
			goto out;
		json_object_array_add(arr, o);
		o = NULL; /* transferred */
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot read clinic");
out:
	json_object_put(o);
	sqlite3_finalize(st);
	return rc;
}

static json_object *
json_location(struct index *idx, sqlite3_stmt *st, struct cd_error *err, int *rc)
{
	json_object *o = json_object_new_object();

	(void)idx;
	(void)err;
	*rc = 0;
	json_set_str(o, "street", st, 0);
	json_set_str(o, "city", st, 1);
	json_set_str(o, "state", st, 2);
	json_set_str(o, "zip", st, 3);
	json_set_str(o, "phone", st, 4);
	json_object_object_add(o, "lat", json_coord(st, 5));
	json_object_object_add(o, "lon", json_coord(st, 6));
	json_set_str(o, "evidence_url", st, 7);
	return o;
}

static json_object *
json_code(struct index *idx, sqlite3_stmt *st, struct cd_error *err, int *rc)
{
	(void)idx;
	(void)err;
	*rc = 0;
	return json_object_new_string(index_sql_text(st, 0));
}

static json_object *
json_practitioner(struct index *idx, sqlite3_stmt *st, struct cd_error *err, int *rc)
{
	json_object *o = json_object_new_object(), *creds = json_object_new_array();
	int64_t id = sqlite3_column_int64(st, 0);

	json_object_object_add(o, "practitioner_id", json_object_new_int64(id));
	json_set_str(o, "name", st, 1);
	json_set_str(o, "role", st, 2);
	json_object_object_add(o, "credentials", creds);
	json_set_str(o, "npi", st, 3);
	json_set_str(o, "status", st, 4);
	*rc = json_rows(idx,
	                "SELECT DISTINCT code FROM claims WHERE practitioner_id = ?1"
	                " AND kind = 'credential' ORDER BY code",
	                id, creds, json_code, err);
	if (*rc != 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *
json_claim(struct index *idx, sqlite3_stmt *st, struct cd_error *err, int *rc)
{
	json_object *o = json_object_new_object();

	(void)idx;
	(void)err;
	*rc = 0;
	json_object_object_add(o, "claim_id", json_object_new_int64(sqlite3_column_int64(st, 0)));
	json_set_str(o, "kind", st, 1);
	json_set_str(o, "code", st, 2);
	json_set_str(o, "practitioner", st, 3);
	json_set_str(o, "status", st, 4);
	json_set_str(o, "reason", st, 5);
	json_set_str(o, "evidence_url", st, 6);
	json_set_str(o, "evidence", st, 7);
	return o;
}

/* id_or_host as a clinic id: all digits is an id, anything else a site. */
static int
query_clinic_id(struct index *idx, const char *id_or_host, int64_t *clinic_id,
                struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *p = id_or_host;
	int64_t site_id = 0;
	bool digits = *p != '\0';
	int rc = 0, step = 0;

	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			digits = false;
	if (!digits) {
		if ((rc = index_site_find(idx, id_or_host, &site_id, err)) != 0)
			goto out;
		rc = index_sql_prepare(idx, "SELECT id FROM clinics WHERE site_id = ?1", &st, err);
		if (rc != 0)
			goto out;
		sqlite3_bind_int64(st, 1, site_id);
	} else {
		rc = index_sql_prepare(idx, "SELECT id FROM clinics WHERE id = ?1", &st, err);
		if (rc != 0)
			goto out;
		sqlite3_bind_int64(st, 1, strtoll(id_or_host, NULL, 10));
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*clinic_id = sqlite3_column_int64(st, 0);
	else if (step == SQLITE_DONE)
		rc = cd_error_set(err, CD_ENOTFOUND, "no clinic '%s' in the directory", id_or_host);
	else
		rc = index_sql_fail(idx, err, "cannot look up clinic");
out:
	sqlite3_finalize(st);
	return rc;
}

int
index_clinic_json(struct index *idx, const char *id_or_host, json_object **out,
                  struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	json_object *o = NULL, *arr = NULL;
	int64_t id = 0;
	int rc = 0;

	*out = NULL;
	if ((rc = query_clinic_id(idx, id_or_host, &id, err)) != 0)
		goto out;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT c.id, c.name, s.key, c.phone, "
	                            ISO_TIME("c.first_seen") ", " ISO_TIME("c.last_crawled")
	                            " FROM clinics c JOIN sites s ON s.id = c.site_id"
	                            " WHERE c.id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot read clinic");
		goto out;
	}
	o = json_object_new_object();
	json_object_object_add(o, "clinic_id", json_object_new_int64(id));
	json_set_str(o, "name", st, 1);
	json_set_str(o, "site", st, 2);
	json_set_str(o, "phone", st, 3);
	json_set_str(o, "first_seen", st, 4);
	json_set_str(o, "last_crawled", st, 5);

	arr = json_object_new_array();
	json_object_object_add(o, "locations", arr);
	if ((rc = json_rows(idx,
	                    "SELECT coalesce(l.street, ''), coalesce(l.city, ''),"
	                    " coalesce(l.state, ''), coalesce(l.zip, ''), coalesce(l.phone, ''),"
	                    " l.lat, l.lon, coalesce(p.final_url, p.url, '')"
	                    " FROM clinic_locations l LEFT JOIN pages p ON p.id = l.page_id"
	                    " WHERE l.clinic_id = ?1 ORDER BY l.id",
	                    id, arr, json_location, err)) != 0)
		goto out;
	arr = json_object_new_array();
	json_object_object_add(o, "practitioners", arr);
	if ((rc = json_rows(idx,
	                    "SELECT id, name, coalesce(role, ''), coalesce(npi, ''),"
	                    " coalesce(status, 'unchecked')"
	                    " FROM practitioners WHERE clinic_id = ?1 ORDER BY id",
	                    id, arr, json_practitioner, err)) != 0)
		goto out;
	arr = json_object_new_array();
	json_object_object_add(o, "claims", arr);
	if ((rc = json_rows(idx,
	                    "SELECT cl.id, cl.kind, cl.code, coalesce(p.name, ''), cl.status,"
	                    " coalesce(cl.reason, ''), coalesce(cl.evidence_url, ''),"
	                    " coalesce(cl.evidence, '')"
	                    " FROM clinic_claims cl LEFT JOIN practitioners p ON p.id = cl.practitioner_id"
	                    " WHERE cl.clinic_id = ?1 ORDER BY cl.id",
	                    id, arr, json_claim, err)) != 0)
		goto out;
	*out = o;
	o = NULL; /* transferred */
out:
	json_object_put(o);
	sqlite3_finalize(st);
	return rc;
}

/* ---- stats ---- */

int
index_get_stats(struct index *idx, struct index_stats *s, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	memset(s, 0, sizeof *s);
	if ((rc = index_sql_prepare(
		     idx,
		     "SELECT (SELECT count(*) FROM sites),"
		     " (SELECT count(*) FROM pages),"
		     " (SELECT count(*) FROM pages WHERE status BETWEEN 200 AND 299 OR status = 304),"
		     " (SELECT count(*) FROM frontier WHERE state = 0),"
		     " (SELECT count(*) FROM clinics),"
		     " (SELECT count(*) FROM clinic_locations),"
		     " (SELECT count(*) FROM practitioners),"
		     " (SELECT count(*) FROM clinic_claims),"
		     " (SELECT count(*) FROM clinic_claims WHERE status = 'unchecked'),"
		     " (SELECT count(*) FROM clinic_claims WHERE status = 'consistent'),"
		     " (SELECT count(*) FROM clinic_claims WHERE status = 'conflict'),"
		     " (SELECT count(*) FROM clinic_claims WHERE status = 'unmatched')",
		     &st, err)) != 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot count the directory");
		goto out;
	}
	s->sites = sqlite3_column_int64(st, 0);
	s->pages = sqlite3_column_int64(st, 1);
	s->pages_ok = sqlite3_column_int64(st, 2);
	s->frontier_queued = sqlite3_column_int64(st, 3);
	s->clinics = sqlite3_column_int64(st, 4);
	s->locations = sqlite3_column_int64(st, 5);
	s->practitioners = sqlite3_column_int64(st, 6);
	s->claims = sqlite3_column_int64(st, 7);
	s->claims_unchecked = sqlite3_column_int64(st, 8);
	s->claims_consistent = sqlite3_column_int64(st, 9);
	s->claims_conflict = sqlite3_column_int64(st, 10);
	s->claims_unmatched = sqlite3_column_int64(st, 11);
out:
	sqlite3_finalize(st);
	return rc;
}
