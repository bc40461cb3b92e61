/* leie.h: reading the HHS-OIG List of Excluded Individuals/Entities as OIG
 * publishes it (UPDATED.csv, about 80,000 rows, and the monthly
 * supplements YYMMexcl.csv / YYMMrein.csv in the same format): 18
 * double-quoted columns found by header name, CRLF, dates YYYYMMDD with
 * 00000000 for none, NPI 0000000000 when unknown. Streamed through the
 * CSV layer one row at a time; malformed rows are counted and described
 * by line number, a file cut short is an error naming the line. */
#ifndef CD_LEIE_H
#define CD_LEIE_H
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"

#define LEIE_MAX_FIELD 200   /* bytes kept of a field */
#define LEIE_MAX_NOTES 10    /* malformed rows described in a report */

/* One record. Strings are valid UTF-8 without control characters, at
 * most LEIE_MAX_FIELD bytes, "" when empty; they live until the callback
 * returns. npi is ten digits or "" (OIG's 0000000000); dates are
 * YYYY-MM-DD or "" (OIG's 00000000). excltype and excldate are never "". */
struct leie_row {
	int64_t line;
	const char *last, *first, *middle, *business, *general, *specialty;
	const char *npi, *address, *city, *state, *zip;
	const char *excltype, *excldate, *reindate, *waiverdate, *waiverstate;
};

struct leie_report {
	int64_t rows;             /* data rows read (header excluded) */
	int64_t malformed;        /* rows skipped, each for a reason */
	char notes[LEIE_MAX_NOTES][160];
	int n_notes;
};

/* Called for each good row; non-zero stops the read and is returned. */
typedef int (*leie_row_fn)(const struct leie_row *row, void *arg);

/* Reads fp (name for messages) to its end. CD_EPARSE when the header
 * lacks one of the 18 columns (named), the file is compressed or cut
 * short (the line named), CD_EIO on a read error. */
int leie_read(FILE *fp, const char *name, leie_row_fn fn, void *arg, struct leie_report *rep,
              struct cd_error *err);
int leie_read_mem(const char *data, size_t len, const char *name, leie_row_fn fn, void *arg,
                  struct leie_report *rep, struct cd_error *err);

/* The statute of an exclusion type in words ("1128a1" -> "conviction of
 * program-related crimes"), or NULL for a type not known here. */
const char *leie_type_words(const char *excltype);

#endif
