/* links.c: the crawler's link policy: which links of a page are queued
 * (same site, within --max-pages and --max-depth, or kept deferred beyond
 * them; not past the query-string cap of a path), how they are spelt (one
 * URL per page) and in what order they are fetched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/xalloc.h"
#include "crawler/crawl_int.h"
#include "extract/extract.h"
#include "extract/html.h"
#include "crawler/html_links.h"
#include "crawler/link_memo.h"
#include "crawler/query_counts.h"
#include "crawler/url.h"

/* Kinds of page a URL's words tell, and how they move a link in the
 * queue: likelier to hold claims (team, staff) or less likely (archives,
 * carts). One table; the first word found sets the kind, so archive words
 * come first: "/blog/our-team" is an archive. Only the order of fetching
 * depends on these (what fits in --max-pages), never what is queued. */
#define CRAWL_PRIORITY_STEP 10
enum crawl_page_kind {
	PAGE_KIND_ARCHIVE = -CRAWL_PRIORITY_STEP,
	PAGE_KIND_OTHER = 0,
	PAGE_KIND_PEOPLE = CRAWL_PRIORITY_STEP,
};
static const struct {
	const char *word;           /* found anywhere in path and query, any case */
	enum crawl_page_kind kind;
} crawl_url_words[] = {
	{ "blog", PAGE_KIND_ARCHIVE },     { "news", PAGE_KIND_ARCHIVE },
	{ "tag/", PAGE_KIND_ARCHIVE },     { "tags/", PAGE_KIND_ARCHIVE },
	{ "page=", PAGE_KIND_ARCHIVE },    { "category", PAGE_KIND_ARCHIVE },
	{ "/feed", PAGE_KIND_ARCHIVE },    { "cart", PAGE_KIND_ARCHIVE },
	{ "login", PAGE_KIND_ARCHIVE },
	{ "team", PAGE_KIND_PEOPLE },      { "about", PAGE_KIND_PEOPLE },
	{ "staff", PAGE_KIND_PEOPLE },     { "provider", PAGE_KIND_PEOPLE },
	{ "doctor", PAGE_KIND_PEOPLE },    { "physician", PAGE_KIND_PEOPLE },
	{ "service", PAGE_KIND_PEOPLE },   { "treatment", PAGE_KIND_PEOPLE },
	{ "contact", PAGE_KIND_PEOPLE },   { "location", PAGE_KIND_PEOPLE },
	{ "procedure", PAGE_KIND_PEOPLE },
};

/* The priority of a page by its path and query: its kind's. */
static int
crawl_priority(const char *path)
{
	for (size_t i = 0; i < sizeof crawl_url_words / sizeof crawl_url_words[0]; i++)
		if (strcasestr(path, crawl_url_words[i].word))
			return (int)crawl_url_words[i].kind;
	return PAGE_KIND_OTHER;
}

/* *n receives where the count of URLs of site s starting with the
 * prefix u[0..len) is kept: read from the index the first time only. */
static int
crawl_query_count(struct crawl *c, struct crawl_site *s, const char *u, size_t len,
                  int64_t **n)
{
	char *prefix = NULL;
	int64_t count = 0;
	int rc = 0;

	if ((*n = query_counts_get(c->queries, u, len)) != NULL)
		return 0;
	prefix = xstrndup(u, len);
	rc = index_frontier_count_prefix(c->idx, s->id, prefix, &count, c->err);
	free(prefix);
	if (rc == 0)
		*n = query_counts_put(c->queries, u, len, count);
	return rc;
}

/* Queues l (cleaned, same site, spelt as the frontier holds it) at depth
 * unless the frontier is full or its path already has CRAWL_MAX_QUERIES
 * query strings queued: endless ?q=1, ?q=2, ... stop there. */
static int
crawl_queue_link(struct crawl *c, struct crawl_site *s, const struct url_link *l, int depth)
{
	int64_t *n_queries = NULL;
	bool added = false, inserted = false;
	enum frontier_state state = FRONTIER_QUEUED;
	int rc = 0;

	/* beyond a limit the link is kept, deferred, for a crawl with higher
	 * limits to carry on from */
	if (s->n_counted >= c->opt->max_pages || depth > c->opt->max_depth) {
		if (s->n_deferred >= CRAWL_DEFERRED_MAX)
			return 0;
		state = FRONTIER_DEFERRED;
	}
	if (l->query != NULL) {
		if ((rc = crawl_query_count(c, s, l->url, (size_t)(l->query - l->url),
		                            &n_queries)) != 0)
			return rc;
		if (*n_queries >= CRAWL_MAX_QUERIES) {
			c->st->traps_cut++;
			return 0;
		}
	}
	if ((rc = index_frontier_add_row(c->idx, s->id, l->url, depth, crawl_priority(l->path),
	                                 state, &added, &inserted, c->err)) != 0)
		return rc;
	if (n_queries != NULL && inserted)
		(*n_queries)++;
	if (added && state == FRONTIER_QUEUED) {
		s->n_counted++;
		s->idle = false;
	} else if (added) {
		s->n_deferred++;
	}
	return 0;
}

/* True when no link of a page at depth - 1 can be queued or deferred. */
bool
crawl_links_full(const struct crawl *c, const struct crawl_site *s, int depth)
{
	return (s->n_counted >= c->opt->max_pages || depth > c->opt->max_depth) &&
	       s->n_deferred >= CRAWL_DEFERRED_MAX;
}

