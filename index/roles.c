/* roles.c: a page's roles and oversight statements in the index. */
#include "index/internal.h"
#include "index/roles.h"

int
index_roles_put(struct index *idx, int64_t clinic_id, int64_t page_id,
                const char *evidence_url, const struct page_facts *facts,
                const int64_t *pract_ids, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int rc = 0;

	if ((rc = index_sql_prepare(idx, "DELETE FROM roles WHERE page_id = ?1", &st, err)) != 0)
		goto out;
	sqlite3_bind_int64(st, 1, page_id);
	if ((rc = index_sql_step_done(idx, st, "cannot replace roles", err)) != 0)
		goto out;
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO roles (clinic_id, page_id, practitioner_id, code,"
	                            " words, evidence_url, evidence, person)"
	                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                            &st, err)) != 0)
		goto out;
	for (i = 0; i < facts->n_roles; i++) {
		const struct fact_role *r = &facts->roles[i];

		if (r->practitioner >= (int)facts->n_practitioners ||
		    (r->practitioner >= 0 && pract_ids[r->practitioner] == 0))
			continue;   /* a practitioner without a usable name */
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, clinic_id);
		sqlite3_bind_int64(st, 2, page_id);
		if (r->practitioner >= 0)
			sqlite3_bind_int64(st, 3, pract_ids[r->practitioner]);
		else
			sqlite3_bind_null(st, 3);
		index_sql_bind_text(st, 4, r->code);
		index_sql_bind_text(st, 5, r->text);
		index_sql_bind_text(st, 6, evidence_url);
		index_sql_bind_text(st, 7, r->evidence);
		if (r->practitioner < 0 && r->person != NULL)
			index_sql_bind_text(st, 8, r->person);
		else
			sqlite3_bind_null(st, 8);
		if ((rc = index_sql_step_done(idx, st, "cannot store role", err)) != 0)
			goto out;
	}
out:
	index_sql_done(idx, st);
	return rc;
}
