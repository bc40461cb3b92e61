/* report.c: the oversight study (see report.h). The rows are read first
 * (one search, then a few small queries per clinic), then counted: the
 * summary is computed from exactly the cells the CSV shows, so the HTML's
 * numbers and the CSV's cannot disagree. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "index/csv.h"
#include "index/internal.h"
#include "index/report_impl.h"

const char *const report_columns[] = {
	"clinic_id", "name", "site", "state",
	"medical_director", "director_url", "director_credentials", "director_specialty",
	"director_board", "board_status", "board_url",
	"supervision", "supervision_url", "on_site", "on_site_url",
	"physician_owned", "physician_owned_url", "performed_by", "performed_by_url",
	"services", "conflicts", "exclusions", "exclusions_url", NULL,
};
_Static_assert(sizeof report_columns / sizeof report_columns[0] == RC_N + 1,
               "one column name per report column");

const char *const report_summary_columns[] = {
	"group", "variable", "count", "denominator", "percent", "ci_low", "ci_high", NULL,
};

/* The clinic statements (index/roles.c codes) the row shows, and who
 * performs treatments, in the order of performed_by. */
static const struct { const char *code; enum report_col col, url; } report_statements[] = {
	{ "supervision", RC_SUPERVISION, RC_SUPERVISION_URL },
	{ "on_site", RC_ON_SITE, RC_ON_SITE_URL },
	{ "physician_owned", RC_OWNED, RC_OWNED_URL },
};
static const struct { const char *code, *word; } report_performers[] = {
	{ "performed_by_physician", "physician" }, { "performed_by_np", "np" },
	{ "performed_by_pa", "pa" }, { "performed_by_rn", "rn" },
	{ "performed_by_esthetician", "esthetician" },
};
/* The performers column: every word above once, ';'-joined. */
#define REPORT_PERFORMED_MAX 64
/* The longest cell a clinic's row holds (the exclusions list): room for
 * hundreds of names; past it the report fails rather than cut a cell. */
#define REPORT_CELL_MAX (256 * 1024)

/* NPPES taxonomy prefixes of dermatology and plastic surgery (Gibson et
 * al. count "dermatology and/or plastic surgery" together). */
static const char *const report_derm_plastic[] = {
	"207N", "2082", "2086S0122X", "207YS0123X",
};

/* The summary's lines (index/report_impl.h "struct report_var"). */
const struct report_var report_vars[] = {
	{ "medical director listed", RC_DIRECTOR, RT_FILLED, NULL, RC_N },
	{ "director's board certification claimed", RC_BOARD, RT_FILLED, NULL, RC_DIRECTOR },
	{ "director's board claim consistent with registries", RC_BOARD_STATUS, RT_EQUALS,
	  "consistent", RC_BOARD },
	{ "director in dermatology or plastic surgery (NPPES)", RC_DIRECTOR_SPECIALTY, RT_PREFIX,
	  NULL, RC_DIRECTOR_SPECIALTY },
	{ "medical supervision stated", RC_SUPERVISION, RT_FILLED, NULL, RC_N },
	{ "physician on site stated", RC_ON_SITE, RT_FILLED, NULL, RC_N },
	{ "physician-owned stated", RC_OWNED, RT_FILLED, NULL, RC_N },
	{ "treatments by physicians stated", RC_PERFORMED, RT_TOKEN, "physician", RC_N },
	{ "treatments by nurse practitioners stated", RC_PERFORMED, RT_TOKEN, "np", RC_N },
	{ "treatments by physician assistants stated", RC_PERFORMED, RT_TOKEN, "pa", RC_N },
	{ "treatments by registered nurses stated", RC_PERFORMED, RT_TOKEN, "rn", RC_N },
	{ "treatments by estheticians stated", RC_PERFORMED, RT_TOKEN, "esthetician", RC_N },
	{ "a credential in conflict with a registry", RC_CONFLICTS, RT_FILLED, NULL, RC_N },
	{ "a practitioner or the clinic on the exclusion list (LEIE)", RC_EXCLUSIONS, RT_FILLED,
	  NULL, RC_N },
};
#define REPORT_NVARS (sizeof report_vars / sizeof report_vars[0])
const size_t report_nvars = REPORT_NVARS;

