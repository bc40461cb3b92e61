/* html.h: one parse of a page with libxml2's HTML parser, read by the link
 * finder (crawler/html_links.h) and by extraction alike. */
#ifndef CD_HTML_H
#define CD_HTML_H
#include <stddef.h>
#include <libxml/HTMLparser.h>

struct html_doc {
	htmlDocPtr doc;     /* owned */
	char *url;          /* the page's URL (after redirects); owned */
	char *base;         /* <base href> resolved, else url; owned. Set by
	                     * the crawler's html_parse (crawler/html_links.h),
	                     * which resolves URLs; NULL from html_read. */
};

/* Parses html[0..len) (UTF-8; the crawler converts first) leniently, with
 * network access and entity loading off. NULL only when libxml2 returns no
 * tree at all. Free with html_free. */
struct html_doc *html_read(const char *html, size_t len, const char *url);
void html_free(struct html_doc *d);
/* The href of the first <base> as written (a copy the caller frees), or
 * NULL. */
char *html_base_href(const struct html_doc *d);

/* The first element named name (any case) under and after n in document
 * order, not looking inside <script>; with attr, only one whose attr
 * equals val (any case). depth is 0 at the call; NULL when none. */
xmlNodePtr html_find_el(xmlNodePtr n, const char *name, const char *attr, const char *val,
                        int depth);

#endif
