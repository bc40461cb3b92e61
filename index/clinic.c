/* clinic.c: one clinic read back whole: its row, locations, practitioners
 * (with their credentials) and claims, as show and the API print it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include "index/internal.h"
#include "index/query.h"

#define ISO_TIME(col) "coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch'), '')"

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
	index_sql_done(idx, st);
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
	json_set_str(o, "exclusion", st, 5);
	json_set_str(o, "exclusion_note", st, 6);
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
	index_sql_done(idx, st);
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
	                    " coalesce(status, 'unchecked'), coalesce(exclusion, ''),"
	                    " coalesce(exclusion_note, '')"
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
	index_sql_done(idx, st);
	return rc;
}
