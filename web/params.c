/* params.c: a web search's query parameters, each bounded and checked the
 * way the search command checks its options, so that a bad one is a 400
 * with a sentence, never a query. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "common/text.h"
#include "common/xalloc.h"
#include "index/places.h"
#include "web/params.h"

static const char *const web_statuses[] = { "unchecked", "consistent", "conflict",
                                            "unmatched", "ambiguous", NULL };

void
web_params_init(struct web_params *p, long max_limit)
{
	memset(p, 0, sizeof *p);
	p->limit = -1;
	p->offset = -1;
	p->max_limit = max_limit;
}

/* A whole number in [0, max] written in digits only; -1 when not. */
static long
web_number(const char *s, long max)
{
	char *end = NULL;
	long v;

	if (*s < '0' || *s > '9' || strlen(s) > 9)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v > max)
		return -1;
	return v;
}

/* Sets a value that may be given once. */
static int
web_once(char **slot, const char *key, const char *value, struct cd_error *err)
{
	if (*slot != NULL)
		return cd_error_set(err, CD_EINVAL, "%s: given more than once", key);
	*slot = xstrdup(value);
	return 0;
}

/* The checks every key and value pass, whatever the key: a short UTF-8
 * name, a bounded UTF-8 value without control characters. */
static int
web_param_valid(const char *key, const char *value, size_t n, struct cd_error *err)
{
	size_t i;

	if (key == NULL || strlen(key) > 32 || !text_utf8_valid(key, strlen(key)))
		return cd_error_set(err, CD_EINVAL, "a parameter name is not valid");
	if (n > WEB_MAX_VALUE)
		return cd_error_set(err, CD_EINVAL, "%s: longer than %d bytes", key, WEB_MAX_VALUE);
	if (value && !text_utf8_valid(value, n))
		return cd_error_set(err, CD_EINVAL, "%s: not UTF-8 text", key);
	for (i = 0; i < n; i++)
		if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
			return cd_error_set(err, CD_EINVAL, "%s: holds a control character", key);
	return 0;
}

/* limit or offset: a number in range, once. */
static int
web_param_paging(struct web_params *p, const char *key, const char *value,
                 struct cd_error *err)
{
	bool lim = key[0] == 'l';
	long v = web_number(value, lim ? p->max_limit : WEB_MAX_OFFSET);

	if (v < (lim ? 1 : 0))
		return cd_error_set(err, CD_EINVAL, "%s: '%s' is not a number from %d to %ld", key,
		                    value, lim ? 1 : 0, lim ? p->max_limit : (long)WEB_MAX_OFFSET);
	if ((lim ? p->limit : p->offset) >= 0)
		return cd_error_set(err, CD_EINVAL, "%s: given more than once", key);
	*(lim ? &p->limit : &p->offset) = v;
	return 0;
}

/* ---- each filter: its value checked as the search command checks it ---- */

static int
web_param_near(struct web_params *p, const char *key, const char *value, struct cd_error *err)
{
	struct place_query place;
	int rc = places_parse(value, &place, err);

	return rc ? rc : web_once(&p->near, key, value, err);
}

static int
web_param_radius(struct web_params *p, const char *key, const char *value,
                 struct cd_error *err)
{
	double miles = 0;
	int rc = places_parse_radius(value, &miles, err);

	return rc ? rc : web_once(&p->radius, key, value, err);
}

static int
web_param_text(struct web_params *p, const char *key, const char *value, struct cd_error *err)
{
	char *match = NULL;
	int rc = index_text_query(value, &match, err);

	free(match);
	return rc ? rc : web_once(&p->text, key, value, err);
}

static int
web_param_state(struct web_params *p, const char *key, const char *value, struct cd_error *err)
{
	if (!places_valid_state(value))
		return cd_error_set(err, CD_EINVAL, "state: '%s' is not a US state code (e.g. TX)",
		                    value);
	return web_once(&p->state, key, value, err);
}

static int
web_param_city(struct web_params *p, const char *key, const char *value, struct cd_error *err)
{
	return web_once(&p->city, key, value, err);
}

static int
web_param_zip(struct web_params *p, const char *key, const char *value, struct cd_error *err)
{
	if (!places_valid_zip(value))
		return cd_error_set(err, CD_EINVAL, "zip: '%s' is not a ZIP code (5 digits or ZIP+4)",
		                    value);
	return web_once(&p->zip, key, value, err);
}

static int
web_param_status(struct web_params *p, const char *key, const char *value,
                 struct cd_error *err)
{
	size_t i;

	for (i = 0; web_statuses[i]; i++)
		if (strcmp(web_statuses[i], value) == 0)
			return web_once(&p->status, key, value, err);
	return cd_error_set(err, CD_EINVAL,
	                    "status: '%s' is not one of unchecked, consistent, "
	                    "conflict, unmatched, ambiguous", value);
}

