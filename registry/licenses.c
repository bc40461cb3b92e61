/* licenses.c: state licence lists through a user's column map (see
 * licenses.h), read with the same libcsv reader as the NPPES file. */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/text.h"
#include "common/xalloc.h"
#include "registry/csv_read.h"
#include "registry/licenses.h"

enum lcol { L_NAME, L_FIRST, L_LAST, L_LICENSE, L_TYPE, L_STATUS, L_EXPIRES, L_SINCE, L_N };
static const char *const lcol_keys[L_N] = {
	"name", "first", "last", "license", "type", "status", "expires", "status_date",
};

struct licenses_map {
	char *col[L_N];          /* as the user wrote it, or NULL */
};

int
licenses_map_parse(const char *spec, struct licenses_map **out, struct cd_error *err)
{
	struct licenses_map *m = xcalloc(1, sizeof *m);
	char *copy = xstrdup(spec != NULL ? spec : ""), *save = NULL, *item = NULL;
	int rc = 0;

	*out = NULL;
	for (item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		int k;

		if (eq == NULL || eq == item || eq[1] == '\0') {
			rc = cd_error_set(err, CD_EINVAL, "--map: \"%.60s\" is not KEY=COLUMN", item);
			goto out;
		}
		*eq = '\0';
		for (k = 0; k < L_N && strcmp(item, lcol_keys[k]) != 0; k++)
			;
		if (k == L_N) {
			rc = cd_error_set(err, CD_EINVAL, "--map: unknown key \"%.30s\" (name, first, last,"
			                  " license, type, status, expires, status_date)", item);
			goto out;
		}
		free(m->col[k]);
		m->col[k] = xstrdup(eq + 1);
	}
	if (m->col[L_LICENSE] == NULL)
		rc = cd_error_set(err, CD_EINVAL, "--map: license=COLUMN is required");
	else if (m->col[L_NAME] == NULL && (m->col[L_FIRST] == NULL || m->col[L_LAST] == NULL))
		rc = cd_error_set(err, CD_EINVAL, "--map: name=COLUMN (or first= and last=) is required");
out:
	free(copy);
	if (rc != 0)
		licenses_map_free(m);
	else
		*out = m;
	return rc;
}

void
licenses_map_free(struct licenses_map *m)
{
	if (m == NULL)
		return;
	for (int k = 0; k < L_N; k++)
		free(m->col[k]);
	free(m);
}

struct reader {
	struct csvr_table t;     /* first: the table is the reader */
	const struct licenses_map *map;
	licenses_row_fn fn;
	void *arg;
	long idx[L_N];
};

static char *
trimmed(const char *s, size_t n)
{
	return text_clean_line(s, n, LICENSES_MAX_FIELD);
}

static int
read_header(struct csvr_table *t, const struct csvr_row *row)
{
	struct reader *r = (struct reader *)t;
	size_t k = row->n < CSVR_MAX_FIELDS ? row->n : CSVR_MAX_FIELDS;
	const char *undo = NULL, *format = NULL;

	if (k > 0 && (format = csvr_compression(row->field[0], row->len[0], &undo)) != NULL)
		return cd_error_set(t->err, CD_EPARSE, "%s is compressed (%s): decompress it first "
		                    "(%s %s | clinicdex registry import licenses - ...)", t->name,
		                    format, undo, strcmp(t->name, "standard input") == 0 ? "FILE"
		                    : t->name);
	for (int c = 0; c < L_N; c++) {
		const char *want = r->map->col[c];
		char *end = NULL;
		long num = 0;

		r->idx[c] = -1;
		if (want == NULL)
			continue;
		num = strtol(want, &end, 10);
		if (end != want && *end == '\0') {
			if (num < 1 || (size_t)num > row->n)
				return cd_error_set(t->err, CD_EPARSE, "%s: --map %s=%ld: the file has %zu columns",
				                    t->name, lcol_keys[c], num, row->n);
			r->idx[c] = num - 1;
			continue;
		}
		for (size_t i = 0; i < k && r->idx[c] < 0; i++) {
			char *h = trimmed(row->field[i], row->len[i]);
			const char *hh = h;

			if (strncmp(hh, "\xEF\xBB\xBF", 3) == 0)
				hh += 3;
			if (strcasecmp(hh, want) == 0)
				r->idx[c] = (long)i;
			free(h);
		}
		if (r->idx[c] < 0)
			return cd_error_set(t->err, CD_EPARSE, "%s: --map %s=%s: no such column in the header",
			                    t->name, lcol_keys[c], want);
	}
	return 0;
}

