/* test_text.c: the common text helpers that make web strings safe. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/buf.h"
#include "common/error.h"
#include "common/xalloc.h"
#include "common/sha256.h"
#include "common/text.h"

static void
utf8_valid_accepts_and_rejects(void **state)
{
	(void)state;
	assert_true(text_utf8_valid("plain", 5));
	assert_true(text_utf8_valid("caf\xC3\xA9 \xE2\x84\xA2 \xF0\x9F\x98\x80", 14));
	assert_false(text_utf8_valid("\xC0\xAF", 2));           /* overlong '/' */
	assert_false(text_utf8_valid("\xED\xA0\x80", 3));       /* surrogate */
	assert_false(text_utf8_valid("\xF4\x90\x80\x80", 4));   /* > U+10FFFF */
	assert_false(text_utf8_valid("\xE2\x84", 2));           /* truncated */
	assert_false(text_utf8_valid("\xFF", 1));
}

static void
utf8_clean_replaces_bad_bytes_and_nul(void **state)
{
	char *s = text_utf8_clean("a\xFF" "b\0c\xC3\xA9", 7);

	(void)state;
	assert_string_equal(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xC3\xA9");
	assert_true(text_utf8_valid(s, strlen(s)));
	free(s);
}

static void
terminal_copy_has_no_controls(void **state)
{
	char *s = text_for_terminal("x\x1B]2;pwned\x07y\xC2\x9Bz\tq\r\nw\x7F", false);

	(void)state;
	assert_string_equal(s, "x]2;pwnedyz q  w");
	free(s);
	s = text_for_terminal("a\tb\nc\x1B", true);
	assert_string_equal(s, "a\tb\nc");
	free(s);
}

static void
export_copy_keeps_lines_only(void **state)
{
	char *s = NULL;

	(void)state;
	/* clean text needs no copy, whatever its script */
	assert_null(text_for_export("Zo\xC3\xAB M\xC3\xBCller, \"MD\"\nline two"));
	assert_null(text_for_export(""));
	s = text_for_export("a\x1B[31mb\r\nc\xFF\xFE" "d\xC2\x9B" "e\x7F\x01");
	assert_non_null(s);
	assert_string_equal(s, "a[31mb\nc\xEF\xBF\xBD\xEF\xBF\xBD" "de");
	assert_true(text_utf8_valid(s, strlen(s)));
	free(s);
	s = text_for_export("tab\there");
	assert_string_equal(s, "tab here");
	free(s);
	/* a truncated sequence at the very end */
	s = text_for_export("caf\xC3");
	assert_string_equal(s, "caf\xEF\xBF\xBD");
	free(s);
}

static void
squash_space_folds_unicode_spaces(void **state)
{
	char *s = text_squash_space("  Maria\xC2\xA0Lopez,\n\t MD \xE2\x80\x83 ");

	(void)state;
	assert_string_equal(s, "Maria Lopez, MD");
	free(s);
}

static void
truncate_never_splits_a_character(void **state)
{
	char *s = text_truncate("ab\xC3\xA9", 3);

	(void)state;
	assert_string_equal(s, "ab");
	free(s);
	s = text_truncate("abc", 10);
	assert_string_equal(s, "abc");
	free(s);
}

static void
buf_respects_its_cap(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "6789"), -1);    /* would pass 8 */
	assert_string_equal(buf_str(&b), "12345");
	assert_int_equal(buf_printf(&b, "%d", 678), 0);
	assert_int_equal(b.len, 8);
	assert_int_equal(buf_putc(&b, 'x'), -1);
	buf_release(&b);
	assert_string_equal(buf_str(&b), "");
}

static void
sha256_known_vectors(void **state)
{
	char hex[65];
	char million[1000];

	(void)state;
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* 56 bytes: the padding spills into a second block */
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', sizeof million);
	sha256_hex(million, sizeof million, hex);
	assert_string_equal(hex, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

static void
message_copy_is_safe_and_short(void **state)
{
	char *long_url = xmalloc(2100), *m, *big = xmalloc(120001);

	(void)state;
	m = text_for_message("bad \x1b[2Jline\r\n two\x07", 100, 600);
	assert_string_equal(m, "bad [2Jline   two");   /* line breaks: spaces */
	free(m);
	/* a 2 KB URL is cut inside itself, its quote closed, the rest kept */
	memcpy(long_url, "'http://", 8);
	memset(long_url + 8, 'a', 2000);
	strcpy(long_url + 2008, "' is not an http(s) site");
	m = text_for_message(long_url, 40, 600);
	assert_int_equal(strncmp(m, "'http://aaaa", 12), 0);
	assert_non_null(strstr(m, "aaa\xE2\x80\xA6' is not an http(s) site"));
	assert_true(strlen(m) < 80);
	free(m);
	/* a cut never splits a character */
	m = text_for_message("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5, 600);
	assert_string_equal(m, "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
	free(m);
	/* 120 KB of words: the middle goes, both ends stay */
	for (int i = 0; i < 120000; i++)
		big[i] = i % 10 == 9 ? ' ' : 'w';
	big[0] = 'S';
	memcpy(big + 119990, "  the END", 10);
	m = text_for_message(big, 100, 400);
	assert_true(strlen(m) <= 400);
	assert_true(m[0] == 'S');
	assert_non_null(strstr(m, "\xE2\x80\xA6"));
	assert_non_null(strstr(m, "the END"));
	assert_true(text_utf8_valid(m, strlen(m)));
	free(m);
	/* invalid UTF-8 becomes U+FFFD */
	m = text_for_message("x\xFFy", 100, 600);
	assert_string_equal(m, "x\xEF\xBF\xBDy");
	free(m);
	free(long_url);
	free(big);
}

static void
error_set_cuts_a_long_message_inside_its_word(void **state)
{
	struct cd_error e = { 0, "" };
	char *url = xmalloc(2100);

	(void)state;
	memset(url, 'b', 2000);
	url[2000] = '\0';
	cd_error_set(&e, CD_EINVAL, "'http://%s' is not an http(s) site", url);
	assert_true(strlen(e.msg) < sizeof e.msg);
	assert_non_null(strstr(e.msg, "bbb\xE2\x80\xA6' is not an http(s) site"));
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_valid_accepts_and_rejects),
		cmocka_unit_test(utf8_clean_replaces_bad_bytes_and_nul),
		cmocka_unit_test(terminal_copy_has_no_controls),
		cmocka_unit_test(export_copy_keeps_lines_only),
		cmocka_unit_test(squash_space_folds_unicode_spaces),
		cmocka_unit_test(truncate_never_splits_a_character),
		cmocka_unit_test(buf_respects_its_cap),
		cmocka_unit_test(sha256_known_vectors),
		cmocka_unit_test(message_copy_is_safe_and_short),
		cmocka_unit_test(error_set_cuts_a_long_message_inside_its_word),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
