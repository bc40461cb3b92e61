/* cmd-robots.c: `clinicdex robots FILE URL`: would robots.txt in FILE let
 * us fetch URL, and which line decided. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "crawler/robots.h"
#include "crawler/url.h"

#define ROBOTS_READ_MAX (500 * 1024)   /* RFC 9309: at least 500 KiB parsed */

enum { O_AGENT = OPT_FIRST_LOCAL };
static const struct option robots_opts[] = {
	{ "agent", required_argument, NULL, O_AGENT },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_robots(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *agent = CRAWL_DEFAULT_AGENT, *file, *url, *rule = NULL;
	struct buf body;
	struct robots *r = NULL;
	char chunk[8192], *path = NULL;
	FILE *f = NULL;
	size_t got;
	int c, status = EXIT_OK, line = 0;

	buf_init(&body, ROBOTS_READ_MAX);
	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, robots_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			goto out;
		if (c == O_AGENT)
			agent = optarg;
	}
	if (argc - optind != 2) {
		status = cli_usage(ctx, "need a robots.txt FILE and a URL");
		goto out;
	}
	file = argv[optind];
	url = argv[optind + 1];
	if (url[0] == '/')
		path = xstrdup(url);
	else if (strlen(url) > URL_MAX_LEN) {
		/* the crawler never queues such a URL, so no answer would apply */
		status = cli_usage(ctx, "the URL is %zu bytes long, over the %d that clinicdex "
		                   "crawls (give its /path to test a rule)", strlen(url), URL_MAX_LEN);
		goto out;
	} else if ((path = url_path_query(url)) == NULL) {
		status = cli_usage(ctx, "'%s' is not an http(s) URL or a /path", url);
		goto out;
	}
	f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (f == NULL) {
		cli_error(ctx, "cannot open %s: %s", file, strerror(errno));
		status = EXIT_FAIL;
		goto out;
	}
	/* only the first 500 KiB count; the rest is ignored, as the RFC allows */
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		size_t room = body.max - body.len;

		buf_append(&body, chunk, got < room ? got : room);
		if (got >= room)
			break;
	}
	if (ferror(f)) {
		cli_error(ctx, "cannot read %s: %s", file, strerror(errno));
		status = EXIT_FAIL;
		goto out;
	}
	r = robots_parse(buf_str(&body), body.len, agent);
	if (robots_allowed(r, path, &line, &rule)) {
		printf("allowed");
	} else {
		printf("disallowed");
	}
	if (line > 0) {
		printf(" by line %d: ", line);
		out_text(stdout, rule ? rule : "");
		printf("\n");
	} else {
		printf(" (no rule matched)\n");
	}
out:
	if (f && f != stdin)
		fclose(f);
	robots_free(r);
	buf_release(&body);
	free(path);
	return status;
}

const struct cmd_entry cmd_robots_entry = {
	.name = "robots",
	.usage = "FILE URL [--agent UA]",
	.summary = "say whether robots.txt in FILE allows URL, and which rule decided",
	.help = "  --agent UA              the user agent to match (default clinicdex's)\n",
	.options = robots_opts,
	.flags = 0,
	.exec = cmd_robots,
};
