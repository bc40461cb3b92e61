/* verify_match.c: finding a clinic's practitioner in the loaded NPPES
 * snapshot and licence lists, by name within the clinic's states (see
 * verify_impl.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/buf.h"
#include "common/personkey.h"
#include "index/sql.h"
#include "registry/verify_impl.h"

/* ---- a clinic's places ---- */

int
load_places(struct verifier *v, int64_t clinic_id, struct places *pl)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	memset(pl, 0, sizeof *pl);
	if ((rc = index_sql_prepare(v->idx,
	                            "SELECT DISTINCT upper(state), coalesce(city, ''),"
	                            " substr(coalesce(zip, ''), 1, 5) FROM locations"
	                            " WHERE clinic_id = ?1 AND state IS NOT NULL",
	                            &st, v->err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, clinic_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && pl->n < VERIFY_MAX_PLACES) {
		snprintf(pl->state[pl->n], 3, "%s", index_sql_text(st, 0));
		snprintf(pl->city[pl->n], 64, "%s", index_sql_text(st, 1));
		snprintf(pl->zip[pl->n], 6, "%s", index_sql_text(st, 2));
		pl->n++;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = index_sql_fail(v->idx, v->err, "cannot read a clinic's locations");
	index_sql_done(v->idx, st);
	return rc;
}

/* "TX" or "TX and OK" for reasons. */
static void
states_phrase(const struct places *pl, char *out, size_t n)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < pl->n; i++) {
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || strcmp(pl->state[i], pl->state[j]) == 0;
		if (!dup && o + 8 < n)
			o += (size_t)snprintf(out + o, n - o, "%s%s", o ? "/" : "", pl->state[i]);
	}
	if (o == 0)
		snprintf(out, n, "its state (no location found)");
}

/* ---- NPPES matching ---- */

