/* test_robots.c: robots.txt decisions as a table: file, agent, path, and
 * the verdict with the line and rule that decided it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "crawler/robots.h"

#define UA "clinicdex/0.1.0 (+https://github.com/clinicdex/clinicdex)"

struct robots_case {
	const char *name;
	const char *txt;
	const char *agent;   /* NULL: UA */
	const char *path;
	bool allowed;
	int line;            /* deciding line, 0 for none */
	const char *rule;    /* its text, NULL for none */
};

static const struct robots_case cases[] = {
	{ "no rules allow everything", "", NULL, "/team", true, 0, NULL },
	{ "star group applies when ours is absent",
	  "User-agent: *\nDisallow: /admin/\n", NULL, "/admin/users", false, 2,
	  "Disallow: /admin/" },
	{ "star group: other paths allowed",
	  "User-agent: *\nDisallow: /admin/\n", NULL, "/team", true, 0, NULL },
	{ "our group wins over star",
	  "User-agent: *\nDisallow: /\n\nUser-agent: clinicdex\nDisallow: /private\n", NULL,
	  "/team", true, 0, NULL },
	{ "our group's own rules apply",
	  "User-agent: *\nDisallow: /\n\nUser-agent: clinicdex\nDisallow: /private\n", NULL,
	  "/private/x", false, 5, "Disallow: /private" },
	{ "other agents' groups are ignored",
	  "User-agent: googlebot\nDisallow: /\n", NULL, "/", true, 0, NULL },
	{ "agent token match is case-insensitive and ignores versions",
	  "User-agent: ClinicDex/2.0\nDisallow: /x\n", NULL, "/x", false, 2, "Disallow: /x" },
	{ "agent given without a version",
	  "User-agent: clinicdex\nDisallow: /x\n", "clinicdex", "/x/y", false, 2,
	  "Disallow: /x" },
	{ "clinicdexbot is another agent",
	  "User-agent: clinicdexbot\nDisallow: /\n", NULL, "/x", true, 0, NULL },
	{ "several user-agent lines share one group",
	  "User-agent: googlebot\nUser-agent: clinicdex\nDisallow: /shared\n", NULL,
	  "/shared", false, 3, "Disallow: /shared" },
	{ "groups for the same agent are merged",
	  "User-agent: clinicdex\nDisallow: /a\n\nUser-agent: bing\nDisallow: /c\n\n"
	  "User-agent: clinicdex\nDisallow: /b\n", NULL, "/b/1", false, 8, "Disallow: /b" },
	{ "longest match wins: allow deeper",
	  "User-agent: *\nDisallow: /services\nAllow: /services/public\n", NULL,
	  "/services/public/x", true, 3, "Allow: /services/public" },
	{ "longest match wins: disallow deeper",
	  "User-agent: *\nAllow: /\nDisallow: /services/private\n", NULL,
	  "/services/private", false, 3, "Disallow: /services/private" },
	{ "allow wins a tie",
	  "User-agent: *\nDisallow: /page\nAllow: /page\n", NULL, "/page", true, 3,
	  "Allow: /page" },
	{ "empty disallow means nothing",
	  "User-agent: *\nDisallow:\n", NULL, "/anything", true, 0, NULL },
	{ "comments are stripped",
	  "# hello\nUser-agent: * # everyone\nDisallow: /tmp # scratch\n", NULL, "/tmp/x",
	  false, 3, "Disallow: /tmp" },
	{ "a '#' starts a comment inside a value",
	  "User-agent: *\nDisallow: /a#b\n", NULL, "/a", false, 2, "Disallow: /a" },
	{ "field names are case-insensitive",
	  "USER-AGENT: *\ndisALLOW: /x\n", NULL, "/x", false, 2, "Disallow: /x" },
	{ "spaces around the colon",
	  "User-agent :  *  \n  Disallow  :  /x  \n", NULL, "/x", false, 2, "Disallow: /x" },
	{ "CRLF and CR line ends count lines right",
	  "User-agent: *\r\n\r\nDisallow: /a\rDisallow: /b\r\n", NULL, "/b", false, 4,
	  "Disallow: /b" },
	{ "query strings are part of the match",
	  "User-agent: *\nDisallow: /search?q=\n", NULL, "/search?q=botox", false, 2,
	  "Disallow: /search?q=" },
	{ "match is case-sensitive in the path",
	  "User-agent: *\nDisallow: /Admin\n", NULL, "/admin", true, 0, NULL },
	{ "wildcard in the middle",
	  "User-agent: *\nDisallow: /*.pdf\n", NULL, "/docs/menu.pdf?x=1", false, 2,
	  "Disallow: /*.pdf" },
	{ "end anchor",
	  "User-agent: *\nDisallow: /*.pdf$\n", NULL, "/docs/menu.pdf?x=1", true, 0, NULL },
	{ "end anchor matches at the end",
	  "User-agent: *\nDisallow: /*.pdf$\n", NULL, "/docs/menu.pdf", false, 2,
	  "Disallow: /*.pdf$" },
	{ "several wildcards",
	  "User-agent: *\nDisallow: /*/private/*.html\n", NULL, "/a/b/private/c/d.html", false, 2,
	  "Disallow: /*/private/*.html" },
	{ "wildcard pattern that does not match",
	  "User-agent: *\nDisallow: /*/private/*.html\n", NULL, "/a/private.html", true, 0, NULL },
	{ "a literal '$' inside a pattern",
	  "User-agent: *\nDisallow: /a$b\n", NULL, "/a$bc", false, 2, "Disallow: /a$b" },
	{ "percent-encoding is compared normalised",
	  "User-agent: *\nDisallow: /%7euser/caf\xc3\xa9\n", NULL, "/~user/caf%C3%A9", false, 2,
	  "Disallow: /%7euser/caf\xc3\xa9" },
	{ "rules before any user-agent are ignored",
	  "Disallow: /\nUser-agent: *\nDisallow: /x\n", NULL, "/y", true, 0, NULL },
	{ "user-agent after rules starts a new group",
	  "User-agent: clinicdex\nDisallow: /a\nUser-agent: other\nDisallow: /b\n", NULL, "/b",
	  true, 0, NULL },
	{ "an empty group of ours means allow all",
	  "User-agent: *\nDisallow: /\nUser-agent: clinicdex\n", NULL, "/x", true, 0, NULL },
	{ "garbage yields no rules",
	  "<html><body>Not found</body></html>\n\x01\x02\xff:::\n", NULL, "/x", true, 0, NULL },
	{ "robots.txt itself is always allowed",
	  "User-agent: *\nDisallow: /\n", NULL, "/robots.txt", true, 0, NULL },
	{ "an empty agent matches only star groups",
	  "User-agent: clinicdex\nDisallow: /n\n", "", "/n", true, 0, NULL },
};

