/* test_rules.c: the rules file loads, holds every SPEC code, and bad
 * files fail with messages that say where. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "extract/pages.h"
#include "extract/rules.h"
#include "extract/rules_match.h"

static const char *
rules_path(void)
{
	const char *p = getenv("CLINICDEX_RULES");

	return p != NULL && p[0] != '\0' ? p : "data/rules.json";
}

static long
find_code(const struct rules *r, const char *kind, const char *code)
{
	size_t i;

	for (i = 0; i < rules_code_count(r); i++) {
		const struct rule_code *c = rules_code(r, i);
		if (strcmp(c->kind, kind) == 0 && strcmp(c->code, code) == 0)
			return (long)i;
	}
	return -1;
}

static void
test_every_spec_code(void **state)
{
	static const char *creds[] = {
		"md", "do", "board-dermatology", "board-plastic-surgery",
		"board-facial-plastic-surgery", "board-other", "board-nonabms",
		"board-unspecified", "faad", "facs", "np", "pa", "rn", "cans",
		"esthetician", "master-esthetician", "fda-cleared-device", NULL,
	};
	static const char *services[] = {
		"microneedling", "rf-microneedling", "prp", "chemical-peel",
		"laser-resurfacing", "ipl", "laser-hair-removal", "hydrafacial",
		"dermaplaning", "microdermabrasion", "neurotoxin", "dermal-filler",
		"kybella", "thread-lift", "body-contouring", "tattoo-removal",
		"mohs-surgery", "facial", NULL,
	};
	struct cd_error err = { 0, "" };
	struct rules *r = NULL;
	size_t i;

	(void)state;
	assert_int_equal(rules_load(rules_path(), &r, &err), 0);
	for (i = 0; creds[i] != NULL; i++) {
		long k = find_code(r, "credential", creds[i]);
		assert_true(k >= 0);
		assert_true(strlen(rules_code(r, (size_t)k)->label) > 0);
	}
	for (i = 0; services[i] != NULL; i++) {
		long k = find_code(r, "service", services[i]);
		assert_true(k >= 0);
		assert_true(strlen(rules_code(r, (size_t)k)->label) > 0);
	}
	rules_free(r);
}

struct seen {
	const struct rules *r;
	char codes[512];
};

static void
note(void *arg, size_t code, size_t start, size_t end)
{
	struct seen *s = arg;

	(void)start;
	(void)end;
	strcat(s->codes, rules_code(s->r, code)->code);
	strcat(s->codes, " ");
}

static const char *
scan(const struct rules *r, enum rules_set set, const char *text, struct seen *s)
{
	s->r = r;
	s->codes[0] = '\0';
	rules_scan(r, set, text, strlen(text), note, s);
	return s->codes;
}

static void
test_brand_synonyms(void **state)
{
	struct cd_error err = { 0, "" };
	struct rules *r = NULL;
	struct seen s;

	(void)state;
	assert_int_equal(rules_load(rules_path(), &r, &err), 0);
	assert_string_equal(scan(r, RULES_SET_SERVICE, "SkinPen and Dermapen", &s),
	                    "microneedling microneedling ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "Morpheus8 microneedling", &s),
	                    "rf-microneedling ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "the vampire facial", &s), "prp ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "Xeomin, Jeuveau, Daxxify", &s),
	                    "neurotoxin neurotoxin neurotoxin ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "Sculptra or RHA", &s),
	                    "dermal-filler dermal-filler ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "Emsculpt NEO", &s), "body-contouring ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "BBL photofacial", &s), "ipl ipl ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "a HydraFacial", &s), "hydrafacial ");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "vice versa", &s), "");
	assert_string_equal(scan(r, RULES_SET_BOARD, "the American Board of Cosmetic Surgery", &s),
	                    "board-nonabms ");
	assert_string_equal(scan(r, RULES_SET_BOARD,
	                         "American Board of Facial Plastic and Reconstructive Surgery", &s),
	                    "board-facial-plastic-surgery ");
	/* suffixes: short ones are case-sensitive */
	assert_int_equal(rules_suffix(r, "DO", 2), find_code(r, "credential", "do"));
	assert_int_equal(rules_suffix(r, "Do", 2), RULES_SUFFIX_NONE);
	assert_int_equal(rules_suffix(r, "M.D.", 4), find_code(r, "credential", "md"));
	assert_int_equal(rules_suffix(r, "FNP-C", 5), find_code(r, "credential", "np"));
	assert_int_equal(rules_suffix(r, "BSN", 3), RULES_SUFFIX_OTHER);
	/* filters */
	assert_true(rules_filter(r, RULES_F_ADVICE, "Always choose a board-certified dermatologist.", 46));
	assert_true(rules_filter(r, RULES_F_NEGATION, "We no longer offer CoolSculpting.", 33));
	assert_true(rules_filter(r, RULES_F_PRODUCT, " mask", 5));
	assert_false(rules_filter(r, RULES_F_PRODUCT, " treatments", 11));
	rules_free(r);
}

