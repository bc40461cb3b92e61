/* cmd-crawl.c: `clinicdex crawl`: seeds in, pages and claims into the
 * directory. SIGINT/SIGTERM stop cleanly; the frontier is in the database,
 * so running the same command again resumes. One crawl at a time per
 * database (a lock file beside it). */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "common/shard.h"
#include "crawler/url.h"
#include "index/seed.h"

#define SEED_LINE_MAX 4096
/* a line of `clinicdex discover` with a chain's hundreds of branches */
#define SEED_EXTRAS_MAX (1024 * 1024)
#define SEED_NAME_MAX 300        /* bytes of a seed's clinic name kept */
#define SEED_PLACES_MAX 1000     /* places kept of one seed */
#define SEED_OSM_URL "https://www.openstreetmap.org/"

/* The signal that stopped the crawl, 0 while none has. sig_atomic_t is
 * int on every platform we build for; crawl.h takes int. */
static volatile int crawl_stop;

static void
on_signal(int sig)
{
	crawl_stop = sig;
}

/* s from the web made safe to print; caller frees. */
static char *
crawl_printable(const char *s)
{
	char *utf8 = text_utf8_clean(s, strlen(s)), *out = text_for_terminal(utf8, false);

	free(utf8);
	return out;
}

/* The live progress line on a terminal, and its length to clear it. */
struct crawl_view {
	int len;
};

static void
progress_clear(struct crawl_view *v)
{
	if (v->len <= 0)
		return;
	fprintf(stderr, "\r%*s\r", v->len, "");
	fflush(stderr);
	v->len = 0;
}

static void
on_progress(void *arg, const struct crawl_progress *p)
{
	struct crawl_view *v = arg;
	double rate = p->elapsed_s > 0 ? (double)p->pages / p->elapsed_s : 0.0;

	v->len = fprintf(stderr, "\r sites %ld/%ld  pages %ld  errors %ld  %.1f pages/s",
	                 p->sites_done, p->sites, p->pages, p->errors, rate);
	fflush(stderr);
}

/* -v: each page that failed, was skipped or waits for a retry, on stderr
 * (the progress line cleared first). */
static void
on_page(void *arg, enum crawl_page_event ev, const char *url, const char *why)
{
	static const char *const what[] = { "failed", "skipped", "retry" };
	char *u = crawl_printable(url), *w = crawl_printable(why);

	progress_clear(arg);
	fprintf(stderr, "%-7s %s: %s\n", what[ev], u, w);
	free(u);
	free(w);
}

/* One crawl at a time per database: two would fetch the same queued
 * pages. flock(2) on DB.crawl-lock, which the kernel drops when the holder
 * ends however it ends (kill -9 too), so no lock is ever left stuck; the
 * file names the holder's pid for the message and goes when it ends.
 * Returns the lock's fd, -1 when no lock could be taken because the file
 * cannot be made (the database then cannot be written either, which the
 * crawl says), or -2 after saying that another crawl holds it. */
static int
crawl_lock(struct cli_ctx *ctx, char **lock_path)
{
	char *db = NULL, *path = NULL, pid[32];
	struct stat a, b;
	ssize_t n = 0;
	int fd = -1;

	/* the index is open already, so its path resolves without a word */
	if (cli_db_path(ctx, &db) != EXIT_OK)
		return -1;
	path = xasprintf("%s.crawl-lock", db);
	free(db);
	*lock_path = path;
	for (;;) {
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK) {
				close(fd);
				return -1;
			}
			n = pread(fd, pid, sizeof pid - 1, 0);
			pid[n > 0 ? n : 0] = '\0';
			pid[strspn(pid, "0123456789")] = '\0';
			close(fd);
			cli_error(ctx, "another crawl%s%s%s is running on this database; wait for it to "
			          "end or stop it (its lock, %s, goes with it)", pid[0] ? " (pid " : "",
			          pid, pid[0] ? ")" : "", path);
			return -2;
		}
		/* the holder before us removes the file as it ends: a lock on a
		 * file no longer at path would lock nothing */
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			break;
		close(fd);
	}
	/* the pid is only for the message: not writing it (a full disk) is no
	 * reason to stop */
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0)
		n = pwrite(fd, pid, (size_t)n, 0);
	return fd;
}

