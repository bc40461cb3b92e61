/* html_links.c: a page's links, canonical URL and <base> resolved with the
 * crawler's URL rules (see html_links.h). */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include "common/xalloc.h"
#include "crawler/html_links.h"
#include "crawler/url.h"

#define HTML_MAX_LINKS 10000

struct html_doc *
html_parse(const char *html, size_t len, const char *url)
{
	struct html_doc *d = html_read(html, len, url);
	char *href = NULL;

	if (d == NULL)
		return NULL;
	if ((href = html_base_href(d)) != NULL)
		d->base = url_resolve(d->url, href);
	if (d->base == NULL)
		d->base = xstrdup(d->url);
	free(href);
	return d;
}

/* True when the space-separated rel value holds token. */
static int
rel_has(const char *rel, const char *token)
{
	size_t n = strlen(token);
	const char *p = rel;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (strncasecmp(p, token, n) == 0 &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
			return 1;
		p = strpbrk(p, " \t\n");
	}
	return 0;
}

/* An open-addressing set of strings for de-duplication. */
struct strset {
	char **slot;     /* borrowed pointers; open addressing */
	size_t cap;      /* a power of two, kept above twice n */
	size_t n;
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static void
strset_put(char **slot, size_t cap, char *s)
{
	size_t i = (size_t)(fnv1a(s) & (cap - 1));

	while (slot[i] != NULL)
		i = (i + 1) & (cap - 1);
	slot[i] = s;
}

/* Adds s unless present; returns 1 when added. The table starts small and
 * doubles: a fixed 32,768 slots zeroed for every page cost a tenth of a
 * crawl's instructions. */
static int
strset_add(struct strset *set, char *s)
{
	size_t i;

	if (set->cap == 0 || (set->n + 1) * 2 > set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64, j;
		char **slot = xcalloc(cap, sizeof(*slot));

		for (j = 0; j < set->cap; j++)
			if (set->slot[j] != NULL)
				strset_put(slot, cap, set->slot[j]);
		free(set->slot);
		set->slot = slot;
		set->cap = cap;
	}
	for (i = (size_t)(fnv1a(s) & (set->cap - 1)); set->slot[i] != NULL;
	     i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slot[i], s) == 0)
			return 0;
	set->slot[i] = s;
	set->n++;
	return 1;
}

struct links {
	const struct html_doc *d;
	struct strset seen;
	char **v;
	size_t n, cap;
};

struct hrefs {
	html_href_fn fn;
	void *arg;
	size_t n;
};

/* An attribute's value without a copy when it is one text node (the
 * usual case); else a copy in *copy that the caller frees. */
static const char *
prop_value(xmlAttrPtr a, char **copy)
{
	xmlNodePtr t = a->children;

	*copy = NULL;
	if (t == NULL)
		return "";
	if (t->type == XML_TEXT_NODE && t->next == NULL && t->content != NULL)
		return (const char *)t->content;
	return *copy = (char *)xmlNodeGetContent((xmlNodePtr)a);
}

static void
visit_hrefs(struct hrefs *h, xmlNodePtr n, int depth)
{
	xmlNodePtr c = NULL;

	if (depth > 256)
		return;
	for (c = n; c != NULL && h->n < HTML_MAX_LINKS; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		/* names come lower-cased from the HTML parser */
		if (strcmp((const char *)c->name, "a") == 0 || strcmp((const char *)c->name, "area") == 0) {
			const char *href = NULL, *rel = NULL;
			char *hcopy = NULL, *rcopy = NULL;

			for (xmlAttrPtr a = c->properties; a != NULL; a = a->next) {
				if (a->name == NULL)
					continue;
				if (strcmp((const char *)a->name, "href") == 0 && href == NULL)
					href = prop_value(a, &hcopy);
				else if (strcmp((const char *)a->name, "rel") == 0 && rel == NULL)
					rel = prop_value(a, &rcopy);
			}
			if (href != NULL && !rel_has(rel, "nofollow")) {
				h->fn(h->arg, href);
				h->n++;
			}
			xmlFree(hcopy);
			xmlFree(rcopy);
		}
		visit_hrefs(h, c->children, depth + 1);
	}
}

void
html_hrefs(const struct html_doc *d, html_href_fn fn, void *arg)
{
	struct hrefs h = { fn, arg, 0 };

	if (d != NULL && d->doc != NULL)
		visit_hrefs(&h, xmlDocGetRootElement(d->doc), 0);
}

static void
collect_link(void *arg, const char *href)
{
	struct links *l = arg;
	char *abs = url_resolve(l->d->base, href);

	if (abs == NULL)
		return;
	if (!strset_add(&l->seen, abs)) {
		free(abs);
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = abs;
}

void
html_links(const struct html_doc *d, char ***out, size_t *n)
{
	struct links l = { d, { NULL, 0, 0 }, NULL, 0, 0 };

	html_hrefs(d, collect_link, &l);
	free(l.seen.slot);
	if (l.n == 0) {
		free(l.v);
		l.v = NULL;
	}
	*out = l.v;
	*n = l.n;
}

/* The first <link rel=canonical href>. */
static xmlNodePtr
find_canonical(xmlNodePtr n, int depth)
{
	xmlNodePtr c = NULL, r = NULL;

	if (depth > 256)
		return NULL;
	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcasecmp((const char *)c->name, "link") == 0) {
			char *rel = (char *)xmlGetProp(c, (const xmlChar *)"rel");
			int yes = rel_has(rel, "canonical");

			xmlFree(rel);
			if (yes)
				return c;
		}
		if ((r = find_canonical(c->children, depth + 1)) != NULL)
			return r;
	}
	return NULL;
}

char *
html_canonical(const struct html_doc *d)
{
	xmlNodePtr l = NULL;
	char *href = NULL, *abs = NULL;

	if (d == NULL || d->doc == NULL)
		return NULL;
	if ((l = find_canonical(xmlDocGetRootElement(d->doc), 0)) == NULL)
		return NULL;
	if ((href = (char *)xmlGetProp(l, (const xmlChar *)"href")) != NULL)
		abs = url_resolve(d->base, href);
	xmlFree(href);
	return abs;
}
