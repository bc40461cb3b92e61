/* subjects.c: whom the text speaks of when a sentence names nobody: the
 * card a block sits in, the heading above it (a section), the last person
 * named, and whether a name before or after a credential is its person. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/xalloc.h"
#include "extract/extract_impl.h"

/* A card's name: its heading, or its first line, when that is only a name
 * ("Hannah Lee", a table row's first cell). Kept as the card's candidate
 * practitioner until a sentence in the card claims something. */
void
card_heading(const struct ex *x, struct ex_cards *cards, const struct visible_block *b)
{
	bool first = false, heading = false;

	/* a portrait's alt text ("Leah Brightman, medical aesthetician")
	 * comes before the name line it describes */
	if (b->card == VISIBLE_NO_CARD || cards->name[b->card] != NULL || (b->flags & VISIBLE_ALT))
		return;
	first = !(cards->seen[b->card] & CARD_BLOCK);
	heading = (b->flags & VISIBLE_HEADING) && !(cards->seen[b->card] & CARD_HEADING);
	cards->seen[b->card] |= CARD_BLOCK | ((b->flags & VISIBLE_HEADING) ? CARD_HEADING : 0);
	/* its first line or its first heading: a CV card's later headings
	 * ("Professional Memberships") are not its person */
	if (!heading && !first)
		return;
	if (bare_name(x, b->text, b->len))
		cards->name[b->card] = xstrndup(b->text, trim_name(b->text, b->len));
}

/* Drops the service claims read from the last heading ("A note on body
 * contouring") that a sentence below it negated ("We do not offer
 * CoolSculpting or any other body-contouring treatment"). */
void
section_close(const struct ex *x, struct ex_section *sec)
{
	struct page_facts *f = x->f;
	unsigned char *drop = NULL;

	if (sec->text == NULL || sec->negated == NULL || !sec->any_negated)
		return;
	sec->any_negated = false;
	drop = xcalloc(f->n_claims + 1, 1);
	for (size_t i = 0; i < f->n_claims; i++) {
		const struct fact_claim *c = &f->claims[i];
		size_t k;

		for (k = 0; k < rules_code_count(x->r); k++)
			if (sec->negated[k] && strcmp(rules_code(x->r, k)->code, c->code) == 0)
				break;
		drop[i] = k < rules_code_count(x->r) && c->practitioner == SUBJECT_CLINIC &&
		          strcmp(c->evidence, sec->text) == 0;
	}
	drop_claims(f, drop);
	free(drop);
	memset(sec->negated, 0, rules_code_count(x->r));
}

/* A heading starts a section: one that names a person ("Jolie Broussard",
 * "Colleen Murphy, PA-C") speaks for the blocks under it, until the next
 * heading. */
void
section_heading(const struct ex *x, struct ex_section *sec, const struct visible_block *b,
                int pass)
{
	struct mention m[2];

	if (!(b->flags & VISIBLE_HEADING)) {
		sec->blocks++;
		return;
	}
	/* the heading right under a person's heading that names no one else
	 * goes on about them: their credentials on a line of their own
	 * ("Lori Martin," over "M.D."), a subtitle ("Education & Training") */
	if (sec->blocks == 0 && b->card == sec->card &&
	    (sec->name != NULL || sec->pract >= 0) && !(b->flags & VISIBLE_NAV) &&
	    !bare_name(x, b->text, b->len) && !ex_filter(x, RULES_F_OUTSIDERS, b->text, b->len) &&
	    !ex_filter(x, RULES_F_NEGATION, b->text, b->len) &&
	    (pass == 1 || mentions(x, b->text, b->len, m, 2) == 0))
		return;
	if (pass == 2)
		section_close(x, sec);
	free(sec->name);
	sec->name = NULL;
	sec->pract = SUBJECT_NONE;
	sec->card = b->card;
	sec->blocks = 0;
	sec->text = b->text;
	sec->silent = false;
	if (b->flags & VISIBLE_NAV)
		return;
	/* "Our referring partners", "Reconstruction partners": the people
	 * under it work elsewhere; "Coming soon", "Services we no longer
	 * offer": what is under it is not offered */
	if (ex_filter(x, RULES_F_OUTSIDERS, b->text, b->len) ||
	    ex_filter(x, RULES_F_NEGATION, b->text, b->len)) {
		sec->silent = true;
		return;
	}
	if (pass == 2 && mentions(x, b->text, b->len, m, 2) == 1)
		sec->pract = m[0].p;
	else if (bare_name(x, b->text, b->len))
		sec->name = xstrndup(b->text, trim_name(b->text, b->len));
}

/* In a blog post only the practice's own staff news is read: "Jane Doe,
 * RN has joined our practice" and the "She ..." or "Dr. Doe ..." that
 * follows it; the advice around it ("make sure your injector is board
 * certified") is not the clinic speaking of its staff. */
bool
news_skips(const struct ex *x, struct ex_subjects *who, const char *s, size_t n)
{
	struct mention m[1];

	if (!x->news_blk)
		return false;
	if (ex_filter(x, RULES_F_STAFF_NEWS, s, n) && !ex_filter(x, RULES_F_ADVICE, s, n)) {
		who->news_said = true;
		who->news_pract = mentions(x, s, n, m, 1) > 0 ? m[0].p : SUBJECT_NONE;
		return false;
	}
	if (who->news_said && who->news_pract >= 0 && mentions(x, s, n, m, 1) > 0 &&
	    m[0].start == 0 && m[0].p == who->news_pract)
		return false;
	return !(who->news_said && starts_with_pronoun(s, n));
}

/* Who a sentence with credentials speaks of when it names nobody: the
 * last person named in the block ("She ..."), the person of the card or
 * of the name heading above it, or a name opening the sentence;
 * SUBJECT_NONE: none. */
