/* clinic.c: one clinic read back whole as typed rows (index_clinic_get):
 * its row, locations, practitioners with their credentials, and claims;
 * and the JSON that show and the API print, made from those rows. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/query.h"
#include "index/seed.h"

#define ISO_TIME(col) "coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch'), '')"

/* Column i as an owned string, "" when NULL. */
static char *
clinic_text(sqlite3_stmt *st, int i)
{
	return xstrdup(index_sql_text(st, i));
}

/* Runs sql (one int64 parameter: id) and hands each row to row. */
static int
clinic_rows(struct index *idx, const char *sql, int64_t id,
            int (*row)(struct index *, sqlite3_stmt *, void *, struct cd_error *), void *arg,
            struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = row(idx, st, arg, err)) != 0)
			goto out;
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot read clinic");
out:
	index_sql_done(idx, st);
	return rc;
}

static int
clinic_location_row(struct index *idx, sqlite3_stmt *st, void *arg, struct cd_error *err)
{
	struct clinic_detail *c = arg;
	struct clinic_location *l = NULL;

	(void)idx;
	(void)err;
	c->locations = xreallocarray(c->locations, c->n_locations + 1, sizeof *c->locations);
	l = &c->locations[c->n_locations++];
	l->street = clinic_text(st, 0);
	l->city = clinic_text(st, 1);
	l->state = clinic_text(st, 2);
	l->zip = clinic_text(st, 3);
	l->phone = clinic_text(st, 4);
	l->has_geo = sqlite3_column_type(st, 5) != SQLITE_NULL &&
	             sqlite3_column_type(st, 6) != SQLITE_NULL;
	l->lat = sqlite3_column_double(st, 5);
	l->lon = sqlite3_column_double(st, 6);
	l->evidence_url = clinic_text(st, 7);
	return 0;
}

static int
clinic_credential_row(struct index *idx, sqlite3_stmt *st, void *arg, struct cd_error *err)
{
	struct clinic_practitioner *p = arg;

	(void)idx;
	(void)err;
	p->credentials = xreallocarray(p->credentials, p->n_credentials + 1,
	                               sizeof *p->credentials);
	p->credentials[p->n_credentials++] = clinic_text(st, 0);
	return 0;
}

static int
clinic_practitioner_row(struct index *idx, sqlite3_stmt *st, void *arg, struct cd_error *err)
{
	struct clinic_detail *c = arg;
	struct clinic_practitioner *p = NULL;

	c->practitioners = xreallocarray(c->practitioners, c->n_practitioners + 1,
	                                 sizeof *c->practitioners);
	p = &c->practitioners[c->n_practitioners++];
	memset(p, 0, sizeof *p);
	p->practitioner_id = sqlite3_column_int64(st, 0);
	p->name = clinic_text(st, 1);
	p->role = clinic_text(st, 2);
	p->npi = clinic_text(st, 3);
	p->status = clinic_text(st, 4);
	p->exclusion = clinic_text(st, 5);
	p->exclusion_note = clinic_text(st, 6);
	p->license_note = clinic_text(st, 7);
	return clinic_rows(idx,
	                   "SELECT DISTINCT code FROM claims WHERE practitioner_id = ?1"
	                   " AND kind = 'credential' ORDER BY code",
	                   p->practitioner_id, clinic_credential_row, p, err);
}

