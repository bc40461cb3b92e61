/* verify.c: claims against NPPES and licence lists (see verify.h). For
 * each clinic: its states, cities and ZIPs; each practitioner matched by
 * name within those states (the same city or ZIP preferred, ties left
 * ambiguous: verify_match.c); then each claim judged by its rule in the
 * verify section of rules.json (verify_rules.c); device claims against
 * FDA's decisions (devices.c); last, practitioners against the LEIE
 * (exclusion.c). */
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
#include "index/sql.h"
#include "index/query.h"
#include "registry/devices.h"
#include "registry/exclusion.h"
#include "registry/registry.h"
#include "registry/verify_impl.h"

/* ---- taxonomies ---- */

/* The first taxonomy of r starting with one of the n prefixes, or NULL. */
static const char *
has_tax(const struct record *r, char *const *prefixes, size_t n)
{
	for (size_t i = 0; i < r->n_tax; i++)
		for (size_t k = 0; k < n; k++)
			if (strncmp(r->tax[i], prefixes[k], strlen(prefixes[k])) == 0)
				return r->tax[i];
	return NULL;
}

/* "taxonomy 207N00000X (Dermatology)" for code, or the list of all.
 * -1 when it would pass b's cap. */
static int
tax_phrase(const struct verifier *v, const struct record *r, const char *code, struct buf *b)
{
	int rc = 0;

	if (code != NULL) {
		const char *nm = verify_rules_taxonomy_name(v->rules, code);
		return buf_printf(b, "taxonomy %s%s%s%s", code, nm ? " (" : "", nm ? nm : "",
		                  nm ? ")" : "");
	}
	rc |= buf_puts(b, r->n_tax == 1 ? "taxonomy " : "taxonomies ");
	for (size_t i = 0; i < r->n_tax; i++) {
		const char *nm = verify_rules_taxonomy_name(v->rules, r->tax[i]);
		rc |= buf_printf(b, "%s%s%s%s%s", i ? ", " : "", r->tax[i], nm ? " (" : "",
		                 nm ? nm : "", nm ? ")" : "");
	}
	if (r->n_tax == 0)
		rc |= buf_puts(b, "none");
	return rc;
}

/* ---- judging ---- */

struct verdict {
	enum claim_status status;
	bool failed;          /* a query failed: no verdict (v->err says why) */
	bool bad_license;     /* the licence found is not in good standing */
	struct buf reason;
};

/* A reason that would pass its cap (the caps in verify_impl.h hold the
 * longest the registries and rules allow): the claim stays unchecked and
 * says so, rather than keeping a reason cut short or empty. */
static void
say_too_long(struct verdict *d)
{
	d->status = CLAIM_UNCHECKED;
	d->failed = false;
	buf_reset(&d->reason);
	/* far shorter than VERIFY_MAX_REASON: cannot fail */
	(void)buf_puts(&d->reason, "the reason was too long to keep");
}

