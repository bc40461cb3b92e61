/* export.h: the directory as data files, columns as SPEC says.
 * Writers take a FILE*; they never open stdout themselves. */
#ifndef CD_EXPORT_H
#define CD_EXPORT_H
#include <stdio.h>
#include "common/error.h"
#include "index/query.h"

enum export_what { EXPORT_CLINICS, EXPORT_PRACTITIONERS, EXPORT_CLAIMS };
enum export_format { EXPORT_CSV, EXPORT_JSONL };

/* Column names, in SPEC order, NULL-terminated. */
extern const char *const export_clinic_columns[];
extern const char *const export_practitioner_columns[];
extern const char *const export_claim_columns[];

/* Writes the header (CSV) and every row matching f to out. Returns 0, or
 * CD_EIO when a write fails (checked with ferror), or a query error. */
int export_write(struct index *idx, enum export_what what, enum export_format fmt,
                 const struct search_filter *f, FILE *out, struct cd_error *err);

/* One clinic row as CSV or JSONL, for search output (no header). */
int export_clinic_row(const struct clinic_row *r, enum export_format fmt, FILE *out);
int export_csv_header(const char *const *cols, FILE *out);

#endif
