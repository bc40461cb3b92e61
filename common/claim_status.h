/* claim_status.h: what verification made of a claim, as one enum with one
 * name table: the names are what the database stores, --status accepts
 * and every command prints (registry/verify.h says what each means). */
#ifndef CD_CLAIM_STATUS_H
#define CD_CLAIM_STATUS_H
#include <stdbool.h>
#include <stddef.h>

enum claim_status {
	CLAIM_UNCHECKED,    /* the default of a new claim */
	CLAIM_CONSISTENT,
	CLAIM_CONFLICT,
	CLAIM_UNMATCHED,
	CLAIM_AMBIGUOUS,
	CLAIM_STATUS_COUNT
};

/* "unchecked", "consistent", ...; NULL for a value out of range. */
const char *claim_status_name(enum claim_status s);

/* The status named name (exact, lower case); false when none is. */
bool claim_status_parse(const char *name, enum claim_status *out);

/* The names joined into out[n]: "unchecked, consistent, conflict,
 * unmatched, ambiguous", for messages. Returns out. */
#define CLAIM_STATUS_LIST_MAX 96
char *claim_status_list(char *out, size_t n);

#endif
