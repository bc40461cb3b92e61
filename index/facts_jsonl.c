/* facts_jsonl.c: page facts to and from JSON Lines (json-c both ways). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "common/sha256.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "index/facts_jsonl.h"
#include "index/internal.h"

#define JSONL_URL_MAX (8 * 1024)
#define JSONL_TYPE_MAX 256

static struct json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

int
facts_jsonl_format(struct buf *out, const struct index_page *p, const struct page_facts *f)
{
	struct json_object *o = json_object_new_object(), *a;
	int rc = 0;

	json_object_object_add(o, "url", jstr(p->url));
	json_object_object_add(o, "status", json_object_new_int64(p->status));
	json_object_object_add(o, "content_type", jstr(p->content_type));
	json_object_object_add(o, "fetched_at", json_object_new_int64(p->fetched_at));
	json_object_object_add(o, "bytes", json_object_new_int64(p->bytes));
	json_object_object_add(o, "clinic_name", jstr(f->clinic_name));
	json_object_object_add(o, "clinic_name_rank", json_object_new_int(f->clinic_name_rank));
	json_object_object_add(o, "clinic_phone", jstr(f->clinic_phone));
	a = json_object_new_array();
	for (size_t i = 0; i < f->n_locations; i++) {
		const struct fact_location *l = &f->locations[i];
		struct json_object *lo = json_object_new_object();

		json_object_object_add(lo, "street", jstr(l->street));
		json_object_object_add(lo, "city", jstr(l->city));
		json_object_object_add(lo, "state", jstr(l->state));
		json_object_object_add(lo, "zip", jstr(l->zip));
		json_object_object_add(lo, "phone", jstr(l->phone));
		if (l->has_geo) {
			json_object_object_add(lo, "lat", json_object_new_double(l->lat));
			json_object_object_add(lo, "lon", json_object_new_double(l->lon));
		}
		json_object_object_add(lo, "evidence", jstr(l->evidence));
		json_object_array_add(a, lo);
	}
	json_object_object_add(o, "locations", a);
	a = json_object_new_array();
	for (size_t i = 0; i < f->n_practitioners; i++) {
		struct json_object *po = json_object_new_object();

		json_object_object_add(po, "name", jstr(f->practitioners[i].name));
		json_object_object_add(po, "role", jstr(f->practitioners[i].role));
		json_object_array_add(a, po);
	}
	json_object_object_add(o, "practitioners", a);
	a = json_object_new_array();
	for (size_t i = 0; i < f->n_claims; i++) {
		const struct fact_claim *c = &f->claims[i];
		struct json_object *co = json_object_new_object();

		json_object_object_add(co, "kind", jstr(c->kind));
		json_object_object_add(co, "code", jstr(c->code));
		json_object_object_add(co, "practitioner", json_object_new_int(c->practitioner));
		json_object_object_add(co, "evidence", jstr(c->evidence));
		json_object_array_add(a, co);
	}
	json_object_object_add(o, "claims", a);
	a = json_object_new_array();
	for (size_t i = 0; i < f->n_roles; i++) {
		const struct fact_role *r = &f->roles[i];
		struct json_object *ro = json_object_new_object();

		json_object_object_add(ro, "code", jstr(r->code));
		json_object_object_add(ro, "practitioner", json_object_new_int(r->practitioner));
		json_object_object_add(ro, "text", jstr(r->text));
		json_object_object_add(ro, "evidence", jstr(r->evidence));
		if (r->practitioner < 0 && r->person != NULL)
			json_object_object_add(ro, "person", jstr(r->person));
		json_object_array_add(a, ro);
	}
	json_object_object_add(o, "roles", a);
	if (buf_puts(out, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	                                                        JSON_C_TO_STRING_NOSLASHESCAPE)) != 0 ||
	    buf_putc(out, '\n') != 0)
		rc = CD_EIO;
	json_object_put(o);
	return rc;
}

/* The string member key of o, or NULL when absent or null; *bad set when
 * it is there but not a string. */
static const char *
jget_str(struct json_object *o, const char *key, int *bad)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = 1;
		return NULL;
	}
	return json_object_get_string(v);
}

static int64_t
jget_int(struct json_object *o, const char *key, int64_t lo, int64_t hi, int *bad)
{
	struct json_object *v = NULL;
	int64_t n;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_int) || (n = json_object_get_int64(v)) < lo ||
	    n > hi) {
		*bad = 1;
		return 0;
	}
	return n;
}