int
implied_subject(struct ex *x, struct ex_subjects *who, const char *s, size_t n, size_t first)
{
	struct ex_section *sec = &who->sec;
	struct ex_cards *cards = &who->cards;
	int card = x->blk->card, p = SUBJECT_NONE;

	if (starts_with_pronoun(s, n) && who->last_pract >= 0)
		return who->last_pract;
	/* under a heading that names one person ("Colleen Murphy, PA-C"),
	 * in the same card: that person, before the card's first one */
	if (sec->pract >= 0 && card == sec->card)
		return sec->pract;
	/* under a heading that is only a name ("Jolie Broussard"): its first
	 * line, a sentence opening with the first name, or "She ..." */
	if (sec->name != NULL && card == sec->card) {
		size_t fn = strcspn(sec->name, " ");
		bool first_name = fn < n && strncmp(s, sec->name, fn) == 0 &&
		                  (s[fn] == ' ' || s[fn] == '\'' || s[fn] == ',');

		if (first_name || starts_with_pronoun(s, n) || sec->blocks <= 1) {
			sec->pract = add_practitioner(x, sec->name, NULL);
			return sec->pract;
		}
	}
	if (card != VISIBLE_NO_CARD && cards->pract[card] >= 0) {
		/* a grid in one card: "Kenzie Roth Licensed Esthetician" is
		 * Kenzie's, not the card's first person's */
		if ((p = name_opening(x, s, n, first)) >= 0)
			return p;
		return cards->pract[card];
	}
	if (card != VISIBLE_NO_CARD && cards->name[card] != NULL) {
		if ((p = add_practitioner(x, cards->name[card], NULL)) >= 0)
			cards->pract[card] = p;
		return p;
	}
	/* a box of its own under a person's heading, with no heading of its
	 * own (a list of "Medical Director", "Board Certified Physician"):
	 * not the next team card, nor a portrait's alt text */
	if (sec->pract >= 0 && card != VISIBLE_NO_CARD && card != sec->card &&
	    !(cards->seen[card] & CARD_HEADING) && !(x->blk->flags & VISIBLE_ALT))
		return sec->pract;
	if ((p = name_opening(x, s, n, first)) >= 0)
		return p;
	return SUBJECT_NONE;
}

/* Gap words between a name and what is said of it: "Dr. Lopez is a
 * board-certified ...", "Maria Lopez, our licensed ...". */
static bool
light_gap(const char *s, size_t from, size_t to)
{
	static const char *const ok[] = { "is", "was", "a", "an", "our", "the", "also", "as",
	                                  "has", "been", "serves", "who", "currently", "now",
	                                  "and", "one", "of", "both", NULL };
	size_t i = from;

	if (to < from || to - from > LIGHT_GAP_MAX)
		return false;
	while (i < to) {
		size_t j = i;

		if (strchr(" ,;:()-|", s[i]) != NULL || (unsigned char)s[i] >= 0x80) {
			i++;
			continue;
		}
		while (j < to && isalpha((unsigned char)s[j]))
			j++;
		if (j == i)
			return false;
		{
			bool found = false;
			for (size_t k = 0; ok[k] != NULL && !found; k++)
				found = j - i == strlen(ok[k]) && strncasecmp(s + i, ok[k], j - i) == 0;
			if (!found)
				return false;
		}
		i = j;
	}
	return true;
}

/* Is the credential at s[at..] said of someone the sentence only relates
 * the subject to ("under the supervision of our nurse practitioner", "a
 * colleague of a board-certified plastic surgeon")? */
bool
other_person(const char *s, size_t at)
{
	static const char *const cues[] = { "supervision of", "supervised by", "alongside",
	                                    "colleague", "partner with", "partners with",
	                                    "referred by", "refer to", "overseen by",
	                                    "oversight of", "direction of", NULL };
	size_t from = at > OTHER_PERSON_BEFORE ? at - OTHER_PERSON_BEFORE : 0;

	for (size_t k = 0; cues[k] != NULL; k++) {
		const char *hit = memmem(s + from, at - from, cues[k], strlen(cues[k]));
		if (hit != NULL && memchr(hit, ',', (size_t)(s + at - hit)) == NULL)
			return true;
	}
	return false;
}

/* The practitioner a credential found at [at, to) belongs to among the
 * sentence's mentions: with after, the name right after it ("nurse
 * practitioner Lauren Pryor"); else the name right before it ("Dr. Lopez
 * is a ..."). SUBJECT_NONE when none. */
int
bind_hit(const char *s, const struct mention *m, size_t nm, size_t at, size_t to, bool after)
{
	if (after) {
		for (size_t i = 0; i < nm; i++)
			if (m[i].start >= to && m[i].start <= to + 2)
				return m[i].p;
		return SUBJECT_NONE;
	}
	for (size_t i = nm; i > 0; i--)
		if (m[i - 1].end <= at && light_gap(s, m[i - 1].end, at))
			return m[i - 1].p;
	return SUBJECT_NONE;
}

/* True when s[0..n) names the clinic itself ("Riverwalk Plastic Surgery
 * is led by a board-certified plastic surgeon"): the clinic speaking of
 * itself in the third person, as "we" and "our" do in the first. */
bool
names_clinic(const struct ex *x, const char *s, size_t n)
{
	const char *name = x->f->clinic_name;
	char *copy;
	bool found;

	if (name == NULL || strlen(name) < CLINIC_NAME_MIN || strchr(name, ' ') == NULL)
		return false;    /* a one-word name is too easily a common word */
	copy = xstrndup(s, n);
	found = strcasestr(copy, name) != NULL;
	free(copy);
	return found;
}
