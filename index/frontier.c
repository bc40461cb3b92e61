/* frontier.c: the URLs a crawl still has to fetch, kept in SQLite so that a
 * killed crawl resumes where it stopped. The index frontier_next (site_id,
 * state, priority DESC, id) hands out the next items without a sort. */
#include <stdlib.h>
#include <time.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/internal.h"

/* SQLite's default limit on ? parameters is 32766; stay well below it. */
#define FRONTIER_MAX_EXCLUDE 30000
/* index_frontier_next's SQL: its fixed text and ", ?" per excluded id. */
#define FRONTIER_NEXT_SQL_MAX (512 + 3 * FRONTIER_MAX_EXCLUDE)

int
index_frontier_add(struct index *idx, int64_t site_id, const char *url, int depth,
                   int priority, bool *added, struct cd_error *err)
{
	return index_frontier_add_state(idx, site_id, url, depth, priority, FRONTIER_QUEUED, added,
	                                err);
}

int
index_frontier_add_state(struct index *idx, int64_t site_id, const char *url, int depth,
                         int priority, enum frontier_state state, bool *added,
                         struct cd_error *err)
{
	return index_frontier_add_row(idx, site_id, url, depth, priority, state, added, NULL, err);
}

int
index_frontier_add_row(struct index *idx, int64_t site_id, const char *url, int depth,
                       int priority, enum frontier_state state, bool *added, bool *inserted,
                       struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (added)
		*added = false;
	if (inserted)
		*inserted = false;
	/* a known row changes only when it waits deferred: found again within
	 * the limits it is queued, found shallower it keeps the smaller depth */
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO frontier (site_id, url, depth, priority, added, state) "
	                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (url) DO UPDATE SET "
	                            "state = excluded.state, depth = min(depth, excluded.depth) "
	                            "WHERE frontier.state = 4 AND frontier.site_id = excluded.site_id "
	                            "AND (excluded.state = 0 OR excluded.depth < frontier.depth)",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	index_sql_bind_text(st, 2, url);
	sqlite3_bind_int(st, 3, depth);
	sqlite3_bind_int(st, 4, priority);
	sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
	sqlite3_bind_int(st, 6, (int)state);
	/* an upsert that updates leaves the last insert rowid as it is: 0 here
	 * (no row has rowid 0) tells an insert from an update */
	sqlite3_set_last_insert_rowid(idx->db, 0);
	if ((rc = index_sql_step_done(idx, st, "cannot add URL to the frontier", err)) != 0)
		goto out;
	if (added)
		*added = sqlite3_changes(idx->db) > 0;
	if (inserted)
		*inserted = sqlite3_changes(idx->db) > 0 && sqlite3_last_insert_rowid(idx->db) != 0;
out:
	index_sql_done(idx, st);
	return rc;
}

/* Runs a one-row, one-integer query with up to one int64 parameter. */
static int
frontier_count_query(struct index *idx, const char *sql, int64_t param, int64_t *n,
                     struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
		goto out;
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, param);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot count the frontier");
		goto out;
	}
	*n = sqlite3_column_int64(st, 0);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_frontier_count(struct index *idx, int64_t site_id, int64_t *n, struct cd_error *err)
{
	return frontier_count_query(idx, "SELECT count(*) FROM frontier WHERE site_id = ?1 "
	                            "AND state <> 4", site_id, n, err);
}

int
index_frontier_count_deferred(struct index *idx, int64_t site_id, int64_t *n,
                              struct cd_error *err)
{
	return frontier_count_query(idx, "SELECT count(*) FROM frontier WHERE site_id = ?1 "
	                            "AND state = 4", site_id, n, err);
}

