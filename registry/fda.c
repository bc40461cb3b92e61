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
	struct csvr_table t;     /* first: the table is the reader */
	fda_row_fn fn;
	void *arg;
	long col[C_N];
	char cells[C_N][FDA_MAX_FIELD + 4];
};

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

static int
read_header(struct csvr_table *t, const struct csvr_row *row)
{
	struct reader *r = (struct reader *)t;
	int rc = 0, miss = 0;

	if ((rc = csvr_table_compressed(t, row, "fda", NULL)) != 0)
		return rc;
	if ((miss = csvr_header_map(row, col_names, C_N, r->col)) >= 0)
		return cd_error_set(t->err, CD_EPARSE, "%s: not an FDA 510(k) or De Novo file: no "
		                    "column \"%s\" in its header", t->name, col_names[miss]);
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
on_row(struct csvr_table *t, const struct csvr_row *row)
{
	struct reader *r = (struct reader *)t;
	struct fda_row p;
	char *date = NULL;
	const char *num = NULL;
	size_t digits = 0;

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
		csvr_table_note(t, row->line, "\"%.20s\" is not a K or DEN number", num);
		return 0;
	}
	if (!us_date(date)) {
		csvr_table_note(t, row->line, "DECISIONDATE \"%.20s\" is not MM/DD/YYYY", date);
		return 0;
	}
	return r->fn(&p, r->arg);
}

/* Pipe-delimited and never quoted: a file cannot end inside quotes; the
 * files end with a blank line at times. */
static const struct csvr_table_format fda_format = {
	.what = "FDA ", .max_cell = FDA_MAX_CELL, .delim = '|', .unquoted = true,
	.skip_blank = true, .header = read_header, .row = on_row,
};

static struct reader *
reader_new(const char *name, fda_row_fn fn, void *arg, struct fda_report *rep,
           struct cd_error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);

	memset(rep, 0, sizeof *rep);
	r->t = (struct csvr_table){ .fmt = &fda_format, .name = name, .err = err };
	CSVR_TABLE_REPORT(&r->t, rep);
	r->fn = fn;
	r->arg = arg;
	return r;
}

int
fda_read(FILE *fp, const char *name, fda_row_fn fn, void *arg, struct fda_report *rep,
         struct cd_error *err)
{
	struct reader *r = reader_new(name, fn, arg, rep, err);
	int rc = csvr_table_read_file(&r->t, fp);

	free(r);
	return rc;
}

int
fda_read_mem(const char *data, size_t len, const char *name, fda_row_fn fn, void *arg,
             struct fda_report *rep, struct cd_error *err)
{
	struct reader *r = reader_new(name, fn, arg, rep, err);
	int rc = csvr_table_read_mem(&r->t, data, len);

	free(r);
	return rc;
}
