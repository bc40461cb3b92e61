/* claim_status.c: the claim status names (see claim_status.h). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "common/claim_status.h"

static const char *const claim_status_names[CLAIM_STATUS_COUNT] = {
	[CLAIM_UNCHECKED] = "unchecked",
	[CLAIM_CONSISTENT] = "consistent",
	[CLAIM_CONFLICT] = "conflict",
	[CLAIM_UNMATCHED] = "unmatched",
	[CLAIM_AMBIGUOUS] = "ambiguous",
};

const char *
claim_status_name(enum claim_status s)
{
	return (unsigned)s < CLAIM_STATUS_COUNT ? claim_status_names[s] : NULL;
}

bool
claim_status_parse(const char *name, enum claim_status *out)
{
	for (int i = 0; i < CLAIM_STATUS_COUNT; i++)
		if (name != NULL && strcmp(name, claim_status_names[i]) == 0) {
			*out = (enum claim_status)i;
			return true;
		}
	return false;
}

char *
claim_status_list(char *out, size_t n)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < CLAIM_STATUS_COUNT && used < n; i++) {
		int k = snprintf(out + used, n - used, "%s%s", i > 0 ? ", " : "",
		                 claim_status_names[i]);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	return out;
}
