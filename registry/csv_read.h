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

/* The same with another delimiter (FDA's files: '|'), quoting off when
 * quoted is false (their fields are never quoted and may hold a "). */
int csvr_read_file_delim(FILE *fp, const char *name, size_t max_field, unsigned char delim,
                         bool quoted, csvr_row_fn fn, void *arg, struct csvr_result *res,
                         struct cd_error *err);
int csvr_read_mem_delim(const char *data, size_t len, size_t max_field, unsigned char delim,
                        bool quoted, csvr_row_fn fn, void *arg, struct csvr_result *res,
                        struct cd_error *err);

/* The compression format whose magic bytes begin s[0..n) (the first field
 * of a file), or NULL: "gzip", "zip", "bzip2", "xz" or "zstd". *undo (may
 * be NULL) receives the command that decompresses such a file to stdout,
 * e.g. "gzip -dc". A compressed file read as CSV would otherwise be
 * reported as a header without the expected columns. */
const char *csvr_compression(const char *s, size_t n, const char **undo);

/* ---- a registry file: a header found by name, then data rows ----
 * What the NPPES, licence, LEIE and FDA readers share: the header row
 * handed to the format first (an empty file is an error), each data row
 * counted, one of another field count than the header noted as
 * malformed by its line, or, short and without a line end, an error (the
 * file was cut short), as is a file ending inside quotes. */

#define CSVR_NOTE_MAX 160     /* bytes of a note on a malformed row */

struct csvr_table;
struct csvr_table_format {
	const char *what;         /* "LEIE " in "NAME: empty: no LEIE header" */
	size_t max_cell;          /* bytes read of a cell */
	unsigned char delim;      /* 0: ',' */
	bool unquoted;            /* quotes are data (FDA) */
	bool skip_blank;          /* a blank line is no row */
	/* The header: maps the columns, or CD_EPARSE saying why the file is
	 * not this format. */
	int (*header)(struct csvr_table *t, const struct csvr_row *row);
	/* A data row with the header's field count: hands it on, or notes
	 * why it is malformed (csvr_table_note) and returns 0. */
	int (*row)(struct csvr_table *t, const struct csvr_row *row);
	/* Called every 65,536 rows and at the end, or NULL. */
	void (*progress)(struct csvr_table *t);
};

/* The format's reader embeds it first; it points at its report. */
struct csvr_table {
	const struct csvr_table_format *fmt;
	const char *name;         /* for messages */
	struct cd_error *err;
	int64_t *rows, *malformed;
	int64_t *bytes;           /* or NULL */
	char (*notes)[CSVR_NOTE_MAX];
	int *n_notes, max_notes;
	bool header;              /* read */
	size_t n_cols;            /* of the header */
};

/* Points t at a report with fields rows, malformed, notes and n_notes. */
#define CSVR_TABLE_REPORT(t, rep)                                                   \
	((t)->rows = &(rep)->rows, (t)->malformed = &(rep)->malformed,             \
	 (t)->notes = (rep)->notes, (t)->n_notes = &(rep)->n_notes,                \
	 (t)->max_notes = (int)(sizeof (rep)->notes / sizeof (rep)->notes[0]))

/* Reads the whole file (or memory) through t's format: 0, what a callback
 * returned, CD_EPARSE for an empty or cut-short file, CD_EIO. */
int csvr_table_read_file(struct csvr_table *t, FILE *fp);
int csvr_table_read_mem(struct csvr_table *t, const char *data, size_t len);

/* Counts a malformed row and, while there is room, notes why:
 * "line 12: " and the words of fmt. */
void csvr_table_note(struct csvr_table *t, int64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Is the header cell what want names (case aside, a UTF-8 BOM and
 * spaces around it dropped)? */
bool csvr_header_is(const char *cell, const char *want);

/* Maps names[0..n) to their first column in the header row (col[c], -1
 * when absent); returns the first name missing, or -1 when none is. */
int csvr_header_map(const struct csvr_row *row, const char *const *names, int n, long *col);

/* CD_EPARSE when the header row is a compressed file's first bytes,
 * saying how to pipe it in: "NAME is compressed (gzip): gzip -dc NAME |
 * clinicdex registry import COMMAND -" (zip_member after the name of a
 * zip file); else 0. */
int csvr_table_compressed(struct csvr_table *t, const struct csvr_row *row,
                          const char *command, const char *zip_member);

#endif
