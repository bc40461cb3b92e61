/* html.c: one lenient libxml2 parse per page and its <base href> (see
 * html.h). Links and their resolution are the crawler's (crawler/links.c). */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include "common/xalloc.h"
#include "extract/html.h"

static const int html_opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_NONET;

xmlNodePtr
html_find_el(xmlNodePtr n, const char *name, const char *attr, const char *val, int depth)
{
	xmlNodePtr c = NULL, r = NULL;

	if (depth > 256)
		return NULL;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)c->name, name) == 0) {
			char *v = attr != NULL ? (char *)xmlGetProp(c, (const xmlChar *)attr) : NULL;
			bool ok = attr == NULL || (v != NULL && strcasecmp(v, val) == 0);
			xmlFree(v);
			if (ok)
				return c;
		}
		if (strcasecmp((const char *)c->name, "script") != 0 &&
		    (r = html_find_el(c->children, name, attr, val, depth + 1)) != NULL)
			return r;
	}
	return NULL;
}

struct html_doc *
html_read(const char *html, size_t len, const char *url)
{
	struct html_doc *d = NULL;
	htmlDocPtr doc = NULL;

	if (len > INT_MAX)
		len = INT_MAX;
	doc = htmlReadMemory(html, (int)len, url, "UTF-8", html_opts);
	if (doc == NULL)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->doc = doc;
	d->url = xstrdup(url != NULL ? url : "");
	return d;
}

char *
html_base_href(const struct html_doc *d)
{
	xmlNodePtr base = NULL;
	char *href = NULL, *copy = NULL;

	if (d == NULL || d->doc == NULL)
		return NULL;
	if ((base = html_find_el(xmlDocGetRootElement(d->doc), "base", NULL, NULL, 0)) != NULL &&
	    (href = (char *)xmlGetProp(base, (const xmlChar *)"href")) != NULL)
		copy = xstrdup(href);
	xmlFree(href);
	return copy;
}

void
html_free(struct html_doc *d)
{
	if (d == NULL)
		return;
	xmlFreeDoc(d->doc);
	free(d->url);
	free(d->base);
	free(d);
}
