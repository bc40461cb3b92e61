/* nppes.h: reading the NPPES NPI dissemination file (npidata_pfile_*.csv)
 * as CMS publishes it: 330 double-quoted columns found by header name
 * (positions changed between releases), about 8 million rows, streamed
 * through libcsv one row at a time. Malformed rows are counted and
 * described by line number, never fatal; a file cut short (ending inside
 * a quoted field, or in a short last row without a line end) is. */
#ifndef CD_NPPES_H
#define CD_NPPES_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"

#define NPPES_MAX_TAXONOMIES 15
#define NPPES_MAX_FIELD 300     /* bytes kept of a field; longer ones are cut */
#define NPPES_MAX_NOTES 10      /* malformed rows described in a report */

/* One provider, as the file has it. Strings are valid UTF-8 without
 * control characters, at most NPPES_MAX_FIELD bytes, "" when empty; they
 * live until the callback returns. Dates are YYYY-MM-DD or "". */
struct nppes_row {
	int64_t line;             /* where the row starts in the file */
	const char *npi;          /* ten digits */
	int entity;               /* 1 individual, 2 organisation, 0 blank */
	const char *last, *first, *middle, *credential, *org;
	const char *street, *city, *state, *zip;   /* practice location */
	const char *deactivated, *reactivated;
	struct nppes_taxonomy {
		const char *code;     /* "207N00000X" */
		const char *license, *license_state;
		bool primary;         /* switch "Y" */
	} tax[NPPES_MAX_TAXONOMIES];
	int n_tax;
};

struct nppes_report {
	int64_t rows;             /* data rows read (header excluded) */
	int64_t skipped;          /* rows the keep function passed over */
	int64_t malformed;        /* rows skipped, each for a reason */
	int64_t bytes;            /* of the file read so far (progress shows it
	                           * against the file's size) */
	char notes[NPPES_MAX_NOTES][160];   /* "line 12: 329 fields, expected 330" */
	int n_notes;
};

/* Called for each good row; a non-zero return stops the read and is
 * returned by nppes_read. */
typedef int (*nppes_row_fn)(const struct nppes_row *row, void *arg);
/* Asked first, with a row's taxonomy codes as written (n of them): false
 * skips the row before the rest of it is read. NULL keeps every row. */
typedef bool (*nppes_keep_fn)(const char *const *codes, int n, void *arg);
/* Called every 65,536 rows and at the end, for progress. */
typedef void (*nppes_progress_fn)(const struct nppes_report *rep, void *arg);

/* Reads fp (name for messages) to its end. CD_EPARSE when the header is
 * not an NPPES header (it names the first missing column, or says the
 * file is compressed) or the file is cut short (it names the line),
 * CD_EIO on a read error; 0 otherwise, the report counting rows and
 * malformed rows. */
int nppes_read(FILE *fp, const char *name, nppes_keep_fn keep, nppes_row_fn fn,
               nppes_progress_fn progress, void *arg, struct nppes_report *rep,
               struct cd_error *err);

/* The same from memory (tests, fuzzing). */
int nppes_read_mem(const char *data, size_t len, const char *name, nppes_keep_fn keep,
                   nppes_row_fn fn, void *arg, struct nppes_report *rep, struct cd_error *err);

#endif