static void
say(struct verdict *d, enum claim_status status, const char *fmt, ...)
{
	va_list ap;
	int rc = 0;

	d->status = status;
	d->failed = false;
	d->bad_license = false;
	buf_reset(&d->reason);
	va_start(ap, fmt);
	rc = buf_vprintf(&d->reason, fmt, ap);
	va_end(ap);
	if (rc != 0)
		say_too_long(d);
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

/* "{board}" in the rule's text stands for the board the evidence names. */
static void
say_conflict(struct verdict *d, const struct verify_rule *rule, const char *evidence)
{
	const char *at = strstr(rule->conflict, "{board}");
	char board[128];

	if (at == NULL) {
		say(d, CLAIM_CONFLICT, "%s", rule->conflict);
		return;
	}
	board_named(evidence, board, sizeof board);
	say(d, CLAIM_CONFLICT, "%.*s%s%s", (int)(at - rule->conflict), rule->conflict, board,
	    at + strlen("{board}"));
}

/* A claim checked against the licence lists (estheticians hold no NPI). */
static void
judge_license(struct verifier *v, const struct verify_rule *rule, const char *pract,
              const struct places *pl, struct verdict *d)
{
	struct lic_match lm;

	if (pract == NULL) {
		say(d, CLAIM_UNCHECKED, "a claim about the clinic, not a named practitioner");
		return;
	}
	if (match_license(v, pract, pl, rule, &lm) != 0) {
		d->failed = true;
		return;
	}
	if (lm.kind == M_UNLOADED)
		say(d, CLAIM_UNCHECKED, "%s%s%s%s", lm.why, rule->unloaded_note ? " (" : "",
		    rule->unloaded_note ? rule->unloaded_note : "", rule->unloaded_note ? ")" : "");
	else if (lm.kind == M_NONE)
		say(d, CLAIM_UNMATCHED, "%s", lm.why);
	else if (lm.standing == STANDING_GOOD)
		say(d, CLAIM_CONSISTENT, "%s", lm.why);
	else if (lm.standing == STANDING_UNKNOWN)
		say(d, CLAIM_UNCHECKED, "%s", lm.why);
	else {
		say(d, CLAIM_CONFLICT, "%s", lm.why);
		d->bad_license = true;
	}
}

/* A claim checked against the NPPES record r (rec names it): one of the
 * rule's taxonomies confirms it, unless the credential text says the
 * conflicting degree. */
static void
judge_nppes(const struct verifier *v, const struct verify_rule *rule, const struct record *r,
            const char *rec, struct verdict *d)
{
	const char *t = has_tax(r, rule->taxonomies, rule->n_taxonomies);
	const char *note = rule->note ? rule->note : "";
	struct buf tx = BUF_INIT;

	buf_init(&tx, VERIFY_MAX_TAXLIST);
	if (t == NULL)
		t = has_tax(r, rule->or_taxonomies, rule->n_or_taxonomies);
	if (t == NULL) {
		if (tax_phrase(v, r, NULL, &tx) != 0)
			say_too_long(d);
		else
			say(d, CLAIM_CONFLICT, "%s holds %s, %s", rec, buf_str(&tx), rule->lacking);
	} else if (rule->conflicting_text != NULL && cred_token(r->credential, rule->conflicting_text) &&
	           !cred_token(r->credential, rule->credential_text)) {
		say(d, CLAIM_CONFLICT, "%s: its credential text \"%s\" says %s", rec, r->credential,
		    rule->conflicting_label);
	} else if (tax_phrase(v, r, t, &tx) != 0) {
		say_too_long(d);
	} else {
		say(d, CLAIM_CONSISTENT, "%s%s%s: %s%s", rec, rule->label ? ", " : "",
		    rule->label ? rule->label : "", buf_str(&tx), note);
	}
	buf_release(&tx);
}

/* A credential claim of a practitioner matched (m) or not, by its rule in
 * the verify section of rules.json. */
static void
judge(struct verifier *v, const char *code, const char *evidence, const char *pract,
      const struct match_result *m, const struct places *pl, struct verdict *d)
{
	const struct verify_rule *rule = verify_rules_find(v->rules, code);
	const struct record *r = &m->rec;
	struct buf rec = BUF_INIT;

	buf_init(&rec, VERIFY_MAX_RECORD);
	/* wrong on its face, whatever the registries */
	if (rule != NULL && rule->how == VERIFY_CONFLICT) {
		say_conflict(d, rule, evidence);
		goto out;
	}
	if (rule != NULL && rule->how == VERIFY_LICENSES) {
		judge_license(v, rule, pract, pl, d);
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
	if (buf_printf(&rec, "NPI %s (%s; %s)", r->npi, r->name, r->place) != 0)
		say_too_long(d);
	else if (deactivated(r))
		say(d, CLAIM_CONFLICT, "%s was deactivated on %s", buf_str(&rec), r->deactivated);
	else if (rule == NULL)
		say(d, CLAIM_UNCHECKED, "no registry rule for %s", code);
	else
		judge_nppes(v, rule, r, buf_str(&rec), d);
out:
	buf_release(&rec);
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
		/* a class FDA never approves (rules.json verify.never_approved);
		 * a named device with FDA's records loaded is judged by them */
		const char *never = verify_rules_never_approved(v->rules, evidence);

		if (never != NULL &&
		    (!v->fda || verify_rules_device_in(v->rules, evidence) == NULL)) {
			say(d, CLAIM_CONFLICT, "%s", never);
		} else if (v->fda) {
			enum claim_status st = CLAIM_UNCHECKED;
			char why[1024];

			if (registry_fda_judge(v->idx, v->rules, evidence, &st, why, sizeof why,
			                       v->err) != 0)
				d->failed = true;
			else
				say(d, st, "%s", why);
		} else
			say(d, CLAIM_UNCHECKED, "no FDA device registry loaded");
		return;
	}
	const struct verify_rule *rule = verify_rules_find(v->rules, code);

	if ((rule != NULL && rule->how != VERIFY_NPPES) || !v->nppes || n_matched == 0) {
		static const struct match_result none = { M_NONE, { 0 }, "" };

		if (rule != NULL && rule->how == VERIFY_CONFLICT)
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

			buf_init(&b, VERIFY_MAX_REASON);
			if (buf_printf(&b, "said of the clinic; its practitioner %s",
			               buf_str(&d->reason)) != 0)
				say_too_long(d);
			else
				say(d, CLAIM_CONSISTENT, "%s", buf_str(&b));
			buf_release(&b);
			return;
		}
	}
	say(d, CLAIM_CONFLICT, "said of the clinic, but none of its %zu practitioners found in NPPES "
	    "bears it out", n_matched);
}

