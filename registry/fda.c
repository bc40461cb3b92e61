/* fda.c: FDA's 510(k) and De Novo files, row by row (see fda.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/text.h"
#include "common/xalloc.h"
#include "registry/csv_read.h"
#include "registry/fda.h"

#define FDA_MAX_CELL 2048

bool
fda_decision_clears(const char *d)
{
	/* SE: substantially equivalent (SESE, SESD with drug, SESK kit, SESP
	 * postmarket, SESU with limitations, ...); DENG: De Novo granted */
	return strncmp(d, "SES", 3) == 0 || strcmp(d, "DENG") == 0;
}

enum col { C_NUMBER, C_APPLICANT, C_DECDATE, C_DECISION, C_PRODUCT, C_TYPE, C_DEVICE, C_N };

static const char *const col_names[C_N] = {
	"KNUMBER", "APPLICANT", "DECISIONDATE", "DECISION", "PRODUCTCODE", "TYPE", "DEVICENAME",
};

struct reader {
	const char *name;
	fda_row_fn fn;
	void *arg;
	struct fda_report *rep;
	struct cd_error *err;
	bool header;
	size_t n_cols;
	long col[C_N];
	char cells[C_N][FDA_MAX_FIELD + 4];
};

static void
note(struct reader *r, int64_t line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	r->rep->malformed++;
	if (r->rep->n_notes >= FDA_MAX_NOTES)
		return;
	n = snprintf(r->rep->notes[r->rep->n_notes], sizeof r->rep->notes[0], "line %lld: ",
	             (long long)line);
	va_start(ap, fmt);
	vsnprintf(r->rep->notes[r->rep->n_notes] + n, sizeof r->rep->notes[0] - (size_t)n, fmt, ap);
	va_end(ap);
	r->rep->n_notes++;
}

/* Latin-1 bytes as UTF-8 (each byte is its code point), at most cap-1
 * bytes and never half a character; returns out. */