static void
expect_error(const char *json, const char *needle)
{
	struct cd_error err = { 0, "" };
	struct rules *r = NULL;

	assert_int_equal(rules_load_string(json, strlen(json), "t.json", &r, &err), CD_EPARSE);
	assert_null(r);
	if (strstr(err.msg, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
}

static void
test_bad_files(void **state)
{
	struct cd_error err = { 0, "" };
	struct rules *r = NULL;

	(void)state;
	expect_error("{\"codes\": [", "not valid JSON");
	expect_error("[]", "top level");
	expect_error("{}", "\"codes\"");
	expect_error("{\"codes\": [{\"kind\": \"service\", \"label\": \"x\"}]}", "\"code\"");
	expect_error("{\"codes\": [{\"kind\": \"service\", \"code\": \"x\"}]}", "\"label\"");
	expect_error("{\"codes\": [{\"kind\": \"magic\", \"code\": \"x\", \"label\": \"X\"}]}",
	             "kind must be");
	expect_error("{\"codes\": [{\"kind\": \"service\", \"code\": \"Bad Code\", \"label\": \"X\"}]}",
	             "a-z");
	expect_error("{\"codes\": [{\"kind\": \"service\", \"code\": \"peel\", \"label\": \"P\","
	             " \"patterns\": [\"(unclosed\"]}]}", "code \"peel\"");
	expect_error("{\"codes\": [{\"kind\": \"service\", \"code\": \"peel\", \"label\": \"P\","
	             " \"patterns\": [\"ok\", \"a)b\"]}]}", "at offset 1");
	expect_error("{\"codes\": [{\"kind\": \"service\", \"code\": \"a\", \"label\": \"A\"},"
	             " {\"kind\": \"service\", \"code\": \"a\", \"label\": \"A\"}]}", "twice");
	expect_error("{\"codes\": [], \"boards\": {\"unspecified\": \"nope\"}}", "unknown code");
	assert_int_equal(rules_load("/nonexistent/rules.json", &r, &err), CD_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/rules.json"));
}

static void
test_user_code(void **state)
{
	static const char json[] =
		"{\"codes\": [{\"kind\": \"service\", \"code\": \"cryo-facial\","
		" \"label\": \"Cryo facial\", \"patterns\": [\"\\\\bcryo[- ]?facials?\\\\b\"]},"
		" {\"kind\": \"credential\", \"code\": \"lpn\", \"label\": \"Licensed practical nurse\","
		" \"suffixes\": [{\"re\": \"LPN\", \"caseless\": false}]}]}";
	struct cd_error err = { 0, "" };
	struct rules *r = NULL;
	struct seen s;

	(void)state;
	assert_int_equal(rules_load_string(json, strlen(json), "user", &r, &err), 0);
	assert_int_equal(rules_code_count(r), 2);
	assert_string_equal(rules_code(r, 0)->label, "Cryo facial");
	assert_string_equal(scan(r, RULES_SET_SERVICE, "Try our new Cryo-Facial today", &s),
	                    "cryo-facial ");
	assert_int_equal(rules_suffix(r, "LPN", 3), 1);
	assert_int_equal(rules_suffix(r, "lpn", 3), RULES_SUFFIX_NONE);
	rules_free(r);
}

/* A user's page words: a path under "/boutique" is a shop page; the
 * first kind listed wins; a bad list is an error that names it. */
static void
test_user_pages(void **state)
{
	static const char json[] =
		"{\"codes\": [], \"pages\": {\"blog\": [\"/journal/\"],"
		" \"shop\": [\"/boutique\", \"/journal/gifts\"]}}";
	static const char bad[] = "{\"codes\": [], \"pages\": {\"shop\": \"/boutique\"}}";
	struct cd_error err = { 0, "" };
	struct rules *r = NULL;

	(void)state;
	assert_int_equal(rules_load_string(json, strlen(json), "user", &r, &err), 0);
	assert_int_equal(pages_kind(rules_pages(r), "https://a.test/Boutique/serum"), PAGES_SHOP);
	assert_int_equal(pages_kind(rules_pages(r), "https://a.test/journal/gifts"), PAGES_BLOG);
	assert_int_equal(pages_kind(rules_pages(r), "https://a.test/boutique-hotel.test"), PAGES_SHOP);
	assert_int_equal(pages_kind(rules_pages(r), "https://boutique.test/team"), PAGES_N);
	assert_int_equal(pages_kind(rules_pages(r), "https://a.test/blog/"), PAGES_N);
	rules_free(r);
	r = NULL;
	assert_int_equal(rules_load_string(bad, strlen(bad), "user", &r, &err), CD_EPARSE);
	assert_null(r);
	assert_non_null(strstr(err.msg, "pages.shop"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_spec_code),
		cmocka_unit_test(test_brand_synonyms),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_user_code),
		cmocka_unit_test(test_user_pages),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