static int
load_taxonomies(struct verifier *v, struct record *r)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	r->n_tax = 0;
	if ((rc = index_sql_prepare(v->idx, "SELECT code, is_primary FROM npi_taxonomies"
	                                    " WHERE provider_id = ?1 ORDER BY is_primary DESC",
	                            &st, v->err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && r->n_tax < VERIFY_MAX_TAX) {
		snprintf(r->tax[r->n_tax], sizeof r->tax[0], "%s", index_sql_text(st, 0));
		r->primary[r->n_tax] = sqlite3_column_int(st, 1) != 0;
		r->n_tax++;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = index_sql_fail(v->idx, v->err, "cannot read taxonomies");
	index_sql_done(v->idx, st);
	return rc;
}

/* How well an NPPES row (st, of match_nppes's query) fits the clinic's
 * places: 0 outside its states, 1 in one, 3 in its city, 4 at its ZIP. */
static int
place_score(sqlite3_stmt *st, const struct places *pl)
{
	const char *st_state = index_sql_text(st, 10);
	int score = 0;

	for (size_t i = 0; i < pl->n; i++) {
		if (strcasecmp(pl->state[i], st_state) != 0)
			continue;
		score = score < 1 ? 1 : score;
		if (pl->city[i][0] && strcasecmp(pl->city[i], index_sql_text(st, 3)) == 0)
			score = score < 3 ? 3 : score;
		if (pl->zip[i][0] && strcmp(pl->zip[i], index_sql_text(st, 4)) == 0)
			score = 4;
	}
	return score;
}

/* The record of an NPPES row (st, of match_nppes's query). */
static void
read_record(sqlite3_stmt *st, struct record *r)
{
	r->id = sqlite3_column_int64(st, 0);
	snprintf(r->npi, sizeof r->npi, "%s", index_sql_text(st, 1));
	snprintf(r->name, sizeof r->name, "%s", index_sql_text(st, 5));
	snprintf(r->place, sizeof r->place, "%s", index_sql_text(st, 6));
	snprintf(r->credential, sizeof r->credential, "%s", index_sql_text(st, 7));
	snprintf(r->deactivated, sizeof r->deactivated, "%s", index_sql_text(st, 8));
	snprintf(r->reactivated, sizeof r->reactivated, "%s", index_sql_text(st, 9));
}

/* The outcome once every candidate is scored: n_best of them at the best
 * score (their first NPIs in npis), elsewhere in other states. */
static int
match_outcome(struct verifier *v, const char *name, const char *states, int best, int n_best,
              const struct buf *npis, int64_t elsewhere, struct match_result *m)
{
	if (n_best == 1) {
		m->kind = M_ONE;
		return load_taxonomies(v, &m->rec);
	}
	if (n_best > 1) {
		m->kind = M_AMBIGUOUS;
		snprintf(m->why, sizeof m->why, "%d NPPES records for %s in %s%s (NPI %s%s)",
		         n_best, name, states, best >= 3 ? " in the clinic's city or ZIP" : "",
		         buf_str(npis), n_best > 3 ? ", ..." : "");
		return 0;
	}
	m->kind = M_NONE;
	if (elsewhere > 0)
		snprintf(m->why, sizeof m->why, "no NPPES record for %s in %s (%lld in other states)",
		         name, states, (long long)elsewhere);
	else
		snprintf(m->why, sizeof m->why, "no NPPES record for %s in %s", name, states);
	return 0;
}

/* Finds the NPPES individual named name in the clinic's states: the
 * candidates whose first name and surname fit, scored up for the same
 * city and ZIP; one best is a match, several an ambiguity. */
int
match_nppes(struct verifier *v, const char *name, const struct places *pl,
            struct match_result *m)
{
	char first[PERSONKEY_MAX], last[PERSONKEY_MAX], states[64];
	sqlite3_stmt *st = NULL;
	int rc = 0, best = -1, n_best = 0, step = 0;
	struct buf npis = BUF_INIT;
	int64_t elsewhere = 0;

	memset(m, 0, sizeof *m);
	buf_init(&npis, VERIFY_MAX_NPIS);
	if (!v->nppes) {
		m->kind = M_UNLOADED;
		goto out;
	}
	states_phrase(pl, states, sizeof states);
	if (!personkey_split(name, first, last)) {
		m->kind = M_NONE;
		snprintf(m->why, sizeof m->why, "\"%s\" is not a full name to look up in NPPES", name);
		goto out;
	}
	if ((rc = index_sql_prepare(v->idx,
	                            "SELECT id, npi, last_key, upper(city), substr(zip, 1, 5),"
	                            " last_name || ', ' || first_name || CASE WHEN credential <> ''"
	                            " THEN ', ' || credential ELSE '' END, city || ', ' || state,"
	                            " credential, coalesce(deactivated, ''),"
	                            " coalesce(reactivated, ''), state"
	                            " FROM npi_providers WHERE first_key = ?1 AND entity = 1"
	                            " ORDER BY npi",
	                            &st, v->err)) != 0)
		goto out;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int score = 0;

		if (!personkey_surname_match(last, index_sql_text(st, 2)))
			continue;
		if ((score = place_score(st, pl)) == 0) {
			elsewhere++;
			continue;
		}
		if (score > best) {
			best = score;
			n_best = 0;
			buf_reset(&npis);
		}
		if (score != best)
			continue;
		if (n_best < 3 && buf_printf(&npis, "%s%s", n_best ? ", " : "",
		                             index_sql_text(st, 1)) != 0) {
			rc = cd_error_set(v->err, CD_EINVAL, "NPIs past %d bytes", VERIFY_MAX_NPIS);
			goto out;
		}
		if (n_best++ == 0)
			read_record(st, &m->rec);
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(v->idx, v->err, "cannot search NPPES");
		goto out;
	}
	rc = match_outcome(v, name, states, best, n_best, &npis, elsewhere, m);
out:
	index_sql_done(v->idx, st);
	buf_release(&npis);
	return rc;
}

/* ---- licence lists ---- */

static bool
any_of(const char *s, char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasestr(s, words[i]) != NULL)
			return true;
	return false;
}

/* The standing of one licence: expired by its date, or what its status
 * words mean by rules.json (verify.license_standing). */
static enum verify_standing
license_standing(const struct verifier *v, const char *state, const char *status,
                 const char *expires, bool *expired)
{
	enum verify_standing s = verify_rules_standing(v->rules, state, status, NULL);

	*expired = expires[0] != '\0' && strcmp(expires, v->today) < 0;
	if (*expired)
		return STANDING_NOT;
	/* a list without a status column lists licences in force */
	return status[0] == '\0' ? STANDING_GOOD : s;
}

