/* report_impl.h: the report's rows and summary lines as report.c (reading,
 * counting, CSV) and report_html.c (the HTML page) share them. Nothing
 * outside those two includes it. */
#ifndef CD_REPORT_IMPL_H
#define CD_REPORT_IMPL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "common/error.h"
#include "index/report.h"

enum report_col {
	RC_ID = 0, RC_NAME, RC_SITE, RC_STATE,
	RC_DIRECTOR, RC_DIRECTOR_URL, RC_DIRECTOR_CREDS, RC_DIRECTOR_SPECIALTY,
	RC_BOARD, RC_BOARD_STATUS, RC_BOARD_URL,
	RC_SUPERVISION, RC_SUPERVISION_URL, RC_ON_SITE, RC_ON_SITE_URL,
	RC_OWNED, RC_OWNED_URL, RC_PERFORMED, RC_PERFORMED_URL,
	RC_SERVICES, RC_CONFLICTS, RC_EXCLUSIONS, RC_EXCLUSIONS_URL,
	RC_N
};

/* What a summary line counts: rows where test holds, among the rows
 * where the denominator's column is filled (RC_N: all rows). */
enum report_test { RT_FILLED, RT_EQUALS, RT_TOKEN, RT_PREFIX };
struct report_var {
	const char *name;
	enum report_col col;
	enum report_test test;
	const char *arg;
	enum report_col denom;
};
extern const struct report_var report_vars[];
extern const size_t report_nvars;

struct report_row {
	char *v[RC_N];
	bool has_geo;        /* for the map: its first location with coordinates */
	double lat, lon;
};

struct report {
	struct report_row *rows;
	size_t n;
	struct cd_error *err;
	report_taxonomy_name_fn *taxonomy_name;  /* may be NULL */
	const void *taxonomy_arg;
};

struct report_cell {
	long k, n;
	char count[24], denom[24], pct[16], lo[16], hi[16];
};

/* Counts variable v among the rows of state (NULL: all). */
void report_count(const struct report *rep, const struct report_var *v, const char *state,
                  struct report_cell *c);
/* The distinct states of the rows, sorted ("" for clinics without one
 * last, shown as "unknown"). *n receives their number; free the list. */
const char **report_states(const struct report *rep, size_t *n);
/* The name of a state's group: "all" for NULL, "unknown" for "". */
const char *report_group(const char *state);
/* Writes rep as one HTML page (summary, charts, map, rows) to out:
 * 0, or CD_EIO. */
int report_html(const struct report *rep, FILE *out);

#endif
