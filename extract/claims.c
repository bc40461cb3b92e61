/* claims.c: credentials and services, sentence by sentence (pass 2), and
 * from structured data about a person; each attached to the practitioner
 * it is said of, or the clinic. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
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
		size_t from = start > 48 ? start - 48 : 0;

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

static void
claims_in_sentence(struct ex *x, const char *s, size_t n)
{
	const struct rules *r = x->r;
	struct hits sv = { .s = s, .len = n, .r = r, .product_check = true, .aside_check = true };
	struct hits cr = { .s = s, .len = n, .r = r, .aside_check = true };
	struct hits bd = { .s = s, .len = n, .r = r };
	struct mention m[EXTRACT_MAX_SUBJECTS];
	long codes[EXTRACT_MAX_SUFFIXES];
	size_t nm = 0, i, k, first = n;
	int dflt = -1;
	bool clinic = false, plural = false, nav = (x->blk->flags & VISIBLE_NAV) != 0;

	if (ex_filter(x, RULES_F_NEGATION, s, n)) {
		/* what it negates, the heading above must not claim */
		ex_scan(x, RULES_SET_SERVICE, s, n, collect_hit, &sv);
		for (i = 0; i < sv.n && x->negated != NULL; i++)
			x->negated[sv.codes[i]] = x->any_negated = true;
		return;
	}
	if (x->section_silent || ex_filter(x, RULES_F_ADVICE, s, n) ||
	    ex_filter(x, RULES_F_OUTSIDERS, s, n) || ex_filter(x, RULES_F_PLACEHOLDER, s, n) ||
	    is_question(s, n) || quoted_first_person(s, n))
		return;
	{
		int p = surname_first(x, s, n, codes, &k);

		for (i = 0; i < k && p >= 0; i++)
			add_claim(x, (size_t)codes[i], p, s, n);
		if (p >= 0)
			return;
	}
	/* "MD, FAAD" in the cell next to a name */
	if ((k = suffix_only(x, s, n, codes, EXTRACT_MAX_SUFFIXES)) > 0) {
		int p = implied_subject(x, s, n, n);

		/* on a line of their own right under a name line ("Jane Doe"
		 * then "RN, BSN") */
		if (p < 0)
			p = name_line_above(x);

		for (i = 0; i < k && p >= 0; i++)
			add_claim(x, (size_t)codes[i], p, s, n);
		return;
	}
	/* services: from content, and from a menu's own items ("Botox" as a
	 * link of the site's navigation); not from lists of blog topics, not
	 * on a shop page */
	if (!x->shop && !x->news_blk && !(x->blk->flags & VISIBLE_ARCHIVE) &&
	    (!x->education || ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n)) &&
	    (!nav || ((x->blk->flags & (VISIBLE_LINK | VISIBLE_LIST)) && n <= 60))) {
		ex_scan(x, RULES_SET_SERVICE, s, n, collect_hit, &sv);
		/* a person's bio telling what she does ("Her primary focus
		 * is ... PRP injections") is her practice, not the clinic's
		 * menu, unless the clinic speaks ("at our clinic") */
		if (sv.n > 0 && (x->blk->flags & VISIBLE_PERSON) && starts_with_pronoun(s, n) &&
		    !ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n))
			sv.n = 0;
		for (i = 0; i < sv.n; i++)
			add_claim(x, (size_t)sv.codes[i], -1, s, n);
	}
	if (nav)
		return;
	ex_scan(x, RULES_SET_CREDENTIAL, s, n, collect_hit, &cr);
	ex_scan(x, RULES_SET_BOARD, s, n, collect_hit, &bd);
	if (bd.n == 0 && ex_filter(x, RULES_F_BOARD_CERTIFIED, s, n)) {
		/* "board-certified plastic surgeon": placed where it is said, the
		 * specialty near it ("a board-certified family nurse practitioner
		 * who ... came to dermatology" names no dermatology board) */
		size_t at = (size_t)-1;
		long c;

		if (in_block(x, s, n)) {
			size_t o = (size_t)(s - x->blk->text);

			at = rules_hits_filter_at(r, x->hits, RULES_F_BOARD_CERTIFIED, o, o + n);
			c = at == (size_t)-1 ? ex_specialty(x, s, n)
			    : rules_hits_specialty(r, x->hits,
			                           o + (at > SPECIALTY_BEFORE ? at - SPECIALTY_BEFORE : 0),
			                           o + (at + SPECIALTY_AFTER < n ? at + SPECIALTY_AFTER : n));
		} else {
			c = ex_specialty(x, s, n);
		}
		if (c >= 0) {
			bd.at[0] = at;
			bd.to[0] = at;
			bd.codes[bd.n++] = c;
		}
	}
	if (cr.n == 0 && bd.n == 0) {
		/* "Dr. Marchbanks founded the practice in 2014. He is certified
		 * by ...": the person a later "He" speaks of */
		if (x->f->n_practitioners > 0 && (nm = mentions(x, s, n, m, 1)) > 0)
			x->last_pract = m[0].p;
		return;
	}
	/* where the first credential said of a person (not the clinic's own,
	 * "FDA-cleared") begins */
	for (i = 0; i < cr.n; i++)
		if (cr.at[i] < first && !rules_code_clinic_scope(r, (size_t)cr.codes[i]))
			first = cr.at[i];
	for (i = 0; i < bd.n; i++)
		if (bd.at[i] < first)
			first = bd.at[i];
	nm = mentions(x, s, n, m, EXTRACT_MAX_SUBJECTS);
	if (nm > 0) {
		x->last_pract = m[0].p;
		/* "Dr. Rao and Dr. Lee are board-certified dermatologists" */
		plural = nm > 1 && (memmem(s, n, " are ", 5) != NULL || memmem(s, n, "Both ", 5) != NULL ||
		                    memmem(s, n, " both ", 6) != NULL);
	} else if ((bd.n > 0 || first < n) && (dflt = implied_subject(x, s, n, first)) >= 0) {
		x->last_pract = dflt;
	}
	clinic = nm == 0 && dflt < 0 &&
	         (ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n) || names_clinic(x, s, n));
	for (i = 0; i < cr.n + bd.n; i++) {
		bool is_cr = i < cr.n;
		size_t code = (size_t)(is_cr ? cr.codes[i] : bd.codes[i - cr.n]);
		size_t at = is_cr ? cr.at[i] : bd.at[i - cr.n], to = is_cr ? cr.to[i] : bd.to[i - cr.n];
		int p = -1;

		if (rules_code_clinic_scope(r, code)) {
			add_claim(x, code, -1, s, n);
			continue;
		}
		if (at != (size_t)-1 && other_person(s, at))
			continue;
		if (nm > 0) {
			if (plural) {
				for (k = 0; k < nm; k++)
					add_claim(x, code, m[k].p, s, n);
				continue;
			}
			/* a name right after the credential, known or new, wins
			 * over one before it */
			if (at != (size_t)-1 && (p = bind_hit(s, m, nm, at, to, true)) < 0 &&
			    (p = name_after(x, s, n, to)) == SUBJECT_CLINIC)
				p = bind_hit(s, m, nm, at, to, false);
			if (p == SUBJECT_SOMEONE_ELSE)
				continue;
			if (p < 0)
				p = m[0].p;   /* the sentence's subject */
		} else {
			p = dflt;
			if (at != (size_t)-1 && p < 0)
				p = name_after(x, s, n, to);
			if (at != (size_t)-1 && p == SUBJECT_CLINIC)
				p = name_before(x, s, at);
		}
		if (p >= 0)
			add_claim(x, code, p, s, n);
		else if (clinic && p != SUBJECT_SOMEONE_ELSE)
			add_claim(x, code, SUBJECT_CLINIC, s, n);
	}
}

