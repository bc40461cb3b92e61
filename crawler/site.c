/* site.c: the per-site machine of the crawler: robots.txt (fetched or
 * cached), its sitemaps, the politeness delay, the site's health (set
 * aside after failures in a row) and which request of a site starts
 * next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/crawl_int.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "index/tx.h"

/* Keeps the first failure of site s this run, curl's error code first
 * ("(6) Could not resolve host: x.test") as curl's tool prints it: what
 * the summary says of a site of which nothing could be fetched. */
void
crawl_site_failed(struct crawl_site *s, const struct crawl_xfer *x, CURLcode res,
                  const char *why)
{
	if (x->refused[0])
		s->refused_private = true;
	if (s->failure != NULL)
		return;
	if (res != CURLE_OK && !x->too_big && !x->skipped[0] && !x->headers_too_big)
		s->failure = xasprintf("(%d) %s", (int)res, why);
	else
		s->failure = xstrdup(why);
}

/* ---- sites ---- */

int
crawl_site_finish(struct crawl *c, struct crawl_site *s)
{
	int rc = 0;

	if (s->state == SITE_DONE)
		return 0;
	/* a site whose robots.txt was never read, or could not be, was not
	 * crawled */
	if (s->robots && !s->robots_failed)
		rc = index_site_set_crawled(c->idx, s->id, (int64_t)time(NULL), c->err);
	s->state = SITE_DONE;
	c->sites_done++;
	return rc;
}

/* The items of a site told why they wait (crawl_site_note). */
struct site_note {
	const struct frontier_item *items;
	size_t n;
	const char *why;
};

static int
crawl_site_note_tx(struct index *idx, void *arg, struct cd_error *err)
{
	const struct site_note *sn = arg;
	int rc = 0;

	for (size_t i = 0; i < sn->n && rc == 0; i++)
		rc = index_frontier_mark(idx, sn->items[i].id, FRONTIER_QUEUED, sn->why, err);
	return rc;
}

/* Notes on the queued items of s why they were not fetched this run;
 * they stay queued for the next one. */
int
crawl_site_note(struct crawl *c, struct crawl_site *s, const char *why)
{
	struct frontier_item *items = NULL;
	size_t n = 0, i;
	int rc = 0;

	if ((rc = index_frontier_next(c->idx, s->id, CRAWL_NOTE_MAX, NULL, 0, &items, &n,
	                              c->err)) != 0)
		return rc;
	if (n > 0) {
		struct site_note note = { items, n, why };

		rc = index_tx(c->idx, crawl_site_note_tx, &note, c->err);
	}
	for (i = 0; i < n; i++)
		free(items[i].url);
	free(items);
	return rc;
}

/* Queues the sitemap ref (resolved against base) of site s at level (0:
 * named by robots.txt) when it is on the site, allowed, new, and within
 * the per-run count. */
void
crawl_sitemap_queue(struct crawl_site *s, const char *base, const char *ref, int level)
{
	struct url_link l = { 0 };

	if (s->n_maps >= CRAWL_SITEMAPS_MAX || level > CRAWL_SITEMAP_LEVELS ||
	    url_link_resolve(&l, base, ref, 0) != 0 || !url_link_same_site(&s->base, &l))
		goto out;
	if (!robots_allowed(s->robots, l.path, NULL, NULL))
		goto out;
	for (size_t i = 0; i < s->n_maps; i++)
		if (strcmp(s->maps[i], l.url) == 0)
			goto out;
	s->maps = xreallocarray(s->maps, s->n_maps + 1, sizeof *s->maps);
	s->map_level = xreallocarray(s->map_level, s->n_maps + 1, sizeof *s->map_level);
	s->maps[s->n_maps] = l.url;
	l.url = NULL; /* transferred */
	s->map_level[s->n_maps++] = level;
out:
	url_link_release(&l);
}

/* s->robots is known: its Crawl-delay applies and its pages may start.
 * When it was just fetched, its sitemaps (else /sitemap.xml) are read. */
static void
crawl_robots_ready(struct crawl_site *s, bool fetched)
{
	long delay = robots_crawl_delay_ms(s->robots);

	if (delay > CRAWL_MAX_DELAY_MS)
		delay = CRAWL_MAX_DELAY_MS;
	if (delay > s->delay_ms) {
		s->delay_ms = delay;
		s->next_start = crawl_now() + (double)delay / 1000.0;
	}
	s->state = SITE_READY;
	if (!fetched || s->robots_failed)
		return;
	for (size_t i = 0; i < robots_sitemap_count(s->robots); i++)
		crawl_sitemap_queue(s, s->base.url, robots_sitemap(s->robots, i), 0);
	if (robots_sitemap_count(s->robots) == 0)
		crawl_sitemap_queue(s, s->base.url, "/sitemap.xml", 0);
}

/* Takes robots.txt from the index when it was read less than a day ago
 * with an answer that keeps (2xx rules; 3xx and 4xx: none); a failure
 * (5xx, unreachable) is always asked again. Leaves s->state SITE_NEW
 * when there is nothing usable. */
