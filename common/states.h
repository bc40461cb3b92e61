/* states.h: the two-letter USPS codes of the 50 states, DC and the five
 * inhabited territories, with their names: the one list that search
 * filters, licence imports and the address and markup readers share. */
#ifndef CD_STATES_H
#define CD_STATES_H
#include <stdbool.h>

struct us_state {
	const char *code;   /* "TX", upper case */
	const char *name;   /* "Texas" */
	const char *zips;   /* ZIP3 prefixes: "733 750-799 885" */
};

/* Every state and territory, ended by { NULL, NULL }. */
extern const struct us_state states_table[];

/* The table's (upper-case) code for s, a two-letter code in any case, or
 * NULL when s is no state or territory. */
const char *states_code(const char *s);

/* The code of a full name in any case ("new york" gives "NY"), or NULL. */
const char *states_code_of_name(const char *name);

/* Whether the ZIP code zip (its first three digits) is one the USPS gives
 * in the state of the upper-case code: false for a code that is no state,
 * and for a postcode of another country that happens to follow a word such
 * as "MA" or "CA". */
bool states_zip_fits(const char *code, const char *zip);

#endif
