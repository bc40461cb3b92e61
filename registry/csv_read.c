/* csv_read.c: libcsv fed one physical line at a time, so each row knows
 * the line it starts on (see csv_read.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

int
csvr_read_file(FILE *fp, const char *name, size_t max_field, csvr_row_fn fn, void *arg,
               struct csvr_result *res, struct cd_error *err)
{
	struct reader r;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = 0;
	int rc = 0;

	memset(res, 0, sizeof *res);
	reader_init(&r, max_field, fn, arg);
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
	struct reader r;
	size_t i = 0;

	(void)err;
	memset(res, 0, sizeof *res);
	reader_init(&r, max_field, fn, arg);
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