static void
robots_case(void **state)
{
	const struct robots_case *c = *state;
	const char *rule = "unset";
	int line = -1;
	struct robots *r = robots_parse(c->txt, strlen(c->txt), c->agent ? c->agent : UA);
	bool ok = robots_allowed(r, c->path, &line, &rule);
	bool same_rule = (c->rule == NULL && rule == NULL) ||
	                 (c->rule && rule && strcmp(c->rule, rule) == 0);
	char got[256];

	snprintf(got, sizeof got, "%s line %d rule %s", ok ? "allowed" : "disallowed", line,
	         rule ? rule : "(none)");
	robots_free(r);
	if (ok != c->allowed || line != c->line || !same_rule)
		fail_msg("%s: %s: got %s", c->name, c->path, got);
}

static void
crawl_delay(void **state)
{
	static const char txt[] = "User-agent: *\nCrawl-delay: 2.5\n\n"
	                          "User-agent: other\nCrawl-delay: 30\n";
	static const char ours[] = "User-agent: *\nCrawl-delay: 10\n\n"
	                           "User-agent: clinicdex\nCrawl-delay: 1\n";
	static const char bad[] = "User-agent: *\nCrawl-delay: soon\n";
	struct robots *r = robots_parse(txt, strlen(txt), UA);

	(void)state;
	assert_int_equal(robots_crawl_delay_ms(r), 2500);
	robots_free(r);
	r = robots_parse(ours, strlen(ours), UA);
	assert_int_equal(robots_crawl_delay_ms(r), 1000);
	robots_free(r);
	r = robots_parse(bad, strlen(bad), UA);
	assert_int_equal(robots_crawl_delay_ms(r), -1);
	robots_free(r);
	r = robots_allow_all();
	assert_int_equal(robots_crawl_delay_ms(r), -1);
	robots_free(r);
}

