/* claims.c: credentials and services, sentence by sentence (pass 2), and
 * from structured data about a person; each attached to the practitioner
 * it is said of, or the clinic. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/extract_impl.h"
#include "extract/markup.h"

void
add_claim(struct ex *x, size_t code, int pract, const char *evidence, size_t n)
{
	const struct rule_code *rc = rules_code(x->r, code);
	char *ev = NULL, *cut = NULL;

	if (rc == NULL)
		return;
	ev = xstrndup(evidence, n);
	cut = text_truncate(ev, EXTRACT_MAX_EVIDENCE);
	page_facts_add_claim(x->f, rc->kind, rc->code, pract, cut);
	free(ev);
	free(cut);
}

/* Releases the claims whose drop[] is set and closes the gaps; drop has
 * f->n_claims entries, decided before anything moves. */
void
drop_claims(struct page_facts *f, const unsigned char *drop)
{
	size_t o = 0;

	for (size_t i = 0; i < f->n_claims; i++) {
		if (drop[i])
			fact_claim_release(&f->claims[i]);
		else
			f->claims[o++] = f->claims[i];
	}
	f->n_claims = o;
}

void
collect_hit(void *arg, size_t code, size_t start, size_t end)
{
	struct hits *h = arg;

	if (h->product_check && rules_filter(h->r, RULES_F_PRODUCT, h->s + end, h->len - end))
		return;   /* "Botox mask", "HydraFacial serum" */
	if (h->aside_check && start > 0) {
		/* "the needle-free alternative to Kybella", "after Mohs", "Botox
		 * is FDA-approved": the few words before, cut at a UTF-8
		 * character start */
		size_t from = start > ASIDE_BEFORE ? start - ASIDE_BEFORE : 0;

		while (from < start && ((unsigned char)h->s[from] & 0xC0) == 0x80)
			from++;
		if (rules_filter(h->r, RULES_F_ASIDE, h->s + from, start - from))
			return;
	}
	if (h->n < sizeof(h->codes) / sizeof(h->codes[0])) {
		h->at[h->n] = start;
		h->to[h->n] = end;
		h->codes[h->n++] = (long)code;
	}
}

/* Counts the hits into *(size_t *)arg (a rules_hit_fn). */
void
count_hit(void *arg, size_t code, size_t start, size_t end)
{
	(void)code;
	(void)start;
	(void)end;
	++*(size_t *)arg;
}

/* Whom a sentence with credentials speaks of. */
struct said_of {
	struct mention m[EXTRACT_MAX_SUBJECTS];  /* the practitioners it names */
	size_t nm;
	int dflt;       /* with none named: the one implied, or SUBJECT_NONE */
	bool plural;    /* "Dr. Rao and Dr. Lee are ...": said of each named */
	bool clinic;    /* nobody named or implied, and the clinic speaks */
};

/* A sentence that negates ("We do not offer CoolSculpting"): what it
 * negates, the heading above must not claim. */
static void
negated_services(const struct ex *x, struct ex_section *sec, const char *s, size_t n)
{
	struct hits sv;

	hits_init(&sv, x->r, s, n, true, true);
	ex_scan(x, RULES_SET_SERVICE, s, n, collect_hit, &sv);
	for (size_t i = 0; i < sv.n && sec->negated != NULL; i++)
		sec->negated[sv.codes[i]] = sec->any_negated = true;
}

/* A line of credential suffixes: "SMITH, RN, BSN" over the given names,
 * or "MD, FAAD" in the cell next to a name. True when s[0..n) is one
 * (its claims added). */
static bool
suffix_line(struct ex *x, struct ex_subjects *who, const char *s, size_t n)
{
	long codes[EXTRACT_MAX_SUFFIXES];
	size_t k = 0;
	int p = surname_first(x, s, n, codes, &k);

	for (size_t i = 0; i < k && p >= 0; i++)
		add_claim(x, (size_t)codes[i], p, s, n);
	if (p >= 0)
		return true;
	/* "MD, FAAD" in the cell next to a name */
	if ((k = suffix_only(x, s, n, codes, EXTRACT_MAX_SUFFIXES)) == 0)
		return false;
	p = implied_subject(x, who, s, n, n);
	/* on a line of their own right under a name line ("Jane Doe" then
	 * "RN, BSN") */
	if (p < 0)
		p = name_line_above(x);
	for (size_t i = 0; i < k && p >= 0; i++)
		add_claim(x, (size_t)codes[i], p, s, n);
	return true;
}