/* The credential claims of one practitioner or clinic, copied so that no
 * statement is open while they are judged and written. */
struct claims {
	int64_t *ids;
	char **codes, **evs;
	size_t n, cap;
};

static void
claims_release(struct claims *c)
{
	for (size_t k = 0; k < c->n; k++) {
		free(c->codes[k]);
		free(c->evs[k]);
	}
	free(c->ids);
	free(c->codes);
	free(c->evs);
	memset(c, 0, sizeof *c);
}

/* Reads the rows of sql (id, code, evidence; ?1 bound to id) into c. A
 * step that fails mid-walk is an error, never a shorter list: the claims
 * left out would stay unjudged while verify reported success. On an
 * error c is empty again (nothing for the caller to release). */
static int
load_claims(struct verifier *v, const char *sql, int64_t id, struct claims *c)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(v->idx, sql, &st, v->err)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 8;
			c->ids = xreallocarray(c->ids, c->cap, sizeof *c->ids);
			c->codes = xreallocarray(c->codes, c->cap, sizeof *c->codes);
			c->evs = xreallocarray(c->evs, c->cap, sizeof *c->evs);
		}
		c->ids[c->n] = sqlite3_column_int64(st, 0);
		c->codes[c->n] = xstrdup(index_sql_text(st, 1));
		c->evs[c->n] = xstrdup(index_sql_text(st, 2));
		c->n++;
	}
	if (step != SQLITE_DONE) {
		rc = index_sql_fail(v->idx, v->err, "cannot read claims");
		claims_release(c);   /* a caller that fails gets nothing to free */
	}
	index_sql_done(v->idx, st);
	return rc;
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

/* Reads the ids and names of the practitioners of clinic_id into
 * *pids, *pnames, *np (the caller frees them, also on failure). */
