/* exclusion.h: the LEIE in the directory. `registry import leie` stores a
 * snapshot (replaced whole), and every practitioner is matched against
 * it: by NPI where NPPES gave them one, else by name (the keys NPPES
 * matching uses) within the clinic's states. A reinstated record (a
 * reinstatement date on or before today) does not count; several records
 * for one name are ambiguous and decide nothing. */
#ifndef CD_EXCLUSION_H
#define CD_EXCLUSION_H
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"
#include "index/index.h"
#include "registry/leie.h"

struct registry_leie_result {
	struct leie_report read;
	int64_t kept;            /* records stored */
	int64_t excluded;        /* practitioners found excluded afterwards */
	int64_t ambiguous;       /* practitioners with several candidate records */
	int64_t clinics;         /* clinics whose own business is excluded */
};

/* Imports the LEIE file fp (named name in messages and registry status)
 * into new tables, committed in batches, then swaps them in for the old
 * snapshot and matches every practitioner, in one transaction: a failed,
 * cut-short or killed import leaves the old snapshot and matches as they
 * were. today is YYYY-MM-DD (NULL: the current date). CD_EPARSE when the
 * header is not LEIE, the file is cut short or holds no usable record. */
int index_leie_import(struct index *idx, FILE *fp, const char *name, const char *today,
                      struct registry_leie_result *res, struct cd_error *err);

/* Matches the practitioners of site_id (<= 0: all) against the loaded
 * LEIE, setting practitioners.exclusion ("1128a1 2020-03-19" or NULL) and
 * exclusion_note (a sentence for show: the type in words and how it was
 * matched, or why several candidates decide nothing); and the clinics
 * against its organisation records (BUSNAME): a record at the ZIP of one
 * of the clinic's locations with its house number and its name (legal
 * forms aside, common/orgkey.h), not reinstated, sets clinics.exclusion
 * and exclusion_note. Inside the caller's transaction; nothing changes
 * when no LEIE is loaded. *excluded, *ambiguous and *clinics (each may be
 * NULL) receive the counts. */
int registry_exclusions_apply(struct index *idx, int64_t site_id, const char *today,
                              int64_t *excluded, int64_t *ambiguous, int64_t *clinics,
                              struct cd_error *err);

#endif
