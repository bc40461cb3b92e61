/* cmd-taxonomy.c: `clinicdex taxonomy`: the codes in the rules file. */
#include <string.h>
#include "cli/cli.h"

enum { O_KIND = OPT_FIRST_LOCAL };
static const struct option taxonomy_opts[] = {
	{ "kind", required_argument, NULL, O_KIND },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_taxonomy(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *kind = NULL;
	size_t i, n, kind_w = 4, code_w = 4;
	int c, status = EXIT_OK, width = 0;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, taxonomy_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			return status;
		if (c == O_KIND) {
			if (strcmp(optarg, "credential") != 0 && strcmp(optarg, "service") != 0)
				return cli_usage(ctx, "--kind: '%s' is not credential or service", optarg);
			kind = optarg;
		}
	}
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		return status;
	n = rules_code_count(ctx->rules);
	for (i = 0; i < n; i++) {
		const struct rule_code *rc = rules_code(ctx->rules, i);

		if (kind && strcmp(kind, rc->kind) != 0)
			continue;
		if (strlen(rc->kind) > kind_w)
			kind_w = strlen(rc->kind);
		if (strlen(rc->code) > code_w)
			code_w = strlen(rc->code);
	}
	/* labels wrap under themselves so that no line passes 80 columns, or
	 * the terminal's width when it is narrower */
	width = out_width(stdout);
	if (width <= 0 || width > 80)
		width = 80;
	if (width < (int)(kind_w + code_w) + 22)
		width = (int)(kind_w + code_w) + 22;
	printf("%-*s %-*s %s\n", (int)kind_w, "KIND", (int)code_w, "CODE", "LABEL");
	for (i = 0; i < n; i++) {
		const struct rule_code *rc = rules_code(ctx->rules, i);

		if (kind && strcmp(kind, rc->kind) != 0)
			continue;
		printf("%-*s ", (int)kind_w, rc->kind);
		out_cell(stdout, rc->code, (int)code_w);
		fputc(' ', stdout);
		out_wrap(stdout, rc->label, (int)(kind_w + code_w) + 2, width);
		fputc('\n', stdout);
	}
	return EXIT_OK;
}

const struct cmd_entry cmd_taxonomy_entry = {
	.name = "taxonomy",
	.usage = "[--kind credential|service]",
	.summary = "list the credential and service codes",
	.help = "  --kind KIND             only credential or only service codes\n",
	.options = taxonomy_opts,
	.flags = CMD_TAXONOMY,
	.exec = cmd_taxonomy,
};
