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
print_text(const struct clinic_detail *c)
{
	out_text(stdout, c->name[0] ? c->name : c->site);
	printf("  (clinic %lld)\n", (long long)c->clinic_id);
	printf("  site:          ");
	out_text(stdout, c->site);
	printf("\n  phone:         ");
	out_text(stdout, c->phone);
	printf("\n  first seen:    %s\n  last crawled:  %s\n", c->first_seen, c->last_crawled);
	if (c->exclusion_note[0]) {
		/* the clinic's own business on the LEIE (an organisation record) */
		printf("  EXCLUDED:      ");
		out_text(stdout, c->exclusion_note);
		printf("\n");
	}

	printf("\nLocations (%zu)\n", c->n_locations);
	for (size_t i = 0; i < c->n_locations; i++) {
		const struct clinic_location *l = &c->locations[i];

		/* a place a seeds file gave: coordinates and where they are from */
		if (!l->street[0] && !l->city[0] && !l->zip[0] && l->has_geo) {
			printf("  %.6f, %.6f  (", l->lat, l->lon);
			out_text(stdout, l->evidence_url);
			printf(")\n");
			continue;
		}
		printf("  ");
		out_text(stdout, l->street);
		printf(", ");
		out_text(stdout, l->city);
		printf(", ");
		out_text(stdout, l->state);
		printf(" ");
		out_text(stdout, l->zip);
		if (l->phone[0]) {
			printf("  ");
			out_text(stdout, l->phone);
		}
		printf("\n");
	}

	printf("\nPractitioners (%zu)\n", c->n_practitioners);
	for (size_t i = 0; i < c->n_practitioners; i++) {
		const struct clinic_practitioner *p = &c->practitioners[i];

		printf("  ");
		out_text(stdout, p->name);
		for (size_t j = 0; j < p->n_credentials; j++) {
			printf(j ? ", " : "  ");
			out_text(stdout, p->credentials[j]);
		}
		if (p->role[0]) {
			printf("  (");
			out_text(stdout, p->role);
			printf(")");
		}
		printf("\n");
		if (p->exclusion_note[0]) {
			/* an exclusion, or candidates that decided nothing */
			printf("    %s: ", p->exclusion[0] ? "EXCLUDED" : "LEIE");
			out_text(stdout, p->exclusion_note);
			printf("\n");
		}
		if (p->license_note[0]) {
			/* a licence expired, suspended, revoked, on probation, ... */
			printf("    LICENCE: ");
			out_text(stdout, p->license_note);
			printf("\n");
		}
	}

	printf("\nClaims (%zu)\n", c->n_claims);
	for (size_t i = 0; i < c->n_claims; i++) {
		const struct clinic_claim *cl = &c->claims[i];

		printf("  %-10s ", cl->kind);
		out_text(stdout, cl->code);
		if (cl->practitioner[0]) {
			printf("  [");
			out_text(stdout, cl->practitioner);
			printf("]");
		}
		printf("  %s", cl->status);
		if (cl->reason[0]) {
			printf(": ");
			out_text(stdout, cl->reason);
		}
		printf("\n      \"");
		out_text(stdout, cl->evidence);
		printf("\"\n      ");
		out_text(stdout, cl->evidence_url);
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
	struct clinic_detail *detail = NULL;
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
	          : index_clinic_get(ctx->idx, argv[optind], &detail, &err);
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
	if ((rc = index_site_log_json(ctx->idx, detail->site, SHOW_FAILURES_TEXT, &log,
	                              &err)) != 0) {
		index_clinic_free(detail);
		return cli_fail(ctx, &err);
	}
	print_text(detail);
	print_failures(log);
	json_object_put(log);
	index_clinic_free(detail);
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
