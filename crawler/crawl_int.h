/* crawl_int.h: what the crawler's files share: the state of a crawl,
 * of each site and of each transfer, and the functions one file offers
 * the others. Not for use outside crawler/.
 *   transfer.c  curl transfers and their callbacks
 *   site.c      the per-site machine: robots.txt, sitemaps, politeness,
 *               health, scheduling
 *   links.c     link policy: which links are queued, how spelt, in what
 *               order
 *   results.c   writing what a transfer brought into the index
 *   ready.c     the sites that may start a request, soonest first
 *   events.c    the sockets curl waits on, told by epoll
 *   crawl.c     the loop and crawl_run */
#ifndef CD_CRAWL_INT_H
#define CD_CRAWL_INT_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "crawler/crawl.h"
#include "crawler/link_memo.h"
#include "crawler/query_counts.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "crawler/warc.h"

#define CRAWL_SEED_PRIORITY 100
#define CRAWL_MAX_DELAY_MS 60000      /* a larger Crawl-delay is cut to this */
#define CRAWL_POLL_MAX_MS 250         /* wake at least this often (stop, progress) */
#define CRAWL_HEADER_MAX 1024         /* longest header value kept */
/* Group commit: a page's step is a savepoint; the transaction holding the
 * steps commits every 64 pages or half a second. One WAL commit per page
 * was a fifth of a crawl's CPU. */
#define CRAWL_BATCH_STEPS 64
#define CRAWL_LINK_MEMO 16384      /* links remembered (see link_memo.h) */
#define CRAWL_QUERY_PATHS 4096     /* paths whose query count is kept */
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

#define CRAWL_SKIPPED_MAX 160         /* "skipped: content type ..." kept */
#define CRAWL_TYPE_SHOWN 100          /* bytes of a content type in that text */
#define CRAWL_PROGRESS_S 0.25         /* least gap between progress reports */
#define CRAWL_CONNECT_TIMEOUT_S 10L
#define CRAWL_LOW_SPEED_BPS 100L      /* slower than this ... */
#define CRAWL_LOW_SPEED_S 20L         /* ... for this long cuts a transfer */
/* room for curl's error text and what is said around it */
#define CRAWL_WHY_MAX (CURL_ERROR_SIZE + 64)

enum crawl_site_state {
	SITE_NEW,        /* robots.txt not asked for yet */
	SITE_ROBOTS,     /* robots.txt in flight */
	SITE_READY,      /* fetching its frontier */
	SITE_DONE,
};

/* What a transfer fetches, fixed when it starts. */
enum crawl_xfer_kind {
	XFER_ROBOTS,     /* the site's robots.txt */
	XFER_SITEMAP,    /* a sitemap; depth holds its level */
	XFER_PAGE,       /* a frontier page */
};
struct crawl_site {
	int64_t id;
	/* the first seed of the site, parsed; base.site_key is the site's
	 * key ("https://glow.test"), base.url the seed */
	struct url_link base;
	const struct index_seed *seed;  /* a seeds file's name and places, or NULL */
	struct robots *robots;
	enum crawl_site_state state;
	long in_flight;
	long delay_ms;
	double next_start;      /* monotonic seconds: no request starts before */
	double ready_at;        /* its key in c->ready (ready.c) */
	size_t ready_pos;       /* 1 + its place in c->ready; 0: not there */
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
	int64_t n_counted;      /* its frontier rows counted against --max-pages */
	/* sitemaps to read: [maps_next..n_maps) wait, each with its level
	 * (0 from robots.txt, 1 from an index, ...) */
	char **maps;
	int *map_level;
	size_t n_maps, maps_next;
};

struct crawl_xfer {
	struct crawl *c;
	struct crawl_site *site;
	size_t slot;                 /* its place in c->xfers */
	CURL *easy;
	enum crawl_xfer_kind kind;
	int64_t item_id;
	char *url;
	int depth;
	struct buf body;
	struct warc_capture *warc;   /* heads kept for --warc, or NULL */
	bool too_big;
	int attempts;             /* earlier transient failures of the item */
	long status;              /* of the last status line seen */
	size_t header_bytes;
	bool headers_too_big;
	char *retry_after;
	char skipped[CRAWL_SKIPPED_MAX];        /* "skipped: content type image/png", or "" */
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
	int epfd;                    /* the transfers' sockets (events.c), or -1 */
	double curl_due;             /* when curl asked to be called, or -1 */
	struct curl_slist *connect_to;
	struct warc *warc;           /* --warc, or NULL */
	struct crawl_site *sites;
	size_t n_sites;
	struct crawl_xfer **xfers;   /* in flight; each knows its slot */
	size_t n_xfers;
	/* the sites that may start something, a heap (ready.c); the rest
	 * wait for a transfer of theirs to end */
	struct crawl_site **ready;
	size_t n_ready;
	long sites_done;
	double t0, last_progress;
	struct link_memo *links;     /* links already made frontier URLs */
	struct query_counts *queries;  /* URLs per path with a query (query_counts.h) */
};

