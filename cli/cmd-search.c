/* cmd-search.c: `clinicdex search`: clinics matching the filters, as a
 * table for people or CSV / JSON Lines for programs. With --near the
 * clinics come nearest first with their distance in miles. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "index/export.h"
#include "index/query.h"

enum search_format { FMT_TABLE, FMT_CSV, FMT_JSONL };

/* Column widths of the table; cred 0 means as wide as it comes. */
struct table_layout {
	int name, city, services, cred;
};

struct search_out {
	enum search_format fmt;
	bool near;      /* a distance column */
	long rows;
	struct table_layout w;
};

/* Fits the table to width columns (0: no limit, the full table). ID, ST,
 * ZIP and MILES keep their width; NAME, CITY, SERVICES and CREDENTIALS
 * share the rest, shrunk in proportion down to a floor of 6 each, and
 * CREDENTIALS takes what is left when there is room for all. */
static struct table_layout
table_fit(int width, bool near)
{
	enum { NAME = 30, CITY = 16, SERV = 34, CRED = 34, FLOOR = 6 };
	struct table_layout w = { NAME, CITY, SERV, 0 };
	int fixed = 5 + 1 + 2 + 1 + 10 + 1 + (near ? 8 : 0) + 3;   /* + 3 gaps */
	int room = width - fixed;

	if (width <= 0)
		return w;
	if (room >= NAME + CITY + SERV + 11) {
		w.cred = room - NAME - CITY - SERV;
		return w;
	}
	w.name = NAME * room / (NAME + CITY + SERV + CRED);
	w.city = CITY * room / (NAME + CITY + SERV + CRED);
	w.services = SERV * room / (NAME + CITY + SERV + CRED);
	w.name = w.name < FLOOR ? FLOOR : w.name;
	w.city = w.city < FLOOR ? FLOOR : w.city;
	w.services = w.services < FLOOR ? FLOOR : w.services;
	w.cred = room - w.name - w.city - w.services;
	if (w.cred < FLOOR)
		w.cred = FLOOR;
	return w;
}

static void
table_header(const struct search_out *o)
{
	printf("%-5s ", "ID");
	out_cell(stdout, "NAME", o->w.name);
	fputc(' ', stdout);
	out_cell(stdout, "CITY", o->w.city);
	printf(" %-2s %-10s ", "ST", "ZIP");
	if (o->near)
		printf("%7s ", "MILES");
	out_cell(stdout, "SERVICES", o->w.services);
	fputc(' ', stdout);
	out_last_cell(stdout, "CREDENTIALS", o->w.cred);
	fputc('\n', stdout);
}

static int
print_row(const struct clinic_row *r, void *arg)
{
	struct search_out *o = arg;

	if (o->fmt != FMT_TABLE) {
		/* the header waits for the first row, so that an unknown place
		 * leaves stdout empty */
		if (o->fmt == FMT_CSV && o->rows == 0 && export_clinic_header(o->near, stdout) != 0)
			return CD_EIO;
		if (export_clinic_row(r, o->fmt == FMT_CSV ? EXPORT_CSV : EXPORT_JSONL, stdout) != 0)
			return CD_EIO;
		o->rows++;
		return 0;
	}
	if (o->rows++ == 0)
		table_header(o);
	printf("%-5lld ", (long long)r->clinic_id);
	out_cell(stdout, r->name[0] ? r->name : r->site, o->w.name);
	fputc(' ', stdout);
	out_cell(stdout, r->city, o->w.city);
	fputc(' ', stdout);
	out_cell(stdout, r->state, 2);
	fputc(' ', stdout);
	out_cell(stdout, r->zip, 10);
	fputc(' ', stdout);
	if (o->near)
		printf("%7.1f ", r->distance_mi);
	out_cell(stdout, r->services, o->w.services);
	fputc(' ', stdout);
	out_last_cell(stdout, r->credentials, o->w.cred);
	fputc('\n', stdout);
	return ferror(stdout) ? CD_EIO : 0;
}

enum { O_FORMAT = OPT_FIRST_LOCAL, O_LIMIT };
static const struct option search_opts[] = {
	CLI_FILTER_OPTIONS,
	{ "format", required_argument, NULL, O_FORMAT },
	{ "limit", required_argument, NULL, O_LIMIT },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_search(struct cli_ctx *ctx, int argc, char **argv)
{
	struct search_filter f;
	struct search_out o = { FMT_TABLE, false, 0, { 0, 0, 0, 0 } };
	struct cd_error err = { 0, "" };
	int c, status = EXIT_OK, rc;

	memset(&f, 0, sizeof f);
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, search_opts, &status)) != -1) {
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
			if (strcmp(optarg, "table") == 0)
				o.fmt = FMT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				o.fmt = FMT_CSV;
			else if (strcmp(optarg, "jsonl") == 0)
				o.fmt = FMT_JSONL;
			else {
				status = cli_usage(ctx, "--format: '%s' is not table, csv or jsonl", optarg);
				goto out;
			}
		} else if (c == O_LIMIT) {
			f.limit = cli_parse_count(optarg);
			if (f.limit <= 0) {
				status = cli_usage(ctx, "--limit: '%s' is not a positive number", optarg);
				goto out;
			}
		}
	}
	if (optind < argc) {
		status = cli_usage(ctx, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if ((status = cli_filter_check_codes(ctx, &f)) != EXIT_OK)
		goto out;
	if ((status = cli_setup(ctx)) != EXIT_OK)
		goto out;
	o.near = f.near != NULL;
	o.w = table_fit(o.fmt == FMT_TABLE ? out_width(stdout) : 0, o.near);
	if (index_search_clinics(ctx->idx, &f, print_row, &o, &err) != 0) {
		if (err.msg[0] == '\0')
			cd_error_set(&err, CD_EIO, "cannot write output");
		status = cli_fail(ctx, &err);
		goto out;
	}
	if (o.fmt == FMT_CSV && o.rows == 0 && export_clinic_header(o.near, stdout) != 0) {
		status = EXIT_FAIL;
		goto out;
	}
	if (o.fmt == FMT_TABLE && o.rows == 0 && !ctx->quiet)
		fprintf(stderr, "no clinics match\n");
out:
	cli_filter_release(&f);
	return status;
}

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.usage = "[FILTERS] [--format table|csv|jsonl] [--limit N]",
	.summary = "find clinics",
	.help = "  --state ST              clinics with a location in state ST\n"
	        "  --city NAME             ... in this city\n"
	        "  --zip ZIP               ... in this ZIP code\n"
	        "  --credential CODE       clinics claiming CODE (repeatable: all must hold)\n"
	        "  --service CODE          clinics offering CODE (repeatable: all must hold)\n"
	        "  --status STATUS         count only claims of this status\n"
	        "  --site HOST             one site only\n"
	        "  --near PLACE            clinics near a ZIP (or ZIP+4), \"City, ST\" or LAT,LON,\n"
	        "                          nearest first, with the distance (needs a gazetteer)\n"
	        "  --radius DIST           how near: 25mi (default), 40km, 10 (miles)\n"
	        "  --text WORDS            clinics whose name, services, practitioners or\n"
	        "                          evidence hold every word (word* for a prefix)\n"
	        "  --excluded              clinics on the HHS-OIG exclusion list, or with a\n"
	        "                          practitioner on it (registry import leie)\n"
	        "  --format FMT            table (default), csv or jsonl\n"
	        "  --limit N               at most N clinics\n",
	.options = search_opts,
	.flags = CMD_INDEX_READ,
	.exec = cmd_search,
};
