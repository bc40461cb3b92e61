/* nppes.c: the NPPES NPI file, row by row (see nppes.h). The header is
 * read by name into a column map; each data row is checked (field count,
 * NPI, dates) and handed on as a struct nppes_row. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/text.h"
#include "common/xalloc.h"
#include "registry/csv_read.h"
#include "registry/nppes.h"

#define NPPES_MAX_CELL 4096    /* bytes read of one cell (a longer one is cut) */

enum col {
	C_NPI, C_ENTITY, C_LAST, C_FIRST, C_MIDDLE, C_CRED, C_ORG, C_STREET, C_CITY, C_STATE,
	C_ZIP, C_DEACT, C_REACT, C_N
};

static const char *const col_names[C_N] = {
	"NPI", "Entity Type Code", "Provider Last Name (Legal Name)", "Provider First Name",
	"Provider Middle Name", "Provider Credential Text",
	"Provider Organization Name (Legal Business Name)",
	"Provider First Line Business Practice Location Address",
	"Provider Business Practice Location Address City Name",
	"Provider Business Practice Location Address State Name",
	"Provider Business Practice Location Address Postal Code",
	"NPI Deactivation Date", "NPI Reactivation Date",
};

struct reader {
	const char *name;
	nppes_keep_fn keep;
	nppes_row_fn fn;
	nppes_progress_fn progress;
	void *arg;
	struct nppes_report *rep;
	struct cd_error *err;
	bool header;             /* read */
	size_t n_cols;           /* of the header */
	long col[C_N];
	long tax[NPPES_MAX_TAXONOMIES], lic[NPPES_MAX_TAXONOMIES],
	     lic_state[NPPES_MAX_TAXONOMIES], prim[NPPES_MAX_TAXONOMIES];
	/* the cleaned cells of the row handed on */
	char cells[C_N + 4 * NPPES_MAX_TAXONOMIES][NPPES_MAX_FIELD + 4];
	size_t n_cells;
};

static void
note(struct reader *r, int64_t line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	r->rep->malformed++;
	if (r->rep->n_notes >= NPPES_MAX_NOTES)
		return;
	n = snprintf(r->rep->notes[r->rep->n_notes], sizeof r->rep->notes[0], "line %lld: ",
	             (long long)line);
	va_start(ap, fmt);
	vsnprintf(r->rep->notes[r->rep->n_notes] + n, sizeof r->rep->notes[0] - (size_t)n, fmt, ap);
	va_end(ap);
	r->rep->n_notes++;
}

/* A header cell: trimmed, a UTF-8 BOM dropped from the first. */
static bool
header_is(const char *cell, const char *want)
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

static int
read_header(struct reader *r, const struct csvr_row *row)
{
	char want[96];
	size_t k = row->n < CSVR_MAX_FIELDS ? row->n : CSVR_MAX_FIELDS;
	const char *undo = NULL, *format = NULL;

	/* CMS ships the file zipped with others beside it: say how to pipe
	 * in the one that matters rather than "no column NPI" */
	if (k > 0 && (format = csvr_compression(row->field[0], row->len[0], &undo)) != NULL) {
		bool zip = strcmp(format, "zip") == 0;

		return cd_error_set(r->err, CD_EPARSE,
		                    "%s is compressed (%s): %s %s%s | clinicdex registry import nppes -",
		                    r->name, format, undo, strcmp(r->name, "standard input") == 0
		                    ? "FILE" : r->name, zip ? " 'npidata_pfile_*[0-9].csv'" : "");
	}
	r->n_cols = row->n;
	for (int c = 0; c < C_N; c++)
		r->col[c] = -1;
	for (int t = 0; t < NPPES_MAX_TAXONOMIES; t++)
		r->tax[t] = r->lic[t] = r->lic_state[t] = r->prim[t] = -1;
	for (size_t i = 0; i < k; i++) {
		for (int c = 0; c < C_N; c++)
			if (r->col[c] < 0 && header_is(row->field[i], col_names[c]))
				r->col[c] = (long)i;
		for (int t = 0; t < NPPES_MAX_TAXONOMIES; t++) {
			snprintf(want, sizeof want, "Healthcare Provider Taxonomy Code_%d", t + 1);
			if (header_is(row->field[i], want))
				r->tax[t] = (long)i;
			snprintf(want, sizeof want, "Provider License Number_%d", t + 1);
			if (header_is(row->field[i], want))
				r->lic[t] = (long)i;
			snprintf(want, sizeof want, "Provider License Number State Code_%d", t + 1);
			if (header_is(row->field[i], want))
				r->lic_state[t] = (long)i;
			snprintf(want, sizeof want, "Healthcare Provider Primary Taxonomy Switch_%d", t + 1);
			if (header_is(row->field[i], want))
				r->prim[t] = (long)i;
		}
	}
	for (int c = 0; c < C_N; c++)
		if (r->col[c] < 0)
			return cd_error_set(r->err, CD_EPARSE,
			                    "%s: not an NPPES NPI file: no column \"%s\" in its header",
			                    r->name, col_names[c]);
	if (r->tax[0] < 0)
		return cd_error_set(r->err, CD_EPARSE,
		                    "%s: not an NPPES NPI file: no column \"Healthcare Provider Taxonomy "
		                    "Code_1\" in its header", r->name);
	r->header = true;
	return 0;
}

