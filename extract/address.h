/* address.h: US postal addresses and phone numbers in running text. */
#ifndef CD_ADDRESS_H
#define CD_ADDRESS_H
#include <stdbool.h>
#include <stddef.h>
#include "common/error.h"
#include "common/facts.h"

/* The word lists an address is assembled from, as the rules file names
 * them under "places"."address" (data/RULES.md): each entry a pcre2
 * fragment ("Hwy\\.?"), joined into one alternation. */
enum address_word_list {
	ADDRESS_W_STREET_TYPES,   /* end a street name: "St", "Avenue" (any case) */
	ADDRESS_W_STREET_LEADS,   /* begin one with no type after it: "Camino" */
	ADDRESS_W_ROUTE_LEADS,    /* before a route word: "State", "County" */
	ADDRESS_W_ROUTE_WORDS,    /* before a route number: "Highway", "Route" (any case) */
	ADDRESS_W_ROUTE_CODES,    /* a route's code before its number: "FM", "US" */
	ADDRESS_W_UNIT_WORDS,     /* before a unit: "Suite", "Ste\\.?" (any case) */
	ADDRESS_W_PROVINCES,      /* Canadian province codes before a postal code: "BC" */
	ADDRESS_W_N
};
extern const char *const address_word_names[ADDRESS_W_N];   /* "street_types", ... */

struct address_words {
	const char *const *words[ADDRESS_W_N];
	size_t n[ADDRESS_W_N];
};

/* The largest address pattern, in bytes, assembled from the word lists:
 * words that would make it longer fail the rules load naming this cap. */
#define ADDRESS_PATTERN_MAX 16384

/* The compiled address grammar (one per rules file). */
struct address_re;

/* Assembles and compiles the grammar from w (every list non-empty). On a
 * bad word, or words too many for ADDRESS_PATTERN_MAX, returns CD_EPARSE
 * with "NAME: places.address: ..." in err. */
int address_compile(const struct address_words *w, const char *name, struct address_re **out,
                    struct cd_error *err);
void address_re_free(struct address_re *re);

/* True for the two-letter USPS code of a state, DC or a territory, in
 * upper case as addresses write it (common/states.h has the list). */
bool address_state_valid(const char *st);

/* The USPS code of a state, DC or PR written as its code in any case
 * ("tx", "TX.") or its name ("Texas", "D.C."), or NULL. Static storage. */
const char *address_state_code(const char *s);

/* Finds up to max street addresses ("1200 Congress Ave, Suite 300,
 * Austin, TX 78701") in s[0..n) with the grammar re (NULL: none found).
 * Fills out[0..k) (street with its unit, city, state, zip; phone and geo
 * left empty; evidence the matched text) and returns k. Abroad, no US
 * state is guessed: a Canadian address keeps its province as state and
 * its postal code as zip ("BC", "V6Y 2B3"), a British one no state and
 * its postcode ("W1G 8AS"); another country's postcode after a word that
 * reads as a state is no address ("Casablanca, MA 20250"). The caller owns
 * the strings (page_facts_add_location takes them). */
size_t address_find(const struct address_re *re, const char *s, size_t n,
                     struct fact_location *out, size_t max);

/* Finds up to max US phone numbers in s[0..n) ("(512) 555-0142",
 * "512.555.0142", "+1 512 555 0142") and stores them as E.164
 * ("+15125550142"); returns how many. Caller frees each. */
size_t address_find_phones(const char *s, size_t n, char **out, size_t max);

/* A tel: link or a telephone property as E.164, or NULL when it is not a
 * ten-digit US number. Caller frees. */
char *address_phone_e164(const char *s);

#endif
