/* fda.h: FDA's releasable device-decision files, the 510(k) file
 * (pmn*.txt: K numbers) and the De Novo file (DEN numbers): pipe-delimited,
 * never quoted, latin-1, CRLF, a header
 * KNUMBER|APPLICANT|CONTACT|...|DECISIONDATE|DECISION|...|PRODUCTCODE|...|DEVICENAME
 * (columns found by name), dates MM/DD/YYYY. Streamed one row at a time;
 * malformed rows are counted and described by line number. The devices
 * clinics name, and how FDA's records of each read, are verify.devices of
 * rules.json (registry/verify_rules.h). */
#ifndef CD_FDA_H
#define CD_FDA_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"

#define FDA_MAX_FIELD 300    /* bytes kept of a field (UTF-8) */
#define FDA_MAX_NOTES 10

/* One decision. Strings are UTF-8 (converted from latin-1) without
 * control characters, at most FDA_MAX_FIELD bytes, "" when empty.
 * decision_date is YYYY-MM-DD, never "". */
struct fda_row {
	int64_t line;
	const char *number;          /* K123456 or DEN123456 */
	const char *applicant, *decision_date, *decision, *product_code, *type, *device_name;
};

struct fda_report {
	int64_t rows, malformed;
	char notes[FDA_MAX_NOTES][160];
	int n_notes;
};

typedef int (*fda_row_fn)(const struct fda_row *row, void *arg);

/* Reads fp (name for messages) to its end. CD_EPARSE when the header is
 * not FDA's (the missing column named), the file is compressed or cut
 * short (a last row without its line end and fields); CD_EIO on a read
 * error. */
int fda_read(FILE *fp, const char *name, fda_row_fn fn, void *arg, struct fda_report *rep,
             struct cd_error *err);
int fda_read_mem(const char *data, size_t len, const char *name, fda_row_fn fn, void *arg,
                 struct fda_report *rep, struct cd_error *err);

/* A decision code that clears (510(k): SESE, SESK, SESD, ...) or grants
 * (De Novo: DENG) a device. */
bool fda_decision_clears(const char *decision);

#endif
