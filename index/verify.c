/* verify.c: claims against NPPES and licence lists (see verify.h). For
 * each clinic: its states, cities and ZIPs; each practitioner matched by
 * name within those states (the same city or ZIP preferred, ties left
 * ambiguous); then each claim judged by the rules below. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "common/buf.h"
#include "common/claim_status.h"
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/names.h"
#include "index/query.h"
#include "index/verify.h"

#define VERIFY_MAX_PLACES 16
#define VERIFY_MAX_TAX 15

/* What a clinic's locations say about where it is. */
struct places {
	char state[VERIFY_MAX_PLACES][3];
	char city[VERIFY_MAX_PLACES][64];
	char zip[VERIFY_MAX_PLACES][6];
	size_t n;
};

/* The NPPES record a practitioner matched. */
struct record {
	int64_t id;
	char npi[11];
	char name[160];          /* "LOPEZ, MARIA, M.D." */
	char place[96];          /* "AUSTIN, TX" */
	char credential[64];
	char deactivated[11], reactivated[11];
	char tax[VERIFY_MAX_TAX][11];
	bool primary[VERIFY_MAX_TAX];
	size_t n_tax;
};

enum match { M_NONE, M_ONE, M_AMBIGUOUS, M_UNLOADED };

struct match_result {
	enum match kind;
	struct record rec;
	char why[320];           /* for M_NONE and M_AMBIGUOUS */
};

struct verifier {
	struct index *idx;
	struct cd_error *err;
	struct verify_report *rep;
	char today[11];
	bool nppes;              /* a snapshot is loaded */
};

/* ---- taxonomies ---- */

static const struct { const char *code, *name; } tax_names[] = {
	{ "207N00000X", "Dermatology" }, { "207ND0101X", "MOHS-Micrographic Surgery" },
	{ "207NS0135X", "Procedural Dermatology" }, { "208200000X", "Plastic Surgery" },
	{ "2082S0099X", "Plastic Surgery within the Head and Neck" },
	{ "2086S0122X", "Plastic and Reconstructive Surgery" }, { "207Y00000X", "Otolaryngology" },
	{ "207YS0123X", "Facial Plastic Surgery" }, { "207Q00000X", "Family Medicine" },
	{ "207R00000X", "Internal Medicine" }, { "207V00000X", "Obstetrics & Gynecology" },
	{ "363L00000X", "Nurse Practitioner" }, { "363LF0000X", "Nurse Practitioner, Family" },
	{ "363LA2200X", "Nurse Practitioner, Adult Health" }, { "363A00000X", "Physician Assistant" },
	{ "163W00000X", "Registered Nurse" }, { "164W00000X", "Licensed Practical Nurse" },
	{ "208600000X", "Surgery" },
};

static const char *
tax_name(const char *code)
{
	for (size_t i = 0; i < sizeof tax_names / sizeof tax_names[0]; i++)
		if (strcmp(tax_names[i].code, code) == 0)
			return tax_names[i].name;
	return NULL;
}

const char *
verify_taxonomy_name(const char *code)
{
	return code != NULL ? tax_name(code) : NULL;
}

/* The first taxonomy of r starting with one of the prefixes (NULL ends
 * the list), or NULL. */
static const char *
has_tax(const struct record *r, ...)
{
	va_list ap;
	const char *p = NULL, *found = NULL;

	for (size_t i = 0; i < r->n_tax && found == NULL; i++) {
		va_start(ap, r);
		while ((p = va_arg(ap, const char *)) != NULL)
			if (strncmp(r->tax[i], p, strlen(p)) == 0) {
				found = r->tax[i];
				break;
			}
		va_end(ap);
	}
	return found;
}

/* "taxonomy 207N00000X (Dermatology)" for code, or the list of all. */
static void
tax_phrase(const struct record *r, const char *code, struct buf *b)
{
	if (code != NULL) {
		const char *nm = tax_name(code);
		buf_printf(b, "taxonomy %s%s%s%s", code, nm ? " (" : "", nm ? nm : "", nm ? ")" : "");
		return;
	}
	buf_puts(b, r->n_tax == 1 ? "taxonomy " : "taxonomies ");
	for (size_t i = 0; i < r->n_tax; i++) {
		const char *nm = tax_name(r->tax[i]);
		buf_printf(b, "%s%s%s%s%s", i ? ", " : "", r->tax[i], nm ? " (" : "", nm ? nm : "",
		           nm ? ")" : "");
	}
	if (r->n_tax == 0)
		buf_puts(b, "none");
}

