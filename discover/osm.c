/* osm.c: clinic websites in an OpenStreetMap extract. libreadosm reads
 * the file; we keep only the objects the rules call clinics, and for the
 * ways among them the coordinates of their nodes (a second pass), never
 * the whole extract's nodes, so a state's extract fits in little memory. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <json-c/json.h>
#include <libxml/xmlreader.h>
#include <readosm.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/url.h"
#include "discover/osm.h"

#define DISCOVER_NAME_MAX 200
#define DISCOVER_ADDRESS_MAX 300
#define DISCOVER_URL_MAX 2048

enum discover_needs { NEEDS_NOTHING, NEEDS_SPECIALITY, NEEDS_WORDS, NEEDS_EITHER };

struct discover_kind {
	char *tag;
	char **values;         /* "*": any value */
	size_t n_values;
	enum discover_needs needs;
};

struct discover_rules {
	char **website_tags, **specialities, **text_tags, **words;
	size_t n_website_tags, n_specialities, n_text_tags, n_words;
	char *speciality_tag;
	struct discover_kind *kinds;
	size_t n_kinds;
};

/* ---- rules ---- */

static void
strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
discover_rules_free(struct discover_rules *r)
{
	if (r == NULL)
		return;
	strv_free(r->website_tags, r->n_website_tags);
	strv_free(r->specialities, r->n_specialities);
	strv_free(r->text_tags, r->n_text_tags);
	strv_free(r->words, r->n_words);
	free(r->speciality_tag);
	for (size_t i = 0; i < r->n_kinds; i++) {
		free(r->kinds[i].tag);
		strv_free(r->kinds[i].values, r->kinds[i].n_values);
	}
	free(r->kinds);
	free(r);
}

/* A non-empty array of non-empty strings at obj[key], lower-cased. */
static int
strv_get(json_object *obj, const char *key, const char *path, char ***out, size_t *n,
         struct cd_error *err)
{
	json_object *a = NULL;
	size_t len, i;

