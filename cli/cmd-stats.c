/* cmd-stats.c: `clinicdex stats`: what the directory holds. */
#include "cli/cli.h"
#include "index/query.h"

static const struct option stats_opts[] = { CLI_COMMON_OPTIONS, { 0, 0, 0, 0 } };

static int
cmd_stats(struct cli_ctx *ctx, int argc, char **argv)
{
	struct index_stats st;
	struct cd_error err = { 0, "" };
	int c, status = EXIT_OK;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, stats_opts, &status)) != -1)
		if (c == CLI_OPT_EXIT)
			return status;
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		return status;
	if (index_get_stats(ctx->idx, &st, &err) != 0)
		return cli_fail(ctx, &err);
	printf("sites           %lld\n", (long long)st.sites);
	printf("pages           %lld (%lld ok)\n", (long long)st.pages, (long long)st.pages_ok);
	printf("queued URLs     %lld\n", (long long)st.frontier_queued);
	printf("clinics         %lld\n", (long long)st.clinics);
	printf("locations       %lld\n", (long long)st.locations);
	printf("practitioners   %lld\n", (long long)st.practitioners);
	printf("claims          %lld\n", (long long)st.claims);
	for (int s = 0; s < CLAIM_STATUS_COUNT; s++)
		printf("  %-13s %lld\n", claim_status_name((enum claim_status)s),
		       (long long)st.claims_by_status[s]);
	return EXIT_OK;
}

const struct cmd_entry cmd_stats_entry = {
	.name = "stats",
	.usage = "",
	.summary = "counts: sites, pages, clinics, practitioners, claims by status",
	.help = "",
	.options = stats_opts,
	.flags = CMD_INDEX_READ,
	.exec = cmd_stats,
};