static int
crawl_robots_cached(struct crawl *c, struct crawl_site *s)
{
	int64_t when = 0, now = (int64_t)time(NULL);
	char *body = NULL;
	int status = 0, rc = 0;

	if ((rc = index_site_get_robots(c->idx, s->id, &status, &body, &when, c->err)) != 0)
		goto out;
	if (when > now || now - when >= CRAWL_ROBOTS_FRESH_S || status < 200 || status >= 500)
		goto out;
	s->robots = status < 300 && body ? robots_parse(body, strlen(body), c->agent)
	                                 : robots_allow_all();
	crawl_robots_ready(s, false);
out:
	free(body);
	return rc;
}


int
crawl_robots_done(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	struct crawl_site *s = x->site;
	long status = 0;
	char *clean = NULL, *why = NULL;
	char tmp[CRAWL_WHY_MAX];
	curl_off_t got = 0;
	int rc = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
	c->st->bytes += got;
	if (x->refused[0])
		c->st->refused_private++;
	/* a robots.txt over 500 KiB is read as far as that */
	if (res == CURLE_OK || (x->too_big && status / 100 == 2)) {
		if (status / 100 == 2)
			s->robots = robots_parse(x->body.data, x->body.len, c->agent);
		else if (status / 100 == 3 || status / 100 == 4)
			s->robots = robots_allow_all();
	}
	/* more than five redirects: "unavailable", like a 4xx (RFC 9309 2.3.1.2) */
	if (res == CURLE_TOO_MANY_REDIRECTS && s->robots == NULL)
		s->robots = robots_allow_all();
	if (s->robots == NULL) {
		const char *e = crawl_xfer_error(x, res, tmp, sizeof tmp);

		c->st->errors++;
		s->robots = robots_deny_all();
		s->robots_failed = true;
		if (e)
			why = xasprintf("robots.txt not read: %s", e);
		else
			why = xasprintf("robots.txt not read: HTTP status %ld", status);
		crawl_site_failed(s, x, res, e ? e : why);
		crawl_tell(c, CRAWL_PAGE_FAILED, x->url, why);
	}
	if (status / 100 == 2)
		clean = text_utf8_clean(buf_str(&x->body), x->body.len);
	/* a failure to record it does not stop the crawl of the site */
	index_site_set_robots(c->idx, s->id, (int)status, clean, (int64_t)time(NULL), NULL);
	free(clean);
	crawl_robots_ready(s, true);
	/* deny all "for this run": the queue stays for the next one */
	if (s->robots_failed && (rc = crawl_site_note(c, s, why)) == 0)
		rc = crawl_site_finish(c, s);
	free(why);
	return rc;
}

/* True when a failed fetch is worth trying again later: the server said
 * so (429, 503), it failed inside (500, 502, 504), or the connection broke
 * or stalled. Not: our own limits, refused addresses, redirect loops. */
