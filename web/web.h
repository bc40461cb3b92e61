/* web.h: what the web library's files share: a request as the pages and
 * the API see it (no libmicrohttpd in it), the reply they fill, and the
 * escaping every byte of HTML goes through. */
#ifndef CD_WEB_H
#define CD_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include "common/buf.h"
#include "extract/rules.h"
#include "index/index.h"
#include "web/params.h"

#define WEB_MAX_ARGS 64          /* query parameters a request may carry */

struct web_arg {
	const char *key, *value;   /* value may be NULL ("?key") */
};

struct web_request {
	struct index *idx;                 /* this request's own connection */
	const struct rules *taxonomy;
	const char *path;
	struct web_arg args[WEB_MAX_ARGS];
	size_t n_args;
	bool too_many_args;
	bool nul_in_args;                  /* a key or value held a NUL byte */
	bool map;                          /* Leaflet is bundled: pages draw a map */
	const char *tiles;                 /* the tile URL template, or NULL */
	const char *tiles_origin;          /* its scheme://host[:port] */
};

struct web_reply {
	int status;
	const char *type;          /* Content-Type */
	bool api;                  /* CORS headers for reading */
	const char *disposition;   /* Content-Disposition, or NULL */
	bool cache;                /* a bundled asset: may be cached for a day */
	unsigned retry_after;      /* a 429's Retry-After seconds, else 0 */
	struct buf body;
};

/* Adds the request's arguments to p (web_params_init first) and checks
 * them; CD_EINVAL with a message. */
int web_request_params(const struct web_request *rq, struct web_params *p, long default_limit,
                       struct cd_error *err);

/* ---- html.c: escaping and the page frame ---- */
/* s as HTML text or a double-quoted attribute value: & < > " ' escaped. */
void web_html(struct buf *b, const char *s);
/* s percent-encoded for a query string value (unreserved bytes kept). */
void web_url_value(struct buf *b, const char *s);
/* True when s is an absolute http: or https: URL safe to put in href. */
bool web_url_linkable(const char *s);
/* The label of a taxonomy code ("Microneedling"), else the code itself. */
const char *web_code_label(const struct rules *taxonomy, const char *kind, const char *code);
/* A claim status in plain words ("Conflicts with the registry"). */
const char *web_status_words(const char *status);
/* Starts and ends an HTML page: head, header, <main>. The title is text.
 * With rq->map the page loads Leaflet and the map script. rq may be NULL. */
void web_page_begin(struct buf *b, const char *title, const struct web_request *rq);
void web_page_end(struct buf *b, const struct web_request *rq);
/* The map box, when rq->map (the points are the [data-lat] elements). */
void web_map_box(struct buf *b, const struct web_request *rq, const char *label);
/* data-lat, data-lon, data-name and data-href attributes for a map point. */
void web_map_point(struct buf *b, double lat, double lon, const char *name, const char *href);
/* A whole page saying what went wrong, with a way back. */
void web_page_error(struct web_reply *rp, int status, const char *title, const char *message);
/* The bundled style sheet. */
extern const char web_style_css[];

/* ---- assets.c ---- */
/* Reads Leaflet (leaflet.js, leaflet.css) from dir once; CD_EIO when a
 * file is missing or too large. Process-wide; free with web_assets_free. */
int web_assets_load(const char *dir, struct cd_error *err);
void web_assets_free(void);
/* Fills rp with the bundled asset at path; false when there is none. */
bool web_asset(const char *path, struct web_reply *rp);

/* ---- pages.c ---- */
void web_page_home(const struct web_request *rq, struct web_reply *rp);
void web_page_clinic(const struct web_request *rq, struct web_reply *rp, const char *id);

/* ---- api.c ---- */
void web_api_search(const struct web_request *rq, struct web_reply *rp, bool csv);
void web_api_clinic(const struct web_request *rq, struct web_reply *rp, const char *id);
void web_api_error(struct web_reply *rp, int status, const char *message);

/* A clinic id or site host as a path segment: digits, letters, '.', '-',
 * ':' and at most 253 bytes. */
bool web_valid_clinic_ref(const char *s);

#endif
