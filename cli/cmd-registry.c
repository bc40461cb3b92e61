/* cmd-registry.c: `clinicdex registry import nppes FILE|-`, `registry
 * import licenses FILE --state ST --map ...` and `registry status`: load
 * the public registries `verify` checks claims against. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <math.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "common/states.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "registry/devices.h"
#include "registry/exclusion.h"
#include "registry/registry.h"

struct progress {
	bool on;
	double t0;
	int len;
	int64_t size;        /* of the file, or 0 when unknown (a pipe) */
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The live line on a terminal: megabytes read of the file's size, the
 * share done and the time left when the size is known, rows read and
 * kept. Padded to the last line's length, so no tail of it is left. */
static void
show_progress(const struct nppes_report *rep, void *arg)
{
	struct progress *p = arg;
	double dt = now_s() - p->t0, mb = (double)rep->bytes / 1e6;
	char where[96];
	int n = 0;

	if (!p->on)
		return;
	if (p->size > 0 && rep->bytes > 0 && rep->bytes <= p->size) {
		double left = dt * (double)(p->size - rep->bytes) / (double)rep->bytes;

		snprintf(where, sizeof where, "%.0f of %.0f MB (%.0f%%), %.0f:%02.0f left", mb,
		         (double)p->size / 1e6, 100.0 * (double)rep->bytes / (double)p->size,
		         floor(left / 60), fmod(floor(left), 60));
	} else {
		snprintf(where, sizeof where, "%.0f MB", mb);
	}
	n = fprintf(stderr, "\r %s; %lld rows read, %lld kept, %lld malformed, %.0f rows/s",
	            where, (long long)rep->rows,
	            (long long)(rep->rows - rep->skipped - rep->malformed),
	            (long long)rep->malformed, dt > 0 ? (double)rep->rows / dt : 0.0);
	if (n > 0 && n < p->len)
		fprintf(stderr, "%*s", p->len - n, "");
	p->len = n > p->len ? n : p->len;
	fflush(stderr);
}

static void
notes(struct cli_ctx *ctx, const char *name, char (*n)[160], int count, int64_t malformed)
{
	for (int i = 0; i < count; i++) {
		char *safe = text_for_terminal(n[i], false);
		cli_error(ctx, "%s: %s", name, safe);
		free(safe);
	}
	if (malformed > count)
		cli_error(ctx, "%s: ... and %lld more malformed rows", name,
		          (long long)(malformed - count));
}

/* One import's own part, run on the open input (named name): imports,
 * reports and returns the exit status. */
typedef int (*import_fn)(struct cli_ctx *ctx, FILE *fp, const char *name, void *arg);

/* Opens path ("-": standard input), sets the database up and runs fn;
 * the exit status. */
static int
run_import(struct cli_ctx *ctx, const char *path, import_fn fn, void *arg)
{
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	int status = EXIT_OK;

	if (fp == NULL) {
		cli_error(ctx, "cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	if ((status = cli_setup(ctx)) == EXIT_OK)
		status = fn(ctx, fp, name, arg);
	if (fp != stdin)
		fclose(fp);
	return status;
}

static int
import_nppes(struct cli_ctx *ctx, FILE *fp, const char *name, void *arg)
{
	const char *taxonomies = arg;
	struct registry_nppes_result res = { 0 };
	struct progress pg = { !ctx->quiet && isatty(STDERR_FILENO), now_s(), 0, 0 };
	struct stat sb;
	struct cd_error err = { 0, "" };
	int rc = 0;
	double dt = 0;

	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode))
		pg.size = (int64_t)sb.st_size;
	rc = index_nppes_import(ctx->idx, fp, name, taxonomies, show_progress, &pg, &res, &err);
	if (pg.on && pg.len > 0)
		fprintf(stderr, "\r%*s\r", pg.len, "");
	dt = now_s() - pg.t0;
	notes(ctx, name, res.read.notes, res.read.n_notes, res.read.malformed);
	if (rc == CD_EINVAL)         /* a bad --taxonomy list: the user's to fix */
		return cli_usage(ctx, "%s", err.msg);
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (!ctx->quiet)
		fprintf(stderr, "imported %lld providers from %s: %lld rows read in %.1f s (%.0f rows/s),"
		        " %lld kept (taxonomies %s), %lld malformed\n", (long long)res.kept, name,
		        (long long)res.read.rows, dt, dt > 0 ? (double)res.read.rows / dt : 0.0,
		        (long long)res.kept, taxonomies ? taxonomies : REGISTRY_DEFAULT_TAXONOMIES,
		        (long long)res.read.malformed);
	return EXIT_OK;
}

