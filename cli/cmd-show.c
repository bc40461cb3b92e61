/* cmd-show.c: `clinicdex show`: one clinic with its locations,
 * practitioners and every claim with its evidence. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "index/query.h"
#include "index/sitelog.h"

#define SHOW_FAILURES_TEXT 20      /* failures listed in text; json has more */
#define SHOW_FAILURES_JSON INDEX_SHOW_MAX_FAILURES

static const char *
jstr(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

static json_object *
jarr(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

static void
print_text(json_object *c)
{
	json_object *a;
	size_t i, n;

	out_text(stdout, jstr(c, "name")[0] ? jstr(c, "name") : jstr(c, "site"));
	printf("  (clinic %s)\n", jstr(c, "clinic_id"));
	printf("  site:          ");
	out_text(stdout, jstr(c, "site"));
	printf("\n  phone:         ");
	out_text(stdout, jstr(c, "phone"));
	printf("\n  first seen:    %s\n  last crawled:  %s\n", jstr(c, "first_seen"),
	       jstr(c, "last_crawled"));
	if (jstr(c, "exclusion_note")[0]) {
		/* the clinic's own business on the LEIE (an organisation record) */
		printf("  EXCLUDED:      ");
		out_text(stdout, jstr(c, "exclusion_note"));
		printf("\n");
	}

	a = jarr(c, "locations");
	n = a ? json_object_array_length(a) : 0;
	printf("\nLocations (%zu)\n", n);
	for (i = 0; i < n; i++) {
		json_object *l = json_object_array_get_idx(a, i);

		printf("  ");
		out_text(stdout, jstr(l, "street"));
		printf(", ");
		out_text(stdout, jstr(l, "city"));
		printf(", ");
		out_text(stdout, jstr(l, "state"));
		printf(" ");
		out_text(stdout, jstr(l, "zip"));
		if (jstr(l, "phone")[0]) {
			printf("  ");
			out_text(stdout, jstr(l, "phone"));
		}
		printf("\n");
	}

	a = jarr(c, "practitioners");
	n = a ? json_object_array_length(a) : 0;
	printf("\nPractitioners (%zu)\n", n);
	for (i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(a, i), *cr = jarr(p, "credentials");
		size_t j, m = cr ? json_object_array_length(cr) : 0;

		printf("  ");
		out_text(stdout, jstr(p, "name"));
		for (j = 0; j < m; j++) {
			printf(j ? ", " : "  ");
			out_text(stdout, json_object_get_string(json_object_array_get_idx(cr, j)));
		}
		if (jstr(p, "role")[0]) {
			printf("  (");
			out_text(stdout, jstr(p, "role"));
			printf(")");
		}
		printf("\n");
		if (jstr(p, "exclusion_note")[0]) {
			/* an exclusion, or candidates that decided nothing */
			printf("    %s: ", jstr(p, "exclusion")[0] ? "EXCLUDED" : "LEIE");
			out_text(stdout, jstr(p, "exclusion_note"));
			printf("\n");
		}
		if (jstr(p, "license_note")[0]) {
			/* a licence expired, suspended, revoked, on probation, ... */
			printf("    LICENCE: ");
			out_text(stdout, jstr(p, "license_note"));
			printf("\n");
		}
	}

	a = jarr(c, "claims");
	n = a ? json_object_array_length(a) : 0;
	printf("\nClaims (%zu)\n", n);
	for (i = 0; i < n; i++) {
		json_object *cl = json_object_array_get_idx(a, i);

		printf("  %-10s ", jstr(cl, "kind"));
		out_text(stdout, jstr(cl, "code"));
		if (jstr(cl, "practitioner")[0]) {
			printf("  [");
			out_text(stdout, jstr(cl, "practitioner"));
			printf("]");
		}
		printf("  %s", jstr(cl, "status"));
		if (jstr(cl, "reason")[0]) {
			printf(": ");
			out_text(stdout, jstr(cl, "reason"));
		}
		printf("\n      \"");
		out_text(stdout, jstr(cl, "evidence"));
		printf("\"\n      ");
		out_text(stdout, jstr(cl, "evidence_url"));
		printf("\n");
	}
}

/* The pages of a site that failed, were skipped or wait, with why. */
static void
print_failures(json_object *log)
{
	json_object *a = jarr(log, "failures"), *t = NULL;
	size_t i, n = a ? json_object_array_length(a) : 0;
	int64_t total = json_object_object_get_ex(log, "failures_total", &t)
	                ? json_object_get_int64(t) : (int64_t)n;

	if (total == 0)
		return;
	printf("\nFailed, skipped or waiting pages (%lld)\n", (long long)total);
	for (i = 0; i < n; i++) {
		json_object *f = json_object_array_get_idx(a, i);

		printf("  %-8s ", jstr(f, "state"));
		out_text(stdout, jstr(f, "url"));
		printf("\n      ");
		out_text(stdout, jstr(f, "reason"));
		printf("\n");
	}
	if ((int64_t)n < total)
		printf("  ... and %lld more (show --format json lists up to %d)\n",
		       (long long)(total - (int64_t)n), SHOW_FAILURES_JSON);
}

/* A site with no clinic: nothing of it could be read. Says so, and why. */
static void
print_site(json_object *log)
{
	json_object *v = NULL;
	int robots = json_object_object_get_ex(log, "robots_status", &v) ? json_object_get_int(v) : 0;

	out_text(stdout, jstr(log, "site"));
	printf("  (no clinic: nothing could be read from this site)\n");
	printf("  first seen:    %s\n  last crawled:  %s\n", jstr(log, "first_seen"),
	       jstr(log, "last_crawled")[0] ? jstr(log, "last_crawled") : "never");
	if (robots > 0)
		printf("  robots.txt:    HTTP %d\n", robots);
	else
		printf("  robots.txt:    not read\n");
	if (jstr(log, "set_aside")[0]) {
		printf("  set aside:     ");
		out_text(stdout, jstr(log, "set_aside"));
		printf("\n");
	}
	printf("  pages:         %s stored, %s with a 2xx answer; %s queued\n", jstr(log, "pages"),
	       jstr(log, "pages_ok"), jstr(log, "queued"));
	print_failures(log);
}

enum { O_FORMAT = OPT_FIRST_LOCAL };
static const struct option show_opts[] = {
	{ "format", required_argument, NULL, O_FORMAT },
	CLI_COMMON_OPTIONS,
	{ 0, 0, 0, 0 },
};

static int
cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cd_error err = { 0, "" };
	json_object *clinic = NULL, *log = NULL;
	bool json = false;
	int c, status = EXIT_OK, rc;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, show_opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			return status;
		if (c == O_FORMAT) {
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") != 0)
				return cli_usage(ctx, "--format: '%s' is not text or json", optarg);
		}
	}
	if (optind >= argc)
		return cli_usage(ctx, "which clinic? give its ID or its site's host");
	if (optind + 1 < argc)
		return cli_usage(ctx, "unexpected argument '%s'", argv[optind + 1]);
	if ((status = cli_setup(ctx)) != EXIT_OK)
		return status;
	/* JSON is what the API serves too: the clinic with its site's
	 * failures, built in one place (index_clinic_show_json) */
	rc = json ? index_clinic_show_json(ctx->idx, argv[optind], SHOW_FAILURES_JSON, &clinic, &err)
	          : index_clinic_json(ctx->idx, argv[optind], &clinic, &err);
	/* a site of which nothing could be read has no clinic: show the site
	 * and why */
	if (rc == CD_ENOTFOUND &&
	    (rc = index_site_log_json(ctx->idx, argv[optind], json ? SHOW_FAILURES_JSON
	                              : SHOW_FAILURES_TEXT, &log, &err)) == 0) {
		if (json)
			printf("%s\n", json_object_to_json_string_ext(log,
			       JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		else
			print_site(log);
		json_object_put(log);
		return EXIT_OK;
	}
	if (rc == CD_ENOTFOUND) {
		cli_error(ctx, "no clinic '%s' in the directory", argv[optind]);
		return EXIT_FAIL;
	}
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (json) {
		printf("%s\n", json_object_to_json_string_ext(clinic,
		       JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(clinic);
		return EXIT_OK;
	}
	/* and of a clinic, the pages of its site that failed */
	if ((rc = index_site_log_json(ctx->idx, jstr(clinic, "site"), SHOW_FAILURES_TEXT, &log,
	                              &err)) != 0) {
		json_object_put(clinic);
		return cli_fail(ctx, &err);
	}
	print_text(clinic);
	print_failures(log);
	json_object_put(log);
	json_object_put(clinic);
	return EXIT_OK;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "ID|HOST [--format text|json]",
	.summary = "one clinic: locations, practitioners, claims with evidence",
	.help = "  --format FMT            text (default) or json\n"
	        "Then the site's failed and skipped pages, with why; for a site of which\n"
	        "nothing could be read (no clinic), why it failed.\n",
	.options = show_opts,
	.flags = CMD_INDEX_READ,
	.exec = cmd_show,
};
