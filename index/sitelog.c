/* sitelog.c: a site's crawl outcome read back from its frontier and
 * pages: why its pages failed or were skipped (see sitelog.h). */
#include <stdlib.h>
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/query.h"
#include "index/sitelog.h"

#define SITELOG_TIME(col) "coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch'), '')"

/* The frontier states a user reads, by enum frontier_state. */
static const char *const sitelog_state[] = { "waiting", "done", "failed", "skipped",
                                             "deferred" };

static int
sitelog_failures(struct index *idx, int64_t site_id, size_t max, json_object *o,
                 struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	json_object *arr = json_object_new_array();
	int64_t total = 0;
	int rc = 0, step = 0;

	json_object_object_add(o, "failures", arr);
	/* failed and skipped items, and queued ones told why they wait */
	if ((rc = index_sql_prepare(idx,
	                            "SELECT url, state, coalesce(reason, '') FROM frontier "
	                            "WHERE site_id = ?1 AND (state IN (2, 3) OR "
	                            "(state = 0 AND reason IS NOT NULL)) ORDER BY id",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int state = sqlite3_column_int(st, 1);
		json_object *f = NULL;

		if (total++ >= (int64_t)max)
			continue;
		f = json_object_new_object();
		json_object_object_add(f, "url", json_object_new_string(index_sql_text(st, 0)));
		json_object_object_add(f, "state", json_object_new_string(
			state >= 0 && (size_t)state < sizeof sitelog_state / sizeof *sitelog_state
			? sitelog_state[state] : "unknown"));
		json_object_object_add(f, "reason", json_object_new_string(index_sql_text(st, 2)));
		json_object_array_add(arr, f);
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot read the site's failures");
	json_object_object_add(o, "failures_total", json_object_new_int64(total));
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_site_log_json(struct index *idx, const char *host_or_key, size_t max,
                    json_object **out, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	json_object *o = NULL;
	int64_t site_id = 0;
	int rc = 0;

	*out = NULL;
	if ((rc = index_site_find(idx, host_or_key, &site_id, err)) != 0)
		goto out;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT s.key, " SITELOG_TIME("s.first_seen") ", "
	                            SITELOG_TIME("(SELECT last_crawled FROM clinics c"
	                                         " WHERE c.site_id = s.id)") ", "
	                            "coalesce(s.robots_status, 0), coalesce(s.set_aside, ''),"
	                            " (SELECT count(*) FROM pages p WHERE p.site_id = s.id),"
	                            " (SELECT count(*) FROM pages p WHERE p.site_id = s.id"
	                            "  AND p.status BETWEEN 200 AND 299),"
	                            " (SELECT count(*) FROM frontier f WHERE f.site_id = s.id"
	                            "  AND f.state = 0),"
	                            " (SELECT count(*) FROM frontier f WHERE f.site_id = s.id"
	                            "  AND f.state = 4)"
	                            " FROM sites s WHERE s.id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot read the site");
		goto out;
	}
	o = json_object_new_object();
	json_object_object_add(o, "site", json_object_new_string(index_sql_text(st, 0)));
	json_object_object_add(o, "first_seen", json_object_new_string(index_sql_text(st, 1)));
	json_object_object_add(o, "last_crawled", json_object_new_string(index_sql_text(st, 2)));
	json_object_object_add(o, "robots_status", json_object_new_int(sqlite3_column_int(st, 3)));
	json_object_object_add(o, "set_aside", json_object_new_string(index_sql_text(st, 4)));
	json_object_object_add(o, "pages", json_object_new_int64(sqlite3_column_int64(st, 5)));
	json_object_object_add(o, "pages_ok", json_object_new_int64(sqlite3_column_int64(st, 6)));
	json_object_object_add(o, "queued", json_object_new_int64(sqlite3_column_int64(st, 7)));
	json_object_object_add(o, "deferred", json_object_new_int64(sqlite3_column_int64(st, 8)));
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = sitelog_failures(idx, site_id, max, o, err)) != 0)
		goto out;
	*out = o;
	o = NULL; /* transferred */
out:
	json_object_put(o);
	index_sql_done(idx, st);
	return rc;
}

int
index_clinic_show_json(struct index *idx, const char *ref, size_t max, json_object **out,
                       struct cd_error *err)
{
	json_object *clinic = NULL, *log = NULL, *site = NULL, *v = NULL;
	int rc = 0;

	*out = NULL;
	if ((rc = index_clinic_json(idx, ref, &clinic, err)) != 0)
		return rc;
	if (json_object_object_get_ex(clinic, "site", &site) &&
	    (rc = index_site_log_json(idx, json_object_get_string(site), max, &log, err)) != 0) {
		json_object_put(clinic);
		return rc;
	}
	if (log != NULL && json_object_object_get_ex(log, "failures", &v))
		json_object_object_add(clinic, "failures", json_object_get(v));
	json_object_put(log);
	*out = clinic;
	return 0;
}