/* Removes the lock file while still holding it, then drops the lock. */
static void
crawl_unlock(int fd, char *lock_path)
{
	if (fd >= 0) {
		unlink(lock_path);
		close(fd);
	}
	free(lock_path);
}

/* --connect-to as CURLOPT_CONNECT_TO takes it, HOST1:PORT1:HOST2:PORT2:
 * each host empty, a name or a bracketed IPv6 address; each port empty
 * or 1-65535. curl itself only finds a bad entry when it connects. */
static bool
connect_to_valid(const char *s)
{
	static const char host_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                                 "0123456789.-_";
	const char *p = s, *e = NULL;
	size_t n = 0;

	for (int field = 0; field < 4; field++) {
		if (field % 2 == 0 && *p == '[') {
			if ((e = strchr(p, ']')) == NULL || e == p + 1 ||
			    strspn(p + 1, "0123456789abcdefABCDEF:.") != (size_t)(e - p - 1))
				return false;
			p = e + 1;
		} else if (field % 2 == 0) {
			p += strspn(p, host_chars);
		} else {
			n = strspn(p, "0123456789");
			if (n > 5 || (n > 0 && (strtol(p, NULL, 10) < 1 || strtol(p, NULL, 10) > 65535)))
				return false;
			p += n;
		}
		if (field < 3 && *p++ != ':')
			return false;
	}
	return *p == '\0';
}

struct seed_list {
	char **v;
	struct index_seed **extras;   /* [n]: what followed the URL, or NULL */
	size_t n;
};

/* Takes extras (or NULL). */
static void
seed_push(struct seed_list *s, const char *seed, struct index_seed *extras)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->extras = xreallocarray(s->extras, s->n + 1, sizeof *s->extras);
	s->extras[s->n] = extras; /* transferred */
	s->v[s->n++] = xstrdup(seed);
}

static void
seed_list_release(struct seed_list *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i]);
		if (s->extras[i] != NULL)
			index_seed_release(s->extras[i]);
		free(s->extras[i]);
	}
	free(s->v);
	free(s->extras);
}

/* Next field of *p up to sep (the field's sep is overwritten), or "". */
static char *
seed_field(char **p, char sep)
{
	char *f = *p, *e = strchr(f, sep);

	if (e != NULL) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = f + strlen(f);
	}
	return f;
}

/* "lat,lon" as a point on Earth; false for anything else. */
static bool
seed_point(const char *s, double *lat, double *lon)
{
	char *end = NULL;

	*lat = strtod(s, &end);
	if (end == s || *end != ',')
		return false;
	s = end + 1;
	*lon = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(*lat) && isfinite(*lon) && *lat >= -90 &&
	       *lat <= 90 && *lon >= -180 && *lon <= 180;
}

/* True for an OpenStreetMap object id as discover writes it ("node/42"). */
static bool
seed_osm_id(const char *s)
{
	static const char *const kinds[] = { "node/", "way/", "relation/" };

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t n = strlen(kinds[i]);

		if (strncmp(s, kinds[i], n) == 0 && s[n] != '\0' && strlen(s + n) <= 20 &&
		    strspn(s + n, "0123456789") == strlen(s + n))
			return true;
	}
	return false;
}

/* What follows a seed's URL after a tab, as `clinicdex discover` writes
 * it: "name<TAB>lat,lon;...<TAB>osm ids;...<TAB>addresses;..." (the i-th
 * id names the i-th place). NULL when it gives neither a name nor a
 * place; a malformed point is passed over. The source of a place is its
 * OpenStreetMap object, else the seed. */
static struct index_seed *
seed_extras(const char *seed, char *extras)
{
	struct index_seed *x = xcalloc(1, sizeof *x);
	char *p = extras, *name = seed_field(&p, '\t'), *points = seed_field(&p, '\t');
	char *ids = seed_field(&p, '\t'), *clean = NULL;

	if (name[0] != '\0' && name[0] != '#') {
		clean = text_utf8_clean(name, strlen(name));
		x->name = text_truncate(clean, SEED_NAME_MAX);
		free(clean);
	}
	while (*points && x->n_places < SEED_PLACES_MAX) {
		char *pt = seed_field(&points, ';'), *id = seed_field(&ids, ';');
		double lat = 0, lon = 0;

		if (!seed_point(pt, &lat, &lon))
			continue;
		x->places = xreallocarray(x->places, x->n_places + 1, sizeof *x->places);
		x->places[x->n_places].lat = lat;
		x->places[x->n_places].lon = lon;
		x->places[x->n_places++].source =
			seed_osm_id(id) ? xasprintf(SEED_OSM_URL "%s", id) : xstrdup(seed);
	}
	if (x->name == NULL && x->n_places == 0) {
		free(x);
		return NULL;
	}
	return x;
}

