/* test_sitekey.c: one site key. Before it, the crawler's site key kept a
 * trailing dot ("http://glow.test." and "http://glow.test" were two sites,
 * one crawled twice), the index's lookup dropped it, and the extractor's
 * host label folded only a lower-case "www.". Now every entry point keys
 * a host by sitekey_host and they agree on each input here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/sitekey.h"
#include "crawler/url.h"

struct pair {
	const char *in, *want;
};

static void
test_sitekey_host(void **state)
{
	static const struct pair t[] = {
		{ "glow.test", "glow.test" },
		{ "www.glow.test", "glow.test" },
		{ "WWW.Glow.Test.", "glow.test" },
		{ "glow.test.", "glow.test" },
		{ "www.", "www" },
		{ "www", "www" },
		{ "https://www.Glow.test:8443/team?x=1", "glow.test" },
		{ "http://[::1]:8080/", "[::1]" },
		{ "münchen-derma.test", "xn--mnchen-derma-dlb.test" },
		{ "www.www.glow.test", "www.glow.test" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *got = sitekey_host(t[i].in);

		if (strcmp(got, t[i].want) != 0)
			fail_msg("%s: expected \"%s\", got \"%s\"", t[i].in, t[i].want, got);
		free(got);
	}
}

/* The crawler's key, its same-site test and the extractor's host agree
 * with sitekey_host on every spelling of a host, the trailing dot too. */
static void
test_entry_points_agree(void **state)
{
	static const char *const hosts[] = { "glow.test", "www.glow.test", "glow.test.",
	                                     "www.glow.test.", "WWW.GLOW.TEST.", "Glow.Test" };

	(void)state;
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		char url[128], *key = NULL, *site_host = NULL, *host = sitekey_host(hosts[i]);

		snprintf(url, sizeof url, "http://%s/team", hosts[i]);
		key = url_site_key(url);
		site_host = url_site_host(url);
		assert_non_null(key);
		assert_non_null(site_host);
		assert_string_equal(host, "glow.test");
		if (strcmp(key, "http://glow.test") != 0)
			fail_msg("url_site_key(%s) = \"%s\", not \"http://glow.test\"", url, key);
		assert_string_equal(site_host, host);
		if (!url_same_site("http://glow.test", url))
			fail_msg("%s is not on http://glow.test", url);
		free(key);
		free(site_host);
		free(host);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sitekey_host),
		cmocka_unit_test(test_entry_points_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
