/* main.c: clinicdex's entry point: global options, the command table and
 * the runner that opens what a command needs and reports a failed stdout. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"

const struct cli_command cli_commands[] = {
	{ "crawl", "[OPTIONS] [URL...] [--seeds FILE|-]",
	  "crawl clinic sites into the directory (run again to resume)",
	  "  --seeds FILE|-          read seed URLs from FILE (one a line, # comments)\n"
	  "  --max-pages N           pages per site (default 200)\n"
	  "  --max-depth N           links from the seed (default 5); links beyond\n"
	  "                          either limit are kept for a crawl with higher ones\n"
	  "  --concurrency N         transfers at once (default 32)\n"
	  "  --per-host N            transfers at once per host (default 2)\n"
	  "  --delay MS              least gap between requests to a host (default 1000)\n"
	  "  --timeout SEC           time limit for one transfer (default 30)\n"
	  "  --max-bytes N           largest response body kept (default 5 MiB)\n"
	  "  --user-agent STRING     the User-Agent header\n"
	  "  --warc FILE             also append each page fetched (request and\n"
	  "                          response) to FILE as WARC 1.1 records\n"
	  "  --connect-to H1:P1:H2:P2  connect to H2:P2 instead of H1:P1 (repeatable)\n"
	  "  --allow-private         allow loopback and private addresses\n"
	  "  --recrawl-after DURATION  fetch again (conditionally) pages older than\n"
	  "                          DURATION (90, 15m, 12h, 7d, 2w; 0: all)\n",
	  cmd_crawl },
	{ "extract", "[--site HOST]",
	  "re-run extraction on stored pages (no network)",
	  "  --site HOST             only the pages of this site\n",
	  cmd_extract },
	{ "search", "[FILTERS] [--format table|csv|jsonl] [--limit N]",
	  "find clinics",
	  "  --state ST              clinics with a location in state ST\n"
	  "  --city NAME             ... in this city\n"
	  "  --zip ZIP               ... in this ZIP code\n"
	  "  --credential CODE       clinics claiming CODE (repeatable: all must hold)\n"
	  "  --service CODE          clinics offering CODE (repeatable: all must hold)\n"
	  "  --status STATUS         count only claims of this status\n"
	  "  --site HOST             one site only\n"
	  "  --near PLACE            clinics near a ZIP (or ZIP+4), \"City, ST\" or LAT,LON,\n"
	  "                          nearest first, with the distance (needs a gazetteer)\n"
	  "  --radius DIST           how near: 25mi (default), 40km, 10 (miles)\n"
	  "  --text WORDS            clinics whose name, services, practitioners or\n"
	  "                          evidence hold every word (word* for a prefix)\n"
	  "  --format FMT            table (default), csv or jsonl\n"
	  "  --limit N               at most N clinics\n",
	  cmd_search },
	{ "show", "ID|HOST [--format text|json]",
	  "one clinic: locations, practitioners, claims with evidence",
	  "  --format FMT            text (default) or json\n"
	  "Then the site's failed and skipped pages, with why; for a site of which\n"
	  "nothing could be read (no clinic), why it failed.\n",
	  cmd_show },
	{ "export", "[--what clinics|practitioners|claims] [--format csv|jsonl|geojson] [-o FILE] [FILTERS]",
	  "the directory as CSV, JSON Lines or a GeoJSON map",
	  "  --what WHAT             clinics (default), practitioners or claims\n"
	  "  --format FMT            csv (default), jsonl, or geojson (clinic locations\n"
	  "                          as an RFC 7946 FeatureCollection)\n"
	  "  -o, --output FILE       write to FILE (via FILE.tmp and a rename; a device\n"
	  "                          or FIFO in place; - for standard output)\n"
	  "  FILTERS                 as for search: --state --city --zip --credential\n"
	  "                          --service --status --site --near --radius --text\n",
	  cmd_export },
	{ "report", "[--format csv|html] [--summary] [-o FILE] [FILTERS]",
	  "the medical-oversight study: per clinic, then by state",
	  "  Per clinic: medical director (name, credentials, NPPES specialty, board\n"
	  "  claim and its status), statements of supervision, of a physician on site,\n"
	  "  of physician ownership, who performs treatments, services, conflicts; each\n"
	  "  value with the URL of the page that says it. Summary: each variable's\n"
	  "  count/denominator, percent and 95% Wilson interval, overall and by state.\n"
	  "  --format FMT            csv (default: one row per clinic) or html (one\n"
	  "                          self-contained page: summary, a bar chart per\n"
	  "                          variable, a map by oversight, the clinics)\n"
	  "  --summary               CSV of the summary table instead of the clinics\n"
	  "  -o, --output FILE       write to FILE (via FILE.tmp and a rename; - for\n"
	  "                          standard output)\n"
	  "  FILTERS                 as for search: --state --city --zip --credential\n"
	  "                          --service --status --site --near --radius --text\n",
	  cmd_report },
	{ "gazetteer", "import FILE",
	  "load place coordinates (Census ZCTA and Places gazetteer files)",
	  "  import FILE             load a ZCTA or Places gazetteer file (- for stdin),\n"
	  "                          replacing the one of its kind loaded before, and\n"
	  "                          geocode the locations again\n",
	  cmd_gazetteer },
	{ "registry", "import nppes FILE | import licenses FILE --state ST --map ... | status",
	  "load the registries claims are checked against",
	  "  import nppes FILE       load the NPPES NPI file (npidata_pfile_*.csv; - for\n"
	  "                          stdin), replacing the snapshot loaded before\n"
	  "  --taxonomy LIST         keep providers with a taxonomy code starting with one\n"
	  "                          of LIST (default " "20,363L,363A,163W,164W" ": physicians,\n"
	  "                          nurse practitioners, PAs, RNs, LPNs)\n"
	  "  import licenses FILE    load a state board's licence list (CSV with a header),\n"
	  "                          replacing the list of the same state and name\n"
	  "  --state ST              the state of the licences (required)\n"
	  "  --map KEY=COL,...       which columns hold what, by header name or number:\n"
	  "                          name (or first and last), license (required),\n"
	  "                          type, status, expires\n"
	  "  --name NAME             the list's name (default: the file's name)\n"
	  "  status                  what is loaded, from which file, when\n",
	  cmd_registry },
	{ "verify", "[--site HOST]",
	  "check every credential claim against the loaded registries",
	  "  --site HOST             only this site's claims\n"
	  "  Statuses: unchecked, consistent, conflict, unmatched, ambiguous; each\n"
	  "  claim's reason names the registry record (see show and export).\n",
	  cmd_verify },
	{ "taxonomy", "[--kind credential|service]",
	  "list the credential and service codes",
	  "  --kind KIND             only credential or only service codes\n",
	  cmd_taxonomy },
	{ "robots", "FILE URL [--agent UA]",
	  "say whether robots.txt in FILE allows URL, and which rule decided",
	  "  --agent UA              the user agent to match (default clinicdex's)\n",
	  cmd_robots },
	{ "serve", "[--listen ADDR:PORT] [--tiles URL]",
	  "the directory as a web site and a JSON API, read only",
	  "  --listen ADDR:PORT      where to listen (default 127.0.0.1:8080; port 0:\n"
	  "                          any free port, printed on stderr)\n"
	  "  --tiles URL             map tiles for the pages' Leaflet maps, e.g.\n"
	  "                          https://tile.example.org/{z}/{x}/{y}.png (default:\n"
	  "                          none; the markers are drawn on a blank map)\n"
	  "  Pages: / (search), /search?..., /clinics/ID. API: /api/search?near=&radius=\n"
	  "  &credential=&service=&text=&status=&state=&city=&zip=&limit=&offset=,\n"
	  "  /api/search.csv (the CSV export of a search), /api/clinics/ID.\n"
	  "  -v logs each request on stderr. SIGINT or SIGTERM stops it cleanly.\n",
	  cmd_serve },
	{ "stats", "",
	  "counts: sites, pages, clinics, practitioners, claims by status",
	  "",
	  cmd_stats },
	{ "demo", "",
	  "crawl the bundled sample web, then print a search and an export",
	  "  The sample web is served on loopback by a small Python server and\n"
	  "  crawled into a temporary database, removed at the end; with --db PATH\n"
	  "  it is crawled there and kept.\n",
	  cmd_demo },
	{ "help", "[COMMAND]",
	  "show help for a command",
	  "",
	  cmd_help },
	{ NULL, NULL, NULL, NULL, NULL },
};

const struct cli_command *
cli_find_command(const char *name)
{
	const struct cli_command *c;

	for (c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void
usage_main(FILE *out)
{
	const struct cli_command *c;

	fprintf(out,
	    "usage: clinicdex [--db PATH] [-q] [-v] COMMAND [OPTIONS] [ARGS]\n"
	    "\n"
	    "Crawl aesthetic and dermatology clinic sites, keep what they claim with\n"
	    "its evidence, and search the directory.\n"
	    "\n"
	    "Commands:\n");
	for (c = cli_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out,
	    "\n"
	    "Options:\n"
	    "  --db PATH     the directory database (default $CLINICDEX_DB, else\n"
	    "                $XDG_DATA_HOME/clinicdex/clinicdex.db)\n"
	    "  -q, --quiet   no progress output\n"
	    "  -v, --verbose more detail on stderr (crawl: each failed or skipped page)\n"
	    "  --help        this help; 'clinicdex help COMMAND' for a command\n"
	    "  --version     print the version\n");
}

void
cli_print_help(const struct cli_command *cmd, FILE *out)
{
	fprintf(out, "usage: clinicdex %s %s\n\n%s.\n", cmd->name, cmd->usage, cmd->summary);
	if (cmd->help[0])
		fprintf(out, "\nOptions:\n%s", cmd->help);
	fprintf(out,
	    "\nCommon options:\n"
	    "  --db PATH  -q  -v  -h, --help  --version\n");
}

int
cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *c;
	int status = 0, ch;
	static const struct option opts[] = { CLI_COMMON_OPTIONS, { 0, 0, 0, 0 } };

	while ((ch = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, opts, &status)) != -1)
		if (ch == CLI_OPT_EXIT)
			return status;
	if (optind >= argc) {
		usage_main(stdout);
		return EXIT_OK;
	}
	if (optind + 1 < argc)
		return cli_usage(ctx, "too many arguments");
	c = cli_find_command(argv[optind]);
	if (c == NULL) {
		/* the list is in the main help, not in 'help help' */
		cli_error(ctx, "'%s' is not a clinicdex command (see 'clinicdex --help')",
		          argv[optind]);
		return EXIT_USAGE;
	}
	cli_print_help(c, stdout);
	return EXIT_OK;
}