/* Services: from content, and from a menu's own items ("Botox" as a link
 * of the site's navigation); not from lists of blog topics, not on a shop
 * page, not from a card a line of which says its item is not offered. */
static void
services_in_sentence(struct ex *x, const struct ex_subjects *who, const char *s, size_t n)
{
	struct hits sv;
	unsigned flags = x->blk->flags;

	if (!(!x->scope.shop && !x->news_blk && !(flags & VISIBLE_ARCHIVE) &&
	      !(x->blk->card != VISIBLE_NO_CARD && who->cards.negated[x->blk->card]) &&
	      (!x->scope.education || ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n)) &&
	      (!(flags & VISIBLE_NAV) ||
	       ((flags & (VISIBLE_LINK | VISIBLE_LIST)) && n <= EXTRACT_MENU_ITEM_MAX))))
		return;
	hits_init(&sv, x->r, s, n, true, true);
	ex_scan(x, RULES_SET_SERVICE, s, n, collect_hit, &sv);
	/* a person's bio telling what she does ("Her primary focus is ...
	 * PRP injections") is her practice, not the clinic's menu, unless
	 * the clinic speaks ("at our clinic") */
	if (sv.n > 0 && (flags & VISIBLE_PERSON) && starts_with_pronoun(s, n) &&
	    !ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n))
		sv.n = 0;
	for (size_t i = 0; i < sv.n; i++)
		add_claim(x, (size_t)sv.codes[i], SUBJECT_CLINIC, s, n);
}

/* "board-certified plastic surgeon" with no board named: the specialty
 * near where it is said ("a board-certified family nurse practitioner
 * who ... came to dermatology" names no dermatology board) into bd. */
static void
board_certified(const struct ex *x, const char *s, size_t n, struct hits *bd)
{
	const struct rules *r = x->r;
	size_t at = NOWHERE;
	long c;

	if (in_block(x, s, n)) {
		size_t o = (size_t)(s - x->blk->text);

		at = rules_hits_filter_at(r, x->hits, RULES_F_BOARD_CERTIFIED, o, o + n);
		c = at == NOWHERE ? ex_specialty(x, s, n)
		    : rules_hits_specialty(r, x->hits,
		                           o + (at > SPECIALTY_BEFORE ? at - SPECIALTY_BEFORE : 0),
		                           o + (at + SPECIALTY_AFTER < n ? at + SPECIALTY_AFTER : n));
	} else {
		c = ex_specialty(x, s, n);
	}
	if (c >= 0) {
		bd->at[0] = at;
		bd->to[0] = at;
		bd->codes[bd->n++] = c;
	}
}

/* Whom the credentials cr and boards bd of s[0..n) are said of, into so;
 * who->last_pract follows. */
static void
said_of(struct ex *x, struct ex_subjects *who, const char *s, size_t n, const struct hits *cr,
        const struct hits *bd, struct said_of *so)
{
	size_t first = n, i;

	/* where the first credential said of a person (not the clinic's own,
	 * "FDA-cleared") begins */
	for (i = 0; i < cr->n; i++)
		if (cr->at[i] < first && !rules_code_clinic_scope(x->r, (size_t)cr->codes[i]))
			first = cr->at[i];
	for (i = 0; i < bd->n; i++)
		if (bd->at[i] < first)
			first = bd->at[i];
	so->dflt = SUBJECT_NONE;
	so->plural = false;
	so->nm = mentions(x, s, n, so->m, EXTRACT_MAX_SUBJECTS);
	if (so->nm > 0) {
		who->last_pract = so->m[0].p;
		/* "Dr. Rao and Dr. Lee are board-certified dermatologists" */
		so->plural = so->nm > 1 &&
		             (memmem(s, n, " are ", 5) != NULL || memmem(s, n, "Both ", 5) != NULL ||
		              memmem(s, n, " both ", 6) != NULL);
	} else if ((bd->n > 0 || first < n) &&
	           (so->dflt = implied_subject(x, who, s, n, first)) >= 0) {
		who->last_pract = so->dflt;
	} else if ((bd->n > 0 || first < n) && n <= EXTRACT_MENU_ITEM_MAX && in_block(x, s, n) &&
	           s == x->blk->text && n == x->blk->len && (so->dflt = name_line_above(x)) >= 0) {
		/* a line of its own right under a name line ("Willa Kearns"
		 * then "Licensed Esthetician" in a caption) */
		who->last_pract = so->dflt;
	}
	so->clinic = so->nm == 0 && so->dflt < 0 &&
	             (ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n) || names_clinic(x, s, n));
}

