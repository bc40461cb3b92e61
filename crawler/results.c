/* results.c: what a finished transfer leaves in the index: a page stored
 * with its facts and links (or put back for another attempt, or kept as
 * it was on a 304), a sitemap's URLs queued; and re-extraction of stored
 * pages. Each write is one transaction (index_tx). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/crawl_int.h"
#include "extract/extract.h"
#include "crawler/fetch.h"
#include "extract/html.h"
#include "crawler/html_links.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"
#include "index/tx.h"

/* An attempt put back in the queue (crawl_page_retry). */
struct retry {
	struct crawl *c;
	struct crawl_xfer *x;
	int attempts;
	int64_t retry_at;
	const char *reason, *why;
	bool failed;            /* counts against the site's health */
};

static int
crawl_page_retry_tx(struct index *idx, void *arg, struct cd_error *err)
{
	const struct retry *a = arg;
	int rc = 0;

	if ((rc = index_frontier_attempt(idx, a->x->item_id, FRONTIER_QUEUED, a->attempts,
	                                 a->retry_at, a->reason, err)) != 0)
		return rc;
	return crawl_site_health(a->c, a->x->site, a->failed, a->why);
}

/* Puts a transiently failed item back in the queue with a wait: the
 * server's Retry-After on 429 and 503, else an exponential backoff. A
 * Retry-After holds the whole site (it speaks for the server); a wait
 * beyond CRAWL_RETRY_IN_RUN leaves the site for the next run. */
static int
crawl_page_retry(struct crawl *c, struct crawl_xfer *x, long status, const char *why)
{
	struct crawl_site *s = x->site;
	int attempts = x->attempts + 1;
	long wait = fetch_backoff_s(attempts, CRAWL_BACKOFF_CAP), asked = -1;
	int64_t wall = (int64_t)time(NULL);
	char *reason = NULL;
	struct retry a;
	int rc = 0;

	if ((status == 429 || status == 503) && x->retry_after &&
	    fetch_retry_after(x->retry_after, (time_t)wall, &asked) == 0 && asked > 0)
		wait = asked;
	if (wait > CRAWL_RETRY_IN_RUN)
		reason = xasprintf("attempt %d: %s; Retry-After %ld s: left for the next run", attempts,
		                   why, wait);
	else
		reason = xasprintf("attempt %d: %s; retry after %ld s", attempts, why, wait);
	c->st->retries++;
	crawl_tell(c, CRAWL_PAGE_RETRY, x->url, reason);
	a.c = c;
	a.x = x;
	a.attempts = attempts;
	a.retry_at = wall + wait;
	a.reason = reason;
	a.failed = status != 429;
	a.why = why;
	if ((rc = index_tx(c->idx, crawl_page_retry_tx, &a, c->err)) != 0)
		goto out;
	if (asked > 0 && s->hold == NULL) {
		if (wait > CRAWL_RETRY_IN_RUN)
			s->hold = xasprintf("the server asked for a pause of %ld s (Retry-After): "
			                    "left for the next run", wait);
		else if (crawl_now() + (double)wait > s->next_start)
			s->next_start = crawl_now() + (double)wait;
	}
out:
	free(reason);
	return rc;
}

static int
crawl_page_not_modified_tx(struct index *idx, void *arg, struct cd_error *err)
{
	struct crawl_xfer *x = arg;
	int rc = 0;

	if ((rc = index_page_refresh(idx, x->url, (int64_t)time(NULL), x->etag, x->last_modified,
	                             err)) != 0 ||
	    (rc = index_frontier_attempt(idx, x->item_id, FRONTIER_DONE, 0, 0, NULL, err)) != 0)
		return rc;
	return crawl_site_health(x->c, x->site, false, NULL);
}

/* A 304 to a conditional request: the stored page, its facts and status
 * stay; it is fresh as of now and its item done. One transaction. */
static int
crawl_page_not_modified(struct crawl *c, struct crawl_xfer *x)
{
	c->st->pages++;
	c->st->not_modified++;
	x->site->answered = true;
	return index_tx(c->idx, crawl_page_not_modified_tx, x, c->err);
}


/* A finished page transfer as it is stored (crawl_page_done). */
struct page_result {
	struct crawl *c;
	struct crawl_xfer *x;
	struct index_page p;
	const char *error;           /* the transfer's failure, or NULL */
	enum frontier_state state;
	bool html, transient;
	/* owned */
	struct url_link final;       /* where the redirects ended, parsed */
	char *clean, *gave_up, *skipped;
};

static void
page_result_release(struct page_result *r)
{
	free(r->clean);
	url_link_release(&r->final);
	free(r->gave_up);
	free(r->skipped);
}

/* Fills r->p with the body as kept: HTML in UTF-8 for re-extraction;
 * other bodies are recorded as seen (an empty body) but not kept. */
