/* cmd-discover.c: `clinicdex discover FILE [-o SEEDS]`: the clinic
 * websites of an OpenStreetMap extract, written as a seeds file that
 * `crawl --seeds` reads. Needs no database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/xalloc.h"
#include "discover/osm.h"

/* The rules file, as cli_setup finds it. Caller frees. */
static char *
rules_path(void)
{
	const char *env = getenv("CLINICDEX_RULES");

	return env && env[0] ? xstrdup(env) : xasprintf("%s/rules.json", cli_datadir());
}

/* Writes the seeds to path through path.tmp and a rename, so an existing
 * seeds file is replaced whole or not at all. */
static int
write_file(struct cli_ctx *ctx, const char *path, const struct discover_result *res)
{
	struct cd_error err = { 0, "" };
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int status = EXIT_OK;

	if (f == NULL) {
		cli_error(ctx, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return EXIT_FAIL;
	}
	if (discover_write_seeds(f, res, &err) != 0)
		status = cli_fail(ctx, &err);
	if (fclose(f) != 0 && status == EXIT_OK) {
		cli_error(ctx, "cannot write %s: %s", tmp, strerror(errno));
		status = EXIT_FAIL;
	}
	if (status == EXIT_OK && rename(tmp, path) != 0) {
		cli_error(ctx, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		status = EXIT_FAIL;
	}
	if (status != EXIT_OK)
		unlink(tmp);
	free(tmp);
	return status;
}

static const struct option discover_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_discover(struct cli_ctx *ctx, int argc, char **argv)
{
	struct discover_rules *rules = NULL;
	struct discover_result res = { NULL, 0, 0, 0 };
	struct cd_error err = { 0, "" };
	const char *out = NULL;
	char *path = NULL;
	int c, rc, status = EXIT_OK;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT "o:", discover_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			goto out;
		if (c == 'o')
			out = optarg;
	}
	if (argc - optind != 1) {
		status = cli_usage(ctx, "need one OpenStreetMap extract (FILE.osm.pbf or FILE.osm)");
		goto out;
	}
	path = rules_path();
	if (discover_rules_load(path, &rules, &err) != 0) {
		status = cli_fail(ctx, &err);
		goto out;
	}
	if ((rc = discover_osm(argv[optind], rules, &res, &err)) != 0) {
		status = rc == CD_EINVAL ? (cli_error(ctx, "%s", err.msg), EXIT_USAGE)
		                         : cli_fail(ctx, &err);
		goto out;
	}
	if (out != NULL && strcmp(out, "-") != 0) {
		status = write_file(ctx, out, &res);
	} else if (discover_write_seeds(stdout, &res, &err) != 0) {
		status = cli_fail(ctx, &err);
	}
	if (status == EXIT_OK && !ctx->quiet)
		fprintf(stderr, "%zu site%s from %ld clinic%s in the extract (%ld without a website)\n",
		        res.n_seeds, res.n_seeds == 1 ? "" : "s", res.objects,
		        res.objects == 1 ? "" : "s", res.no_website);
out:
	discover_result_release(&res);
	discover_rules_free(rules);
	free(path);
	return status;
}

const struct cmd_entry cmd_discover_entry = {
	.name = "discover",
	.usage = "FILE [-o SEEDS]",
	.summary = "list the clinic websites of an OpenStreetMap extract as crawl seeds",
	.help = "  FILE                    an extract, .osm.pbf or .osm XML (as Geofabrik\n"
	        "                          publishes per state)\n"
	        "  -o, --output SEEDS      write the seeds there (default: standard output)\n"
	        "  A line a site: URL, then tab-separated name, lat,lon of each place, OSM\n"
	        "  ids and addresses (';' between places): crawl takes it as its seeds\n"
	        "  file. Which tags and name words count: \"discover\" in rules.json.\n",
	.options = discover_opts,
	.flags = 0,   /* its own section of the rules file; no database */
	.exec = cmd_discover,
};
