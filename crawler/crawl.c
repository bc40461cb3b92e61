/* crawl.c: the crawler: a libcurl multi loop over sites whose frontier
 * lives in the index. Per site: robots.txt first, then its queued URLs,
 * politely spaced; each response is stored, extracted and its links
 * queued in one transaction. The parts are in crawl_int.h's files; here
 * are the loop and crawl_run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "crawler/crawl_int.h"
#include "crawler/link_memo.h"
#include "crawler/url.h"
#include "crawler/warc.h"
#include "index/tx.h"


void
crawl_options_init(struct crawl_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_pages = CRAWL_DEFAULT_MAX_PAGES;
	o->max_depth = CRAWL_DEFAULT_MAX_DEPTH;
	o->concurrency = CRAWL_DEFAULT_CONCURRENCY;
	o->per_host = CRAWL_DEFAULT_PER_HOST;
	o->delay_ms = CRAWL_DEFAULT_DELAY_MS;
	o->timeout_s = CRAWL_DEFAULT_TIMEOUT_S;
	o->max_bytes = CRAWL_DEFAULT_MAX_BYTES_MIB * 1024L * 1024;
	o->max_redirects = CRAWL_DEFAULT_MAX_REDIRECTS;
	o->user_agent = NULL;
	o->connect_to = NULL;
	o->n_connect_to = 0;
	o->recrawl_after_s = -1;
	o->allow_private = false;
	o->on_progress = NULL;
	o->on_progress_arg = NULL;
	o->stop = NULL;
	o->warc_path = NULL;
}


double
crawl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


static bool
crawl_stopped(const struct crawl *c)
{
	return c->opt->stop != NULL && *c->opt->stop != 0;
}

/* Tells opt->on_page of a page that failed, was skipped or waits for a
 * retry. */
void
crawl_tell(struct crawl *c, enum crawl_page_event ev, const char *url, const char *why)
{
	if (c->opt->on_page == NULL)
		return;
	c->opt->on_page(c->opt->on_page_arg, ev, url, why ? why : "");
}

/* Tells opt->on_progress where the crawl stands, at most every
 * CRAWL_PROGRESS_S seconds. */
static void
crawl_progress(struct crawl *c, double now)
{
	struct crawl_progress p;

	if (c->opt->on_progress == NULL || now - c->last_progress < CRAWL_PROGRESS_S)
		return;
	c->last_progress = now;
	p.sites_done = c->sites_done;
	p.sites = (long)c->n_sites;
	p.pages = c->st->pages;
	p.errors = c->st->errors;
	p.elapsed_s = now - c->t0;
	c->opt->on_progress(c->opt->on_progress_arg, &p);
}

/* Reads finished transfers off the multi handle. */
static int
crawl_reap(struct crawl *c)
{
	CURLMsg *m = NULL;
	int left = 0, rc = 0;

	while ((m = curl_multi_info_read(c->multi, &left)) != NULL) {
		struct crawl_xfer *x = NULL;
		CURLcode res = m->data.result;   /* m is invalid after remove */
		int r = 0;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		crawl_xfer_detach(c, x);
		/* after a database failure the rest are dropped, still queued;
		 * a page is in the WARC before it is stored */
		if (rc == 0 && (r = crawl_warc_write(c, x, res)) == 0)
			r = x->kind == XFER_ROBOTS    ? crawl_robots_done(c, x, res)
			    : x->kind == XFER_SITEMAP ? crawl_sitemap_done(c, x, res)
			                              : crawl_page_done(c, x, res);
		if (r != 0)
			rc = r;
		/* what the site may do next changed: a slot, links, a delay */
		crawl_ready_wake(c, x->site);
		crawl_xfer_free(x);
	}
	return rc;
}

/* Milliseconds until some site may start a request, bounded. With every
 * transfer slot taken no site may start before one ends, which the poll
 * sees on its socket: waiting for a site that is due would spin. */
static long
crawl_poll_timeout(const struct crawl *c, double now)
{
	double first = crawl_ready_first(c), wait = CRAWL_POLL_MAX_MS / 1000.0;

	if ((long)c->n_xfers >= c->opt->concurrency || first < 0)
		return CRAWL_POLL_MAX_MS;
	if (first - now < wait)
		wait = first - now;
	return wait <= 0 ? 0 : (long)(wait * 1000.0) + 1;
}


static bool
crawl_finished(const struct crawl *c)
{
	return c->n_xfers == 0 && c->sites_done == (long)c->n_sites;
}

