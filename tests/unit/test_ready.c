/* test_ready.c: the crawler's heap of sites that may start a request
 * (crawler/ready.c): the soonest first, the seeds' order among equals,
 * only the due ones, and none that must wait for a transfer of its own. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "crawler/crawl_int.h"

#define N_SITES 64

struct ready_fixture {
	struct crawl c;
	struct crawl_options opt;
	struct crawl_site sites[N_SITES];
};

static int
setup(void **state)
{
	struct ready_fixture *f = calloc(1, sizeof *f);

	crawl_options_init(&f->opt);
	f->opt.per_host = 1;
	f->c.opt = &f->opt;
	f->c.sites = f->sites;
	f->c.n_sites = N_SITES;
	/* starts from 63 s down to 0 s, in steps of 1 s: seeds' order reversed */
	for (int i = 0; i < N_SITES; i++) {
		f->sites[i].state = SITE_READY;
		f->sites[i].next_start = (double)(N_SITES - 1 - i);
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct ready_fixture *f = *state;

	free(f->c.ready);
	free(f);
	return 0;
}

/* Every site comes out once, soonest first, and only when due. */
static void
test_soonest_first(void **state)
{
	struct ready_fixture *f = *state;
	struct crawl_site *s = NULL;

	crawl_ready_init(&f->c);
	assert_int_equal(f->c.n_ready, N_SITES);
	assert_true(crawl_ready_first(&f->c) == 0);
	for (int t = 0; t < N_SITES; t++) {
		assert_non_null(s = crawl_ready_due(&f->c, (double)t));
		assert_ptr_equal(s, &f->sites[N_SITES - 1 - t]);
		/* the next one is a second later: not due yet */
		assert_null(crawl_ready_due(&f->c, (double)t + 0.5));
	}
	assert_int_equal(f->c.n_ready, 0);
	assert_true(crawl_ready_first(&f->c) < 0);
}

/* Equal starts come out in the seeds' order; a site woken with a later
 * start moves back; one that waits for its own transfer, has nothing
 * queued or is done leaves the heap; a held one comes out at once. */
static void
test_wake(void **state)
{
	static char why[] = "asked for a pause";
	struct ready_fixture *f = *state;

	for (int i = 0; i < N_SITES; i++)
		f->sites[i].next_start = 5;
	crawl_ready_init(&f->c);
	f->sites[0].next_start = 9;
	crawl_ready_wake(&f->c, &f->sites[0]);
	f->sites[1].in_flight = 1;
	crawl_ready_wake(&f->c, &f->sites[1]);
	f->sites[2].idle = true;
	crawl_ready_wake(&f->c, &f->sites[2]);
	f->sites[3].state = SITE_DONE;
	crawl_ready_wake(&f->c, &f->sites[3]);
	f->sites[10].hold = why;
	f->sites[10].next_start = 100;
	crawl_ready_wake(&f->c, &f->sites[10]);
	assert_int_equal(f->c.n_ready, N_SITES - 3);
	assert_ptr_equal(crawl_ready_due(&f->c, 1), &f->sites[10]);
	assert_null(crawl_ready_due(&f->c, 1));
	for (int i = 4; i < N_SITES; i++)
		if (i != 10)
			assert_ptr_equal(crawl_ready_due(&f->c, 5), &f->sites[i]);
	assert_null(crawl_ready_due(&f->c, 8.9));
	assert_ptr_equal(crawl_ready_due(&f->c, 9), &f->sites[0]);
	/* its transfer ended: site 1 may start again */
	f->sites[1].in_flight = 0;
	crawl_ready_wake(&f->c, &f->sites[1]);
	assert_ptr_equal(crawl_ready_due(&f->c, 9), &f->sites[1]);
	assert_int_equal(f->c.n_ready, 0);
	f->sites[10].hold = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_soonest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wake, setup, teardown),
	};

	return cmocka_run_group_tests_name("ready", tests, NULL, NULL);
}