static void
crawl_page_body(struct page_result *r, long status)
{
	struct crawl_xfer *x = r->x;
	struct crawl *c = r->c;
	const char *binary = NULL;

	if (r->error == NULL && status / 100 == 2) {
		r->html = fetch_is_html(x->content_type, buf_str(&x->body), x->body.len);
		/* a PDF labelled text/html is still a PDF */
		if (r->html &&
		    (binary = fetch_sniff_binary(buf_str(&x->body), x->body.len)) != NULL) {
			r->html = false;
			r->skipped = xasprintf("skipped: content is %s, not the HTML its type says",
			                       binary);
			r->p.error = r->skipped;
			r->state = FRONTIER_SKIPPED;
			c->st->skipped_type++;
		}
		r->clean = r->html ? fetch_to_utf8(x->content_type, buf_str(&x->body), x->body.len)
		                   : xstrdup("");
		r->p.body = r->clean;
		r->p.body_len = strlen(r->clean);
	} else if (x->skipped[0]) {
		r->clean = xstrdup("");   /* seen, not read: as any other non-HTML page */
		r->p.body = r->clean;
	}
}

/* Stores the page, its item's outcome, the site's health, and its facts
 * and links; inside one transaction. */
static int
crawl_page_store_tx(struct index *idx, void *arg, struct cd_error *err)
{
	struct page_result *r = arg;
	struct crawl_xfer *x = r->x;
	struct crawl_site *s = x->site;
	int64_t page_id = 0;
	int rc = 0;

	if ((rc = index_page_store(idx, s->id, &r->p, &page_id, err)) != 0)
		return rc;
	if ((rc = index_frontier_attempt(idx, x->item_id, r->state,
	                                 x->attempts + (r->transient ? 1 : 0), 0, r->p.error,
	                                 err)) != 0)
		return rc;
	/* a response says the server works; a last transient failure does not */
	if (r->p.status > 0 || r->transient)
		if ((rc = crawl_site_health(r->c, s, r->transient && r->p.status != 429,
		                            r->error)) != 0)
			return rc;
	/* a redirect to another site is recorded but not read */
	if (r->html && url_link_same_site(&s->base, &r->final))
		rc = crawl_extract_and_follow(r->c, s, page_id, r->p.body, r->p.body_len,
		                              r->final.url, x->depth);
	return rc;
}

/* Counts the outcome of a page transfer in the stats and in r->state. */
static void
crawl_page_outcome(struct page_result *r, CURLcode res, long status)
{
	struct crawl *c = r->c;
	struct crawl_xfer *x = r->x;

	c->st->status_class[status >= 100 && status < 600 ? status / 100 : 0]++;
	if (status > 0) {
		c->st->pages++;
		x->site->answered = true;
	}
	if (x->skipped[0]) {
		c->st->skipped_type++;
		r->state = FRONTIER_SKIPPED;
	} else if (r->error) {
		c->st->errors++;
		if (x->refused[0])
			c->st->refused_private++;
		r->state = FRONTIER_FAILED;
		crawl_site_failed(x->site, x, res, r->error);
	}
}

/* Stores a finished page transfer and what it leads to, in one
 * transaction, or puts it back for another attempt. Returns 0 or CD_EDB
 * (which ends the crawl). */
int
crawl_page_done(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	struct page_result r;
	char tmp[CRAWL_WHY_MAX], why[CRAWL_WHY_MAX];
	char *eff = NULL;
	long status = 0;
	curl_off_t got = 0;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.c = c;
	r.x = x;
	r.state = FRONTIER_DONE;
	r.error = crawl_xfer_error(x, res, tmp, sizeof tmp);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	c->st->bytes += got;
	if (res == CURLE_OK && status == 304 && x->conditional)
		return crawl_page_not_modified(c, x);
	if ((r.transient = crawl_transient(x, res, status))) {
		if (r.error)
			snprintf(why, sizeof why, "%s", r.error);
		else
			snprintf(why, sizeof why, "HTTP %ld", status);
		crawl_site_failed(x->site, x, res, why);
		if (x->attempts + 1 < CRAWL_MAX_ATTEMPTS)
			return crawl_page_retry(c, x, status, why);
		r.gave_up = xasprintf("gave up after %d attempts: %s", x->attempts + 1, why);
		r.error = r.gave_up;
	}
	/* the URL asked for was a frontier URL, so it parses */
	if ((eff == NULL || url_link_parse(&r.final, eff, 0) != 0) &&
	    url_link_parse(&r.final, x->url, 0) != 0)
		r.final.url = xstrdup(x->url);
	crawl_page_outcome(&r, res, status);
	r.p.url = x->url;
	r.p.final_url = r.final.url;
	r.p.status = status;
	r.p.content_type = x->content_type;
	r.p.fetched_at = (int64_t)time(NULL);
	r.p.etag = x->etag;
	r.p.last_modified = x->last_modified;
	r.p.bytes = (int64_t)got;
	r.p.error = r.error;
	crawl_page_body(&r, status);
	if (r.p.error) {
		crawl_tell(c, r.state == FRONTIER_SKIPPED ? CRAWL_PAGE_SKIPPED : CRAWL_PAGE_FAILED,
		           x->url, r.p.error);
	} else if (status >= 400) {   /* an answer, but no page: 404, 410, 500 ... */
		snprintf(why, sizeof why, "HTTP %ld", status);
		crawl_tell(c, CRAWL_PAGE_FAILED, x->url, why);
	}
	rc = index_tx(c->idx, crawl_page_store_tx, &r, c->err);
	page_result_release(&r);
	return rc;
}

