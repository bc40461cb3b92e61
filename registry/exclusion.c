/* exclusion.c: the LEIE snapshot and practitioners matched against it
 * (see exclusion.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common/buf.h"
#include "common/orgkey.h"
#include "common/personkey.h"
#include "common/xalloc.h"
#include "index/registry_tables.h"
#include "index/sql.h"
#include "registry/exclusion.h"
#include "registry/registry.h"

struct leie_load {
	struct registry_stage s;     /* first: the stage is the load */
	struct registry_leie_result *res;
	const char *today;
};

static int
store_record(const struct leie_row *p, void *arg)
{
	struct leie_load *l = arg;
	sqlite3_stmt *ins = l->s.st[0];
	char first[PERSONKEY_MAX], last[PERSONKEY_MAX];
	int rc = 0;

	first[0] = last[0] = '\0';
	if (p->last[0] != '\0') {   /* an organisation's record has no person's name */
		personkey_match(p->first, first);
		/* the first word of the first name, as NPPES rows are keyed */
		first[strcspn(first, " ")] = '\0';
		personkey_match(p->last, last);
	}
	sqlite3_reset(ins);
	sqlite3_bind_int64(ins, 1, p->line);
	sqlite3_bind_text(ins, 2, p->last, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, p->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, p->middle, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, p->business, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, p->general, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, p->specialty, -1, SQLITE_STATIC);
	index_sql_bind_text(ins, 8, p->npi[0] ? p->npi : NULL);
	sqlite3_bind_text(ins, 9, p->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, p->city, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 11, p->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 12, p->zip, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 13, p->excltype, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 14, p->excldate, -1, SQLITE_STATIC);
	index_sql_bind_text(ins, 15, p->reindate[0] ? p->reindate : NULL);
	index_sql_bind_text(ins, 16, p->waiverdate[0] ? p->waiverdate : NULL);
	sqlite3_bind_text(ins, 17, p->waiverstate, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 18, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 19, last, -1, SQLITE_STATIC);
	if ((rc = index_sql_step_done(l->s.idx, ins, "cannot store an LEIE record",
	                              l->s.err)) != 0)
		return rc;
	return registry_stage_kept(&l->s);
}

/* ---- matching ---- */

struct pract {
	int64_t id, clinic_id;
	char *name, *npi;
};

struct candidate {
	char type[16], date[11], who[160];
	int64_t line;
};

static void
read_candidate(sqlite3_stmt *st, struct candidate *c)
{
	snprintf(c->type, sizeof c->type, "%s", index_sql_text(st, 0));
	snprintf(c->date, sizeof c->date, "%s", index_sql_text(st, 1));
	snprintf(c->who, sizeof c->who, "%s", index_sql_text(st, 2));
	c->line = sqlite3_column_int64(st, 4);
}

#define CANDIDATE_COLUMNS \
	"SELECT excltype, excldate, last_name || ', ' || first_name || ' (' ||" \
	" CASE WHEN city <> '' THEN city || ', ' ELSE '' END || state || ')', last_key, line" \
	" FROM leie"
#define NOT_REINSTATED " AND (reindate IS NULL OR reindate > :today)"

/* What the LEIE says of one practitioner: the record found (n == 1), or
 * how many fit their name (n > 1, the first lines of them in lines). */
struct name_match {
	struct candidate c;
	int n;
	char lines[64];
	char *last;              /* the surname's key, or NULL: not a full name */
};

/* The latest exclusion under npi: *found is 1 and c the record, or 0. */
static int
match_npi(struct index *idx, const char *today, const char *npi, struct candidate *c,
          int *found, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*found = 0;
	/* one person whatever the rows: the latest exclusion speaks */
	if ((rc = index_sql_prepare(idx, CANDIDATE_COLUMNS " WHERE npi = :npi" NOT_REINSTATED
	                            " ORDER BY excldate DESC, line LIMIT 1", &st, err)) != 0)
		return rc;
	index_sql_bind_text_named(st, ":npi", npi);
	index_sql_bind_text_named(st, ":today", today);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		read_candidate(st, c);
		*found = 1;
	} else if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot search the LEIE");
	}
	index_sql_done(idx, st);
	return rc;
}

