/* test_address.c: US addresses and phone numbers in running text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <stdio.h>
#include "common/buf.h"
#include "extract/address.h"
#include "extract/rules.h"

/* The street words come from the rules file, as in extraction. */
static struct rules *rules;
static const struct address_re *re;

static int
setup(void **state)
{
	const char *p = getenv("CLINICDEX_RULES");
	struct cd_error err = { 0, "" };

	(void)state;
	if (rules_load(p != NULL && p[0] != '\0' ? p : "data/rules.json", &rules, &err) < 0) {
		fprintf(stderr, "# %s\n", err.msg);
		return -1;
	}
	re = rules_address(rules);
	return re != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	rules_free(rules);
	return 0;
}

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
	{ "12 Oak Ln, Springfield, Texass 12345", NULL, NULL, NULL, NULL },  /* no state */
	{ "500 Main Street, Washington, DC 20001", "500 Main Street", "Washington", "DC", "20001" },
	{ "1550 Wewatta St Suite 400 Denver, CO 80202",
	  "1550 Wewatta St Suite 400", "Denver", "CO", "80202" },
	{ "12 Oak Ln, Springfield, ZZ 12345", NULL, NULL, NULL, NULL },      /* bad state */
	{ "12 Oak Ln, Springfield, TX 1234", NULL, NULL, NULL, NULL },       /* short ZIP */
	{ "Call 512 Congress today, TX 78701", NULL, NULL, NULL, NULL },     /* no street */
	{ "open since 2009 in Austin, TX 78701", NULL, NULL, NULL, NULL },
	{ "we see 300 patients in Portland, Me 04101", NULL, NULL, NULL, NULL },
	/* abroad: no US state guessed; a Canadian province and postal code,
	 * a British postcode (no state) */
	{ "12 Oak Ln, Vancouver, BC V6B 1A1", "12 Oak Ln", "Vancouver", "BC", "V6B 1A1" },
	{ "150 Elm Street, Suite 900, Ottawa, ON K1P5J9", "150 Elm Street Suite 900", "Ottawa",
	  "ON", "K1P 5J9" },
	{ "41 Harley Street, London W1G 9QU", "41 Harley Street", "London", NULL, "W1G 9QU" },
	{ "12 Oak Ln, Vancouver, ZZ V6B 1A1", NULL, NULL, NULL, NULL },   /* no province */
	/* another country's postcode after a word that reads as a state: a
	 * ZIP the state's ZIP codes never begin with is no US address */
	{ "12 Rue des Fleurs, Casablanca, MA 20250", NULL, NULL, NULL, NULL },
	{ "45 Avenue Hassan II, Rabat, MA 10020", NULL, NULL, NULL, NULL },
	{ "300 Main St, Boston, MA 90210", NULL, NULL, NULL, NULL },
	/* the ZIPs a state shares across a border or keeps apart */
	{ "1 Main St, Andover, MA 05501", "1 Main St", "Andover", "MA", "05501" },
	{ "1 Congress Ave, Austin, TX 73301", "1 Congress Ave", "Austin", "TX", "73301" },
	{ "1 Mesa St, El Paso, TX 88510", "1 Mesa St", "El Paso", "TX", "88510" },

	/* the street forms of real US addresses (issue 14); each one was
	 * missed or misread before */
	/* a state written out, in any case */
	{ "1200 Congress Ave, Suite 300, Austin, Texas 78701",
	  "1200 Congress Ave Suite 300", "Austin", "TX", "78701" },
	{ "1200 CONGRESS AVE, AUSTIN, TEXAS 78701", "1200 CONGRESS AVE", "AUSTIN", "TX", "78701" },
	{ "18500 Bothell Way NE, Bothell, Washington 98012",
	  "18500 Bothell Way NE", "Bothell", "WA", "98012" },
	{ "1234 K St NW, Suite 500, Washington, D.C. 20005",
	  "1234 K St NW Suite 500", "Washington", "DC", "20005" },
	/* a street with no type word, or its type first */
	{ "100 Calle Loíza, San Juan, PR 00911", "100 Calle Loíza", "San Juan", "PR", "00911" },
	{ "2100 Alameda de las Pulgas, San Mateo, CA 94403",
	  "2100 Alameda de las Pulgas", "San Mateo", "CA", "94403" },
	{ "1234 El Camino Real, Suite 200, Palo Alto, CA 94306",
	  "1234 El Camino Real Suite 200", "Palo Alto", "CA", "94306" },
	{ "300 Via Verde, San Dimas, CA 91773", "300 Via Verde", "San Dimas", "CA", "91773" },
	{ "8200 Paseo del Norte NE, Albuquerque, NM 87122",
	  "8200 Paseo del Norte NE", "Albuquerque", "NM", "87122" },
	{ "1280 Ponce de Leon Ave NE, Atlanta, GA 30306",
	  "1280 Ponce de Leon Ave NE", "Atlanta", "GA", "30306" },
	/* numbered routes */
	{ "12800 Highway 71 W, Bee Cave, TX 78738", "12800 Highway 71 W", "Bee Cave", "TX", "78738" },
	{ "12800 US Highway 290 W, Austin, TX 78737",
	  "12800 US Highway 290 W", "Austin", "TX", "78737" },
	{ "4000 State Route 9, Hudson, OH 44236", "4000 State Route 9", "Hudson", "OH", "44236" },
	{ "12345 FM 1960 Rd W, Houston, TX 77065", "12345 FM 1960 Rd W", "Houston", "TX", "77065" },
	{ "201 County Road 12, Moulton, AL 35650", "201 County Road 12", "Moulton", "AL", "35650" },
	{ "2500 U.S. Hwy 1, Vero Beach, FL 32960", "2500 U.S. Hwy 1", "Vero Beach", "FL", "32960" },
	/* a directional after the street, then the state written out */
	{ "1234 Main Street North, Stillwater, Minnesota 55082",
	  "1234 Main Street North", "Stillwater", "MN", "55082" },
	/* grid, hyphenated and fractional house numbers */
	{ "1234 E 500 S, Salt Lake City, UT 84102", "1234 E 500 S", "Salt Lake City", "UT", "84102" },
	{ "350 West 800 North, Suite 210, Salt Lake City, UT 84103",
	  "350 West 800 North Suite 210", "Salt Lake City", "UT", "84103" },
	{ "N12W34567 Main St, Pewaukee, WI 53072", "N12W34567 Main St", "Pewaukee", "WI", "53072" },
	{ "25W 560 Geneva Rd, Carol Stream, IL 60188",
	  "25W 560 Geneva Rd", "Carol Stream", "IL", "60188" },
	{ "91-1234 Fort Weaver Rd, Ewa Beach, Hawaii 96706",
	  "91-1234 Fort Weaver Rd", "Ewa Beach", "HI", "96706" },
	{ "1234 1/2 Main St, Los Angeles, CA 90012", "1234 1/2 Main St", "Los Angeles", "CA", "90012" },
	/* two units, and units before the city */
	{ "500 Main St, Suites 100 & 200, Austin, TX 78701",
	  "500 Main St Suites 100 & 200", "Austin", "TX", "78701" },
	{ "7705 Market St, Building 2, Suite 101, Wilmington, NC 28411",
	  "7705 Market St Building 2 Suite 101", "Wilmington", "NC", "28411" },
	{ "1250 Broadway, 12th Floor, New York, NY 10001",
	  "1250 Broadway 12th Floor", "New York", "NY", "10001" },
	/* footers: no comma before the state, "|" or a bullet between the parts,
	 * all caps; a city never begins with a street type or a unit */
	{ "1200 Congress Ave, Austin TX 78701", "1200 Congress Ave", "Austin", "TX", "78701" },
	{ "123 Main St. | Suite 100 | Austin, TX 78701",
	  "123 Main St. Suite 100", "Austin", "TX", "78701" },
	{ "123 Main St • Austin, TX • 78701", "123 Main St", "Austin", "TX", "78701" },
	{ "123 MAIN STREET SUITE 100 AUSTIN TX 78701",
	  "123 MAIN STREET SUITE 100", "AUSTIN", "TX", "78701" },
	{ "969 Vale Terrace Dr. Suite B Vista, CA 92084",
	  "969 Vale Terrace Dr. Suite B", "Vista", "CA", "92084" },
	{ "100 Main St, St. Louis, MO 63101", "100 Main St", "St. Louis", "MO", "63101" },
	/* a word after a unit word is not a unit ("Ste" of "Stevens") */
	{ "300 Main St Stevens Point, WI 54481", "300 Main St", "Stevens Point", "WI", "54481" },
	{ "10 Main St, Coeur d'Alene, ID 83814", "10 Main St", "Coeur d'Alene", "ID", "83814" },
};

