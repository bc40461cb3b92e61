/* cmd-extract.c: `clinicdex extract`: re-run extraction over stored pages,
 * e.g. after the rules file changed. No network. */
#include <stdio.h>
#include "cli/cli.h"
#include "crawler/crawl.h"

int
cmd_extract(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		CLI_COMMON_OPTIONS,
		{ 0, 0, 0, 0 },
	};
	struct cd_error err = { 0, "" };
	const char *site = NULL;
	long pages = 0;
	int c, status = EXIT_OK, rc;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			return status;
		if (c == 's')
			site = optarg;
	}
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
	if ((status = cli_load_rules(ctx)) != EXIT_OK)
		return status;
	if ((status = cli_open_index(ctx)) != EXIT_OK)
		return status;
	rc = crawl_reextract(ctx->idx, ctx->rules, site, &pages, &err);
	if (rc == CD_ENOTFOUND) {
		cli_error(ctx, "no site '%s' in the directory", site);
		return EXIT_FAIL;
	}
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (!ctx->quiet)
		fprintf(stderr, "re-extracted %ld pages\n", pages);
	return EXIT_OK;
}
