/* cmd-show.c: `clinicdex show`: one clinic with its locations,
 * practitioners and every claim with its evidence. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "index/query.h"

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

int
cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ 0, 0, 0, 0 },
	};
	struct cd_error err = { 0, "" };
	json_object *clinic = NULL;
	bool json = false;
	int c, status = EXIT_OK, rc;

	while ((c = cli_getopt(ctx, argc, argv, CLI_COMMON_SHORT, opts, &status)) != -1) {
		if (c == CLI_OPT_EXIT)
			return status;
		if (c == 'f') {
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
	if ((status = cli_open_index_read(ctx)) != EXIT_OK)
		return status;
	rc = index_clinic_json(ctx->idx, argv[optind], &clinic, &err);
	if (rc == CD_ENOTFOUND) {
		cli_error(ctx, "no clinic '%s' in the directory", argv[optind]);
		return EXIT_FAIL;
	}
	if (rc != 0)
		return cli_fail(ctx, &err);
	if (json)
		printf("%s\n", json_object_to_json_string_ext(clinic,
		       JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		print_text(clinic);
	json_object_put(clinic);
	return EXIT_OK;
}