static void
test_addresses(void **state)
{
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(addr_cases) / sizeof(addr_cases[0]); i++) {
		const struct addr_case *c = &addr_cases[i];
		struct fact_location l[2];

		n = address_find(re, c->text, strlen(c->text), l, 2);
		if (c->street == NULL) {
			if (n != 0)
				fail_msg("case %zu: found \"%s\" in \"%s\"", i, l[0].street, c->text);
			continue;
		}
		if (n != 1)
			fail_msg("case %zu: %zu addresses in \"%s\"", i, n, c->text);
		assert_string_equal(l[0].street, c->street);
		assert_string_equal(l[0].city, c->city);
		if (c->state == NULL)
			assert_null(l[0].state);
		else
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
	size_t i, n = address_find(re, t, strlen(t), l, 4);

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

/* Offices in one line, separated by "|" */
static void
test_office_list(void **state)
{
	const char *t = "45-12 Bell Blvd, Bayside, NY 11361 | 108-22 Queens Blvd, 2nd Floor, "
	                "Forest Hills, NY 11375 | 2200 Camino Real, Los Altos, California 94022";
	struct fact_location l[4];
	size_t i, n = address_find(re, t, strlen(t), l, 4);

	(void)state;
	assert_int_equal(n, 3);
	assert_string_equal(l[0].street, "45-12 Bell Blvd");
	assert_string_equal(l[1].street, "108-22 Queens Blvd 2nd Floor");
	assert_string_equal(l[2].street, "2200 Camino Real");
	assert_string_equal(l[2].state, "CA");
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
	assert_string_equal(address_state_code("Texas"), "TX");
	assert_string_equal(address_state_code("WEST VIRGINIA"), "WV");
	assert_string_equal(address_state_code("Virginia"), "VA");
	assert_string_equal(address_state_code("D.C."), "DC");
	assert_string_equal(address_state_code("tx"), "TX");
	assert_null(address_state_code("Ontario"));
	assert_null(address_state_code("ZZ"));
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

/* The street words are data: a word added to "places"."address" of the
 * rules file is read without recompiling, and a list left empty is an
 * error that names it. */
static void
test_words_from_rules(void **state)
{
	static const char json[] =
	    "{\"codes\": [], \"places\": {\"address\": {"
	    "\"street_types\": [\"Street\", \"Gardens\"], \"street_leads\": [\"Camino\"],"
	    "\"route_leads\": [\"State\"], \"route_words\": [\"Route\"],"
	    "\"route_codes\": [\"SR\"], \"unit_words\": [\"Suite\"],"
	    "\"provinces\": [\"BC\"]}}}";
	static const char empty[] =
	    "{\"codes\": [], \"places\": {\"address\": {"
	    "\"street_types\": [], \"street_leads\": [\"Camino\"],"
	    "\"route_leads\": [\"State\"], \"route_words\": [\"Route\"],"
	    "\"route_codes\": [\"SR\"], \"unit_words\": [\"Suite\"],"
	    "\"provinces\": [\"BC\"]}}}";
	static const char text[] = "12 Kew Gardens, Suite 4, Austin, TX 78701";
	struct rules *mine = NULL;
	struct cd_error err = { 0, "" };
	struct fact_location l[1];

	(void)state;
	assert_int_equal(address_find(re, text, strlen(text), l, 1), 0);
	assert_int_equal(rules_load_string(json, strlen(json), "mine.json", &mine, &err), 0);
	assert_int_equal(address_find(rules_address(mine), text, strlen(text), l, 1), 1);
	assert_string_equal(l[0].street, "12 Kew Gardens Suite 4");
	free(l[0].street);
	free(l[0].city);
	free(l[0].state);
	free(l[0].zip);
	free(l[0].evidence);
	rules_free(mine);
	mine = NULL;
	assert_int_equal(rules_load_string(empty, strlen(empty), "mine.json", &mine, &err),
	                 CD_EPARSE);
	assert_non_null(strstr(err.msg, "places.address.street_types"));
	assert_null(mine);
	/* no word lists: no address is read, nothing fails */
	assert_int_equal(address_find(NULL, text, strlen(text), l, 1), 0);
}

/* Street words too many for the pattern's cap fail the rules load with
 * an error naming the cap, not a pattern cut short that silently reads
 * other addresses or none. */
static void
test_words_past_cap(void **state)
{
	struct buf json = BUF_INIT;
	struct rules *mine = NULL;
	struct cd_error err = { 0, "" };
	char cap[32];

	(void)state;
	buf_init(&json, 0);
	assert_int_equal(buf_puts(&json, "{\"codes\": [], \"places\": {\"address\": {"
	                          "\"street_types\": [\"Street\""), 0);
	/* 2,000 words of 12 bytes: past the cap, within the loader's own limits */
	for (int i = 0; i < 2000; i++)
		assert_int_equal(buf_printf(&json, ", \"Streetway%04d\"", i), 0);
	assert_int_equal(buf_puts(&json, "], \"street_leads\": [\"Camino\"],"
	                          "\"route_leads\": [\"State\"], \"route_words\": [\"Route\"],"
	                          "\"route_codes\": [\"SR\"], \"unit_words\": [\"Suite\"],"
	                          "\"provinces\": [\"BC\"]}}}"), 0);
	assert_int_equal(rules_load_string(buf_str(&json), json.len, "huge.json", &mine, &err),
	                 CD_EPARSE);
	assert_null(mine);
	snprintf(cap, sizeof cap, "cap of %d bytes", ADDRESS_PATTERN_MAX);
	if (strstr(err.msg, "huge.json: places.address:") == NULL || strstr(err.msg, cap) == NULL ||
	    strstr(err.msg, "ADDRESS_PATTERN_MAX") == NULL)
		fail_msg("%s", err.msg);
	buf_release(&json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_two_addresses),
		cmocka_unit_test(test_office_list),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_tel_links),
		cmocka_unit_test(test_words_from_rules),
		cmocka_unit_test(test_words_past_cap),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("address", tests, setup, teardown);
}