void
report_wilson(long k, long n, double *lo, double *hi)
{
	const double z = 1.959963984540054;
	double p = (double)k / (double)n, z2n = z * z / (double)n;
	double centre = (p + z2n / 2) / (1 + z2n);
	double half = z * sqrt(p * (1 - p) / (double)n + z2n / (4 * (double)n)) / (1 + z2n);

	*lo = centre - half < 0 ? 0 : centre - half;
	*hi = centre + half > 1 ? 1 : centre + half;
}

/* ---- reading ---- */

static int
report_clinic_cb(const struct clinic_row *r, void *arg)
{
	struct report *rep = arg;
	struct report_row *row;
	size_t i;

	rep->rows = xreallocarray(rep->rows, rep->n + 1, sizeof *rep->rows);
	row = &rep->rows[rep->n++];
	for (i = 0; i < RC_N; i++)
		row->v[i] = NULL;
	row->v[RC_ID] = xasprintf("%lld", (long long)r->clinic_id);
	row->v[RC_NAME] = xstrdup(r->name);
	row->v[RC_SITE] = xstrdup(r->site);
	row->v[RC_STATE] = xstrdup(r->state);
	row->has_geo = r->has_geo;
	row->lat = r->lat;
	row->lon = r->lon;
	return 0;
}

/* Runs sql with ?1 = id and stores its first row's columns in the row
 * columns cols (n of them; RC_N: skip). */
static int
report_fill(struct index *idx, struct report_row *row, const char *sql, int64_t id,
            const enum report_col *cols, size_t n, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step;
	size_t i;

	if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			if (cols[i] != RC_N) {
				free(row->v[cols[i]]);
				row->v[cols[i]] = xstrdup(index_sql_text(st, (int)i));
			}
	} else if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot read the report");
	index_sql_done(idx, st);
	return rc;
}

/* The director: the first practitioner the clinic's pages call its
 * medical director (by evidence URL), with credentials, board claim,
 * and the NPPES taxonomy of the NPI verify matched. */
static int
report_director(struct index *idx, const struct report *rep, struct report_row *row,
                int64_t cid, struct cd_error *err)
{
	static const enum report_col who[] = { RC_N, RC_DIRECTOR, RC_DIRECTOR_URL };
	static const enum report_col board[] = { RC_BOARD, RC_BOARD_STATUS, RC_BOARD_URL };
	sqlite3_stmt *st = NULL;
	int64_t pid = 0;
	char *npi = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT p.id, p.name, r.evidence_url, coalesce(p.npi, '')"
	                            " FROM roles r JOIN practitioners p ON p.id = r.practitioner_id"
	                            " WHERE r.clinic_id = ?1 AND r.code = 'medical_director'"
	                            " ORDER BY r.evidence_url, p.id LIMIT 1", &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, cid);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		pid = sqlite3_column_int64(st, 0);
		npi = xstrdup(index_sql_text(st, 3));
	} else if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read the report");
	}
	index_sql_done(idx, st);
	if (rc != 0 || pid == 0)
		return rc;
	if ((rc = report_fill(idx, row, "SELECT p.id, p.name, r.evidence_url FROM roles r"
	                      " JOIN practitioners p ON p.id = r.practitioner_id"
	                      " WHERE p.id = ?1 AND r.code = 'medical_director'"
	                      " ORDER BY r.evidence_url LIMIT 1", pid, who, 3, err)) != 0 ||
	    (rc = report_fill(idx, row, "SELECT coalesce(group_concat(code, ';'), '') FROM"
	                      " (SELECT DISTINCT code FROM claims WHERE practitioner_id = ?1"
	                      "  AND kind = 'credential' AND code NOT LIKE 'board-%' ORDER BY code)",
	                      pid, (enum report_col[]){ RC_DIRECTOR_CREDS }, 1, err)) != 0 ||
	    (rc = report_fill(idx, row, "SELECT code, status, evidence_url FROM clinic_claims"
	                      " WHERE practitioner_id = ?1 AND kind = 'credential'"
	                      " AND code LIKE 'board-%' ORDER BY code LIMIT 1",
	                      pid, board, 3, err)) != 0)
		goto out;
	if (npi[0] != '\0') {
		sqlite3_stmt *t = NULL;

		if ((rc = index_sql_prepare(idx,
		                            "SELECT t.code FROM npi_providers n JOIN npi_taxonomies t"
		                            " ON t.provider_id = n.id WHERE n.npi = ?1"
		                            " ORDER BY t.is_primary DESC, t.code LIMIT 1",
		                            &t, err)) != 0)
			goto out;
		index_sql_bind_text(t, 1, npi);
		if ((step = sqlite3_step(t)) == SQLITE_ROW) {
			const char *code = index_sql_text(t, 0), *nm = NULL;

			if (rep->taxonomy_name != NULL)
				nm = rep->taxonomy_name(rep->taxonomy_arg, code);

			free(row->v[RC_DIRECTOR_SPECIALTY]);
			row->v[RC_DIRECTOR_SPECIALTY] = xasprintf("%s (%s)", nm ? nm : "other", code);
		} else if (step != SQLITE_DONE) {
			rc = index_sql_fail(idx, err, "cannot read the report");
		}
		index_sql_done(idx, t);
	}
