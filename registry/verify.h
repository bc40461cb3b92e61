/* verify.h: checking what clinics claim against the loaded registries.
 * Each credential claim gets a status and a one-line reason naming the
 * registry record:
 *   unchecked   no registry that could confirm it is loaded
 *   consistent  a record for the practitioner agrees (name, state, and the
 *               taxonomy or licence the claim implies)
 *   conflict    a record exists and disagrees (or the claim is wrong on its
 *               face: a board outside ABMS and AOA, "FDA approved"
 *               microneedling)
 *   unmatched   a registry that covers the claim is loaded and holds no
 *               record of the practitioner in the clinic's state
 *   ambiguous   several records fit equally well: never guessed
 * Practitioners get the NPI matched (or none) and a status summing their
 * claims. */
#ifndef CD_VERIFY_H
#define CD_VERIFY_H
#include <stdint.h>
#include "common/claim_status.h"
#include "common/error.h"
#include "index/index.h"
#include "registry/verify_rules.h"

/* Clinics and practitioners verified, and their claims afterwards, counted
 * as index_get_stats counts them (by status; services are unchecked: no
 * registry speaks of them). */
struct verify_report {
	int64_t clinics, practitioners;
	int64_t claims, services;
	int64_t by_status[CLAIM_STATUS_COUNT];
};

/* Verifies every claim of the site (site_id > 0) or of every site, in one
 * transaction, each credential code by its rule in rules (the verify
 * section of rules.json; a code without one, or rules NULL, is "no
 * registry rule"). `today` (YYYY-MM-DD, NULL for the current date) decides
 * whether a licence has expired. */
int index_verify(struct index *idx, const struct verify_rules *rules, int64_t site_id,
                 const char *today, struct verify_report *rep, struct cd_error *err);

#endif
