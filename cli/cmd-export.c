/* cmd-export.c: `clinicdex export`: the directory as CSV, JSON Lines or a
 * GeoJSON map of clinic locations.
 * With -o FILE the data goes to FILE.tmp, which is renamed to FILE only
 * once every byte is written and synced: a reader never sees half a file.
 * Anything that is not a regular file (a device such as /dev/stdout or
 * /dev/null, a FIFO) is written in place: renaming over it would replace
 * the device with a file. `-o -` is standard output. */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "common/xalloc.h"
#include "index/export.h"

enum { O_WHAT = OPT_FIRST_LOCAL, O_FORMAT };
static const struct option export_opts[] = {
	CLI_FILTER_OPTIONS,
	{ "what", required_argument, NULL, O_WHAT },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

/* Takes the export option c (argument arg) into *what, *fmt, *output;
 * EXIT_OK, or the usage status of a value it does not know. */
static int
export_option(struct cli_ctx *ctx, int c, const char *arg, enum export_what *what,
              enum export_format *fmt, const char **output)
{
	if (c == O_WHAT) {
		if (strcmp(arg, "clinics") == 0)
			*what = EXPORT_CLINICS;
		else if (strcmp(arg, "practitioners") == 0)
			*what = EXPORT_PRACTITIONERS;
		else if (strcmp(arg, "claims") == 0)
			*what = EXPORT_CLAIMS;
		else
			return cli_usage(ctx, "--what: '%s' is not clinics, practitioners or claims",
			                 arg);
	} else if (c == O_FORMAT) {
		if (strcmp(arg, "csv") == 0)
			*fmt = EXPORT_CSV;
		else if (strcmp(arg, "jsonl") == 0)
			*fmt = EXPORT_JSONL;
		else if (strcmp(arg, "geojson") == 0)
			*fmt = EXPORT_GEOJSON;
		else
			return cli_usage(ctx, "--format: '%s' is not csv, jsonl or geojson", arg);
	} else if (c == 'o') {
		*output = arg;
	}
	return EXIT_OK;
}

/* Closes *out when it is not standard output (then *out is stdout): a
 * device or FIFO written in place is flushed; a regular file's *tmp is
 * synced and renamed to output, and *tmp freed and NULL. EXIT_OK, or
 * EXIT_FAIL with the error printed (*tmp is the caller's to unlink). */
static int
export_close(struct cli_ctx *ctx, FILE **out, const char *output, char **tmp, bool in_place)
{
	if (*out != stdout && in_place) {
		/* a device or FIFO: nothing to sync or rename */
		int bad = fflush(*out) != 0 || ferror(*out);

		if (fclose(*out) != 0)
			bad = 1;
		*out = stdout;
		if (bad) {
			cli_error(ctx, "cannot write %s: %s", output, strerror(errno));
			return EXIT_FAIL;
		}
	} else if (*out != stdout) {
		int bad = fflush(*out) != 0 || ferror(*out) || fsync(fileno(*out)) != 0;

		if (fclose(*out) != 0)
			bad = 1;
		*out = stdout;
		if (bad) {
			cli_error(ctx, "cannot write %s: %s", *tmp, strerror(errno));
			return EXIT_FAIL;
		}
		if (rename(*tmp, output) != 0) {
			cli_error(ctx, "cannot rename %s to %s: %s", *tmp, output, strerror(errno));
			return EXIT_FAIL;
		}
		free(*tmp);
		*tmp = NULL;
	}
	return EXIT_OK;
}

static int
cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	struct search_filter f;
	struct cd_error err = { 0, "" };
	enum export_what what = EXPORT_CLINICS;
	enum export_format fmt = EXPORT_CSV;
	const char *output = NULL;
	int64_t skipped = 0;
	char *tmp = NULL;
	struct stat sb;
	bool in_place = false;
	FILE *out = stdout;
	int c, status = EXIT_OK, rc;

	memset(&f, 0, sizeof f);
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT "o:", export_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			goto out;
		rc = cli_filter_option(ctx, &f, c, optarg);
		if (rc == 1)
			continue;
		if (rc != 0) {
			status = rc;
			goto out;
		}
		if ((status = export_option(ctx, c, optarg, &what, &fmt, &output)) != EXIT_OK)
			goto out;
	}
	if (optind < argc) {
		status = cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (fmt == EXPORT_GEOJSON && what != EXPORT_CLINICS) {
		status = cli_usage(ctx, "--format geojson: a map is of clinic locations "
		                   "(--what clinics)");
		goto out;
	}
	if ((status = cli_filter_check_codes(ctx, &f)) != EXIT_OK)
		goto out;
	if ((status = cli_setup(ctx)) != EXIT_OK)
		goto out;
	if (output && strcmp(output, "-") != 0) {
		/* stat follows links: /dev/stdout is the device it points to */
		in_place = stat(output, &sb) == 0 && !S_ISREG(sb.st_mode);
		if (in_place && S_ISDIR(sb.st_mode)) {
			cli_error(ctx, "cannot write %s: %s", output, strerror(EISDIR));
			status = EXIT_FAIL;
			goto out;
		}
		if (!in_place)
			tmp = xasprintf("%s.tmp", output);
		out = fopen(in_place ? output : tmp, "w");
		if (out == NULL) {
			cli_error(ctx, "cannot create %s: %s", in_place ? output : tmp, strerror(errno));
			status = EXIT_FAIL;
			goto out;
		}
	}
	if (fmt == EXPORT_GEOJSON) {
		if (export_geojson(ctx->idx, &f, out, NULL, &skipped, &err) != 0) {
			status = cli_fail(ctx, &err);
			goto out;
		}
	} else if (export_write(ctx->idx, what, fmt, &f, out, &err) != 0) {
		status = cli_fail(ctx, &err);
		goto out;
	}
	if ((status = export_close(ctx, &out, output, &tmp, in_place)) != EXIT_OK)
		goto out;
	if (skipped > 0 && !ctx->quiet)
		fprintf(stderr, "clinicdex: export: %lld location%s without coordinates left out of "
		        "the map (load a gazetteer with 'clinicdex gazetteer import')\n",
		        (long long)skipped, skipped == 1 ? "" : "s");
out:
	if (out != NULL && out != stdout)
		fclose(out);
	if (tmp) {
		unlink(tmp);        /* nothing half-written is left behind */
		free(tmp);
	}
	cli_filter_release(&f);
	return status;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[--what clinics|practitioners|claims] [--format csv|jsonl|geojson] [-o FILE] [FILTERS]",
	.summary = "the directory as CSV, JSON Lines or a GeoJSON map",
	.help = "  --what WHAT             clinics (default), practitioners or claims\n"
	        "  --format FMT            csv (default), jsonl, or geojson (clinic locations\n"
	        "                          as an RFC 7946 FeatureCollection)\n"
	        "  -o, --output FILE       write to FILE (via FILE.tmp and a rename; a device\n"
	        "                          or FIFO in place; - for standard output)\n"
	        "  FILTERS                 as for search: --state --city --zip --credential\n"
	        "                          --service --status --site --near --radius --text\n"
	        "                          --excluded\n",
	.options = export_opts,
	.flags = CMD_INDEX_READ,
	.exec = cmd_export,
};