void
pass2_sentence(void *arg, size_t start, size_t len)
{
	struct sent_ctx *c = arg;

	if (news_skips(c->x, c->text + start, len))
		return;
	c->x->caps = all_caps(c->text + start, len);
	claims_in_sentence(c->x, c->text + start, len);
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
	int p = -1;

	buf_init(&ev, 1024);
	buf_init(&text, 4096);
	nw = split_words(mp->name, strlen(mp->name), w, EXTRACT_MAX_WORDS);
	memset(&h, 0, sizeof(h));
	if (read_name(x, mp->name, w, nw, 0, &h)) {
		name = h.name;
		h.name = NULL;
	} else {
		/* a bare name: "Maria Lopez", "Dr. Maria Lopez" */
		size_t first = nw > 0 && is_dr(mp->name + w[0].s, w[0].n) ? 1 : 0;
		if (nw - first < 2 || nw - first > 4)
			goto out;
		for (i = first; i < nw; i++)
			if (!is_name_word(mp->name + w[i].s, strip_punct(mp->name + w[i].s, w[i].n)) ||
			    rules_word(r, RULES_W_NOT_PERSON, mp->name + w[i].s, w[i].n))
				goto out;
		name = xstrdup(mp->name + w[first].s);
	}
	if ((p = add_practitioner(x, name, mp->job_title)) < 0)
		goto out;
	buf_puts(&ev, name);
	if (mp->suffix != NULL)
		buf_printf(&ev, ", %s", mp->suffix);
	buf_puts(&ev, " (structured data)");
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
	if (mp->job_title != NULL)
		buf_puts(&text, mp->job_title);
	if (mp->credentials != NULL)
		buf_printf(&text, "%s%s", text.len ? "; " : "", mp->credentials);
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
		buf_printf(&ev, "%s: %s (structured data)", name, t);
		for (i = 0; i < cr.n + bd.n; i++) {
			size_t code = (size_t)(i < cr.n ? cr.codes[i] : bd.codes[i - cr.n]);
			add_claim(x, code, rules_code_clinic_scope(r, code) ? -1 : p, buf_str(&ev), ev.len);
		}
	}
out:
	free(h.name);
	free(name);
	free(sfx);
	buf_release(&ev);
	buf_release(&text);
}
