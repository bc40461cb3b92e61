/* devices.h: FDA device decisions in the directory, and the clinic claims
 * "FDA-cleared/approved <device>" (code fda-cleared-device) checked
 * against them. */
#ifndef CD_DEVICES_H
#define CD_DEVICES_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "common/claim_status.h"
#include "common/error.h"
#include "index/index.h"
#include "registry/fda.h"
#include "registry/verify_rules.h"

struct registry_fda_result {
	struct fda_report read;
	int64_t kept;
};

/* Imports an FDA 510(k) or De Novo file (fp, named name), replacing the
 * decisions loaded before from a file of the same kind (510(k): K numbers,
 * De Novo: DEN numbers), in one transaction at the end of batched writes.
 * CD_EPARSE for a foreign, cut-short or empty file (nothing replaced). */
int index_fda_import(struct index *idx, FILE *fp, const char *name,
                     struct registry_fda_result *res, struct cd_error *err);

/* Is an FDA file loaded? */
int registry_fda_loaded(struct index *idx, bool *loaded, struct cd_error *err);

/* The verdict on an fda-cleared-device claim whose sentence is evidence,
 * the devices it may name those of rules (verify.devices):
 * consistent when FDA cleared or granted the device it names (the reason
 * the number, decision date, product code, applicant and the device),
 * conflict when the sentence says "approved" of such a device, unmatched
 * when FDA has no clearance of the brand, unchecked when the sentence
 * names no device. The reason (at most n bytes) goes to reason. */
int registry_fda_judge(struct index *idx, const struct verify_rules *rules, const char *evidence,
                       enum claim_status *status, char *reason, size_t n, struct cd_error *err);

#endif
