/* claim_kind.h: what a claim is of, as one enum with one name table: the
 * names are what rules.json "kind" says, facts carry, the database stores
 * and every command prints. */
#ifndef CD_CLAIM_KIND_H
#define CD_CLAIM_KIND_H
#include <stdbool.h>

enum claim_kind {
	CLAIM_KIND_CREDENTIAL,   /* of a practitioner (or the clinic): "md", "board-dermatology" */
	CLAIM_KIND_SERVICE,      /* a treatment the clinic offers: "microneedling" */
	CLAIM_KIND_COUNT
};

/* "credential", "service"; NULL for a value out of range. */
const char *claim_kind_name(enum claim_kind k);

/* The kind named name (exact, lower case); false when none is. */
bool claim_kind_parse(const char *name, enum claim_kind *out);

/* True when name is the name of kind k (name may be NULL). */
bool claim_kind_is(const char *name, enum claim_kind k);

#endif
