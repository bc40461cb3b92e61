/* html.h: one parse of a page with libxml2's HTML parser, read by the link
 * finder and by extraction alike. */
#ifndef CD_HTML_H
#define CD_HTML_H
#include <stddef.h>
#include <libxml/HTMLparser.h>

struct html_doc {
	htmlDocPtr doc;     /* owned */
	char *url;          /* the page's URL (after redirects); owned */
	char *base;         /* <base href> resolved, else url; owned */
};

/* Parses html[0..len) (UTF-8; the crawler converts first) leniently, with
 * network access and entity loading off. NULL only when libxml2 returns no
 * tree at all. Free with html_free. */
struct html_doc *html_parse(const char *html, size_t len, const char *url);
void html_free(struct html_doc *d);

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