static int
clinic_claim_row(struct index *idx, sqlite3_stmt *st, void *arg, struct cd_error *err)
{
	struct clinic_detail *c = arg;
	struct clinic_claim *cl = NULL;

	(void)idx;
	(void)err;
	c->claims = xreallocarray(c->claims, c->n_claims + 1, sizeof *c->claims);
	cl = &c->claims[c->n_claims++];
	cl->claim_id = sqlite3_column_int64(st, 0);
	cl->kind = clinic_text(st, 1);
	cl->code = clinic_text(st, 2);
	cl->practitioner = clinic_text(st, 3);
	cl->status = clinic_text(st, 4);
	cl->reason = clinic_text(st, 5);
	cl->evidence_url = clinic_text(st, 6);
	cl->evidence = clinic_text(st, 7);
	return 0;
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

/* The clinic's own row. */
static int
clinic_head(struct index *idx, int64_t id, struct clinic_detail *c, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT c.id, c.name, s.key, c.phone, "
	                            ISO_TIME("c.first_seen") ", " ISO_TIME("c.last_crawled") ","
	                            " coalesce(c.exclusion, ''), coalesce(c.exclusion_note, '')"
	                            " FROM clinics c JOIN sites s ON s.id = c.site_id"
	                            " WHERE c.id = ?1",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot read clinic");
		goto out;
	}
	c->clinic_id = id;
	c->name = clinic_text(st, 1);
	c->site = clinic_text(st, 2);
	c->phone = clinic_text(st, 3);
	c->first_seen = clinic_text(st, 4);
	c->last_crawled = clinic_text(st, 5);
	c->exclusion = clinic_text(st, 6);
	c->exclusion_note = clinic_text(st, 7);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_clinic_get(struct index *idx, const char *id_or_host, struct clinic_detail **out,
                 struct cd_error *err)
{
	struct clinic_detail *c = xcalloc(1, sizeof *c);
	int64_t id = 0;
	int rc = 0;

	*out = NULL;
	if ((rc = query_clinic_id(idx, id_or_host, &id, err)) != 0 ||
	    (rc = clinic_head(idx, id, c, err)) != 0)
		goto out;
	if ((rc = clinic_rows(idx,
	                      "SELECT coalesce(l.street, ''), coalesce(l.city, ''),"
	                      " coalesce(l.state, ''), coalesce(l.zip, ''), coalesce(l.phone, ''),"
	                      " l.lat, l.lon, coalesce(p.final_url, p.url,"
	                      "  CASE l.geo_source WHEN '" INDEX_GEO_SEED "' THEN l.evidence END, '')"
	                      " FROM clinic_locations l LEFT JOIN pages p ON p.id = l.page_id"
	                      " WHERE l.clinic_id = ?1 ORDER BY l.id",
	                      id, clinic_location_row, c, err)) != 0 ||
	    (rc = clinic_rows(idx,
	                      "SELECT id, name, coalesce(role, ''), coalesce(npi, ''),"
	                      " coalesce(status, 'unchecked'), coalesce(exclusion, ''),"
	                      " coalesce(exclusion_note, ''), coalesce(license_note, '')"
	                      " FROM practitioners WHERE clinic_id = ?1 ORDER BY id",
	                      id, clinic_practitioner_row, c, err)) != 0 ||
	    (rc = clinic_rows(idx,
	                      "SELECT cl.id, cl.kind, cl.code, coalesce(p.name, ''), cl.status,"
	                      " coalesce(cl.reason, ''), coalesce(cl.evidence_url, ''),"
	                      " coalesce(cl.evidence, '')"
	                      " FROM clinic_claims cl"
	                      " LEFT JOIN practitioners p ON p.id = cl.practitioner_id"
	                      " WHERE cl.clinic_id = ?1 ORDER BY cl.id",
	                      id, clinic_claim_row, c, err)) != 0)
		goto out;
	*out = c;
	c = NULL; /* transferred */
out:
	index_clinic_free(c);
	return rc;
}

void
index_clinic_free(struct clinic_detail *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n_locations; i++) {
		struct clinic_location *l = &c->locations[i];

		free(l->street);
		free(l->city);
		free(l->state);
		free(l->zip);
		free(l->phone);
		free(l->evidence_url);
	}
	for (size_t i = 0; i < c->n_practitioners; i++) {
		struct clinic_practitioner *p = &c->practitioners[i];

		for (size_t j = 0; j < p->n_credentials; j++)
			free(p->credentials[j]);
		free(p->credentials);
		free(p->name);
		free(p->role);
		free(p->npi);
		free(p->status);
		free(p->exclusion);
		free(p->exclusion_note);
		free(p->license_note);
	}
	for (size_t i = 0; i < c->n_claims; i++) {
		struct clinic_claim *cl = &c->claims[i];

		free(cl->kind);
		free(cl->code);
		free(cl->practitioner);
		free(cl->status);
		free(cl->reason);
		free(cl->evidence_url);
		free(cl->evidence);
	}
	free(c->locations);
	free(c->practitioners);
	free(c->claims);
	free(c->name);
	free(c->site);
	free(c->phone);
	free(c->first_seen);
	free(c->last_crawled);
	free(c->exclusion);
	free(c->exclusion_note);
	free(c);
}

