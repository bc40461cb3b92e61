/* cmd-gazetteer.c: `clinicdex gazetteer import FILE`: load the US Census
 * ZCTA or Places gazetteer (the header says which), replacing the one
 * loaded before in one transaction, and re-geocode every location. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "index/places.h"

static int
gazetteer_import(struct cli_ctx *ctx, const char *path)
{
	struct places_report rep;
	struct cd_error err = { 0, "" };
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	int64_t geocoded = 0;
	size_t i = 0;
	int status = EXIT_OK, rc = 0;

	memset(&rep, 0, sizeof rep);
	if (fp == NULL) {
		cli_error(ctx, "cannot open %s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	if ((status = cli_setup(ctx)) != EXIT_OK)
		goto out;
	rc = index_gazetteer_import(ctx->idx, fp, name, &rep, &geocoded, &err);
	/* malformed lines are reported whether or not the import stood */
	for (i = 0; i < rep.n_notes; i++)
		cli_error(ctx, "%s: %s", name, rep.notes[i]);
	if (rep.malformed > (int64_t)rep.n_notes)
		cli_error(ctx, "%s: ... and %lld more malformed lines", name,
		          (long long)(rep.malformed - (int64_t)rep.n_notes));
	if (rc != 0) {
		status = cli_fail(ctx, &err);
		goto out;
	}
	if (!ctx->quiet)
		fprintf(stderr, "imported %lld %s from %s (%lld malformed line%s skipped); "
		        "%lld locations geocoded from gazetteers\n",
		        (long long)rep.records,
		        rep.kind == PLACES_FILE_PLACES ? "places" : "ZIP code areas", name,
		        (long long)rep.malformed, rep.malformed == 1 ? "" : "s",
		        (long long)geocoded);
out:
	if (fp != stdin)
		fclose(fp);
	return status;
}

static const struct option gazetteer_opts[] = { CLI_COMMON_OPTIONS, { 0, 0, 0, 0 } };

static int
cmd_gazetteer(struct cli_ctx *ctx, int argc, char **argv)
{
	int c = 0, status = EXIT_OK;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, gazetteer_opts, &status)) != -1)
		if (c == CLI_OPT_EXIT)
			return status;
	if (optind >= argc)
		return cli_usage(ctx, "missing subcommand: import FILE");
	if (strcmp(argv[optind], "import") != 0)
		return cli_usage(ctx, "unknown subcommand '%s' (import FILE)", argv[optind]);
	if (optind + 1 >= argc)
		return cli_usage(ctx, "import: missing FILE");
	if (optind + 2 < argc)
		return cli_usage(ctx, "import: one FILE at a time");
	return gazetteer_import(ctx, argv[optind + 1]);
}

const struct cmd_entry cmd_gazetteer_entry = {
	.name = "gazetteer",
	.usage = "import FILE",
	.summary = "load place coordinates (Census ZCTA and Places gazetteer files)",
	.help = "  import FILE             load a ZCTA or Places gazetteer file (- for stdin),\n"
	        "                          replacing the one of its kind loaded before, and\n"
	        "                          geocode the locations again\n",
	.options = gazetteer_opts,
	.flags = CMD_INDEX_WRITE,
	.exec = cmd_gazetteer,
};