out:
	free(npi);
	return rc;
}

/* The clinic's statements, who performs treatments, services, conflicts. */
static int
report_statements_of(struct index *idx, struct report_row *row, int64_t cid,
                     struct cd_error *err)
{
	const char *sql = "SELECT words, evidence_url FROM roles WHERE clinic_id = ?1"
	                  " AND practitioner_id IS NULL AND code = ?2"
	                  " ORDER BY evidence_url, id LIMIT 1";
	struct buf who = BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = 0, step = 0;

	buf_init(&who, REPORT_PERFORMED_MAX);
	for (i = 0; i < sizeof report_statements / sizeof report_statements[0] +
	                sizeof report_performers / sizeof report_performers[0]; i++) {
		size_t ns = sizeof report_statements / sizeof report_statements[0];
		const char *code = i < ns ? report_statements[i].code : report_performers[i - ns].code;

		if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, cid);
		index_sql_bind_text(st, 2, code);
		if ((step = sqlite3_step(st)) != SQLITE_ROW && step != SQLITE_DONE) {
			rc = index_sql_fail(idx, err, "cannot read the report");
			goto out;
		}
		if (step == SQLITE_ROW) {
			if (i < ns) {
				row->v[report_statements[i].col] = xstrdup(index_sql_text(st, 0));
				row->v[report_statements[i].url] = xstrdup(index_sql_text(st, 1));
			} else {
				if (buf_printf(&who, "%s%s", who.len ? ";" : "",
				               report_performers[i - ns].word) != 0) {
					rc = cd_error_set(err, CD_EINVAL, "report: performers past %d bytes",
					                  REPORT_PERFORMED_MAX);
					goto out;
				}
				if (row->v[RC_PERFORMED_URL] == NULL)
					row->v[RC_PERFORMED_URL] = xstrdup(index_sql_text(st, 1));
			}
		}
		index_sql_done(idx, st);
		st = NULL;
	}
	row->v[RC_PERFORMED] = xstrdup(buf_str(&who));
	if ((rc = report_fill(idx, row, "SELECT coalesce(group_concat(code, ';'), '') FROM"
	                      " (SELECT DISTINCT code FROM claims WHERE clinic_id = ?1"
	                      "  AND kind = 'service' ORDER BY code)",
	                      cid, (enum report_col[]){ RC_SERVICES }, 1, err)) != 0)
		goto out;
	rc = report_fill(idx, row, "SELECT coalesce(group_concat(code, ';'), '') FROM"
	                 " (SELECT DISTINCT code FROM clinic_claims WHERE clinic_id = ?1"
	                 "  AND status = 'conflict' ORDER BY code)",
	                 cid, (enum report_col[]){ RC_CONFLICTS }, 1, err);