/* "07/31/2027", "2027-07-31", "7/31/27", "20270731", "07312027" into
 * YYYY-MM-DD; false otherwise. */
static bool
iso_date(const char *s, char out[11])
{
	int m = 0, d = 0, y = 0;
	char tail = 0;

	out[0] = '\0';
	if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		/* 20270731, or 07312027 (MMDDCCYY, as Texas's TDLR writes) */
		if (sscanf(s, "%4d%2d%2d", &y, &m, &d) != 3 || y < 1900)
			sscanf(s, "%2d%2d%4d", &m, &d, &y);
	} else if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 &&
	           sscanf(s, "%2d/%2d/%4d%c", &m, &d, &y, &tail) != 3) {
		return false;
	}
	if (y < 100)
		y += 2000;
	if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200)
		return false;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}

static char *
field(struct reader *r, const struct csvr_row *row, int c)
{
	long i = r->idx[c];

	if (i < 0 || (size_t)i >= row->n || (size_t)i >= CSVR_MAX_FIELDS)
		return xstrdup("");
	return trimmed(row->field[i], row->len[i]);
}

static int
on_row(struct csvr_table *t, const struct csvr_row *row)
{
	struct reader *r = (struct reader *)t;
	struct license_row l;
	char *v[L_N] = { NULL }, *name = NULL, expires[11], since[11];
	int rc = 0;

	for (int c = 0; c < L_N; c++)
		v[c] = field(r, row, c);
	if (r->idx[L_NAME] >= 0) {
		/* "SMITH, JANE A" is "JANE A SMITH" */
		char *comma = strchr(v[L_NAME], ',');
		if (comma != NULL) {
			*comma = '\0';
			name = xasprintf("%s %s", comma + 1 + strspn(comma + 1, " "), v[L_NAME]);
		} else {
			name = xstrdup(v[L_NAME]);
		}
	} else {
		name = xasprintf("%s %s", v[L_FIRST], v[L_LAST]);
	}
	if (strchr(name, ' ') == NULL || v[L_LICENSE][0] == '\0') {
		csvr_table_note(t, row->line, "no name of two words, or no licence number");
		goto out;
	}
	if (v[L_EXPIRES][0] != '\0' && !iso_date(v[L_EXPIRES], expires)) {
		csvr_table_note(t, row->line, "expiry date \"%.20s\" is not a date", v[L_EXPIRES]);
		goto out;
	} else if (v[L_EXPIRES][0] == '\0') {
		expires[0] = '\0';
	}
	if (v[L_SINCE][0] != '\0' && !iso_date(v[L_SINCE], since)) {
		csvr_table_note(t, row->line, "status date \"%.20s\" is not a date", v[L_SINCE]);
		goto out;
	} else if (v[L_SINCE][0] == '\0') {
		since[0] = '\0';
	}
	l.line = row->line;
	l.name = name;
	l.license = v[L_LICENSE];
	l.type = v[L_TYPE];
	l.status = v[L_STATUS];
	l.expires = expires;
	l.status_date = since;
	rc = r->fn(&l, r->arg);
out:
	for (int c = 0; c < L_N; c++)
		free(v[c]);
	free(name);
	return rc;
}

static const struct csvr_table_format licenses_format = {
	.what = "", .max_cell = 4096, .header = read_header, .row = on_row,
};

static void
reader_init(struct reader *r, const char *name, const struct licenses_map *map,
            licenses_row_fn fn, void *arg, struct licenses_report *rep, struct cd_error *err)
{
	memset(rep, 0, sizeof *rep);
	*r = (struct reader){ .map = map, .fn = fn, .arg = arg };
	r->t = (struct csvr_table){ .fmt = &licenses_format, .name = name, .err = err,
	                            .bytes = &rep->bytes };
	CSVR_TABLE_REPORT(&r->t, rep);
}

int
licenses_read(FILE *fp, const char *name, const struct licenses_map *map, licenses_row_fn fn,
              void *arg, struct licenses_report *rep, struct cd_error *err)
{
	struct reader r;

	reader_init(&r, name, map, fn, arg, rep, err);
	return csvr_table_read_file(&r.t, fp);
}

int
licenses_read_mem(const char *data, size_t len, const char *name, const struct licenses_map *map,
                  licenses_row_fn fn, void *arg, struct licenses_report *rep,
                  struct cd_error *err)
{
	struct reader r;

	reader_init(&r, name, map, fn, arg, rep, err);
	return csvr_table_read_mem(&r.t, data, len);
}