struct licenses_args {
	const char *state, *label, *published;
	const struct licenses_map *map;
};

static int
import_licenses(struct cli_ctx *ctx, FILE *fp, const char *name, void *arg)
{
	const struct licenses_args *a = arg;
	struct licenses_report rep = { 0 };
	struct cd_error err = { 0, "" };
	int64_t kept = 0;
	int rc = index_licenses_import(ctx->idx, fp, name, a->state, a->label, a->published, a->map,
	                               &rep, &kept, &err);

	notes(ctx, name, rep.notes, rep.n_notes, rep.malformed);
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (!ctx->quiet)
		fprintf(stderr, "imported %lld %s licences (list \"%s\") from %s: %lld rows read, "
		        "%lld malformed\n", (long long)kept, a->state, a->label, name,
		        (long long)rep.rows, (long long)rep.malformed);
	return EXIT_OK;
}

/* registry import licenses: its options checked, then the import. */
static int
licenses_command(struct cli_ctx *ctx, const char *path, const char *state, const char *map_spec,
                 const char *label, const char *published)
{
	struct licenses_map *map = NULL;
	struct cd_error err = { 0, "" };
	char st[3] = { 0 }, *base = NULL;
	const char *code = NULL;
	int status = EXIT_OK;

	if (state == NULL)
		return cli_usage(ctx, "import licenses: --state ST is required (a US state code)");
	if ((code = states_code(state)) == NULL)
		return cli_usage(ctx, "--state: '%s' is not a US state code (e.g. TX)", state);
	memcpy(st, code, sizeof st);
	if (map_spec == NULL)
		return cli_usage(ctx, "import licenses: --map name=COL,license=COL,... is required");
	if (published != NULL) {
		struct tm tm = { 0 };
		const char *end = strptime(published, "%Y-%m-%d", &tm);

		if (end == NULL || *end != '\0' || strlen(published) != 10)
			return cli_usage(ctx, "--published: '%s' is not a date YYYY-MM-DD", published);
	}
	if (licenses_map_parse(map_spec, &map, &err) != 0)
		return cli_usage(ctx, "%s", err.msg);
	if (label == NULL) {
		/* the list is known by its file's name: "tx-estheticians" */
		const char *b = strrchr(path, '/');
		base = xstrdup(b ? b + 1 : path);
		base[strcspn(base, ".")] = '\0';
		label = base[0] ? base : "stdin";
	}
	status = run_import(ctx, path, import_licenses,
	                    &(struct licenses_args){ st, label, published, map });
	licenses_map_free(map);
	free(base);
	return status;
}

static int
import_leie(struct cli_ctx *ctx, FILE *fp, const char *name, void *arg)
{
	struct registry_leie_result res;
	struct cd_error err = { 0, "" };
	double t0 = now_s(), dt = 0;
	int rc = index_leie_import(ctx->idx, fp, name, NULL, &res, &err);

	(void)arg;
	dt = now_s() - t0;
	notes(ctx, name, res.read.notes, res.read.n_notes, res.read.malformed);
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (!ctx->quiet)
		fprintf(stderr, "imported %lld LEIE records from %s: %lld rows read in %.1f s "
		        "(%.0f rows/s), %lld malformed; %lld practitioners excluded, %lld ambiguous; "
		        "%lld clinics excluded\n",
		        (long long)res.kept, name, (long long)res.read.rows, dt,
		        dt > 0 ? (double)res.read.rows / dt : 0.0, (long long)res.read.malformed,
		        (long long)res.excluded, (long long)res.ambiguous, (long long)res.clinics);
	return EXIT_OK;
}

