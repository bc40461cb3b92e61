/* params.h: the parameters of a web search (/search, /api/search), checked
 * and bounded before they become a search_filter. libmicrohttpd has
 * already split and percent-decoded the query string; every value here is
 * still hostile: its length, its UTF-8 and its meaning are checked, and
 * nothing of it reaches SQL but as a bound parameter (index/query.c). */
#ifndef CD_WEB_PARAMS_H
#define CD_WEB_PARAMS_H
#include <stdbool.h>
#include "common/error.h"
#include "extract/rules.h"
#include "index/query.h"

#define WEB_MAX_VALUE 200        /* bytes of any one value (text, place, city) */
#define WEB_MAX_CODES 8          /* credential or service values per search */
#define WEB_MAX_OFFSET 10000     /* deepest page: a search is not an export */
#define WEB_PAGE_SIZE 20         /* HTML results a page; the API's default limit */
#define WEB_MAX_LIMIT 1000       /* largest limit of /api/search */
#define WEB_MAX_CSV_LIMIT 10000  /* ... and of /api/search.csv (its default) */

struct web_params {
	struct search_filter f;   /* filled by web_params_check; points into this */
	char *near, *radius, *text, *state, *city, *zip, *status;
	char *credentials[WEB_MAX_CODES];
	size_t n_credentials;
	char *services[WEB_MAX_CODES];
	size_t n_services;
	bool excluded;            /* excluded=1: clinics with a practitioner on the LEIE */
	long limit, offset;       /* -1: not given */
	long max_limit;           /* set by the caller before adding */
	bool any;                 /* a search parameter was given (not only paging) */
};

/* Starts p for a request whose limit may go up to max_limit. */
void web_params_init(struct web_params *p, long max_limit);
/* Adds one key=value of the query string (value may be NULL for "?key").
 * An empty value is no filter (a form's blank field). CD_EINVAL with a
 * message for a user when the key is unknown, the value too long, not
 * UTF-8, malformed, or given twice where once is the rule. */
int web_params_add(struct web_params *p, const char *key, const char *value,
                   struct cd_error *err);
/* Checks what needs all of them (codes known to taxonomy, a radius only
 * with a place) and fills p->f, limit default_limit when none was given.
 * CD_EINVAL with a message. */
int web_params_check(struct web_params *p, const struct rules *taxonomy, long default_limit,
                     struct cd_error *err);
void web_params_release(struct web_params *p);

#endif
