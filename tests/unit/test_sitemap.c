/* test_sitemap.c: sitemaps and sitemap indexes, plain and gzip, and the
 * limits that keep a hostile one small. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include "common/error.h"
#include "crawler/sitemap.h"

#define NS "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""

/* in[0..n) gzip-compressed; caller frees. */
static char *
gz(const char *in, size_t n, size_t *out_len)
{
	z_stream z;
	size_t cap = n + n / 100 + 1024;
	char *out = malloc(cap);

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY),
	                 Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (unsigned)n;
	z.next_out = (unsigned char *)out;
	z.avail_out = (unsigned)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static void
urlset(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<urlset " NS " xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
		" <url><loc>https://glow.test/</loc><lastmod>2024-01-01</lastmod></url>\n"
		" <url><loc>\n  https://glow.test/team?a=1&amp;b=2\n </loc>"
		"<image:image><image:loc>https://glow.test/a.png</image:loc></image:image></url>\n"
		" <url><loc><![CDATA[https://glow.test/services/]]></loc></url>\n"
		" <url><loc></loc></url><url><loc/></url>\n"
		"</urlset>\n";
	struct sitemap sm;

	(void)state;
	assert_int_equal(sitemap_parse(xml, strlen(xml), SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, &sm), 0);
	assert_false(sm.is_index);
	assert_false(sm.truncated);
	assert_int_equal(sm.n, 3);
	assert_string_equal(sm.locs[0], "https://glow.test/");
	assert_string_equal(sm.locs[1], "https://glow.test/team?a=1&b=2");
	assert_string_equal(sm.locs[2], "https://glow.test/services/");
	sitemap_release(&sm);
}

static void
index_file(void **state)
{
	static const char xml[] =
		"<sitemapindex " NS ">"
		"<sitemap><loc>https://glow.test/s1.xml.gz</loc></sitemap>"
		"<sitemap><loc>https://glow.test/s2.xml</loc><lastmod>2024-01-01</lastmod></sitemap>"
		"</sitemapindex>";
	struct sitemap sm;

	(void)state;
	assert_int_equal(sitemap_parse(xml, strlen(xml), SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, &sm), 0);
	assert_true(sm.is_index);
	assert_int_equal(sm.n, 2);
	assert_string_equal(sm.locs[1], "https://glow.test/s2.xml");
	sitemap_release(&sm);
}

static void
gzipped(void **state)
{
	static const char xml[] = "<urlset " NS "><url><loc>https://glow.test/orphan</loc></url></urlset>";
	size_t n = 0;
	char *z = gz(xml, strlen(xml), &n);
	struct sitemap sm;

	(void)state;
	assert_true(sitemap_is_gzip(z, n));
	assert_int_equal(sitemap_parse(z, n, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, &sm), 0);
	assert_int_equal(sm.n, 1);
	assert_string_equal(sm.locs[0], "https://glow.test/orphan");
	sitemap_release(&sm);
	/* cut off in the middle: no URL, no crash */
	sitemap_parse(z, n / 2 + 8, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, &sm);
	assert_int_equal(sm.n, 0);
	sitemap_release(&sm);
	free(z);
}

/* 64 MiB of spaces compress to ~64 KiB: inflating stops at the cap. */
static void
gzip_bomb(void **state)
{
	size_t big = 64u << 20, n = 0, got = 0;
	char *zeros = malloc(big), *z = NULL, *out = NULL;
	bool cut = false;
	struct sitemap sm;

	(void)state;
	memset(zeros, ' ', big);
	memcpy(zeros, "<urlset>", 8);
	z = gz(zeros, big, &n);
	free(zeros);
	assert_true(n < 1u << 20);
	assert_int_equal(sitemap_gunzip(z, n, 1u << 20, &out, &got, &cut), 0);
	assert_true(cut);
	assert_int_equal(got, 1u << 20);
	free(out);
	assert_int_equal(sitemap_parse(z, n, 1u << 20, SITEMAP_MAX_URLS, &sm), 0);
	assert_true(sm.truncated);
	assert_int_equal(sm.n, 0);
	sitemap_release(&sm);
	free(z);
}