/* ---- the clinic as JSON ---- */

static void
json_str(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, json_object_new_string(s));
}

/* A coordinate as a JSON number printed "%.6f". */
static json_object *
json_coord(double d)
{
	char text[64];

	snprintf(text, sizeof text, "%.6f", d);
	return json_object_new_double_s(d, text);
}

static json_object *
json_location(const struct clinic_location *l)
{
	json_object *o = json_object_new_object();

	json_str(o, "street", l->street);
	json_str(o, "city", l->city);
	json_str(o, "state", l->state);
	json_str(o, "zip", l->zip);
	json_str(o, "phone", l->phone);
	json_object_object_add(o, "lat", l->has_geo ? json_coord(l->lat) : NULL);
	json_object_object_add(o, "lon", l->has_geo ? json_coord(l->lon) : NULL);
	json_str(o, "evidence_url", l->evidence_url);
	return o;
}

static json_object *
json_practitioner(const struct clinic_practitioner *p)
{
	json_object *o = json_object_new_object(), *creds = json_object_new_array();

	json_object_object_add(o, "practitioner_id", json_object_new_int64(p->practitioner_id));
	json_str(o, "name", p->name);
	json_str(o, "role", p->role);
	for (size_t i = 0; i < p->n_credentials; i++)
		json_object_array_add(creds, json_object_new_string(p->credentials[i]));
	json_object_object_add(o, "credentials", creds);
	json_str(o, "npi", p->npi);
	json_str(o, "status", p->status);
	json_str(o, "exclusion", p->exclusion);
	json_str(o, "exclusion_note", p->exclusion_note);
	json_str(o, "license_note", p->license_note);
	return o;
}

static json_object *
json_claim(const struct clinic_claim *cl)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "claim_id", json_object_new_int64(cl->claim_id));
	json_str(o, "kind", cl->kind);
	json_str(o, "code", cl->code);
	json_str(o, "practitioner", cl->practitioner);
	json_str(o, "status", cl->status);
	json_str(o, "reason", cl->reason);
	json_str(o, "evidence_url", cl->evidence_url);
	json_str(o, "evidence", cl->evidence);
	return o;
}

json_object *
index_clinic_to_json(const struct clinic_detail *c)
{
	json_object *o = json_object_new_object(), *arr = NULL;

	json_object_object_add(o, "clinic_id", json_object_new_int64(c->clinic_id));
	json_str(o, "name", c->name);
	json_str(o, "site", c->site);
	json_str(o, "phone", c->phone);
	json_str(o, "first_seen", c->first_seen);
	json_str(o, "last_crawled", c->last_crawled);
	json_str(o, "exclusion", c->exclusion);
	json_str(o, "exclusion_note", c->exclusion_note);
	arr = json_object_new_array();
	json_object_object_add(o, "locations", arr);
	for (size_t i = 0; i < c->n_locations; i++)
		json_object_array_add(arr, json_location(&c->locations[i]));
	arr = json_object_new_array();
	json_object_object_add(o, "practitioners", arr);
	for (size_t i = 0; i < c->n_practitioners; i++)
		json_object_array_add(arr, json_practitioner(&c->practitioners[i]));
	arr = json_object_new_array();
	json_object_object_add(o, "claims", arr);
	for (size_t i = 0; i < c->n_claims; i++)
		json_object_array_add(arr, json_claim(&c->claims[i]));
	return o;
}

int
index_clinic_json(struct index *idx, const char *id_or_host, json_object **out,
                  struct cd_error *err)
{
	struct clinic_detail *c = NULL;
	int rc = 0;

	*out = NULL;
	if ((rc = index_clinic_get(idx, id_or_host, &c, err)) != 0)
		return rc;
	*out = index_clinic_to_json(c);
	index_clinic_free(c);
	return 0;
}
