/* page.c: fetched pages: stored with their body (kept once per SHA-256,
 * compressed when smaller), read back for re-extraction, and refreshed
 * after a 304. */
#include <stdlib.h>
#include <string.h>
#include "common/sha256.h"
#include "common/xalloc.h"
#include "index/bodyz.h"
#include "index/internal.h"

/* Drops the body hash unless a page still refers to it. */
static int
index_body_gc(struct index *idx, const char *hash, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "DELETE FROM bodies WHERE hash = ?1 AND NOT EXISTS "
	                            "(SELECT 1 FROM pages WHERE body_hash = ?1)",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, hash);
	rc = index_sql_step_done(idx, st, "cannot drop an old page body", err);
out:
	index_sql_done(idx, st);
	return rc;
}

/* Keeps p's body under its SHA-256 (hex in hash[65]) unless a page
 * already has it, compressed when that is smaller (bodyz.h). */
static int
index_body_put(struct index *idx, const struct index_page *p, char hash[65],
               struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	unsigned char *packed = NULL;
	size_t packed_len = 0;
	int rc = 0;

	sha256_hex(p->body, p->body_len, hash);
	if ((rc = index_sql_prepare(idx, "INSERT OR IGNORE INTO bodies (hash, body) VALUES (?1, ?2)",
	                            &st, err)) != 0)
		return rc;
	index_sql_bind_text(st, 1, hash);
	if (bodyz_pack(p->body, p->body_len, &packed, &packed_len))
		sqlite3_bind_blob64(st, 2, packed, packed_len, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, 2, p->body, (int)p->body_len, SQLITE_STATIC);
	rc = index_sql_step_done(idx, st, "cannot store page body", err);
	index_sql_done(idx, st);
	free(packed);
	return rc;
}

/* The page row keeps its id when the URL is fetched again, so what other
 * tables say about it stays attached until index_facts_replace. A 304
 * (not modified) keeps the stored body. */
