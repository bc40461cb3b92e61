/* test_ratelimit.c: serve's per-client request limit. A client gets its
 * burst, then a wait that says when the next token comes; another client
 * is not held up by it; tokens come back with time; and a flood of
 * distinct addresses never makes the table remember more than its
 * capacity, while the address that keeps coming stays limited. Time is
 * passed in, so nothing here depends on the clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>
#include "web/ratelimit.h"

static void
key4(const char *ip, unsigned char key[WEB_RATELIMIT_KEY])
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, ip, &sa.sin_addr), 1);
	assert_true(web_ratelimit_key((struct sockaddr *)&sa, key));
}

static void
key6(const char *ip, unsigned char key[WEB_RATELIMIT_KEY])
{
	struct sockaddr_in6 sa;

	memset(&sa, 0, sizeof sa);
	sa.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, ip, &sa.sin6_addr), 1);
	assert_true(web_ratelimit_key((struct sockaddr *)&sa, key));
}

static void
test_burst_then_wait(void **state)
{
	struct web_ratelimit *rl = web_ratelimit_new(2, 8, 64);
	unsigned char a[WEB_RATELIMIT_KEY], b[WEB_RATELIMIT_KEY];
	int i;

	(void)state;
	key4("127.0.0.1", a);
	key4("127.0.0.2", b);
	for (i = 0; i < 8; i++)
		assert_int_equal(web_ratelimit_take(rl, a, 100.0), 0);
	/* the ninth at the same instant: a token in half a second, said as 1 */
	assert_int_equal(web_ratelimit_take(rl, a, 100.0), 1);
	/* another address has its own bucket */
	for (i = 0; i < 8; i++)
		assert_int_equal(web_ratelimit_take(rl, b, 100.0), 0);
	/* refused requests spend nothing: half a second on, one token */
	assert_int_equal(web_ratelimit_take(rl, a, 100.5), 0);
	assert_int_equal(web_ratelimit_take(rl, a, 100.5), 1);
	/* long idle: the bucket is full again, never fuller */
	for (i = 0; i < 8; i++)
		assert_int_equal(web_ratelimit_take(rl, a, 1000.0), 0);
	assert_int_equal(web_ratelimit_take(rl, a, 1000.0), 1);
	web_ratelimit_free(rl);
}

static void
test_retry_after_in_seconds(void **state)
{
	/* one request every 10 seconds: the wait is the time to a token */
	struct web_ratelimit *rl = web_ratelimit_new(0.1, 1, 8);
	unsigned char a[WEB_RATELIMIT_KEY];

	(void)state;
	key4("10.0.0.1", a);
	assert_int_equal(web_ratelimit_take(rl, a, 5.0), 0);
	assert_int_equal(web_ratelimit_take(rl, a, 5.0), 10);
	assert_int_equal(web_ratelimit_take(rl, a, 11.0), 4);
	assert_int_equal(web_ratelimit_take(rl, a, 15.0), 0);
	web_ratelimit_free(rl);
}

static void
test_keys(void **state)
{
	unsigned char a[WEB_RATELIMIT_KEY], b[WEB_RATELIMIT_KEY];
	struct sockaddr_un { unsigned short family; char path[8]; } un = { 1, "x" };

	(void)state;
	/* an IPv6 host is one /64 */
	key6("2001:db8:1:2::1", a);
	key6("2001:db8:1:2:ffff:ffff:ffff:ffff", b);
	assert_memory_equal(a, b, WEB_RATELIMIT_KEY);
	key6("2001:db8:1:3::1", b);
	assert_memory_not_equal(a, b, WEB_RATELIMIT_KEY);
	/* an IPv4-mapped address is the IPv4 client */
	key6("::ffff:192.0.2.7", a);
	key4("192.0.2.7", b);
	assert_memory_equal(a, b, WEB_RATELIMIT_KEY);
	/* an IPv6 /64 that begins like an IPv4 key is not that client */
	key6("c000:207::", a);
	assert_memory_not_equal(a, b, WEB_RATELIMIT_KEY);
	assert_false(web_ratelimit_key((struct sockaddr *)&un, a));
	assert_false(web_ratelimit_key(NULL, a));
}

static void
test_flood_of_addresses_is_bounded(void **state)
{
	struct web_ratelimit *rl = web_ratelimit_new(1, 4, 256);
	unsigned char k[WEB_RATELIMIT_KEY], heavy[WEB_RATELIMIT_KEY];
	char ip[32];
	size_t cap = web_ratelimit_capacity(rl);
	unsigned i, refused = 0;
	double t = 0;

	(void)state;
	assert_true(cap >= 256 && cap < 512);
	key4("198.51.100.1", heavy);
	for (i = 0; i < 200000; i++) {
		t += 0.0001;    /* 10,000 requests a second, each from a new address */
		snprintf(ip, sizeof ip, "10.%u.%u.%u", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		key4(ip, k);
		assert_int_equal(web_ratelimit_take(rl, k, t), 0);
		assert_true(web_ratelimit_used(rl) <= cap);
		/* one client keeps coming all along: it stays limited */
		if (i % 100 == 0 && web_ratelimit_take(rl, heavy, t) > 0)
			refused++;
	}
	assert_int_equal(web_ratelimit_used(rl), cap);
	/* 2,000 tries in 20 s at 1 a second with a burst of 4: most refused */
	assert_true(refused > 1900);
	web_ratelimit_free(rl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_wait),
		cmocka_unit_test(test_retry_after_in_seconds),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_flood_of_addresses_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
