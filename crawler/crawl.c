/* crawl.c: the crawler: a libcurl multi loop over sites whose frontier
 * lives in the index. Per site: robots.txt first, then its queued URLs,
 * politely spaced; each response is stored, extracted and its links
 * queued in one transaction. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "crawler/fetch.h"
#include "crawler/link_memo.h"
#include "crawler/links.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"
#include "crawler/warc.h"
#include "extract/extract.h"

#define CRAWL_SEED_PRIORITY 100
#define CRAWL_MAX_DELAY_MS 60000      /* a larger Crawl-delay is cut to this */
#define CRAWL_POLL_MAX_MS 250         /* wake at least this often (stop, progress) */
#define CRAWL_HEADER_MAX 1024         /* longest header value kept */
/* Group commit: a page's step is a savepoint; the transaction holding the
 * steps commits every 64 pages or half a second. One WAL commit per page
 * was a fifth of a crawl's CPU. */
#define CRAWL_BATCH_STEPS 64
#define CRAWL_LINK_MEMO 16384      /* links remembered (see link_memo.h) */
#define CRAWL_BATCH_SECONDS 0.5
#define CRAWL_ROBOTS_MAX (500 * 1024) /* robots.txt bytes read (RFC 9309) */
#define CRAWL_ROBOTS_REDIRECTS 5L     /* hops followed for robots.txt (RFC 9309) */
#define CRAWL_ROBOTS_FRESH_S 86400    /* a stored robots.txt is reused for a day */
#define CRAWL_SITEMAPS_MAX 16         /* sitemap files read per site and run */
#define CRAWL_SITEMAP_LEVELS 2        /* index -> index -> urlset, no deeper */
#define CRAWL_TOO_BIG "body larger than --max-bytes"
#define CRAWL_NOTE_MAX 10000          /* queued items told why they wait */
#define CRAWL_HEADERS_MAX (64 * 1024) /* response header bytes, all hops together */
#define CRAWL_HEADERS_BIG "response headers larger than 64 KiB"
#define CRAWL_MAX_ATTEMPTS 3          /* tries of a URL that keeps failing transiently */
#define CRAWL_RETRY_IN_RUN 60         /* a longer wait is left for the next run (s) */
#define CRAWL_BACKOFF_CAP 60          /* longest backoff between attempts (s) */
#define CRAWL_SET_ASIDE 5             /* consecutive failures that set a site aside */
#define CRAWL_MAX_QUERIES 20          /* distinct query strings queued per path */
#define CRAWL_RULE_SHOWN 200          /* bytes of a robots.txt rule kept as a reason */
/* Links kept per site beyond --max-pages and --max-depth for a crawl with
 * higher limits; past this many a site's further links are dropped (the
 * pages that link them are fetched again by --recrawl-after). */
#define CRAWL_DEFERRED_MAX 10000

enum crawl_site_state {
	SITE_NEW,        /* robots.txt not asked for yet */
	SITE_ROBOTS,     /* robots.txt in flight */
	SITE_READY,      /* fetching its frontier */
	SITE_DONE,
};

struct crawl_site {
	int64_t id;
	char *key;              /* "https://glow.test" */
	char *base_url;         /* the first seed of the site */
	struct robots *robots;
	enum crawl_site_state state;
	long in_flight;
	long delay_ms;
	double next_start;      /* monotonic seconds: no request starts before */
	int failures;           /* consecutive failed fetches (sites.failures) */
	char *aside;            /* why it was set aside (sites.set_aside), or NULL */
	bool aside_now;         /* set aside in this run */
	char *hold;             /* why no new request starts this run, or NULL */
	bool idle;              /* nothing queued at the last look */
	bool robots_failed;     /* robots.txt unreadable: nothing fetched this run */
	bool answered;          /* a page had an HTTP answer this run */
	char *failure;          /* the first failure this run, or NULL */
	bool refused_private;   /* a private address was refused this run */
	int64_t n_deferred;     /* its deferred frontier rows (about) */
	/* sitemaps to read: [maps_next..n_maps) wait, each with its level
	 * (0 from robots.txt, 1 from an index, ...) */
	char **maps;
	int *map_level;
	size_t n_maps, maps_next;
};

struct crawl_xfer {
	struct crawl *c;
	struct crawl_site *site;
	CURL *easy;
	bool is_robots;
	bool is_sitemap;        /* depth holds its level */
	int64_t item_id;
	char *url;
	int depth;
	struct buf body;
	struct warc_capture *warc;   /* heads kept for --warc, or NULL */
	bool too_big;
	bool page;                /* a frontier page (not robots.txt, not a sitemap) */
	int attempts;             /* earlier transient failures of the item */
	long status;              /* of the last status line seen */
	size_t header_bytes;
	bool headers_too_big;
	char *retry_after;
	char skipped[160];        /* "skipped: content type image/png", or "" */
	char *content_type, *etag, *last_modified;
	struct curl_slist *conditional;   /* If-None-Match/-Modified-Since sent, or NULL */
	char refused[INET6_ADDRSTRLEN];   /* the private address refused, or "" */
	char errbuf[CURL_ERROR_SIZE];
};

struct crawl {
	struct index *idx;
	const struct rules *rules;
	const struct crawl_options *opt;
	struct crawl_stats *st;
	struct cd_error *err;
	const char *agent;
	CURLM *multi;
	struct curl_slist *connect_to;
	struct warc *warc;           /* --warc, or NULL */
	struct crawl_site *sites;
	size_t n_sites;
	struct crawl_xfer **xfers;   /* in flight */
	size_t n_xfers;
	long sites_done;
	double t0, last_progress;
	int progress_len;
	struct link_memo *links;     /* links already made frontier URLs */
};