/* Every error line goes through here: the message may quote a file's
 * line or an argument, so it is made safe for a terminal (no controls)
 * and short (a long word cut with an ellipsis) in this one place. */
static void
cli_verror(struct cli_ctx *ctx, const char *hint, const char *fmt, va_list ap)
{
	struct buf b;
	char *msg, *safe;

	buf_init(&b, 0);
	buf_vprintf(&b, fmt, ap);
	if (hint)
		buf_puts(&b, hint);
	msg = buf_detach(&b);
	safe = text_for_message(msg, CLI_ERROR_WORD_MAX, CLI_ERROR_MAX);
	fprintf(stderr, "clinicdex: ");
	if (ctx && ctx->cmd)
		fprintf(stderr, "%s: ", ctx->cmd->name);
	fprintf(stderr, "%s\n", safe);
	free(safe);
	free(msg);
}

void
cli_error(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verror(ctx, NULL, fmt, ap);
	va_end(ap);
}

int
cli_usage(struct cli_ctx *ctx, const char *fmt, ...)
{
	char hint[64];
	va_list ap;

	if (ctx && ctx->cmd)
		snprintf(hint, sizeof hint, " (see 'clinicdex help %s')", ctx->cmd->name);
	else
		snprintf(hint, sizeof hint, " (see 'clinicdex --help')");
	va_start(ap, fmt);
	cli_verror(ctx, hint, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int
cli_fail(struct cli_ctx *ctx, const struct cd_error *err)
{
	cli_error(ctx, "%s", err->msg[0] ? err->msg : "failed");
	return EXIT_FAIL;
}

/* Says what was wrong with the option getopt_long just refused, in our
 * format ("clinicdex: CMD: unknown option '--bogus'"), not getopt's. */
static int
bad_option(struct cli_ctx *ctx, int c, char **argv, const struct option *longopts)
{
	const char *arg = argv[optind - 1];
	const struct option *o;
	size_t len;
	int n = 0;

	if (optopt > 0 && optopt < 0x80 && !(arg[0] == '-' && arg[1] == '-')) {
		if (c == ':')
			return cli_usage(ctx, "option '-%c' requires a value", optopt);
		return cli_usage(ctx, "unknown option '-%c'", optopt);
	}
	len = strcspn(arg, "=");
	if (c == ':')
		return cli_usage(ctx, "option '%.*s' requires a value", (int)len, arg);
	/* glibc takes any unique prefix of a long option: several is "ambiguous" */
	for (o = longopts; o->name; o++)
		if (len > 2 && strncmp(o->name, arg + 2, len - 2) == 0)
			n++;
	if (n > 1)
		return cli_usage(ctx, "ambiguous option '%.*s'", (int)len, arg);
	if (optopt != 0 && len < strlen(arg))
		return cli_usage(ctx, "option '%.*s' takes no value", (int)len, arg);
	return cli_usage(ctx, "unknown option '%.*s'", (int)len, arg);
}

int
cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const char *shortopts,
           const struct option *longopts, int *status)
{
	char spec[64];
	int c;

	/* a leading ':' makes getopt tell a missing value (':') from an
	 * unknown option ('?'); main set opterr = 0, so it prints nothing */
	snprintf(spec, sizeof spec, ":%s", shortopts);
	for (;;) {
		optopt = 0;
		c = getopt_long(argc, argv, spec, longopts, NULL);
		switch (c) {
		case OPT_DB:
			if (optarg[0] == '\0') {
				*status = cli_usage(ctx, "--db: empty path");
				return CLI_OPT_EXIT;
			}
			ctx->db_path = optarg;
			continue;
		case 'q':
			ctx->quiet = 1;
			continue;
		case 'v':
			ctx->verbose++;
			continue;
		case 'h':
		case OPT_HELP:
			cli_print_help(ctx->cmd, stdout);
			*status = EXIT_OK;
			return CLI_OPT_EXIT;
		case OPT_VERSION:
			printf("clinicdex %s\n", PACKAGE_VERSION);
			*status = EXIT_OK;
			return CLI_OPT_EXIT;
		case '?':
		case ':':
			*status = bad_option(ctx, c, argv, longopts);
			return CLI_OPT_EXIT;
		default:
			return c;
		}
	}
}

int
cli_db_path(struct cli_ctx *ctx, char **path)
{
	const char *env = getenv("CLINICDEX_DB"), *xdg = getenv("XDG_DATA_HOME"), *home;
	const char *given = ctx->db_path;
	char *dir = NULL, *slash;
	struct stat st;

	*path = NULL;
	if (given == NULL && env != NULL) {
		if (env[0] == '\0') {
			/* set but empty: a mistake, not a wish for the default */
			cli_error(ctx, "CLINICDEX_DB is set but empty (unset it for the default, "
			          "or name a file)");
			return EXIT_USAGE;
		}
		given = env;
	}
	if (given) {
		if (given[0] == '\0') {
			cli_error(ctx, "--db: empty path");
			return EXIT_USAGE;
		}
		/* a typo in a folder must not quietly make a new, empty directory */
		dir = xstrdup(given);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
				cli_error(ctx, "cannot open database %s: no folder %s", given, dir);
				free(dir);
				return EXIT_FAIL;
			}
		}
		free(dir);
		*path = xstrdup(given);
		return EXIT_OK;
	}
	/* index_open makes the default's folders */
	if (xdg && xdg[0] == '/') {
		*path = xasprintf("%s/clinicdex/clinicdex.db", xdg);
		return EXIT_OK;
	}
	home = getenv("HOME");
	if (home == NULL || home[0] != '/') {
		cli_error(ctx, "no database: HOME is not set; use --db PATH, or set "
		          "CLINICDEX_DB, XDG_DATA_HOME or HOME");
		return EXIT_FAIL;
	}
	*path = xasprintf("%s/.local/share/clinicdex/clinicdex.db", home);
	return EXIT_OK;
}

