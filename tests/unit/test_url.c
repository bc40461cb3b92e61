/* test_url.c: URL normalisation, resolution, site keys and the
 * private-address test, as tables of input and expected output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "crawler/url.h"

/* expect NULL when want is NULL */
static void
check_str(char *got, const char *want, const char *what)
{
	if (want == NULL) {
		if (got != NULL)
			fail_msg("%s: expected NULL, got \"%s\"", what, got);
	} else {
		if (got == NULL)
			fail_msg("%s: expected \"%s\", got NULL", what, want);
		if (strcmp(got, want) != 0)
			fail_msg("%s: expected \"%s\", got \"%s\"", what, want, got);
	}
	free(got);
}

struct pair {
	const char *in, *want;
};

static void
check_normalise(const struct pair *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_str(url_normalise(t[i].in), t[i].want, t[i].in);
}

#define CHECK_NORMALISE(t) check_normalise(t, sizeof t / sizeof t[0])

static void
normalise_case(void **state)
{
	static const struct pair t[] = {
		{ "HTTP://Glow.TEST/Team", "http://glow.test/Team" },
		{ "hTTps://WWW.Glow.Test/", "https://www.glow.test/" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

/* Escaped dots decode into dot segments, which must then go (RFC 3986
 * 6.2.2), so that normalising a normalised URL changes nothing; found by
 * fuzz_url. */
static void
normalise_escaped_dot_segments(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test/a/%2e%2e/b", "http://glow.test/b" },
		{ "http://glow.test/a/%2E/b/", "http://glow.test/a/b/" },
		{ "http://glow.test/%2e%2e/%2e%2e/x", "http://glow.test/x" },
		{ "http://glow.test/a/.%2e/%2e./b", "http://glow.test/b" },
		{ "http://glow.test/a.%2e/", "http://glow.test/a../" },
	};
	(void)state;
	CHECK_NORMALISE(t);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *again = url_normalise(t[i].want);

		assert_non_null(again);
		assert_string_equal(again, t[i].want);
		free(again);
	}
}

/* Hosts with escapes, controls or punctuation are refused (curl decodes
 * "%7f" in a host into a DEL byte); found by fuzz_url. */
static void
normalise_rejects_bad_hosts(void **state)
{
	static const struct pair t[] = {
		{ "http://glo%7fw.test/", NULL },
		{ "http://glow%20spa.test/", NULL },
		{ "http://glow\x01.test/", NULL },
		{ "http://b\xc3\xbc" "cher.test/", "http://xn--bcher-kva.test/" },
		{ "http://[::1]:8080/x", "http://[::1]:8080/x" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_default_port(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test:80/a", "http://glow.test/a" },
		{ "https://glow.test:443/a", "https://glow.test/a" },
		{ "http://glow.test:443/a", "http://glow.test:443/a" },
		{ "https://glow.test:8443", "https://glow.test:8443/" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_empty_path(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test", "http://glow.test/" },
		{ "http://glow.test?x=1", "http://glow.test/?x=1" },
		{ "http://glow.test/?", "http://glow.test/" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_dot_segments(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test/a/./b/../c", "http://glow.test/a/c" },
		{ "http://glow.test/a/../../../x", "http://glow.test/x" },
		{ "http://glow.test/a/b/..", "http://glow.test/a/" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_fragment(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test/team#maria", "http://glow.test/team" },
		{ "http://glow.test/?a=1#", "http://glow.test/?a=1" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_percent(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test/%7euser/%41%2d%5F", "http://glow.test/~user/A-_" },
		{ "http://glow.test/a%2fb%3f?q=%2a%e2%82%ac", "http://glow.test/a%2Fb%3F?q=%2A%E2%82%AC" },
		{ "http://glow.test/100%", "http://glow.test/100%25" },
		{ "http://glow.test/%zz", "http://glow.test/%25zz" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_raw_bytes(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test/our team", "http://glow.test/our%20team" },
		{ "http://glow.test/caf\xc3\xa9", "http://glow.test/caf%C3%A9" },
		{ "http://glow.test/a<b>", "http://glow.test/a%3Cb%3E" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_userinfo_dropped(void **state)
{
	static const struct pair t[] = {
		{ "http://user:secret@glow.test/x", "http://glow.test/x" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

static void
normalise_rejects(void **state)
{
	static const struct pair t[] = {
		{ "ftp://glow.test/file", NULL },
		{ "mailto:info@glow.test", NULL },
		{ "glow.test/team", NULL },
		{ "/team", NULL },
		{ "http://", NULL },
		{ "http://glow.test:99999/", NULL },
		{ "http://glow.test:0/", NULL },
		{ "", NULL },
	};
	(void)state;
	CHECK_NORMALISE(t);
	assert_null(url_normalise(NULL));
}

static void
normalise_too_long(void **state)
{
	char *u = malloc(URL_MAX_LEN + 2);
	char *got;
	size_t pre = strlen("http://glow.test/");

	(void)state;
	memcpy(u, "http://glow.test/", pre);
	memset(u + pre, 'a', URL_MAX_LEN + 1 - pre);
	u[URL_MAX_LEN + 1] = '\0';
	assert_null(url_normalise(u));
	u[URL_MAX_LEN] = '\0';   /* exactly URL_MAX_LEN is fine */
	got = url_normalise(u);
	assert_non_null(got);
	assert_int_equal(strlen(got), URL_MAX_LEN);
	free(got);
	/* short input that grows past the limit when escaped */
	memset(u + pre, ' ', 700);
	u[pre + 700] = '\0';
	assert_null(url_normalise(u));
	free(u);
}

static void
normalise_ip_and_idn_hosts(void **state)
{
	static const struct pair t[] = {
		{ "http://[::1]:8080/x", "http://[::1]:8080/x" },
		{ "http://127.0.0.1:80/", "http://127.0.0.1/" },
		{ "http://0x7f.1/", "http://127.0.0.1/" },
		{ "http://CAF\xc3\xa9.test/", "http://xn--caf-dma.test/" },
	};
	(void)state;
	CHECK_NORMALISE(t);
}

/* normalising twice changes nothing */
static void
normalise_idempotent(void **state)
{
	static const char *const t[] = {
		"HTTP://www.Glow.test:80/a/./%7e/b%2f/../c d?q=%e2%82%ac&x=%41#f",
		"https://glow.test/100%/%zz?a=b c",
		"http://glow.test",
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *once = url_normalise(t[i]);

		assert_non_null(once);
		check_str(url_normalise(once), once, t[i]);
		free(once);
	}
}

struct resolve_case {
	const char *base, *ref, *want;
};

static void
check_resolve(const struct resolve_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_str(url_resolve(t[i].base, t[i].ref), t[i].want, t[i].ref);
}

#define CHECK_RESOLVE(t) check_resolve(t, sizeof t / sizeof t[0])
#define BASE "http://glow.test/services/laser.html?x=1"

static void
resolve_relative(void **state)
{
	static const struct resolve_case t[] = {
		{ BASE, "botox.html", "http://glow.test/services/botox.html" },
		{ BASE, "../team/", "http://glow.test/team/" },
		{ BASE, "./a/../b", "http://glow.test/services/b" },
		{ BASE, "  team.html\n", "http://glow.test/services/team.html" },
		{ BASE, "te\tam.html", "http://glow.test/services/team.html" },
	};
	(void)state;
	CHECK_RESOLVE(t);
}

static void
resolve_absolute(void **state)
{
	static const struct resolve_case t[] = {
		{ BASE, "/contact", "http://glow.test/contact" },
		{ BASE, "https://Other.TEST:443/x#y", "https://other.test/x" },
		{ BASE, "HTTP://glow.test/A", "http://glow.test/A" },
	};
	(void)state;
	CHECK_RESOLVE(t);
}

static void
resolve_protocol_relative(void **state)
{
	static const struct resolve_case t[] = {
		{ BASE, "//cdn.glow.test/img.png", "http://cdn.glow.test/img.png" },
		{ "https://glow.test/", "//glow.test/a", "https://glow.test/a" },
	};
	(void)state;
	CHECK_RESOLVE(t);
}

static void
resolve_query_and_fragment_only(void **state)
{
	static const struct resolve_case t[] = {
		{ BASE, "?page=2", "http://glow.test/services/laser.html?page=2" },
		{ BASE, "#top", "http://glow.test/services/laser.html?x=1" },
		{ BASE, "", "http://glow.test/services/laser.html?x=1" },
		{ BASE, "#", "http://glow.test/services/laser.html?x=1" },
	};
	(void)state;
	CHECK_RESOLVE(t);
}

static void
resolve_rejects_other_schemes(void **state)
{
	static const struct resolve_case t[] = {
		{ BASE, "mailto:info@glow.test", NULL },
		{ BASE, "javascript:void(0)", NULL },
		{ BASE, "JavaScript:alert(1)", NULL },
		{ BASE, "tel:+15125550100", NULL },
		{ BASE, "data:text/html,hi", NULL },
		{ BASE, "ftp://glow.test/x", NULL },
		{ "not a url", "/x", NULL },
	};
	(void)state;
	CHECK_RESOLVE(t);
	assert_null(url_resolve(NULL, "/x"));
	assert_null(url_resolve(BASE, NULL));
}

static void
resolve_too_long(void **state)
{
	char ref[URL_MAX_LEN + 10];

	(void)state;
	memset(ref, 'a', sizeof ref - 1);
	ref[sizeof ref - 1] = '\0';
	assert_null(url_resolve(BASE, ref));
	ref[URL_MAX_LEN - 10] = '\0';   /* fits alone, too long once joined */
	check_str(url_resolve(BASE, ref), NULL, "long ref");
}

static void
site_key_folds_www(void **state)
{
	static const struct pair t[] = {
		{ "https://www.glow.test/team", "https://glow.test" },
		{ "https://WWW.Glow.test", "https://glow.test" },
		{ "http://glow.test/", "http://glow.test" },
		{ "http://www2.glow.test/", "http://www2.glow.test" },
		/* "www." is the host "www" spelt with its root dot (sitekey.h) */
		{ "http://www./", "http://www" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		check_str(url_site_key(t[i].in), t[i].want, t[i].in);
}

static void
site_key_ports(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test:80/", "http://glow.test" },
		{ "http://glow.test:8080/a", "http://glow.test:8080" },
		{ "https://www.glow.test:8443/a", "https://glow.test:8443" },
		{ "http://[::1]:8080/", "http://[::1]:8080" },
		{ "mailto:x@glow.test", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		check_str(url_site_key(t[i].in), t[i].want, t[i].in);
}

/* Every spelling of an IDN host is one site: UTF-8 in either case and the
 * punycode form give the same key and the same normalised URL. */
static void
site_key_idn(void **state)
{
	static const struct pair t[] = {
		{ "http://m\xc3\xbcnchen-derma.test/", "http://xn--mnchen-derma-dlb.test" },
		{ "http://xn--mnchen-derma-dlb.test/team", "http://xn--mnchen-derma-dlb.test" },
		{ "http://M\xc3\x9cNCHEN-derma.test/", "http://xn--mnchen-derma-dlb.test" },
		{ "http://XN--MNCHEN-DERMA-DLB.test/", "http://xn--mnchen-derma-dlb.test" },
		{ "http://www.m\xc3\xbcnchen-derma.test:8080/", "http://xn--mnchen-derma-dlb.test:8080" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		check_str(url_site_key(t[i].in), t[i].want, t[i].in);
	check_str(url_normalise("https://M\xc3\x9cNCHEN-derma.test/Team"),
	          "https://xn--mnchen-derma-dlb.test/Team", "normalise IDN");
	check_str(url_from_seed("m\xc3\xbcnchen-derma.test"), "http://xn--mnchen-derma-dlb.test/",
	          "seed IDN");
	check_str(url_host("http://M\xc3\x9cnchen-derma.test/"), "xn--mnchen-derma-dlb.test",
	          "host IDN");
	assert_true(url_same_site("http://xn--mnchen-derma-dlb.test",
	                          "http://www.m\xc3\xbcnchen-derma.test/x"));
	/* not a valid IDN (a lone combining mark starts a label): refused */
	check_str(url_normalise("http://\xcc\x81x.test/"), NULL, "invalid IDN");
}

static void
same_site(void **state)
{
	(void)state;
	assert_true(url_same_site("https://glow.test", "https://glow.test/team"));
	assert_true(url_same_site("https://glow.test", "https://www.glow.test/team"));
	assert_true(url_same_site("https://glow.test", "HTTPS://GLOW.TEST:443/"));
	assert_true(url_same_site("http://glow.test", "https://glow.test/"));
	assert_true(url_same_site("http://glow.test:8080", "http://www.glow.test:8080/x"));
	assert_false(url_same_site("https://glow.test", "https://shop.glow.test/"));
	assert_false(url_same_site("https://glow.test", "https://glow.test.evil/"));
	assert_false(url_same_site("http://glow.test:8080", "http://glow.test/"));
	assert_false(url_same_site("http://glow.test:8080", "http://glow.test:8081/"));
	assert_false(url_same_site("http://glow.test", "mailto:x@glow.test"));
	assert_false(url_same_site("http://glow.test", "http://user@evil.test/glow.test"));
}

static void
host_and_path(void **state)
{
	(void)state;
	check_str(url_host("https://WWW.Glow.test:8443/a"), "www.glow.test", "host");
	check_str(url_host("nonsense"), NULL, "host nonsense");
	check_str(url_path_query("https://glow.test"), "/", "pq empty");
	check_str(url_path_query("https://glow.test/team?x=1#f"), "/team?x=1", "pq");
	check_str(url_path_query("https://glow.test/%7ex/a%2f"), "/~x/a%2F", "pq pct");
}

static void
seeds(void **state)
{
	static const struct pair t[] = {
		{ "glow.test", "http://glow.test/" },
		{ "Glow.Test/team", "http://glow.test/team" },
		{ "glow.test:8080", "http://glow.test:8080/" },
		{ "  https://glow.test/team  ", "https://glow.test/team" },
		{ "www.glow.test", "http://www.glow.test/" },
		{ "ftp://glow.test", NULL },
		{ "http:///x", NULL },          /* no host: not the site "x" */
		{ "https:////glow.test/", NULL },
		{ "http://", NULL },
		{ "", NULL },
		{ "   ", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		check_str(url_from_seed(t[i].in), t[i].want, t[i].in);
	assert_null(url_from_seed(NULL));
}

struct addr_case {
	const char *addr;
	bool private_;
};

static void
check_addrs(const struct addr_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char a[16];
		int fam = strchr(t[i].addr, ':') ? AF_INET6 : AF_INET;

		if (inet_pton(fam, t[i].addr, a) != 1)
			fail_msg("bad test address %s", t[i].addr);
		if (url_ip_is_private(fam, a) != t[i].private_)
			fail_msg("%s: expected %s", t[i].addr, t[i].private_ ? "private" : "public");
	}
}

#define CHECK_ADDRS(t) check_addrs(t, sizeof t / sizeof t[0])

static void
private_ipv4(void **state)
{
	static const struct addr_case t[] = {
		{ "127.0.0.1", true }, { "127.255.0.9", true }, { "10.1.2.3", true },
		{ "172.16.0.1", true }, { "172.31.255.255", true }, { "172.32.0.1", false },
		{ "172.15.0.1", false }, { "192.168.1.1", true }, { "169.254.169.254", true },
		{ "100.64.0.1", true }, { "100.127.255.1", true }, { "100.128.0.1", false },
		{ "0.0.0.0", true }, { "0.1.2.3", true }, { "224.0.0.251", true },
		{ "239.1.1.1", true }, { "255.255.255.255", true }, { "8.8.8.8", false },
		{ "93.184.216.34", false }, { "192.169.0.1", false },
	};
	(void)state;
	CHECK_ADDRS(t);
}

static void
private_ipv6(void **state)
{
	static const struct addr_case t[] = {
		{ "::1", true }, { "::", true }, { "fc00::1", true }, { "fd12:3456::1", true },
		{ "fe80::1", true }, { "febf::1", true }, { "ff02::1", true },
		{ "::ffff:127.0.0.1", true }, { "::ffff:10.0.0.1", true },
		{ "::ffff:192.168.0.1", true }, { "::ffff:8.8.8.8", false },
		{ "64:ff9b::7f00:1", true }, { "2002:7f00:1::", true },
		{ "2606:4700::1111", false }, { "2001:4860:4860::8888", false },
	};
	(void)state;
	CHECK_ADDRS(t);
}

static void
private_other_family(void **state)
{
	unsigned char a[16] = { 0 };

	(void)state;
	assert_true(url_ip_is_private(AF_UNIX, a));
}

/* Session ids and tracking tags name a visit, not a page: the crawler
 * queues one URL per page whatever the server appends. */
static void
clean_session_and_tracking(void **state)
{
	static const struct pair t[] = {
		{ "http://glow.test/team?sid=abc123", "http://glow.test/team" },
		{ "http://glow.test/team?page=2&SID=abc&x=1", "http://glow.test/team?page=2&x=1" },
		{ "http://glow.test/shop;jsessionid=A1B2C3", "http://glow.test/shop" },
		{ "http://glow.test/shop;JSESSIONID=A1/cart?x=1", "http://glow.test/shop/cart?x=1" },
		{ "http://glow.test/a;v=1;jsessionid=Z", "http://glow.test/a;v=1" },
		{ "http://glow.test/?PHPSESSID=deadbeef", "http://glow.test/" },
		{ "http://glow.test/?ASPSESSIONIDQQGGQ=XYZ&q=peel", "http://glow.test/?q=peel" },
		{ "http://glow.test/p?utm_source=x&utm_medium=y&id=7&gclid=1&fbclid=2",
		  "http://glow.test/p?id=7" },
		{ "http://glow.test/p?sessionid=1&session_id=2&msclkid=3", "http://glow.test/p" },
		{ "HTTP://Glow.TEST:80/p?utm%5Fsource=x#frag", "http://glow.test/p" },
		/* look-alikes stay */
		{ "http://glow.test/p?side=left&sidebar=1", "http://glow.test/p?side=left&sidebar=1" },
		{ "http://glow.test/p?q=sid%3D1", "http://glow.test/p?q=sid%3D1" },
		{ "http://glow.test/p?&&a=1&&", "http://glow.test/p?a=1" },
		{ "ftp://glow.test/p?sid=1", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		check_str(url_clean(t[i].in), t[i].want, t[i].in);
		if (t[i].want) {   /* cleaning a clean URL changes nothing */
			char *again = url_clean(t[i].want);

			assert_non_null(again);
			assert_string_equal(again, t[i].want);
			free(again);
		}
	}
}

/* A link parsed once (struct url_link) holds what the string functions
 * give for it: url_clean(url_resolve()), url_site_key, url_host,
 * url_path_query, url_same_site; and is respelt with the site's host. */
static void
link_parsed_once(void **state)
{
	static const char *const base = "https://www.glow.test/team/";
	static const char *const refs[] = {
		"maria.html", "/about?utm_source=x&id=7", "../services;jsessionid=A1/peel",
		"https://glow.test/contact?sid=1#map", "//www.glow.test:443/a/./b/../c",
		"http://glow.test/x", "https://other.test/", "https://glow.test:8443/p?q=1",
		"?page=2", "#top", "", "/%7Euser/%2e%2e/x", "HTTPS://GLOW.TEST/Caps?B=1",
		"mailto:a@glow.test", "javascript:void(0)", "https://xn--glw-una.test/",
	};
	struct url_link site;

	(void)state;
	assert_int_equal(url_link_parse(&site, base, 0), 0);
	assert_string_equal(site.url, base);
	assert_string_equal(site.site_key, "https://glow.test");
	assert_string_equal(site.host, "www.glow.test");
	assert_string_equal(site.path, "/team/");
	assert_null(site.query);
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		char *abs = url_resolve(base, refs[i]), *want = abs ? url_clean(abs) : NULL;
		char *key = want ? url_site_key(want) : NULL, *host = want ? url_host(want) : NULL;
		char *pq = want ? url_path_query(want) : NULL;
		struct url_link l, at;
		struct url_base *b = url_base_new(base);
		int rc = url_link_resolve(&l, base, refs[i], URL_LINK_CLEAN);
		int rc_at = url_link_resolve_at(&at, b, refs[i], URL_LINK_CLEAN);

		/* a base parsed once resolves as the base string does */
		assert_int_equal(rc_at, rc);
		if (rc == 0)
			assert_string_equal(at.url, l.url);
		url_link_release(&at);
		url_base_free(b);

		if (want == NULL) {
			if (rc == 0)
				fail_msg("%s: expected no link, got %s", refs[i], l.url);
			assert_null(l.url);
		} else {
			if (rc != 0)
				fail_msg("%s: expected %s, got no link", refs[i], want);
			assert_string_equal(l.url, want);
			assert_string_equal(l.site_key, key);
			assert_string_equal(l.host, host);
			assert_string_equal(l.path, pq);
			if (strchr(want, '?'))
				assert_string_equal(l.query, strchr(want, '?') + 1);
			else
				assert_null(l.query);
			assert_true(url_link_same_site(&site, &l) == url_same_site(site.site_key, want));
			url_link_rehost(&l, &site);
			/* one spelling per page: the site's host when only "www." differs */
			if (strcmp(key, site.site_key) == 0) {
				char *spelt = url_resolve(base, pq);

				assert_string_equal(l.url, spelt);
				assert_string_equal(l.path, pq);
				free(spelt);
			}
		}
		url_link_release(&l);
		free(abs);
		free(want);
		free(key);
		free(host);
		free(pq);
	}
	url_link_release(&site);
	assert_int_equal(url_link_parse(&site, "ftp://glow.test/", 0), -1);
	assert_null(url_base_new("not a url"));
	/* a host of a dot alone leaves no site key: no link, no site */
	assert_null(url_site_key("http://./x"));
	assert_int_equal(url_link_parse(&site, "http://./x", 0), -1);
	assert_null(url_normalise("http://../x"));
	assert_null(url_normalise("http://a..b.test/"));
	assert_null(url_normalise("http://.glow.test/"));
	check_str(url_normalise("http://glow.test./"), "http://glow.test./", "root dot");
	/* IDNA maps a no-break space to a space, which no host holds */
	assert_null(url_resolve("http://glow.test/", "http://_\xc2\xa0/x"));
	assert_string_equal(url_normalised_path("http://[::1]:8080/a?b"), "/a?b");
	assert_string_equal(url_normalised_path("https://glow.test/"), "/");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalise_case),
		cmocka_unit_test(normalise_escaped_dot_segments),
		cmocka_unit_test(normalise_rejects_bad_hosts),
		cmocka_unit_test(normalise_default_port),
		cmocka_unit_test(normalise_empty_path),
		cmocka_unit_test(normalise_dot_segments),
		cmocka_unit_test(normalise_fragment),
		cmocka_unit_test(normalise_percent),
		cmocka_unit_test(normalise_raw_bytes),
		cmocka_unit_test(normalise_userinfo_dropped),
		cmocka_unit_test(normalise_rejects),
		cmocka_unit_test(normalise_too_long),
		cmocka_unit_test(normalise_ip_and_idn_hosts),
		cmocka_unit_test(normalise_idempotent),
		cmocka_unit_test(resolve_relative),
		cmocka_unit_test(resolve_absolute),
		cmocka_unit_test(resolve_protocol_relative),
		cmocka_unit_test(resolve_query_and_fragment_only),
		cmocka_unit_test(resolve_rejects_other_schemes),
		cmocka_unit_test(resolve_too_long),
		cmocka_unit_test(site_key_folds_www),
		cmocka_unit_test(site_key_ports),
		cmocka_unit_test(site_key_idn),
		cmocka_unit_test(same_site),
		cmocka_unit_test(host_and_path),
		cmocka_unit_test(seeds),
		cmocka_unit_test(private_ipv4),
		cmocka_unit_test(private_ipv6),
		cmocka_unit_test(private_other_family),
		cmocka_unit_test(clean_session_and_tracking),
		cmocka_unit_test(link_parsed_once),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