static char *
latin1_to_utf8(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (o + 1 >= cap)
				break;
			out[o++] = (char)c;
		} else {
			if (o + 2 >= cap)
				break;
			out[o++] = (char)(0xC0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[o] = '\0';
	return out;
}

static char *
cell(struct reader *r, const struct csvr_row *row, int c)
{
	char *out = r->cells[c], *clean = NULL, *u = NULL, *p = NULL;
	long i = r->col[c];
	size_t n = 0;

	out[0] = '\0';
	if (i < 0 || (size_t)i >= row->n || (size_t)i >= CSVR_MAX_FIELDS || row->len[i] == 0)
		return out;
	u = xmalloc(2 * row->len[i] + 1);
	latin1_to_utf8(row->field[i], row->len[i], u, 2 * row->len[i] + 1);
	clean = text_clean_line(u, strlen(u), FDA_MAX_FIELD);
	for (p = clean; *p == ' '; p++)
		;
	n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	memcpy(out, p, n);
	out[n] = '\0';
	free(clean);
	free(u);
	return out;
}

static bool
header_is(const char *cell, size_t n, const char *want)
{
	size_t w = strlen(want);

	if (n >= 3 && memcmp(cell, "\xEF\xBB\xBF", 3) == 0) {
		cell += 3;
		n -= 3;
	}
	while (n > 0 && isspace((unsigned char)cell[n - 1]))
		n--;
	return n == w && strncasecmp(cell, want, w) == 0;
}

static int
read_header(struct reader *r, const struct csvr_row *row)
{
	size_t k = row->n < CSVR_MAX_FIELDS ? row->n : CSVR_MAX_FIELDS;
	const char *undo = NULL, *format = NULL;

	if (k > 0 && (format = csvr_compression(row->field[0], row->len[0], &undo)) != NULL)
		return cd_error_set(r->err, CD_EPARSE,
		                    "%s is compressed (%s): %s %s | clinicdex registry import fda -",
		                    r->name, format, undo,
		                    strcmp(r->name, "standard input") == 0 ? "FILE" : r->name);
	r->n_cols = row->n;
	for (int c = 0; c < C_N; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < k; i++)
		for (int c = 0; c < C_N; c++)
			if (r->col[c] < 0 && header_is(row->field[i], row->len[i], col_names[c]))
				r->col[c] = (long)i;
	for (int c = 0; c < C_N; c++)
		if (r->col[c] < 0)
			return cd_error_set(r->err, CD_EPARSE, "%s: not an FDA 510(k) or De Novo file: no "
			                    "column \"%s\" in its header", r->name, col_names[c]);
	r->header = true;
	return 0;
}

/* "MM/DD/YYYY" into YYYY-MM-DD in place; false for anything else. */
static bool
us_date(char *s)
{
	int m = 0, d = 0, y = 0;
	char tail = 0;

	if (sscanf(s, "%2d/%2d/%4d%c", &m, &d, &y, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31 || y < 1900 || y > 2200)
		return false;
	snprintf(s, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}

static int
on_row(const struct csvr_row *row, void *arg)
{
	struct reader *r = arg;
	struct fda_row p;
	char *date = NULL;
	const char *num = NULL;
	size_t digits = 0;

	if (!r->header)
		return read_header(r, row);
	if (row->n == 1 && row->len[0] == 0)
		return 0;   /* a blank line (the files end with one at times) */
	r->rep->rows++;
	if (row->n != r->n_cols) {
		if (row->unended && row->n < r->n_cols)
			return cd_error_set(r->err, CD_EPARSE, "%s: line %lld: the file ends in the middle "
			                    "of a row (%zu of %zu fields): cut short?", r->name,
			                    (long long)row->line, row->n, r->n_cols);
		note(r, row->line, "%zu fields, the header has %zu", row->n, r->n_cols);
		return 0;
	}
	memset(&p, 0, sizeof p);
	p.line = row->line;
	p.number = num = cell(r, row, C_NUMBER);
	p.applicant = cell(r, row, C_APPLICANT);
	p.decision_date = date = cell(r, row, C_DECDATE);
	p.decision = cell(r, row, C_DECISION);
	p.product_code = cell(r, row, C_PRODUCT);
	p.type = cell(r, row, C_TYPE);
	p.device_name = cell(r, row, C_DEVICE);
	digits = strncmp(num, "DEN", 3) == 0 ? 3 : num[0] == 'K' ? 1 : 0;
	if (digits == 0 || strlen(num) != digits + 6 || strspn(num + digits, "0123456789") != 6) {
		note(r, row->line, "\"%.20s\" is not a K or DEN number", num);
		return 0;
	}
	if (!us_date(date)) {
		note(r, row->line, "DECISIONDATE \"%.20s\" is not MM/DD/YYYY", date);
		return 0;
	}
	return r->fn(&p, r->arg);
}

static int
finish(struct reader *r, const struct csvr_result *res, int rc)
{
	(void)res;   /* no quoting: a file cannot end inside quotes */
	if (rc == 0 && !r->header)
		return cd_error_set(r->err, CD_EPARSE, "%s: empty: no FDA header", r->name);
	return rc;
}

int
fda_read(FILE *fp, const char *name, fda_row_fn fn, void *arg, struct fda_report *rep,
         struct cd_error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);
	struct csvr_result res;
	int rc = 0;

	memset(rep, 0, sizeof *rep);
	*r = (struct reader){ .name = name, .fn = fn, .arg = arg, .rep = rep, .err = err };
	rc = csvr_read_file_delim(fp, name, FDA_MAX_CELL, '|', false, on_row, r, &res, err);
	rc = finish(r, &res, rc);
	free(r);
	return rc;
}

int
fda_read_mem(const char *data, size_t len, const char *name, fda_row_fn fn, void *arg,
             struct fda_report *rep, struct cd_error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);
	struct csvr_result res;
	int rc = 0;

	memset(rep, 0, sizeof *rep);
	*r = (struct reader){ .name = name, .fn = fn, .arg = arg, .rep = rep, .err = err };
	rc = csvr_read_mem_delim(data, len, FDA_MAX_CELL, '|', false, on_row, r, &res, err);
	rc = finish(r, &res, rc);
	free(r);
	return rc;
}
