/* cmd-crawl.c: `clinicdex crawl`: seeds in, pages and claims into the
 * directory. SIGINT/SIGTERM stop cleanly; the frontier is in the database,
 * so running the same command again resumes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "crawler/url.h"

#define SEED_LINE_MAX 4096

/* sig_atomic_t is int on every platform we build for; crawl.h takes int. */
static volatile int crawl_stop;

static void
on_signal(int sig)
{
	(void)sig;
	crawl_stop = 1;
}

struct seed_list {
	char **v;
	size_t n;
};

static void
seed_push(struct seed_list *s, const char *seed)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = xstrdup(seed);
}

/* Reads one seed a line; blank lines and '#' comments are skipped. A line
 * that is not one site (two URLs, a typo) is a usage error naming FILE:LINE,
 * before anything is crawled. */
static int
seeds_read(struct cli_ctx *ctx, const char *path, struct seed_list *s)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	const char *name = f == stdin ? "standard input" : path;
	char *line = NULL, *p, *e, *url = NULL, *key = NULL;
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
		if (len > SEED_LINE_MAX) {
			cli_error(ctx, "%s:%ld: line longer than %d bytes", path, lineno, SEED_LINE_MAX);
			status = EXIT_FAIL;
			break;
		}
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		e = p + strcspn(p, "#\r\n");
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
		seed_push(s, p);
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

int
cli_run_crawl(struct cli_ctx *ctx, struct crawl_options *o, const char *const *seeds,
              size_t n)
{
	struct sigaction sa, old_int, old_term;
	struct crawl_stats st;
	struct cd_error err = { 0, "" };
	int rc, status;

	if ((status = cli_load_rules(ctx)) != EXIT_OK)
		return status;
	if ((status = cli_open_index(ctx)) != EXIT_OK)
		return status;
	memset(&st, 0, sizeof st);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	crawl_stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	o->stop = &crawl_stop;
	o->progress = !ctx->quiet && isatty(STDERR_FILENO);
	rc = crawl_run(ctx->idx, ctx->rules, o, seeds, n, &st, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (!ctx->quiet && (rc == 0 || rc == CD_EINTR))
		print_summary(&st);
	if (rc == CD_EINTR) {
		cli_error(ctx, "stopped by a signal; run the same command again to resume");
		return EXIT_FAIL;
	}
	if (rc == CD_EINVAL) {
		cli_error(ctx, "%s", err.msg);
		return EXIT_USAGE;
	}
	if (rc != 0)
		return cli_fail(ctx, &err);
	return EXIT_OK;
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

int
cmd_crawl(struct cli_ctx *ctx, int argc, char **argv)
{
	enum { O_SEEDS = OPT_FIRST_LOCAL, O_PAGES, O_DEPTH, O_CONC, O_PERHOST, O_DELAY,
	       O_TIMEOUT, O_BYTES, O_UA, O_CONNECT, O_PRIVATE, O_RECRAWL, O_WARC };
	static const struct option opts[] = {
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
		CLI_COMMON_OPTIONS,
		{ 0, 0, 0, 0 },
	};
	struct crawl_options o;
	struct seed_list seeds = { NULL, 0 };
	const char **connect = NULL;
	size_t n_connect = 0, i;
	int c, status = EXIT_OK;

	crawl_options_init(&o);
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, opts, &status)) != -1) {
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
			if (strchr(optarg, ':') == NULL || strpbrk(optarg, "\r\n ")) {
				status = cli_usage(ctx, "--connect-to: '%s' is not HOST1:PORT1:HOST2:PORT2",
				                   optarg);
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
		}
		if (status != EXIT_OK)
			goto out;
	}
	for (i = optind; i < (size_t)argc; i++)
		seed_push(&seeds, argv[i]);
	if (seeds.n == 0) {
		status = cli_usage(ctx, "no sites to crawl: give URLs or --seeds FILE");
		goto out;
	}
	if (o.per_host > o.concurrency)
		o.per_host = o.concurrency;
	o.connect_to = connect;
	o.n_connect_to = n_connect;
	status = cli_run_crawl(ctx, &o, (const char *const *)seeds.v, seeds.n);
out:
	for (i = 0; i < seeds.n; i++)
		free(seeds.v[i]);
	free(seeds.v);
	free(connect);
	return status;
}