out:
	index_sql_done(idx, st);
	buf_release(&who);
	return rc;
}

/* The clinic's exclusions (registry/exclusion.c): each excluded
 * practitioner as "Name (1128a1 2020-03-19)", then the clinic itself when
 * an LEIE organisation record names it ("organisation (...)"), ";"-joined;
 * the evidence is the first page naming the first of them. has_org: the
 * schema has clinics.exclusion (organisation matching, issue 15). */
static int
report_exclusions(struct index *idx, struct report_row *row, int64_t cid, bool has_org,
                  struct cd_error *err)
{
	struct buf who = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	buf_init(&who, REPORT_CELL_MAX);
	if ((rc = index_sql_prepare(idx,
	                            "SELECT p.name, p.exclusion, coalesce((SELECT min(coalesce("
	                            "  g.final_url, g.url)) FROM practitioner_pages pp"
	                            "  JOIN pages g ON g.id = pp.page_id"
	                            "  WHERE pp.practitioner_id = p.id), '')"
	                            " FROM practitioners p WHERE p.clinic_id = ?1"
	                            " AND p.exclusion IS NOT NULL ORDER BY p.id", &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, cid);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (buf_printf(&who, "%s%s (%s)", who.len ? ";" : "", index_sql_text(st, 0),
		               index_sql_text(st, 1)) != 0) {
			rc = cd_error_set(err, CD_EINVAL, "report: the exclusions of clinic %lld pass %d"
			                  " bytes", (long long)cid, REPORT_CELL_MAX);
			goto out;
		}
		if (row->v[RC_EXCLUSIONS_URL] == NULL)
			row->v[RC_EXCLUSIONS_URL] = xstrdup(index_sql_text(st, 2));
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read the report");
		goto out;
	}
	index_sql_done(idx, st);
	st = NULL;
	if (has_org) {
		/* the page of the address the organisation record matched */
		if ((rc = index_sql_prepare(idx,
		                            "SELECT c.exclusion, coalesce((SELECT min(coalesce("
		                            "  g.final_url, g.url)) FROM locations l"
		                            "  JOIN pages g ON g.id = l.page_id"
		                            "  WHERE l.clinic_id = c.id), '')"
		                            " FROM clinics c WHERE c.id = ?1"
		                            " AND c.exclusion IS NOT NULL", &st, err)) != 0)
			goto out;
		sqlite3_bind_int64(st, 1, cid);
		if ((step = sqlite3_step(st)) == SQLITE_ROW) {
			if (buf_printf(&who, "%sorganisation (%s)", who.len ? ";" : "",
			               index_sql_text(st, 0)) != 0) {
				rc = cd_error_set(err, CD_EINVAL, "report: the exclusions of clinic %lld"
				                  " pass %d bytes", (long long)cid, REPORT_CELL_MAX);
				goto out;
			}
			if (row->v[RC_EXCLUSIONS_URL] == NULL)
				row->v[RC_EXCLUSIONS_URL] = xstrdup(index_sql_text(st, 1));
		} else if (step != SQLITE_DONE) {
			rc = index_sql_fail(idx, err, "cannot read the report");
			goto out;
		}
	}
	row->v[RC_EXCLUSIONS] = xstrdup(buf_str(&who));
out:
	index_sql_done(idx, st);
	buf_release(&who);
	return rc;
}

/* Whether the clinics table has the exclusion of LEIE organisation
 * records (a database or build without them has none). */
static int
report_has_org_exclusions(struct index *idx, bool *has, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*has = false;
	if ((rc = index_sql_prepare(idx, "SELECT count(*) FROM pragma_table_info('clinics')"
	                            " WHERE name = 'exclusion'", &st, err)) != 0)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*has = sqlite3_column_int(st, 0) > 0;
	else
		rc = index_sql_fail(idx, err, "cannot read the report");
	index_sql_done(idx, st);
	return rc;
}

static void
report_release(struct report *rep)
{
	size_t i, j;

	for (i = 0; i < rep->n; i++)
		for (j = 0; j < RC_N; j++)
			free(rep->rows[i].v[j]);
	free(rep->rows);
	rep->rows = NULL;
	rep->n = 0;
}

/* The map's dot for a row whose first location has no coordinates: the
 * first one of the clinic that has them, in the row's state (so a --state
 * report maps nothing elsewhere). Which location is first depends on which
 * page the crawl stored first; a clinic with coordinates on any page is on
 * the map. */
static int
report_geo(struct index *idx, struct report_row *row, int64_t cid, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (row->has_geo)
		return 0;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT lat, lon FROM locations WHERE clinic_id = ?1"
	                            " AND lat IS NOT NULL AND lon IS NOT NULL"
	                            " AND (?2 = '' OR state = ?2) ORDER BY id LIMIT 1",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, cid);
	index_sql_bind_text(st, 2, row->v[RC_STATE]);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row->has_geo = true;
		row->lat = sqlite3_column_double(st, 0);
		row->lon = sqlite3_column_double(st, 1);
	} else if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot read the report");
	index_sql_done(idx, st);
	return rc;
}