/* Is the credential words s[at..to) a plural ("nurse practitioners",
 * not "Fellow of the American College of Surgeons") in a sentence not
 * about one person ("She is one of our nurse practitioners")? */
static bool
staff_class(const char *s, size_t n, size_t at, size_t to)
{
	return to > at + 2 && s[to - 1] == 's' && s[to - 2] >= 'a' && s[to - 2] <= 'z' &&
	       s[to - 2] != 's' && memmem(s + at, to - at, " of ", 4) == NULL &&
	       !starts_with_pronoun(s, n) && memmem(s, n, "one of", 6) == NULL;
}

/* The person named right after the credential at s[at..], in the same
 * phrase ("our board-certified plastic surgeon, Dr. Keoni Akana": one
 * comma at most, no "and", within APPOSITIVE_MAX bytes), or SUBJECT_NONE. */
#define APPOSITIVE_MAX 64
static int
appositive(const char *s, const struct said_of *so, size_t at)
{
	for (size_t i = 0; i < so->nm; i++) {
		const struct mention *m = &so->m[i];
		size_t commas = 0;

		if (m->start <= at)
			continue;
		if (m->start - at > APPOSITIVE_MAX || memmem(s + at, m->start - at, " and ", 5) != NULL)
			return SUBJECT_NONE;
		for (size_t k = at; k < m->start; k++)
			commas += s[k] == ',';
		return commas <= 1 ? m->p : SUBJECT_NONE;
	}
	return SUBJECT_NONE;
}

/* Adds the claim of code, found at [at, to) of s[0..n) (at NOWHERE: not
 * placed), to whom it is said of. */
static void
claim_credential(struct ex *x, const char *s, size_t n, const struct said_of *so, size_t code,
                 size_t at, size_t to)
{
	int p = SUBJECT_NONE;

	if (rules_code_clinic_scope(x->r, code)) {
		add_claim(x, code, SUBJECT_CLINIC, s, n);
		return;
	}
	if (at != NOWHERE && other_person(s, at)) {
		/* ... named right after it, who holds it is known: "overseen by
		 * our board-certified plastic surgeon, Dr. Keoni Akana" */
		if ((p = appositive(s, so, at)) >= 0)
			add_claim(x, code, p, s, n);
		return;
	}
	if (so->nm > 0) {
		if (so->plural) {
			for (size_t k = 0; k < so->nm; k++)
				add_claim(x, code, so->m[k].p, s, n);
			return;
		}
		/* a name right after the credential, known or new, wins over
		 * one before it */
		if (at != NOWHERE && (p = bind_hit(s, so->m, so->nm, at, to, true)) < 0 &&
		    (p = name_after(x, s, n, to)) == SUBJECT_NONE)
			p = bind_hit(s, so->m, so->nm, at, to, false);
		if (p == SUBJECT_SOMEONE_ELSE)
			return;
		if (p < 0)
			p = so->m[0].p;   /* the sentence's subject */
	} else if (at != NOWHERE && staff_class(s, n, at, to)) {
		/* "Injections are performed by our nurse practitioners": a
		 * class of staff, no one person's credential */
		if (ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n))
			add_claim(x, code, SUBJECT_CLINIC, s, n);
		return;
	} else {
		p = so->dflt;
		if (at != NOWHERE && p < 0)
			p = name_after(x, s, n, to);
		if (at != NOWHERE && p == SUBJECT_NONE)
			p = name_before(x, s, at);
	}
	if (p >= 0)
		add_claim(x, code, p, s, n);
	else if (so->clinic && p != SUBJECT_SOMEONE_ELSE)
		add_claim(x, code, SUBJECT_CLINIC, s, n);
}

/* Does the clinic advertise the board at s[at..] as its own, as well as
 * the doctor's who holds it: "our board-certified plastic surgeon, Dr.
 * Akana", "our double board-certified ..."? (Not "Limestone Plastic
 * Surgery was founded by Dr. Hargrove, a board-certified plastic
 * surgeon": the founder's.) */
