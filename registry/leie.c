/* leie.c: the LEIE file, row by row (see leie.h). The header is read by
 * name into a column map; each data row is checked (field count, NPI,
 * dates, exclusion type) and handed on as a struct leie_row. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/text.h"
#include "common/xalloc.h"
#include "registry/csv_read.h"
#include "registry/leie.h"

#define LEIE_MAX_CELL 1024     /* bytes read of one cell (a longer one is cut) */

enum col {
	C_LAST, C_FIRST, C_MID, C_BUS, C_GENERAL, C_SPECIALTY, C_UPIN, C_NPI, C_DOB, C_ADDRESS,
	C_CITY, C_STATE, C_ZIP, C_EXCLTYPE, C_EXCLDATE, C_REINDATE, C_WAIVERDATE, C_WVRSTATE, C_N
};

static const char *const col_names[C_N] = {
	"LASTNAME", "FIRSTNAME", "MIDNAME", "BUSNAME", "GENERAL", "SPECIALTY", "UPIN", "NPI", "DOB",
	"ADDRESS", "CITY", "STATE", "ZIP", "EXCLTYPE", "EXCLDATE", "REINDATE", "WAIVERDATE",
	"WVRSTATE",
};

/* The statutes OIG excludes under (42 U.S.C. 1320a-7 and 1320a-7a), as
 * the LEIE's EXCLTYPE column writes them. The one table of them. */
static const struct {
	const char *code, *words;
} leie_types[] = {
	{ "1128a1", "conviction of program-related crimes" },
	{ "1128a2", "conviction relating to patient abuse or neglect" },
	{ "1128a3", "felony conviction relating to health care fraud" },
	{ "1128a4", "felony conviction relating to a controlled substance" },
	{ "1128b1", "misdemeanor conviction relating to health care fraud" },
	{ "1128b2", "conviction relating to obstruction of an investigation or audit" },
	{ "1128b3", "misdemeanor conviction relating to a controlled substance" },
	{ "1128b4", "licence revoked, suspended or surrendered" },
	{ "1128b5", "exclusion or suspension under a federal or state health care program" },
	{ "1128b6", "claims for excessive charges, unnecessary services or failing to meet "
	            "professional standards" },
	{ "1128b7", "fraud, kickbacks and other prohibited activities" },
	{ "1128b8", "entities controlled by a sanctioned individual" },
	{ "1128b8a", "entities controlled by a family or household member of an excluded person" },
	{ "1128b9", "failure to disclose required information" },
	{ "1128b10", "failure to supply requested information on subcontractors and suppliers" },
	{ "1128b11", "failure to supply payment information" },
	{ "1128b12", "failure to grant immediate access" },
	{ "1128b13", "failure to take corrective action" },
	{ "1128b14", "default on health education loan or scholarship obligations" },
	{ "1128b15", "individuals controlling a sanctioned entity" },
	{ "1128b16", "making false statements or misrepresentation of material facts" },
	{ "1128Aa", "civil monetary penalty" },
	{ "1156", "failure to meet statutory obligations (quality improvement organisation)" },
	{ "BRCH CIA", "breach of a corporate integrity agreement" },
	{ "BRCH SA", "breach of a settlement agreement" },
};

const char *
leie_type_words(const char *excltype)
{
	for (size_t i = 0; i < sizeof leie_types / sizeof leie_types[0]; i++)
		if (strcmp(excltype, leie_types[i].code) == 0)
			return leie_types[i].words;
	return NULL;
}

struct reader {
	struct csvr_table t;     /* first: the table is the reader */
	leie_row_fn fn;
	void *arg;
	long col[C_N];
	char cells[C_N][LEIE_MAX_FIELD + 4];
};

static int
read_header(struct csvr_table *t, const struct csvr_row *row)
{
	struct reader *r = (struct reader *)t;
	int rc = 0, miss = 0;

	if ((rc = csvr_table_compressed(t, row, "leie", NULL)) != 0)
		return rc;
	if ((miss = csvr_header_map(row, col_names, C_N, r->col)) >= 0)
		return cd_error_set(t->err, CD_EPARSE, "%s: not an LEIE file: no column \"%s\" in "
		                    "its header", t->name, col_names[miss]);
	return 0;
}

/* Is s[0..n) already what text_clean_line makes of it: printable ASCII,
 * single spaces between words, none at either end, within the cap? Most
 * LEIE cells are ("LOPEZ", "20200319", "1128a1"), and copying them as they
 * are spares an allocation and a UTF-8 walk for each of 18 cells of 80,000
 * rows. */
static bool
clean_already(const char *s, size_t n)
{
	if (n > LEIE_MAX_FIELD || s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch > 0x7E || (ch == ' ' && s[i + 1] == ' '))
			return false;
	}
	return true;
}

/* Cell c of row, cleaned (one line of UTF-8 without controls, at most
 * LEIE_MAX_FIELD bytes, spaces trimmed); "" when absent. A clean cell is
 * the row's own text (it lives as long as the row), unless own asks for
 * a copy the caller may rewrite (dates, the NPI). */
