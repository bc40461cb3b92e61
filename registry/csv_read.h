/* csv_read.h: reading RFC 4180 CSV files row by row with libcsv (quoted
 * fields, doubled quotes, line breaks inside quotes, CRLF or LF), for the
 * registry importers. Memory stays bounded whatever the file: a row's
 * fields live in one reused buffer, each field cut at a cap. */
#ifndef CD_CSV_READ_H
#define CD_CSV_READ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "common/error.h"

#define CSVR_MAX_FIELDS 1024   /* fields kept of a row; more are counted */

struct csvr_row {
	int64_t line;          /* the line the row starts on (1-based) */
	size_t n;              /* fields in the row, counting any beyond the cap */
	const char *const *field;   /* field[i], NUL-terminated, for i < min(n, CSVR_MAX_FIELDS) */
	const size_t *len;
	bool cut;              /* a field was longer than the cap and was cut */
	bool unended;          /* the input ended in this row, without a line end:
	                        * with too few fields, a file cut short */
	int64_t bytes;         /* of the input read so far, for progress */
};

/* Called for each row, the header first; non-zero stops the read and is
 * returned. */
typedef int (*csvr_row_fn)(const struct csvr_row *row, void *arg);

struct csvr_result {
	int64_t bytes;         /* read */
	int64_t lines;
	bool unterminated;     /* the input ended inside a quoted field: the
	                        * last row is incomplete and was not passed on */
	int64_t unterminated_line;
};

/* Reads fp to its end (or until fn returns non-zero), each field cut at
 * max_field bytes. CD_EIO on a read error (err says which), CD_ENOMEM
 * never (allocation aborts), else what fn returned or 0. */
int csvr_read_file(FILE *fp, const char *name, size_t max_field, csvr_row_fn fn, void *arg,
                   struct csvr_result *res, struct cd_error *err);
int csvr_read_mem(const char *data, size_t len, size_t max_field, csvr_row_fn fn, void *arg,
                  struct csvr_result *res, struct cd_error *err);

/* The compression format whose magic bytes begin s[0..n) (the first field
 * of a file), or NULL: "gzip", "zip", "bzip2", "xz" or "zstd". *undo (may
 * be NULL) receives the command that decompresses such a file to stdout,
 * e.g. "gzip -dc". A compressed file read as CSV would otherwise be
 * reported as a header without the expected columns. */
const char *csvr_compression(const char *s, size_t n, const char **undo);

#endif