/* The URLs of a sitemap's urlset queued (crawl_sitemap_done). */
struct sitemap_urls {
	struct crawl *c;
	struct crawl_xfer *x;
	const struct sitemap *sm;
};

static int
crawl_sitemap_urls_tx(struct index *idx, void *arg, struct cd_error *err)
{
	const struct sitemap_urls *a = arg;
	struct url_base *base = url_base_new(a->x->url);   /* parsed once for all */
	int rc = 0;

	(void)idx;
	(void)err;
	for (size_t i = 0; i < a->sm->n && !crawl_links_full(a->c, a->x->site, 1) && rc == 0; i++)
		rc = crawl_queue_sitemap_link(a->c, a->x->site, base, a->sm->locs[i]);
	url_base_free(base);
	return rc;
}

/* Reads a finished sitemap: an index queues its sitemaps a level down; a
 * urlset adds its pages of this site to the frontier at depth 1, as many
 * as --max-pages leaves room for, in one transaction. A sitemap that
 * fails is passed over: the site is still crawled from its links. */
int
crawl_sitemap_done(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	struct crawl_site *s = x->site;
	size_t max_bytes = (size_t)c->opt->max_bytes < (size_t)SITEMAP_MAX_BYTES
	                           ? (size_t)c->opt->max_bytes : (size_t)SITEMAP_MAX_BYTES;
	struct sitemap sm;
	struct sitemap_urls urls;
	long status = 0;
	curl_off_t got = 0;
	size_t i;
	int rc = 0;

	memset(&sm, 0, sizeof sm);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
	c->st->bytes += got;
	if (x->refused[0])
		c->st->refused_private++;
	/* a sitemap over the cap is read as far as it came */
	if ((res != CURLE_OK && !x->too_big) || status / 100 != 2 ||
	    sitemap_parse(buf_str(&x->body), x->body.len, max_bytes, SITEMAP_MAX_URLS, &sm) != 0)
		goto out;
	if (sm.is_index) {
		for (i = 0; i < sm.n; i++)
			crawl_sitemap_queue(s, x->url, sm.locs[i], x->depth + 1);
		goto out;
	}
	urls.c = c;
	urls.x = x;
	urls.sm = &sm;
	rc = index_tx(c->idx, crawl_sitemap_urls_tx, &urls, c->err);
out:
	sitemap_release(&sm);
	return rc;
}

/* ---- re-extraction ---- */

struct crawl_reextract_ctx {
	struct index *idx;
	const struct rules *rules;
	struct cd_error *err;
	long pages;
	const struct stored_page *sp;   /* the page at hand */
	struct page_facts facts;        /* extracted from it */
};

static int
crawl_reextract_tx(struct index *idx, void *arg, struct cd_error *err)
{
	struct crawl_reextract_ctx *r = arg;

	return index_facts_replace(idx, r->sp->site_id, r->sp->page_id, &r->facts, err);
}


static int
crawl_reextract_page(const struct stored_page *sp, void *arg)
{
	struct crawl_reextract_ctx *r = arg;
	struct html_doc *d = NULL;
	int rc = 0;

	page_facts_init(&r->facts);
	r->sp = sp;
	/* non-HTML pages are stored with an empty body */
	if (sp->body == NULL || sp->body_len == 0)
		goto out;
	r->pages++;
	if ((d = html_parse(sp->body, sp->body_len, sp->url)) == NULL)
		goto out;
	extract_page(r->rules, d, &r->facts);
	rc = index_tx(r->idx, crawl_reextract_tx, r, r->err);
out:
	html_free(d);
	page_facts_release(&r->facts);
	return rc;
}


int
crawl_reextract(struct index *idx, const struct rules *rules, const char *site, long *pages,
                struct cd_error *err)
{
	struct crawl_reextract_ctx r;
	int64_t site_id = 0;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.idx = idx;
	r.rules = rules;
	r.err = err;
	if (pages)
		*pages = 0;
	if (site && (rc = index_site_find(idx, site, &site_id, err)) != 0)
		return rc;
	rc = index_pages_foreach(idx, site_id, crawl_reextract_page, &r, err);
	if (pages)
		*pages = r.pages;
	return rc;
}
