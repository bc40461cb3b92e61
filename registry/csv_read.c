/* csv_read.c: libcsv fed one physical line at a time, so each row knows
 * the line it starts on (see csv_read.h). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <csv.h>
#include "common/xalloc.h"
#include "registry/csv_read.h"

struct reader {
	struct csv_parser p;
	size_t max_field;
	csvr_row_fn fn;
	void *arg;
	int rc;                  /* what fn returned, once non-zero */
	/* the row being assembled: fields back to back, NUL after each */
	char *data;
	size_t used, cap;
	size_t off[CSVR_MAX_FIELDS];
	size_t len[CSVR_MAX_FIELDS];
	const char *field[CSVR_MAX_FIELDS];
	size_t n;
	bool cut;
	int64_t line;            /* lines fed so far */
	int64_t row_start;       /* the line the current row began on */
	int64_t bytes;           /* fed so far */
	bool at_end;             /* csv_fini is passing on an unended last row */
};

static void *
csvr_realloc(void *p, size_t n)
{
	return xrealloc(p, n);
}

static void
on_field(void *s, size_t n, void *arg)
{
	struct reader *r = arg;

	if (r->rc != 0)
		return;
	if (r->n < CSVR_MAX_FIELDS) {
		if (n > r->max_field) {
			n = r->max_field;
			r->cut = true;
		}
		if (r->used + n + 1 > r->cap) {
			r->cap = (r->used + n + 1) * 2;
			r->data = xrealloc(r->data, r->cap);
		}
		if (n > 0)
			memcpy(r->data + r->used, s, n);
		r->data[r->used + n] = '\0';
		r->off[r->n] = r->used;
		r->len[r->n] = n;
		r->used += n + 1;
	}
	r->n++;
}

static void
on_row(int c, void *arg)
{
	struct reader *r = arg;
	struct csvr_row row;
	size_t k = r->n < CSVR_MAX_FIELDS ? r->n : CSVR_MAX_FIELDS;

	(void)c;
	if (r->rc == 0) {
		for (size_t i = 0; i < k; i++)
			r->field[i] = r->data + r->off[i];
		row.line = r->row_start;
		row.n = r->n;
		row.field = r->field;
		row.len = r->len;
		row.cut = r->cut;
		row.unended = r->at_end;
		row.bytes = r->bytes;
		r->rc = r->fn(&row, r->arg);
	}
	r->n = 0;
	r->used = 0;
	r->cut = false;
	/* rows end at a line end: the next one begins on the next line */
	r->row_start = r->line + 1;
}

static void
reader_init(struct reader *r, size_t max_field, csvr_row_fn fn, void *arg)
{
	memset(r, 0, sizeof *r);
	/* lenient quoting: a stray quote is kept as text (strict mode would
	 * stop the whole file at the first one) */
	csv_init(&r->p, 0);
	csv_set_realloc_func(&r->p, csvr_realloc);
	r->max_field = max_field;
	r->fn = fn;
	r->arg = arg;
	r->row_start = 1;
}

/* Feeds one physical line (with its terminator); a UTF-8 byte order mark
 * before the first field is dropped (it would sit outside the quotes). */
