/* verify_impl.h: what verify.c (judging) and verify_match.c (finding a
 * practitioner in the registries) share; nothing outside registry/ sees it. */
#ifndef CD_VERIFY_IMPL_H
#define CD_VERIFY_IMPL_H
#include <stdbool.h>
#include <stdint.h>
#include "common/error.h"
#include "index/index.h"
#include "registry/verify.h"
#include "registry/verify_rules.h"

#define VERIFY_MAX_PLACES 16
#define VERIFY_MAX_TAX 15
/* Buffer caps, each above the most its text can hold, so that no part of
 * a reason is ever dropped by a cap: */
#define VERIFY_MAX_RECORD 512      /* "NPI n (name[160]; place[96])" */
#define VERIFY_MAX_TAXLIST 2048    /* VERIFY_MAX_TAX codes with names of VERIFY_RULES_MAX_TAXNAME */
#define VERIFY_MAX_REASON 8192     /* a record, a taxonomy list and three rule fragments */
#define VERIFY_MAX_NPIS 64         /* three NPIs and ", " */

/* What a clinic's locations say about where it is. */
struct places {
	char state[VERIFY_MAX_PLACES][3];
	char city[VERIFY_MAX_PLACES][64];
	char zip[VERIFY_MAX_PLACES][6];
	size_t n;
};

/* The NPPES record a practitioner matched. */
struct record {
	int64_t id;
	char npi[11];
	char name[160];          /* "LOPEZ, MARIA, M.D." */
	char place[96];          /* "AUSTIN, TX" */
	char credential[64];
	char deactivated[11], reactivated[11];
	char tax[VERIFY_MAX_TAX][11];
	bool primary[VERIFY_MAX_TAX];
	size_t n_tax;
};

enum match { M_NONE, M_ONE, M_AMBIGUOUS, M_UNLOADED };

struct match_result {
	enum match kind;
	struct record rec;
	char why[320];           /* for M_NONE and M_AMBIGUOUS */
};

struct verifier {
	struct index *idx;
	struct cd_error *err;
	struct verify_report *rep;
	const struct verify_rules *rules;
	char today[11];
	bool nppes;              /* a snapshot is loaded */
	bool fda;                /* FDA device decisions are loaded */
};

/* The best licence found for a practitioner (kind M_ONE), or why none. */
struct lic_match {
	enum match kind;
	char why[512];
	enum verify_standing standing;   /* of the licence why names */
};

/* The clinic's states, cities and ZIPs (its first VERIFY_MAX_PLACES). */
int load_places(struct verifier *v, int64_t clinic_id, struct places *pl);
/* Finds the NPPES individual named name in the clinic's states: the
 * candidates whose first name and surname fit, scored up for the same
 * city and ZIP; one best is a match, several an ambiguity. */
int match_nppes(struct verifier *v, const char *name, const struct places *pl,
                struct match_result *m);
/* Looks name up in the licence lists of the clinic's states, licences of
 * a type holding one of the rule's words (any type when the list has
 * none). */
int match_license(struct verifier *v, const char *name, const struct places *pl,
                  const struct verify_rule *rule, struct lic_match *m);

#endif