static int
import_fda(struct cli_ctx *ctx, FILE *fp, const char *name, void *arg)
{
	struct registry_fda_result res;
	struct cd_error err = { 0, "" };
	int rc = index_fda_import(ctx->idx, fp, name, &res, &err);

	(void)arg;
	notes(ctx, name, res.read.notes, res.read.n_notes, res.read.malformed);
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (!ctx->quiet)
		fprintf(stderr, "imported %lld FDA decisions from %s: %lld rows read, %lld malformed "
		        "(clinicdex verify checks device claims against them)\n", (long long)res.kept,
		        name, (long long)res.read.rows, (long long)res.read.malformed);
	return EXIT_OK;
}

static int
print_status(const struct registry_info *r, void *arg)
{
	int *n = arg;
	char *src = text_for_terminal(r->source, false), *label = text_for_terminal(r->label, false);
	char age[96];

	/* how old the data is: from the board's date when the import gave
	 * one (--published), else from the import */
	if (r->published[0] != '\0')
		snprintf(age, sizeof age, "; published %s, %lld days old", r->published,
		         (long long)r->age_days);
	else
		snprintf(age, sizeof age, "; loaded %lld days ago", (long long)r->age_days);

	if (strcmp(r->kind, "nppes") == 0)
		printf("nppes     %-22s %lld providers kept of %lld rows (%lld malformed), "
		       "taxonomies %s, from %s%s\n", r->imported_at, (long long)r->rows_kept,
		       (long long)r->rows_read, (long long)r->rows_malformed, r->detail, src, age);
	else if (strcmp(r->kind, "fda") == 0)
		printf("fda       %-22s %s: %lld decisions of %lld rows (%lld malformed), from %s%s\n",
		       r->imported_at, label, (long long)r->rows_kept, (long long)r->rows_read,
		       (long long)r->rows_malformed, src, age);
	else if (strcmp(r->kind, "leie") == 0)
		printf("leie      %-22s %lld exclusion records of %lld rows (%lld malformed), from %s%s\n",
		       r->imported_at, (long long)r->rows_kept, (long long)r->rows_read,
		       (long long)r->rows_malformed, src, age);
	else
		printf("licenses  %-22s %s \"%s\": %lld licences of %lld rows (%lld malformed), from %s%s\n",
		       r->imported_at, r->state, label, (long long)r->rows_kept, (long long)r->rows_read,
		       (long long)r->rows_malformed, src, age);
	free(src);
	free(label);
	(*n)++;
	return 0;
}

static int
registry_status(struct cli_ctx *ctx)
{
	struct cd_error err = { 0, "" };
	int status = EXIT_OK, n = 0;

	/* status only reads: a read-only database will do */
	if ((status = cli_setup_as(ctx, CMD_INDEX_READ)) != EXIT_OK)
		return status;
	if (index_registry_foreach(ctx->idx, print_status, &n, &err) != 0)
		return cli_fail(ctx, &err);
	if (n == 0)
		printf("no registry loaded (clinicdex registry import nppes FILE; "
		       "registry import licenses FILE --state ST --map ...)\n");
	return EXIT_OK;
}

enum { O_TAXONOMY = OPT_FIRST_LOCAL, O_MAP, O_NAME, O_PUBLISHED };
static const struct option registry_opts[] = {
	CLI_COMMON_OPTIONS,
	{ "taxonomy", required_argument, NULL, O_TAXONOMY },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "map", required_argument, NULL, O_MAP },
	{ "name", required_argument, NULL, O_NAME },
	{ "published", required_argument, NULL, O_PUBLISHED },
	{ 0, 0, 0, 0 },
};