	if (!json_object_object_get_ex(obj, key, &a) || !json_object_is_type(a, json_type_array) ||
	    (len = json_object_array_length(a)) == 0)
		return cd_error_set(err, CD_EPARSE, "%s: discover.%s: not a non-empty list", path, key);
	*out = xcalloc(len, sizeof **out);
	for (i = 0; i < len; i++) {
		json_object *s = json_object_array_get_idx(a, i);
		const char *v = json_object_get_string(s);

		if (!json_object_is_type(s, json_type_string) || v[0] == '\0')
			return cd_error_set(err, CD_EPARSE, "%s: discover.%s[%zu]: not a word", path,
			                    key, i);
		(*out)[i] = xstrdup(v);
		for (char *p = (*out)[i]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		*n = i + 1;
	}
	return 0;
}

static int
kinds_get(json_object *d, const char *path, struct discover_rules *r, struct cd_error *err)
{
	static const char *const needs[] = { "nothing", "speciality", "words",
	                                     "speciality_or_words" };
	json_object *a = NULL, *k, *v;
	size_t len, i, j;
	int rc;

	if (!json_object_object_get_ex(d, "kinds", &a) || !json_object_is_type(a, json_type_array) ||
	    (len = json_object_array_length(a)) == 0)
		return cd_error_set(err, CD_EPARSE, "%s: discover.kinds: not a non-empty list", path);
	r->kinds = xcalloc(len, sizeof *r->kinds);
	for (i = 0; i < len; i++) {
		struct discover_kind *kd = &r->kinds[i];

		r->n_kinds = i + 1;
		k = json_object_array_get_idx(a, i);
		if (!json_object_object_get_ex(k, "tag", &v) || !json_object_is_type(v, json_type_string))
			return cd_error_set(err, CD_EPARSE, "%s: discover.kinds[%zu]: no \"tag\"", path, i);
		kd->tag = xstrdup(json_object_get_string(v));
		if ((rc = strv_get(k, "values", path, &kd->values, &kd->n_values, err)) != 0)
			return rc;
		if (!json_object_object_get_ex(k, "needs", &v))
			return cd_error_set(err, CD_EPARSE, "%s: discover.kinds[%zu]: no \"needs\"", path, i);
		for (j = 0; j < sizeof needs / sizeof needs[0]; j++)
			if (strcmp(json_object_get_string(v), needs[j]) == 0)
				break;
		if (j == sizeof needs / sizeof needs[0])
			return cd_error_set(err, CD_EPARSE, "%s: discover.kinds[%zu].needs: not one of "
			                    "nothing, speciality, words, speciality_or_words", path, i);
		kd->needs = (enum discover_needs)j;
	}
	return 0;
}

int
discover_rules_load(const char *path, struct discover_rules **out, struct cd_error *err)
{
	struct discover_rules *r = xcalloc(1, sizeof *r);
	json_object *root = NULL, *d = NULL, *v = NULL;
	int rc;

	*out = NULL;
	if ((root = json_object_from_file(path)) == NULL) {
		rc = cd_error_set(err, CD_EIO, "cannot read rules %s: %s", path,
		                  json_util_get_last_err() ? json_util_get_last_err() : "unreadable");
		goto out;
	}
	if (!json_object_object_get_ex(root, "discover", &d) ||
	    !json_object_is_type(d, json_type_object)) {
		rc = cd_error_set(err, CD_EPARSE, "%s: no \"discover\" section", path);
		goto out;
	}
	if ((rc = strv_get(d, "website_tags", path, &r->website_tags, &r->n_website_tags, err)) ||
	    (rc = strv_get(d, "specialities", path, &r->specialities, &r->n_specialities, err)) ||
	    (rc = strv_get(d, "text_tags", path, &r->text_tags, &r->n_text_tags, err)) ||
	    (rc = strv_get(d, "words", path, &r->words, &r->n_words, err)) ||
	    (rc = kinds_get(d, path, r, err)))
		goto out;
	if (!json_object_object_get_ex(d, "speciality_tag", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		rc = cd_error_set(err, CD_EPARSE, "%s: discover.speciality_tag: not a tag", path);
		goto out;
	}
	r->speciality_tag = xstrdup(json_object_get_string(v));
	*out = r;
	r = NULL;   /* transferred */
out:
	json_object_put(root);
	discover_rules_free(r);
	return rc;
}

/* ---- matching ---- */

static const char *
tag_get(const readosm_tag *tags, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (tags[i].key && tags[i].value && strcmp(tags[i].key, key) == 0)
			return tags[i].value;
	return NULL;
}

/* s lower-cased, '_' and '-' as spaces, cut at DISCOVER_URL_MAX bytes. */
static char *
fold(const char *s)
{
	char *f = xstrndup(s, DISCOVER_URL_MAX);

	for (char *p = f; *p; p++)
		*p = *p == '_' || *p == '-' ? ' ' : (char)tolower((unsigned char)*p);
	return f;
}

/* 1 when text holds word at a word start ("laser" in "skin & laser"). */
static bool
has_word(const char *text, const char *word)
{
	char *w = fold(word);
	const char *p = text;
	bool hit = false;

	while ((p = strstr(p, w)) != NULL) {
		if (p == text || !isalnum((unsigned char)p[-1])) {
			hit = true;
			break;
		}
		p++;
	}
	free(w);
	return hit;
}

static bool
says_speciality(const struct discover_rules *r, const readosm_tag *tags, int n)
{
	const char *v = tag_get(tags, n, r->speciality_tag);
	char *copy, *item, *save = NULL;
	bool hit = false;

	if (v == NULL)
		return false;
	copy = xstrndup(v, DISCOVER_URL_MAX);
	for (item = strtok_r(copy, ";", &save); item && !hit; item = strtok_r(NULL, ";", &save)) {
		item += strspn(item, " ");
		item[strcspn(item, " ")] = '\0';
		for (size_t i = 0; i < r->n_specialities && !hit; i++)
			hit = strcasecmp(item, r->specialities[i]) == 0;
	}
	free(copy);
	return hit;
}

static bool
says_words(const struct discover_rules *r, const readosm_tag *tags, int n)
{
	bool hit = false;

	for (size_t t = 0; t < r->n_text_tags && !hit; t++) {
		const char *v = tag_get(tags, n, r->text_tags[t]);
		char *f;

		if (v == NULL)
			continue;
		f = fold(v);
		for (size_t w = 0; w < r->n_words && !hit; w++)
			hit = has_word(f, r->words[w]);
		free(f);
	}
	return hit;
}

static bool
is_clinic(const struct discover_rules *r, const readosm_tag *tags, int n)
{
	for (size_t k = 0; k < r->n_kinds; k++) {
		const struct discover_kind *kd = &r->kinds[k];
		const char *v = tag_get(tags, n, kd->tag);
		bool kind = false;

		for (size_t i = 0; v && i < kd->n_values && !kind; i++)
			kind = strcmp(kd->values[i], "*") == 0 || strcasecmp(kd->values[i], v) == 0;
		if (!kind)
			continue;
		if (kd->needs == NEEDS_NOTHING ||
		    ((kd->needs == NEEDS_SPECIALITY || kd->needs == NEEDS_EITHER) &&
		     says_speciality(r, tags, n)) ||
		    ((kd->needs == NEEDS_WORDS || kd->needs == NEEDS_EITHER) && says_words(r, tags, n)))
			return true;
	}
	return false;
}

/* ---- what we keep of a matching object ---- */

struct found {
	char *key, *url, *name, *address;
	char osm_id[32];
	long long id;
	bool way;
	double lat, lon;                 /* a way: filled by the node pass */
	double min_lat, max_lat, min_lon, max_lon;
	bool located;
};

struct node_ref {
	long long node;
	size_t found;                    /* index into ctx.found */
};

struct osm_ctx {
	const struct discover_rules *rules;
	struct discover_result *res;
	struct found *found;
	size_t n_found;
	struct node_ref *refs;           /* the matching ways' nodes, sorted */
	size_t n_refs;
};

/* The first website tag that is an http(s) site: its URL and key. */
static bool
website_of(const struct discover_rules *r, const readosm_tag *tags, int n, char **url,
           char **key)
{
	for (size_t i = 0; i < r->n_website_tags; i++) {
		const char *v = tag_get(tags, n, r->website_tags[i]);
		char *first;

		if (v == NULL || strlen(v) > DISCOVER_URL_MAX)
			continue;
		first = xstrndup(v, strcspn(v, ";"));
		*url = text_utf8_valid(first, strlen(first)) ? url_from_seed(first) : NULL;
		free(first);
		*key = *url ? url_site_key(*url) : NULL;
		if (*key)
			return true;
		free(*url);
		*url = NULL;
	}
	return false;
}

/* One line of text for the seeds file: clean UTF-8, no controls, no ';'. */
static char *
extra_clean(const char *s, size_t max)
{
	char *c = text_clean_line(s ? s : "", s ? strlen(s) : 0, max);

	for (char *p = c; *p; p++)
		if (*p == ';')
			*p = ',';
	return c;
}

static char *
address_of(const readosm_tag *tags, int n)
{
	const char *hn = tag_get(tags, n, "addr:housenumber"), *st = tag_get(tags, n, "addr:street"),
	           *city = tag_get(tags, n, "addr:city"), *state = tag_get(tags, n, "addr:state"),
	           *zip = tag_get(tags, n, "addr:postcode");
	struct buf b;
	char *a;

	buf_init(&b, 4 * DISCOVER_ADDRESS_MAX);
	if (st)
		buf_printf(&b, "%.200s%s%.200s", hn ? hn : "", hn ? " " : "", st);
	if (city)
		buf_printf(&b, "%s%.200s", b.len ? ", " : "", city);
	if (state || zip)
		buf_printf(&b, "%s%.50s%s%.20s", b.len ? ", " : "", state ? state : "",
		           state && zip ? " " : "", zip ? zip : "");
	a = extra_clean(buf_str(&b), DISCOVER_ADDRESS_MAX);
	buf_release(&b);
	return a;
}

static struct found *
keep(struct osm_ctx *c, bool way, long long id, const readosm_tag *tags, int n)
{
	struct found *f;
	char *url = NULL, *key = NULL;

	if (!is_clinic(c->rules, tags, n))
		return NULL;
	c->res->objects++;
	if (!website_of(c->rules, tags, n, &url, &key)) {
		c->res->no_website++;
		return NULL;
	}
	c->found = xreallocarray(c->found, c->n_found + 1, sizeof *c->found);
	f = &c->found[c->n_found++];
	memset(f, 0, sizeof *f);
	f->key = key;
	f->url = url;
	f->name = extra_clean(tag_get(tags, n, "name"), DISCOVER_NAME_MAX);
	f->address = address_of(tags, n);
	f->way = way;
	f->id = id;
	snprintf(f->osm_id, sizeof f->osm_id, "%s/%lld", way ? "way" : "node", id);
	f->min_lat = f->min_lon = INFINITY;
	f->max_lat = f->max_lon = -INFINITY;
	return f;
}

static int
on_way(const void *arg, const readosm_way *w)
{
	struct osm_ctx *c = (struct osm_ctx *)arg;
	struct found *f = keep(c, true, w->id, w->tags, w->tag_count);

	for (int i = 0; f && i < w->node_ref_count; i++) {
		c->refs = xreallocarray(c->refs, c->n_refs + 1, sizeof *c->refs);
		c->refs[c->n_refs].node = w->node_refs[i];
		c->refs[c->n_refs++].found = c->n_found - 1;
	}
	return READOSM_OK;
}

static int
ref_cmp(const void *a, const void *b)
{
	long long x = ((const struct node_ref *)a)->node, y = ((const struct node_ref *)b)->node;

	return (x > y) - (x < y);
}

static bool
coord_ok(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 &&
	       lon <= 180;
}

static int
on_node(const void *arg, const readosm_node *nd)
{
	struct osm_ctx *c = (struct osm_ctx *)arg;
	struct node_ref probe = { nd->id, 0 }, *hit;
	struct found *f;

	if (!coord_ok(nd->latitude, nd->longitude))
		return READOSM_OK;
	if (c->n_refs > 0 &&
	    (hit = bsearch(&probe, c->refs, c->n_refs, sizeof *c->refs, ref_cmp)) != NULL) {
		while (hit > c->refs && hit[-1].node == nd->id)
			hit--;
		for (; hit < c->refs + c->n_refs && hit->node == nd->id; hit++) {
			f = &c->found[hit->found];
			f->min_lat = fmin(f->min_lat, nd->latitude);
			f->max_lat = fmax(f->max_lat, nd->latitude);
			f->min_lon = fmin(f->min_lon, nd->longitude);
			f->max_lon = fmax(f->max_lon, nd->longitude);
		}
	}
	if ((f = keep(c, false, nd->id, nd->tags, nd->tag_count)) != NULL) {
		f->lat = nd->latitude;
		f->lon = nd->longitude;
		f->located = true;
	}
	return READOSM_OK;
}

/* ---- reading and grouping ---- */

/* libreadosm 1.1.0 reads a NULL for an attribute an .osm element lacks
 * (<tag k="name"> without v) and crashes on it (found by fuzz_discover):
 * an XML file is first read with libxml2, which must find it well formed
 * and every such element with the attributes readosm reads. */
static int
osm_xml_check(const char *path, struct cd_error *err)
{
	static const char *const need[][4] = {
		{ "tag", "k", "v", NULL }, { "nd", "ref", NULL, NULL },
		{ "member", "type", "ref", "role" },
	};
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                      XML_PARSE_NOWARNING | XML_PARSE_HUGE);
	int ret, rc = 0;

	if (r == NULL)
		return cd_error_set(err, CD_EIO, "cannot open %s", path);
	while (rc == 0 && (ret = xmlTextReaderRead(r)) == 1) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || name == NULL)
			continue;
		for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
			if (strcmp(name, need[i][0]) != 0)
				continue;
			for (size_t a = 1; a < 4 && need[i][a] && rc == 0; a++) {
				xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)need[i][a]);

				if (v == NULL)
					rc = cd_error_set(err, CD_EPARSE, "%s: <%s> without %s", path,
					                  need[i][0], need[i][a]);
				xmlFree(v);
			}
		}
	}
	if (rc == 0 && ret != 0)
		rc = cd_error_set(err, CD_EPARSE, "%s: not a readable OpenStreetMap extract "
		                  "(malformed XML)", path);
	xmlFreeTextReader(r);
	return rc;
}