/* Can this process write path and create files beside it (-wal, -shm)? */
static bool
cli_writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	bool ok;

	if (slash == NULL)
		snprintf(dir, strlen(dir) + 1, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	ok = access(path, W_OK) == 0 && access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/* Opens the database once; with read_ok, a file that cannot be written
 * (a read-only file system, a file or folder this user may not write) is
 * opened read only instead. */
static int
cli_open(struct cli_ctx *ctx, bool read_ok)
{
	struct cd_error err = { 0, "" };
	char *path;
	int rc;

	if (ctx->idx)
		return EXIT_OK;
	if ((rc = cli_db_path(ctx, &path)) != EXIT_OK)
		return rc;
	/* a reader who may not write the database opens it read only at
	 * once: opening it for writing could leave -wal and -shm files that
	 * lock its owner out */
	if (read_ok && access(path, F_OK) == 0 && !cli_writable(path))
		rc = index_open_readonly(path, &ctx->idx, &err);
	else
		rc = index_open(path, &ctx->idx, &err);
	free(path);
	if (rc != 0)
		return cli_fail(ctx, &err);
	return EXIT_OK;
}

int
cli_open_index(struct cli_ctx *ctx)
{
	return cli_open(ctx, false);
}

int
cli_open_index_read(struct cli_ctx *ctx)
{
	int rc = cli_open(ctx, true);

	if (rc == EXIT_OK)
		index_map_for_reading(ctx->idx);
	return rc;
}

/* $CLINICDEX_DATADIR, else the installed PKGDATADIR, else data/ beside
 * the executable: ./clinicdex run in a built source tree before (or
 * without) `make install` finds its rules and sample web. */
const char *
cli_datadir(void)
{
	static char found[PATH_MAX];
	const char *d = getenv("CLINICDEX_DATADIR");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (d && d[0])
		return d;
	if (found[0])
		return found;
	snprintf(found, sizeof found, "%s", PKGDATADIR);
	if (access(PKGDATADIR "/rules.json", R_OK) == 0)
		return found;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			char *cand;

			*slash = '\0';
			cand = xasprintf("%s/data", exe);
			if (strlen(cand) < sizeof found) {
				char *rules = xasprintf("%s/rules.json", cand);

				if (access(rules, R_OK) == 0)
					snprintf(found, sizeof found, "%s", cand);
				free(rules);
			}
			free(cand);
		}
	}
	return found;
}

