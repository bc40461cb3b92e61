/* test_csv.c: CSV output: RFC 4180 quoting, CRLF records, and cells a
 * spreadsheet would run as formulas made inert (index/csv.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "index/csv.h"

/* The record fields[0..n) as csv_write_record writes it; caller frees. */
static char *
record(const char *const *fields, size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	assert_non_null(f);
	assert_int_equal(csv_write_record(f, fields, n), 0);
	assert_int_equal(fclose(f), 0);
	return s;
}

/* One field alone as a record, without its CRLF compared separately. */
static void
assert_field(const char *in, const char *want)
{
	const char *fields[] = { in };
	char *got = record(fields, 1);
	char *exp = NULL;

	assert_true(asprintf(&exp, "%s\r\n", want) > 0);
	assert_string_equal(got, exp);
	free(got);
	free(exp);
}

static void
test_plain_fields_and_crlf(void **state)
{
	const char *fields[] = { "1", "Glow Med Spa", "https://glow.test" };
	char *got = record(fields, 3);

	(void)state;
	assert_string_equal(got, "1,Glow Med Spa,https://glow.test\r\n");
	free(got);
}

static void
test_quoting(void **state)
{
	(void)state;
	assert_field("a,b", "\"a,b\"");
	assert_field("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_field("\"", "\"\"\"\"");
	assert_field("semi;colons;stay", "semi;colons;stay");
}

static void
test_embedded_newlines(void **state)
{
	(void)state;
	assert_field("line one\nline two", "\"line one\nline two\"");
	/* a CR is a control byte: the export drops it, the LF stays */
	assert_field("a\r\nb", "\"a\nb\"");
}

static void
test_formula_prefixes(void **state)
{
	(void)state;
	assert_field("=1+2", "'=1+2");
	assert_field("+1", "'+1");
	assert_field("-2+3", "'-2+3");
	assert_field("@SUM(A1:A2)", "'@SUM(A1:A2)");
	/* tab and CR never reach the file: a tab becomes a space, a CR goes */
	assert_field("\tx", " x");
	assert_field("\rx", "x");
	assert_field("\t=1+2", "' =1+2");
	assert_field("\r@SUM(1)", "'@SUM(1)");
	/* spaces before a formula do not hide it */
	assert_field("  =1+2", "'  =1+2");
	/* neutralised and quoted: the apostrophe goes inside the quotes */
	assert_field("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	assert_field("-", "'-");
	assert_field("-.5", "'-.5");
	assert_field("-1.", "'-1.");
}

static void
test_negative_numbers_kept(void **state)
{
	(void)state;
	assert_field("-97.7431", "-97.7431");
	assert_field("-3", "-3");
	assert_field("-122.419400", "-122.419400");
	assert_field("a=b", "a=b");   /* = not first: plain text */
}

static void
test_neutralise(void **state)
{
	char *s = NULL;

	(void)state;
	s = csv_neutralise("=cmd|' /C calc'!A0");
	assert_string_equal(s, "'=cmd|' /C calc'!A0");
	free(s);
	s = csv_neutralise("-97.7431");
	assert_string_equal(s, "-97.7431");
	free(s);
	s = csv_neutralise("plain");
	assert_string_equal(s, "plain");
	free(s);
	s = csv_neutralise(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void
test_utf8_kept(void **state)
{
	(void)state;
	assert_field("Dra. María José Peña", "Dra. María José Peña");
	assert_field("Clínica, “Belleza”", "\"Clínica, “Belleza”\"");
	assert_field("皮膚科", "皮膚科");
}

static void
test_null_and_empty_fields(void **state)
{
	const char *fields[] = { NULL, "", "x", NULL };
	char *got = record(fields, 4);

	(void)state;
	assert_string_equal(got, ",,x,\r\n");
	free(got);
}

static void
test_write_field_alone(void **state)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	(void)state;
	assert_int_equal(csv_write_field(f, "a\"b"), 0);
	assert_int_equal(csv_write_field(f, NULL), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(s, "\"a\"\"b\"");
	free(s);
}

static void
test_write_error(void **state)
{
	const char *fields[] = { "x" };
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (f == NULL)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(csv_write_record(f, fields, 1), -1);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_fields_and_crlf),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_embedded_newlines),
		cmocka_unit_test(test_formula_prefixes),
		cmocka_unit_test(test_negative_numbers_kept),
		cmocka_unit_test(test_neutralise),
		cmocka_unit_test(test_utf8_kept),
		cmocka_unit_test(test_null_and_empty_fields),
		cmocka_unit_test(test_write_field_alone),
		cmocka_unit_test(test_write_error),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
