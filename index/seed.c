/* seed.c: a seeds file's name and places as a clinic's fallback. */
#include <stdlib.h>
#include "index/internal.h"
#include "index/seed.h"

void
index_seed_release(struct index_seed *s)
{
	for (size_t i = 0; i < s->n_places; i++)
		free(s->places[i].source);
	free(s->places);
	free(s->name);
	s->places = NULL;
	s->name = NULL;
	s->n_places = 0;
}

/* Runs sql with ?1 = clinic_id and, when given, ?2 = text; *changes
 * (when asked) receives the rows it changed. */
static int
seed_exec(struct index *idx, const char *sql, int64_t clinic_id, const char *text,
          int *changes, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, clinic_id);
	if (text != NULL)
		index_sql_bind_text(st, 2, text);
	rc = index_sql_step_done(idx, st, "cannot store the seed's facts", err);
	index_sql_done(idx, st);
	if (rc == 0 && changes != NULL)
		*changes = sqlite3_changes(idx->db);
	return rc;
}

/* *yes: a row of sql (?1 = clinic_id) exists. */
static int
seed_exists(struct index *idx, const char *sql, int64_t clinic_id, bool *yes,
            struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, clinic_id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*yes = true;
	else if (step == SQLITE_DONE)
		*yes = false;
	else
		rc = index_sql_fail(idx, err, "cannot read the clinic's locations");
	index_sql_done(idx, st);
	return rc;
}

static int
seed_places_put(struct index *idx, int64_t clinic_id, const struct index_seed *seed,
                struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx,
	                            "INSERT INTO locations (clinic_id, page_id, lat, lon, geo_source,"
	                            " evidence) VALUES (?1, NULL, ?2, ?3, '" INDEX_GEO_SEED "', ?4)",
	                            &st, err)) != 0)
		return rc;
	for (size_t i = 0; i < seed->n_places && rc == 0; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, clinic_id);
		sqlite3_bind_double(st, 2, seed->places[i].lat);
		sqlite3_bind_double(st, 3, seed->places[i].lon);
		index_sql_bind_text(st, 4, seed->places[i].source);
		rc = index_sql_step_done(idx, st, "cannot store the seed's place", err);
	}
	index_sql_done(idx, st);
	return rc;
}

int
index_seed_apply(struct index *idx, int64_t site_id, const struct index_seed *seed,
                 struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t clinic_id = 0;
	bool own = false, kept = false;
	int rc = 0, step = 0, named = 0;

	if ((rc = index_sql_prepare(idx, "SELECT id FROM clinics WHERE site_id = ?1", &st,
	                            err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		clinic_id = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot read the clinic");
	index_sql_done(idx, st);
	if (rc != 0 || clinic_id == 0)
		return rc;
	if (seed->name && seed->name[0] &&
	    (rc = seed_exec(idx, "UPDATE clinics SET name = ?2 WHERE id = ?1 AND name = ''",
	                    clinic_id, seed->name, &named, err)) != 0)
		return rc;
	if ((rc = seed_exists(idx,
	                      "SELECT 1 FROM locations WHERE clinic_id = ?1 AND page_id IS NOT NULL"
	                      " LIMIT 1", clinic_id, &own, err)) != 0 ||
	    (rc = seed_exists(idx,
	                      "SELECT 1 FROM locations WHERE clinic_id = ?1 AND page_id IS NULL"
	                      " AND geo_source = '" INDEX_GEO_SEED "' LIMIT 1",
	                      clinic_id, &kept, err)) != 0)
		return rc;
	if (own && kept)   /* the site now gives its own address */
		rc = seed_exec(idx,
		               "DELETE FROM locations WHERE clinic_id = ?1 AND page_id IS NULL"
		               " AND geo_source = '" INDEX_GEO_SEED "'", clinic_id, NULL, NULL, err);
	else if (!own && !kept)
		rc = seed_places_put(idx, clinic_id, seed, err);
	/* the name is in the clinic's full-text document */
	if (rc == 0 && named > 0)
		rc = index_fts_refresh(idx, clinic_id, err);
	return rc;
}