/* crawl.c */
double crawl_now(void);
/* Tells opt->on_page of a page that failed, was skipped or waits. */
void crawl_tell(struct crawl *c, enum crawl_page_event ev, const char *url, const char *why);

/* transfer.c */
/* Starts fetching url of the given kind for site; the transfer joins the
 * multi handle and c->xfers. item_id and attempts are the frontier item's
 * (0 for robots.txt and sitemaps); depth is a page's depth or a sitemap's
 * level. */
int crawl_xfer_start(struct crawl *c, struct crawl_site *site, enum crawl_xfer_kind kind,
                     const char *url, int64_t item_id, int depth, int attempts);
void crawl_xfer_free(struct crawl_xfer *x);
/* Takes x out of the in-flight list (it stays allocated). */
void crawl_xfer_detach(struct crawl *c, struct crawl_xfer *x);
/* The error text of a finished transfer, or NULL when it succeeded. */
const char *crawl_xfer_error(const struct crawl_xfer *x, CURLcode res, char *tmp,
                             size_t tmp_size);
/* --warc: a page's final response, with its request. */
int crawl_warc_write(struct crawl *c, struct crawl_xfer *x, CURLcode res);

/* site.c */
void crawl_site_failed(struct crawl_site *s, const struct crawl_xfer *x, CURLcode res,
                       const char *why);
int crawl_site_finish(struct crawl *c, struct crawl_site *s);
int crawl_site_note(struct crawl *c, struct crawl_site *s, const char *why);
void crawl_sitemap_queue(struct crawl_site *s, const char *base, const char *ref, int level);
int crawl_robots_done(struct crawl *c, struct crawl_xfer *x, CURLcode res);
bool crawl_transient(const struct crawl_xfer *x, CURLcode res, long status);
int crawl_site_health(struct crawl *c, struct crawl_site *s, bool failed, const char *why);
int crawl_site_schedule(struct crawl *c, struct crawl_site *s, double now);
void crawl_site_release(struct crawl_site *s);

/* events.c */
/* Has c->multi tell its sockets and timer to c (c->epfd made). */
int crawl_events_init(struct crawl *c);
void crawl_events_release(struct crawl *c);
/* Waits at most wait_ms (less when curl's timer is due sooner) for
 * sockets, and lets curl act on those that are ready and on its timer. */
int crawl_events_wait(struct crawl *c, long wait_ms);

/* ready.c */
/* Puts every site in the heap that may start something. */
void crawl_ready_init(struct crawl *c);
/* Puts s in the heap, keyed by when it may start, when crawl_site_schedule
 * would start something for it; takes it out when not. Whoever changes
 * what s may do (a transfer of its ended, its delay) calls it. */
void crawl_ready_wake(struct crawl *c, struct crawl_site *s);
/* Takes out and returns the soonest site when it is due at now, or NULL. */
struct crawl_site *crawl_ready_due(struct crawl *c, double now);
/* When the soonest site in the heap may start, or -1 when none is. */
double crawl_ready_first(const struct crawl *c);

/* links.c */
/* link, cleaned and spelt with the site's host, queued when allowed;
 * NULL links and other sites' links are passed over. */
int crawl_queue_sitemap_link(struct crawl *c, struct crawl_site *s,
                             const struct url_base *base, const char *loc);
bool crawl_links_full(const struct crawl *c, const struct crawl_site *s, int depth);
int crawl_extract_and_follow(struct crawl *c, struct crawl_site *s, int64_t page_id,
                             const char *html, size_t len, const char *url, int depth);

/* results.c */
int crawl_page_done(struct crawl *c, struct crawl_xfer *x, CURLcode res);
int crawl_sitemap_done(struct crawl *c, struct crawl_xfer *x, CURLcode res);

#endif