static char *
cell_of(struct reader *r, const struct csvr_row *row, int c, bool own)
{
	char *out = r->cells[c], *s = NULL, *p = NULL;
	long i = r->col[c];
	size_t n = 0;

	out[0] = '\0';
	if (i < 0 || (size_t)i >= row->n || (size_t)i >= CSVR_MAX_FIELDS || row->len[i] == 0)
		return out;
	if (clean_already(row->field[i], row->len[i])) {
		if (!own)
			return (char *)row->field[i];   /* NUL-terminated by the CSV layer */
		memcpy(out, row->field[i], row->len[i]);
		out[row->len[i]] = '\0';
		return out;
	}
	s = text_clean_line(row->field[i], row->len[i], LEIE_MAX_FIELD);
	for (p = s; *p == ' '; p++)
		;
	n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	memcpy(out, p, n);
	out[n] = '\0';
	free(s);
	return out;
}

static const char *
cell(struct reader *r, const struct csvr_row *row, int c)
{
	return cell_of(r, row, c, false);
}

/* "YYYYMMDD" into YYYY-MM-DD in place, "00000000" (or empty) into "";
 * false for anything else. */
static bool
leie_date(char *s)
{
	int y = 0, m = 0, d = 0;

	if (s[0] == '\0' || strcmp(s, "00000000") == 0) {
		s[0] = '\0';
		return true;
	}
	if (strlen(s) != 8 || strspn(s, "0123456789") != 8)
		return false;
	/* by hand, not sscanf/snprintf: three dates a row of a large file */
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	d = (s[6] - '0') * 10 + (s[7] - '0');
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	/* YYYYMMDD becomes YYYY-MM-DD in place (the cell holds 11 bytes) */
	memmove(s + 8, s + 6, 2);
	memmove(s + 5, s + 4, 2);
	s[4] = s[7] = '-';
	s[10] = '\0';
	return true;
}

static int
on_row(struct csvr_table *t, const struct csvr_row *row)
{
	struct reader *r = (struct reader *)t;
	struct leie_row p;
	char *npi = NULL, *dates[3];

	memset(&p, 0, sizeof p);
	p.line = row->line;
	p.last = cell(r, row, C_LAST);
	p.first = cell(r, row, C_FIRST);
	p.middle = cell(r, row, C_MID);
	p.business = cell(r, row, C_BUS);
	p.general = cell(r, row, C_GENERAL);
	p.specialty = cell(r, row, C_SPECIALTY);
	p.npi = npi = cell_of(r, row, C_NPI, true);
	p.address = cell(r, row, C_ADDRESS);
	p.city = cell(r, row, C_CITY);
	p.state = cell(r, row, C_STATE);
	p.zip = cell(r, row, C_ZIP);
	p.excltype = cell(r, row, C_EXCLTYPE);
	p.excldate = dates[0] = cell_of(r, row, C_EXCLDATE, true);
	p.reindate = dates[1] = cell_of(r, row, C_REINDATE, true);
	p.waiverdate = dates[2] = cell_of(r, row, C_WAIVERDATE, true);
	p.waiverstate = cell(r, row, C_WVRSTATE);
	if (strspn(npi, "0") == strlen(npi)) {
		npi[0] = '\0';   /* 0000000000: not known */
	} else if (strlen(npi) != 10 || strspn(npi, "0123456789") != 10) {
		csvr_table_note(t, row->line, "NPI \"%.20s\" is not ten digits", npi);
		return 0;
	}
	for (int i = 0; i < 3; i++)
		if (!leie_date(dates[i])) {
			csvr_table_note(t, row->line, "%s \"%.20s\" is not a date YYYYMMDD",
			     col_names[C_EXCLDATE + i], dates[i]);
			return 0;
		}
	if (p.excltype[0] == '\0' || p.excldate[0] == '\0') {
		csvr_table_note(t, row->line, "no exclusion type or date");
		return 0;
	}
	if (p.last[0] == '\0' && p.business[0] == '\0') {
		csvr_table_note(t, row->line, "neither a person's name nor a business name");
		return 0;
	}
	return r->fn(&p, r->arg);
}

static const struct csvr_table_format leie_format = {
	.what = "LEIE ", .max_cell = LEIE_MAX_CELL, .header = read_header, .row = on_row,
};

static struct reader *
reader_new(const char *name, leie_row_fn fn, void *arg, struct leie_report *rep,
           struct cd_error *err)
{
	struct reader *r = xcalloc(1, sizeof *r);

	memset(rep, 0, sizeof *rep);
	r->t = (struct csvr_table){ .fmt = &leie_format, .name = name, .err = err };
	CSVR_TABLE_REPORT(&r->t, rep);
	r->fn = fn;
	r->arg = arg;
	return r;
}

int
leie_read(FILE *fp, const char *name, leie_row_fn fn, void *arg, struct leie_report *rep,
          struct cd_error *err)
{
	struct reader *r = reader_new(name, fn, arg, rep, err);
	int rc = csvr_table_read_file(&r->t, fp);

	free(r);
	return rc;
}

int
leie_read_mem(const char *data, size_t len, const char *name, leie_row_fn fn, void *arg,
              struct leie_report *rep, struct cd_error *err)
{
	struct reader *r = reader_new(name, fn, arg, rep, err);
	int rc = csvr_table_read_mem(&r->t, data, len);

	free(r);
	return rc;
}