/* Looks name up in the licence lists of the clinic's states, licences of
 * a type holding one of the words (any type when the list has none). */
int
match_license(struct verifier *v, const char *name, const struct places *pl,
              const struct verify_rule *rule, struct lic_match *m)
{
	char first[PERSONKEY_MAX], last[PERSONKEY_MAX], states[64];
	const char *what = NULL;
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0, lists = 0, found = 0;
	/* which licence speaks when several fit: one in good standing, else
	 * one whose standing is not known, else a lapsed or revoked one */
	static const int rank[] = { [STANDING_GOOD] = 3, [STANDING_UNKNOWN] = 2, [STANDING_NOT] = 1 };

	memset(m, 0, sizeof *m);
	what = rule->license_label;
	states_phrase(pl, states, sizeof states);
	for (size_t i = 0; i < pl->n; i++) {
		if ((rc = index_sql_prepare(v->idx, "SELECT count(*) FROM registry_imports"
		                                    " WHERE kind = 'licenses' AND state = ?1",
		                            &st, v->err)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, pl->state[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			lists += sqlite3_column_int(st, 0);
		else
			rc = index_sql_fail(v->idx, v->err, "cannot count licence lists");
		index_sql_done(v->idx, st);
		st = NULL;
		if (rc != 0)
			return rc;
	}
	if (lists == 0) {
		m->kind = M_UNLOADED;
		snprintf(m->why, sizeof m->why, "no %s licence list loaded for %s", what, states);
		return 0;
	}
	if (!personkey_split(name, first, last)) {
		m->kind = M_NONE;
		snprintf(m->why, sizeof m->why, "\"%s\" is not a full name to look up", name);
		return 0;
	}
	if ((rc = index_sql_prepare(v->idx,
	                            "SELECT l.last_key, l.license, coalesce(l.type, ''),"
	                            " coalesce(l.status, ''), coalesce(l.expires, ''), l.state,"
	                            " r.label, coalesce(l.status_date, '')"
	                            " FROM licenses l JOIN registry_imports r ON r.id = l.list_id"
	                            " WHERE l.first_key = ?1 ORDER BY l.expires DESC, l.id",
	                            &st, v->err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = index_sql_text(st, 2), *status = index_sql_text(st, 3);
		const char *expires = index_sql_text(st, 4), *state = index_sql_text(st, 5);
		const char *since = index_sql_text(st, 7);
		bool in_state = false, expired = false;
		enum verify_standing standing = STANDING_UNKNOWN;

		for (size_t i = 0; i < pl->n; i++)
			in_state = in_state || strcasecmp(pl->state[i], state) == 0;
		if (!in_state || !personkey_surname_match(last, index_sql_text(st, 0)) ||
		    (type[0] != '\0' && !any_of(type, rule->license_words, rule->n_license_words)))
			continue;
		standing = license_standing(v, state, status, expires, &expired);
		if (found == 0 || rank[standing] > rank[m->standing]) {
			m->standing = standing;
			snprintf(m->why, sizeof m->why, "%s licence %s (%s list \"%s\")%s%s%s%s%s%s%s%s",
			         state, index_sql_text(st, 1), type[0] ? type : what,
			         index_sql_text(st, 6), status[0] ? ", status " : "", status,
			         since[0] ? " since " : "", since,
			         expires[0] ? (expired ? ", expired " : ", expires ") : "", expires,
			         standing == STANDING_NOT ? ": not in good standing" : "",
			         standing == STANDING_UNKNOWN ? ": a status rules.json's "
			         "license_standing does not know, so its standing is not judged" : "");
		}
		found++;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(v->idx, v->err, "cannot search licence lists");
	index_sql_done(v->idx, st);
	if (rc == 0 && found == 0) {
		m->kind = M_NONE;
		snprintf(m->why, sizeof m->why, "no %s licence for %s in the %s lists", what, name,
		         states);
	} else if (rc == 0) {
		m->kind = M_ONE;
	}
	return rc;
}
