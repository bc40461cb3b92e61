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

/* The display name of an NPPES taxonomy code ("Dermatology" for
 * 207N00000X), or NULL. The names live in the verify section of
 * rules.json, which registry/ reads: the caller passes the lookup, as
 * index/ may not depend on registry/. */
typedef const char *report_taxonomy_name_fn(const void *arg, const char *code);

/* Writes the report of the clinics f selects (its limit and offset are
 * ignored: a study counts them all) to out. CSV cells are made inert as
 * the export's; HTML is one self-contained page, every stored string
 * escaped. The director's specialty is named by taxonomy_name(taxonomy_arg,
 * code) (NULL: "other (CODE)"). */
int report_write(struct index *idx, const struct search_filter *f, enum report_format fmt,
                 report_taxonomy_name_fn *taxonomy_name, const void *taxonomy_arg,
                 FILE *out, struct cd_error *err);

/* The 95% Wilson score interval of k successes in n (n > 0), in [0, 1]. */
void report_wilson(long k, long n, double *lo, double *hi);

#endif