/* Reads one seed a line; blank lines and '#' comments are skipped. A line
 * that is not one site (two URLs, a typo) is a usage error naming FILE:LINE,
 * before anything is crawled. What follows the URL after a tab (the name,
 * places and OSM ids `clinicdex discover` writes) is kept (seed_extras). */
static int
seeds_read(struct cli_ctx *ctx, const char *path, struct seed_list *s)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	const char *name = f == stdin ? "standard input" : path;
	char *line = NULL, *p, *e, *tab, *url = NULL, *key = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int status = EXIT_OK;

	if (f == NULL) {
		cli_error(ctx, "cannot open seeds file %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (len > SEED_EXTRAS_MAX || strcspn(line, "\t") > SEED_LINE_MAX) {
			cli_error(ctx, "%s:%ld: line longer than %d bytes", path, lineno,
			          len > SEED_EXTRAS_MAX ? SEED_EXTRAS_MAX : SEED_LINE_MAX);
			status = EXIT_FAIL;
			break;
		}
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		e = p + strcspn(p, "\t#\r\n");
		tab = *e == '\t' ? e + 1 : NULL;
		if (tab != NULL)
			tab[strcspn(tab, "\r\n")] = '\0';
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		if (*p == '\0')
			continue;
		if (p[strcspn(p, " \t")] != '\0') {
			cli_error(ctx, "%s:%ld: more than one URL on a line: '%s'", name, lineno, p);
			status = EXIT_USAGE;
			break;
		}
		url = url_from_seed(p);
		key = url ? url_site_key(url) : NULL;
		free(url);
		if (key == NULL) {
			cli_error(ctx, "%s:%ld: '%s' is not an http(s) site", name, lineno, p);
			status = EXIT_USAGE;
			break;
		}
		free(key);
		seed_push(s, p, tab ? seed_extras(p, tab) : NULL);
	}
	if (status == EXIT_OK && ferror(f)) {
		cli_error(ctx, "cannot read seeds file %s: %s", path, strerror(errno));
		status = EXIT_FAIL;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return status;
}

/* One line per site of which nothing could be fetched, with why. */
static void
print_failed_sites(struct cli_ctx *ctx, const struct crawl_stats *st, bool allow_private)
{
	for (size_t i = 0; i < st->n_failed_sites; i++) {
		const struct crawl_site_failure *f = &st->failed_sites[i];
		char *site = crawl_printable(f->site), *why = crawl_printable(f->why);

		cli_error(ctx, "%s: %s%s", site, why,
		          f->refused_private && !allow_private
		          ? " (add --allow-private to crawl loopback and private addresses)" : "");
		free(site);
		free(why);
	}
}

/* "1 page", "2 pages" */
static const char *
plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* A byte count a person reads: "512 bytes", "3.6 KiB", "1.2 MiB". */
static void
format_bytes(char *out, size_t len, long long n)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)n;
	int u = -1;

	if (n < 1024) {
		snprintf(out, len, "%lld %s", n, n == 1 ? "byte" : "bytes");
		return;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(out, len, "%.1f %s", v, units[u]);
}

/* Four short lines rather than one of 230 characters: what was crawled,
 * then the counts, each line under 80 columns for any likely figure. */
