/* gazetteer.c: reading the US Census gazetteer files (ZCTA and Places:
 * tab-separated, a header row, columns found by name) with a bounded line
 * reader, and importing one into the directory in a single transaction.
 * The file is untrusted: every field is checked, a bad line is counted
 * and noted with its number, never half-stored. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "common/text.h"
#include "common/xalloc.h"
#include "index/sql.h"
#include "index/places.h"

#define PLACES_MAX_FIELDS 32
#define PLACES_MAX_NAME 200

enum { COL_GEOID, COL_LAT, COL_LON, COL_USPS, COL_NAME, COL_ALAND, COL_COUNT };
static const char *const col_names[COL_COUNT] = {
	"GEOID", "INTPTLAT", "INTPTLONG", "USPS", "NAME", "ALAND",
};

void
places_report_bad(struct places_report *rep, int64_t line, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	rep->malformed++;
	if (rep->n_notes >= PLACES_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(rep->notes[rep->n_notes++], sizeof rep->notes[0], "line %lld: %s",
	         (long long)line, msg);
}

/* One line into line[0..cap) without its LF (and a CR before it). Returns
 * 1 for a line, 0 at the end, CD_EIO on a read error. A longer line is
 * consumed to its end and flagged, as is one holding a NUL byte. */
static int
read_line(FILE *fp, char *line, size_t cap, size_t *len, bool *too_long, bool *has_nul)
{
	size_t n = 0;
	int c = 0;
	bool any = false;

	*too_long = *has_nul = false;
	while ((c = getc(fp)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (c == '\0')
			*has_nul = true;
		if (n + 1 < cap)
			line[n++] = (char)c;
		else
			*too_long = true;
	}
	if (ferror(fp))
		return CD_EIO;
	if (!any)
		return 0;
	if (n > 0 && line[n - 1] == '\r' && !*too_long)
		n--;
	line[n] = '\0';
	*len = n;
	return 1;
}

/* Splits line at tabs in place, each field trimmed of spaces and CRs. */
static size_t
split_fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *tab = NULL, *end = NULL;

	for (;;) {
		tab = strchr(p, '\t');
		if (tab)
			*tab = '\0';
		while (*p == ' ')
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\r'))
			*--end = '\0';
		if (n == max)
			return max + 1;   /* too many: the caller refuses the line */
		f[n++] = p;
		if (tab == NULL)
			return n;
		p = tab + 1;
	}
}