void
crawl_options_init(struct crawl_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_pages = 200;
	o->max_depth = 5;
	o->concurrency = 32;
	o->per_host = 2;
	o->delay_ms = 1000;
	o->timeout_s = 30;
	o->max_bytes = 5L * 1024 * 1024;
	o->max_redirects = 5;
	o->user_agent = NULL;
	o->connect_to = NULL;
	o->n_connect_to = 0;
	o->recrawl_after_s = -1;
	o->allow_private = false;
	o->progress = false;
	o->stop = NULL;
	o->warc_path = NULL;
}

static double
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

/* ---- one transfer ---- */

static size_t
crawl_on_body(char *p, size_t size, size_t n, void *arg)
{
	struct crawl_xfer *x = arg;

	/* with CURLOPT_ACCEPT_ENCODING these are decoded bytes: a gzip bomb
	 * stops at the cap like any other body */
	if (x->skipped[0])
		return 0;
	if (buf_append(&x->body, p, size * n) != 0) {
		x->too_big = true;
		return 0;   /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	return size * n;
}

/* Keeps a header value (cleaned and bounded) in *dst. */
static void
crawl_header_keep(char **dst, const char *v, size_t n)
{
	char *clean = NULL;

	free(*dst);
	if (n > CRAWL_HEADER_MAX)
		n = CRAWL_HEADER_MAX;
	clean = text_utf8_clean(v, n);
	*dst = text_for_terminal(clean, false);
	free(clean);
}

/* At the end of a page's final 2xx header block: a type that is clearly
 * not HTML is not downloaded at all. Returns false to abort. */
static bool
crawl_headers_end(struct crawl_xfer *x)
{
	size_t n = 0;

	if (!x->page || x->status / 100 != 2 || fetch_type_of(x->content_type) != FETCH_TYPE_OTHER)
		return true;
	n = strcspn(x->content_type, "; \t");
	snprintf(x->skipped, sizeof x->skipped, "skipped: content type %.*s",
	         (int)(n < 100 ? n : 100), x->content_type);
	return false;
}

/* Collects status, validators, type and Retry-After of the final response:
 * each status line (a redirect hop, a 100 Continue) starts afresh. The
 * header bytes of all hops together are capped. */
static size_t
crawl_on_header(char *p, size_t size, size_t n, void *arg)
{
	struct crawl_xfer *x = arg;
	size_t len = size * n, flen;
	const char *colon, *v, *e = p + len;

	x->header_bytes += len;
	if (x->header_bytes > CRAWL_HEADERS_MAX) {
		x->headers_too_big = true;
		return 0;   /* aborts the transfer */
	}
	if (x->warc)
		warc_capture_header(x->warc, p, len);
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->content_type);
		free(x->etag);
		free(x->last_modified);
		free(x->retry_after);
		x->content_type = x->etag = x->last_modified = x->retry_after = NULL;
		/* "HTTP/1.1 200 OK": the code after the first space */
		v = memchr(p, ' ', len);
		x->status = 0;
		for (v = v ? v + 1 : e; v < e && *v >= '0' && *v <= '9' && x->status < 1000; v++)
			x->status = x->status * 10 + (*v - '0');
		return len;
	}
	if (len <= 2 && (p[0] == '\r' || p[0] == '\n'))   /* the blank line */
		return crawl_headers_end(x) ? len : 0;
	if ((colon = memchr(p, ':', len)) == NULL)
		return len;
	flen = (size_t)(colon - p);
	for (v = colon + 1; v < e && (*v == ' ' || *v == '\t'); v++)
		;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (flen == 12 && strncasecmp(p, "content-type", flen) == 0)
		crawl_header_keep(&x->content_type, v, (size_t)(e - v));
	else if (flen == 4 && strncasecmp(p, "etag", flen) == 0)
		crawl_header_keep(&x->etag, v, (size_t)(e - v));
	else if (flen == 13 && strncasecmp(p, "last-modified", flen) == 0)
		crawl_header_keep(&x->last_modified, v, (size_t)(e - v));
	else if (flen == 11 && strncasecmp(p, "retry-after", flen) == 0)
		crawl_header_keep(&x->retry_after, v, (size_t)(e - v));
	return len;
}

/* Sees every address curl is about to connect to, on every redirect hop
 * and after --connect-to, so no name can lead us to a private network. */
static curl_socket_t
crawl_on_opensocket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct crawl_xfer *x = arg;
	struct sockaddr_in6 sin6;
	struct sockaddr_in sin;
	const void *ip = NULL;

	if (purpose == CURLSOCKTYPE_IPCXN) {
		if (a->family == AF_INET && a->addrlen >= sizeof sin) {
			memcpy(&sin, &a->addr, sizeof sin);
			ip = &sin.sin_addr;
		} else if (a->family == AF_INET6 && a->addrlen >= sizeof sin6) {
			memcpy(&sin6, &a->addr, sizeof sin6);
			ip = &sin6.sin6_addr;
		}
		if (ip == NULL || url_ip_is_private(a->family, ip)) {
			if (ip == NULL || inet_ntop(a->family, ip, x->refused, sizeof x->refused) == NULL)
				snprintf(x->refused, sizeof x->refused, "(family %d)", a->family);
			return CURL_SOCKET_BAD;
		}
	}
	return socket(a->family, a->socktype, a->protocol);
}

