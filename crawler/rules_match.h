/* rules_match.h: what extraction asks of a loaded rules file (rules.h
 * holds the public taxonomy side). Internal to crawler/: matching of
 * sentences against code patterns, filters, credential suffixes and board
 * wording. Code indexes are those of rules_code(). */
#ifndef CD_RULES_MATCH_H
#define CD_RULES_MATCH_H
#include <stdbool.h>
#include <stddef.h>
#include "crawler/rules.h"

/* Sets of code patterns scanned together. */
enum rules_set {
	RULES_SET_SERVICE = 0,   /* patterns of service codes */
	RULES_SET_CREDENTIAL,    /* patterns of credential codes (not boards) */
	RULES_SET_BOARD,         /* board names (codes with "board": true) */
	RULES_SET_N
};

/* Sentence filters ("filters" in the file). PRODUCT is tested anchored
 * right after a service match ("Botox| mask"); the others anywhere. */
enum rules_filter {
	RULES_F_ADVICE = 0,
	RULES_F_NEGATION,
	RULES_F_PRODUCT,
	RULES_F_PLACEHOLDER,
	RULES_F_CLINIC_SUBJECT,  /* "our", "we": the clinic speaks of itself */
	RULES_F_BOARD_CERTIFIED, /* "board certified", "diplomate of" */
	RULES_F_N
};

/* Called for each match, left to right, matches not overlapping. */
typedef void (*rules_hit_fn)(void *arg, size_t code, size_t start, size_t end);

/* Scans s[0..n) once for all patterns of set. */
void rules_scan(const struct rules *r, enum rules_set set, const char *s, size_t n,
                rules_hit_fn fn, void *arg);
/* True when a pattern of filter f matches s[0..n) (PRODUCT: at offset 0). */
bool rules_filter(const struct rules *r, enum rules_filter f, const char *s, size_t n);

#define RULES_SUFFIX_NONE  (-1)   /* not a credential suffix */
#define RULES_SUFFIX_OTHER (-2)   /* a known, uncoded one ("BSN", "PhD") */
/* The code index of the suffix token s[0..n) ("MD", "FNP-C"), or one of
 * the RULES_SUFFIX_* values. */
long rules_suffix(const struct rules *r, const char *s, size_t n);

/* For a sentence with board-certified wording and no board name: the code
 * of the first specialty word in s ("dermatologist"), else the
 * "unspecified" board code; -1 when the file names none. */
long rules_board_specialty(const struct rules *r, const char *s, size_t n);

/* Name words: STOP words are dropped from the front of a name candidate
 * ("Meet", "Founder"); NOT_PERSON words make a candidate not a person
 * ("Dermatology", "Spa"). Matched whole-word, caseless. */
enum rules_words { RULES_W_STOP = 0, RULES_W_NOT_PERSON, RULES_W_N };
bool rules_word(const struct rules *r, enum rules_words w, const char *s, size_t n);

/* Codes whose claims always belong to the clinic ("scope": "clinic"). */
bool rules_code_clinic_scope(const struct rules *r, size_t code);

#endif
