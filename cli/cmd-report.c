/* cmd-report.c: `clinicdex report`: the oversight study (index/report.h)
 * as CSV (one row per clinic, or --summary) or one HTML page. -o FILE is
 * written through FILE.tmp and a rename, as export does: a reader never
 * sees half a report. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/xalloc.h"
#include "index/report.h"

int
cmd_report(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_FILTER_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "summary", no_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ 0, 0, 0, 0 },
	};
	struct search_filter f;
	struct cd_error err = { 0, "" };
	enum report_format fmt = REPORT_CSV;
	const char *output = NULL;
	bool summary = false, bad = false;
	char *tmp = NULL;
	FILE *out = stdout;
	int c, status = EXIT_OK, rc;

	memset(&f, 0, sizeof f);
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT "o:", opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			goto out;
		rc = cli_filter_option(ctx, &f, c, optarg);
		if (rc == 1)
			continue;
		if (rc != 0) {
			status = rc;
			goto out;
		}
		if (c == 'f') {
			if (strcmp(optarg, "csv") == 0)
				fmt = REPORT_CSV;
			else if (strcmp(optarg, "html") == 0)
				fmt = REPORT_HTML;
			else {
				status = cli_usage(ctx, "--format: '%s' is not csv or html", optarg);
				goto out;
			}
		} else if (c == 'S')
			summary = true;
		else if (c == 'o')
			output = optarg;
	}
	if (optind < argc) {
		status = cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (summary && fmt == REPORT_HTML) {
		status = cli_usage(ctx, "--summary: the HTML report holds the summary already");
		goto out;
	}
	if (summary)
		fmt = REPORT_SUMMARY_CSV;
	if ((status = cli_filter_check_codes(ctx, &f)) != EXIT_OK)
		goto out;
	if ((status = cli_open_index_read(ctx)) != EXIT_OK)
		goto out;
	if (output != NULL && strcmp(output, "-") != 0) {
		tmp = xasprintf("%s.tmp", output);
		if ((out = fopen(tmp, "w")) == NULL) {
			cli_error(ctx, "cannot create %s: %s", tmp, strerror(errno));
			status = EXIT_FAIL;
			goto out;
		}
	}
	if (report_write(ctx->idx, &f, fmt, out, &err) != 0) {
		status = cli_fail(ctx, &err);
		goto out;
	}
	if (out != stdout) {
		bad = fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0;
		if (fclose(out) != 0)
			bad = true;
		out = stdout;
		if (bad) {
			cli_error(ctx, "cannot write %s: %s", tmp, strerror(errno));
			status = EXIT_FAIL;
			goto out;
		}
		if (rename(tmp, output) != 0) {
			cli_error(ctx, "cannot rename %s to %s: %s", tmp, output, strerror(errno));
			status = EXIT_FAIL;
			goto out;
		}
		free(tmp);
		tmp = NULL;
	}
out:
	if (out != NULL && out != stdout)
		fclose(out);
	if (tmp != NULL) {
		unlink(tmp);        /* nothing half-written is left behind */
		free(tmp);
	}
	cli_filter_release(&f);
	return status;
}