/* Every practitioner of ps[0..n) by name, in one pass over the LEIE: the
 * practitioners' first-name keys go to a temporary table, and each LEIE
 * record of a person, not reinstated, probes it (an index on the few
 * practitioners, not on the 80,000 records: building that one cost the
 * import a quarter of its time). A record fits a practitioner when the
 * first names meet, the surnames match (common/personkey.h), the record
 * is in one of the clinic's states and has no other NPI than theirs. */
static int
match_names(struct index *idx, const char *today, const struct pract *ps, size_t n,
            struct name_match *m, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;
	size_t keyed = 0;

	/* one row for each of a practitioner's clinic's states */
	if ((rc = index_sql_exec(idx, "DROP TABLE IF EXISTS temp.leie_probe;"
	                              "CREATE TEMP TABLE leie_probe (i INTEGER NOT NULL,"
	                              " first_key TEXT NOT NULL, last_key TEXT NOT NULL,"
	                              " state TEXT NOT NULL, npi TEXT NOT NULL);"
	                              "CREATE INDEX temp.leie_probe_key ON leie_probe(first_key,"
	                              " state);",
	                         err)) != 0)
		return rc;
	if ((rc = index_sql_prepare(idx, "INSERT INTO temp.leie_probe SELECT DISTINCT ?1, ?3, ?4,"
	                            " upper(state), ?5 FROM locations WHERE clinic_id = ?2"
	                            " AND state IS NOT NULL", &st, err)) != 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char first[PERSONKEY_MAX], last[PERSONKEY_MAX];

		if (!personkey_split(ps[i].name, first, last))
			continue;
		m[i].last = xstrdup(last);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, (int64_t)i);
		sqlite3_bind_int64(st, 2, ps[i].clinic_id);
		sqlite3_bind_text(st, 3, first, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, last, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, ps[i].npi, -1, SQLITE_STATIC);
		rc = index_sql_step_done(idx, st, "cannot note a practitioner to look up", err);
		keyed++;
	}
	index_sql_done(idx, st);
	st = NULL;
	if (rc != 0 || keyed == 0)
		goto out;
	/* CROSS JOIN: the LEIE is read once, in order, the probe looked up
	 * by first name and state; the surnames meet as personkey_surname_match
	 * has them (equal, or one a whole-word part of the other), checked
	 * again below */
	if ((rc = index_sql_prepare(idx,
	                            "SELECT l.excltype, l.excldate, l.last_name || ', ' ||"
	                            " l.first_name || ' (' || CASE WHEN l.city <> '' THEN l.city"
	                            " || ', ' ELSE '' END || l.state || ')', l.last_key, l.line, p.i"
	                            " FROM leie l CROSS JOIN temp.leie_probe p"
	                            " ON p.first_key = l.first_key AND p.state = l.state"
	                            " WHERE l.business = '' AND (l.reindate IS NULL OR"
	                            " l.reindate > :today) AND (l.npi IS NULL OR p.npi = '' OR"
	                            " l.npi = p.npi) AND (p.last_key = l.last_key OR"
	                            " instr(' ' || l.last_key || ' ', ' ' || p.last_key || ' ') > 0"
	                            " OR instr(' ' || p.last_key || ' ', ' ' || l.last_key || ' ')"
	                            " > 0) ORDER BY p.i, l.line", &st, err)) != 0)
		goto out;
	index_sql_bind_text_named(st, ":today", today);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t i = sqlite3_column_int64(st, 5);
		struct name_match *x = NULL;
		size_t k = 0;

		if (i < 0 || (size_t)i >= n)
			continue;
		x = &m[i];
		if (x->last == NULL || !personkey_surname_match(x->last, index_sql_text(st, 3)))
			continue;
		if (x->n == 0)
			read_candidate(st, &x->c);
		k = strlen(x->lines);
		if (x->n < 4)
			snprintf(x->lines + k, sizeof x->lines - k, "%s%lld", x->n ? ", " : "",
			         (long long)sqlite3_column_int64(st, 4));
		x->n++;
	}
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot search the LEIE");
out:
	index_sql_done(idx, st);
	sqlite3_exec(index_db(idx), "DROP TABLE IF EXISTS temp.leie_probe;", NULL, NULL, NULL);
	return rc;
}