/* Cell i of row, cleaned into the next slot (one line of UTF-8 without
 * controls, at most NPPES_MAX_FIELD bytes); "" when absent. */
static const char *
cell(struct reader *r, const struct csvr_row *row, long i)
{
	char *out = r->cells[r->n_cells++];
	char *c = NULL;

	out[0] = '\0';
	if (i < 0 || (size_t)i >= row->n || (size_t)i >= CSVR_MAX_FIELDS || row->len[i] == 0)
		return out;
	c = text_clean_line(row->field[i], row->len[i], NPPES_MAX_FIELD);
	strcpy(out, c);
	free(c);
	return out;
}

/* "MM/DD/YYYY" (or "YYYY-MM-DD") into YYYY-MM-DD in place; false when it
 * is neither (an empty date is fine). */
static bool
iso_date(char *s)
{
	int m = 0, d = 0, y = 0;
	char tail = 0;

	if (s[0] == '\0')
		return true;
	if (sscanf(s, "%2d/%2d/%4d%c", &m, &d, &y, &tail) == 3 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
		if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200)
			return false;
		snprintf(s, 11, "%04d-%02d-%02d", y, m, d);
		return true;
	}
	return false;
}

static int
on_row(const struct csvr_row *row, void *arg)
{
	struct reader *r = arg;
	struct nppes_row p;
	char *deact = NULL, *react = NULL;
	const char *entity = NULL;

	if (!r->header)
		return read_header(r, row);
	r->rep->rows++;
	r->rep->bytes = row->bytes;
	if ((r->rep->rows & 0xFFFF) == 0 && r->progress != NULL)
		r->progress(r->rep, r->arg);
	if (row->n != r->n_cols) {
		/* the last row, short and without a line end: the file was cut
		 * (a broken download), and what it holds is not the registry */
		if (row->unended && row->n < r->n_cols)
			return cd_error_set(r->err, CD_EPARSE, "%s: line %lld: the file ends in the middle "
			                    "of a row (%zu of %zu fields): cut short?", r->name,
			                    (long long)row->line, row->n, r->n_cols);
		note(r, row->line, "%zu fields, the header has %zu", row->n, r->n_cols);
		return 0;
	}
	if (r->keep != NULL) {
		/* the codes as written (ASCII, short): enough to decide */
		const char *codes[NPPES_MAX_TAXONOMIES];
		int n = 0;

		for (int t = 0; t < NPPES_MAX_TAXONOMIES; t++)
			if (r->tax[t] >= 0 && (size_t)r->tax[t] < row->n && row->len[r->tax[t]] > 0)
				codes[n++] = row->field[r->tax[t]];
		if (!r->keep(codes, n, r->arg)) {
			r->rep->skipped++;
			return 0;
		}
	}
	memset(&p, 0, sizeof p);
	r->n_cells = 0;
	p.line = row->line;
	p.npi = cell(r, row, r->col[C_NPI]);
	if (strlen(p.npi) != 10 || strspn(p.npi, "0123456789") != 10) {
		note(r, row->line, "NPI \"%.20s\" is not ten digits", p.npi);
		return 0;
	}
	entity = cell(r, row, r->col[C_ENTITY]);
	p.entity = strcmp(entity, "1") == 0 ? 1 : strcmp(entity, "2") == 0 ? 2 : 0;
	if (entity[0] != '\0' && p.entity == 0) {
		note(r, row->line, "entity type \"%.10s\" is neither 1 nor 2", entity);
		return 0;
	}
	p.last = cell(r, row, r->col[C_LAST]);
	p.first = cell(r, row, r->col[C_FIRST]);
	p.middle = cell(r, row, r->col[C_MIDDLE]);
	p.credential = cell(r, row, r->col[C_CRED]);
	p.org = cell(r, row, r->col[C_ORG]);
	p.street = cell(r, row, r->col[C_STREET]);
	p.city = cell(r, row, r->col[C_CITY]);
	p.state = cell(r, row, r->col[C_STATE]);
	p.zip = cell(r, row, r->col[C_ZIP]);
	p.deactivated = deact = (char *)cell(r, row, r->col[C_DEACT]);
	p.reactivated = react = (char *)cell(r, row, r->col[C_REACT]);
	if (!iso_date(deact) || !iso_date(react)) {
		note(r, row->line, "a date is not MM/DD/YYYY");
		return 0;
	}
	for (int t = 0; t < NPPES_MAX_TAXONOMIES; t++) {
		const char *code = cell(r, row, r->tax[t]);

		if (code[0] == '\0') {
			r->n_cells--;
			continue;
		}
		p.tax[p.n_tax].code = code;
		p.tax[p.n_tax].license = cell(r, row, r->lic[t]);
		p.tax[p.n_tax].license_state = cell(r, row, r->lic_state[t]);
		{
			const char *sw = cell(r, row, r->prim[t]);
			p.tax[p.n_tax].primary = sw[0] == 'Y' || sw[0] == 'y';
		}
		p.n_tax++;
	}
	return r->fn(&p, r->arg);
}