int
index_frontier_promote(struct index *idx, int64_t site_id, long max_depth, long max_pages,
                       int64_t *n, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (n)
		*n = 0;
	if ((rc = index_sql_prepare(idx,
	                            "UPDATE frontier SET state = 0 WHERE id IN (SELECT id FROM frontier "
	                            "WHERE site_id = ?1 AND state = 4 AND depth <= ?2 "
	                            "ORDER BY priority DESC, depth, id LIMIT max(0, ?3 - "
	                            "(SELECT count(*) FROM frontier WHERE site_id = ?1 AND state <> 4)))",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, max_depth);
	sqlite3_bind_int64(st, 3, max_pages);
	if ((rc = index_sql_step_done(idx, st, "cannot queue deferred links", err)) != 0)
		goto out;
	if (n)
		*n = sqlite3_changes(idx->db);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_frontier_pending(struct index *idx, int64_t *n, struct cd_error *err)
{
	return frontier_count_query(idx, "SELECT count(*) FROM frontier WHERE state = 0", 0, n,
	                            err);
}

int
index_frontier_next(struct index *idx, int64_t site_id, size_t max, const int64_t *exclude,
                    size_t n_exclude, struct frontier_item **items, size_t *n,
                    struct cd_error *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	struct frontier_item *it = NULL;
	size_t count = 0, cap = 0, i = 0;
	int rc = 0, step = 0, r = 0;

	*items = NULL;
	*n = 0;
	if (max == 0)
		return 0;
	if (n_exclude > FRONTIER_MAX_EXCLUDE)
		return cd_error_set(err, CD_EINVAL, "too many frontier items in flight (%zu)",
		                    n_exclude);
	buf_init(&sql, FRONTIER_NEXT_SQL_MAX);
	r |= buf_puts(&sql, "SELECT id, site_id, url, depth, attempts FROM frontier WHERE"
	                    " site_id = ?1 AND state = 0 AND (retry_at IS NULL OR retry_at <= ?2)");
	if (n_exclude > 0) {
		r |= buf_puts(&sql, " AND id NOT IN (");
		for (i = 0; i < n_exclude; i++)
			r |= buf_puts(&sql, i ? ", ?" : "?");
		r |= buf_puts(&sql, ")");
	}
	r |= buf_puts(&sql, " ORDER BY priority DESC, id LIMIT ?");
	if (r != 0) {
		rc = cd_error_set(err, CD_EINVAL, "the next frontier items' query is too long");
		goto out;
	}
	if ((rc = index_sql_prepare(idx, buf_str(&sql), &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	for (i = 0; i < n_exclude; i++)
		sqlite3_bind_int64(st, (int)i + 3, exclude[i]);
	sqlite3_bind_int64(st, (int)n_exclude + 3, max > INT64_MAX ? INT64_MAX : (int64_t)max);

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : (max < 64 ? max : 64);
			it = xreallocarray(it, cap, sizeof *it);
		}
		it[count].id = sqlite3_column_int64(st, 0);
		it[count].site_id = sqlite3_column_int64(st, 1);
		it[count].url = xstrdup(index_sql_text(st, 2));
		it[count].depth = sqlite3_column_int(st, 3);
		it[count].attempts = sqlite3_column_int(st, 4);
		count++;
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read the frontier");
		goto out;
	}
	*items = it;
	*n = count;
	it = NULL; /* transferred */
	count = 0;
out:
	for (i = 0; i < count; i++)
		free(it[i].url);
	free(it);
	index_sql_done(idx, st);
	buf_release(&sql);
	return rc;
}

int
index_frontier_mark(struct index *idx, int64_t id, enum frontier_state state,
                    const char *reason, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx, "UPDATE frontier SET state = ?2, reason = ?3 WHERE id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, (int)state);
	index_sql_bind_text(st, 3, reason);
	if ((rc = index_sql_step_done(idx, st, "cannot update the frontier", err)) != 0)
		goto out;
	if (sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no frontier item %lld", (long long)id);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_frontier_attempt(struct index *idx, int64_t id, enum frontier_state state, int attempts,
                       int64_t retry_at, const char *reason, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE frontier SET state = ?2, attempts = ?3, retry_at = ?4, "
	                            "reason = ?5 WHERE id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, (int)state);
	sqlite3_bind_int(st, 3, attempts);
	if (retry_at > 0)
		sqlite3_bind_int64(st, 4, retry_at);
	else
		sqlite3_bind_null(st, 4);
	index_sql_bind_text(st, 5, reason);
	if ((rc = index_sql_step_done(idx, st, "cannot update the frontier", err)) != 0)
		goto out;
	if (sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no frontier item %lld", (long long)id);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_frontier_next_retry(struct index *idx, int64_t site_id, int64_t now, int64_t *when,
                          struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*when = 0;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT min(retry_at) FROM frontier WHERE site_id = ?1 "
	                            "AND state = 0 AND retry_at > ?2",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot read the frontier");
		goto out;
	}
	*when = sqlite3_column_int64(st, 0);   /* 0 for NULL: none waits */
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_frontier_count_prefix(struct index *idx, int64_t site_id, const char *prefix,
                            int64_t *n, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*n = 0;
	/* a range on the unique url index, not a LIKE (whose wildcards the
	 * prefix may hold): url >= prefix AND url < prefix || U+10FFFF */
	if ((rc = index_sql_prepare(idx,
	                            "SELECT count(*) FROM frontier WHERE url >= ?2 "
	                            "AND url < ?2 || char(1114111) AND site_id = ?1",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	index_sql_bind_text(st, 2, prefix);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot count the frontier");
		goto out;
	}
	*n = sqlite3_column_int64(st, 0);
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_frontier_requeue_stale(struct index *idx, int64_t site_id, int64_t older_than,
                             int64_t *n, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (n)
		*n = 0;
	/* a failed item with no page row counts as fetched long ago */
	if ((rc = index_sql_prepare(idx,
	                            "UPDATE frontier SET state = 0, attempts = 0, retry_at = NULL, "
	                            "reason = NULL WHERE site_id = ?1 AND state IN (1, 2) AND "
	                            "coalesce((SELECT fetched_at FROM pages "
	                            "WHERE pages.url = frontier.url), 0) <= ?2",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, older_than);
	if ((rc = index_sql_step_done(idx, st, "cannot requeue stale pages", err)) != 0)
		goto out;
	if (n)
		*n = sqlite3_changes(idx->db);
out:
	index_sql_done(idx, st);
	return rc;
}
