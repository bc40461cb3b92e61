/* rules_impl.h: the loaded rules file as rules.c (loading) and
 * rules_scan.c (matching) share it. Nothing outside those two includes it. */
#ifndef CD_RULES_IMPL_H
#define CD_RULES_IMPL_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pcre2.h>
#include "common/error.h"
#include "extract/rules.h"
#include "extract/rules_match.h"

struct rule_pat {
	char *src;
	bool caseless;
};

struct code_ent {
	struct rule_code pub;
	char *kind, *code, *label;
	struct rule_pat *pats;
	size_t n_pats;
	struct rule_pat *sufs;
	size_t n_sufs;
	bool board;
	bool clinic_scope;
};

struct specialty {
	long code;
	struct rule_pat *pats;
	size_t n_pats;
};

/* What a scanner item stands for (rules_scan.c). */
enum rules_class {
	RULES_C_SET = 0,     /* sub: enum rules_set; code: the code */
	RULES_C_FILTER,      /* sub: enum rules_filter */
	RULES_C_SPECIALTY,   /* code: the board code the specialty implies */
	RULES_C_SUFFIX,      /* code: the code, or RULES_SUFFIX_OTHER */
	RULES_C_WORD,        /* sub: enum rules_words */
};

struct rules_item {
	uint8_t cls;         /* enum rules_class */
	uint8_t sub;
	int32_t code;
	uint32_t order;      /* rank within its class (file order), for ties */
};

/* The patterns that may start at one byte value, as one anchored
 * alternation (or, when that does not compile, one code per item). */
struct rules_bucket {
	pcre2_code **re;
	bool *jit;           /* re[i] was JIT-compiled */
	size_t n;
};

struct rules {
	struct code_ent *codes;
	size_t n_codes;
	struct rule_pat *filter_pats[RULES_F_N];
	size_t n_filter_pats[RULES_F_N];
	pcre2_code *product;           /* filters.product, anchored: tested after a brand */
	pcre2_code *aside;             /* filters.aside, ending at $: tested before a brand */
	struct prefilter *aside_pf;    /* the same, tried only where a match can begin */
	struct rule_pat *word_pats[RULES_W_N];
	size_t n_word_pats[RULES_W_N];
	struct rule_pat *other_sufs;
	size_t n_other_sufs;
	struct specialty *specialties;
	size_t n_specialties;
	long unspecified;
	size_t n_patterns;             /* for the file-wide bound */
	struct roles *roles;           /* "roles" and "oversight" (roles.c) */
	struct pages *pages;           /* "pages" (pages.c) */
	struct address_re *address;    /* "places"."address" (address.c) */
	/* the scanner (rules_scan.c) */
	struct rules_item *items;
	size_t n_items;
	struct rules_bucket *buckets;  /* distinct buckets */
	size_t n_buckets;
	uint16_t bucket_of[256];       /* byte -> bucket index + 1, 0: none */
	/* For a word starting with ASCII letter a: may any pattern of its
	 * bucket start with the letters b c? Bit (b * 52 + c) of live[a], letters
	 * numbered A-Z 0-25, a-z 26-51; NULL: every start is tried. */
	uint8_t *live[256];
};

/* Compiles src with the rules options (UTF, UCP, caseless when asked)
 * plus extra, and JIT-compiles it. On a bad pattern fills err with
 * "NAME: WHAT: bad pattern ..." and returns CD_EPARSE. */
int rules_compile(const char *name, const char *what, const char *src, bool caseless,
                  uint32_t extra, pcre2_code **out, struct cd_error *err);
/* The same without JIT: for a code that is only checked or asked about
 * (pcre2_pattern_info), never matched. JIT-compiling the thousand or so
 * of those was most of the cost of loading the rules. */
int rules_compile_plain(const char *name, const char *what, const char *src, bool caseless,
                        uint32_t extra, pcre2_code **out, struct cd_error *err);
/* Builds the items and buckets from the loaded patterns. */
int rules_scan_build(struct rules *r, const char *name, struct cd_error *err);
void rules_scan_free(struct rules *r);

#endif