static int
report_read(struct index *idx, const struct search_filter *f, struct report *rep,
            struct cd_error *err)
{
	struct search_filter all;
	bool has_org = false;
	size_t i, j;
	int rc = 0;

	all = *f;
	all.limit = 0;
	all.offset = 0;
	if ((rc = report_has_org_exclusions(idx, &has_org, err)) != 0 ||
	    (rc = index_search_clinics(idx, &all, report_clinic_cb, rep, err)) != 0)
		return rc;
	for (i = 0; i < rep->n; i++) {
		int64_t cid = strtoll(rep->rows[i].v[RC_ID], NULL, 10);

		if ((rc = report_director(idx, rep, &rep->rows[i], cid, err)) != 0 ||
		    (rc = report_statements_of(idx, &rep->rows[i], cid, err)) != 0 ||
		    (rc = report_exclusions(idx, &rep->rows[i], cid, has_org, err)) != 0 ||
		    (rc = report_geo(idx, &rep->rows[i], cid, err)) != 0)
			return rc;
		for (j = 0; j < RC_N; j++)
			if (rep->rows[i].v[j] == NULL)
				rep->rows[i].v[j] = xstrdup("");
	}
	return 0;
}

/* ---- counting ---- */

static bool
report_holds(const struct report_var *v, const struct report_row *row)
{
	const char *s = row->v[v->col];
	size_t i, n;

	switch (v->test) {
	case RT_FILLED:
		return s[0] != '\0';
	case RT_EQUALS:
		return strcmp(s, v->arg) == 0;
	case RT_TOKEN:
		n = strlen(v->arg);
		for (const char *p = s; (p = strstr(p, v->arg)) != NULL; p += n)
			if ((p == s || p[-1] == ';') && (p[n] == '\0' || p[n] == ';'))
				return true;
		return false;
	case RT_PREFIX:
		/* "Dermatology (207N00000X)": the code in parentheses */
		if ((s = strrchr(s, '(')) == NULL)
			return false;
		for (i = 0; i < sizeof report_derm_plastic / sizeof report_derm_plastic[0]; i++)
			if (strncmp(s + 1, report_derm_plastic[i], strlen(report_derm_plastic[i])) == 0)
				return true;
		return false;
	}
	return false;
}

