/* web.h: what the web library's files share: a request as the pages and
 * the API see it (no libmicrohttpd in it), the reply they fill, and the
 * escaping every byte of HTML goes through. */
#ifndef CD_WEB_H
#define CD_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include "common/buf.h"
#include "crawler/rules.h"
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
};

struct web_reply {
	int status;
	const char *type;          /* Content-Type */
	bool api;                  /* CORS headers for reading */
	const char *disposition;   /* Content-Disposition, or NULL */
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
/* Starts and ends an HTML page: head, header, <main>. The title is text. */
void web_page_begin(struct buf *b, const char *title);
void web_page_end(struct buf *b);
/* A whole page saying what went wrong, with a way back. */
void web_page_error(struct web_reply *rp, int status, const char *title, const char *message);
/* The bundled style sheet. */
extern const char web_style_css[];

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