static void
print_summary(const struct crawl_stats *st)
{
	char bytes[32];

	format_bytes(bytes, sizeof bytes, st->bytes);
	fprintf(stderr, "crawled %ld %s from %ld %s in %.1f s, %s received\n",
	        st->pages, plural(st->pages, "page", "pages"), st->sites,
	        plural(st->sites, "site", "sites"), st->elapsed_s, bytes);
	fprintf(stderr, "  2xx %ld, 3xx %ld, 4xx %ld, 5xx %ld, failed %ld, not modified %ld\n",
	        st->status_class[2], st->status_class[3], st->status_class[4],
	        st->status_class[5], st->errors, st->not_modified);
	fprintf(stderr, "  robots.txt refusals %ld, private addresses refused %ld, retries %ld\n",
	        st->robots_denied, st->refused_private, st->retries);
	fprintf(stderr, "  sites set aside %ld, skipped by type %ld, traps cut %ld\n",
	        st->set_aside, st->skipped_type, st->traps_cut);
}

/* Makes room for --concurrency transfers among the open files: the soft
 * limit is raised to the hard one when it is too low; when even that is
 * too low, fewer transfers run at once, and stderr says so. */
static void
crawl_files_fit(struct cli_ctx *ctx, struct crawl_options *o)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)CRAWL_FILES_NEEDED(o->concurrency);
	long fit = 0;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 && getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return;
	fit = rl.rlim_cur > CRAWL_FILES_SPARE + CRAWL_FILES_PER_TRANSFER
	              ? (long)((rl.rlim_cur - CRAWL_FILES_SPARE) / CRAWL_FILES_PER_TRANSFER)
	              : 1;
	if (!ctx->quiet)
		fprintf(stderr, "clinicdex: crawl: --concurrency %ld needs %llu open files but the "
		        "limit is %llu (ulimit -Hn): crawling with %ld transfers at once\n",
		        o->concurrency, (unsigned long long)need, (unsigned long long)rl.rlim_cur, fit);
	o->concurrency = fit;
	if (o->per_host > fit)
		o->per_host = fit;
}

