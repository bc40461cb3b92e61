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
	struct csvr_table t;     /* first: the table is the reader */
	nppes_keep_fn keep;
	nppes_row_fn fn;
	nppes_progress_fn progress;
	void *arg;
	struct nppes_report *rep;
	long col[C_N];
	long tax[NPPES_MAX_TAXONOMIES], lic[NPPES_MAX_TAXONOMIES],
	     lic_state[NPPES_MAX_TAXONOMIES], prim[NPPES_MAX_TAXONOMIES];
	/* the cleaned cells of the row handed on */
	char cells[C_N + 4 * NPPES_MAX_TAXONOMIES][NPPES_MAX_FIELD + 4];
	size_t n_cells;
};

static int
read_header(struct csvr_table *t, const struct csvr_row *row)
{
	static const char *const tax_cols[] = {
		"Healthcare Provider Taxonomy Code_", "Provider License Number_",
		"Provider License Number State Code_", "Healthcare Provider Primary Taxonomy Switch_",
	};
	struct reader *r = (struct reader *)t;
	long *numbered[] = { r->tax, r->lic, r->lic_state, r->prim };
	char want[96];
	size_t k = row->n < CSVR_MAX_FIELDS ? row->n : CSVR_MAX_FIELDS;
	int rc = 0, miss = 0;

	/* CMS ships the file zipped with others beside it: say how to pipe
	 * in the one that matters rather than "no column NPI" */
	if ((rc = csvr_table_compressed(t, row, "nppes", " 'npidata_pfile_*[0-9].csv'")) != 0)
		return rc;
	miss = csvr_header_map(row, col_names, C_N, r->col);
	for (int i = 0; i < NPPES_MAX_TAXONOMIES; i++)
		r->tax[i] = r->lic[i] = r->lic_state[i] = r->prim[i] = -1;
	/* the numbered columns of each taxonomy; the last of a name counts */
	for (size_t i = 0; i < k; i++)
		for (int n = 0; n < NPPES_MAX_TAXONOMIES; n++)
			for (size_t c = 0; c < sizeof tax_cols / sizeof tax_cols[0]; c++) {
				snprintf(want, sizeof want, "%s%d", tax_cols[c], n + 1);
				if (csvr_header_is(row->field[i], want))
					numbered[c][n] = (long)i;
			}
	if (miss >= 0)
		return cd_error_set(t->err, CD_EPARSE,
		                    "%s: not an NPPES NPI file: no column \"%s\" in its header",
		                    t->name, col_names[miss]);
	if (r->tax[0] < 0)
		return cd_error_set(t->err, CD_EPARSE,
		                    "%s: not an NPPES NPI file: no column \"Healthcare Provider Taxonomy "
		                    "Code_1\" in its header", t->name);
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
on_row(struct csvr_table *tab, const struct csvr_row *row)
{
	struct reader *r = (struct reader *)tab;
	struct nppes_row p;
	char *deact = NULL, *react = NULL;
	const char *entity = NULL;

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
		csvr_table_note(tab, row->line, "NPI \"%.20s\" is not ten digits", p.npi);
		return 0;
	}
	entity = cell(r, row, r->col[C_ENTITY]);
	p.entity = strcmp(entity, "1") == 0 ? 1 : strcmp(entity, "2") == 0 ? 2 : 0;
	if (entity[0] != '\0' && p.entity == 0) {
		csvr_table_note(tab, row->line, "entity type \"%.10s\" is neither 1 nor 2", entity);
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
		csvr_table_note(tab, row->line, "a date is not MM/DD/YYYY");
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

static void
report_progress(struct csvr_table *t)
{
	struct reader *r = (struct reader *)t;

	if (r->progress != NULL)
		r->progress(r->rep, r->arg);
}

static const struct csvr_table_format nppes_format = {
	.what = "NPPES ", .max_cell = NPPES_MAX_CELL, .header = read_header, .row = on_row,
	.progress = report_progress,
};

static struct reader *
reader_new(const char *name, nppes_keep_fn keep, nppes_row_fn fn, nppes_progress_fn progress,
           void *arg, struct nppes_report *rep, struct cd_error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);

	memset(rep, 0, sizeof *rep);
	r->t = (struct csvr_table){ .fmt = &nppes_format, .name = name, .err = err,
	                            .bytes = &rep->bytes };
	CSVR_TABLE_REPORT(&r->t, rep);
	r->keep = keep;
	r->fn = fn;
	r->progress = progress;
	r->arg = arg;
	r->rep = rep;
	return r;
}

int
nppes_read(FILE *fp, const char *name, nppes_keep_fn keep, nppes_row_fn fn,
           nppes_progress_fn progress, void *arg, struct nppes_report *rep, struct cd_error *err)
{
	struct reader *r = reader_new(name, keep, fn, progress, arg, rep, err);
	int rc = csvr_table_read_file(&r->t, fp);

	free(r);
	return rc;
}

int
nppes_read_mem(const char *data, size_t len, const char *name, nppes_keep_fn keep,
               nppes_row_fn fn, void *arg, struct nppes_report *rep, struct cd_error *err)
{
	struct reader *r = reader_new(name, keep, fn, NULL, arg, rep, err);
	int rc = csvr_table_read_mem(&r->t, data, len);

	free(r);
	return rc;
}
