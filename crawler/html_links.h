/* html_links.h: what the crawler reads off a parsed page to go on: <base>,
 * links and the canonical URL, resolved and normalised by crawler/url.h. */
#ifndef CD_HTML_LINKS_H
#define CD_HTML_LINKS_H
#include <stddef.h>
#include "extract/html.h"

/* html_read, then d->base: <base href> resolved against url, else url.
 * NULL only when libxml2 returns no tree at all. Free with html_free. */
struct html_doc *html_parse(const char *html, size_t len, const char *url);

/* Absolute, normalised http(s) URLs of <a href> and <area href> links, in
 * document order, without duplicates, skipping rel=nofollow. *out is an
 * array of n strings; caller frees each and the array. */
void html_links(const struct html_doc *d, char ***out, size_t *n);
/* Calls fn with the href of each <a> and <area> link, as written, in
 * document order, skipping rel=nofollow (at most 10,000). */
typedef void (*html_href_fn)(void *arg, const char *href);
void html_hrefs(const struct html_doc *d, html_href_fn fn, void *arg);
/* The <link rel=canonical> URL resolved and normalised, or NULL. */
char *html_canonical(const struct html_doc *d);

#endif