static void
crawl_xfer_free(struct crawl_xfer *x)
{
	if (x == NULL)
		return;
	if (x->easy) {
		if (x->c && x->c->multi)
			curl_multi_remove_handle(x->c->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	buf_release(&x->body);
	warc_capture_free(x->warc);
	free(x->url);
	free(x->content_type);
	free(x->etag);
	free(x->last_modified);
	free(x->retry_after);
	curl_slist_free_all(x->conditional);
	free(x);
}

/* A page stored with validators is asked for conditionally: a 304 then
 * keeps what is stored (crawl_page_not_modified). */
static int
crawl_xfer_conditional(struct crawl *c, struct crawl_xfer *x)
{
	char *etag = NULL, *lm = NULL, *h = NULL;
	int rc = 0;

	if ((rc = index_page_validators(c->idx, x->url, &etag, &lm, c->err)) != 0)
		goto out;
	if (etag && !strpbrk(etag, "\r\n")) {
		h = xasprintf("If-None-Match: %s", etag);
		x->conditional = curl_slist_append(x->conditional, h);
		free(h);
	}
	if (lm && !strpbrk(lm, "\r\n")) {
		h = xasprintf("If-Modified-Since: %s", lm);
		x->conditional = curl_slist_append(x->conditional, h);
		free(h);
	}
	if (x->conditional)
		curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->conditional);
out:
	free(etag);
	free(lm);
	return rc;
}

/* Starts fetching url for site; the transfer is added to the multi
 * handle and to c->xfers. */
static int
crawl_xfer_start(struct crawl *c, struct crawl_site *site, const char *url, bool is_robots,
                 int64_t item_id, int depth)
{
	const struct crawl_options *o = c->opt;
	struct crawl_xfer *x = xcalloc(1, sizeof *x);
	CURL *e = NULL;
	int rc = 0;

	x->c = c;
	x->site = site;
	x->is_robots = is_robots;
	x->item_id = item_id;
	x->url = xstrdup(url);
	x->depth = depth;
	buf_init(&x->body, is_robots ? CRAWL_ROBOTS_MAX : (size_t)o->max_bytes);
	if ((e = x->easy = curl_easy_init()) == NULL) {
		rc = cd_error_set(c->err, CD_ENET, "cannot create a curl handle");
		goto out;
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, is_robots ? CRAWL_ROBOTS_REDIRECTS : o->max_redirects);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->agent);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 100L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 20L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* TLS is verified, always: CURLOPT_SSL_VERIFYPEER and _VERIFYHOST keep
	 * curl's defaults (on) and are never set here. A server that drips
	 * bytes is cut by the low-speed limit, or by CURLOPT_TIMEOUT at the
	 * latest; either is recorded as the page's failure. */
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, crawl_on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, crawl_on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	if (!is_robots)   /* a Content-Length over the cap fails at once */
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
	if (c->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);
	if (c->warc && !is_robots) {   /* the debug callback sees the request head */
		x->warc = warc_capture_new();
		curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, warc_capture_debug);
		curl_easy_setopt(e, CURLOPT_DEBUGDATA, x->warc);
		curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	}
	if (!o->allow_private) {
		curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, crawl_on_opensocket);
		curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
	}
	if (item_id > 0 && (rc = crawl_xfer_conditional(c, x)) != 0)
		goto out;
	if (curl_multi_add_handle(c->multi, e) != CURLM_OK) {
		rc = cd_error_set(c->err, CD_ENET, "cannot start a transfer of %s", url);
		goto out;
	}
	c->xfers = xreallocarray(c->xfers, c->n_xfers + 1, sizeof *c->xfers);
	c->xfers[c->n_xfers++] = x;
	x = NULL; /* transferred */
	site->in_flight++;
	site->next_start = crawl_now() + (double)site->delay_ms / 1000.0;
out:
	if (x) {
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
		crawl_xfer_free(x);
	}
	return rc;
}

/* Takes x out of the in-flight list (it stays allocated). */
static void
crawl_xfer_detach(struct crawl *c, struct crawl_xfer *x)
{
	for (size_t i = 0; i < c->n_xfers; i++) {
		if (c->xfers[i] == x) {
			c->xfers[i] = c->xfers[--c->n_xfers];
			break;
		}
	}
	x->site->in_flight--;
	x->site->idle = false;
}

/* The error text of a finished transfer, or NULL when it succeeded. */
static const char *
crawl_xfer_error(const struct crawl_xfer *x, CURLcode res, char *tmp, size_t tmp_size)
{
	if (res == CURLE_OK)
		return NULL;
	if (x->skipped[0])
		return x->skipped;
	if (x->headers_too_big)
		return CRAWL_HEADERS_BIG;
	if (x->too_big || res == CURLE_FILESIZE_EXCEEDED)
		return CRAWL_TOO_BIG;
	if (x->refused[0]) {
		snprintf(tmp, tmp_size, "refused: private address %s", x->refused);
		return tmp;
	}
	if (x->errbuf[0]) {
		snprintf(tmp, tmp_size, "%s", x->errbuf);
		return tmp;
	}
	return curl_easy_strerror(res);
}

static void crawl_progress_clear(struct crawl *c);

/* Tells opt->on_page of a page that failed, was skipped or waits for a
 * retry. */
static void
crawl_tell(struct crawl *c, enum crawl_page_event ev, const char *url, const char *why)
{
	if (c->opt->on_page == NULL)
		return;
	crawl_progress_clear(c);
	c->opt->on_page(c->opt->on_page_arg, ev, url, why ? why : "");
}

/* Keeps the first failure of site s this run, curl's error code first
 * ("(6) Could not resolve host: x.test") as curl's tool prints it: what
 * the summary says of a site of which nothing could be fetched. */
static void
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

static int
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

/* Notes on the queued items of s why they were not fetched this run;
 * they stay queued for the next one. */
static int
crawl_site_note(struct crawl *c, struct crawl_site *s, const char *why)
{
	struct frontier_item *items = NULL;
	size_t n = 0, i;
	int rc = 0;

	if ((rc = index_frontier_next(c->idx, s->id, CRAWL_NOTE_MAX, NULL, 0, &items, &n,
	                              c->err)) != 0)
		return rc;
	if (n > 0 && (rc = index_begin(c->idx, c->err)) == 0) {
		for (i = 0; i < n && rc == 0; i++)
			rc = index_frontier_mark(c->idx, items[i].id, FRONTIER_QUEUED, why, c->err);
		if (rc == 0)
			rc = index_commit(c->idx, c->err);
		else
			index_rollback(c->idx);
	}
	for (i = 0; i < n; i++)
		free(items[i].url);
	free(items);
	return rc;
}

/* Queues a sitemap of site s at level (0: named by robots.txt) when it
 * is on the site, allowed, new, and within the per-run count. */
