/* rules_match.h: what extraction asks of a loaded rules file (rules.h
 * holds the public taxonomy side). Internal to crawler/: matching of text
 * against code patterns, filters, credential suffixes and board wording.
 * Code indexes are those of rules_code(). Every text passed in must be
 * valid UTF-8 (text_utf8_clean output): it is not checked again.
 *
 * A text is scanned once for everything (rules_scan_text): every pattern
 * of the file is tried where a word begins or at a character that is not
 * a letter or digit, never inside a word, and every match is kept as a
 * hit. The queries below then read the hits of any part of the text
 * (a sentence, a word) without scanning it again. */
#ifndef CD_RULES_MATCH_H
#define CD_RULES_MATCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "extract/rules.h"

/* Sets of code patterns. */
enum rules_set {
	RULES_SET_SERVICE = 0,   /* patterns of service codes */
	RULES_SET_CREDENTIAL,    /* patterns of credential codes (not boards) */
	RULES_SET_BOARD,         /* board names (codes with "board": true) */
	RULES_SET_N
};

/* Sentence filters ("filters" in the file). PRODUCT is tested anchored
 * right after a service match ("Botox| mask"), ASIDE on the words right
 * before one ("an alternative to |Kybella"); the others anywhere. */
enum rules_filter {
	RULES_F_ADVICE = 0,
	RULES_F_NEGATION,
	RULES_F_PRODUCT,
	RULES_F_PLACEHOLDER,
	RULES_F_CLINIC_SUBJECT,  /* "our", "we": the clinic speaks of itself */
	RULES_F_BOARD_CERTIFIED, /* "board certified", "diplomate of" */
	RULES_F_ASIDE,
	RULES_F_OUTSIDERS,       /* people who are not the clinic's staff */
	RULES_F_STAFF_NEWS,      /* "has joined our practice": a post about the clinic's staff */
	RULES_F_FORMER_STAFF,    /* "retired in 2021", "no longer sees patients": not staff now */
	/* "places" in the file: the words around an address that say whose
	 * it is */
	RULES_F_PLACE_OWN,       /* "our office", "visit us": the clinic's */
	RULES_F_PLACE_ELSEWHERE, /* a sister practice, a landmark ("5 minutes from") */
	RULES_F_PLACE_FACILITY,  /* a hospital, a surgery center: unless the clinic's */
	RULES_F_PLACE_HOST,      /* "located in", "on the 3rd floor of": the clinic is in it */
	RULES_F_PLACE_GONE,      /* closed, not yet open, no patient care */
	RULES_F_PLACE_TOWN,      /* "our Murrieta location": a town the clinic is in */
	RULES_F_N
};

/* Name words: STOP words are dropped from the front of a name candidate
 * ("Meet", "Founder"); NOT_PERSON words make a candidate not a person
 * ("Dermatology", "Spa"). Matched whole-word, caseless. */
enum rules_words { RULES_W_STOP = 0, RULES_W_NOT_PERSON, RULES_W_N };

#define RULES_SUFFIX_NONE  (-1)   /* not a credential suffix */
#define RULES_SUFFIX_OTHER (-2)   /* a known, uncoded one ("BSN", "PhD") */

/* One match of one pattern: [start, end) in the scanned text. */
struct rules_hit {
	uint32_t start, end;
	uint32_t item;
};

/* The hits of one text, sorted by start, then by the file order of the
 * patterns. At most RULES_MAX_HITS are kept (hostile text finds less). */
#define RULES_MAX_HITS 8192
struct rules_hits {
	struct rules_hit *v;
	size_t n, cap;
};

void rules_hits_init(struct rules_hits *h);
void rules_hits_release(struct rules_hits *h);

/* Scans s[0..n) once for every pattern of the file; h is emptied first. */
void rules_scan_text(const struct rules *r, const char *s, size_t n, struct rules_hits *h);

/* Called for each match, left to right, matches not overlapping; start and
 * end are relative to from. It must not call rules_scan or the one-text
 * questions below (they reuse one hit list per thread). */
typedef void (*rules_hit_fn)(void *arg, size_t code, size_t start, size_t end);

/* The matches of set lying inside [from, to) of the scanned text, as one
 * alternation of the set's patterns would find them: leftmost first, at
 * one position the pattern listed first in the file, then on after it. */
void rules_hits_set(const struct rules *r, const struct rules_hits *h, enum rules_set set,
                    size_t from, size_t to, rules_hit_fn fn, void *arg);
/* True when a pattern of filter f (not PRODUCT) matches inside [from, to). */
bool rules_hits_filter(const struct rules *r, const struct rules_hits *h, enum rules_filter f,
                       size_t from, size_t to);
/* Where (relative to from) the first such match starts; SIZE_MAX: none. */
size_t rules_hits_filter_at(const struct rules *r, const struct rules_hits *h,
                            enum rules_filter f, size_t from, size_t to);
/* For board-certified wording without a board name in [from, to): the
 * code of the specialty named first ("dermatologist"), else the
 * "unspecified" board code; -1 when the file names none. */
long rules_hits_specialty(const struct rules *r, const struct rules_hits *h, size_t from,
                          size_t to);
/* Is the word [from, to) a credential suffix ("MD", "FNP-C")? Its code
 * index, or one of the RULES_SUFFIX_* values. */
long rules_hits_suffix(const struct rules *r, const struct rules_hits *h, size_t from,
                       size_t to);
/* Is the word [from, to) in name word list w? Only words that begin with
 * a capital or a letter outside ASCII are looked up: "the" never is. */
bool rules_hits_word(const struct rules *r, const struct rules_hits *h, enum rules_words w,
                     size_t from, size_t to);

/* The same questions of a short text of its own (structured data, tests):
 * each scans s[0..n) first. */
void rules_scan(const struct rules *r, enum rules_set set, const char *s, size_t n,
                rules_hit_fn fn, void *arg);
/* True when a pattern of filter f matches s[0..n) (PRODUCT: at offset 0). */
bool rules_filter(const struct rules *r, enum rules_filter f, const char *s, size_t n);
long rules_suffix(const struct rules *r, const char *s, size_t n);
long rules_board_specialty(const struct rules *r, const char *s, size_t n);
bool rules_word(const struct rules *r, enum rules_words w, const char *s, size_t n);

/* Codes whose claims always belong to the clinic ("scope": "clinic"). */
bool rules_code_clinic_scope(const struct rules *r, size_t code);
/* Codes of boards ("board": true). */
bool rules_code_board(const struct rules *r, size_t code);

#endif