static int
pbf_skip_node(const void *arg, const readosm_node *nd)
{
	(void)arg, (void)nd;
	return READOSM_OK;
}

static int
pbf_skip_way(const void *arg, const readosm_way *w)
{
	(void)arg, (void)w;
	return READOSM_OK;
}

static int
pbf_skip_relation(const void *arg, const readosm_relation *rel)
{
	(void)arg, (void)rel;
	return READOSM_OK;
}

/* libreadosm 1.1.0 dereferences NULL on some malformed .osm.pbf files
 * (tests/fuzz/crashes/, found by fuzz_discover_pbf), and its PBF side
 * cannot be checked beforehand as the XML side is without a second
 * reader: a child process decodes the whole file first, and a child that
 * dies means the file is refused with one line instead of the program
 * dying. 0 when the child read it (or readosm itself refused it, which
 * the real pass then reports). */
static int
osm_pbf_trial(const char *path, struct cd_error *err)
{
	int status = 0;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return cd_error_set(err, CD_EIO, "cannot read %s: %s", path, strerror(errno));
	if (pid == 0) {
		const void *h = NULL;
		int rc;

		int null = open("/dev/null", O_WRONLY);

		/* die of the fault itself, quietly, not in a handler that
		 * reports it (a sanitizer's still prints: to /dev/null) */
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		rc = readosm_open(path, &h);
		if (rc == READOSM_OK)
			rc = readosm_parse(h, NULL, pbf_skip_node, pbf_skip_way, pbf_skip_relation);
		readosm_close(h);
		_exit(rc == READOSM_OK ? 0 : 3);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cd_error_set(err, CD_EIO, "cannot read %s: %s", path, strerror(errno));
	if (WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 3))
		return 0;
	return cd_error_set(err, CD_EPARSE, "%s: not a readable OpenStreetMap extract "
	                    "(the PBF reader failed on it)", path);
}