int
cli_run_crawl(struct cli_ctx *ctx, struct crawl_options *o, const char *const *seeds,
              size_t n)
{
	struct sigaction sa, old_int, old_term;
	struct crawl_stats st;
	struct cd_error err = { 0, "" };
	struct crawl_view view = { 0 };
	char *lock_path = NULL;
	int rc, status, lock = -1;

	memset(&st, 0, sizeof st);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		return status;
	crawl_files_fit(ctx, o);
	if ((lock = crawl_lock(ctx, &lock_path)) == -2) {
		status = EXIT_FAIL;
		goto out;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	crawl_stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	o->stop = &crawl_stop;
	if (!ctx->quiet && isatty(STDERR_FILENO)) {
		o->on_progress = on_progress;
		o->on_progress_arg = &view;
	}
	if (ctx->verbose > 0) {
		o->on_page = on_page;
		o->on_page_arg = &view;
	}
	rc = crawl_run(ctx->idx, ctx->rules, o, seeds, n, &st, &err);
	progress_clear(&view);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (!ctx->quiet && (rc == 0 || rc == CD_EINTR))
		print_summary(&st);
	if (!ctx->quiet && rc == 0 && st.deferred > 0)
		fprintf(stderr, "%ld link%s over --max-pages or --max-depth kept: a crawl with higher "
		        "limits carries on from them\n", st.deferred, st.deferred == 1 ? "" : "s");
	if (rc == CD_EINTR) {
		cli_error(ctx, "stopped by a signal; run the same command again to resume");
		/* as a shell reports a command a signal ended: 130 for SIGINT */
		status = 128 + (crawl_stop > 0 ? crawl_stop : SIGINT);
	} else if (rc == CD_EINVAL) {
		cli_error(ctx, "%s", err.msg);
		status = EXIT_USAGE;
	} else if (rc != 0) {
		status = cli_fail(ctx, &err);
	} else {
		print_failed_sites(ctx, &st, o->allow_private);
		/* nothing at all could be fetched: that is a failure */
		status = st.n_failed_sites > 0 && st.pages == 0 ? EXIT_FAIL : EXIT_OK;
	}
out:
	crawl_stats_release(&st);
	crawl_unlock(lock, lock_path);
	return status;
}

/* Keeps the seeds whose site falls in shard k of n; a seed that is no
 * site stays, for the crawl to refuse. */
static void
seeds_shard(struct seed_list *s, unsigned long k, unsigned long n)
{
	size_t i, kept = 0;

	for (i = 0; i < s->n; i++) {
		char *url = url_from_seed(s->v[i]), *key = url ? url_site_key(url) : NULL;

		if (key == NULL || shard_of(key, n) == k) {
			s->extras[kept] = s->extras[i];
			s->v[kept++] = s->v[i];
		} else {
			free(s->v[i]);
			if (s->extras[i] != NULL)
				index_seed_release(s->extras[i]);
			free(s->extras[i]);
		}
		free(url);
		free(key);
	}
	s->n = kept;
}

static int
set_count(struct cli_ctx *ctx, const char *name, const char *arg, long min, long *dst)
{
	long v = cli_parse_count(arg);

	if (v < min)
		return cli_usage(ctx, "--%s: '%s' is not a number of at least %ld", name, arg, min);
	*dst = v;
	return EXIT_OK;
}

enum { O_SEEDS = OPT_FIRST_LOCAL, O_PAGES, O_DEPTH, O_CONC, O_PERHOST, O_DELAY,
       O_TIMEOUT, O_BYTES, O_UA, O_CONNECT, O_PRIVATE, O_RECRAWL, O_WARC, O_SHARD };
static const struct option crawl_opts[] = {
	{ "seeds", required_argument, NULL, O_SEEDS },
	{ "max-pages", required_argument, NULL, O_PAGES },
	{ "max-depth", required_argument, NULL, O_DEPTH },
	{ "concurrency", required_argument, NULL, O_CONC },
	{ "per-host", required_argument, NULL, O_PERHOST },
	{ "delay", required_argument, NULL, O_DELAY },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "max-bytes", required_argument, NULL, O_BYTES },
	{ "user-agent", required_argument, NULL, O_UA },
	{ "connect-to", required_argument, NULL, O_CONNECT },
	{ "allow-private", no_argument, NULL, O_PRIVATE },
	{ "recrawl-after", required_argument, NULL, O_RECRAWL },
	{ "warc", required_argument, NULL, O_WARC },
	{ "shard", required_argument, NULL, O_SHARD },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_crawl(struct cli_ctx *ctx, int argc, char **argv)
{
	struct crawl_options o;
	struct seed_list seeds = { NULL, NULL, 0 };
	const char **connect = NULL;
	size_t n_connect = 0, i;
	unsigned long shard_k = 0, shard_n = 0;
	int c, status = EXIT_OK;

	crawl_options_init(&o);
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, crawl_opts, &status)) != -1) {
		switch (c) {
		case CLI_OPT_EXIT:
			goto out;
		case O_SEEDS:
			status = seeds_read(ctx, optarg, &seeds);
			break;
		case O_PAGES:
			status = set_count(ctx, "max-pages", optarg, 1, &o.max_pages);
			break;
		case O_DEPTH:
			status = set_count(ctx, "max-depth", optarg, 0, &o.max_depth);
			break;
		case O_CONC:
			status = set_count(ctx, "concurrency", optarg, 1, &o.concurrency);
			break;
		case O_PERHOST:
			status = set_count(ctx, "per-host", optarg, 1, &o.per_host);
			break;
		case O_DELAY:
			status = set_count(ctx, "delay", optarg, 0, &o.delay_ms);
			break;
		case O_TIMEOUT:
			status = set_count(ctx, "timeout", optarg, 1, &o.timeout_s);
			break;
		case O_BYTES:
			status = set_count(ctx, "max-bytes", optarg, 1, &o.max_bytes);
			break;
		case O_UA:
			if (optarg[0] == '\0' || strpbrk(optarg, "\r\n")) {
				status = cli_usage(ctx, "--user-agent: must be one non-empty line");
				break;
			}
			o.user_agent = optarg;
			break;
		case O_CONNECT:
			if (!connect_to_valid(optarg)) {
				status = cli_usage(ctx, "--connect-to: '%s' is not HOST1:PORT1:HOST2:PORT2 "
				                   "(hosts may be empty, ports empty or 1-65535)", optarg);
				break;
			}
			connect = xreallocarray(connect, n_connect + 1, sizeof *connect);
			connect[n_connect++] = optarg;
			break;
		case O_PRIVATE:
			o.allow_private = true;
			break;
		case O_RECRAWL:
			if ((o.recrawl_after_s = cli_parse_duration(optarg)) < 0)
				status = cli_usage(ctx, "--recrawl-after: '%s' is not a duration "
				                   "(90, 15m, 12h, 7d, 2w)", optarg);
			break;
		case O_WARC:   /* opened by the crawl: it fails with exit 1 */
			o.warc_path = optarg;
			break;
		case O_SHARD:
			if (!shard_parse(optarg, &shard_k, &shard_n))
				status = cli_usage(ctx, "--shard: '%s' is not K/N with 1 <= K <= N <= %lu",
				                   optarg, SHARD_MAX);
			break;
		}
		if (status != EXIT_OK)
			goto out;
	}
	for (i = optind; i < (size_t)argc; i++)
		seed_push(&seeds, argv[i], NULL);
	if (seeds.n == 0) {
		status = cli_usage(ctx, "no sites to crawl: give URLs or --seeds FILE");
		goto out;
	}
	if (shard_n > 0) {
		seeds_shard(&seeds, shard_k, shard_n);
		if (seeds.n == 0) {
			/* an empty shard is a database with nothing in it, for merge */
			if (!ctx->quiet)
				fprintf(stderr, "no seed falls in shard %lu/%lu\n", shard_k, shard_n);
			status = cli_setup_as(ctx, CMD_INDEX_WRITE);
			goto out;
		}
	}
	if (o.per_host > o.concurrency)
		o.per_host = o.concurrency;
	o.connect_to = connect;
	o.n_connect_to = n_connect;
	o.seed_extras = (const struct index_seed *const *)seeds.extras;
	status = cli_run_crawl(ctx, &o, (const char *const *)seeds.v, seeds.n);