static void
count_limit(void **state)
{
	static const char xml[] = "<urlset><url><loc>https://a.test/1</loc></url>"
	                          "<url><loc>https://a.test/2</loc></url>"
	                          "<url><loc>https://a.test/3</loc></url></urlset>";
	struct sitemap sm;

	(void)state;
	assert_int_equal(sitemap_parse(xml, strlen(xml), SITEMAP_MAX_BYTES, 2, &sm), 0);
	assert_int_equal(sm.n, 2);
	assert_true(sm.truncated);
	sitemap_release(&sm);
}

/* Entities are never expanded, external ones never fetched. */
static void
entities(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY ext SYSTEM \"file:///etc/passwd\">\n]>\n"
		"<urlset><url><loc>&b;</loc></url><url><loc>&ext;</loc></url>"
		"<url><loc>https://glow.test/ok</loc></url></urlset>";
	struct sitemap sm;

	(void)state;
	assert_int_equal(sitemap_parse(xml, strlen(xml), SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, &sm), 0);
	assert_int_equal(sm.n, 1);
	assert_string_equal(sm.locs[0], "https://glow.test/ok");
	sitemap_release(&sm);
}

static void
not_a_sitemap(void **state)
{
	static const char html[] = "<html><body><a href=\"/x\">x</a></body></html>";
	static const char broken[] = "<urlset><url><loc>https://a.test/1</loc></url><url><loc>https://a";
	static const char junk[] = "\x1f\x8b\x08\x00garbage";
	char *out = NULL;
	size_t n = 0;
	bool cut = false;
	struct sitemap sm;

	(void)state;
	assert_int_equal(sitemap_parse(html, strlen(html), SITEMAP_MAX_BYTES, 10, &sm), CD_EPARSE);
	assert_int_equal(sm.n, 0);
	sitemap_release(&sm);
	assert_int_equal(sitemap_parse("", 0, SITEMAP_MAX_BYTES, 10, &sm), CD_EPARSE);
	sitemap_release(&sm);
	/* broken off: the URLs before the break are kept */
	assert_int_equal(sitemap_parse(broken, strlen(broken), SITEMAP_MAX_BYTES, 10, &sm), 0);
	assert_int_equal(sm.n, 1);
	assert_true(sm.truncated);
	sitemap_release(&sm);
	assert_int_equal(sitemap_gunzip("plain", 5, 100, &out, &n, &cut), CD_EPARSE);
	assert_null(out);
	assert_int_not_equal(sitemap_parse(junk, sizeof junk - 1, SITEMAP_MAX_BYTES, 10, &sm), 0);
	sitemap_release(&sm);
}

/* A <loc> longer than any URL we keep is skipped, not cut. */
static void
long_loc(void **state)
{
	size_t pad = 10000;
	const char head[] = "<urlset><url><loc>https://a.test/";
	const char tail[] = "</loc></url><url><loc>https://a.test/short</loc></url></urlset>";
	char *xml = malloc(strlen(head) + pad + strlen(tail) + 1);
	struct sitemap sm;

	(void)state;
	strcpy(xml, head);
	memset(xml + strlen(head), 'a', pad);
	strcpy(xml + strlen(head) + pad, tail);
	assert_int_equal(sitemap_parse(xml, strlen(xml), SITEMAP_MAX_BYTES, 10, &sm), 0);
	assert_int_equal(sm.n, 1);
	assert_string_equal(sm.locs[0], "https://a.test/short");
	sitemap_release(&sm);
	free(xml);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urlset),
		cmocka_unit_test(index_file),
		cmocka_unit_test(gzipped),
		cmocka_unit_test(gzip_bomb),
		cmocka_unit_test(count_limit),
		cmocka_unit_test(entities),
		cmocka_unit_test(not_a_sitemap),
		cmocka_unit_test(long_loc),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("sitemap", tests, NULL, NULL);
}