static int
osm_pass(const char *path, struct osm_ctx *c, bool ways, struct cd_error *err)
{
	const void *h = NULL;
	int rc;

	if ((rc = readosm_open(path, &h)) != READOSM_OK) {
		readosm_close(h);
		if (rc == READOSM_INVALID_SUFFIX)
			return cd_error_set(err, CD_EINVAL, "%s: not an OpenStreetMap extract "
			                    "(the name must end in .osm or .pbf)", path);
		return cd_error_set(err, CD_EIO, "cannot open %s: %s", path,
		                    errno ? strerror(errno) : "not readable");
	}
	rc = readosm_parse(h, c, ways ? NULL : on_node, ways ? on_way : NULL, NULL);
	readosm_close(h);
	if (rc != READOSM_OK)
		return cd_error_set(err, CD_EPARSE, "%s: not a readable OpenStreetMap extract "
		                    "(readosm error %d)", path, rc);
	return 0;
}

static int
found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	if (d != 0)
		return d;
	if (x->way != y->way)
		return x->way ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Sorts what was found by site and folds each site's objects into one
 * seed; ownership of the strings moves into res. */
static void
group(struct osm_ctx *c)
{
	struct discover_result *res = c->res;
	struct discover_seed *s = NULL;

	if (c->n_found > 0)
		qsort(c->found, c->n_found, sizeof *c->found, found_cmp);
	for (size_t i = 0; i < c->n_found; i++) {
		struct found *f = &c->found[i];
		struct discover_place *p;

		if (f->way && isfinite(f->min_lat)) {
			f->lat = (f->min_lat + f->max_lat) / 2;
			f->lon = (f->min_lon + f->max_lon) / 2;
			f->located = true;
		}
		if (s == NULL || strcmp(s->key, f->key) != 0) {
			res->seeds = xreallocarray(res->seeds, res->n_seeds + 1, sizeof *res->seeds);
			s = &res->seeds[res->n_seeds++];
			memset(s, 0, sizeof *s);
			s->key = f->key;
			s->url = f->url;
			s->name = f->name;
			f->key = f->url = f->name = NULL;   /* transferred */
		} else if (s->name[0] == '\0' && f->name[0] != '\0') {
			free(s->name);
			s->name = f->name;
			f->name = NULL;   /* transferred */
		}
		s->places = xreallocarray(s->places, s->n_places + 1, sizeof *s->places);
		p = &s->places[s->n_places++];
		memcpy(p->osm_id, f->osm_id, sizeof p->osm_id);
		p->lat = f->located ? f->lat : NAN;
		p->lon = f->located ? f->lon : NAN;
		p->address = f->address;
		f->address = NULL;   /* transferred */
	}
}