static bool
clinic_own_board(const char *s, size_t n, size_t at)
{
	size_t e = at, b;

	if (at == NOWHERE || at > n)
		return false;
	/* "our" right before, or one lower-case word before that ("our
	 * double board-certified") */
	for (int words = 0; words < 2; words++) {
		while (e > 0 && s[e - 1] == ' ')
			e--;
		b = e;
		while (b > 0 && s[b - 1] != ' ')
			b--;
		if (e - b == 3 && strncasecmp(s + b, "our", 3) == 0)
			return true;
		if (e == b || !islower((unsigned char)s[b]) || !isalpha((unsigned char)s[e - 1]))
			return false;
		e = b;
	}
	return false;
}

static void
claims_in_sentence(struct ex *x, struct ex_subjects *who, const char *s, size_t n)
{
	struct hits cr, bd;
	struct said_of so;

	hits_init(&cr, x->r, s, n, false, true);
	hits_init(&bd, x->r, s, n, false, false);
	if (ex_filter(x, RULES_F_NEGATION, s, n)) {
		negated_services(x, &who->sec, s, n);
		return;
	}
	if (who->sec.silent || ex_filter(x, RULES_F_ADVICE, s, n) ||
	    ex_filter(x, RULES_F_OUTSIDERS, s, n) || ex_filter(x, RULES_F_PLACEHOLDER, s, n) ||
	    is_question(s, n) || quoted_first_person(s, n))
		return;
	if (suffix_line(x, who, s, n))
		return;
	services_in_sentence(x, who, s, n);
	if (x->blk->flags & VISIBLE_NAV)
		return;
	ex_scan(x, RULES_SET_CREDENTIAL, s, n, collect_hit, &cr);
	ex_scan(x, RULES_SET_BOARD, s, n, collect_hit, &bd);
	if (bd.n == 0 && ex_filter(x, RULES_F_BOARD_CERTIFIED, s, n))
		board_certified(x, s, n, &bd);
	if (cr.n == 0 && bd.n == 0) {
		/* "Dr. Marchbanks founded the practice in 2014. He is certified
		 * by ...": the person a later "He" speaks of */
		if (x->f->n_practitioners > 0 && mentions(x, s, n, so.m, 1) > 0)
			who->last_pract = so.m[0].p;
		return;
	}
	said_of(x, who, s, n, &cr, &bd, &so);
	for (size_t i = 0; i < cr.n; i++)
		claim_credential(x, s, n, &so, (size_t)cr.codes[i], cr.at[i], cr.to[i]);
	for (size_t i = 0; i < bd.n; i++) {
		claim_credential(x, s, n, &so, (size_t)bd.codes[i], bd.at[i], bd.to[i]);
		if ((so.nm > 0 || so.dflt >= 0) && clinic_own_board(s, n, bd.at[i]))
			add_claim(x, (size_t)bd.codes[i], SUBJECT_CLINIC, s, n);
	}
}

/* "Dr. Lucero retired in 2021 and no longer sees patients": the person
 * named last before the filters.former_staff words is not the clinic's
 * staff now, whatever the page says of her elsewhere; marked in
 * x->former, her claims go at the end of the page (drop_former). */
static void
former_staff(struct ex *x, const char *s, size_t n)
{
	struct mention m[EXTRACT_MAX_SUBJECTS];
	size_t at, nm, o;
	int who = SUBJECT_NONE;

	if (!in_block(x, s, n))
		return;
	o = (size_t)(s - x->blk->text);
	if ((at = rules_hits_filter_at(x->r, x->hits, RULES_F_FORMER_STAFF, o, o + n)) == NOWHERE)
		return;
	nm = mentions(x, s, n, m, EXTRACT_MAX_SUBJECTS);
	for (size_t i = 0; i < nm && m[i].start < at; i++)
		who = m[i].p;
	if (who >= 0 && (size_t)who < EXTRACT_MAX_PRACT)
		x->former[who] = 1;
}

void
pass2_sentence(void *arg, size_t start, size_t len)
{
	struct sent_ctx *c = arg;

	former_staff(c->x, c->text + start, len);
	if (news_skips(c->x, c->who, c->text + start, len))
		return;
	c->x->caps = all_caps(c->text + start, len);
	claims_in_sentence(c->x, c->who, c->text + start, len);
	c->x->caps = false;
}

/* Claims from a markup person: suffixes from the name and honorificSuffix,
 * credential wording in jobTitle/hasCredential; medicalSpecialty counts
 * only with board-certified wording. */
