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

/* Words in a URL's path and query that make it likelier (team, staff) or
 * less likely (archives, carts) to hold claims; the first table that
 * matches sets the priority. */
#define CRAWL_PRIORITY_STEP 10
static const char *const crawl_words_good[] = {
	"team", "about", "staff", "provider", "doctor", "physician", "service", "treatment",
	"contact", "location", "procedure",
};
static const char *const crawl_words_poor[] = {
	"blog", "news", "tag/", "tags/", "page=", "category", "/feed", "cart", "login",
};

/* Higher for pages that usually hold claims, lower for archives. */
static int
crawl_priority(const char *url)
{
	char *pq = url_path_query(url);
	int pri = 0;

	if (pq == NULL)
		return 0;
	for (size_t i = 0; i < sizeof crawl_words_good / sizeof crawl_words_good[0]; i++)
		if (strcasestr(pq, crawl_words_good[i])) {
			pri = CRAWL_PRIORITY_STEP;
			break;
		}
	for (size_t i = 0; i < sizeof crawl_words_poor / sizeof crawl_words_poor[0]; i++)
		if (strcasestr(pq, crawl_words_poor[i])) {
			pri = -CRAWL_PRIORITY_STEP;
			break;
		}
	free(pq);
	return pri;
}

/* link spelt with the host of the site's base URL when it differs only by
 * "www.", so the frontier holds one URL per page; caller frees. */
static char *
crawl_link_canonical(const struct crawl_site *s, const char *link)
{
	char *key = url_site_key(link), *pq = NULL, *out = NULL;

	if (key && strcmp(key, s->key) == 0 && (pq = url_path_query(link)) != NULL)
		out = url_resolve(s->base_url, pq);
	free(key);
	free(pq);
	return out ? out : xstrdup(link);
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

/* Queues u (cleaned, same site) at depth unless the frontier is full or
 * u's path already has CRAWL_MAX_QUERIES query strings queued: endless
 * ?q=1, ?q=2, ... stop there. */
static int
crawl_queue_link(struct crawl *c, struct crawl_site *s, const char *u, int depth)
{
	const char *q = strchr(u, '?');
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
	if (q != NULL) {
		if ((rc = crawl_query_count(c, s, u, (size_t)(q - u) + 1, &n_queries)) != 0)
			return rc;
		if (*n_queries >= CRAWL_MAX_QUERIES) {
			c->st->traps_cut++;
			return 0;
		}
	}
	if ((rc = index_frontier_add_row(c->idx, s->id, u, depth, crawl_priority(u), state,
	                                 &added, &inserted, c->err)) != 0)
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

/* A link as the frontier holds it: cleaned of session ids and tracking
 * tags, spelt with the site's host; NULL when unusable. Caller frees. */
static char *
crawl_link_key(const struct crawl_site *s, const char *link)
{
	char *clean = url_clean(link), *u = NULL;

	if (clean != NULL)
		u = crawl_link_canonical(s, clean);
	free(clean);
	return u;
}

/* One page's links being queued (html_hrefs callback). */
struct follow {
	struct crawl *c;
	struct crawl_site *s;
	const struct html_doc *d;
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
	char *abs = NULL, *u = NULL;

	if (f->rc != 0 || crawl_links_full(c, f->s, f->depth))
		return;
	if (href[0] == '?' || href[0] == '#' || href[0] == '\0')
		ctx = f->d->base;      /* resolves against the page itself */
	else if (!(href[0] == '/' && href[1] != '/') && strncasecmp(href, "http://", 7) != 0 &&
	         strncasecmp(href, "https://", 8) != 0)
		ctx = f->dir;
	if (link_memo_get(c->links, f->s->id, ctx, href, &key))
		return;   /* queued or refused already */
	if ((abs = url_resolve(f->d->base, href)) != NULL && url_same_site(f->s->key, abs))
		u = crawl_link_key(f->s, abs);
	if (u != NULL)
		f->rc = crawl_queue_link(c, f->s, u, f->depth);
	/* a link deferred for its depth may be met again nearer the seed,
	 * where it is queued: it is not remembered */
	if (f->rc == 0 && f->depth <= c->opt->max_depth)
		link_memo_put(c->links, f->s->id, ctx, href, u);
	free(u);
	free(abs);
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
	char *canon = NULL, *target = NULL, *self = NULL, *slash = NULL;
	int rc = 0;

	page_facts_init(&facts);
	if (d == NULL)
		goto out;
	extract_page(c->rules, d, &facts);
	if ((rc = index_facts_replace(c->idx, s->id, page_id, &facts, c->err)) != 0)
		goto out;
	if ((canon = html_canonical(d)) != NULL && url_same_site(s->key, canon) &&
	    (target = crawl_link_key(s, canon)) != NULL &&
	    (self = crawl_link_key(s, url)) != NULL && strcmp(target, self) != 0) {
		rc = crawl_queue_link(c, s, target, depth);
		goto out;
	}
	if (crawl_links_full(c, s, depth + 1))
		goto out;
	f.c = c;
	f.s = s;
	f.d = d;
	f.depth = depth + 1;
	f.dir = xstrdup(d->base);
	if ((slash = strrchr(f.dir, '/')) != NULL && slash > strstr(f.dir, "://") + 2)
		slash[1] = '\0';
	html_hrefs(d, crawl_follow, &f);
	free(f.dir);
	rc = f.rc;
out:
	free(canon);
	free(target);
	free(self);
	page_facts_release(&facts);
	html_free(d);
	return rc;
}

/* A <loc> of a sitemap read at base, queued at depth 1 when it is a URL
 * of site s. */
int
crawl_queue_sitemap_link(struct crawl *c, struct crawl_site *s, const char *base,
                         const char *loc)
{
	char *u = url_resolve(base, loc), *clean = u ? url_clean(u) : NULL, *canon = NULL;
	int rc = 0;

	if (clean && url_same_site(s->key, clean)) {
		canon = crawl_link_canonical(s, clean);
		rc = crawl_queue_link(c, s, canon, 1);
	}
	free(canon);
	free(clean);
	free(u);
	return rc;
}