/* Runs sql, an UPDATE setting exclusion (?2) and exclusion_note (?3) of
 * the row id (?1); what names the write in an error. */
static int
set_exclusion_of(struct index *idx, const char *sql, int64_t id, const char *exclusion,
                 const char *note, const char *what, struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(idx, sql, &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	index_sql_bind_text(st, 2, exclusion);
	index_sql_bind_text(st, 3, note);
	rc = index_sql_step_done(idx, st, what, err);
	index_sql_done(idx, st);
	return rc;
}

static int
set_exclusion(struct index *idx, int64_t id, const char *exclusion, const char *note,
              struct cd_error *err)
{
	return set_exclusion_of(idx, "UPDATE practitioners SET exclusion = ?2,"
	                        " exclusion_note = ?3 WHERE id = ?1", id, exclusion, note,
	                        "cannot record an exclusion", err);
}



/* ---- organisations: a clinic itself on the list ---- */

#define ORGKEY_LEAST 3     /* a shorter name key ("the co") matches nothing */

/* The LEIE organisation record of a clinic named name: a record at the
 * ZIP of one of its locations, with the same house number and the same
 * business name (legal forms and "and"/"&" aside: common/orgkey.h), not
 * reinstated. The latest exclusion speaks when several fit (the same
 * business excluded more than once). *found is false when none does. */
static int
match_clinic(struct index *idx, const char *today, int64_t clinic_id, const char *name,
             struct candidate *c, bool *found, struct cd_error *err)
{
	char key[ORGKEY_MAX], rec_key[ORGKEY_MAX], num[16], rec_num[16];
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	*found = false;
	if (strlen(orgkey_name(name, key)) < ORGKEY_LEAST)
		return 0;
	if ((rc = index_sql_prepare(idx,
	                            "SELECT l.excltype, l.excldate, l.business || ' (' || l.address"
	                            " || ', ' || l.city || ', ' || l.state || ' ' || l.zip || ')',"
	                            " l.business, l.line, l.address, loc.street"
	                            " FROM locations loc JOIN leie l"
	                            " ON substr(l.zip, 1, 5) = substr(loc.zip, 1, 5)"
	                            " WHERE loc.clinic_id = :clinic AND length(loc.zip) >= 5"
	                            " AND loc.street IS NOT NULL AND l.business <> ''"
	                            NOT_REINSTATED
	                            " ORDER BY l.excldate DESC, l.line", &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":clinic"), clinic_id);
	index_sql_bind_text_named(st, ":today", today);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (strcmp(orgkey_name(index_sql_text(st, 3), rec_key), key) != 0 ||
		    !orgkey_street_number(index_sql_text(st, 5), rec_num) ||
		    !orgkey_street_number(index_sql_text(st, 6), num) || strcmp(num, rec_num) != 0)
			continue;
		read_candidate(st, c);
		*found = true;
		break;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = index_sql_fail(idx, err, "cannot search the LEIE's organisations");
	index_sql_done(idx, st);
	return rc;
}

static int
set_clinic_exclusion(struct index *idx, int64_t id, const char *exclusion, const char *note,
                     struct cd_error *err)
{
	return set_exclusion_of(idx, "UPDATE clinics SET exclusion = ?2, exclusion_note = ?3"
	                        " WHERE id = ?1", id, exclusion, note,
	                        "cannot record a clinic's exclusion", err);
}

/* Every clinic of site_id (<= 0: all) against the organisation records. */
static int
apply_clinics(struct index *idx, int64_t site_id, const char *today, int64_t *excluded,
              struct cd_error *err)
{
	struct clinic_row { int64_t id; char *name; } *cs = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx, "SELECT id, coalesce(name, '') FROM clinics"
	                            " WHERE ?1 <= 0 OR site_id = ?1 ORDER BY id", &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			cs = xreallocarray(cs, cap, sizeof *cs);
		}
		cs[n].id = sqlite3_column_int64(st, 0);
		cs[n].name = xstrdup(index_sql_text(st, 1));
		n++;
	}
	index_sql_done(idx, st);
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot list clinics");
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct candidate c;
		char excl[40], note[512];
		const char *words = NULL;
		bool found = false;

		if ((rc = match_clinic(idx, today, cs[i].id, cs[i].name, &c, &found, err)) != 0)
			break;
		if (!found) {
			rc = set_clinic_exclusion(idx, cs[i].id, NULL, NULL, err);
			continue;
		}
		words = leie_type_words(c.type);
		snprintf(excl, sizeof excl, "%s %s", c.type, c.date);
		snprintf(note, sizeof note, "the clinic's business is excluded from federal health "
		         "programs (HHS-OIG LEIE) since %s: %s%s%s; LEIE record %s, matched by name, "
		         "house number and ZIP", c.date, c.type, words ? ": " : "", words ? words : "",
		         c.who);
		rc = set_clinic_exclusion(idx, cs[i].id, excl, note, err);
		(*excluded)++;
	}
	for (size_t i = 0; i < n; i++)
		free(cs[i].name);
	free(cs);
	return rc;
}