/* ---- a clinic's places ---- */

static int
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

/* Finds the NPPES individual named name in the clinic's states: the
 * candidates whose first name and surname fit, scored up for the same
 * city and ZIP; one best is a match, several an ambiguity. */
static int
match_nppes(struct verifier *v, const char *name, const struct places *pl,
            struct match_result *m)
{
	char first[NAMES_MAX_KEY], last[NAMES_MAX_KEY], states[64];
	sqlite3_stmt *st = NULL;
	int rc = 0, best = -1, n_best = 0, step = 0;
	struct buf npis = BUF_INIT;
	int64_t elsewhere = 0;

	memset(m, 0, sizeof *m);
	buf_init(&npis, 256);
	if (!v->nppes) {
		m->kind = M_UNLOADED;
		goto out;
	}
	states_phrase(pl, states, sizeof states);
	if (!names_split(name, first, last)) {
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
		const char *st_state = index_sql_text(st, 10);
		bool in_state = false;
		int score = 1;

		if (!names_surname_match(last, index_sql_text(st, 2)))
			continue;
		for (size_t i = 0; i < pl->n; i++) {
			if (strcasecmp(pl->state[i], st_state) != 0)
				continue;
			in_state = true;
			if (pl->city[i][0] && strcasecmp(pl->city[i], index_sql_text(st, 3)) == 0)
				score = score < 3 ? 3 : score;
			if (pl->zip[i][0] && strcmp(pl->zip[i], index_sql_text(st, 4)) == 0)
				score = 4;
		}
		if (!in_state) {
			elsewhere++;
			continue;
		}
		if (score > best) {
			best = score;
			n_best = 0;
			buf_reset(&npis);
		}
		if (score == best) {
			if (n_best < 3)
				buf_printf(&npis, "%s%s", n_best ? ", " : "", index_sql_text(st, 1));
			if (n_best == 0) {
				struct record *r = &m->rec;

				r->id = sqlite3_column_int64(st, 0);
				snprintf(r->npi, sizeof r->npi, "%s", index_sql_text(st, 1));
				snprintf(r->name, sizeof r->name, "%s", index_sql_text(st, 5));
				snprintf(r->place, sizeof r->place, "%s", index_sql_text(st, 6));
				snprintf(r->credential, sizeof r->credential, "%s", index_sql_text(st, 7));
				snprintf(r->deactivated, sizeof r->deactivated, "%s", index_sql_text(st, 8));
				snprintf(r->reactivated, sizeof r->reactivated, "%s", index_sql_text(st, 9));
			}
			n_best++;
		}
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(v->idx, v->err, "cannot search NPPES");
		goto out;
	}
	if (n_best == 1) {
		m->kind = M_ONE;
		rc = load_taxonomies(v, &m->rec);
	} else if (n_best > 1) {
		m->kind = M_AMBIGUOUS;
		snprintf(m->why, sizeof m->why, "%d NPPES records for %s in %s%s (NPI %s%s)",
		         n_best, name, states, best >= 3 ? " in the clinic's city or ZIP" : "",
		         buf_str(&npis), n_best > 3 ? ", ..." : "");
	} else {
		m->kind = M_NONE;
		if (elsewhere > 0)
			snprintf(m->why, sizeof m->why, "no NPPES record for %s in %s (%lld in other states)",
			         name, states, (long long)elsewhere);
		else
			snprintf(m->why, sizeof m->why, "no NPPES record for %s in %s", name, states);
	}
out:
	index_sql_done(v->idx, st);
	buf_release(&npis);
	return rc;
}

/* ---- licence lists ---- */

struct lic_match {
	enum match kind;
	char why[320];
	bool ok;                 /* active and not expired */
};

static bool
any_word(const char *s, const char *const *words)
{
	for (size_t i = 0; words[i] != NULL; i++)
		if (strcasestr(s, words[i]) != NULL)
			return true;
	return false;
}

/* Looks name up in the licence lists of the clinic's states, licences of
 * a type holding one of the words (any type when the list has none). */
