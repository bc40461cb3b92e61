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

/* RFC 9309 section 5.1 and 5.2, as printed there */
#define RFC_SIMPLE \
	"User-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n" \
	"User-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n" \
	"User-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n" \
	"User-Agent: quxbot\n"
#define RFC_LONGEST \
	"User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n"

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

	/* RFC 9309 5.1, the simple example, for each of its agents */
	{ "RFC 5.1: '*' group: *.gif$ for another agent", RFC_SIMPLE, "otherbot/2", "/img/cat.gif",
	  false, 2, "Disallow: *.gif$" },
	{ "RFC 5.1: '*' group: *.gif$ does not match with a query", RFC_SIMPLE, "otherbot",
	  "/img/cat.gif?size=2", true, 0, NULL },
	{ "RFC 5.1: '*' group: /example/ prefix", RFC_SIMPLE, "otherbot", "/example/x.html",
	  false, 3, "Disallow: /example/" },
	{ "RFC 5.1: '*' group: /publications/ allowed", RFC_SIMPLE, "otherbot",
	  "/publications/2022", true, 4, "Allow: /publications/" },
	{ "RFC 5.1: '*' group: unmatched path", RFC_SIMPLE, "otherbot", "/team", true, 0, NULL },
	{ "RFC 5.1: foobot may fetch /example/page.html", RFC_SIMPLE, "foobot",
	  "/example/page.html", true, 7, "Allow: /example/page.html" },
	{ "RFC 5.1: foobot may fetch /example/allowed.gif", RFC_SIMPLE, "FooBot/1.2",
	  "/example/allowed.gif", true, 8, "Allow: /example/allowed.gif" },
	{ "RFC 5.1: foobot may not fetch anything else", RFC_SIMPLE, "foobot", "/example/other.gif",
	  false, 6, "Disallow: /" },
	{ "RFC 5.1: barbot shares a group with bazbot", RFC_SIMPLE, "barbot", "/example/page.html",
	  false, 11, "Disallow: /example/page.html" },
	{ "RFC 5.1: bazbot, a prefix of the rule's path", RFC_SIMPLE, "bazbot",
	  "/example/page.html.bak", false, 11, "Disallow: /example/page.html" },
	{ "RFC 5.1: bazbot is not bound by the '*' group", RFC_SIMPLE, "bazbot", "/x.gif", true, 0,
	  NULL },
	{ "RFC 5.1: quxbot's empty group at the end allows all", RFC_SIMPLE, "quxbot",
	  "/example/x.gif", true, 0, NULL },
	/* RFC 9309 5.2 */
	{ "RFC 5.2: the longer disallow wins", RFC_LONGEST, "foobot", "/example/page/disallowed.gif",
	  false, 3, "Disallow: /example/page/disallowed.gif" },
	{ "RFC 5.2: the shorter allow covers the rest", RFC_LONGEST, "foobot",
	  "/example/page/other.gif", true, 2, "Allow: /example/page/" },
	/* RFC 9309 2.2.2: percent-encoding compared normalised */
	{ "RFC 2.2.2: a query is matched as written", "User-agent: *\nDisallow: /foo/bar?baz=quz\n",
	  NULL, "/foo/bar?baz=quz", false, 2, "Disallow: /foo/bar?baz=quz" },
	{ "RFC 2.2.2: a UTF-8 pattern matches its escaped path",
	  "User-agent: *\nDisallow: /foo/bar/\xe3\x83\x84\n", NULL, "/foo/bar/%E3%83%84", false, 2,
	  "Disallow: /foo/bar/\xe3\x83\x84" },
	{ "RFC 2.2.2: an escaped pattern matches a lower-case escaped path",
	  "User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", NULL, "/foo/bar/%e3%83%84", false, 2,
	  "Disallow: /foo/bar/%E3%83%84" },
	{ "RFC 2.2.2: escaped unreserved characters are the characters",
	  "User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", NULL, "/foo/bar/baz", false, 2,
	  "Disallow: /foo/bar/%62%61%7A" },
	{ "RFC 2.2.3: %2A in a rule is a literal '*'",
	  "User-agent: *\nDisallow: /path/file-with-a-%2A.html\n", NULL, "/path/file-with-a-*.html",
	  false, 2, "Disallow: /path/file-with-a-%2A.html" },
	{ "RFC 2.2.3: %2A is not a wildcard",
	  "User-agent: *\nDisallow: /path/file-with-a-%2A.html\n", NULL, "/path/file-with-a-b.html",
	  true, 0, NULL },
	{ "RFC 2.2.3: %24 in a rule is a literal '$'", "User-agent: *\nDisallow: /path/foo-%24\n",
	  NULL, "/path/foo-$", false, 2, "Disallow: /path/foo-%24" },
	{ "RFC 2.2.3: '$' ends the match", "User-agent: *\nAllow: /\nDisallow: /this/path/exactly$\n",
	  NULL, "/this/path/exactly/not", true, 2, "Allow: /" },
	{ "RFC 2.2.3: '*' spans slashes", "User-agent: *\nDisallow: /this/*/exactly\n", NULL,
	  "/this/a/b/exactly", false, 2, "Disallow: /this/*/exactly" },
	{ "an escaped slash is not a slash", "User-agent: *\nDisallow: /a%2Fb\n", NULL, "/a/b", true,
	  0, NULL },
	{ "a slash is not an escaped slash", "User-agent: *\nDisallow: /a/b\n", NULL, "/a%2fb", true,
	  0, NULL },
	{ "escapes of reserved characters compare case-blind", "User-agent: *\nDisallow: /a%3cd.html\n",
	  NULL, "/a%3Cd.html", false, 2, "Disallow: /a%3cd.html" },
	{ "%7e in a rule is a tilde in the path", "User-agent: *\nDisallow: /%7ejoe/\n", NULL,
	  "/~joe/index.html", false, 2, "Disallow: /%7ejoe/" },
	{ "a tilde in a rule is %7E in the path", "User-agent: *\nDisallow: /~joe/\n", NULL,
	  "/%7Ejoe/index.html", false, 2, "Disallow: /~joe/" },
	{ "a space in a rule is %20 in the path", "User-agent: *\nDisallow: /a b\n", NULL, "/a%20b/c",
	  false, 2, "Disallow: /a b" },
	{ "longest match counts the normalised octets",
	  "User-agent: *\nAllow: /abc\nDisallow: /%61bc\n", NULL, "/abcd", true, 2, "Allow: /abc" },
	{ "a trailing slash in the rule needs one in the path", "User-agent: *\nDisallow: /tmp/\n",
	  NULL, "/tmp", true, 0, NULL },
	{ "a pattern may start with '*'", "User-agent: *\nDisallow: *private\n", NULL,
	  "/a/private/b", false, 2, "Disallow: *private" },
	{ "allow the home page only", "User-agent: *\nDisallow: /\nAllow: /$\n", NULL, "/", true, 3,
	  "Allow: /$" },
	{ "... and nothing under it", "User-agent: *\nDisallow: /\nAllow: /$\n", NULL, "/x", false,
	  2, "Disallow: /" },
	/* what real files look like (Google's parser accepts these too) */
	{ "empty lines between user-agent and rules",
	  "User-agent: clinicdex\n\n\nDisallow: /x\n", NULL, "/x", false, 4, "Disallow: /x" },
	{ "a byte order mark before the first line",
	  "\xef\xbb\xbfUser-agent: *\nDisallow: /x\n", NULL, "/x/1", false, 2, "Disallow: /x" },
	{ "CR-only line ends", "User-agent: *\rDisallow: /x\rAllow: /x/y\r", NULL, "/x/y/z", true, 3,
	  "Allow: /x/y" },
	{ "an empty Disallow in our group allows all",
	  "User-agent: *\nDisallow: /\n\nUser-agent: clinicdex\nDisallow:\n", NULL, "/x", true, 0,
	  NULL },
	{ "lines before the first user-agent are not a group",
	  "Sitemap: https://x.test/s.xml\nCrawl-delay: 5\nFoo: bar\nAllow: /x\nUser-agent: *\n"
	  "Disallow: /x\n", NULL, "/x", false, 6, "Disallow: /x" },
	{ "unknown fields inside a group are skipped",
	  "User-agent: clinicdex\nNoindex: /y\nHost: x.test\nDisallow: /x\n", NULL, "/x", false, 4,
	  "Disallow: /x" },
	{ "an unknown field does not end the user-agent lines",
	  "User-agent: other\nHost: x.test\nUser-agent: clinicdex\nDisallow: /x\n", NULL, "/x",
	  false, 4, "Disallow: /x" },
	{ "a sitemap line does not end a group",
	  "User-agent: clinicdex\nSitemap: https://x.test/s.xml\nDisallow: /x\n", NULL, "/x", false,
	  3, "Disallow: /x" },
	{ "user-agent with a version in the file", "User-agent: clinicdex/1.0\nDisallow: /v\n", NULL,
	  "/v", false, 2, "Disallow: /v" },
	{ "our agent given with a version", "User-agent: CLINICDEX\nDisallow: /v\n", "clinicdex/1.0",
	  "/v", false, 2, "Disallow: /v" },
	{ "common misspellings of the field names",
	  "Useragent: *\nDissallow: /x\nuser agent: other\ndisalow: /y\n", NULL, "/x", false, 2,
	  "Disallow: /x" },
	{ "groups for '*' are merged too",
	  "User-agent: *\nDisallow: /a\n\nUser-agent: b\nDisallow: /\n\nUser-agent: *\nDisallow: /c\n",
	  NULL, "/c", false, 8, "Disallow: /c" },
	{ "our group is not merged with '*'",
	  "User-agent: clinicdex\nAllow: /x\n\nUser-agent: *\nDisallow: /y\n", NULL, "/y", true, 0,
	  NULL },
	{ "comments only", "# nothing here\n#Disallow: /\n", NULL, "/", true, 0, NULL },
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