static int
load_practitioners(struct verifier *v, int64_t clinic_id, int64_t **pids, char ***pnames,
                   size_t *np)
{
	sqlite3_stmt *ps = NULL;
	size_t cap = 0;
	int rc = 0, step = 0;

	if ((rc = index_sql_prepare(v->idx, "SELECT id, name FROM practitioners WHERE clinic_id = ?1"
	                                    " ORDER BY id", &ps, v->err)) != 0)
		return rc;
	sqlite3_bind_int64(ps, 1, clinic_id);
	while ((step = sqlite3_step(ps)) == SQLITE_ROW) {
		if (*np == cap) {
			cap = cap ? cap * 2 : 16;
			*pids = xreallocarray(*pids, cap, sizeof **pids);
			*pnames = xreallocarray(*pnames, cap, sizeof **pnames);
		}
		(*pids)[*np] = sqlite3_column_int64(ps, 0);
		(*pnames)[*np] = xstrdup(index_sql_text(ps, 1));
		(*np)++;
	}
	index_sql_done(v->idx, ps);
	if (step != SQLITE_DONE)
		rc = index_sql_fail(v->idx, v->err, "cannot read a clinic's practitioners");
	return rc;
}

/* Verifies the credential claims of practitioner pid (named pname) and
 * records the practitioner's NPI, status and licence note; her NPPES
 * match, when one active record, is added to *matched, *n_matched. d is
 * the caller's verdict, reused. */
static int
verify_practitioner(struct verifier *v, int64_t pid, const char *pname, const struct places *pl,
                    struct verdict *d, struct match_result **matched, size_t *n_matched)
{
	struct match_result m;
	enum claim_status worst = CLAIM_UNCHECKED;
	bool have_worst = false;
	struct claims cl = { 0 };
	struct buf lic_note = BUF_INIT;
	sqlite3_stmt *up = NULL;
	int rc = 0;

	v->rep->practitioners++;
	if ((rc = match_nppes(v, pname, pl, &m)) != 0)
		return rc;
	if (m.kind == M_ONE && !deactivated(&m.rec)) {
		*matched = xreallocarray(*matched, *n_matched + 1, sizeof **matched);
		(*matched)[(*n_matched)++] = m;
	}
	if ((rc = load_claims(v, "SELECT id, code, coalesce(evidence, '') FROM claims"
	                         " WHERE practitioner_id = ?1 AND kind = 'credential'",
	                      pid, &cl)) != 0)
		return rc;
	for (size_t k = 0; k < cl.n; k++) {
		judge(v, cl.codes[k], cl.evs[k], pname, &m, pl, d);
		if (d->failed) {
			rc = CD_EDB;
			break;
		}
		if (rc == 0)
			rc = set_claim(v, cl.ids[k], d);
		/* for show: a line under the person, whatever the claim */
		if (d->bad_license && lic_note.len == 0) {
			/* the cap holds any reason (VERIFY_MAX_REASON) and the words */
			buf_init(&lic_note, VERIFY_MAX_REASON + 64);
			if (buf_printf(&lic_note, "licence not in good standing: %s",
			               buf_str(&d->reason)) != 0 && rc == 0)
				rc = cd_error_set(v->err, CD_EINVAL, "a licence note passes %d bytes",
				                  VERIFY_MAX_REASON + 64);
		}
		/* the practitioner's status: a conflict outweighs the rest */
		if (!have_worst || d->status == CLAIM_CONFLICT ||
		    (worst != CLAIM_CONFLICT && d->status != CLAIM_CONSISTENT))
			worst = d->status;
		have_worst = true;
	}
	claims_release(&cl);
	if (rc != 0)
		goto out;
	if (!have_worst)
		worst = m.kind == M_ONE ? CLAIM_CONSISTENT : m.kind == M_AMBIGUOUS ? CLAIM_AMBIGUOUS
		        : m.kind == M_NONE ? CLAIM_UNMATCHED : CLAIM_UNCHECKED;
	if ((rc = index_sql_prepare(v->idx, "UPDATE practitioners SET npi = ?2, status = ?3,"
	                                    " license_note = ?4 WHERE id = ?1", &up,
	                            v->err)) != 0)
		goto out;
	sqlite3_bind_int64(up, 1, pid);
	index_sql_bind_text(up, 2, m.kind == M_ONE ? m.rec.npi : NULL);
	sqlite3_bind_text(up, 3, claim_status_name(worst), -1, SQLITE_STATIC);
	index_sql_bind_text(up, 4, lic_note.len ? buf_str(&lic_note) : NULL);
	rc = index_sql_step_done(v->idx, up, "cannot record a practitioner's status", v->err);
	index_sql_done(v->idx, up);
out:
	buf_release(&lic_note);
	return rc;
}