int
index_page_store(struct index *idx, int64_t site_id, const struct index_page *p,
                 int64_t *page_id, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	char hash[65] = "";
	char *old_hash = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_savepoint(idx, "page_store", err)) != 0)
		goto out;
	if ((rc = index_sql_prepare(idx, "SELECT body_hash FROM pages WHERE url = ?1", &st,
	                            err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, p->url);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		old_hash = xstrdup(index_sql_text(st, 0));
	else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot store page");
		goto fail;
	}
	index_sql_done(idx, st);
	st = NULL;

	if (p->body && (rc = index_body_put(idx, p, hash, err)) != 0)
		goto fail;

	if ((rc = index_sql_prepare(
		     idx,
		     "INSERT INTO pages (site_id, url, final_url, status, content_type, fetched_at,"
		     "  etag, last_modified, body_hash, bytes, error) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		     "ON CONFLICT (url) DO UPDATE SET site_id = excluded.site_id,"
		     "  final_url = CASE WHEN excluded.status = 304 THEN final_url"
		     "    ELSE excluded.final_url END,"
		     "  status = excluded.status, content_type = excluded.content_type,"
		     "  fetched_at = excluded.fetched_at, etag = excluded.etag,"
		     "  last_modified = excluded.last_modified,"
		     "  body_hash = CASE WHEN excluded.status = 304 THEN body_hash"
		     "    ELSE excluded.body_hash END,"
		     "  bytes = excluded.bytes, error = excluded.error",
		     &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, site_id);
	index_sql_bind_text(st, 2, p->url);
	index_sql_bind_text(st, 3, p->final_url ? p->final_url : p->url);
	sqlite3_bind_int64(st, 4, p->status);
	index_sql_bind_text(st, 5, p->content_type);
	sqlite3_bind_int64(st, 6, p->fetched_at);
	index_sql_bind_text(st, 7, p->etag);
	index_sql_bind_text(st, 8, p->last_modified);
	index_sql_bind_text(st, 9, p->body ? hash : NULL);
	sqlite3_bind_int64(st, 10, p->bytes);
	index_sql_bind_text(st, 11, p->error);
	if ((rc = index_sql_step_done(idx, st, "cannot store page", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	st = NULL;

	if (old_hash && strcmp(old_hash, hash) != 0 &&
	    (rc = index_body_gc(idx, old_hash, err)) != 0)
		goto fail;

	if ((rc = index_sql_prepare(idx, "SELECT id FROM pages WHERE url = ?1", &st, err)) != 0)
		goto fail;
	index_sql_bind_text(st, 1, p->url);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = index_sql_fail(idx, err, "cannot store page");
		goto fail;
	}
	if (page_id)
		*page_id = sqlite3_column_int64(st, 0);
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = index_sql_release(idx, "page_store", err)) != 0)
		goto fail;
	goto out;
fail:
	index_sql_done(idx, st);
	st = NULL;
	index_sql_rollback_to(idx, "page_store");
out:
	index_sql_done(idx, st);
	free(old_hash);
	return rc;
}

/* ---- reading pages back ---- */

/* The ids are read first so that cb may write (extract re-runs facts
 * replacement from inside the walk) without a statement left open. */
int
index_pages_foreach(struct index *idx, int64_t site_id,
                    int (*cb)(const struct stored_page *, void *), void *arg,
                    struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	char *url = NULL, *body = NULL;
	const void *data = NULL;
	bool is_blob = false;
	size_t n = 0, cap = 0, i = 0;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT id FROM pages WHERE body_hash IS NOT NULL "
	                            "AND (?1 <= 0 OR site_id = ?1) ORDER BY id",
	                            &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, site_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read pages");
		goto out;
	}
	index_sql_done(idx, st);
	st = NULL;

	if ((rc = index_sql_prepare(idx,
	                            "SELECT p.site_id, coalesce(p.final_url, p.url), b.body "
	                            "FROM pages p JOIN bodies b ON b.hash = p.body_hash "
	                            "WHERE p.id = ?1",
	                            &st, err)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct stored_page sp = { 0 };

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		step = sqlite3_step(st);
		if (step == SQLITE_DONE)
			continue;   /* gone since the ids were read */
		if (step != SQLITE_ROW) {
			rc = index_sql_fail(idx, err, "cannot read page");
			goto out;
		}
		/* copies, so that no statement is open while cb runs */
		sp.page_id = ids[i];
		sp.site_id = sqlite3_column_int64(st, 0);
		url = xstrdup(index_sql_text(st, 1));
		is_blob = sqlite3_column_type(st, 2) == SQLITE_BLOB;
		/* text (or blob) before bytes, as SQLite asks */
		data = is_blob ? sqlite3_column_blob(st, 2) : (const void *)index_sql_text(st, 2);
		rc = bodyz_unpack(data, (size_t)sqlite3_column_bytes(st, 2), is_blob, &body,
		                  &sp.body_len, err);
		sqlite3_reset(st);
		if (rc != 0) {
			free(url);
			url = NULL;
			goto out;
		}
		sp.url = url;
		sp.body = body;
		rc = cb(&sp, arg);
		free(url);
		free(body);
		url = body = NULL;
		if (rc != 0)
			goto out;
	}
out:
	index_sql_done(idx, st);
	free(ids);
	return rc;
}

/* ---- recrawl ---- */

int
index_page_validators(struct index *idx, const char *url, char **etag, char **last_modified,
                      struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*etag = *last_modified = NULL;
	/* only a kept 2xx body can stand for a 304 */
	if ((rc = index_sql_prepare(idx,
	                            "SELECT etag, last_modified FROM pages WHERE url = ?1 "
	                            "AND status BETWEEN 200 AND 299 AND body_hash IS NOT NULL "
	                            "AND error IS NULL",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, url);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			*etag = xstrdup(index_sql_text(st, 0));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			*last_modified = xstrdup(index_sql_text(st, 1));
	} else if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot read page validators");
	}
out:
	index_sql_done(idx, st);
	return rc;
}

int
index_page_refresh(struct index *idx, const char *url, int64_t fetched_at, const char *etag,
                   const char *last_modified, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "UPDATE pages SET fetched_at = ?2, etag = coalesce(?3, etag), "
	                            "last_modified = coalesce(?4, last_modified) WHERE url = ?1",
	                            &st, err)) != 0)
		goto out;
	index_sql_bind_text(st, 1, url);
	sqlite3_bind_int64(st, 2, fetched_at);
	index_sql_bind_text(st, 3, etag);
	index_sql_bind_text(st, 4, last_modified);
	if ((rc = index_sql_step_done(idx, st, "cannot refresh page", err)) != 0)
		goto out;
	if (sqlite3_changes(idx->db) == 0)
		rc = cd_error_set(err, CD_ENOTFOUND, "no stored page %s", url);
out:
	index_sql_done(idx, st);
	return rc;
}
