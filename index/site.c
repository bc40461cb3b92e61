/* site.c: the sites table: a site and its clinic row made on first sight,
 * looked up by key or host, and what a crawl keeps of it (robots.txt, when
 * it was crawled, its health). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common/sitekey.h"
#include "common/xalloc.h"
#include "index/internal.h"

int
index_site_ensure(struct index *idx, const char *key, const char *base_url,
                  int64_t *site_id, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char *host = sitekey_host(key);
	int64_t now = (int64_t)time(NULL), id = 0;
	int rc = 0;

	if ((rc = index_sql_savepoint(idx, "site_ensure", err)) != 0)
		goto out;
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO sites (key, host, base_url, first_seen) "
	                            "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO NOTHING",
	                            &st, err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, key);
	index_sql_bind_text(st, 2, host);
	index_sql_bind_text(st, 3, base_url ? base_url : key);
	sqlite3_bind_int64(st, 4, now);
	if ((rc = index_sql_step_done(idx, st, "cannot add site", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	if ((rc = index_sql_prepare(idx, "SELECT id FROM sites WHERE key = ?1", &st, err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, key);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot add site");
		goto fail;
	}
	id = sqlite3_column_int64(st, 0);
	/* no clinic yet: a site becomes one with its first page read
	 * (index_facts_replace), so a site of which nothing could be fetched
	 * is no empty clinic in search and export */
	if ((rc = index_sql_release(idx, "site_ensure", err)) != 0)
		goto fail;
	*site_id = id;
	goto out;
fail:
	index_sql_rollback_to(idx, "site_ensure");
out:
	index_sql_done(idx, st);
	free(host);
	return rc;
}

int
index_site_find(struct index *idx, const char *host_or_key, int64_t *site_id,
                struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char *host = sitekey_host(host_or_key);
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT id FROM sites WHERE key = ?1 OR host = ?2 "
	                            "ORDER BY key = ?1 DESC, id LIMIT 1",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, host_or_key);
	index_sql_bind_text(st, 2, host);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*site_id = sqlite3_column_int64(st, 0);
	} else if (step == SQLITE_DONE) {
		rc = cd_error_set(err, CD_ENOTFOUND, "no site '%s' in the directory", host_or_key);
	} else {
		rc = index_sql_fail(idx, err, "cannot look up site");
	}
out:
	index_sql_done(idx, st);
	free(host);
	return rc;
}

/* Steps st, an UPDATE of the sites row site_id whose ?1 is that id (bound
 * here) and whose other columns the caller bound; done with st in any
 * case. CD_ENOTFOUND when no site has that id. */
static int
site_update_one(struct index *idx, sqlite3_stmt *st, int64_t site_id, const char *what,
                struct cd_error *err)
{
	int rc = 0;

	sqlite3_bind_int64(st, 1, site_id);
	if ((rc = index_sql_step_done(idx, st, what, err)) == 0 && sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no site with id %lld", (long long)site_id);
	index_sql_done(idx, st);
	return rc;
}

int
index_site_set_crawled(struct index *idx, int64_t site_id, int64_t when,
                       struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE clinics SET last_crawled = ?2 WHERE site_id = ?1",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_int64(st, 2, when);
	rc = index_sql_step_done(idx, st, "cannot update site", err);
	index_sql_done(idx, st);
	if (rc != 0 || (rc = index_sql_prepare(idx, "UPDATE sites SET last_crawled = ?2"
	                                       " WHERE id = ?1", &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 2, when);
	return site_update_one(idx, st, site_id, "cannot update site", err);
}

int
index_site_set_robots(struct index *idx, int64_t site_id, int status, const char *body,
                      int64_t when, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE sites SET robots_status = ?2, robots_body = ?3, "
	                            "robots_fetched = ?4 WHERE id = ?1",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_int(st, 2, status);
	index_sql_bind_text(st, 3, body);
	sqlite3_bind_int64(st, 4, when);
	return site_update_one(idx, st, site_id, "cannot store robots.txt", err);
}

/* Runs sql, a SELECT of the sites row site_id (?1), to its row: 0 with
 * *st on it (the caller gives it back with index_sql_done), CD_ENOTFOUND
 * when no site has that id, CD_EDB naming what. */
static int
site_select_one(struct index *idx, const char *sql, int64_t site_id, const char *what,
                sqlite3_stmt **st, struct cd_error *err)
{
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx, sql, st, err)) != 0)
		return rc;
	sqlite3_bind_int64(*st, 1, site_id);
	if ((step = sqlite3_step(*st)) == SQLITE_ROW)
		return 0;
	if (step == SQLITE_DONE)
		rc = cd_error_set(err, CD_ENOTFOUND, "no site with id %lld", (long long)site_id);
	else
		rc = index_sql_fail(idx, err, what);
	index_sql_done(idx, *st);
	*st = NULL;
	return rc;
}

int
index_site_get_robots(struct index *idx, int64_t site_id, int *status, char **body,
                      int64_t *when, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*status = 0;
	*body = NULL;
	if (when)
		*when = 0;
	if ((rc = site_select_one(idx, "SELECT robots_status, robots_body, robots_fetched"
	                          " FROM sites WHERE id = ?1", site_id, "cannot read robots.txt",
	                          &st, err)) != 0)
		return rc;
	if (sqlite3_column_type(st, 2) != SQLITE_NULL) {   /* else never fetched */
		*status = sqlite3_column_int(st, 0);
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			*body = xstrdup(index_sql_text(st, 1));
		if (when)
			*when = sqlite3_column_int64(st, 2);
	}
	index_sql_done(idx, st);
	return 0;
}

int
index_site_get_health(struct index *idx, int64_t site_id, int *failures, char **set_aside,
                      struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*failures = 0;
	*set_aside = NULL;
	if ((rc = site_select_one(idx, "SELECT failures, set_aside FROM sites WHERE id = ?1",
	                          site_id, "cannot read site", &st, err)) != 0)
		return rc;
	*failures = sqlite3_column_int(st, 0);
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		*set_aside = xstrdup(index_sql_text(st, 1));
	index_sql_done(idx, st);
	return 0;
}

int
index_site_set_health(struct index *idx, int64_t site_id, int failures, const char *set_aside,
                      struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE sites SET failures = ?2, set_aside = ?3 WHERE id = ?1",
	                            &st, err)) != 0)
		return rc;
	sqlite3_bind_int(st, 2, failures);
	index_sql_bind_text(st, 3, set_aside);
	return site_update_one(idx, st, site_id, "cannot update site", err);
}