int
discover_osm(const char *path, const struct discover_rules *r, struct discover_result *res,
             struct cd_error *err)
{
	struct osm_ctx c = { r, res, NULL, 0, NULL, 0 };
	size_t len;
	int rc;

	memset(res, 0, sizeof *res);
	errno = 0;
	len = strlen(path);
	if (len > 4 && strcmp(path + len - 4, ".osm") == 0 && access(path, R_OK) == 0 &&
	    (rc = osm_xml_check(path, err)) != 0)
		goto out;
	if (len > 4 && strcmp(path + len - 4, ".pbf") == 0 && access(path, R_OK) == 0 &&
	    (rc = osm_pbf_trial(path, err)) != 0)
		goto out;
	if ((rc = osm_pass(path, &c, true, err)) != 0)
		goto out;
	if (c.n_refs > 0)
		qsort(c.refs, c.n_refs, sizeof *c.refs, ref_cmp);
	if ((rc = osm_pass(path, &c, false, err)) != 0)
		goto out;
	group(&c);
out:
	for (size_t i = 0; i < c.n_found; i++) {
		free(c.found[i].key);
		free(c.found[i].url);
		free(c.found[i].name);
		free(c.found[i].address);
	}
	free(c.found);
	free(c.refs);
	return rc;
}

void
discover_result_release(struct discover_result *res)
{
	for (size_t i = 0; i < res->n_seeds; i++) {
		struct discover_seed *s = &res->seeds[i];

		for (size_t j = 0; j < s->n_places; j++)
			free(s->places[j].address);
		free(s->places);
		free(s->key);
		free(s->url);
		free(s->name);
	}
	free(res->seeds);
	memset(res, 0, sizeof *res);
}

