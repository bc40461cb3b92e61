/* cmd-extract.c: `clinicdex extract`: re-run extraction over stored pages,
 * e.g. after the rules file changed. No network. Claims found again
 * unchanged keep what verify made of them; the summary says how many. */
#include <stdio.h>
#include "cli/cli.h"
#include "crawler/crawl.h"
#include "index/query.h"

/* Claims with a verdict other than unchecked (of one site or all). */
static int
judged_claims(struct cli_ctx *ctx, int64_t site_id, int64_t *n, struct cd_error *err)
{
	int64_t claims = 0, by_status[CLAIM_STATUS_COUNT];
	int rc = index_count_claims(ctx->idx, site_id, &claims, by_status, NULL, err);

	*n = claims - by_status[CLAIM_UNCHECKED];
	return rc;
}

static const struct option extract_opts[] = {
	{ "site", required_argument, NULL, OPT_SITE },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_extract(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cd_error err = { 0, "" };
	const char *site = NULL;
	int64_t site_id = 0, before = 0, after = 0;
	long pages = 0;
	int c, status = EXIT_OK, rc;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, extract_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			return status;
		if (c == OPT_SITE)
			site = optarg;
	}
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		return status;
	rc = site != NULL ? index_site_find(ctx->idx, site, &site_id, &err) : 0;
	if (rc == 0 && (rc = judged_claims(ctx, site_id, &before, &err)) == 0)
		rc = crawl_reextract(ctx->idx, ctx->rules, site, &pages, &err);
	if (rc == CD_ENOTFOUND) {
		cli_error(ctx, "no site '%s' in the directory", site);
		return EXIT_FAIL;
	}
	if (rc != 0 || (rc = judged_claims(ctx, site_id, &after, &err)) != 0)
		return cli_fail(ctx, &err);
	if (ctx->quiet)
		return EXIT_OK;
	fprintf(stderr, "re-extracted %ld pages", pages);
	if (before > 0 && after >= before)
		fprintf(stderr, "; the %lld claims verify had judged were found unchanged and keep "
		        "their status", (long long)before);
	else if (before > 0)
		fprintf(stderr, "; %lld of the %lld claims verify had judged were found unchanged and "
		        "keep their status; run 'clinicdex verify' to judge the new and changed ones",
		        (long long)after, (long long)before);
	fputc('\n', stderr);
	return EXIT_OK;
}

const struct cmd_entry cmd_extract_entry = {
	.name = "extract",
	.usage = "[--site HOST]",
	.summary = "re-run extraction on stored pages (no network)",
	.help = "  --site HOST             only the pages of this site\n",
	.options = extract_opts,
	.flags = CMD_RULES | CMD_INDEX_WRITE,
	.exec = cmd_extract,
};