bool
crawl_transient(const struct crawl_xfer *x, CURLcode res, long status)
{
	if (x->refused[0] || x->too_big || x->skipped[0] || x->headers_too_big)
		return false;
	switch (res) {
	case CURLE_OK:
		return status == 429 || status == 500 || status == 502 || status == 503 ||
		       status == 504;
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_COULDNT_CONNECT:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

/* Records one more failure (or, failed false, a success) of site s; at
 * CRAWL_SET_ASIDE failures in a row the site is set aside: it starts no
 * more requests this run and sites.set_aside says why. Inside the
 * caller's transaction. */
int
crawl_site_health(struct crawl *c, struct crawl_site *s, bool failed, const char *why)
{
	if (!failed) {
		if (s->failures == 0 && s->aside == NULL)
			return 0;
		s->failures = 0;
		free(s->aside);
		s->aside = NULL;
		return index_site_set_health(c->idx, s->id, 0, NULL, c->err);
	}
	/* a site set aside in an earlier run gets one request: failing
	 * again sets it aside again at once */
	if (++s->failures >= CRAWL_SET_ASIDE && !s->aside_now) {
		free(s->aside);
		s->aside = xasprintf("set aside after %d failures in a row, the last: %s",
		                     s->failures, why ? why : "unknown");
		s->aside_now = true;
		c->st->set_aside++;
		if (s->hold == NULL)
			s->hold = xstrdup(s->aside);
	}
	return index_site_set_health(c->idx, s->id, s->failures, s->aside, c->err);
}

/* Starts fetching the frontier item it of site s, or marks it skipped
 * when robots.txt disallows it. */
static int
crawl_site_start_item(struct crawl *c, struct crawl_site *s, const struct frontier_item *it)
{
	/* the frontier holds URLs as url_link made them: no parse needed */
	const char *pq = url_normalised_path(it->url), *rule = NULL;
	char *cut = NULL, *why = NULL;
	int rc = 0;

	if (robots_allowed(s->robots, pq, NULL, &rule)) {
		rc = crawl_xfer_start(c, s, XFER_PAGE, it->url, it->id, it->depth, it->attempts);
		goto out;
	}
	/* a rule may be 500 KiB long: the reason kept per URL is cut */
	cut = text_truncate(rule ? rule : "disallowed", CRAWL_RULE_SHOWN);
	why = xasprintf("robots.txt: %s%s", cut, strlen(cut) < strlen(rule ? rule : "") ? "..." : "");
	c->st->robots_denied++;
	crawl_tell(c, CRAWL_PAGE_SKIPPED, it->url, why);
	rc = index_frontier_mark(c->idx, it->id, FRONTIER_SKIPPED, why, c->err);
out:
	free(cut);
	free(why);
	return rc;
}

/* Starts what may start now at site s: its robots.txt, or frontier items
 * within the per-site and global limits and the site's delay. */
int
crawl_site_schedule(struct crawl *c, struct crawl_site *s, double now)
{
	const struct crawl_options *o = c->opt;
	struct frontier_item *items = NULL;
	int64_t *exclude = NULL;
	size_t n = 0, n_ex = 0, i, k;
	char *robots_url = NULL;
	int rc = 0;

	if (s->state == SITE_DONE || s->state == SITE_ROBOTS)
		return 0;
	/* set aside, or asked for a long pause: what is queued stays for the
	 * next run, told why */
	if (s->hold != NULL) {
		if (s->in_flight == 0 && (rc = crawl_site_note(c, s, s->hold)) == 0)
			rc = crawl_site_finish(c, s);
		return rc;
	}
	while ((long)c->n_xfers < o->concurrency && s->in_flight < o->per_host &&
	       now >= s->next_start && !s->idle) {
		/* sitemaps first: they add to the frontier (none without depth) */
		if (s->state == SITE_READY && s->maps_next < s->n_maps && o->max_depth >= 1) {
			size_t m = s->maps_next++;

			if ((rc = crawl_xfer_start(c, s, XFER_SITEMAP, s->maps[m], 0,
			                           s->map_level[m], 0)) != 0)
				goto out;
			continue;
		}
		n_ex = 0;
		free(exclude);
		exclude = xreallocarray(NULL, (size_t)s->in_flight + 1, sizeof *exclude);
		/* the query is for this site: only its ids matter, and with
		 * nothing of its in flight (--per-host 1) none is looked for */
		for (i = 0, k = 0; i < c->n_xfers && k < (size_t)s->in_flight; i++) {
			if (c->xfers[i]->site != s)
				continue;
			k++;
			if (c->xfers[i]->kind != XFER_ROBOTS)
				exclude[n_ex++] = c->xfers[i]->item_id;
		}
		if ((rc = index_frontier_next(c->idx, s->id, 1, exclude, n_ex, &items, &n,
		                              c->err)) != 0)
			goto out;
		if (n == 0) {
			int64_t wall = (int64_t)time(NULL), when = 0;

			/* an item put back for a retry soon: come back then */
			if ((rc = index_frontier_next_retry(c->idx, s->id, wall, &when, c->err)) != 0)
				goto out;
			if (when > 0 && when - wall <= CRAWL_RETRY_IN_RUN) {
				s->next_start = now + (double)(when - wall);
				goto out;
			}
			s->idle = true;
			if (s->in_flight == 0 && s->state == SITE_READY)
				rc = crawl_site_finish(c, s);
			else if (s->state == SITE_NEW)   /* nothing to do: no robots.txt */
				rc = crawl_site_finish(c, s);
			goto out;
		}
		if (s->state == SITE_NEW) {
			/* a robots.txt read less than a day ago is not asked again */
			if ((rc = crawl_robots_cached(c, s)) != 0 || s->state != SITE_NEW)
				goto out;
			if ((robots_url = url_resolve(s->base.url, "/robots.txt")) == NULL) {
				rc = cd_error_set(c->err, CD_EINVAL, "no robots.txt URL for %s", s->base.site_key);
				goto out;
			}
			s->state = SITE_ROBOTS;
			rc = crawl_xfer_start(c, s, XFER_ROBOTS, robots_url, 0, 0, 0);
			goto out;
		}
		if ((rc = crawl_site_start_item(c, s, &items[0])) != 0)
			goto out;
		for (i = 0; i < n; i++)
			free(items[i].url);
		free(items);
		items = NULL;
		n = 0;
	}
out:
	for (i = 0; i < n; i++)
		free(items[i].url);
	free(items);
	free(exclude);
	free(robots_url);
	return rc;
}

/* Frees what site s holds (not s itself). */
void
crawl_site_release(struct crawl_site *s)
{
	url_link_release(&s->base);
	free(s->aside);
	free(s->hold);
	free(s->failure);
	robots_free(s->robots);
	for (size_t m = 0; m < s->n_maps; m++)
		free(s->maps[m]);
	free(s->maps);
	free(s->map_level);
}