/* The array member key (absent or null: empty), *bad when not an array. */
static size_t
jget_array(struct json_object *o, const char *key, struct json_object **a, int *bad)
{
	*a = NULL;
	if (!json_object_object_get_ex(o, key, a) || *a == NULL)
		return 0;
	if (!json_object_is_type(*a, json_type_array)) {
		*bad = 1;
		return 0;
	}
	return json_object_array_length(*a);
}

static char *
jdup(const char *s, size_t max)
{
	return s ? text_clean_line(s, strlen(s), max) : NULL;
}

static int
jsonl_locations(struct json_object *o, struct page_facts *f, int *bad)
{
	struct json_object *a;
	size_t n = jget_array(o, "locations", &a, bad);

	for (size_t i = 0; i < n && !*bad; i++) {
		struct json_object *lo = json_object_array_get_idx(a, i), *lat = NULL, *lon = NULL;
		struct fact_location l;

		if (!json_object_is_type(lo, json_type_object)) {
			*bad = 1;
			break;
		}
		memset(&l, 0, sizeof l);
		l.street = jdup(jget_str(lo, "street", bad), 1024);
		l.city = jdup(jget_str(lo, "city", bad), 1024);
		l.state = jdup(jget_str(lo, "state", bad), 1024);
		l.zip = jdup(jget_str(lo, "zip", bad), 1024);
		l.phone = jdup(jget_str(lo, "phone", bad), 1024);
		l.evidence = jdup(jget_str(lo, "evidence", bad), 1024);
		if (json_object_object_get_ex(lo, "lat", &lat) && lat != NULL &&
		    json_object_object_get_ex(lo, "lon", &lon) && lon != NULL) {
			l.lat = json_object_get_double(lat);
			l.lon = json_object_get_double(lon);
			l.has_geo = true;
			if ((!json_object_is_type(lat, json_type_double) &&
			     !json_object_is_type(lat, json_type_int)) ||
			    (!json_object_is_type(lon, json_type_double) &&
			     !json_object_is_type(lon, json_type_int)) ||
			    !isfinite(l.lat) || !isfinite(l.lon) || fabs(l.lat) > 90 || fabs(l.lon) > 180)
				*bad = 1;
		}
		page_facts_add_location(f, &l);   /* takes the strings */
	}
	return *bad;
}

/* The page's "practitioners" into f, in file order. */
static void
jsonl_practitioners(struct json_object *o, struct page_facts *f, int *bad)
{
	struct json_object *a;
	size_t n = jget_array(o, "practitioners", &a, bad);

	for (size_t i = 0; i < n && !*bad; i++) {
		struct json_object *po = json_object_array_get_idx(a, i);
		const char *name;

		if (!json_object_is_type(po, json_type_object) ||
		    (name = jget_str(po, "name", bad)) == NULL || *name == '\0') {
			*bad = 1;
			break;
		}
		/* an index must stay the index the claims point at */
		if (page_facts_add_practitioner(f, name, jget_str(po, "role", bad)) != (int)i)
			*bad = 1;
	}
}

/* The page's "claims" into f (after its practitioners, whom they point at). */
static void
jsonl_claims(struct json_object *o, struct page_facts *f, int *bad)
{
	struct json_object *a;
	size_t n = jget_array(o, "claims", &a, bad);

	for (size_t i = 0; i < n && !*bad; i++) {
		struct json_object *co = json_object_array_get_idx(a, i);
		const char *kind, *code, *ev;
		int64_t who;

		if (!json_object_is_type(co, json_type_object)) {
			*bad = 1;
			break;
		}
		kind = jget_str(co, "kind", bad);
		code = jget_str(co, "code", bad);
		ev = jget_str(co, "evidence", bad);
		who = jget_int(co, "practitioner", -1, (int64_t)f->n_practitioners - 1, bad);
		if (kind == NULL || code == NULL || *code == '\0' || strlen(code) > 64 ||
		    (strcmp(kind, "credential") != 0 && strcmp(kind, "service") != 0)) {
			*bad = 1;
			break;
		}
		page_facts_add_claim(f, kind, code, (int)who, ev);
	}
}

/* The page's "roles" (roles and oversight statements: absent from files
 * written before) into f. */
