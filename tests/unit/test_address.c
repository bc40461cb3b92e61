/* test_address.c: US addresses and phone numbers in running text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "crawler/address.h"

struct addr_case {
	const char *text;
	const char *street, *city, *state, *zip;   /* street NULL: none found */
};

static const struct addr_case addr_cases[] = {
	{ "1200 Congress Ave, Suite 300, Austin, TX 78701",
	  "1200 Congress Ave Suite 300", "Austin", "TX", "78701" },
	{ "1200 Congress Ave Suite 300 Austin, TX 78701-1234",
	  "1200 Congress Ave Suite 300", "Austin", "TX", "78701-1234" },
	{ "Visit us at 2450 Westheimer Rd Suite 110 · Houston, TX 77098 today",
	  "2450 Westheimer Rd Suite 110", "Houston", "TX", "77098" },
	{ "245 W 57th St, Ste. 1200, New York, NY 10019",
	  "245 W 57th St Ste. 1200", "New York", "NY", "10019" },
	{ "3200 Peachtree Rd NE #850, Atlanta, GA 30305",
	  "3200 Peachtree Rd NE #850", "Atlanta", "GA", "30305" },
	{ "7301 E Camelback Rd, Scottsdale, AZ 85251",
	  "7301 E Camelback Rd", "Scottsdale", "AZ", "85251" },
	{ "1801 Brickell Avenue, Unit 5, Miami, FL 33129",
	  "1801 Brickell Avenue Unit 5", "Miami", "FL", "33129" },
	{ "88 Atlantic Ave, Brooklyn, NY 11201", "88 Atlantic Ave", "Brooklyn", "NY", "11201" },
	{ "100 Calle Loíza, San Juan, PR 00911", NULL, NULL, NULL, NULL },  /* no suffix */
	{ "500 Main Street, Washington, DC 20001", "500 Main Street", "Washington", "DC", "20001" },
	{ "1550 Wewatta St Suite 400 Denver, CO 80202",
	  "1550 Wewatta St Suite 400", "Denver", "CO", "80202" },
	{ "12 Oak Ln, Springfield, ZZ 12345", NULL, NULL, NULL, NULL },      /* bad state */
	{ "12 Oak Ln, Springfield, TX 1234", NULL, NULL, NULL, NULL },       /* short ZIP */
	{ "Call 512 Congress today, TX 78701", NULL, NULL, NULL, NULL },     /* no street */
	{ "open since 2009 in Austin, TX 78701", NULL, NULL, NULL, NULL },
};

static void
test_addresses(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(addr_cases) / sizeof(addr_cases[0]); i++) {
		const struct addr_case *c = &addr_cases[i];
		struct fact_location l[2];

		n = address_find(c->text, strlen(c->text), l, 2);
		if (c->street == NULL) {
			if (n != 0)
				fail_msg("case %zu: found \"%s\" in \"%s\"", i, l[0].street, c->text);
			continue;
		}
		if (n != 1)
			fail_msg("case %zu: %zu addresses in \"%s\"", i, n, c->text);
		assert_string_equal(l[0].street, c->street);
		assert_string_equal(l[0].city, c->city);
		assert_string_equal(l[0].state, c->state);
		assert_string_equal(l[0].zip, c->zip);
		free(l[0].street);
		free(l[0].city);
		free(l[0].state);
		free(l[0].zip);
		free(l[0].evidence);
	}
}

static void
test_two_addresses(void **state)
{
	const char *t = "245 W 57th St, New York, NY 10019 and 88 Atlantic Ave, Brooklyn, NY 11201";
	struct fact_location l[4];
	size_t i, n = address_find(t, strlen(t), l, 4);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(l[0].zip, "10019");
	assert_string_equal(l[1].zip, "11201");
	for (i = 0; i < n; i++) {
		free(l[i].street);
		free(l[i].city);
		free(l[i].state);
		free(l[i].zip);
		free(l[i].evidence);
	}
}

static void
test_states(void **state)
{
	(void)state;
	assert_true(address_state_valid("TX"));
	assert_true(address_state_valid("DC"));
	assert_true(address_state_valid("PR"));
	assert_false(address_state_valid("ZZ"));
	assert_false(address_state_valid("tx"));
	/* the territories search --state accepts are addresses too */
	assert_true(address_state_valid("GU"));
	assert_true(address_state_valid("VI"));
}

struct phone_case {
	const char *text;
	const char *e164;   /* NULL: none */
};

static const struct phone_case phone_cases[] = {
	{ "Call (512) 555-0142 today", "+15125550142" },
	{ "512-555-0142", "+15125550142" },
	{ "512.555.0142", "+15125550142" },
	{ "+1 512 555 0142", "+15125550142" },
	{ "1-800-555-0199", "+18005550199" },
	{ "(512)555-0142", "+15125550142" },
	{ "ZIP 78701-1234", NULL },
	{ "order 5125550142", NULL },         /* no separators: not read as a phone */
	{ "(123) 555-0142", NULL },           /* area codes do not begin with 1 */
	{ "3.14159265", NULL },
};

static void
test_phones(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(phone_cases) / sizeof(phone_cases[0]); i++) {
		char *out[2] = { NULL, NULL };

		n = address_find_phones(phone_cases[i].text, strlen(phone_cases[i].text), out, 2);
		if (phone_cases[i].e164 == NULL) {
			if (n != 0)
				fail_msg("case %zu: found %s in \"%s\"", i, out[0], phone_cases[i].text);
			continue;
		}
		if (n != 1)
			fail_msg("case %zu: %zu phones in \"%s\"", i, n, phone_cases[i].text);
		assert_string_equal(out[0], phone_cases[i].e164);
		free(out[0]);
	}
}

static void
test_tel_links(void **state)
{
	char *p = NULL;

	(void)state;
	assert_string_equal(p = address_phone_e164("tel:+15125550142"), "+15125550142");
	free(p);
	assert_string_equal(p = address_phone_e164("tel:512-555-0142"), "+15125550142");
	free(p);
	assert_string_equal(p = address_phone_e164("tel:(512)%20555-0142;ext=12"), "+15125550142");
	free(p);
	assert_null(address_phone_e164("tel:555-0142"));
	assert_null(address_phone_e164("tel:+44 20 7946 0958"));
	assert_null(address_phone_e164("mailto:a@b.test"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_two_addresses),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_tel_links),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("address", tests, NULL, NULL);
}