static void
sitemaps(void **state)
{
	static const char txt[] = "Sitemap: https://glow.test/sitemap.xml\n"
	                          "User-agent: other\nDisallow: /\n"
	                          "sitemap:https://glow.test/s2.xml # second\n"
	                          "Sitemap:\n";
	struct robots *r = robots_parse(txt, strlen(txt), UA);

	(void)state;
	assert_int_equal(robots_sitemap_count(r), 2);
	assert_string_equal(robots_sitemap(r, 0), "https://glow.test/sitemap.xml");
	assert_string_equal(robots_sitemap(r, 1), "https://glow.test/s2.xml");
	assert_null(robots_sitemap(r, 2));
	robots_free(r);
}

static void
allow_and_deny_all(void **state)
{
	struct robots *r = robots_allow_all();
	const char *rule = "unset";
	int line = -1;

	(void)state;
	assert_true(robots_allowed(r, "/anything", &line, &rule));
	assert_int_equal(line, 0);
	assert_null(rule);
	robots_free(r);
	r = robots_deny_all();
	assert_false(robots_allowed(r, "/", &line, &rule));
	assert_int_equal(line, 0);
	assert_non_null(rule);
	assert_false(robots_allowed(r, "/x", NULL, NULL));
	robots_free(r);
	robots_free(NULL);
}

/* Only the first 500 KiB are read: a rule after that does not count. */
static void
size_limit(void **state)
{
	size_t pad = 500 * 1024;
	const char head[] = "User-agent: *\nDisallow: /early\n";
	const char tail[] = "\nDisallow: /late\n";
	size_t n = strlen(head) + pad + strlen(tail);
	char *txt = malloc(n + 1);
	struct robots *r;

	(void)state;
	strcpy(txt, head);
	memset(txt + strlen(head), '#', pad);
	strcpy(txt + strlen(head) + pad, tail);
	r = robots_parse(txt, n, UA);
	assert_false(robots_allowed(r, "/early", NULL, NULL));
	assert_true(robots_allowed(r, "/late", NULL, NULL));
	robots_free(r);
	free(txt);
}

/* Not NUL-terminated input and NULL are fine. */
static void
unterminated_input(void **state)
{
	const char txt[] = "User-agent: *\nDisallow: /abcdef";
	struct robots *r = robots_parse(txt, strlen(txt) - 3, UA);

	(void)state;
	assert_false(robots_allowed(r, "/abc", NULL, NULL));
	assert_true(robots_allowed(r, "/ab", NULL, NULL));
	robots_free(r);
	r = robots_parse(NULL, 0, UA);
	assert_true(robots_allowed(r, "/", NULL, NULL));
	robots_free(r);
}

int
main(void)
{
	enum { N_CASES = sizeof cases / sizeof cases[0] };
	struct CMUnitTest tests[N_CASES + 5];
	size_t n = 0;

	for (size_t i = 0; i < N_CASES; i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(robots_case, (void *)&cases[i]);

		t.name = cases[i].name;
		tests[n++] = t;
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(crawl_delay);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(sitemaps);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(allow_and_deny_all);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(size_limit);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(unterminated_input);

	cmocka_set_message_output(CM_OUTPUT_TAP);
	if (n != sizeof tests / sizeof tests[0])
		return 1;
	return cmocka_run_group_tests_name("robots", tests, NULL, NULL);
}