/* The practitioners of site_id (<= 0: all) into *ps (*n of them, the
 * caller frees them with free_practs, also on error). */
static int
list_practs(struct index *idx, int64_t site_id, struct pract **ps, size_t *n,
            struct cd_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(idx, "SELECT p.id, p.clinic_id, p.name, coalesce(p.npi, '')"
	                            " FROM practitioners p JOIN clinics c ON c.id = p.clinic_id"
	                            " WHERE ?1 <= 0 OR c.site_id = ?1 ORDER BY p.id", &st, err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ps = xreallocarray(*ps, cap, sizeof **ps);
		}
		(*ps)[*n].id = sqlite3_column_int64(st, 0);
		(*ps)[*n].clinic_id = sqlite3_column_int64(st, 1);
		(*ps)[*n].name = xstrdup(index_sql_text(st, 2));
		(*ps)[*n].npi = xstrdup(index_sql_text(st, 3));
		(*n)++;
	}
	index_sql_done(idx, st);
	if (step != SQLITE_DONE)
		rc = index_sql_fail(idx, err, "cannot list practitioners");
	return rc;
}

static void
free_practs(struct pract *ps, struct name_match *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ps[i].name);
		free(ps[i].npi);
	}
	free(ps);
	for (size_t i = 0; names != NULL && i < n; i++)
		free(names[i].last);
	free(names);
}

/* Records the verdict on practitioner p, whose name matched as nm: by NPI
 * where NPPES gave one, else by name; *n_excl or *n_amb counts it. */
static int
judge_pract(struct index *idx, const char *day, const struct pract *p,
            const struct name_match *nm, int64_t *n_excl, int64_t *n_amb,
            struct cd_error *err)
{
	struct candidate c = nm->c;
	char how[256], excl[40], note[512];
	const char *words = NULL;
	int found = 0, rc = 0;

	how[0] = '\0';
	if (p->npi[0] != '\0' && (rc = match_npi(idx, day, p->npi, &c, &found, err)) != 0)
		return rc;
	if (found == 1) {
		snprintf(how, sizeof how, "by NPI %s", p->npi);
	} else if ((found = nm->n) == 1) {
		snprintf(how, sizeof how, "by name in the clinic's state");
	} else if (found > 1) {
		snprintf(how, sizeof how, "%d LEIE records fit the name %s in the clinic's state "
		         "(lines %s%s): not decided", found, p->name, nm->lines,
		         found > 4 ? ", ..." : "");
	}
	if (found == 1) {
		words = leie_type_words(c.type);
		snprintf(excl, sizeof excl, "%s %s", c.type, c.date);
		snprintf(note, sizeof note, "excluded from federal health programs (HHS-OIG LEIE) "
		         "since %s: %s%s%s; LEIE record %s, matched %s", c.date, c.type,
		         words ? ": " : "", words ? words : "", c.who, how);
		(*n_excl)++;
		return set_exclusion(idx, p->id, excl, note, err);
	}
	if (found > 1) {
		(*n_amb)++;
		return set_exclusion(idx, p->id, NULL, how, err);
	}
	return set_exclusion(idx, p->id, NULL, NULL, err);
}