static int
cmd_registry(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *taxonomies = NULL, *state = NULL, *map = NULL, *label = NULL;
	const char *published = NULL;
	int c = 0, status = EXIT_OK;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, registry_opts, &status)) != -1) {
		switch (c) {
		case CLI_OPT_EXIT:
			return status;
		case O_TAXONOMY: taxonomies = optarg; break;
		case OPT_STATE: state = optarg; break;
		case O_MAP: map = optarg; break;
		case O_PUBLISHED: published = optarg; break;
		case O_NAME:
			if (optarg[0] == '\0')
				return cli_usage(ctx, "--name: empty list name");
			label = optarg;
			break;
		}
	}
	if (optind >= argc)
		return cli_usage(ctx, "missing subcommand: import nppes FILE, import licenses FILE, "
		                 "or status");
	if (strcmp(argv[optind], "status") == 0) {
		if (optind + 1 < argc)
			return cli_usage(ctx, "status takes no argument");
		if (taxonomies || state || map || label || published)
			return cli_usage(ctx, "status: --taxonomy, --state, --map, --name and "
			                 "--published are for import");
		return registry_status(ctx);
	}
	if (strcmp(argv[optind], "import") != 0)
		return cli_usage(ctx, "unknown subcommand '%s' (import, status)", argv[optind]);
	if (optind + 2 >= argc)
		return cli_usage(ctx, "import: say what and from where: import nppes FILE, "
		                 "import licenses FILE");
	if (optind + 3 < argc)
		return cli_usage(ctx, "import: one FILE at a time");
	if (strcmp(argv[optind + 1], "nppes") == 0) {
		if (state != NULL || map != NULL || label != NULL || published != NULL)
			return cli_usage(ctx, "import nppes: --state, --map, --name and --published are "
			                 "for licences");
		return run_import(ctx, argv[optind + 2], import_nppes, (void *)taxonomies);
	}
	if (strcmp(argv[optind + 1], "fda") == 0) {
		if (taxonomies || state || map || label || published)
			return cli_usage(ctx, "import fda: --taxonomy, --state, --map, --name and "
			                 "--published are for nppes and licences");
		return run_import(ctx, argv[optind + 2], import_fda, NULL);
	}
	if (strcmp(argv[optind + 1], "leie") == 0) {
		if (taxonomies || state || map || label || published)
			return cli_usage(ctx, "import leie: --taxonomy, --state, --map, --name and "
			                 "--published are for nppes and licences");
		return run_import(ctx, argv[optind + 2], import_leie, NULL);
	}
	if (strcmp(argv[optind + 1], "licenses") == 0 || strcmp(argv[optind + 1], "licences") == 0) {
		if (taxonomies != NULL)
			return cli_usage(ctx, "import licenses: --taxonomy is for nppes");
		return licenses_command(ctx, argv[optind + 2], state, map, label, published);
	}
	return cli_usage(ctx, "import: '%s' is not nppes, licenses, leie or fda", argv[optind + 1]);
}

const struct cmd_entry cmd_registry_entry = {
	.name = "registry",
	.usage = "import nppes FILE | import licenses FILE --state ST --map ... [--published DATE] | import leie FILE | import fda FILE | status",
	.summary = "load the registries claims are checked against",
	.help = "  import nppes FILE       load the NPPES NPI file (npidata_pfile_*.csv; - for\n"
	        "                          stdin), replacing the snapshot loaded before\n"
	        "  --taxonomy LIST         keep providers with a taxonomy code starting with one\n"
	        "                          of LIST (default " REGISTRY_DEFAULT_TAXONOMIES ": physicians,\n"
	        "                          nurse practitioners, PAs, RNs, LPNs)\n"
	        "  import licenses FILE    load a state board's licence list (CSV with a header),\n"
	        "                          replacing the list of the same state and name\n"
	        "  --state ST              the state of the licences (required)\n"
	        "  --map KEY=COL,...       which columns hold what, by header name or number:\n"
	        "                          name (or first and last), license (required),\n"
	        "                          type, status, expires, status_date (when the\n"
	        "                          status took effect); rules.json says which status\n"
	        "                          words are good standing\n"
	        "  --name NAME             the list's name (default: the file's name)\n"
	        "  --published DATE        the date the board published the list (YYYY-MM-DD),\n"
	        "                          for registry status\n"
	        "  import leie FILE        load the HHS-OIG exclusion list (UPDATED.csv; - for\n"
	        "                          stdin), replacing the one loaded before, and match\n"
	        "                          every practitioner against it\n"
	        "  import fda FILE         load FDA's 510(k) or De Novo decisions (the pipe-\n"
	        "                          delimited releasable file; - for stdin), replacing\n"
	        "                          those of its kind; verify then checks the devices\n"
	        "                          clinics call FDA cleared or approved\n"
	        "  status                  what is loaded, from which file, when, how old\n",
	.options = registry_opts,
	.flags = CMD_INDEX_WRITE,
	.exec = cmd_registry,
};