/* Every rule of the first 500 KiB counts, however long (RFC 9309
 * 2.3.1.5): a 20,000-byte Disallow decides for the path it names, a long
 * rule of stars matches a short path, and the lines after them count. */
static void
overlong_lines(void **state)
{
	const char head[] = "User-agent: *\nDisallow: /";
	const char mid[] = "\nDisallow: /x";
	const char tail[] = "y\nDisallow: /z\n";
	size_t pad = 20000, stars = 5000;
	size_t n = strlen(head) + pad + strlen(mid) + stars + strlen(tail);
	char *txt = malloc(n + 1), *path = malloc(pad + 2), *p = txt;
	const char *rule = NULL;
	struct robots *r;
	int line = 0;

	(void)state;
	p = stpcpy(p, head);
	memset(p, 'a', pad);
	p = stpcpy(p + pad, mid);
	memset(p, '*', stars);
	strcpy(p + stars, tail);
	path[0] = '/';
	memset(path + 1, 'a', pad);
	path[pad + 1] = '\0';
	r = robots_parse(txt, n, UA);
	assert_true(robots_allowed(r, "/aaaa", NULL, NULL));
	assert_false(robots_allowed(r, path, &line, NULL));
	assert_int_equal(line, 2);
	assert_false(robots_allowed(r, "/xy", &line, NULL));
	assert_int_equal(line, 3);
	assert_true(robots_allowed(r, "/x", NULL, NULL));
	assert_false(robots_allowed(r, "/z", &line, &rule));
	assert_int_equal(line, 4);
	assert_string_equal(rule, "Disallow: /z");
	robots_free(r);
	free(path);
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
	struct CMUnitTest tests[N_CASES + 6];
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
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(overlong_lines);

	cmocka_set_message_output(CM_OUTPUT_TAP);
	if (n != sizeof tests / sizeof tests[0])
		return 1;
	return cmocka_run_group_tests_name("robots", tests, NULL, NULL);
}
