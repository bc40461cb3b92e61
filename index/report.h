/* report.h: the oversight study of `clinicdex report` (issue 18): one row
 * per clinic with the variables published med-spa studies record
 * (Gibson et al., Dermatol Surg 2019; the North Carolina survey), each
 * with the URL of the page that says it, and their summary overall and
 * by state (counts, denominators, 95% Wilson intervals). */
#ifndef CD_REPORT_H
#define CD_REPORT_H
#include <stdio.h>
#include "index/index.h"
#include "index/query.h"

enum report_format {
	REPORT_CSV = 0,      /* one row per clinic */
	REPORT_SUMMARY_CSV,  /* the summary table */
	REPORT_HTML,         /* the summary, a bar chart per variable, the rows */
};

/* The per-clinic CSV columns, NULL-terminated. */
extern const char *const report_columns[];
/* The summary CSV columns, NULL-terminated. */
extern const char *const report_summary_columns[];

/* Writes the report of the clinics f selects (its limit and offset are
 * ignored: a study counts them all) to out. CSV cells are made inert as
 * the export's; HTML is one self-contained page, every stored string
 * escaped. */
int report_write(struct index *idx, const struct search_filter *f, enum report_format fmt,
                 FILE *out, struct cd_error *err);

/* The 95% Wilson score interval of k successes in n (n > 0), in [0, 1]. */
void report_wilson(long k, long n, double *lo, double *hi);

#endif
