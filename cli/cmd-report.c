/* cmd-report.c: `clinicdex report`: the oversight study (index/report.h)
 * as CSV (one row per clinic, or --summary) or one HTML page. -o FILE is
 * written through FILE.tmp and a rename, as export does: a reader never
 * sees half a report. The directors' specialties are named from the
 * taxonomy names of rules.json's verify section (registry/verify_rules.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/xalloc.h"
#include "index/report.h"
#include "registry/verify_rules.h"

enum { O_FORMAT = OPT_FIRST_LOCAL, O_SUMMARY };
static const struct option report_opts[] = {
	CLI_FILTER_OPTIONS,
	{ "format", required_argument, NULL, O_FORMAT },
	{ "summary", no_argument, NULL, O_SUMMARY },
	{ "output", required_argument, NULL, 'o' },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static const char *
report_taxonomy_name(const void *arg, const char *code)
{
	return verify_rules_taxonomy_name(arg, code);
}

static int
cmd_report(struct cli_ctx *ctx, int argc, char **argv)
{
	struct search_filter f;
	struct cd_error err = { 0, "" };
	enum report_format fmt = REPORT_CSV;
	struct verify_rules *vr = NULL;
	const char *output = NULL, *env = getenv("CLINICDEX_RULES");
	bool summary = false, bad = false;
	char *tmp = NULL, *path = NULL;
	FILE *out = stdout;
	int c, status = EXIT_OK, rc;

	memset(&f, 0, sizeof f);
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT "o:", report_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			goto out;
		rc = cli_filter_option(ctx, &f, c, optarg);
		if (rc == 1)
			continue;
		if (rc != 0) {
			status = rc;
			goto out;
		}
		if (c == O_FORMAT) {
			if (strcmp(optarg, "csv") == 0)
				fmt = REPORT_CSV;
			else if (strcmp(optarg, "html") == 0)
				fmt = REPORT_HTML;
			else {
				status = cli_usage(ctx, "--format: '%s' is not csv or html", optarg);
				goto out;
			}
		} else if (c == O_SUMMARY)
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
	if ((status = cli_setup(ctx)) != EXIT_OK)
		goto out;
	/* the taxonomy names: the verify section of the rules file */
	path = env != NULL && env[0] ? xstrdup(env) : xasprintf("%s/rules.json", cli_datadir());
	rc = verify_rules_load(path, &vr, &err);
	free(path);
	if (rc != 0) {
		status = cli_fail(ctx, &err);
		goto out;
	}
	if (output != NULL && strcmp(output, "-") != 0) {
		tmp = xasprintf("%s.tmp", output);
		if ((out = fopen(tmp, "w")) == NULL) {
			cli_error(ctx, "cannot create %s: %s", tmp, strerror(errno));
			status = EXIT_FAIL;
			goto out;
		}
	}
	if (report_write(ctx->idx, &f, fmt, report_taxonomy_name, vr, out, &err) != 0) {
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
	verify_rules_free(vr);
	cli_filter_release(&f);
	return status;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--format csv|html] [--summary] [-o FILE] [FILTERS]",
	.summary = "the medical-oversight study: per clinic, then by state",
	.help = "  Per clinic: medical director (name, credentials, NPPES specialty, board\n"
	        "  claim and its status), statements of supervision, of a physician on site,\n"
	        "  of physician ownership, who performs treatments, services, conflicts,\n"
	        "  exclusions (practitioners or the clinic on the HHS-OIG LEIE, with the\n"
	        "  record); each value with the URL of the page that says it. Summary: each\n"
	        "  variable's count/denominator, percent and 95% Wilson interval, overall\n"
	        "  and by state.\n"
	        "  --format FMT            csv (default: one row per clinic) or html (one\n"
	        "                          self-contained page: summary, a bar chart per\n"
	        "                          variable, a map by oversight, the clinics)\n"
	        "  --summary               CSV of the summary table instead of the clinics\n"
	        "  -o, --output FILE       write to FILE (via FILE.tmp and a rename; - for\n"
	        "                          standard output)\n"
	        "  FILTERS                 as for search: --state --city --zip --credential\n"
	        "                          --service --status --site --near --radius --text\n"
	        "                          --excluded\n",
	.options = report_opts,
	.flags = CMD_INDEX_READ,
	.exec = cmd_report,
};