static int
web_param_credential(struct web_params *p, const char *key, const char *value,
                     struct cd_error *err)
{
	(void)key;
	if (p->n_credentials == WEB_MAX_CODES)
		return cd_error_set(err, CD_EINVAL, "credential: more than %d", WEB_MAX_CODES);
	p->credentials[p->n_credentials++] = xstrdup(value);
	return 0;
}

static int
web_param_service(struct web_params *p, const char *key, const char *value,
                  struct cd_error *err)
{
	(void)key;
	if (p->n_services == WEB_MAX_CODES)
		return cd_error_set(err, CD_EINVAL, "service: more than %d", WEB_MAX_CODES);
	p->services[p->n_services++] = xstrdup(value);
	return 0;
}

/* a checkbox: "1" when ticked, absent (or blank) when not */
static int
web_param_excluded(struct web_params *p, const char *key, const char *value,
                   struct cd_error *err)
{
	if (strcmp(value, "1") != 0)
		return cd_error_set(err, CD_EINVAL, "excluded: '%s' is not 1", value);
	if (p->excluded)
		return cd_error_set(err, CD_EINVAL, "%s: given more than once", key);
	p->excluded = true;
	return 0;
}

/* The search's filters by name. */
static const struct web_filter_param {
	const char *key;
	int (*add)(struct web_params *p, const char *key, const char *value, struct cd_error *err);
} web_filter_params[] = {
	{ "near", web_param_near },
	{ "radius", web_param_radius },
	{ "text", web_param_text },
	{ "state", web_param_state },
	{ "city", web_param_city },
	{ "zip", web_param_zip },
	{ "status", web_param_status },
	{ "credential", web_param_credential },
	{ "service", web_param_service },
	{ "excluded", web_param_excluded },
};

int
web_params_add(struct web_params *p, const char *key, const char *value,
               struct cd_error *err)
{
	size_t i, n = value ? strlen(value) : 0;
	int rc = 0;

	if ((rc = web_param_valid(key, value, n, err)) != 0)
		return rc;
	if (strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0)
		return n == 0 ? 0 : web_param_paging(p, key, value, err);
	for (i = 0; i < sizeof web_filter_params / sizeof web_filter_params[0]; i++) {
		if (strcmp(key, web_filter_params[i].key) != 0)
			continue;
		if (n == 0)
			return 0;    /* a blank form field: no filter */
		p->any = true;
		return web_filter_params[i].add(p, key, value, err);
	}
	return cd_error_set(err, CD_EINVAL, "unknown parameter '%.32s'", key);
}

/* Is code a code of this kind in the taxonomy? */
static bool
web_code_known(const struct rules *taxonomy, const char *kind, const char *code)
{
	size_t i, n = rules_code_count(taxonomy);

	for (i = 0; i < n; i++) {
		const struct rule_code *c = rules_code(taxonomy, i);

		if (strcmp(c->kind, kind) == 0 && strcmp(c->code, code) == 0)
			return true;
	}
	return false;
}

int
web_params_check(struct web_params *p, const struct rules *taxonomy, long default_limit,
                 struct cd_error *err)
{
	size_t i;

	for (i = 0; i < p->n_credentials; i++)
		if (!web_code_known(taxonomy, "credential", p->credentials[i]))
			return cd_error_set(err, CD_EINVAL, "credential: unknown code '%s'",
			                    p->credentials[i]);
	for (i = 0; i < p->n_services; i++)
		if (!web_code_known(taxonomy, "service", p->services[i]))
			return cd_error_set(err, CD_EINVAL, "service: unknown code '%s'", p->services[i]);
	if (p->radius && p->near == NULL)
		return cd_error_set(err, CD_EINVAL, "radius: needs a place (near)");
	memset(&p->f, 0, sizeof p->f);
	p->f.near = p->near;
	if (p->radius)
		(void)places_parse_radius(p->radius, &p->f.radius_mi, err);
	p->f.text = p->text;
	p->f.state = p->state;
	p->f.city = p->city;
	p->f.zip = p->zip;
	p->f.status = p->status;
	p->f.excluded = p->excluded;
	p->f.credentials = (const char **)p->credentials;
	p->f.n_credentials = p->n_credentials;
	p->f.services = (const char **)p->services;
	p->f.n_services = p->n_services;
	p->f.limit = p->limit > 0 ? p->limit : default_limit;
	p->f.offset = p->offset > 0 ? p->offset : 0;
	return 0;
}

void
web_params_release(struct web_params *p)
{
	size_t i;

	free(p->near);
	free(p->radius);
	free(p->text);
	free(p->state);
	free(p->city);
	free(p->zip);
	free(p->status);
	for (i = 0; i < p->n_credentials; i++)
		free(p->credentials[i]);
	for (i = 0; i < p->n_services; i++)
		free(p->services[i]);
	memset(p, 0, sizeof *p);
}
