/* options.c: the search filters that search and export share. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "common/claim_status.h"
#include "common/states.h"
#include "common/xalloc.h"
#include "index/places.h"
#include "index/query.h"

static void
push(const char ***arr, size_t *n, const char *v)
{
	*arr = xreallocarray((void *)*arr, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = v;
}

int
cli_filter_option(struct cli_ctx *ctx, struct search_filter *f, int c, const char *arg)
{
	struct cd_error err = { 0, "" };
	struct place_query place;
	char *match = NULL;

	switch (c) {
	case OPT_STATE:
		if (!places_valid_state(arg))
			return cli_usage(ctx, "--state: '%s' is not a US state code (e.g. TX)", arg);
		f->state = arg;
		return 1;
	case OPT_CITY:
		if (arg[0] == '\0')
			return cli_usage(ctx, "--city: empty city name");
		f->city = arg;
		return 1;
	case OPT_ZIP:
		if (!places_valid_zip(arg))
			return cli_usage(ctx, "--zip: '%s' is not a ZIP code (5 digits or ZIP+4)", arg);
		f->zip = arg;
		return 1;
	case OPT_CREDENTIAL:
		push(&f->credentials, &f->n_credentials, arg);
		return 1;
	case OPT_SERVICE:
		push(&f->services, &f->n_services, arg);
		return 1;
	case OPT_STATUS: {
		enum claim_status st;
		char names[CLAIM_STATUS_LIST_MAX];

		if (!claim_status_parse(arg, &st))
			return cli_usage(ctx, "--status: '%s' is not one of %s", arg,
			                 claim_status_list(names, sizeof names));
		f->status = claim_status_name(st);
		return 1;
	}
	case OPT_SITE:
		if (arg[0] == '\0')
			return cli_usage(ctx, "--site: empty host");
		f->site = arg;
		return 1;
	case OPT_NEAR:
		/* the form is checked here (exit 2); whether a gazetteer knows
		 * the place is the search's business (exit 1) */
		if (places_parse(arg, &place, &err) != 0)
			return cli_usage(ctx, "--near: %s", err.msg);
		f->near = arg;
		return 1;
	case OPT_RADIUS:
		if (places_parse_radius(arg, &f->radius_mi, &err) != 0)
			return cli_usage(ctx, "--radius: %s", err.msg);
		return 1;
	case OPT_TEXT:
		if (index_text_query(arg, &match, &err) != 0)
			return cli_usage(ctx, "--text: %s", err.msg);
		free(match);
		f->text = arg;
		return 1;
	}
	return 0;
}

/* An unknown code is a usage error, not an empty result: a typo such as
 * "--service microneedeling" must not look like "no clinic offers it".
 * Known is in the rules file, or stored: after a rules change the claims
 * of a code the file dropped can still be found (with a warning). */
static int
check_codes(struct cli_ctx *ctx, const char *kind, const char *const *codes, size_t n)
{
	size_t i, j, count = rules_code_count(ctx->rules);
	struct cd_error err = { 0, "" };
	bool stored = false;
	int status = EXIT_OK;

	for (i = 0; i < n; i++) {
		for (j = 0; j < count; j++) {
			const struct rule_code *rc = rules_code(ctx->rules, j);

			if (strcmp(rc->kind, kind) == 0 && strcmp(rc->code, codes[i]) == 0)
				break;
		}
		if (j == count) {
			if ((status = cli_open_index_read(ctx)) != EXIT_OK)
				return status;
			if (index_code_stored(ctx->idx, kind, codes[i], &stored, &err) != 0)
				return cli_fail(ctx, &err);
		}
		if (j == count && stored) {
			if (!ctx->quiet)
				cli_error(ctx, "warning: --%s %s is not in the rules file: only claims "
				          "stored before it changed have it", kind, codes[i]);
			continue;
		}
		if (j == count) {
			/* a usage error, with the list to pick from as the hint */
			cli_error(ctx, "--%s: unknown code '%s' (see 'clinicdex taxonomy --kind %s')",
			          kind, codes[i], kind);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

int
cli_filter_check_codes(struct cli_ctx *ctx, const struct search_filter *f)
{
	int rc;

	if (f->radius_mi > 0 && f->near == NULL)
		return cli_usage(ctx, "--radius needs --near PLACE");
	if (f->n_credentials == 0 && f->n_services == 0)
		return EXIT_OK;
	if ((rc = cli_load_taxonomy(ctx)) != EXIT_OK)
		return rc;
	if ((rc = check_codes(ctx, "credential", f->credentials, f->n_credentials)) != EXIT_OK)
		return rc;
	return check_codes(ctx, "service", f->services, f->n_services);
}

void
cli_filter_release(struct search_filter *f)
{
	free((void *)f->credentials);
	free((void *)f->services);
	f->credentials = f->services = NULL;
	f->n_credentials = f->n_services = 0;
}
