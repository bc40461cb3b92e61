/* stats.c: what the directory holds, counted: sites, pages, clinics,
 * practitioners, and claims by status (stats, report and crawl summaries). */
#include <string.h>
#include "index/internal.h"
#include "index/query.h"

int
index_get_stats(struct index *idx, struct index_stats *s, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	memset(s, 0, sizeof *s);
	if ((rc = index_sql_prepare(
		     idx,
		     "SELECT (SELECT count(*) FROM sites),"
		     " (SELECT count(*) FROM pages),"
		     " (SELECT count(*) FROM pages WHERE status BETWEEN 200 AND 299 OR status = 304),"
		     " (SELECT count(*) FROM frontier WHERE state = 0),"
		     " (SELECT count(*) FROM clinics),"
		     " (SELECT count(*) FROM clinic_locations),"
		     " (SELECT count(*) FROM practitioners)",
		     &st, err)) != 0)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot count the directory");
		goto out;
	}
	s->sites = sqlite3_column_int64(st, 0);
	s->pages = sqlite3_column_int64(st, 1);
	s->pages_ok = sqlite3_column_int64(st, 2);
	s->frontier_queued = sqlite3_column_int64(st, 3);
	s->clinics = sqlite3_column_int64(st, 4);
	s->locations = sqlite3_column_int64(st, 5);
	s->practitioners = sqlite3_column_int64(st, 6);
	rc = index_count_claims(idx, 0, &s->claims, s->claims_by_status, NULL, err);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_count_claims(struct index *idx, int64_t site_id, int64_t *claims,
                   int64_t by_status[CLAIM_STATUS_COUNT], int64_t *services,
                   struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*claims = 0;
	memset(by_status, 0, CLAIM_STATUS_COUNT * sizeof by_status[0]);
	if (services != NULL)
		*services = 0;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT status, count(*), count(*) FILTER (WHERE kind = 'service')"
	                            " FROM clinic_claims WHERE ?1 <= 0 OR clinic_id IN"
	                            " (SELECT id FROM clinics WHERE site_id = ?1) GROUP BY status",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		enum claim_status s = CLAIM_UNCHECKED;
		int64_t n = sqlite3_column_int64(st, 1);

		/* a status this program does not know counts as unchecked, so
		 * the statuses still add up to the claims */
		(void)claim_status_parse(index_sql_text(st, 0), &s);
		by_status[s] += n;
		*claims += n;
		if (services != NULL)
			*services += sqlite3_column_int64(st, 2);
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot count claims");
	index_sql_done(idx, st);
	return rc;
}