/* Starts what the due sites may start, while transfer slots are free.
 * Each site is looked at once per step (c->ready holds it again after,
 * when it still may start something); the sites that wait are not
 * looked at. */
static int
crawl_schedule_due(struct crawl *c, struct crawl_site **seen)
{
	double now = crawl_now();
	struct crawl_site *s = NULL;
	size_t n = 0;
	int rc = 0;

	while (rc == 0 && (long)c->n_xfers < c->opt->concurrency &&
	       (s = crawl_ready_due(c, now)) != NULL) {
		rc = crawl_site_schedule(c, s, now);
		seen[n++] = s;
	}
	for (size_t i = 0; i < n; i++)
		crawl_ready_wake(c, seen[i]);
	return rc;
}

static int
crawl_loop(struct crawl *c)
{
	struct crawl_site **seen = xreallocarray(NULL, c->n_sites + 1, sizeof *seen);
	int rc = 0;

	crawl_ready_init(c);
	for (;;) {
		if (crawl_stopped(c)) {
			rc = CD_EINTR;
			break;
		}
		if ((rc = index_batch_tick(c->idx, c->err)) != 0 ||
		    (rc = crawl_schedule_due(c, seen)) != 0 || crawl_finished(c) ||
		    (rc = crawl_events_wait(c, crawl_poll_timeout(c, crawl_now()))) != 0 ||
		    (rc = crawl_reap(c)) != 0)
			break;
		crawl_progress(c, crawl_now());
		if (crawl_finished(c))
			break;
	}
	free(seen);
	return rc;
}


static int
crawl_check_options(const struct crawl_options *o, struct cd_error *err)
{
	if (o->max_pages < 1 || o->max_depth < 0 || o->concurrency < 1 || o->per_host < 1 ||
	    o->delay_ms < 0 || o->timeout_s < 1 || o->max_bytes < 1 || o->max_redirects < 0)
		return cd_error_set(err, CD_EINVAL, "crawl options out of range");
	return 0;
}

static int
crawl_requeue_stale_tx(struct index *idx, void *arg, struct cd_error *err)
{
	const struct crawl *c = arg;
	int64_t older_than = (int64_t)time(NULL) - c->opt->recrawl_after_s;
	int rc = 0;

	for (size_t i = 0; i < c->n_sites && rc == 0; i++)
		rc = index_frontier_requeue_stale(idx, c->sites[i].id, older_than, NULL, err);
	return rc;
}

/* Adds URL l to the frontier of site s, or, s NULL, adds its site first
 * (which takes l, emptied; c->sites has room for every seed). */
static int
crawl_add_seed(struct crawl *c, struct crawl_site *s, struct url_link *l,
               const struct index_seed *extras)
{
	char *url = xstrdup(l->url);
	bool added = false;
	int rc = 0;

	if (s == NULL) {
		s = &c->sites[c->n_sites++];
		memset(s, 0, sizeof *s);
		s->base = *l;
		memset(l, 0, sizeof *l); /* transferred */
		s->state = SITE_NEW;
		s->delay_ms = c->opt->delay_ms;
		if ((rc = index_site_ensure(c->idx, s->base.site_key, s->base.url, &s->id,
		                            c->err)) != 0 ||
		    (rc = index_site_get_health(c->idx, s->id, &s->failures, &s->aside,
		                                c->err)) != 0)
			goto out;
	}
	/* a site crawled before gets the seeds file's facts now */
	if (s->seed == NULL && extras != NULL) {
		s->seed = extras;
		if ((rc = index_seed_apply(c->idx, s->id, extras, c->err)) != 0)
			goto out;
	}
	rc = index_frontier_add(c->idx, s->id, url, 0, CRAWL_SEED_PRIORITY, &added, c->err);
out:
	free(url);
	return rc;
}

/* The seeds of a crawl, checked and parsed (crawl_run). */
struct crawl_seeds {
	struct crawl *c;
	struct url_link *links;
	size_t n;
};

/* A seed's site key and place, to find seeds of one site by sorting. */
struct seed_key {
	const char *key;
	size_t i;
};

static int
seed_key_cmp(const void *a, const void *b)
{
	const struct seed_key *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	return d ? d : (x->i > y->i) - (x->i < y->i);
}

/* first[i]: the first seed of seed i's site (i itself for the first).
 * Sorted once, not a look through the sites per seed: a seeds file of
 * thousands of sites took quadratic time. */