void
markup_person(struct ex *x, const struct markup_person *mp)
{
	const struct rules *r = x->r;
	struct word w[EXTRACT_MAX_WORDS];
	struct name_hit h;
	struct buf ev = BUF_INIT, text = BUF_INIT;
	char *name = NULL, *sfx = NULL;
	size_t nw, i;
	int p = SUBJECT_NONE;

	/* a name, a suffix, jobTitle and credentials of at most
	 * MARKUP_MAX_FIELD bytes each fit both: a failed append is a bug */
	buf_init(&ev, MARKUP_MAX_EVIDENCE);
	buf_init(&text, MARKUP_MAX_EVIDENCE);
	nw = split_words(mp->name, strlen(mp->name), w, EXTRACT_MAX_WORDS);
	memset(&h, 0, sizeof(h));
	if (read_name(x, mp->name, w, nw, 0, &h)) {
		name = h.name;
		h.name = NULL;
	} else {
		/* a bare name: "Maria Lopez", "Dr. Maria Lopez" */
		size_t first = nw > 0 && is_dr(mp->name + w[0].s, w[0].n) ? 1 : 0;
		if (nw - first < NAME_MIN_WORDS || nw - first > NAME_MAX_WORDS)
			goto out;
		for (i = first; i < nw; i++)
			if (!is_name_word(mp->name + w[i].s, strip_punct(mp->name + w[i].s, w[i].n)) ||
			    rules_word(r, RULES_W_NOT_PERSON, mp->name + w[i].s, w[i].n))
				goto out;
		name = xstrdup(mp->name + w[first].s);
	}
	if ((p = add_practitioner(x, name, mp->job_title)) < 0)
		goto out;
	if (buf_puts(&ev, name) < 0 ||
	    (mp->suffix != NULL && buf_printf(&ev, ", %s", mp->suffix) < 0) ||
	    buf_puts(&ev, " (structured data)") < 0)
		goto out;
	for (i = 0; i < h.n_codes; i++)
		add_claim(x, (size_t)h.codes[i], p, buf_str(&ev), ev.len);
	if (mp->suffix != NULL) {
		char *save = NULL, *tok = NULL;

		sfx = xstrdup(mp->suffix);
		for (tok = strtok_r(sfx, ", ;", &save); tok != NULL; tok = strtok_r(NULL, ", ;", &save)) {
			long c = suffix_code(x, tok, strlen(tok));
			if (c >= 0)
				add_claim(x, (size_t)c, p, buf_str(&ev), ev.len);
		}
	}
	/* jobTitle and credentials read as one sentence about this person */
	if ((mp->job_title != NULL && buf_puts(&text, mp->job_title) < 0) ||
	    (mp->credentials != NULL &&
	     buf_printf(&text, "%s%s", text.len ? "; " : "", mp->credentials) < 0))
		goto out;
	if (text.len > 0) {
		struct hits cr = { .s = buf_str(&text), .len = text.len, .r = r };
		struct hits bd = { .s = buf_str(&text), .len = text.len, .r = r };
		const char *t = buf_str(&text);

		if (rules_filter(r, RULES_F_ADVICE, t, text.len))
			goto out;
		rules_scan(r, RULES_SET_CREDENTIAL, t, text.len, collect_hit, &cr);
		rules_scan(r, RULES_SET_BOARD, t, text.len, collect_hit, &bd);
		if (bd.n == 0 && rules_filter(r, RULES_F_BOARD_CERTIFIED, t, text.len)) {
			long c = rules_board_specialty(r, t, text.len);
			/* "Board Certified" + medicalSpecialty "Dermatology" */
			if (mp->specialty != NULL && c == rules_board_specialty(r, "", 0))
				c = rules_board_specialty(r, mp->specialty, strlen(mp->specialty));
			if (c >= 0)
				bd.codes[bd.n++] = c;
		}
		buf_reset(&ev);
		if (buf_printf(&ev, "%s: %s (structured data)", name, t) < 0)
			goto out;
		for (i = 0; i < cr.n + bd.n; i++) {
			size_t code = (size_t)(i < cr.n ? cr.codes[i] : bd.codes[i - cr.n]);
			add_claim(x, code, rules_code_clinic_scope(r, code) ? SUBJECT_CLINIC : p, buf_str(&ev), ev.len);
		}
	}
out:
	free(h.name);
	free(name);
	free(sfx);
	buf_release(&ev);
	buf_release(&text);
}