/* Verifies one clinic: its practitioners' claims, then its own. */
static int
verify_clinic(struct verifier *v, int64_t clinic_id)
{
	struct places pl;
	struct verdict d = { CLAIM_UNCHECKED, false, false, BUF_INIT };
	struct match_result *matched = NULL;
	size_t n_matched = 0;
	int64_t *pids = NULL;
	char **pnames = NULL;
	size_t np = 0;
	int rc = 0;

	buf_init(&d.reason, VERIFY_MAX_REASON);
	if ((rc = load_places(v, clinic_id, &pl)) != 0)
		goto out;
	/* the practitioners first (the claim loop below may write) */
	if ((rc = load_practitioners(v, clinic_id, &pids, &pnames, &np)) != 0)
		goto out;
	for (size_t i = 0; i < np && rc == 0; i++)
		rc = verify_practitioner(v, pids[i], pnames[i], &pl, &d, &matched, &n_matched);
	if (rc != 0)
		goto out;
	/* the clinic's own credential claims */
	{
		struct claims cl = { 0 };

		rc = load_claims(v, "SELECT id, code, coalesce(evidence, '') FROM claims"
		                    " WHERE clinic_id = ?1 AND practitioner_id IS NULL"
		                    " AND kind = 'credential'", clinic_id, &cl);
		for (size_t k = 0; k < cl.n && rc == 0; k++) {
			judge_clinic(v, cl.codes[k], cl.evs[k], matched, n_matched, &pl, &d);
			rc = !d.failed ? set_claim(v, cl.ids[k], &d) : CD_EDB;
		}
		claims_release(&cl);
		if (rc != 0)
			goto out;
	}
	v->rep->clinics++;
out:
	for (size_t i = 0; i < np; i++)
		free(pnames[i]);
	free(pnames);
	free(pids);
	free(matched);
	buf_release(&d.reason);
	return rc;
}

int
index_verify(struct index *idx, const struct verify_rules *rules, int64_t site_id,
             const char *today, struct verify_report *rep, struct cd_error *err)
{
	struct verifier v = { idx, err, rep, rules, "", false, false };
	sqlite3_stmt *st = NULL;
	int64_t *clinics = NULL;
	size_t n = 0, cap = 0;
	int rc = 0, step = 0;

	memset(rep, 0, sizeof *rep);
	registry_today(today, v.today);
	if ((rc = index_begin(idx, err)) != 0)
		return rc;
	if ((rc = registry_loaded(idx, "nppes", &v.nppes, "cannot read the registries loaded",
	                          err)) != 0 ||
	    (rc = registry_fda_loaded(idx, &v.fda, err)) != 0)
		goto fail;
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
	/* NPPES may have given practitioners an NPI: the LEIE matches anew */
	if ((rc = registry_exclusions_apply(idx, site_id, v.today, NULL, NULL, NULL, err)) != 0)
		goto fail;
	/* counted as stats, search and export list them: a claim repeated
	 * on several pages once */
	if ((rc = index_count_claims(idx, site_id, &rep->claims, rep->by_status, &rep->services,
	                             err)) != 0)
		goto fail;
	free(clinics);
	/* a commit that fails leaves nothing half done: the next begin works */
	if ((rc = index_commit(idx, err)) != 0)
		index_rollback(idx);
	return rc;
fail:
	index_sql_done(idx, st);
	free(clinics);
	index_rollback(idx);
	return rc;
}