static size_t *
crawl_seeds_first(const struct crawl_seeds *sd)
{
	struct seed_key *k = xreallocarray(NULL, sd->n + 1, sizeof *k);
	size_t *first = xreallocarray(NULL, sd->n + 1, sizeof *first);

	for (size_t i = 0; i < sd->n; i++)
		k[i] = (struct seed_key){ sd->links[i].site_key, i };
	qsort(k, sd->n, sizeof *k, seed_key_cmp);
	for (size_t i = 0; i < sd->n; i++)
		first[k[i].i] = i > 0 && strcmp(k[i].key, k[i - 1].key) == 0 ? first[k[i - 1].i]
		                                                             : k[i].i;
	free(k);
	return first;
}

/* Adds the seeds' sites and URLs; queues what an earlier crawl deferred
 * as far as this one's limits reach. One transaction. */
static int
crawl_seeds_tx(struct index *idx, void *arg, struct cd_error *err)
{
	struct crawl_seeds *sd = arg;
	struct crawl *c = sd->c;
	const struct crawl_options *opt = c->opt;
	size_t *first = crawl_seeds_first(sd);
	/* site[i]: the site of seed i, once added */
	struct crawl_site **site = xcalloc(sd->n + 1, sizeof *site);
	size_t i;
	int rc = 0;

	c->sites = xreallocarray(NULL, sd->n + 1, sizeof *c->sites);
	for (i = 0; i < sd->n && rc == 0; i++) {
		struct crawl_site *s = site[first[i]];

		if (s == NULL)
			site[i] = &c->sites[c->n_sites];
		rc = crawl_add_seed(c, s, &sd->links[i],
		                    opt->seed_extras ? opt->seed_extras[i] : NULL);
	}
	for (i = 0; i < c->n_sites && rc == 0; i++)
		if ((rc = index_frontier_promote(idx, c->sites[i].id, opt->max_depth, opt->max_pages,
		                                 NULL, err)) == 0)
			rc = index_frontier_count_deferred(idx, c->sites[i].id, &c->sites[i].n_deferred,
			                                   err);
	free(site);
	free(first);
	return rc;
}

/* Each site's frontier rows counted against --max-pages, kept in memory
 * from here on: one query per site, not one per page. */
static int
crawl_count_frontiers(struct crawl *c)
{
	int rc = 0;

	for (size_t i = 0; i < c->n_sites && rc == 0; i++)
		rc = index_frontier_count(c->idx, c->sites[i].id, &c->sites[i].n_counted, c->err);
	return rc;
}

/* Checks every seed before anything is written, and the --connect-to
 * entries. */
static int
crawl_check_seeds(struct crawl *c, const char *const *seeds, struct crawl_seeds *sd)
{
	const struct crawl_options *opt = c->opt;

	for (size_t i = 0; i < sd->n; i++) {
		char *url = url_from_seed(seeds[i]);
		int bad = url == NULL || url_link_parse(&sd->links[i], url, 0) != 0;

		free(url);
		if (bad)
			return cd_error_set(c->err, CD_EINVAL, "'%s' is not an http(s) site", seeds[i]);
	}
	for (size_t i = 0; i < opt->n_connect_to; i++) {
		struct curl_slist *l = curl_slist_append(c->connect_to, opt->connect_to[i]);

		if (l == NULL)
			return cd_error_set(c->err, CD_EINVAL, "bad --connect-to '%s'",
			                    opt->connect_to[i]);
		c->connect_to = l;
	}
	return 0;
}

/* After the loop: the links left for a crawl with higher limits, and the
 * sites of which nothing could be fetched, for the caller to say. rc is
 * how the loop ended; returned unless the count fails. */
static int
crawl_summarise(struct crawl *c, int rc)
{
	struct crawl_stats *stats = c->st;

	for (size_t i = 0; i < c->n_sites && rc == 0; i++) {
		int64_t n = 0;

		if ((rc = index_frontier_count_deferred(c->idx, c->sites[i].id, &n, c->err)) == 0)
			stats->deferred += (long)n;
	}
	for (size_t i = 0; i < c->n_sites; i++) {
		struct crawl_site *s = &c->sites[i];
		struct crawl_site_failure *f;

		if (s->answered || s->failure == NULL)
			continue;
		stats->failed_sites = xreallocarray(stats->failed_sites, stats->n_failed_sites + 1,
		                                    sizeof *stats->failed_sites);
		f = &stats->failed_sites[stats->n_failed_sites++];
		f->site = xstrdup(s->base.site_key);
		f->why = s->failure;
		s->failure = NULL; /* transferred */
		f->refused_private = s->refused_private;
	}
	return rc;
}

