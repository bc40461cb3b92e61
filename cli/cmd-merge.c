/* cmd-merge.c: `clinicdex merge DB...`: other clinicdex databases (crawl
 * shards, crawls made on other machines) folded into this one, one
 * transaction each, so an interrupted merge loses no source's half. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "index/merge.h"

/* A source must be an existing file other than the target: index_open
 * would create a missing one, and merging a file into itself is a typo. */
static int
source_check(struct cli_ctx *ctx, const char *target, const char *src)
{
	struct stat a, b;

	if (stat(src, &b) != 0) {
		cli_error(ctx, "cannot open %s: %s", src, strerror(errno));
		return EXIT_FAIL;
	}
	if (!S_ISREG(b.st_mode)) {
		cli_error(ctx, "%s is not a database file", src);
		return EXIT_FAIL;
	}
	if (stat(target, &a) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return cli_usage(ctx, "%s is the database merged into", src);
	return EXIT_OK;
}

/* Opens src as every command does, which migrates a database of an older
 * clinicdex and refuses another program's, then closes it. */
static int
source_open(struct cli_ctx *ctx, const char *src)
{
	struct cd_error err = { 0, "" };
	struct index *idx = NULL;

	if (index_open(src, &idx, &err) != 0)
		return cli_fail(ctx, &err);
	index_close(idx);
	return EXIT_OK;
}

static const struct option merge_opts[] = {
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_merge(struct cli_ctx *ctx, int argc, char **argv)
{
	struct index_merge_stats st = { 0, 0, 0 };
	struct cd_error err = { 0, "" };
	char *target = NULL;
	int c, i, status = EXIT_OK;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, merge_opts, &status)) != -1)
		if (c == CLI_OPT_EXIT)
			return status;
	if (optind >= argc)
		return cli_usage(ctx, "need the databases to merge into this one");
	if ((status = cli_db_path(ctx, &target)) != EXIT_OK)
		return status;
	for (i = optind; i < argc && status == EXIT_OK; i++)
		status = source_check(ctx, target, argv[i]);
	if (status == EXIT_OK)
		status = cli_setup(ctx);
	for (i = optind; i < argc && status == EXIT_OK; i++) {
		struct index_merge_stats one = { 0, 0, 0 };

		if ((status = source_open(ctx, argv[i])) != EXIT_OK)
			break;
		if (index_merge(ctx->idx, argv[i], &one, &err) != 0) {
			status = cli_fail(ctx, &err);
			break;
		}
		if (ctx->verbose > 0)
			fprintf(stderr, "%s: %ld sites, %ld pages, %ld frontier entries new\n",
			        argv[i], one.sites, one.pages, one.frontier);
		st.sites += one.sites;
		st.pages += one.pages;
		st.frontier += one.frontier;
	}
	if (!ctx->quiet && (status == EXIT_OK || i > optind))
		fprintf(stderr, "merged %d database%s: %ld new sites, %ld new pages, "
		        "%ld new frontier entries\n", i - optind, i - optind == 1 ? "" : "s",
		        st.sites, st.pages, st.frontier);
	free(target);
	return status;
}

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "DB...",
	.summary = "merge other clinicdex databases (crawl shards) into this one",
	.help = "  Sites, frontier, pages and their facts (with verify's statuses) this\n"
	        "  database lacks are copied, one transaction per DB; a page both have\n"
	        "  keeps this database's copy, so merging again changes nothing.\n"
	        "  Registry snapshots (NPPES, licence lists, LEIE, FDA) replace this\n"
	        "  database's of the same kind, label and state when it has none or\n"
	        "  an older one.\n",
	.options = merge_opts,
	.flags = CMD_INDEX_WRITE,
	.exec = cmd_merge,
};
