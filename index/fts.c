/* fts.c: the full-text side of the directory: one FTS5 document per clinic
 * (see INDEX_FTS_DOC_SQL), rebuilt by whoever changes the clinic, and the
 * translation of what a user typed into an FTS5 query that cannot be a
 * syntax error: every word becomes a quoted string. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/query.h"

#define TEXT_MAX_BYTES 1000
#define TEXT_MAX_TERMS 32
/* The FTS5 query of TEXT_MAX_BYTES of words: each byte a '"' doubled at
 * worst, and per word its quotes, a space and " *". */
#define TEXT_MAX_QUERY (2 * TEXT_MAX_BYTES + 5 * TEXT_MAX_TERMS)

/* fts_build's statements, each for every clinic ([0]) and for one
 * ([1]): a "?1 = 0 OR id = ?1" would read every clinic, and every FTS5
 * document, for each page a crawl stores. */
#define FTS_BOTH(sql, one) { sql, sql " WHERE " one }
static const char *const fts_build_sql[][2] = {
	FTS_BOTH("UPDATE clinics SET " INDEX_CLINIC_LISTS_SQL, "id = ?1"),
	FTS_BOTH("DELETE FROM clinic_fts", "rowid = ?1"),
	FTS_BOTH("INSERT INTO clinic_fts (rowid, name, codes, practitioners, evidence) "
	         INDEX_FTS_DOC_SQL, "c.id = ?1"),
};

/* Recomputes the lists and the document of clinic_id, or of every clinic
 * when clinic_id is 0. */
static int
fts_build(struct index *idx, int64_t clinic_id, struct cd_error *err)
{
	static const char *const what[] = { "cannot update the clinic lists",
		                            "cannot update the text index",
		                            "cannot update the text index" };
	sqlite3_stmt *st = NULL;
	int rc = 0;

	for (size_t i = 0; i < sizeof fts_build_sql / sizeof fts_build_sql[0] && rc == 0; i++) {
		if ((rc = index_sql_prepare(idx, fts_build_sql[i][clinic_id != 0], &st, err)) != 0)
			break;
		if (clinic_id != 0)
			sqlite3_bind_int64(st, 1, clinic_id);
		rc = index_sql_step_done(idx, st, what[i], err);
		index_sql_done(idx, st);
		st = NULL;
	}
	return rc;
}

int
index_fts_refresh(struct index *idx, int64_t clinic_id, struct cd_error *err)
{
	if (clinic_id <= 0)
		return 0;
	return fts_build(idx, clinic_id, err);
}

int
index_fts_rebuild(struct index *idx, struct cd_error *err)
{
	int rc = 0;

	if ((rc = index_sql_savepoint(idx, "fts_rebuild", err)) != 0)
		return rc;
	if ((rc = fts_build(idx, 0, err)) != 0 ||
	    (rc = index_sql_exec(idx, "INSERT INTO clinic_fts (clinic_fts) VALUES ('optimize')",
	                         err)) != 0 ||
	    (rc = index_sql_release(idx, "fts_rebuild", err)) != 0) {
		index_sql_rollback_to(idx, "fts_rebuild");
		return rc;
	}
	return 0;
}

/* True when the word has a character the tokenizer keeps (a letter or
 * digit; any non-ASCII byte may be one). */
static bool
fts_has_token(const char *s, size_t n)
{
	size_t i = 0;

	for (i = 0; i < n; i++)
		if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

int
index_text_query(const char *text, char **match, struct cd_error *err)
{
	struct buf q = BUF_INIT;
	const char *p = text, *w = NULL;
	size_t n = 0, i = 0, terms = 0;
	bool prefix = false;
	int rc = 0, r = 0;

	*match = NULL;
	if (strlen(text) > TEXT_MAX_BYTES)
		return cd_error_set(err, CD_EINVAL, "the text to search for is longer than %d bytes",
		                    TEXT_MAX_BYTES);
	buf_init(&q, TEXT_MAX_QUERY);
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		n = (size_t)(p - w);
		prefix = n > 1 && w[n - 1] == '*';
		if (prefix)
			n--;
		if (!fts_has_token(w, n))
			continue;
		if (++terms > TEXT_MAX_TERMS) {
			rc = cd_error_set(err, CD_EINVAL, "more than %d words to search for",
			                  TEXT_MAX_TERMS);
			goto out;
		}
		if (q.len)
			r |= buf_putc(&q, ' ');
		r |= buf_putc(&q, '"');
		for (i = 0; i < n; i++) {
			if (w[i] == '"')
				r |= buf_putc(&q, '"');
			r |= buf_putc(&q, w[i]);
		}
		r |= buf_putc(&q, '"');
		if (prefix)
			r |= buf_puts(&q, " *");
	}
	if (r != 0) {
		rc = cd_error_set(err, CD_EINVAL, "the text to search for is too long");
		goto out;
	}
	if (terms == 0) {
		rc = cd_error_set(err, CD_EINVAL, "no word to search for in '%.60s'", text);
		goto out;
	}
	*match = buf_detach(&q);
out:
	buf_release(&q);
	return rc;
}