/* The multi handle, the WARC and the memo; then the loop, its batch
 * committed whatever stopped it. */
static int
crawl_fetch_all(struct crawl *c)
{
	const struct crawl_options *opt = c->opt;
	int rc = 0;

	if ((c->multi = curl_multi_init()) == NULL)
		return cd_error_set(c->err, CD_ENET, "cannot create a curl multi handle");
	/* open connections, busy or idle in the cache, stay within
	 * --concurrency: with thousands of hosts the cache would otherwise
	 * keep a socket per host it met (CRAWL_FILES_NEEDED) */
	curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, opt->concurrency);
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, opt->concurrency);
	if ((rc = crawl_events_init(c)) != 0)
		return rc;
	if (opt->warc_path && (rc = warc_open(opt->warc_path, &c->warc, c->err)) != 0)
		return rc;
	c->links = link_memo_new(CRAWL_LINK_MEMO);
	c->queries = query_counts_new(CRAWL_QUERY_PATHS);
	index_batch_start(c->idx, CRAWL_BATCH_STEPS, CRAWL_BATCH_SECONDS);
	rc = crawl_loop(c);
	/* the steps done so far are kept whatever stopped the loop */
	if (rc == 0)
		rc = index_batch_end(c->idx, c->err);
	else
		index_batch_end(c->idx, NULL);
	if (rc == CD_EINTR)
		cd_error_set(c->err, CD_EINTR, "crawl stopped");
	return rc;
}


void
crawl_stats_release(struct crawl_stats *st)
{
	for (size_t i = 0; i < st->n_failed_sites; i++) {
		free(st->failed_sites[i].site);
		free(st->failed_sites[i].why);
	}
	free(st->failed_sites);
	st->failed_sites = NULL;
	st->n_failed_sites = 0;
}

int
crawl_run(struct index *idx, const struct rules *rules, const struct crawl_options *opt,
          const char *const *seeds, size_t n_seeds, struct crawl_stats *stats,
          struct cd_error *err)
{
	struct crawl c;
	struct crawl_seeds sd = { &c, NULL, n_seeds };
	size_t i;
	int rc = 0;

	memset(&c, 0, sizeof c);
	c.epfd = -1;
	memset(stats, 0, sizeof *stats);
	sd.links = xcalloc(n_seeds + 1, sizeof *sd.links);
	c.idx = idx;
	c.rules = rules;
	c.opt = opt;
	c.st = stats;
	c.err = err;
	c.agent = opt->user_agent ? opt->user_agent : CRAWL_DEFAULT_AGENT;
	c.t0 = crawl_now();
	c.last_progress = c.t0 - CRAWL_PROGRESS_S;
	if ((rc = crawl_check_options(opt, err)) != 0 ||
	    (rc = crawl_check_seeds(&c, seeds, &sd)) != 0 ||
	    (rc = index_tx(idx, crawl_seeds_tx, &sd, err)) != 0)
		goto out;
	if (opt->recrawl_after_s >= 0 && (rc = index_tx(idx, crawl_requeue_stale_tx, &c, err)) != 0)
		goto out;
	if ((rc = crawl_count_frontiers(&c)) != 0)
		goto out;
	stats->sites = (long)c.n_sites;
	if ((rc = crawl_fetch_all(&c)) == 0 || c.links != NULL)
		rc = crawl_summarise(&c, rc);
out:
	/* in-flight transfers are dropped unmarked: they stay queued */
	while (c.n_xfers > 0)
		crawl_xfer_free(c.xfers[--c.n_xfers]);
	free(c.xfers);
	if (c.multi)
		curl_multi_cleanup(c.multi);
	crawl_events_release(&c);
	curl_slist_free_all(c.connect_to);
	warc_close(c.warc);
	link_memo_free(c.links);
	query_counts_free(c.queries);
	for (i = 0; i < c.n_sites; i++)
		crawl_site_release(&c.sites[i]);
	free(c.sites);
	free(c.ready);
	for (i = 0; i < n_seeds; i++)
		url_link_release(&sd.links[i]);
	free(sd.links);
	stats->elapsed_s = crawl_now() - c.t0;
	return rc;
}
