/* verify_rules.h: how each credential code is checked against the
 * registries, read from the "verify" section of rules.json (see
 * data/RULES.md), so that a code added there is judged without
 * recompiling. The rules loader of the extractor ignores that section;
 * this reader ignores the rest. */
#ifndef CD_VERIFY_RULES_H
#define CD_VERIFY_RULES_H
#include <stddef.h>
#include "common/error.h"

#define VERIFY_RULES_MAX_CODES 256     /* entries under verify.codes */
#define VERIFY_RULES_MAX_LIST 32       /* taxonomies or words of one entry */
#define VERIFY_RULES_MAX_TAXNAMES 512  /* entries under verify.taxonomy_names */
#define VERIFY_RULES_MAX_TEXT 400      /* bytes of one reason fragment */
#define VERIFY_RULES_MAX_TAXNAME 100   /* bytes of a taxonomy's display name */
#define VERIFY_RULES_MAX_PREFIX 10     /* an NPPES taxonomy code is 10 characters */
#define VERIFY_RULES_MAX_DEVICES 256   /* entries under verify.devices */
#define VERIFY_RULES_MAX_NEVER 64      /* entries under verify.never_approved */

enum verify_how {
	VERIFY_NPPES = 1,     /* a matched NPPES record must hold a taxonomy */
	VERIFY_LICENSES,      /* a state licence list must hold an active licence */
	VERIFY_CONFLICT,      /* wrong on its face, whatever the registries */
};

/* One code's rule. Reasons are put together from the fragments as verify.c
 * says; NULL fragments are empty. */
struct verify_rule {
	char *code;
	enum verify_how how;
	/* VERIFY_NPPES: the first taxonomy of the record starting with one of
	 * taxonomies, else with one of or_taxonomies, confirms the claim. */
	char **taxonomies, **or_taxonomies;
	size_t n_taxonomies, n_or_taxonomies;
	char *label;              /* "a physician": "NPI ..., a physician: taxonomy ..." */
	char *note;               /* appended to a consistent reason */
	char *lacking;            /* "none a physician's": "NPI ... holds ..., none ..." */
	char *credential_text;    /* "MD": the record's credential text may say it */
	char *conflicting_text;   /* "DO": ... but saying this instead is a conflict */
	char *conflicting_label;  /* "D.O." */
	/* VERIFY_LICENSES */
	char **license_words;     /* a licence type holding one of these fits */
	size_t n_license_words;
	char *license_label;      /* "esthetician" */
	char *unloaded_note;      /* "estheticians hold no NPI" */
	/* VERIFY_CONFLICT: the reason; "{board}" stands for the board named */
	char *conflict;
};

/* A device clinics name ("FDA-cleared SkinPen"), and how FDA's records
 * of it read: verify.devices of rules.json (the one table of them). */
struct verify_device {
	char *brand;              /* as shown: "SkinPen" */
	char **says;              /* how a clinic writes it (case ignored) */
	size_t n_says;
	char **device_names;      /* upper case, in FDA's DEVICENAME */
	size_t n_device_names;
	char *applicant;          /* upper case, in FDA's APPLICANT, or NULL */
	char **product_codes;     /* with the applicant: its product codes */
	size_t n_product_codes;
};

struct verify_rules;

/* What a licence's status word says of its standing, by the
 * "license_standing" lists of rules.json's verify section. */
enum verify_standing {
	STANDING_UNKNOWN,     /* no status, or a word neither list holds */
	STANDING_GOOD,        /* "Active", "Current", "Clear" */
	STANDING_NOT,         /* "Expired", "Revoked", "Suspended", "Probation" */
};

/* Reads the "verify" section of the rules file at path. A file without
 * one gives rules that check nothing (every claim "no registry rule").
 * CD_EIO when it cannot be read, CD_EPARSE (naming the file and the entry)
 * when the section is malformed. */
int verify_rules_load(const char *path, struct verify_rules **out, struct cd_error *err);
void verify_rules_free(struct verify_rules *vr);

/* The rule for code, or NULL when none (vr may be NULL). */
const struct verify_rule *verify_rules_find(const struct verify_rules *vr, const char *code);
/* The display name of a full taxonomy code ("Dermatology"), or NULL. */
const char *verify_rules_taxonomy_name(const struct verify_rules *vr, const char *taxonomy);

/* The device a sentence names (one of its "says" as whole words, case
 * ignored; the first in the table), or NULL (vr may be NULL). */
const struct verify_device *verify_rules_device_in(const struct verify_rules *vr,
                                                   const char *sentence);

/* The reason an "FDA-approved" claim in sentence is a conflict, by
 * verify.never_approved of rules.json: the first class whose "approved"
 * words and "words" both occur in sentence (case ignored, anywhere: "needl"
 * finds "microneedling"), or NULL (vr may be NULL). Such devices are
 * cleared or granted, never approved. */
const char *verify_rules_never_approved(const struct verify_rules *vr, const char *sentence);

/* The standing a board's status text means, by the general lists and the
 * state's own (verify.license_standing.states.ST): a "not" word of either
 * outweighs any "good" one ("Active - Probation" is not good). A word
 * matches at a word start, case ignored ("suspend" finds "Suspended",
 * "active" not "Inactive"). *word (may be NULL) receives the word that
 * decided, or NULL. */
enum verify_standing verify_rules_standing(const struct verify_rules *vr, const char *state,
                                           const char *status, const char **word);

#endif