int
registry_exclusions_apply(struct index *idx, int64_t site_id, const char *today,
                          int64_t *excluded, int64_t *ambiguous, int64_t *clinics,
                          struct cd_error *err)
{
	struct pract *ps = NULL;
	struct name_match *names = NULL;
	size_t n = 0;
	char day[11];
	int64_t n_excl = 0, n_amb = 0, n_clinics = 0;
	bool loaded = false;
	int rc = 0;

	registry_today(today, day);
	if ((rc = registry_loaded(idx, "leie", &loaded, "cannot look up the LEIE import",
	                          err)) != 0 || !loaded)
		goto out;
	if ((rc = list_practs(idx, site_id, &ps, &n, err)) != 0)
		goto out;
	if ((rc = apply_clinics(idx, site_id, day, &n_clinics, err)) != 0)
		goto out;
	names = xcalloc(n ? n : 1, sizeof *names);
	if ((rc = match_names(idx, day, ps, n, names, err)) != 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = judge_pract(idx, day, &ps[i], &names[i], &n_excl, &n_amb, err);
out:
	free_practs(ps, names, n);
	if (excluded != NULL)
		*excluded = n_excl;
	if (ambiguous != NULL)
		*ambiguous = n_amb;
	if (clinics != NULL)
		*clinics = n_clinics;
	return rc;
}

/* ---- import ---- */

static int
leie_stage_read(struct registry_stage *s, FILE *fp, const char *name)
{
	struct leie_load *l = (struct leie_load *)s;

	return leie_read(fp, name, store_record, l, &l->res->read, s->err);
}

/* The new snapshot in place of the old, its record, and the matches it
 * makes. */
static int
leie_stage_swap(struct registry_stage *s, const char *name)
{
	struct leie_load *l = (struct leie_load *)s;
	int rc = 0;

	if ((rc = index_sql_exec(s->idx, "DROP TABLE leie; ALTER TABLE leie_new RENAME TO leie;"
	                                 REGISTRY_LEIE_INDEXES, s->err)) != 0 ||
	    (rc = registry_stage_record(s, name)) != 0)
		return rc;
	return registry_exclusions_apply(s->idx, 0, l->today, &l->res->excluded,
	                                 &l->res->ambiguous, &l->res->clinics, s->err);
}

static const struct registry_stage_ops leie_ops = {
	.drop = "DROP TABLE IF EXISTS leie_new;",
	.create = REGISTRY_LEIE_TABLE("leie_new"),
	.insert = {
		"INSERT INTO leie_new (line, last_name, first_name, middle_name, business, general,"
		" specialty, npi, address, city, state, zip, excltype, excldate, reindate, waiverdate,"
		" waiverstate, first_key, last_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		" ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
	},
	.read = leie_stage_read,
	.swap = leie_stage_swap,
};

int
index_leie_import(struct index *idx, FILE *fp, const char *name, const char *today,
                  struct registry_leie_result *res, struct cd_error *err)
{
	struct leie_load l = {
		.s = { .idx = idx, .err = err, .rows = &res->read.rows,
		       .malformed = &res->read.malformed, .none_kept = "no usable LEIE record",
		       .kind = "leie", .label = "leie" },
		.res = res, .today = today,
	};
	int rc = 0;

	memset(res, 0, sizeof *res);
	rc = registry_stage_import(&l.s, &leie_ops, fp, name);
	res->kept = l.s.kept;
	return rc;
}
