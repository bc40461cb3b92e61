/* cmd-taxonomy.c: `clinicdex taxonomy`: the codes in the rules file. */
#include <string.h>
#include "cli/cli.h"

int
cmd_taxonomy(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		CLI_COMMON_OPTIONS,
		{ 0, 0, 0, 0 },
	};
	const char *kind = NULL;
	size_t i, n;
	int c, status = EXIT_OK;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			return status;
		if (c == 'k') {
			if (strcmp(optarg, "credential") != 0 && strcmp(optarg, "service") != 0)
				return cli_usage(ctx, "--kind: '%s' is not credential or service", optarg);
			kind = optarg;
		}
	}
	if (optind < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
	if ((status = cli_load_taxonomy(ctx)) != EXIT_OK)
		return status;
	n = rules_code_count(ctx->rules);
	printf("%-11s %-29s %s\n", "KIND", "CODE", "LABEL");
	for (i = 0; i < n; i++) {
		const struct rule_code *rc = rules_code(ctx->rules, i);

		if (kind && strcmp(kind, rc->kind) != 0)
			continue;
		printf("%-11s ", rc->kind);
		out_cell(stdout, rc->code, 29);
		fputc(' ', stdout);
		out_text(stdout, rc->label);
		fputc('\n', stdout);
	}
	return EXIT_OK;
}
