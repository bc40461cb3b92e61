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

/* Canada's provinces and territories, for addresses abroad read with no
 * US state guessed: the code ("ON"), the name in English and, when it
 * differs, in French, and the first letters of its postal codes. */
struct ca_province {
	const char *code, *name, *name_fr, *letters;
};

/* Every province and territory, ended by { NULL, ... }. */
extern const struct ca_province provinces_table[];

/* The code of a province written as its code or name in any case
 * ("on", "Ontario", "Québec"), or NULL. */
const char *provinces_code(const char *s);

/* A Canadian postal code ("k2p1l4", "K2P 1L4") as written on mail
 * ("K2P 1L4") into out (8 bytes); false when s is none. */
bool provinces_postal(const char *s, char out[8]);

/* Whether a postal code's first letter is one the province of code uses
 * (K for Ontario, V for British Columbia). */
bool provinces_postal_fits(const char *code, const char *postal);

/* The one province whose postal codes begin with postal's letter, or
 * NULL (X is the Northwest Territories' and Nunavut's). */
const char *provinces_of_postal(const char *postal);
#endif