/* Parses ref (resolved against base) once into l as the frontier holds
 * it: cleaned of session ids and tracking tags, spelt with the site's
 * host. 0, or -1 when it is unusable or on another site (l released). */
static int
crawl_link_of(const struct crawl_site *s, const struct url_base *base, const char *ref,
              struct url_link *l)
{
	if (url_link_resolve_at(l, base, ref, URL_LINK_CLEAN) != 0)
		return -1;
	if (!url_link_same_site(&s->base, l)) {
		url_link_release(l);
		return -1;
	}
	url_link_rehost(l, &s->base);
	return 0;
}

/* crawl_link_of for an absolute URL (a canonical link). */
static int
crawl_link_key(const struct crawl_site *s, const char *url, struct url_link *l)
{
	struct url_base *b = url_base_new(url);
	int rc = crawl_link_of(s, b, "", l);

	url_base_free(b);
	return rc;
}

/* One page's links being queued (html_hrefs callback). */
struct follow {
	struct crawl *c;
	struct crawl_site *s;
	const struct html_doc *d;
	struct url_base *base;  /* d->base parsed, for all its links */
	char *dir;              /* the base URL up to its last '/' */
	int depth;              /* of the pages linked */
	int rc;
};

/* Resolves, cleans and queues one href, or finds in the memo that an
 * earlier page did. A relative href is remembered with the directory it
 * resolved against, an absolute or root-relative one for the whole site. */
static void
crawl_follow(void *arg, const char *href)
{
	struct follow *f = arg;
	struct crawl *c = f->c;
	const char *ctx = "", *key = NULL;
	struct url_link l = { 0 };

	if (f->rc != 0 || crawl_links_full(c, f->s, f->depth))
		return;
	if (href[0] == '?' || href[0] == '#' || href[0] == '\0')
		ctx = f->d->base;      /* resolves against the page itself */
	else if (!(href[0] == '/' && href[1] != '/') && strncasecmp(href, "http://", 7) != 0 &&
	         strncasecmp(href, "https://", 8) != 0)
		ctx = f->dir;
	if (link_memo_get(c->links, f->s->id, ctx, href, &key))
		return;   /* queued or refused already */
	if (crawl_link_of(f->s, f->base, href, &l) == 0)
		f->rc = crawl_queue_link(c, f->s, &l, f->depth);
	/* a link deferred for its depth may be met again nearer the seed,
	 * where it is queued: it is not remembered */
	if (f->rc == 0 && f->depth <= c->opt->max_depth)
		link_memo_put(c->links, f->s->id, ctx, href, l.url);
	url_link_release(&l);
}

/* Extracts facts from a page already stored as page_id and queues its
 * links. Inside the caller's transaction.
 *
 * rel=canonical: a page whose canonical URL is another page of the same
 * site is a copy (a tracking variant, a print view, a sort order): its
 * facts are kept, but the canonical URL is queued (at the copy's depth)
 * instead of the copy's links, which the canonical page will offer. A
 * canonical URL on another site, or equal to the page, changes nothing. */
int
crawl_extract_and_follow(struct crawl *c, struct crawl_site *s, int64_t page_id,
                         const char *html, size_t len, const char *url, int depth)
{
	struct html_doc *d = html_parse(html, len, url);
	struct page_facts facts;
	struct follow f = { 0 };
	struct url_link target = { 0 }, self = { 0 };
	char *canon = NULL, *slash = NULL;
	int rc = 0;

	page_facts_init(&facts);
	if (d == NULL)
		goto out;
	extract_page(c->rules, d, &facts);
	if ((rc = index_facts_replace(c->idx, s->id, page_id, &facts, c->err)) != 0 ||
	    (s->seed && (rc = index_seed_apply(c->idx, s->id, s->seed, c->err)) != 0))
		goto out;
	if ((canon = html_canonical(d)) != NULL && crawl_link_key(s, canon, &target) == 0 &&
	    url_link_parse(&self, url, URL_LINK_CLEAN) == 0) {
		url_link_rehost(&self, &s->base);
		if (strcmp(target.url, self.url) != 0) {
			rc = crawl_queue_link(c, s, &target, depth);
			goto out;
		}
	}
	if (crawl_links_full(c, s, depth + 1))
		goto out;
	f.c = c;
	f.s = s;
	f.d = d;
	f.depth = depth + 1;
	if ((f.base = url_base_new(d->base)) == NULL)
		goto out;   /* no link can resolve against it */
	f.dir = xstrdup(d->base);
	if ((slash = strrchr(f.dir, '/')) != NULL && slash > strstr(f.dir, "://") + 2)
		slash[1] = '\0';
	html_hrefs(d, crawl_follow, &f);
	url_base_free(f.base);
	free(f.dir);
	rc = f.rc;
out:
	free(canon);
	url_link_release(&target);
	url_link_release(&self);
	page_facts_release(&facts);
	html_free(d);
	return rc;
}

/* A <loc> of a sitemap read at base, queued at depth 1 when it is a URL
 * of site s. */
int
crawl_queue_sitemap_link(struct crawl *c, struct crawl_site *s, const struct url_base *base,
                         const char *loc)
{
	struct url_link l;
	int rc = 0;

	if (crawl_link_of(s, base, loc, &l) == 0)
		rc = crawl_queue_link(c, s, &l, 1);
	url_link_release(&l);
	return rc;
}
