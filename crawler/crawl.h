/* crawl.h: the crawler: seeds in, pages and facts into the index.
 * libcurl multi interface; the frontier lives in the database, so a
 * killed crawl resumes when the same command runs again. */
#ifndef CD_CRAWL_H
#define CD_CRAWL_H
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "common/error.h"
#include "extract/rules.h"
#include "index/index.h"
#include "index/seed.h"

/* What crawl_options.on_page is told of a page (-v). */
enum crawl_page_event {
	CRAWL_PAGE_FAILED,    /* no usable answer: it is not tried again this run */
	CRAWL_PAGE_SKIPPED,   /* not fetched or not read: robots.txt, its type */
	CRAWL_PAGE_RETRY,     /* a transient failure: put back for another attempt */
};

/* The defaults crawl_options_init sets, which crawl --help prints (and
 * t0163 finds in the man page): change them here only. */
#define CRAWL_DEFAULT_MAX_PAGES 200
#define CRAWL_DEFAULT_MAX_DEPTH 5
#define CRAWL_DEFAULT_CONCURRENCY 32
#define CRAWL_DEFAULT_PER_HOST 2
#define CRAWL_DEFAULT_DELAY_MS 1000
#define CRAWL_DEFAULT_TIMEOUT_S 30
#define CRAWL_DEFAULT_MAX_BYTES_MIB 5
#define CRAWL_DEFAULT_MAX_REDIRECTS 5

/* Open files a crawl holds: per transfer its socket, and while its name
 * resolves the threaded resolver's socket pair; besides, the database with
 * its WAL, journal and temporary files, the WARC, stdio and curl's own.
 * A caller raises RLIMIT_NOFILE to fit, or runs fewer transfers. */
#define CRAWL_FILES_PER_TRANSFER 3
#define CRAWL_FILES_SPARE 64
#define CRAWL_FILES_NEEDED(concurrency) \
	((concurrency) * CRAWL_FILES_PER_TRANSFER + CRAWL_FILES_SPARE)

/* What crawl_options.on_progress is told. */
struct crawl_progress {
	long sites_done, sites;
	long pages;            /* responses stored so far */
	long errors;
	double elapsed_s;
};

struct crawl_options {
	long max_pages;      /* per site */
	long max_depth;      /* links from the seed */
	long concurrency;    /* transfers at once */
	long per_host;       /* transfers at once per host */
	long delay_ms;       /* least gap between requests to one host */
	long timeout_s;      /* whole transfer */
	long max_bytes;      /* per response body */
	long max_redirects;
	const char *user_agent;           /* NULL: CRAWL_DEFAULT_AGENT */
	const char *const *connect_to;    /* CURLOPT_CONNECT_TO entries */
	size_t n_connect_to;
	long recrawl_after_s; /* requeue pages fetched this long ago; -1: never */
	bool allow_private;  /* else refuse loopback/private/link-local/multicast */
	volatile int *stop;  /* set non-zero (by a signal handler) to stop */
	const char *warc_path;  /* append WARC 1.1 records here, or NULL */
	/* Per seed of crawl_run, what a seeds file said beyond the URL
	 * (clinicdex discover's name and places), or NULL; the array may be
	 * NULL. A site takes the first it is given and applies it where the
	 * site says nothing (index_seed_apply) whenever a page is stored. */
	const struct index_seed *const *seed_extras;
	/* Told of each page (robots.txt too) that failed, was skipped or is
	 * to be retried, with why; NULL: not told. The strings come from the
	 * web (clean them before printing) and live only during the call. */
	void (*on_page)(void *arg, enum crawl_page_event ev, const char *url, const char *why);
	void *on_page_arg;
	/* Told where the crawl stands about four times a second, for a live
	 * line (the CLI draws it); NULL: not told. */
	void (*on_progress)(void *arg, const struct crawl_progress *p);
	void *on_progress_arg;
};

#define CRAWL_DEFAULT_AGENT \
	"clinicdex/" PACKAGE_VERSION " (+https://github.com/clinicdex/clinicdex)"

void crawl_options_init(struct crawl_options *o);

struct crawl_stats {
	long sites;
	long pages;            /* responses stored */
	long status_class[6];  /* [0] no response, [1..5] 1xx..5xx */
	long errors;           /* transfers that failed */
	long robots_denied;
	long refused_private;
	long retries;          /* fetches put back after a transient failure */
	long set_aside;        /* sites set aside after repeated failures */
	long skipped_type;     /* responses not read: not HTML by type or content */
	long traps_cut;        /* links not queued: over the query-string cap */
	long not_modified;     /* of pages: 304s that kept the stored page */
	long long bytes;
	double elapsed_s;
	long deferred;         /* links the sites keep beyond --max-pages/--max-depth */
	/* the sites of which nothing could be fetched this run: no page had
	 * an HTTP answer and something failed (robots.txt, a page) */
	struct crawl_site_failure {
		char *site;            /* its key, "http://glow.test" */
		char *why;             /* the first failure, "(6) Could not resolve host: ..." */
		bool refused_private;  /* a loopback/private address was refused */
	} *failed_sites;
	size_t n_failed_sites;
};

/* Frees what crawl_run put in st (the failed sites). */
void crawl_stats_release(struct crawl_stats *st);

/* Crawls the seeds (URLs or bare hosts). Returns 0 when the crawl ran (even
 * if pages failed: see stats; release it with crawl_stats_release, also
 * after an error), CD_EINVAL for a bad seed or option, CD_EDB
 * for a database failure, CD_EINTR when *opt->stop ended it. */
int crawl_run(struct index *idx, const struct rules *rules, const struct crawl_options *opt,
              const char *const *seeds, size_t n_seeds, struct crawl_stats *stats,
              struct cd_error *err);

/* Re-runs extraction on every stored page (of one site when site is not
 * NULL) without the network; *pages receives how many were read. */
int crawl_reextract(struct index *idx, const struct rules *rules, const char *site,
                    long *pages, struct cd_error *err);

#endif