static int
match_license(struct verifier *v, const char *name, const struct places *pl,
              const char *const *type_words, const char *what, struct lic_match *m)
{
	char first[NAMES_MAX_KEY], last[NAMES_MAX_KEY], states[64];
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0, lists = 0, found = 0;
	static const char *const active_words[] = { "active", "current", "clear", "valid", "good",
	                                            NULL };
	static const char *const bad_words[] = { "inactive", "expired", "revoked", "suspend",
	                                         "surrender", "lapsed", "cancel", "probation",
	                                         "delinquent", "null", NULL };

	memset(m, 0, sizeof *m);
	states_phrase(pl, states, sizeof states);
	for (size_t i = 0; i < pl->n; i++) {
		if ((rc = index_sql_prepare(v->idx, "SELECT count(*) FROM registry_imports"
		                                    " WHERE kind = 'licenses' AND state = ?1",
		                            &st, v->err)) != 0)
			return rc;
		sqlite3_bind_text(st, 1, pl->state[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			lists += sqlite3_column_int(st, 0);
		index_sql_done(v->idx, st);
		st = NULL;
	}
	if (lists == 0) {
		m->kind = M_UNLOADED;
		snprintf(m->why, sizeof m->why, "no %s licence list loaded for %s", what, states);
		return 0;
	}
	if (!names_split(name, first, last)) {
		m->kind = M_NONE;
		snprintf(m->why, sizeof m->why, "\"%s\" is not a full name to look up", name);
		return 0;
	}
	if ((rc = index_sql_prepare(v->idx,
	                            "SELECT l.last_key, l.license, coalesce(l.type, ''),"
	                            " coalesce(l.status, ''), coalesce(l.expires, ''), l.state,"
	                            " r.label FROM licenses l JOIN registry_imports r ON r.id = l.list_id"
	                            " WHERE l.first_key = ?1 ORDER BY l.expires DESC",
	                            &st, v->err)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = index_sql_text(st, 2), *status = index_sql_text(st, 3);
		const char *expires = index_sql_text(st, 4);
		bool in_state = false, expired = false, bad = false, good = false;

		for (size_t i = 0; i < pl->n; i++)
			in_state = in_state || strcasecmp(pl->state[i], index_sql_text(st, 5)) == 0;
		if (!in_state || !names_surname_match(last, index_sql_text(st, 0)) ||
		    (type[0] != '\0' && !any_word(type, type_words)))
			continue;
		expired = expires[0] != '\0' && strcmp(expires, v->today) < 0;
		bad = status[0] != '\0' && any_word(status, bad_words);
		good = !expired && !bad && (status[0] == '\0' || any_word(status, active_words));
		/* the best licence found speaks: an active one over a lapsed one */
		if (found == 0 || (good && !m->ok)) {
			m->ok = good;
			snprintf(m->why, sizeof m->why, "%s licence %s (%s list \"%s\")%s%s%s%s%s",
			         index_sql_text(st, 5), index_sql_text(st, 1),
			         type[0] ? type : what, index_sql_text(st, 6),
			         status[0] ? ", status " : "", status,
			         expires[0] ? (expired ? ", expired " : ", expires ") : "", expires, "");
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

/* ---- judging ---- */

struct verdict {
	enum claim_status status;
	bool failed;          /* a query failed: no verdict (v->err says why) */
	struct buf reason;
};

static void
say(struct verdict *d, enum claim_status status, const char *fmt, ...)
{
	va_list ap;

	d->status = status;
	d->failed = false;
	buf_reset(&d->reason);
	va_start(ap, fmt);
	buf_vprintf(&d->reason, fmt, ap);
	va_end(ap);
}

/* Does the free-text credential ("M.D., FAAD", "DO") hold tok, dots
 * aside? */
static bool
cred_token(const char *cred, const char *tok)
{
	char t[64];
	size_t o = 0;

	for (const char *p = cred;; p++) {
		if (*p != '\0' && *p != '.' && isalnum((unsigned char)*p)) {
			if (o < sizeof t - 1)
				t[o++] = (char)toupper((unsigned char)*p);
			continue;
		}
		if (*p == '.')
			continue;
		t[o] = '\0';
		if (o > 0 && strcmp(t, tok) == 0)
			return true;
		o = 0;
		if (*p == '\0')
			return false;
	}
}

static bool
deactivated(const struct record *r)
{
	return r->deactivated[0] != '\0' &&
	       (r->reactivated[0] == '\0' || strcmp(r->reactivated, r->deactivated) < 0);
}

/* The board named in an evidence sentence ("American Board of Cosmetic
 * Surgery"), for the reason; "a board" when none is spelt out. */
static void
board_named(const char *evidence, char *out, size_t n)
{
	const char *p = evidence != NULL ? strcasestr(evidence, "Board of ") : NULL;
	const char *start = p, *end = NULL;

	snprintf(out, n, "the board it names");
	if (p == NULL)
		return;
	/* back over the capitalised words before "Board": "American",
	 * "American Osteopathic" */
	for (int words = 0; words < 3 && start > evidence + 1 && start[-1] == ' '; words++) {
		const char *w = start - 1;

		while (w > evidence && isalpha((unsigned char)w[-1]))
			w--;
		if (!isupper((unsigned char)*w))
			break;
		start = w;
	}
	/* on over "Board of" and the capitalised words (with "and", "of",
	 * "&") after it */
	end = p + 9;
	for (;;) {
		const char *w = end;

		while (isalpha((unsigned char)*w) || *w == '-')
			w++;
		if (w == end || (!isupper((unsigned char)*end) && strncmp(end, "and", 3) != 0 &&
		                 strncmp(end, "of", 2) != 0 && *end != '&'))
			break;
		end = w;
		if (*end != ' ')
			break;
		end++;
	}
	while (end > p && (end[-1] == ' ' || strncmp(end - 4, " and", 4) == 0))
		end -= end[-1] == ' ' ? 1 : 4;
	snprintf(out, n, "%.*s", (int)(end - start), start);
}

/* A credential claim of a practitioner matched (m) or not. */
static void
judge(struct verifier *v, const char *code, const char *evidence, const char *pract,
      const struct match_result *m, const struct places *pl, struct verdict *d)
{
	const struct record *r = &m->rec;
	struct buf rec = BUF_INIT, tx = BUF_INIT;
	const char *t = NULL;
	bool physician = false;

	buf_init(&rec, 512);
	buf_init(&tx, 512);
	/* wrong on its face, whatever the registries */
	if (strcmp(code, "board-nonabms") == 0) {
		char board[128];
		board_named(evidence, board, sizeof board);
		say(d, CLAIM_CONFLICT, "%s is outside the ABMS and AOA boards: \"board certified\" by it is "
		    "not what state advertising rules (e.g. California B&P 651) allow", board);
		goto out;
	}
	if (strcmp(code, "esthetician") == 0 || strcmp(code, "master-esthetician") == 0) {
		static const char *const esth[] = { "esthetic", "aesthetic", "cosmetolog", "skin care",
		                                    "facial", NULL };
		static const char *const master[] = { "master", "advanced", NULL };
		struct lic_match lm;
		bool is_master = strcmp(code, "master-esthetician") == 0;

		if (pract == NULL) {
			say(d, CLAIM_UNCHECKED, "a claim about the clinic, not a named practitioner");
			goto out;
		}
		if (match_license(v, pract, pl, is_master ? master : esth,
		                  is_master ? "master esthetician" : "esthetician", &lm) != 0) {
			d->failed = true;
			goto out;
		}
		if (lm.kind == M_UNLOADED)
			say(d, CLAIM_UNCHECKED, "%s (estheticians hold no NPI)", lm.why);
		else if (lm.kind == M_NONE)
			say(d, CLAIM_UNMATCHED, "%s", lm.why);
		else
			say(d, lm.ok ? CLAIM_CONSISTENT : CLAIM_CONFLICT, "%s", lm.why);
		goto out;
	}
	if (m->kind == M_UNLOADED) {
		say(d, CLAIM_UNCHECKED, "no NPPES snapshot loaded (clinicdex registry import nppes FILE)");
		goto out;
	}
	if (m->kind == M_NONE || m->kind == M_AMBIGUOUS) {
		say(d, m->kind == M_NONE ? CLAIM_UNMATCHED : CLAIM_AMBIGUOUS, "%s", m->why);
		goto out;
	}
	buf_printf(&rec, "NPI %s (%s; %s)", r->npi, r->name, r->place);
	if (deactivated(r)) {
		say(d, CLAIM_CONFLICT, "%s was deactivated on %s", buf_str(&rec), r->deactivated);
		goto out;
	}
	physician = has_tax(r, "20", NULL) != NULL;
#define BOARD_NOTE "; NPPES does not record board certification, so the board itself is not confirmed"
	if (strcmp(code, "md") == 0 || strcmp(code, "do") == 0) {
		bool md = strcmp(code, "md") == 0;
		bool says_do = cred_token(r->credential, "DO"), says_md = cred_token(r->credential, "MD");

		if (!physician) {
			tax_phrase(r, NULL, &tx);
			say(d, CLAIM_CONFLICT, "%s holds %s, none a physician's", buf_str(&rec), buf_str(&tx));
		} else if ((md && says_do && !says_md) || (!md && says_md && !says_do)) {
			say(d, CLAIM_CONFLICT, "%s: its credential text \"%s\" says %s", buf_str(&rec),
			    r->credential, md ? "D.O." : "M.D.");
		} else {
			tax_phrase(r, has_tax(r, "20", NULL), &tx);
			say(d, CLAIM_CONSISTENT, "%s, a physician: %s", buf_str(&rec), buf_str(&tx));
		}
	} else if (strcmp(code, "board-dermatology") == 0 || strcmp(code, "faad") == 0) {
		if ((t = has_tax(r, "207N", NULL)) != NULL) {
			tax_phrase(r, t, &tx);
			say(d, CLAIM_CONSISTENT, "%s: %s%s", buf_str(&rec), buf_str(&tx),
			    code[0] == 'b' ? BOARD_NOTE : "; the Academy fellowship itself is not in NPPES");
		} else {
			tax_phrase(r, NULL, &tx);
			say(d, CLAIM_CONFLICT, "%s holds %s, none dermatology (207N)", buf_str(&rec),
			    buf_str(&tx));
		}
	} else if (strcmp(code, "board-plastic-surgery") == 0 ||
	           strcmp(code, "board-facial-plastic-surgery") == 0) {
		bool facial = code[6] == 'f';

		t = facial ? has_tax(r, "207YS0123X", "2082S0099X", "2082", "2086S0122X", NULL)
		           : has_tax(r, "2082", "2086S0122X", NULL);
		if (t != NULL) {
			tax_phrase(r, t, &tx);
			say(d, CLAIM_CONSISTENT, "%s: %s%s", buf_str(&rec), buf_str(&tx), BOARD_NOTE);
		} else {
			tax_phrase(r, NULL, &tx);
			say(d, CLAIM_CONFLICT, "%s holds %s, none %s", buf_str(&rec), buf_str(&tx),
			    facial ? "facial plastic surgery (207YS0123X, 2082S0099X)"
			           : "plastic surgery (2082*, 2086S0122X)");
		}
	} else if (strcmp(code, "board-other") == 0 || strcmp(code, "board-unspecified") == 0) {
		if (physician) {
			tax_phrase(r, has_tax(r, "20", NULL), &tx);
			say(d, CLAIM_CONSISTENT, "%s, a physician: %s%s", buf_str(&rec), buf_str(&tx), BOARD_NOTE);
		} else {
			tax_phrase(r, NULL, &tx);
			say(d, CLAIM_CONFLICT, "%s holds %s, none a physician's: the ABMS and AOA boards "
			    "certify physicians", buf_str(&rec), buf_str(&tx));
		}
	} else if (strcmp(code, "facs") == 0) {
		if ((t = has_tax(r, "2086", "2082", "207Y", "207X", "2088", "207V", "207W", "208G",
		                 "204F", NULL)) != NULL) {
			tax_phrase(r, t, &tx);
			say(d, CLAIM_CONSISTENT, "%s, a surgeon: %s; the College fellowship itself is not in "
			    "NPPES", buf_str(&rec), buf_str(&tx));
		} else {
			tax_phrase(r, NULL, &tx);
			say(d, CLAIM_CONFLICT, "%s holds %s, none a surgeon's: FACS is for surgeons",
			    buf_str(&rec), buf_str(&tx));
		}
	} else if (strcmp(code, "np") == 0 || strcmp(code, "pa") == 0 || strcmp(code, "rn") == 0 ||
	           strcmp(code, "cans") == 0) {
		const char *want = code[0] == 'n' ? "363L" : code[0] == 'p' ? "363A" : "163W";
		const char *label = code[0] == 'n' ? "nurse practitioner (363L)"
		                    : code[0] == 'p' ? "physician assistant (363A)"
		                                     : "registered nurse (163W)";

		t = has_tax(r, want, NULL);
		/* a nurse practitioner is a registered nurse too */
		if (t == NULL && (code[0] == 'r' || code[0] == 'c'))
			t = has_tax(r, "363L", NULL);
		if (t != NULL) {
			tax_phrase(r, t, &tx);
			say(d, CLAIM_CONSISTENT, "%s: %s%s", buf_str(&rec), buf_str(&tx),
			    code[0] == 'c' ? "; CANS is a private certification NPPES does not record" : "");
		} else {
			tax_phrase(r, NULL, &tx);
			say(d, CLAIM_CONFLICT, "%s holds %s, not %s", buf_str(&rec), buf_str(&tx), label);
		}
	} else {
		say(d, CLAIM_UNCHECKED, "no registry rule for %s", code);
	}
#undef BOARD_NOTE
out:
	buf_release(&rec);
	buf_release(&tx);
}

/* A credential the clinic claims of itself ("our board-certified
 * dermatologists", "FDA-cleared"): wrong on its face, or judged by the
 * clinic's practitioners found in NPPES: consistent when one of them
 * bears it out, a conflict when none does. */
static void
judge_clinic(struct verifier *v, const char *code, const char *evidence,
             const struct match_result *matched, size_t n_matched, const struct places *pl,
             struct verdict *d)
{
	if (strcmp(code, "fda-cleared-device") == 0) {
		bool approved = evidence != NULL && strcasestr(evidence, "approv") != NULL;
		bool needling = evidence != NULL && (strcasestr(evidence, "needl") != NULL ||
		                                     strcasestr(evidence, "SkinPen") != NULL);
		if (approved && needling)
			say(d, CLAIM_CONFLICT, "microneedling devices are FDA cleared (510(k)) or granted "
			    "(De Novo DEN160029, SkinPen, 21 CFR 878.4430), not approved");
		else
			say(d, CLAIM_UNCHECKED, "no FDA device registry loaded");
		return;
	}
	if (strcmp(code, "board-nonabms") == 0 || strcmp(code, "esthetician") == 0 ||
	    strcmp(code, "master-esthetician") == 0 || !v->nppes || n_matched == 0) {
		static const struct match_result none = { M_NONE, { 0 }, "" };

		if (strcmp(code, "board-nonabms") == 0)
			judge(v, code, evidence, NULL, &none, pl, d);
		else if (!v->nppes)
			say(d, CLAIM_UNCHECKED, "no NPPES snapshot loaded (clinicdex registry import nppes FILE)");
		else
			say(d, CLAIM_UNCHECKED, "said of the clinic, and none of its practitioners was found "
			    "in NPPES");
		return;
	}
	for (size_t i = 0; i < n_matched; i++) {
		judge(v, code, evidence, NULL, &matched[i], pl, d);
		if (!d->failed && d->status == CLAIM_CONSISTENT) {
			struct buf b = BUF_INIT;

			buf_init(&b, 2048);
			buf_printf(&b, "said of the clinic; its practitioner %s", buf_str(&d->reason));
			say(d, CLAIM_CONSISTENT, "%s", buf_str(&b));
			buf_release(&b);
			return;
		}
	}
	say(d, CLAIM_CONFLICT, "said of the clinic, but none of its %zu practitioners found in NPPES "
	    "bears it out", n_matched);
}

static int
set_claim(struct verifier *v, int64_t claim_id, const struct verdict *d)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if ((rc = index_sql_prepare(v->idx, "UPDATE claims SET status = ?2, reason = ?3 WHERE id = ?1",
	                            &st, v->err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, claim_id);
	sqlite3_bind_text(st, 2, claim_status_name(d->status), -1, SQLITE_STATIC);
	index_sql_bind_text(st, 3, d->reason.len ? buf_str(&d->reason) : NULL);
	rc = index_sql_step_done(v->idx, st, "cannot record a verdict", v->err);
	index_sql_done(v->idx, st);
	return rc;
}

/* Verifies one clinic: its practitioners' claims, then its own. */
static int
verify_clinic(struct verifier *v, int64_t clinic_id)
{
	struct places pl;
	struct verdict d = { CLAIM_UNCHECKED, false, BUF_INIT };
	sqlite3_stmt *ps = NULL, *cs = NULL, *up = NULL;
	struct match_result *matched = NULL;
	size_t n_matched = 0;
	int64_t *pids = NULL;
	char **pnames = NULL;
	size_t np = 0, cap = 0;
	int rc = 0, step = 0;

	buf_init(&d.reason, 2048);
	if ((rc = load_places(v, clinic_id, &pl)) != 0)
		goto out;
	/* the practitioners first (the claim loop below may write) */
	if ((rc = index_sql_prepare(v->idx, "SELECT id, name FROM practitioners WHERE clinic_id = ?1"
	                                    " ORDER BY id", &ps, v->err)) != 0)
		goto out;
	sqlite3_bind_int64(ps, 1, clinic_id);
	while ((step = sqlite3_step(ps)) == SQLITE_ROW) {
		if (np == cap) {
			cap = cap ? cap * 2 : 16;
			pids = xreallocarray(pids, cap, sizeof *pids);
			pnames = xreallocarray(pnames, cap, sizeof *pnames);
		}
		pids[np] = sqlite3_column_int64(ps, 0);
		pnames[np] = xstrdup(index_sql_text(ps, 1));
		np++;
	}
	index_sql_done(v->idx, ps);
	ps = NULL;
	for (size_t i = 0; i < np && rc == 0; i++) {
		struct match_result m;
		enum claim_status worst = CLAIM_UNCHECKED;
		bool have_worst = false;
		int64_t *ids = NULL;
		char **codes = NULL, **evs = NULL;
		size_t nc = 0, cc = 0;

		v->rep->practitioners++;
		if ((rc = match_nppes(v, pnames[i], &pl, &m)) != 0)
			break;
		if (m.kind == M_ONE && !deactivated(&m.rec)) {
			matched = xreallocarray(matched, n_matched + 1, sizeof *matched);
			matched[n_matched++] = m;
		}
		if ((rc = index_sql_prepare(v->idx, "SELECT id, code, coalesce(evidence, '') FROM claims"
		                                    " WHERE practitioner_id = ?1 AND kind = 'credential'",
		                            &cs, v->err)) != 0)
			break;
		sqlite3_bind_int64(cs, 1, pids[i]);
		while (sqlite3_step(cs) == SQLITE_ROW) {
			if (nc == cc) {
				cc = cc ? cc * 2 : 8;
				ids = xreallocarray(ids, cc, sizeof *ids);
				codes = xreallocarray(codes, cc, sizeof *codes);
				evs = xreallocarray(evs, cc, sizeof *evs);
			}
			ids[nc] = sqlite3_column_int64(cs, 0);
			codes[nc] = xstrdup(index_sql_text(cs, 1));
			evs[nc] = xstrdup(index_sql_text(cs, 2));
			nc++;
		}
		index_sql_done(v->idx, cs);
		cs = NULL;
		for (size_t k = 0; k < nc; k++) {
			judge(v, codes[k], evs[k], pnames[i], &m, &pl, &d);
			if (d.failed) {
				rc = CD_EDB;
				break;
			}
			if (rc == 0)
				rc = set_claim(v, ids[k], &d);
			/* the practitioner's status: a conflict outweighs the rest */
			if (!have_worst || d.status == CLAIM_CONFLICT ||
			    (worst != CLAIM_CONFLICT && d.status != CLAIM_CONSISTENT))
				worst = d.status;
			have_worst = true;
		}
		for (size_t k = 0; k < nc; k++) {
			free(codes[k]);
			free(evs[k]);
		}
		free(ids);
		free(codes);
		free(evs);
		if (rc != 0)
			break;
		if (!have_worst)
			worst = m.kind == M_ONE ? CLAIM_CONSISTENT : m.kind == M_AMBIGUOUS ? CLAIM_AMBIGUOUS
			        : m.kind == M_NONE ? CLAIM_UNMATCHED : CLAIM_UNCHECKED;
		if ((rc = index_sql_prepare(v->idx, "UPDATE practitioners SET npi = ?2, status = ?3"
		                                    " WHERE id = ?1", &up, v->err)) != 0)
			break;
		sqlite3_bind_int64(up, 1, pids[i]);
		index_sql_bind_text(up, 2, m.kind == M_ONE ? m.rec.npi : NULL);
		sqlite3_bind_text(up, 3, claim_status_name(worst), -1, SQLITE_STATIC);
		rc = index_sql_step_done(v->idx, up, "cannot record a practitioner's status", v->err);
		index_sql_done(v->idx, up);
		up = NULL;
	}
	if (rc != 0)
		goto out;
	/* the clinic's own credential claims */
	{
		int64_t *ids = NULL;
		char **codes = NULL, **evs = NULL;
		size_t nc = 0, cc = 0;

		if ((rc = index_sql_prepare(v->idx, "SELECT id, code, coalesce(evidence, '') FROM claims"
		                                    " WHERE clinic_id = ?1 AND practitioner_id IS NULL"
		                                    " AND kind = 'credential'", &cs, v->err)) != 0)
			goto out;
		sqlite3_bind_int64(cs, 1, clinic_id);
		while (sqlite3_step(cs) == SQLITE_ROW) {
			if (nc == cc) {
				cc = cc ? cc * 2 : 8;
				ids = xreallocarray(ids, cc, sizeof *ids);
				codes = xreallocarray(codes, cc, sizeof *codes);
				evs = xreallocarray(evs, cc, sizeof *evs);
			}
			ids[nc] = sqlite3_column_int64(cs, 0);
			codes[nc] = xstrdup(index_sql_text(cs, 1));
			evs[nc] = xstrdup(index_sql_text(cs, 2));
			nc++;
		}
		index_sql_done(v->idx, cs);
		cs = NULL;
		for (size_t k = 0; k < nc && rc == 0; k++) {
			judge_clinic(v, codes[k], evs[k], matched, n_matched, &pl, &d);
			rc = !d.failed ? set_claim(v, ids[k], &d) : CD_EDB;
		}
		for (size_t k = 0; k < nc; k++) {
			free(codes[k]);
			free(evs[k]);
		}
		free(ids);
		free(codes);
		free(evs);
	}
	v->rep->clinics++;
out:
	index_sql_done(v->idx, ps);
	index_sql_done(v->idx, cs);
	for (size_t i = 0; i < np; i++)
		free(pnames[i]);
	free(pnames);
	free(pids);
	free(matched);
	buf_release(&d.reason);
	return rc;
}

int
index_verify(struct index *idx, int64_t site_id, const char *today, struct verify_report *rep,
             struct cd_error *err)
{
	struct verifier v = { idx, err, rep, "", false };
	sqlite3_stmt *st = NULL;
	int64_t *clinics = NULL;
	size_t n = 0, cap = 0;
	int rc = 0, step = 0;

	memset(rep, 0, sizeof *rep);
	if (today != NULL) {
		snprintf(v.today, sizeof v.today, "%s", today);
	} else {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(v.today, sizeof v.today, "%Y-%m-%d", &tm);
	}
	if ((rc = index_begin(idx, err)) != 0)
		return rc;
	if ((rc = index_sql_prepare(idx, "SELECT EXISTS (SELECT 1 FROM registry_imports"
	                                 " WHERE kind = 'nppes')", &st, err)) != 0)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		v.nppes = sqlite3_column_int(st, 0) != 0;
	index_sql_done(idx, st);
	st = NULL;
	if ((rc = index_sql_prepare(idx, "SELECT c.id FROM clinics c WHERE ?1 <= 0 OR c.site_id = ?1"
	                                 " ORDER BY c.id", &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, site_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			clinics = xreallocarray(clinics, cap, sizeof *clinics);
		}
		clinics[n++] = sqlite3_column_int64(st, 0);
	}
	index_sql_done(idx, st);
	st = NULL;
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(idx, err, "cannot list clinics");
		goto fail;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = verify_clinic(&v, clinics[i]);
	if (rc != 0)
		goto fail;
	/* services are not what registries speak of */
	if ((rc = index_sql_prepare(idx, "UPDATE claims SET status = ?2, reason = NULL"
	                                 " WHERE kind = 'service' AND status <> ?2"
	                                 " AND (?1 <= 0 OR clinic_id IN (SELECT id FROM clinics"
	                                 " WHERE site_id = ?1))", &st, err)) != 0)
		goto fail;
	sqlite3_bind_int64(st, 1, site_id);
	sqlite3_bind_text(st, 2, claim_status_name(CLAIM_UNCHECKED), -1, SQLITE_STATIC);
	if ((rc = index_sql_step_done(idx, st, "cannot reset service claims", err)) != 0)
		goto fail;
	index_sql_done(idx, st);
	st = NULL;
	/* counted as stats, search and export list them: a claim repeated
	 * on several pages once */
	if ((rc = index_count_claims(idx, site_id, &rep->claims, rep->by_status, &rep->services,
	                             err)) != 0)
		goto fail;
	free(clinics);
	return index_commit(idx, err);
fail:
	index_sql_done(idx, st);
	free(clinics);
	index_rollback(idx);
	return rc;
}
