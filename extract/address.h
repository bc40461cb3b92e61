/* address.h: US postal addresses and phone numbers in running text. */
#ifndef CD_ADDRESS_H
#define CD_ADDRESS_H
#include <stdbool.h>
#include <stddef.h>
#include "common/facts.h"

/* True for the two-letter USPS code of a state, DC or a territory, in
 * upper case as addresses write it (common/states.h has the list). */
bool address_state_valid(const char *st);

/* The USPS code of a state, DC or PR written as its code in any case
 * ("tx", "TX.") or its name ("Texas", "D.C."), or NULL. Static storage. */
const char *address_state_code(const char *s);

/* Finds up to max street addresses ("1200 Congress Ave, Suite 300,
 * Austin, TX 78701") in s[0..n). Fills out[0..k) (street with its unit,
 * city, state, zip; phone, geo and evidence left empty) and returns k.
 * The caller owns the strings (page_facts_add_location takes them). */
size_t address_find(const char *s, size_t n, struct fact_location *out, size_t max);

/* The USPS code of a state, DC or PR written as its code in any case
 * ("tx", "TX.") or its name ("Texas", "D.C."), or NULL. Static storage. */
const char *address_state_code(const char *s);

/* Finds up to max US phone numbers in s[0..n) ("(512) 555-0142",
 * "512.555.0142", "+1 512 555 0142") and stores them as E.164
 * ("+15125550142"); returns how many. Caller frees each. */
size_t address_find_phones(const char *s, size_t n, char **out, size_t max);

/* A tel: link or a telephone property as E.164, or NULL when it is not a
 * ten-digit US number. Caller frees. */
char *address_phone_e164(const char *s);

#endif
