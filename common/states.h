/* states.h: the two-letter USPS codes of the 50 states, DC and the five
 * inhabited territories, with their names: the one list that search
 * filters, licence imports and the address and markup readers share. */
#ifndef CD_STATES_H
#define CD_STATES_H

struct us_state {
	const char *code;   /* "TX", upper case */
	const char *name;   /* "Texas" */
};

/* Every state and territory, ended by { NULL, NULL }. */
extern const struct us_state states_table[];

/* The table's (upper-case) code for s, a two-letter code in any case, or
 * NULL when s is no state or territory. */
const char *states_code(const char *s);

/* The code of a full name in any case ("new york" gives "NY"), or NULL. */
const char *states_code_of_name(const char *name);

#endif