int
discover_write_seeds(FILE *f, const struct discover_result *res, struct cd_error *err)
{
	fputs("# clinicdex discover: URL<TAB>name<TAB>lat,lon;...<TAB>OSM ids;...<TAB>"
	      "addresses;...\n", f);
	for (size_t i = 0; i < res->n_seeds; i++) {
		const struct discover_seed *s = &res->seeds[i];
		size_t j;

		fprintf(f, "%s\t%s\t", s->url, s->name);
		for (j = 0; j < s->n_places; j++) {
			if (isnan(s->places[j].lat))
				fprintf(f, "%s", j ? ";" : "");
			else
				fprintf(f, "%s%.7f,%.7f", j ? ";" : "", s->places[j].lat, s->places[j].lon);
		}
		fputc('\t', f);
		for (j = 0; j < s->n_places; j++)
			fprintf(f, "%s%s", j ? ";" : "", s->places[j].osm_id);
		fputc('\t', f);
		for (j = 0; j < s->n_places; j++)
			fprintf(f, "%s%s", j ? ";" : "", s->places[j].address);
		fputc('\n', f);
	}
	if (fflush(f) != 0 || ferror(f))
		return cd_error_set(err, CD_EIO, "cannot write the seeds: %s", strerror(errno));
	return 0;
}