static void
jsonl_roles(struct json_object *o, struct page_facts *f, int *bad)
{
	struct json_object *a;
	size_t n = jget_array(o, "roles", &a, bad);

	for (size_t i = 0; i < n && !*bad; i++) {
		struct json_object *ro = json_object_array_get_idx(a, i);
		const char *code;
		int64_t who;

		if (!json_object_is_type(ro, json_type_object)) {
			*bad = 1;
			break;
		}
		code = jget_str(ro, "code", bad);
		who = jget_int(ro, "practitioner", -1, (int64_t)f->n_practitioners - 1, bad);
		if (code == NULL || *code == '\0' || strlen(code) > 64) {
			*bad = 1;
			break;
		}
		/* "person": an unlisted person's role (absent before 0.2) */
		if (who < 0 && json_object_object_get_ex(ro, "person", NULL))
			page_facts_add_person_role(f, jget_str(ro, "person", bad), code,
			                           jget_str(ro, "text", bad), jget_str(ro, "evidence", bad));
		else
			page_facts_add_role(f, (int)who, code, jget_str(ro, "text", bad),
			                    jget_str(ro, "evidence", bad));
	}
}

int
facts_jsonl_parse(const char *line, size_t len, struct jsonl_page *out, struct cd_error *err)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o = NULL;
	struct page_facts *f = &out->facts;
	const char *url;
	int bad = 0, rc = 0;

	memset(out, 0, sizeof *out);
	page_facts_init(f);
	if (len > FACTS_JSONL_LINE_MAX || len > (size_t)INT32_MAX) {
		rc = cd_error_set(err, CD_EPARSE, "line over %u bytes", FACTS_JSONL_LINE_MAX);
		goto out;
	}
	o = json_tokener_parse_ex(tok, line, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    tok->char_offset < (int)len || !json_object_is_type(o, json_type_object)) {
		rc = cd_error_set(err, CD_EPARSE, "not a JSON object");
		goto out;
	}
	url = jget_str(o, "url", &bad);
	if (url == NULL || strlen(url) > JSONL_URL_MAX || !text_utf8_valid(url, strlen(url)) ||
	    (!text_has_prefix_ci(url, "http://") && !text_has_prefix_ci(url, "https://")) ||
	    strpbrk(url, " \t\r\n") != NULL) {
		rc = cd_error_set(err, CD_EPARSE, "no http(s) \"url\"");
		goto out;
	}
	out->url = xstrdup(url);
	out->content_type = jdup(jget_str(o, "content_type", &bad), JSONL_TYPE_MAX);
	out->status = (long)jget_int(o, "status", 0, 999, &bad);
	out->fetched_at = jget_int(o, "fetched_at", 0, INT64_MAX, &bad);
	out->bytes = jget_int(o, "bytes", 0, INT64_MAX, &bad);
	f->clinic_name = jdup(jget_str(o, "clinic_name", &bad), 1024);
	f->clinic_name_rank = (int)jget_int(o, "clinic_name_rank", FACT_NAME_NONE,
	                                    FACT_NAME_MARKUP, &bad);
	f->clinic_phone = jdup(jget_str(o, "clinic_phone", &bad), 64);
	if (bad || jsonl_locations(o, f, &bad)) {
		rc = cd_error_set(err, CD_EPARSE, "a member of the wrong type or out of range");
		goto out;
	}
	jsonl_practitioners(o, f, &bad);
	jsonl_claims(o, f, &bad);
	jsonl_roles(o, f, &bad);
	if (bad)
		rc = cd_error_set(err, CD_EPARSE, "a member of the wrong type or out of range");
out:
	json_object_put(o);
	json_tokener_free(tok);
	return rc;
}

void
jsonl_page_release(struct jsonl_page *p)
{
	free(p->url);
	free(p->content_type);
	page_facts_release(&p->facts);
	memset(p, 0, sizeof *p);
}

int
index_page_same_capture(struct index *idx, const struct index_page *p, bool *same,
                        struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char hash[65];
	int rc = 0, step;

	*same = false;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT 1 FROM pages WHERE url = ?1 AND fetched_at = ?2 "
	                            "AND status = ?3 AND body_hash IS ?4",
	                            &st, err)) != 0)
		return rc;
	index_sql_bind_text(st, 1, p->url);
	sqlite3_bind_int64(st, 2, p->fetched_at);
	sqlite3_bind_int64(st, 3, p->status);
	if (p->body != NULL) {
		sha256_hex(p->body, p->body_len, hash);
		index_sql_bind_text(st, 4, hash);
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*same = true;
	else if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot read page");
	index_sql_done(idx, st);
	return rc;
}