static void
feed(struct reader *r, const char *s, size_t n)
{
	r->bytes += (int64_t)n;
	if (r->line == 0 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	r->line++;
	csv_parse(&r->p, s, n, on_field, on_row, r);
}

/* libcsv's state inside an opened quoted field (FIELD_BEGUN with quoted
 * set: no closing quote seen yet). The struct is public; the state's
 * value is libcsv's since 3.0. */
#define CSVR_FIELD_BEGUN 2

static void
finish(struct reader *r, struct csvr_result *res)
{
	/* an input ending inside quotes was cut short: its last row is not
	 * passed on (it would carry a truncated field as if whole) */
	if (r->p.quoted && r->p.pstate == CSVR_FIELD_BEGUN) {
		res->unterminated = true;
		res->unterminated_line = r->row_start;
		r->rc = r->rc != 0 ? r->rc : -1;   /* on_row now passes nothing on */
		csv_fini(&r->p, on_field, on_row, r);
		r->rc = r->rc == -1 ? 0 : r->rc;
	} else {
		r->at_end = true;   /* a row csv_fini passes on had no line end */
		csv_fini(&r->p, on_field, on_row, r);
	}
	res->lines = r->line;
	csv_free(&r->p);
	free(r->data);
}

/* Another delimiter, and no quoting when quoted is false (libcsv then
 * takes NUL as the quote: text files hold none, and one in a hostile
 * file merely quotes). */
static void
reader_format(struct reader *r, unsigned char delim, bool quoted)
{
	csv_set_delim(&r->p, delim);
	if (!quoted)
		csv_set_quote(&r->p, '\0');
}

int
csvr_read_file(FILE *fp, const char *name, size_t max_field, csvr_row_fn fn, void *arg,
               struct csvr_result *res, struct cd_error *err)
{
	return csvr_read_file_delim(fp, name, max_field, ',', true, fn, arg, res, err);
}

int
csvr_read_file_delim(FILE *fp, const char *name, size_t max_field, unsigned char delim,
                     bool quoted, csvr_row_fn fn, void *arg, struct csvr_result *res,
                     struct cd_error *err)
{
	struct reader r;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = 0;
	int rc = 0;

	memset(res, 0, sizeof *res);
	reader_init(&r, max_field, fn, arg);
	reader_format(&r, delim, quoted);
	while (r.rc == 0 && (n = getline(&line, &cap, fp)) > 0) {
		res->bytes += n;
		feed(&r, line, (size_t)n);
	}
	if (r.rc == 0 && ferror(fp))
		rc = cd_error_set(err, CD_EIO, "cannot read %s: %s", name, strerror(errno));
	finish(&r, res);
	free(line);
	return rc != 0 ? rc : r.rc;
}

const char *
csvr_compression(const char *s, size_t n, const char **undo)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *name, *undo;
	} formats[] = {
		{ "\x1f\x8b", 2, "gzip", "gzip -dc" },
		{ "PK\x03\x04", 4, "zip", "unzip -p" },
		{ "BZh", 3, "bzip2", "bzip2 -dc" },
		{ "\xfd" "7zXZ", 5, "xz", "xz -dc" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd", "zstd -dc" },
	};

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (n >= formats[i].len && memcmp(s, formats[i].magic, formats[i].len) == 0) {
			if (undo != NULL)
				*undo = formats[i].undo;
			return formats[i].name;
		}
	return NULL;
}

int
csvr_read_mem(const char *data, size_t len, size_t max_field, csvr_row_fn fn, void *arg,
              struct csvr_result *res, struct cd_error *err)
{
	return csvr_read_mem_delim(data, len, max_field, ',', true, fn, arg, res, err);
}

int
csvr_read_mem_delim(const char *data, size_t len, size_t max_field, unsigned char delim,
                    bool quoted, csvr_row_fn fn, void *arg, struct csvr_result *res,
                    struct cd_error *err)
{
	struct reader r;
	size_t i = 0;

	(void)err;
	memset(res, 0, sizeof *res);
	reader_init(&r, max_field, fn, arg);
	reader_format(&r, delim, quoted);
	while (r.rc == 0 && i < len) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - (data + i)) + 1 : len - i;

		feed(&r, data + i, n);
		i += n;
	}
	res->bytes = (int64_t)i;
	finish(&r, res);
	return r.rc;
}

/* ---- a registry file ---- */

void
csvr_table_note(struct csvr_table *t, int64_t line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	(*t->malformed)++;
	if (*t->n_notes >= t->max_notes)
		return;
	n = snprintf(t->notes[*t->n_notes], CSVR_NOTE_MAX, "line %lld: ", (long long)line);
	va_start(ap, fmt);
	vsnprintf(t->notes[*t->n_notes] + n, CSVR_NOTE_MAX - (size_t)n, fmt, ap);
	va_end(ap);
	(*t->n_notes)++;
}

bool
csvr_header_is(const char *cell, const char *want)
{
	size_t n = strlen(cell), w = strlen(want);

	if (n >= 3 && memcmp(cell, "\xEF\xBB\xBF", 3) == 0) {
		cell += 3;
		n -= 3;
	}
	while (n > 0 && isspace((unsigned char)*cell)) {
		cell++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)cell[n - 1]))
		n--;
	return n == w && strncasecmp(cell, want, w) == 0;
}

