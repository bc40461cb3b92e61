/* test_query_counts.c: the crawler's per-path query counts: a count is
 * found again by its prefix, kept up through the pointer, and forgotten
 * (not mixed up) when the table is full. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "crawler/query_counts.h"

static void
test_get_put(void **state)
{
	struct query_counts *q = query_counts_new(8);
	const char *a = "http://a.test/search?", *b = "http://a.test/list?";
	int64_t *n = NULL;

	(void)state;
	assert_null(query_counts_get(q, a, strlen(a)));
	n = query_counts_put(q, a, strlen(a), 3);
	(*n)++;
	assert_non_null(query_counts_put(q, b, strlen(b), 7));
	assert_int_equal(*query_counts_get(q, a, strlen(a)), 4);
	assert_int_equal(*query_counts_get(q, b, strlen(b)), 7);
	/* a prefix is its bytes, not a C string: "...search?x" cut at '?' */
	assert_int_equal(*query_counts_get(q, "http://a.test/search?x=1", strlen(a)), 4);
	query_counts_free(q);
}

static void
test_full_forgets(void **state)
{
	struct query_counts *q = query_counts_new(4);
	char p[64];

	(void)state;
	for (int i = 0; i < 100; i++) {
		snprintf(p, sizeof p, "http://a.test/p%d?", i);
		query_counts_put(q, p, strlen(p), i);
		/* what is still known is right */
		for (int j = 0; j <= i; j++) {
			int64_t *n;

			snprintf(p, sizeof p, "http://a.test/p%d?", j);
			if ((n = query_counts_get(q, p, strlen(p))) != NULL)
				assert_int_equal(*n, j);
		}
	}
	query_counts_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_put),
		cmocka_unit_test(test_full_forgets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