static int
load_rules(struct cli_ctx *ctx, bool full)
{
	struct cd_error err = { 0, "" };
	const char *env = getenv("CLINICDEX_RULES");
	char *path;
	int rc;

	if (ctx->rules && (ctx->rules_full || !full))
		return EXIT_OK;
	rules_free(ctx->rules);
	ctx->rules = NULL;
	path = env && env[0] ? xstrdup(env) : xasprintf("%s/rules.json", cli_datadir());
	rc = full ? rules_load(path, &ctx->rules, &err) : rules_load_codes(path, &ctx->rules, &err);
	free(path);
	if (rc != 0)
		return cli_fail(ctx, &err);
	ctx->rules_full = full;
	return EXIT_OK;
}

int
cli_load_rules(struct cli_ctx *ctx)
{
	return load_rules(ctx, true);
}

int
cli_load_taxonomy(struct cli_ctx *ctx)
{
	return load_rules(ctx, false);
}

long
cli_parse_count(const char *s)
{
	char *end = NULL;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < 0)
		return -1;
	return v;
}

long
cli_parse_duration(const char *s)
{
	char *end = NULL;
	long v, mul = 1;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || v < 0)
		return -1;
	if (*end) {
		switch (*end) {
		case 's': mul = 1; break;
		case 'm': mul = 60; break;
		case 'h': mul = 3600; break;
		case 'd': mul = 86400; break;
		case 'w': mul = 7 * 86400; break;
		default: return -1;
		}
		if (end[1] != '\0')
			return -1;
	}
	if (v > LONG_MAX / mul)
		return -1;
	return v * mul;
}