static int
finish(struct reader *r, const struct csvr_result *res, int rc)
{
	r->rep->bytes = res->bytes;
	if (rc == 0 && !r->header)
		return cd_error_set(r->err, CD_EPARSE, "%s: empty: no NPPES header", r->name);
	if (rc == 0 && res->unterminated)
		rc = cd_error_set(r->err, CD_EPARSE, "%s: line %lld: the file ends inside a quoted "
		                  "field: cut short?", r->name, (long long)res->unterminated_line);
	if (r->progress != NULL)
		r->progress(r->rep, r->arg);
	return rc;
}

int
nppes_read(FILE *fp, const char *name, nppes_keep_fn keep, nppes_row_fn fn,
           nppes_progress_fn progress, void *arg, struct nppes_report *rep, struct cd_error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);
	struct csvr_result res;
	int rc = 0;

	memset(rep, 0, sizeof *rep);
	r->name = name;
	r->keep = keep;
	r->fn = fn;
	r->progress = progress;
	r->arg = arg;
	r->rep = rep;
	r->err = err;
	rc = csvr_read_file(fp, name, NPPES_MAX_CELL, on_row, r, &res, err);
	rc = finish(r, &res, rc);
	free(r);
	return rc;
}

int
nppes_read_mem(const char *data, size_t len, const char *name, nppes_keep_fn keep,
               nppes_row_fn fn, void *arg, struct nppes_report *rep, struct cd_error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);
	struct csvr_result res;
	int rc = 0;

	memset(rep, 0, sizeof *rep);
	r->name = name;
	r->keep = keep;
	r->fn = fn;
	r->arg = arg;
	r->rep = rep;
	r->err = err;
	rc = csvr_read_mem(data, len, NPPES_MAX_CELL, on_row, r, &res, err);
	rc = finish(r, &res, rc);
	free(r);
	return rc;
}