int
csvr_header_map(const struct csvr_row *row, const char *const *names, int n, long *col)
{
	size_t k = row->n < CSVR_MAX_FIELDS ? row->n : CSVR_MAX_FIELDS;

	for (int c = 0; c < n; c++)
		col[c] = -1;
	for (size_t i = 0; i < k; i++)
		for (int c = 0; c < n; c++)
			if (col[c] < 0 && csvr_header_is(row->field[i], names[c]))
				col[c] = (long)i;
	for (int c = 0; c < n; c++)
		if (col[c] < 0)
			return c;
	return -1;
}

int
csvr_table_compressed(struct csvr_table *t, const struct csvr_row *row, const char *command,
                      const char *zip_member)
{
	const char *undo = NULL, *format = NULL;

	if (row->n == 0 || (format = csvr_compression(row->field[0], row->len[0], &undo)) == NULL)
		return 0;
	return cd_error_set(t->err, CD_EPARSE,
	                    "%s is compressed (%s): %s %s%s | clinicdex registry import %s -",
	                    t->name, format, undo, strcmp(t->name, "standard input") == 0 ? "FILE"
	                    : t->name, zip_member != NULL && strcmp(format, "zip") == 0
	                    ? zip_member : "", command);
}

static int
table_row(const struct csvr_row *row, void *arg)
{
	struct csvr_table *t = arg;
	int rc = 0;

	if (!t->header) {
		t->n_cols = row->n;
		if ((rc = t->fmt->header(t, row)) == 0)
			t->header = true;
		return rc;
	}
	if (t->fmt->skip_blank && row->n == 1 && row->len[0] == 0)
		return 0;
	(*t->rows)++;
	if (t->bytes != NULL)
		*t->bytes = row->bytes;
	if ((*t->rows & 0xFFFF) == 0 && t->fmt->progress != NULL)
		t->fmt->progress(t);
	if (row->n != t->n_cols) {
		/* the last row, short and without a line end: the file was cut
		 * (a broken download), and what it holds is not the registry */
		if (row->unended && row->n < t->n_cols)
			return cd_error_set(t->err, CD_EPARSE, "%s: line %lld: the file ends in the middle "
			                    "of a row (%zu of %zu fields): cut short?", t->name,
			                    (long long)row->line, row->n, t->n_cols);
		csvr_table_note(t, row->line, "%zu fields, the header has %zu", row->n, t->n_cols);
		return 0;
	}
	return t->fmt->row(t, row);
}

static int
table_finish(struct csvr_table *t, const struct csvr_result *res, int rc)
{
	if (t->bytes != NULL)
		*t->bytes = res->bytes;
	if (rc == 0 && !t->header)
		return cd_error_set(t->err, CD_EPARSE, "%s: empty: no %sheader", t->name,
		                    t->fmt->what);
	/* (an unquoted file cannot end inside quotes: its quotes are data) */
	if (rc == 0 && res->unterminated && !t->fmt->unquoted)
		rc = cd_error_set(t->err, CD_EPARSE, "%s: line %lld: the file ends inside a quoted "
		                  "field: cut short?", t->name, (long long)res->unterminated_line);
	if (t->fmt->progress != NULL)
		t->fmt->progress(t);
	return rc;
}

int
csvr_table_read_file(struct csvr_table *t, FILE *fp)
{
	const struct csvr_table_format *f = t->fmt;
	struct csvr_result res;

	return table_finish(t, &res, csvr_read_file_delim(fp, t->name, f->max_cell,
	                                                  f->delim ? f->delim : ',', !f->unquoted,
	                                                  table_row, t, &res, t->err));
}

int
csvr_table_read_mem(struct csvr_table *t, const char *data, size_t len)
{
	const struct csvr_table_format *f = t->fmt;
	struct csvr_result res;

	return table_finish(t, &res, csvr_read_mem_delim(data, len, f->max_cell,
	                                                 f->delim ? f->delim : ',', !f->unquoted,
	                                                 table_row, t, &res, t->err));
}
