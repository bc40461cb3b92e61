/* claim_kind.c: the claim kind names (see claim_kind.h). */
#include <stddef.h>
#include <string.h>
#include "common/claim_kind.h"

static const char *const claim_kind_names[CLAIM_KIND_COUNT] = {
	[CLAIM_KIND_CREDENTIAL] = "credential",
	[CLAIM_KIND_SERVICE] = "service",
};

const char *
claim_kind_name(enum claim_kind k)
{
	return (unsigned)k < CLAIM_KIND_COUNT ? claim_kind_names[k] : NULL;
}

bool
claim_kind_parse(const char *name, enum claim_kind *out)
{
	for (int i = 0; i < CLAIM_KIND_COUNT; i++)
		if (name != NULL && strcmp(name, claim_kind_names[i]) == 0) {
			*out = (enum claim_kind)i;
			return true;
		}
	return false;
}

bool
claim_kind_is(const char *name, enum claim_kind k)
{
	return name != NULL && (unsigned)k < CLAIM_KIND_COUNT && strcmp(name, claim_kind_names[k]) == 0;
}
