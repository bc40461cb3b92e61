/* test_fetch.c: what the crawler makes of a response: Retry-After, backoff,
 * content types, binary sniffing, charsets and the conversion to UTF-8. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/error.h"
#include "common/text.h"
#include "crawler/fetch.h"

static void
retry_after_seconds(void **state)
{
	long s = -1;

	(void)state;
	assert_int_equal(fetch_retry_after("120", 0, &s), 0);
	assert_int_equal(s, 120);
	assert_int_equal(fetch_retry_after("  0 ", 0, &s), 0);
	assert_int_equal(s, 0);
	/* absurd values are cut to a day, without overflow */
	assert_int_equal(fetch_retry_after("99999999999999999999999999", 0, &s), 0);
	assert_int_equal(s, FETCH_RETRY_AFTER_MAX);
}

static void
retry_after_date(void **state)
{
	long s = -1;
	time_t now = 1795268967;   /* Fri, 21 Nov 2026 13:49:27 GMT */

	(void)state;
	assert_int_equal(fetch_retry_after("Fri, 21 Nov 2026 13:50:27 GMT", now, &s), 0);
	assert_int_equal(s, 60);
	assert_int_equal(fetch_retry_after("Friday, 21-Nov-26 13:49:37 GMT", now, &s), 0);
	assert_int_equal(s, 10);
	/* a date in the past: retry now */
	assert_int_equal(fetch_retry_after("Thu, 01 Jan 2015 00:00:00 GMT", now, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(fetch_retry_after("Sat, 21 Nov 2126 13:49:27 GMT", now, &s), 0);
	assert_int_equal(s, FETCH_RETRY_AFTER_MAX);
}

static void
retry_after_rejects(void **state)
{
	static const char *const bad[] = { "", "   ", "-5", "1.5", "soon", "12abc", "0x10" };
	long s = -1;

	(void)state;
	assert_int_equal(fetch_retry_after(NULL, 0, &s), CD_EPARSE);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (fetch_retry_after(bad[i], 0, &s) != CD_EPARSE)
			fail_msg("\"%s\" parsed as %ld", bad[i], s);
}

static void
backoff(void **state)
{
	(void)state;
	assert_int_equal(fetch_backoff_s(1, 60), 1);
	assert_int_equal(fetch_backoff_s(2, 60), 2);
	assert_int_equal(fetch_backoff_s(3, 60), 4);
	assert_int_equal(fetch_backoff_s(7, 60), 60);
	assert_int_equal(fetch_backoff_s(1000, 60), 60);
	assert_int_equal(fetch_backoff_s(0, 60), 1);
}

static void
types(void **state)
{
	(void)state;
	assert_int_equal(fetch_type_of(NULL), FETCH_TYPE_NONE);
	assert_int_equal(fetch_type_of("  "), FETCH_TYPE_NONE);
	assert_int_equal(fetch_type_of("text/html"), FETCH_TYPE_HTML);
	assert_int_equal(fetch_type_of("Text/HTML; charset=utf-8"), FETCH_TYPE_HTML);
	assert_int_equal(fetch_type_of("application/xhtml+xml"), FETCH_TYPE_HTML);
	assert_int_equal(fetch_type_of("image/png"), FETCH_TYPE_OTHER);
	assert_int_equal(fetch_type_of("text/htmlx"), FETCH_TYPE_OTHER);
	assert_int_equal(fetch_type_of("application/pdf"), FETCH_TYPE_OTHER);
	assert_true(fetch_is_html(NULL, "  <!DOCTYPE html><p>x", 21));
	assert_true(fetch_is_html(NULL, "\xef\xbb\xbf<html>", 9));
	assert_false(fetch_is_html(NULL, "%PDF-1.4", 8));
	assert_false(fetch_is_html("image/png", "<html>", 6));
}

static void
sniff(void **state)
{
	(void)state;
	assert_string_equal(fetch_sniff_binary("%PDF-1.7\n", 9), "application/pdf");
	assert_string_equal(fetch_sniff_binary("\x89PNG\r\n\x1a\n....", 12), "image/png");
	assert_string_equal(fetch_sniff_binary("<html>\0<p>", 10), "application/octet-stream");
	assert_null(fetch_sniff_binary("<!DOCTYPE html><title>x</title>", 31));
	assert_null(fetch_sniff_binary("\xff\xfe<\0h\0", 6));   /* UTF-16 has NULs */
	assert_null(fetch_sniff_binary("", 0));
	{
		/* one stray NUL in a page of text does not make it binary */
		char page[600];

		memset(page, 'a', sizeof page);
		memcpy(page, "<!DOCTYPE html><p>", 18);
		page[300] = '\0';
		assert_null(fetch_sniff_binary(page, sizeof page));
		for (int i = 0; i < 8; i++)
			page[400 + i * 10] = '\0';
		assert_string_equal(fetch_sniff_binary(page, sizeof page), "application/octet-stream");
	}
	assert_null(fetch_sniff_binary("%PD", 3));
}

static void
check_charset(const char *type, const char *body, const char *want)
{
	char *got = fetch_charset(type, body, strlen(body));

	if (want == NULL && got != NULL)
		fail_msg("%s: expected none, got %s", body, got);
	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		fail_msg("%s: expected %s, got %s", body, want, got ? got : "none");
	free(got);
}

static void
charsets(void **state)
{
	(void)state;
	check_charset("text/html; charset=ISO-8859-1", "<p>x", "iso-8859-1");
	check_charset("text/html; charset=\"windows-1252\"", "<p>x", "windows-1252");
	check_charset("text/html", "<meta charset=iso-8859-1><p>x", "iso-8859-1");
	check_charset(NULL, "<head><META CHARSET = 'Shift_JIS'>", "shift_jis");
	check_charset("text/html",
	              "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=latin1\">",
	              "latin1");
	/* the header wins over <meta>, a BOM over both */
	check_charset("text/html; charset=utf-8", "<meta charset=iso-8859-1>", "utf-8");
	check_charset("text/html; charset=iso-8859-1", "\xef\xbb\xbf<p>", "utf-8");
	check_charset("text/html", "<p>no charset here", NULL);
	check_charset("text/html; charset=", "<p>", NULL);
	check_charset("text/html; charset=\"<script>\"", "<p>", NULL);
	/* a <meta> past the first 1024 bytes is not looked for */
	{
		char body[1200];

		memset(body, ' ', sizeof body);
		memcpy(body + 1100, "<meta charset=koi8-r>", 21);
		body[sizeof body - 1] = '\0';
		check_charset(NULL, body, NULL);
	}
}

static void
check_utf8(const char *type, const char *body, size_t len, const char *want)
{
	char *got = fetch_to_utf8(type, body, len);

	assert_true(text_utf8_valid(got, strlen(got)));
	if (strcmp(got, want) != 0)
		fail_msg("expected \"%s\", got \"%s\"", want, got);
	free(got);
}

static void
to_utf8(void **state)
{
	(void)state;
	/* latin-1 by header and by <meta>; iso-8859-1 is read as windows-1252 */
	check_utf8("text/html; charset=iso-8859-1", "Ib\xe1\xf1" "ez \x93" "MD\x94", 11,
	           "Ibáñez \xe2\x80\x9cMD\xe2\x80\x9d");
	check_utf8("text/html", "<meta charset=iso-8859-1>Ib\xe1\xf1" "ez", 31,
	           "<meta charset=iso-8859-1>Ibáñez");
	/* UTF-8: invalid bytes, overlongs, surrogates and NUL become U+FFFD */
	check_utf8("text/html; charset=utf-8", "a\xff" "b\xc0\xaf" "c\xed\xa0\x80" "d\0e", 12,
	           "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	           "d\xef\xbf\xbd" "e");
	/* no charset: UTF-8; a BOM is dropped */
	check_utf8(NULL, "\xef\xbb\xbf" "café", 8, "café");
	/* UTF-16 with a BOM */
	check_utf8(NULL, "\xff\xfe" "h\0i\0", 6, "hi");
	/* an unknown label: read as UTF-8 */
	check_utf8("text/html; charset=x-no-such-charset", "ok \xff", 4, "ok \xef\xbf\xbd");
	/* windows-1252 has holes (0x81): they become U+FFFD, not bytes */
	check_utf8("text/html; charset=windows-1252", "a\x81" "b", 3, "a\xef\xbf\xbd" "b");
	/* a truncated multibyte sequence at the end of a Shift_JIS body */
	check_utf8("text/html; charset=shift_jis", "x\x82", 2, "x\xef\xbf\xbd");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retry_after_seconds),
		cmocka_unit_test(retry_after_date),
		cmocka_unit_test(retry_after_rejects),
		cmocka_unit_test(backoff),
		cmocka_unit_test(types),
		cmocka_unit_test(sniff),
		cmocka_unit_test(charsets),
		cmocka_unit_test(to_utf8),
	};
	return cmocka_run_group_tests_name("fetch", tests, NULL, NULL);
}