/* Counts variable v among the rows of state (NULL: all). */
void
report_count(const struct report *rep, const struct report_var *v, const char *state,
             struct report_cell *c)
{
	double lo = 0, hi = 0;
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < rep->n; i++) {
		const struct report_row *row = &rep->rows[i];

		if (state != NULL && strcmp(row->v[RC_STATE], state) != 0)
			continue;
		if (v->denom != RC_N && row->v[v->denom][0] == '\0')
			continue;
		c->n++;
		if (report_holds(v, row))
			c->k++;
	}
	snprintf(c->count, sizeof c->count, "%ld", c->k);
	snprintf(c->denom, sizeof c->denom, "%ld", c->n);
	if (c->n > 0) {
		report_wilson(c->k, c->n, &lo, &hi);
		snprintf(c->pct, sizeof c->pct, "%.1f", 100.0 * (double)c->k / (double)c->n);
		snprintf(c->lo, sizeof c->lo, "%.1f", 100.0 * lo);
		snprintf(c->hi, sizeof c->hi, "%.1f", 100.0 * hi);
	}
}

static int
report_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct states of the rows, sorted ("" for clinics without one
 * last, shown as "unknown"). *n receives their number. */
const char **
report_states(const struct report *rep, size_t *n)
{
	const char **s = xcalloc(rep->n + 1, sizeof *s);
	size_t i, k = 0, out = 0;

	for (i = 0; i < rep->n; i++)
		s[k++] = rep->rows[i].v[RC_STATE];
	qsort(s, k, sizeof *s, report_cmp_str);
	for (i = 0; i < k; i++)
		if (out == 0 || strcmp(s[out - 1], s[i]) != 0)
			s[out++] = s[i];
	if (out > 0 && s[0][0] == '\0') {   /* "" sorts first: move it last */
		memmove(s, s + 1, (out - 1) * sizeof *s);
		s[out - 1] = "";
	}
	*n = out;
	return s;
}

const char *
report_group(const char *state)
{
	return state == NULL ? "all" : state[0] ? state : "unknown";
}

/* ---- CSV ---- */

static int
report_csv(const struct report *rep, FILE *out)
{
	size_t i;

	if (csv_write_record(out, report_columns, RC_N) != 0)
		return CD_EIO;
	for (i = 0; i < rep->n; i++) {
		const char *f[RC_N];
		size_t j;

		for (j = 0; j < RC_N; j++)
			f[j] = rep->rows[i].v[j];
		if (csv_write_record(out, f, RC_N) != 0)
			return CD_EIO;
	}
	return 0;
}

static int
report_summary_csv(const struct report *rep, FILE *out)
{
	size_t ns = 0, g, i;
	const char **states = report_states(rep, &ns);
	int rc = 0;

	if (csv_write_record(out, report_summary_columns, 7) != 0) {
		rc = CD_EIO;
		goto out;
	}
	for (g = 0; g <= ns; g++)
		for (i = 0; i < REPORT_NVARS; i++) {
			struct report_cell c;
			const char *state = g == 0 ? NULL : states[g - 1];
			const char *f[7];

			report_count(rep, &report_vars[i], state, &c);
			f[0] = report_group(state);
			f[1] = report_vars[i].name;
			f[2] = c.count;
			f[3] = c.denom;
			f[4] = c.pct;
			f[5] = c.lo;
			f[6] = c.hi;
			if (csv_write_record(out, f, 7) != 0) {
				rc = CD_EIO;
				goto out;
			}
		}
out:
	free(states);
	return rc;
}

int
report_write(struct index *idx, const struct search_filter *f, enum report_format fmt,
             report_taxonomy_name_fn *taxonomy_name, const void *taxonomy_arg, FILE *out,
             struct cd_error *err)
{
	struct report rep;
	int rc = 0;

	memset(&rep, 0, sizeof rep);
	rep.err = err;
	rep.taxonomy_name = taxonomy_name;
	rep.taxonomy_arg = taxonomy_arg;
	if ((rc = report_read(idx, f, &rep, err)) != 0)
		goto out;
	rc = fmt == REPORT_CSV ? report_csv(&rep, out) :
	     fmt == REPORT_SUMMARY_CSV ? report_summary_csv(&rep, out) : report_html(&rep, out);
	if (rc != 0)
		rc = cd_error_set(err, CD_EIO, "cannot write the report");
out:
	report_release(&rep);
	return rc;
}
