/* cmd-verify.c: `clinicdex verify [--site HOST]`: check every claim against
 * the loaded registries and say how many came out which way. */
#include <stdio.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "common/xalloc.h"
#include "registry/verify.h"

static const struct option verify_opts[] = {
	CLI_COMMON_OPTIONS,
	{ "site", required_argument, NULL, OPT_SITE },
	{ 0, 0, 0, 0 },
};

static int
cmd_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	struct verify_report rep;
	struct cd_error err = { 0, "" };
	const char *site = NULL, *env = getenv("CLINICDEX_RULES");
	struct verify_rules *rules = NULL;
	char *path = NULL;
	int64_t site_id = 0;
	int c = 0, status = EXIT_OK, rc = 0;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, verify_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			return status;
		if (c == OPT_SITE)
			site = optarg;
	}
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		return status;
	if (site != NULL && (rc = index_site_find(ctx->idx, site, &site_id, &err)) != 0)
		return cli_fail(ctx, &err);
	/* how each code is checked: the verify section of the rules file */
	path = env != NULL && env[0] ? xstrdup(env) : xasprintf("%s/rules.json", cli_datadir());
	rc = verify_rules_load(path, &rules, &err);
	free(path);
	if (rc != 0)
		return cli_fail(ctx, &err);
	rc = index_verify(ctx->idx, rules, site_id, NULL, &rep, &err);
	verify_rules_free(rules);
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (!ctx->quiet) {
		/* the counts stats and export give: one table of statuses */
		fprintf(stderr, "verified %lld claims of %lld practitioners in %lld clinics:",
		        (long long)rep.claims, (long long)rep.practitioners, (long long)rep.clinics);
		for (int s = CLAIM_UNCHECKED + 1; s < CLAIM_STATUS_COUNT; s++)
			fprintf(stderr, " %s %lld,", claim_status_name((enum claim_status)s),
			        (long long)rep.by_status[s]);
		fprintf(stderr, " %s %lld (%lld of them services, which no registry speaks of)\n",
		        claim_status_name(CLAIM_UNCHECKED), (long long)rep.by_status[CLAIM_UNCHECKED],
		        (long long)rep.services);
	}
	return EXIT_OK;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "[--site HOST]",
	.summary = "check every credential claim against the loaded registries",
	.help = "  --site HOST             only this site's claims\n"
	        "  Statuses: unchecked, consistent, conflict, unmatched, ambiguous; each\n"
	        "  claim's reason names the registry record (see show and export).\n",
	.options = verify_opts,
	.flags = CMD_INDEX_WRITE,
	.exec = cmd_verify,
};