static bool
digits_exactly(const char *s, size_t want)
{
	size_t i = 0;

	for (i = 0; s[i]; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return i == want;
}

/* A decimal number making up all of s; false when s is not one. */
static bool
parse_number(const char *s, double *v)
{
	char *end = NULL;

	if (*s == '\0' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return end != s && *end == '\0' && errno == 0 && isfinite(*v);
}

static bool
name_ok(const char *s)
{
	size_t n = strlen(s), i = 0;

	if (n == 0 || n > PLACES_MAX_NAME || !text_utf8_valid(s, n))
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* Finds the columns by name; CD_EPARSE when the header is not a
 * gazetteer's. */
static int
read_header(char *line, int *col, size_t *ncols, struct places_report *rep,
            struct cd_error *err)
{
	char *f[PLACES_MAX_FIELDS];
	size_t n = 0, i = 0, j = 0;

	if (strncmp(line, "\xEF\xBB\xBF", 3) == 0)
		memmove(line, line + 3, strlen(line + 3) + 1);
	n = split_fields(line, f, PLACES_MAX_FIELDS);
	if (n > PLACES_MAX_FIELDS)
		return cd_error_set(err, CD_EPARSE, "not a Census gazetteer file: more than %d "
		                    "columns in the header", PLACES_MAX_FIELDS);
	for (j = 0; j < COL_COUNT; j++)
		col[j] = -1;
	for (i = 0; i < n; i++)
		for (j = 0; j < COL_COUNT; j++)
			if (col[j] < 0 && strcmp(f[i], col_names[j]) == 0)
				col[j] = (int)i;
	for (j = 0; j <= COL_LON; j++)
		if (col[j] < 0)
			return cd_error_set(err, CD_EPARSE, "not a Census gazetteer file: the header "
			                    "has no %s column", col_names[j]);
	if ((col[COL_USPS] < 0) != (col[COL_NAME] < 0))
		return cd_error_set(err, CD_EPARSE, "not a Census gazetteer file: %s without %s",
		                    col[COL_NAME] < 0 ? "USPS" : "NAME",
		                    col[COL_NAME] < 0 ? "NAME" : "USPS");
	rep->kind = col[COL_NAME] >= 0 ? PLACES_FILE_PLACES : PLACES_FILE_ZCTA;
	*ncols = n;
	return 0;
}

/* Checks one data line; fills r and returns true, or notes why not. */
static bool
read_record(char *line, int64_t lineno, const int *col, size_t ncols,
            struct places_report *rep, struct places_record *r)
{
	char *f[PLACES_MAX_FIELDS];
	size_t n = split_fields(line, f, PLACES_MAX_FIELDS), need = 0, j = 0;
	bool places = rep->kind == PLACES_FILE_PLACES;

	for (j = 0; j < COL_COUNT; j++)
		if (col[j] >= 0 && (size_t)col[j] + 1 > need)
			need = (size_t)col[j] + 1;
	if (n < need || n > PLACES_MAX_FIELDS) {
		places_report_bad(rep, lineno, "%zu fields, the header has %zu",
		                  n > PLACES_MAX_FIELDS ? n - 1 : n, ncols);
		return false;
	}
	memset(r, 0, sizeof *r);
	r->kind = rep->kind;
	r->line = lineno;
	r->geoid = f[col[COL_GEOID]];
	r->state = "";
	r->name = "";
	if (!digits_exactly(r->geoid, places ? 7 : 5)) {
		places_report_bad(rep, lineno, "GEOID is not %d digits", places ? 7 : 5);
		return false;
	}
	if (!parse_number(f[col[COL_LAT]], &r->lat) || r->lat < -90 || r->lat > 90) {
		places_report_bad(rep, lineno, "INTPTLAT is not a latitude");
		return false;
	}
	if (!parse_number(f[col[COL_LON]], &r->lon) || r->lon < -180 || r->lon > 180) {
		places_report_bad(rep, lineno, "INTPTLONG is not a longitude");
		return false;
	}
	if (col[COL_ALAND] >= 0 && (!parse_number(f[col[COL_ALAND]], &r->aland) || r->aland < 0))
		r->aland = 0;   /* only a tie-breaker */
	if (places) {
		r->state = f[col[COL_USPS]];
		r->name = f[col[COL_NAME]];
		if (strlen(r->state) != 2 || !isupper((unsigned char)r->state[0]) ||
		    !isupper((unsigned char)r->state[1])) {
			places_report_bad(rep, lineno, "USPS is not a state code");
			return false;
		}
		if (!name_ok(r->name)) {
			places_report_bad(rep, lineno, "NAME is empty, too long or not UTF-8 text");
			return false;
		}
	}
	return true;
}

int
places_read(FILE *fp, int (*cb)(const struct places_record *, void *), void *arg,
            struct places_report *rep, struct cd_error *err)
{
	char *line = xmalloc(PLACES_MAX_LINE + 1);
	struct places_record r;
	int col[COL_COUNT];
	size_t len = 0, ncols = 0;
	int64_t lineno = 0;
	bool too_long = false, has_nul = false, header = false;
	int rc = 0, got = 0;

	memset(rep, 0, sizeof *rep);
	while ((got = read_line(fp, line, PLACES_MAX_LINE + 1, &len, &too_long, &has_nul)) == 1) {
		lineno++;
		if (!header) {
			if (too_long || has_nul) {
				rc = cd_error_set(err, CD_EPARSE, "not a Census gazetteer file: "
				                  "the header line is %s", too_long ? "too long" : "binary");
				goto out;
			}
			if ((rc = read_header(line, col, &ncols, rep, err)) != 0)
				goto out;
			header = true;
			continue;
		}
		if (len == 0 && !too_long && !has_nul)
			continue;   /* a blank line, e.g. at the end */
		rep->lines++;
		if (too_long) {
			places_report_bad(rep, lineno, "longer than %d bytes", PLACES_MAX_LINE);
			continue;
		}
		if (has_nul) {
			places_report_bad(rep, lineno, "holds a NUL byte");
			continue;
		}
		if (!read_record(line, lineno, col, ncols, rep, &r))
			continue;
		rep->records++;
		if ((rc = cb(&r, arg)) != 0)
			goto out;
	}
	if (got < 0) {
		rc = cd_error_set(err, CD_EIO, "read failed at line %lld: %s",
		                  (long long)lineno + 1, strerror(errno));
		goto out;
	}
	if (!header)
		rc = cd_error_set(err, CD_EPARSE, "not a Census gazetteer file: it is empty");
out:
	free(line);
	return rc;
}

/* ---- import ---- */

struct import_ctx {
	struct index *idx;
	sqlite3_stmt *st;     /* the INSERT for the file's kind, after its first record */
	struct places_report *rep;
	struct cd_error *err;
};

/* On the first record, empties the table of the file's kind (the other
 * kind stays) and prepares its INSERT. */
static int
import_start(struct import_ctx *x, enum places_file kind)
{
	int rc = 0;

	if (kind == PLACES_FILE_PLACES) {
		if ((rc = index_sql_exec(x->idx, "DELETE FROM gaz_places", x->err)) != 0)
			return rc;
		return index_sql_prepare(x->idx,
		                         "INSERT INTO gaz_places (geoid, lat, lon, aland, state, name,"
		                         "  name_key, full_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		                         " ON CONFLICT (geoid) DO NOTHING",
		                         &x->st, x->err);
	}
	if ((rc = index_sql_exec(x->idx, "DELETE FROM gaz_zcta", x->err)) != 0)
		return rc;
	return index_sql_prepare(x->idx,
	                         "INSERT INTO gaz_zcta (zip, lat, lon, aland)"
	                         " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (zip) DO NOTHING",
	                         &x->st, x->err);
}

static int
import_record(const struct places_record *r, void *arg)
{
	struct import_ctx *x = arg;
	char *key = NULL, *full = NULL;
	int rc = 0;

	if (x->st == NULL && (rc = import_start(x, r->kind)) != 0)
		return rc;
	sqlite3_reset(x->st);
	index_sql_bind_text(x->st, 1, r->geoid);
	sqlite3_bind_double(x->st, 2, r->lat);
	sqlite3_bind_double(x->st, 3, r->lon);
	sqlite3_bind_double(x->st, 4, r->aland);
	if (r->kind == PLACES_FILE_PLACES) {
		key = places_key(r->name, true);
		full = places_key(r->name, false);
		index_sql_bind_text(x->st, 5, r->state);
		index_sql_bind_text(x->st, 6, r->name);
		index_sql_bind_text(x->st, 7, key);
		index_sql_bind_text(x->st, 8, full);
	}
	if ((rc = index_sql_step_done(x->idx, x->st, "cannot store gazetteer row", x->err)) != 0)
		goto out;
	if (sqlite3_changes(index_db(x->idx)) == 0) {
		/* a good line, but its GEOID came before: not stored twice */
		x->rep->records--;
		places_report_bad(x->rep, r->line, "GEOID %s repeats an earlier line", r->geoid);
	}
out:
	free(key);
	free(full);
	return rc;
}

/* "NAME: " before a message about the file itself. */
static void
gazetteer_name_error(struct cd_error *err, const char *name)
{
	size_t n = strnlen(name, sizeof err->msg / 2), m = strlen(err->msg);

	if (n + 2 + m >= sizeof err->msg)
		m = sizeof err->msg - n - 3;
	memmove(err->msg + n + 2, err->msg, m);
	err->msg[n + 2 + m] = '\0';
	memcpy(err->msg, name, n);
	err->msg[n] = ':';
	err->msg[n + 1] = ' ';
}

int
index_gazetteer_import(struct index *idx, FILE *fp, const char *name,
                       struct places_report *rep, int64_t *geocoded, struct cd_error *err)
{
	struct import_ctx x = { idx, NULL, rep, err };
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*geocoded = 0;
	if ((rc = index_begin(idx, err)) != 0)
		return rc;
	if ((rc = places_read(fp, import_record, &x, rep, err)) != 0) {
		if (rc == CD_EPARSE || rc == CD_EIO)
			gazetteer_name_error(err, name);
		goto fail;
	}
	if (rep->records == 0) {
		rc = cd_error_set(err, CD_EPARSE, "%s: no usable %s record in %lld lines: nothing "
		                  "was replaced", name,
		                  rep->kind == PLACES_FILE_PLACES ? "Places" : "ZCTA",
		                  (long long)rep->lines);
		goto fail;
	}
	if ((rc = index_geocode(idx, 0, NULL, err)) != 0)
		goto fail;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT count(*) FROM locations"
	                            " WHERE geo_source IN ('zip', 'city')",
	                            &st, err)) != 0)
		goto fail;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot count geocoded locations");
		goto fail;
	}
	*geocoded = sqlite3_column_int64(st, 0);
	index_sql_done(idx, st);
	st = NULL;
	index_sql_done(idx, x.st);
	x.st = NULL;
	if ((rc = index_commit(idx, err)) != 0)
		goto fail;
	return 0;
fail:
	index_sql_done(idx, st);
	index_sql_done(idx, x.st);
	index_rollback(idx);
	return rc;
}