out:
	seed_list_release(&seeds);
	free(connect);
	return status;
}

const struct cmd_entry cmd_crawl_entry = {
	.name = "crawl",
	.usage = "[OPTIONS] [URL...] [--seeds FILE|-]",
	.summary = "crawl clinic sites into the directory (run again to resume)",
	.help = "  --seeds FILE|-          read seed URLs from FILE (one a line, # comments);\n"
	        "                          a name and places after a tab (discover's) are\n"
	        "                          used where the site gives none\n"
	        "  --max-pages N           pages per site (default "
	        CLI_STR(CRAWL_DEFAULT_MAX_PAGES) ")\n"
	        "  --max-depth N           links from the seed (default "
	        CLI_STR(CRAWL_DEFAULT_MAX_DEPTH) "); links beyond\n"
	        "                          either limit are kept for a crawl with higher ones\n"
	        "  --concurrency N         transfers at once (default "
	        CLI_STR(CRAWL_DEFAULT_CONCURRENCY) "); fewer, said, when\n"
	        "                          the open-file limit (ulimit -Hn) is too low\n"
	        "  --per-host N            transfers at once per host (default "
	        CLI_STR(CRAWL_DEFAULT_PER_HOST) ")\n"
	        "  --delay MS              least gap between requests to a host (default "
	        CLI_STR(CRAWL_DEFAULT_DELAY_MS) ")\n"
	        "  --timeout SEC           time limit for one transfer (default "
	        CLI_STR(CRAWL_DEFAULT_TIMEOUT_S) ")\n"
	        "  --max-bytes N           largest response body kept (default "
	        CLI_STR(CRAWL_DEFAULT_MAX_BYTES_MIB) " MiB)\n"
	        "  --user-agent STRING     the User-Agent header\n"
	        "  --warc FILE             also append each page fetched (request and\n"
	        "                          response) to FILE as WARC 1.1 records\n"
	        "  --connect-to H1:P1:H2:P2  connect to H2:P2 instead of H1:P1 (repeatable)\n"
	        "  --allow-private         allow loopback and private addresses\n"
	        "  --recrawl-after DURATION  fetch again (conditionally) pages older than\n"
	        "                          DURATION (90, 15m, 12h, 7d, 2w; 0: all)\n"
	        "  --shard K/N             crawl only the seeds whose site is in shard K of N\n"
	        "                          (FNV-1a 64 of the site key, mod N, plus 1)\n",
	.options = crawl_opts,
	.flags = CMD_RULES | CMD_INDEX_WRITE,
	.exec = cmd_crawl,
};