/* Flushes and closes stdout so a full disk or a closed pipe is reported
 * as a failure, not lost silently (git's run_builtin does the same). */
static int
finish_stdout(struct cli_ctx *ctx, int status)
{
	struct stat st;

	if (fstat(fileno(stdout), &st) != 0)
		return status;      /* stdout was closed before we began */
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return status;
		cli_error(ctx, "cannot write output: %s", strerror(errno));
		return status == EXIT_OK ? EXIT_FAIL : status;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx;
	const struct cli_command *cmd;
	int i = 1, status;

	memset(&ctx, 0, sizeof ctx);
	setlocale(LC_CTYPE, "C.UTF-8");

	/* Global options come before the command. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc) {
				cli_error(NULL, "option '--db' requires an argument");
				return EXIT_USAGE;
			}
			ctx.db_path = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			ctx.db_path = a + 5;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			ctx.quiet = 1;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			ctx.verbose++;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			/* `clinicdex --help crawl` is crawl's help, as with git */
			if (i + 1 < argc && argv[i + 1][0] != '-') {
				if ((cmd = cli_find_command(argv[i + 1])) == NULL) {
					cli_error(NULL, "'%s' is not a clinicdex command "
					          "(see 'clinicdex --help')", argv[i + 1]);
					return EXIT_USAGE;
				}
				cli_print_help(cmd, stdout);
			} else {
				usage_main(stdout);
			}
			return finish_stdout(&ctx, EXIT_OK);
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("clinicdex %s\n", PACKAGE_VERSION);
			return finish_stdout(&ctx, EXIT_OK);
		} else {
			cli_error(NULL, "unknown option '%s' (see 'clinicdex --help')", a);
			return EXIT_USAGE;
		}
	}
	if (ctx.db_path && ctx.db_path[0] == '\0') {
		cli_error(NULL, "--db: empty path (see 'clinicdex --help')");
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	cmd = cli_find_command(argv[i]);
	if (cmd == NULL) {
		cli_error(NULL, "'%s' is not a clinicdex command (see 'clinicdex --help')", argv[i]);
		return EXIT_USAGE;
	}
	ctx.cmd = cmd;
	optind = 1;
	opterr = 0;   /* cli_getopt reports bad options in our format */
	status = cmd->run(&ctx, argc - i, argv + i);
	if (ctx.idx)
		index_close(ctx.idx);
	if (ctx.rules)
		rules_free(ctx.rules);
	return finish_stdout(&ctx, status);
}