static void
crawl_sitemap_queue(struct crawl_site *s, const char *url, int level)
{
	char *pq = NULL;

	if (s->n_maps >= CRAWL_SITEMAPS_MAX || level > CRAWL_SITEMAP_LEVELS ||
	    !url_same_site(s->key, url) || (pq = url_path_query(url)) == NULL)
		goto out;
	if (!robots_allowed(s->robots, pq, NULL, NULL))
		goto out;
	for (size_t i = 0; i < s->n_maps; i++)
		if (strcmp(s->maps[i], url) == 0)
			goto out;
	s->maps = xreallocarray(s->maps, s->n_maps + 1, sizeof *s->maps);
	s->map_level = xreallocarray(s->map_level, s->n_maps + 1, sizeof *s->map_level);
	s->maps[s->n_maps] = xstrdup(url);
	s->map_level[s->n_maps++] = level;
out:
	free(pq);
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
	for (size_t i = 0; i < robots_sitemap_count(s->robots); i++) {
		char *u = url_resolve(s->base_url, robots_sitemap(s->robots, i));

		if (u)
			crawl_sitemap_queue(s, u, 0);
		free(u);
	}
	if (robots_sitemap_count(s->robots) == 0) {
		char *u = url_resolve(s->base_url, "/sitemap.xml");

		if (u)
			crawl_sitemap_queue(s, u, 0);
		free(u);
	}
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

static int
crawl_robots_done(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	struct crawl_site *s = x->site;
	long status = 0;
	char *clean = NULL, *why = NULL;
	char tmp[CURL_ERROR_SIZE + 64];
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

/* ---- pages ---- */

/* Higher for pages that usually hold claims, lower for archives. */
static int
crawl_priority(const char *url)
{
	static const char *const good[] = { "team", "about", "staff", "provider", "doctor",
	                                    "physician", "service", "treatment", "contact",
	                                    "location", "procedure" };
	static const char *const poor[] = { "blog", "news", "tag/", "tags/", "page=",
	                                    "category", "/feed", "cart", "login" };
	char *pq = url_path_query(url);
	int pri = 0;

	if (pq == NULL)
		return 0;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (strcasestr(pq, good[i])) {
			pri = 10;
			break;
		}
	for (size_t i = 0; i < sizeof poor / sizeof poor[0]; i++)
		if (strcasestr(pq, poor[i])) {
			pri = -10;
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

/* Queues u (cleaned, same site) at depth unless the frontier is full or
 * u's path already has CRAWL_MAX_QUERIES query strings queued: endless
 * ?q=1, ?q=2, ... stop there. *count is the site's frontier size. */
static int
crawl_queue_link(struct crawl *c, struct crawl_site *s, const char *u, int depth,
                 int64_t *count)
{
	const char *q = strchr(u, '?');
	char *prefix = NULL;
	int64_t n = 0;
	bool added = false;
	enum frontier_state state = FRONTIER_QUEUED;
	int rc = 0;

	/* beyond a limit the link is kept, deferred, for a crawl with higher
	 * limits to carry on from */
	if (*count >= c->opt->max_pages || depth > c->opt->max_depth) {
		if (s->n_deferred >= CRAWL_DEFERRED_MAX)
			return 0;
		state = FRONTIER_DEFERRED;
	}
	if (q != NULL) {
		prefix = xstrndup(u, (size_t)(q - u) + 1);
		rc = index_frontier_count_prefix(c->idx, s->id, prefix, &n, c->err);
		free(prefix);
		if (rc != 0)
			return rc;
		if (n >= CRAWL_MAX_QUERIES) {
			c->st->traps_cut++;
			return 0;
		}
	}
	if ((rc = index_frontier_add_state(c->idx, s->id, u, depth, crawl_priority(u), state,
	                                   &added, c->err)) != 0)
		return rc;
	if (added && state == FRONTIER_QUEUED) {
		(*count)++;
		s->idle = false;
	} else if (added) {
		s->n_deferred++;
	}
	return 0;
}

/* True when no link of a page at depth - 1 can be queued or deferred. */
static bool
crawl_links_full(const struct crawl *c, const struct crawl_site *s, int64_t count, int depth)
{
	return (count >= c->opt->max_pages || depth > c->opt->max_depth) &&
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
	int64_t *count;         /* the site's frontier size */
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

	if (f->rc != 0 || crawl_links_full(c, f->s, *f->count, f->depth))
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
		f->rc = crawl_queue_link(c, f->s, u, f->depth, f->count);
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
static int
crawl_extract_and_follow(struct crawl *c, struct crawl_site *s, int64_t page_id,
                         const char *html, size_t len, const char *url, int depth)
{
	struct html_doc *d = html_parse(html, len, url);
	struct page_facts facts;
	struct follow f = { 0 };
	char *canon = NULL, *target = NULL, *self = NULL, *slash = NULL;
	int64_t count = 0;
	int rc = 0;

	page_facts_init(&facts);
	if (d == NULL)
		goto out;
	extract_page(c->rules, d, &facts);
	if ((rc = index_facts_replace(c->idx, s->id, page_id, &facts, c->err)) != 0)
		goto out;
	if ((rc = index_frontier_count(c->idx, s->id, &count, c->err)) != 0)
		goto out;
	if ((canon = html_canonical(d)) != NULL && url_same_site(s->key, canon) &&
	    (target = crawl_link_key(s, canon)) != NULL &&
	    (self = crawl_link_key(s, url)) != NULL && strcmp(target, self) != 0) {
		rc = crawl_queue_link(c, s, target, depth, &count);
		goto out;
	}
	if (crawl_links_full(c, s, count, depth + 1))
		goto out;
	f.c = c;
	f.s = s;
	f.d = d;
	f.depth = depth + 1;
	f.count = &count;
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

/* True when a failed fetch is worth trying again later: the server said
 * so (429, 503), it failed inside (500, 502, 504), or the connection broke
 * or stalled. Not: our own limits, refused addresses, redirect loops. */
static bool
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
static int
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
	if ((rc = index_begin(c->idx, c->err)) != 0)
		goto out;
	if ((rc = index_frontier_attempt(c->idx, x->item_id, FRONTIER_QUEUED, attempts,
	                                 wall + wait, reason, c->err)) != 0 ||
	    (rc = crawl_site_health(c, s, status != 429, why)) != 0) {
		index_rollback(c->idx);
		goto out;
	}
	if ((rc = index_commit(c->idx, c->err)) != 0)
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

/* A 304 to a conditional request: the stored page, its facts and status
 * stay; it is fresh as of now and its item done. One transaction. */
static int
crawl_page_not_modified(struct crawl *c, struct crawl_xfer *x)
{
	int rc = 0;

	c->st->pages++;
	c->st->not_modified++;
	x->site->answered = true;
	if ((rc = index_begin(c->idx, c->err)) != 0)
		return rc;
	if ((rc = index_page_refresh(c->idx, x->url, (int64_t)time(NULL), x->etag,
	                             x->last_modified, c->err)) != 0 ||
	    (rc = index_frontier_attempt(c->idx, x->item_id, FRONTIER_DONE, 0, 0, NULL,
	                                 c->err)) != 0 ||
	    (rc = crawl_site_health(c, x->site, false, NULL)) != 0) {
		index_rollback(c->idx);
		return rc;
	}
	return index_commit(c->idx, c->err);
}

/* Stores a finished page transfer and what it leads to, in one
 * transaction, or puts it back for another attempt. Returns 0 or CD_EDB
 * (which ends the crawl). */
static int
crawl_page_done(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	struct crawl_site *s = x->site;
	struct index_page p;
	char tmp[CURL_ERROR_SIZE + 64], why[CURL_ERROR_SIZE + 64];
	const char *error = crawl_xfer_error(x, res, tmp, sizeof tmp), *binary = NULL;
	char *eff = NULL, *final_url = NULL, *clean = NULL, *gave_up = NULL, *skipped = NULL;
	long status = 0;
	curl_off_t got = 0;
	int64_t page_id = 0;
	bool html = false, transient = false;
	enum frontier_state state = FRONTIER_DONE;
	int rc = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	c->st->bytes += got;
	if (res == CURLE_OK && status == 304 && x->conditional)
		return crawl_page_not_modified(c, x);
	if ((transient = crawl_transient(x, res, status))) {
		if (error)
			snprintf(why, sizeof why, "%s", error);
		else
			snprintf(why, sizeof why, "HTTP %ld", status);
		crawl_site_failed(s, x, res, why);
		if (x->attempts + 1 < CRAWL_MAX_ATTEMPTS)
			return crawl_page_retry(c, x, status, why);
		gave_up = xasprintf("gave up after %d attempts: %s", x->attempts + 1, why);
		error = gave_up;
	}
	final_url = eff ? url_normalise(eff) : NULL;
	if (final_url == NULL)
		final_url = xstrdup(x->url);
	c->st->status_class[status >= 100 && status < 600 ? status / 100 : 0]++;
	if (status > 0) {
		c->st->pages++;
		s->answered = true;
	}
	if (x->skipped[0]) {
		c->st->skipped_type++;
		state = FRONTIER_SKIPPED;
	} else if (error) {
		c->st->errors++;
		if (x->refused[0])
			c->st->refused_private++;
		state = FRONTIER_FAILED;
		crawl_site_failed(s, x, res, error);
	}

	memset(&p, 0, sizeof p);
	p.url = x->url;
	p.final_url = final_url;
	p.status = status;
	p.content_type = x->content_type;
	p.fetched_at = (int64_t)time(NULL);
	p.etag = x->etag;
	p.last_modified = x->last_modified;
	p.bytes = (int64_t)got;
	p.error = error;
	if (error == NULL && status / 100 == 2) {
		html = fetch_is_html(x->content_type, buf_str(&x->body), x->body.len);
		/* a PDF labelled text/html is still a PDF */
		if (html && (binary = fetch_sniff_binary(buf_str(&x->body), x->body.len)) != NULL) {
			html = false;
			skipped = xasprintf("skipped: content is %s, not the HTML its type says",
			                    binary);
			p.error = skipped;
			state = FRONTIER_SKIPPED;
			c->st->skipped_type++;
		}
		/* only HTML is kept, in UTF-8 whatever its charset, for
		 * re-extraction; other bodies are recorded as seen (an empty
		 * body) but not kept */
		clean = html ? fetch_to_utf8(x->content_type, buf_str(&x->body), x->body.len)
		             : xstrdup("");
		p.body = clean;
		p.body_len = strlen(clean);
	} else if (x->skipped[0]) {
		clean = xstrdup("");   /* seen, not read: as any other non-HTML page */
		p.body = clean;
	}

	if (p.error) {
		crawl_tell(c, state == FRONTIER_SKIPPED ? CRAWL_PAGE_SKIPPED : CRAWL_PAGE_FAILED, x->url,
		           p.error);
	} else if (status >= 400) {   /* an answer, but no page: 404, 410, 500 ... */
		snprintf(why, sizeof why, "HTTP %ld", status);
		crawl_tell(c, CRAWL_PAGE_FAILED, x->url, why);
	}
	if ((rc = index_begin(c->idx, c->err)) != 0)
		goto out;
	if ((rc = index_page_store(c->idx, s->id, &p, &page_id, c->err)) != 0)
		goto fail;
	if ((rc = index_frontier_attempt(c->idx, x->item_id, state,
	                                 x->attempts + (transient ? 1 : 0), 0, p.error,
	                                 c->err)) != 0)
		goto fail;
	/* a response says the server works; a last transient failure does not */
	if (status > 0 || transient)
		if ((rc = crawl_site_health(c, s, transient && status != 429, error)) != 0)
			goto fail;
	/* a redirect to another site is recorded but not read */
	if (html && url_same_site(s->key, final_url) &&
	    (rc = crawl_extract_and_follow(c, s, page_id, p.body, p.body_len, final_url,
	                                   x->depth)) != 0)
		goto fail;
	rc = index_commit(c->idx, c->err);
	goto out;
fail:
	index_rollback(c->idx);
out:
	free(clean);
	free(final_url);
	free(gave_up);
	free(skipped);
	return rc;
}

/* Reads a finished sitemap: an index queues its sitemaps a level down; a
 * urlset adds its pages of this site to the frontier at depth 1, as many
 * as --max-pages leaves room for, in one transaction. A sitemap that
 * fails is passed over: the site is still crawled from its links. */
static int
crawl_sitemap_done(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	struct crawl_site *s = x->site;
	size_t max_bytes = (size_t)c->opt->max_bytes < (size_t)SITEMAP_MAX_BYTES
	                           ? (size_t)c->opt->max_bytes : (size_t)SITEMAP_MAX_BYTES;
	struct sitemap sm;
	long status = 0;
	curl_off_t got = 0;
	int64_t count = 0;
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
		for (i = 0; i < sm.n; i++) {
			char *u = url_resolve(x->url, sm.locs[i]);

			if (u)
				crawl_sitemap_queue(s, u, x->depth + 1);
			free(u);
		}
		goto out;
	}
	if ((rc = index_begin(c->idx, c->err)) != 0)
		goto out;
	rc = index_frontier_count(c->idx, s->id, &count, c->err);
	for (i = 0; i < sm.n && !crawl_links_full(c, s, count, 1) && rc == 0; i++) {
		char *u = url_resolve(x->url, sm.locs[i]), *clean = u ? url_clean(u) : NULL;
		char *canon = NULL;

		if (clean && url_same_site(s->key, clean)) {
			canon = crawl_link_canonical(s, clean);
			rc = crawl_queue_link(c, s, canon, 1, &count);
		}
		free(canon);
		free(clean);
		free(u);
	}
	if (rc == 0)
		rc = index_commit(c->idx, c->err);
	else
		index_rollback(c->idx);
out:
	sitemap_release(&sm);
	return rc;
}

/* ---- the loop ---- */

/* Starts what may start now at site s: its robots.txt, or frontier items
 * within the per-site and global limits and the site's delay. */
static int
crawl_site_schedule(struct crawl *c, struct crawl_site *s, double now)
{
	const struct crawl_options *o = c->opt;
	struct frontier_item *items = NULL;
	int64_t *exclude = NULL;
	size_t n = 0, n_ex = 0, i;
	char *robots_url = NULL, *pq = NULL;
	const char *rule = NULL;
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

			if ((rc = crawl_xfer_start(c, s, s->maps[m], false, 0, s->map_level[m])) != 0)
				goto out;
			c->xfers[c->n_xfers - 1]->is_sitemap = true;
			continue;
		}
		n_ex = 0;
		free(exclude);
		exclude = xreallocarray(NULL, c->n_xfers + 1, sizeof *exclude);
		/* the query is for this site: only its ids matter */
		for (i = 0; i < c->n_xfers; i++)
			if (c->xfers[i]->site == s && !c->xfers[i]->is_robots)
				exclude[n_ex++] = c->xfers[i]->item_id;
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
			if ((robots_url = url_resolve(s->base_url, "/robots.txt")) == NULL) {
				rc = cd_error_set(c->err, CD_EINVAL, "no robots.txt URL for %s", s->key);
				goto out;
			}
			s->state = SITE_ROBOTS;
			rc = crawl_xfer_start(c, s, robots_url, true, 0, 0);
			goto out;
		}
		pq = url_path_query(items[0].url);
		if (pq == NULL || !robots_allowed(s->robots, pq, NULL, &rule)) {
			/* a rule may be 500 KiB long: the reason kept per URL is cut */
			char *cut = text_truncate(rule ? rule : "disallowed", CRAWL_RULE_SHOWN);
			char *why = pq ? xasprintf("robots.txt: %s%s", cut,
			                           strlen(cut) < strlen(rule ? rule : "") ? "..." : "")
			               : xstrdup("not an http(s) URL");

			free(cut);

			if (pq)
				c->st->robots_denied++;
			crawl_tell(c, CRAWL_PAGE_SKIPPED, items[0].url, why);
			rc = index_frontier_mark(c->idx, items[0].id, FRONTIER_SKIPPED, why, c->err);
			free(why);
			if (rc != 0)
				goto out;
		} else if ((rc = crawl_xfer_start(c, s, items[0].url, false, items[0].id,
		                                  items[0].depth)) != 0) {
			goto out;
		} else {
			c->xfers[c->n_xfers - 1]->page = true;
			c->xfers[c->n_xfers - 1]->attempts = items[0].attempts;
		}
		free(pq);
		pq = NULL;
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
	free(pq);
	free(robots_url);
	return rc;
}

static void
crawl_progress(struct crawl *c, double now, bool force)
{
	double rate;

	if (!c->opt->progress || (!force && now - c->last_progress < 0.25))
		return;
	c->last_progress = now;
	rate = now > c->t0 ? (double)c->st->pages / (now - c->t0) : 0.0;
	c->progress_len = fprintf(stderr, "\r sites %ld/%zu  pages %ld  errors %ld  %.1f pages/s",
	                          c->sites_done, c->n_sites, c->st->pages, c->st->errors, rate);
	fflush(stderr);
}

static void
crawl_progress_clear(struct crawl *c)
{
	if (!c->opt->progress || c->progress_len <= 0)
		return;
	fprintf(stderr, "\r%*s\r", c->progress_len, "");
	fflush(stderr);
	c->progress_len = 0;
}

/* --warc: a page's final response, with the request that asked for it.
 * Redirect hops are not written, nor a 304 (nothing new to keep), nor a
 * transfer that failed or was cut (over --max-bytes, not HTML). */
static int
crawl_warc_write(struct crawl *c, struct crawl_xfer *x, CURLcode res)
{
	char *eff = NULL, *ip = NULL;
	long status = 0;

	if (x->warc == NULL || !x->page || res != CURLE_OK)
		return 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip);
	if (status == 304)
		return 0;
	return warc_write_exchange(c->warc, x->warc, eff ? eff : x->url, ip, buf_str(&x->body),
	                           x->body.len, c->err);
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
			r = x->is_robots ? crawl_robots_done(c, x, res)
			    : x->is_sitemap ? crawl_sitemap_done(c, x, res) : crawl_page_done(c, x, res);
		if (r != 0)
			rc = r;
		crawl_xfer_free(x);
	}
	return rc;
}

/* Milliseconds until some site may start a request, bounded. */
static long
crawl_poll_timeout(const struct crawl *c, double now)
{
	double wait = CRAWL_POLL_MAX_MS / 1000.0;

	for (size_t i = 0; i < c->n_sites; i++) {
		const struct crawl_site *s = &c->sites[i];

		if (s->state == SITE_DONE || s->state == SITE_ROBOTS || s->idle ||
		    s->in_flight >= c->opt->per_host)
			continue;
		if (s->next_start - now < wait)
			wait = s->next_start - now;
	}
	return wait <= 0 ? 0 : (long)(wait * 1000.0) + 1;
}

static bool
crawl_finished(const struct crawl *c)
{
	if (c->n_xfers > 0)
		return false;
	for (size_t i = 0; i < c->n_sites; i++)
		if (c->sites[i].state != SITE_DONE)
			return false;
	return true;
}

static int
crawl_loop(struct crawl *c)
{
	int rc = 0, running = 0;

	for (;;) {
		double now = crawl_now();

		if (crawl_stopped(c))
			return CD_EINTR;
		if ((rc = index_batch_tick(c->idx, c->err)) != 0)
			return rc;
		for (size_t i = 0; i < c->n_sites; i++)
			if ((rc = crawl_site_schedule(c, &c->sites[i], now)) != 0)
				return rc;
		if (crawl_finished(c))
			return 0;
		if (curl_multi_perform(c->multi, &running) != CURLM_OK)
			return cd_error_set(c->err, CD_ENET, "curl_multi_perform failed");
		if ((rc = crawl_reap(c)) != 0)
			return rc;
		crawl_progress(c, crawl_now(), false);
		if (crawl_finished(c))
			return 0;
		if (curl_multi_poll(c->multi, NULL, 0, (int)crawl_poll_timeout(c, crawl_now()),
		                    NULL) != CURLM_OK)
			return cd_error_set(c->err, CD_ENET, "curl_multi_poll failed");
	}
}

static int
crawl_check_options(const struct crawl_options *o, struct cd_error *err)
{
	if (o->max_pages < 1 || o->max_depth < 0 || o->concurrency < 1 || o->per_host < 1 ||
	    o->delay_ms < 0 || o->timeout_s < 1 || o->max_bytes < 1 || o->max_redirects < 0)
		return cd_error_set(err, CD_EINVAL, "crawl options out of range");
	return 0;
}

/* --recrawl-after: the seeds' pages fetched that long ago are queued
 * again, all sites in one transaction. */
static int
crawl_requeue_stale(struct crawl *c)
{
	int64_t older_than = (int64_t)time(NULL) - c->opt->recrawl_after_s;
	int rc = 0;

	if ((rc = index_begin(c->idx, c->err)) != 0)
		return rc;
	for (size_t i = 0; i < c->n_sites && rc == 0; i++)
		rc = index_frontier_requeue_stale(c->idx, c->sites[i].id, older_than, NULL, c->err);
	if (rc != 0) {
		index_rollback(c->idx);
		return rc;
	}
	return index_commit(c->idx, c->err);
}

/* Finds or adds the site of seed url; adds url to its frontier. */
static int
crawl_add_seed(struct crawl *c, const char *url, const char *key)
{
	struct crawl_site *s = NULL;
	bool added = false;
	int rc = 0;

	for (size_t i = 0; i < c->n_sites; i++)
		if (strcmp(c->sites[i].key, key) == 0)
			s = &c->sites[i];
	if (s == NULL) {
		c->sites = xreallocarray(c->sites, c->n_sites + 1, sizeof *c->sites);
		s = &c->sites[c->n_sites++];
		memset(s, 0, sizeof *s);
		s->key = xstrdup(key);
		s->base_url = xstrdup(url);
		s->state = SITE_NEW;
		s->delay_ms = c->opt->delay_ms;
		if ((rc = index_site_ensure(c->idx, key, url, &s->id, c->err)) != 0 ||
		    (rc = index_site_get_health(c->idx, s->id, &s->failures, &s->aside,
		                                c->err)) != 0)
			return rc;
	}
	return index_frontier_add(c->idx, s->id, url, 0, CRAWL_SEED_PRIORITY, &added, c->err);
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
	char **urls = xcalloc(n_seeds + 1, sizeof *urls);
	char **keys = xcalloc(n_seeds + 1, sizeof *keys);
	size_t i;
	int rc = 0;

	memset(&c, 0, sizeof c);
	memset(stats, 0, sizeof *stats);
	c.idx = idx;
	c.rules = rules;
	c.opt = opt;
	c.st = stats;
	c.err = err;
	c.agent = opt->user_agent ? opt->user_agent : CRAWL_DEFAULT_AGENT;
	c.t0 = crawl_now();
	if ((rc = crawl_check_options(opt, err)) != 0)
		goto out;
	/* every seed is checked before anything is written */
	for (i = 0; i < n_seeds; i++) {
		if ((urls[i] = url_from_seed(seeds[i])) == NULL ||
		    (keys[i] = url_site_key(urls[i])) == NULL) {
			rc = cd_error_set(err, CD_EINVAL, "'%s' is not an http(s) site", seeds[i]);
			goto out;
		}
	}
	for (i = 0; i < opt->n_connect_to; i++) {
		struct curl_slist *l = curl_slist_append(c.connect_to, opt->connect_to[i]);

		if (l == NULL) {
			rc = cd_error_set(err, CD_EINVAL, "bad --connect-to '%s'", opt->connect_to[i]);
			goto out;
		}
		c.connect_to = l;
	}
	if ((rc = index_begin(idx, err)) != 0)
		goto out;
	for (i = 0; i < n_seeds && rc == 0; i++)
		rc = crawl_add_seed(&c, urls[i], keys[i]);
	/* links an earlier crawl deferred are queued as far as the limits of
	 * this one reach */
	for (i = 0; i < c.n_sites && rc == 0; i++)
		if ((rc = index_frontier_promote(idx, c.sites[i].id, opt->max_depth, opt->max_pages,
		                                 NULL, err)) == 0)
			rc = index_frontier_count_deferred(idx, c.sites[i].id, &c.sites[i].n_deferred,
			                                   err);
	if (rc != 0) {
		index_rollback(idx);
		goto out;
	}
	if ((rc = index_commit(idx, err)) != 0)
		goto out;
	if (opt->recrawl_after_s >= 0 && (rc = crawl_requeue_stale(&c)) != 0)
		goto out;
	stats->sites = (long)c.n_sites;
	if ((c.multi = curl_multi_init()) == NULL) {
		rc = cd_error_set(err, CD_ENET, "cannot create a curl multi handle");
		goto out;
	}
	curl_multi_setopt(c.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, opt->concurrency);
	if (opt->warc_path && (rc = warc_open(opt->warc_path, &c.warc, err)) != 0)
		goto out;
	c.links = link_memo_new(CRAWL_LINK_MEMO);
	index_batch_start(idx, CRAWL_BATCH_STEPS, CRAWL_BATCH_SECONDS);
	rc = crawl_loop(&c);
	/* the steps done so far are kept whatever stopped the loop */
	if (rc == 0)
		rc = index_batch_end(idx, err);
	else
		index_batch_end(idx, NULL);
	if (rc == CD_EINTR)
		cd_error_set(err, CD_EINTR, "crawl stopped");
	/* the links left for a crawl with higher limits */
	for (i = 0; i < c.n_sites && rc == 0; i++) {
		int64_t n = 0;

		if ((rc = index_frontier_count_deferred(idx, c.sites[i].id, &n, err)) == 0)
			stats->deferred += (long)n;
	}
	/* the sites of which nothing could be fetched, for the caller to say */
	for (i = 0; i < c.n_sites; i++) {
		struct crawl_site *s = &c.sites[i];
		struct crawl_site_failure *f;

		if (s->answered || s->failure == NULL)
			continue;
		stats->failed_sites = xreallocarray(stats->failed_sites, stats->n_failed_sites + 1,
		                                    sizeof *stats->failed_sites);
		f = &stats->failed_sites[stats->n_failed_sites++];
		f->site = xstrdup(s->key);
		f->why = s->failure;
		s->failure = NULL; /* transferred */
		f->refused_private = s->refused_private;
	}
out:
	/* in-flight transfers are dropped unmarked: they stay queued */
	while (c.n_xfers > 0)
		crawl_xfer_free(c.xfers[--c.n_xfers]);
	free(c.xfers);
	if (c.multi)
		curl_multi_cleanup(c.multi);
	curl_slist_free_all(c.connect_to);
	warc_close(c.warc);
	link_memo_free(c.links);
	for (i = 0; i < c.n_sites; i++) {
		free(c.sites[i].key);
		free(c.sites[i].base_url);
		free(c.sites[i].aside);
		free(c.sites[i].hold);
		free(c.sites[i].failure);
		robots_free(c.sites[i].robots);
		for (size_t m = 0; m < c.sites[i].n_maps; m++)
			free(c.sites[i].maps[m]);
		free(c.sites[i].maps);
		free(c.sites[i].map_level);
	}
	free(c.sites);
	for (i = 0; i < n_seeds; i++) {
		free(urls[i]);
		free(keys[i]);
	}
	free(urls);
	free(keys);
	stats->elapsed_s = crawl_now() - c.t0;
	crawl_progress_clear(&c);
	return rc;
}

/* ---- re-extraction ---- */

struct crawl_reextract_ctx {
	struct index *idx;
	const struct rules *rules;
	struct cd_error *err;
	long pages;
};

static int
crawl_reextract_page(const struct stored_page *sp, void *arg)
{
	struct crawl_reextract_ctx *r = arg;
	struct html_doc *d = NULL;
	struct page_facts facts;
	int rc = 0;

	page_facts_init(&facts);
	/* non-HTML pages are stored with an empty body */
	if (sp->body == NULL || sp->body_len == 0)
		goto out;
	r->pages++;
	if ((d = html_parse(sp->body, sp->body_len, sp->url)) == NULL)
		goto out;
	extract_page(r->rules, d, &facts);
	if ((rc = index_begin(r->idx, r->err)) != 0)
		goto out;
	if ((rc = index_facts_replace(r->idx, sp->site_id, sp->page_id, &facts, r->err)) != 0) {
		index_rollback(r->idx);
		goto out;
	}
	rc = index_commit(r->idx, r->err);
out:
	html_free(d);
	page_facts_release(&facts);
	return rc;
}

int
crawl_reextract(struct index *idx, const struct rules *rules, const char *site, long *pages,
                struct cd_error *err)
{
	struct crawl_reextract_ctx r = { idx, rules, err, 0 };
	int64_t site_id = 0;
	int rc = 0;

	if (pages)
		*pages = 0;
	if (site && (rc = index_site_find(idx, site, &site_id, err)) != 0)
		return rc;
	rc = index_pages_foreach(idx, site_id, crawl_reextract_page, &r, err);
	if (pages)
		*pages = r.pages;
	return rc;
}
