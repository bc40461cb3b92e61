/* names.c: the people a page names: "[Dr.] Name Words, SUFFIX" read from
 * a sentence (pass 1), where a sentence mentions a known practitioner, and
 * the names written around a credential ("nurse practitioner Lauren
 * Pryor", "Danielle Ruhl, our ...", "SMITH, RN" over "Jane"). */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/buf.h"
#include "common/personkey.h"
#include "common/xalloc.h"
#include "extract/extract_impl.h"

static bool names_service(const struct ex *x, const char *s, size_t n);

/* The length of word k of a sentence without its trailing punctuation,
 * and without the full stop that ends the sentence after a name ("... is
 * Dr. Keoni Akana."); an initial ("J.") or a title ("Jr.") keeps it. */
static size_t
name_word_len(const char *s, const struct word *w, size_t nw, size_t k)
{
	size_t n = strip_punct(s + w[k].s, w[k].n);

	if (k + 1 == nw && n == w[k].n && n > 2 && s[w[k].s + n - 1] == '.' &&
	    personkey_title(s + w[k].s, n) == 0)
		n--;
	return n;
}

/* Reads "[Dr.] Name Words[,] [SUFFIX[, SUFFIX]...]" at word i. True when
 * it is a person: two to four name words with a suffix or a "Dr." */
bool
read_name(const struct ex *x, const char *s, const struct word *w, size_t nw, size_t i,
          struct name_hit *h)
{
	size_t j = i, k, first, count = 0, m;
	struct buf b = BUF_INIT;
	bool comma = false, bare;

	memset(h, 0, sizeof(*h));
	if (j < nw && is_dr(s + w[j].s, strip_punct(s + w[j].s, w[j].n))) {
		h->dr = true;
		j++;
	}
	first = j;
	for (k = j; k < nw && count < NAME_SCAN_WORDS && !comma; k++) {
		size_t n = name_word_len(s, w, nw, k);

		comma = n < w[k].n;
		if (count >= 2 && suffix_code(x, s + w[k].s, w[k].n) != RULES_SUFFIX_NONE)
			break;
		if (n == 0 || !is_name_word(s + w[k].s, n))
			break;
		/* in capitals every word looks like a name: "DR. KARIM BENALI
		 * IS A ..." ends at the first word that is no name's */
		if (x->caps && k > first && ex_word(x, RULES_W_STOP, s + w[k].s, n))
			break;
		count++;
	}
	/* drop leading stop words ("Meet", "Medical Director") */
	while (first < k && ex_word(x, RULES_W_STOP, s + w[first].s,
	                               strip_punct(s + w[first].s, w[first].n))) {
		first++;
		count--;
	}
	if (count > NAME_MAX_WORDS) {   /* "Meet Our Doctor Maria Lopez": its end */
		first += count - NAME_NEAR_WORDS;
		count = NAME_NEAR_WORDS;
	}
	if (count < NAME_MIN_WORDS)
		return false;
	for (m = first; m < k; m++)
		if (ex_word(x, RULES_W_NOT_PERSON, s + w[m].s, strip_punct(s + w[m].s, w[m].n)))
			return false;
	/* the last name word must not be an initial */
	if (w[k - 1].n <= 3 && s[w[k - 1].s + 1] == '.')
		return false;
	/* suffixes; in a sentence in capitals only after a comma ("JANE
	 * DOE, MD"): "WHAT WE DO" is no one */
	bare = x->caps && strip_punct(s + w[k - 1].s, w[k - 1].n) == w[k - 1].n;
	for (m = k; !bare && m < nw && h->n_codes < EXTRACT_MAX_SUFFIXES; m++) {
		long c = suffix_code(x, s + w[m].s, w[m].n);

		if (c == RULES_SUFFIX_NONE)
			break;
		if (c == RULES_SUFFIX_OTHER)
			h->n_other++;
		else
			h->codes[h->n_codes++] = c;
	}
	h->end_word = m;
	if (h->n_codes == 0 && h->n_other == 0 && !h->dr)
		return false;
	/* at most four words of NAME_WORD_MAX bytes: they fit; a name that
	 * did not would be no name */
	buf_init(&b, NAME_BUF_MAX);
	for (m = first; m < k; m++) {
		if ((b.len > 0 && buf_putc(&b, ' ') < 0) ||
		    buf_append(&b, s + w[m].s, name_word_len(s, w, nw, m)) < 0) {
			buf_release(&b);
			return false;
		}
	}
	h->name = buf_detach(&b);
	return true;
}

static const char *
last_word(const char *name, size_t *n)
{
	const char *p = strrchr(name, ' ');

	p = p != NULL ? p + 1 : name;
	*n = strlen(p);
	return p;
}

/* Is s[pos..pos+n) a whole word in s? */
static bool
whole_word(const char *s, size_t len, size_t pos, size_t n)
{
	return (pos == 0 || !isalnum((unsigned char)s[pos - 1])) &&
	       (pos + n >= len || !isalnum((unsigned char)s[pos + n]));
}

/* Finds the first whole-word occurrence of w[0..wn) in s[0..n) at or
 * after from; SIZE_MAX when none. */
static size_t
find_word(const char *s, size_t n, const char *w, size_t wn, size_t from, bool caseless)
{
	while (wn > 0 && from + wn <= n) {
		const char *hit = NULL;
		size_t at;

		if (!caseless)
			hit = memmem(s + from, n - from, w, wn);
		else
			for (size_t i = from; i + wn <= n && hit == NULL; i++)
				if (strncasecmp(s + i, w, wn) == 0)
					hit = s + i;

		if (hit == NULL)
			break;
		at = (size_t)(hit - s);
		if (whole_word(s, n, at, wn))
			return at;
		from = at + 1;
	}
	return NOWHERE;
}

/* True when [from, to) holds only initials ("R.", "J. K.", "Q") and spaces. */
static bool
middle_initials(const char *from, const char *to)
{
	while (from < to) {
		size_t w;

		while (from < to && *from == ' ')
			from++;
		if (from >= to)
			break;
		w = strcspn(from, " ");
		if ((size_t)(to - from) < w)
			w = (size_t)(to - from);
		if (!(w == 1 || (w == 2 && from[1] == '.')) || !isupper((unsigned char)from[0]))
			return false;
		from += w;
	}
	return true;
}

/* The length of the title and its space ("Dr. ", "Dre ", "Doctor ",
 * "Mrs. ", "Prof. ": personkey_title) that end right before s[at], or 0.
 * Written as a title is (a capital, then lower case) unless caseless. */
static size_t
title_before(const char *s, size_t at, bool caseless)
{
	size_t e, b;

	if (at < 3 || s[at - 1] != ' ')
		return 0;
	e = at - 1;
	b = e - (s[e - 1] == '.');
	while (b > 0 && isalpha((unsigned char)s[b - 1]))
		b--;
	if (b > 0 && s[b - 1] != ' ' && s[b - 1] != '(' && s[b - 1] != '"')
		return 0;
	if (e - b < 2 || !isupper((unsigned char)s[b]))
		return 0;
	for (size_t i = b + 1; !caseless && i < e && s[i] != '.'; i++)
		if (!islower((unsigned char)s[i]))
			return 0;
	return (personkey_title(s + b, e - b) & PERSONKEY_TITLE) ? at - b : 0;
}

/* Where sentence s names practitioner p: "Maria Lopez", "Dr. Lopez", or
 * the first name opening the sentence; without regard to case in a
 * sentence in capitals ("DR. LOPEZ IS ..."). True with [*start, *end). */
static bool
mention_at(const struct fact_practitioner *p, const char *s, size_t n, size_t *start,
           size_t *end, bool caseless)
{
	size_t ln = 0, fn = strcspn(p->name, " "), at, nl = strlen(p->name);
	const char *last = last_word(p->name, &ln);
	char two[FIRST_LAST_MAX];   /* "Julian Marchbanks"; a longer one is not tried */

	at = find_word(s, n, p->name, nl, 0, caseless);
	/* "Julian Marchbanks" for "Julian R. Marchbanks" (middle initials
	 * only: "Mary Ann Smith" is not "Mary Smith") */
	if (at == NOWHERE && last > p->name + fn + 1 && fn + 1 + ln < sizeof two &&
	    middle_initials(p->name + fn, last)) {
		memcpy(two, p->name, fn);
		two[fn] = ' ';
		memcpy(two + fn + 1, last, ln);
		nl = fn + 1 + ln;
		at = find_word(s, n, two, nl, 0, caseless);
	}
	if (at != NOWHERE) {
		size_t t = title_before(s, at, caseless);

		/* "Maria Lopez" preceded by "Dr. " starts at the title */
		*start = at - t;
		*end = at + nl;
		return true;
	}
	for (size_t from = 0; (at = find_word(s, n, last, ln, from, caseless)) != NOWHERE;
	     from = at + 1) {
		size_t t = title_before(s, at, caseless);

		if (t > 0) {
			*start = at - t;
			*end = at + ln;
			return true;
		}
	}
	if (fn < n && fn < strlen(p->name) &&
	    (caseless ? strncasecmp(s, p->name, fn) : strncmp(s, p->name, fn)) == 0 &&
	    (s[fn] == ' ' || s[fn] == ',' || s[fn] == '\'')) {
		*start = 0;
		*end = fn;
		return true;
	}
	return false;
}

int
add_practitioner(struct ex *x, const char *name, const char *role)
{
	if (x->f->n_practitioners >= EXTRACT_MAX_PRACT) {
		size_t i;
		for (i = 0; i < x->f->n_practitioners; i++)
			if (strcasecmp(x->f->practitioners[i].name, name) == 0)
				return (int)i;
		return SUBJECT_NONE;
	}
	return page_facts_add_practitioner(x->f, name, role);
}

/* The practitioners sentence s names, in order of appearance. */
size_t
mentions(const struct ex *x, const char *s, size_t n, struct mention *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < x->f->n_practitioners && k < max; i++) {
		struct mention m = { (int)i, 0, 0 };
		size_t j;

		if (!mention_at(&x->f->practitioners[i], s, n, &m.start, &m.end, x->caps))
			continue;
		for (j = k; j > 0 && out[j - 1].start > m.start; j--)
			out[j] = out[j - 1];
		out[j] = m;
		k++;
	}
	return k;
}

/* "Brooke, LE" or "Brooke, LE - Licensed Esthetician": a team card or its
 * portrait names a person by the given name alone, with her credentials
 * after a comma. Read only as the whole line of a card (a bio's sentence
 * is no such line), from a capitalised word that is no stop word, place,
 * service or credential, followed only by credential suffixes (one coded
 * at least) up to a dash and her role. Whether a full name elsewhere on
 * the site is the same person is the directory's to decide (index/). */
static bool
given_name_line(struct ex *x, struct ex_cards *cards, const char *s, size_t n,
                const struct word *w, size_t nw)
{
	const struct visible_block *b = x->blk;
	long codes[EXTRACT_MAX_SUFFIXES];
	size_t sl, j, k = 0;
	char *name = NULL, *role = NULL;
	int p;

	if (b->card == VISIBLE_NO_CARD ||
	    (b->flags & (VISIBLE_NAV | VISIBLE_QUOTE | VISIBLE_BLOG | VISIBLE_LINK)) ||
	    s != b->text || n != b->len || n > GIVEN_NAME_LINE_MAX || nw < 2 || x->caps ||
	    w[0].s != 0)
		return false;
	sl = strip_punct(s, w[0].n);
	if (sl < 2 || sl + 1 != w[0].n || s[sl] != ',' || !is_name_word(s, sl) ||
	    all_caps_word(s, sl) || ex_word(x, RULES_W_STOP, s, sl) ||
	    ex_word(x, RULES_W_NOT_PERSON, s, sl) || suffix_code(x, s, sl) != RULES_SUFFIX_NONE ||
	    names_service(x, s, sl))
		return false;
	for (j = 1; j < nw; j++) {
		const char *t = s + w[j].s;
		long c;

		if (w[j].n <= 3 && (t[0] == '-' || t[0] == '|' || (unsigned char)t[0] == 0xE2))
			break;   /* "-", "|", an en or em dash: her role follows */
		if ((c = suffix_code(x, t, w[j].n)) == RULES_SUFFIX_NONE)
			return false;
		if (c >= 0 && k < EXTRACT_MAX_SUFFIXES)
			codes[k++] = c;
	}
	if (k == 0)
		return false;
	if (j + 1 < nw)
		role = xstrndup(s + w[j + 1].s, n - w[j + 1].s);
	name = xstrndup(s, sl);
	p = add_practitioner(x, name, role);
	free(name);
	free(role);
	if (p < 0)
		return false;
	for (j = 0; j < k; j++)
		add_claim(x, (size_t)codes[j], p, s, n);
	if (cards->pract[b->card] < 0)
		cards->pract[b->card] = p;
	return true;
}

static void
names_in_sentence(struct ex *x, struct ex_cards *cards, const char *s, size_t n)
{
	struct word w[EXTRACT_MAX_WORDS];
	size_t nw = split_words(s, n, w, EXTRACT_MAX_WORDS), i = 0, j;
	struct name_hit h;

	if (given_name_line(x, cards, s, n, w, nw))
		return;
	while (i < nw) {
		char *role = NULL;
		int p;

		if (!read_name(x, s, w, nw, i, &h)) {
			i++;
			continue;
		}
		/* "Alan Mercer, MD — Medical Director": the role after a dash */
		j = h.end_word;
		if (j + 1 < nw && w[j].n <= 3 &&
		    (s[w[j].s] == '-' || s[w[j].s] == '|' || (unsigned char)s[w[j].s] == 0xE2 ||
		     (unsigned char)s[w[j].s] == 0xC2) && n - w[j + 1].s <= ROLE_AFTER_MAX)
			role = xstrndup(s + w[j + 1].s, n - w[j + 1].s);
		p = add_practitioner(x, h.name, role);
		free(role);
		if (p >= 0) {
			char *ev = xstrndup(s, n);
			size_t k;

			for (k = 0; k < h.n_codes; k++)
				add_claim(x, (size_t)h.codes[k], p, ev, n);
			free(ev);
			if (x->blk->card != VISIBLE_NO_CARD && cards->pract[x->blk->card] < 0)
				cards->pract[x->blk->card] = p;
		}
		free(h.name);
		i = h.end_word > i ? h.end_word : i + 1;
	}
}

void
pass1_sentence(void *arg, size_t start, size_t len)
{
	struct sent_ctx *c = arg;

	/* a mentor, a referring doctor, a reviewer's own doctor, the one "we
	 * refer patients to": people named in advice, about others or in a
	 * negation are not the clinic's staff */
	if (c->who->sec.silent || news_skips(c->x, c->who, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_PLACEHOLDER, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_ADVICE, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_OUTSIDERS, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_NEGATION, c->text + start, len) ||
	    quoted_first_person(c->text + start, len))
		return;
	c->x->caps = all_caps(c->text + start, len);
	names_in_sentence(c->x, &c->who->cards, c->text + start, len);
	c->x->caps = false;
}

/* Is s[0..n) a name of 2-4 capitalised words that is neither a business
 * ("Lumina Dermatology") nor a role ("Medical Director")? */
bool
bare_name(const struct ex *x, const char *s, size_t n)
{
	struct word w[NAME_SCAN_WORDS];
	size_t nw = split_words(s, n, w, NAME_SCAN_WORDS);

	if (nw < NAME_MIN_WORDS || nw > NAME_MAX_WORDS || n > NAME_LINE_MAX)
		return false;
	for (size_t i = 0; i < nw; i++) {
		size_t len = strip_punct(s + w[i].s, w[i].n);

		if (len == 0 || !is_name_word(s + w[i].s, len) ||
		    ex_word(x, RULES_W_NOT_PERSON, s + w[i].s, len) ||
		    ex_word(x, RULES_W_STOP, s + w[i].s, len) ||
		    (i > 0 && suffix_code(x, s + w[i].s, w[i].n) != RULES_SUFFIX_NONE))
			return false;
		if (len < w[i].n && i + 1 < nw)
			return false;   /* "Marcus Whitcombe, MD": a name with suffixes */
	}
	/* "J. Smith": the last word must not be an initial */
	return !(w[nw - 1].n <= 3 && s[w[nw - 1].s + 1] == '.') && !names_service(x, s, n);
}

/* Does s[0..n) name a treatment ("Emsculpt NEO", "SkinPen Precision")? Then
 * it is not a person's name. */
static bool
names_service(const struct ex *x, const char *s, size_t n)
{
	size_t hits = 0;

	ex_scan(x, RULES_SET_SERVICE, s, n, count_hit, &hits);
	return hits > 0;
}

/* A sentence that opens with a person's name and goes on to say what they
 * are: "Priya Shah is a licensed esthetician", "Ingrid Solberg - Licensed
 * Medical Aesthetician", "Lacey Dunbar, our licensed master esthetician,
 * ...", "Zoe Kaplan Licensed Esthetician". first is where the first
 * credential was found. The practitioner, or SUBJECT_NONE. */
int
name_opening(struct ex *x, const char *s, size_t n, size_t first)
{
	static const char *const verbs[] = { "is", "has", "was", "holds", "joined", "brings",
	                                     "earned", "became", "completed", "serves", NULL };
	struct word w[8];
	size_t nw = split_words(s, n, w, 8), m = 0, end = 0;
	bool sep = false;
	char *name = NULL;
	int p = SUBJECT_NONE;

	while (m < nw && m < NAME_MAX_WORDS) {
		size_t len = strip_punct(s + w[m].s, w[m].n);

		if (len == 0 || !is_name_word(s + w[m].s, len) ||
		    ex_word(x, RULES_W_NOT_PERSON, s + w[m].s, len) ||
		    ex_word(x, RULES_W_STOP, s + w[m].s, len) ||
		    (m > 0 && suffix_code(x, s + w[m].s, w[m].n) != RULES_SUFFIX_NONE))
			break;
		end = w[m].s + len;
		m++;
		if (len < w[m - 1].n) {   /* "Dunbar," */
			sep = true;
			break;
		}
	}
	if (m < 2 || m >= nw)
		return SUBJECT_NONE;
	if (!sep) {
		const char *t = s + w[m].s;
		size_t tn = w[m].n;

		for (size_t v = 0; verbs[v] != NULL && !sep; v++)
			sep = tn == strlen(verbs[v]) && strncmp(t, verbs[v], tn) == 0;
		/* a dash, bar or colon; or the credential itself right after */
		if (tn <= 3 && (t[0] == '-' || t[0] == '|' || t[0] == ':' ||
		                (unsigned char)t[0] == 0xE2 || (unsigned char)t[0] == 0xC2))
			sep = true;
		if (w[m].s == first)
			sep = true;
	}
	if (!sep || first < end || names_service(x, s, end))
		return SUBJECT_NONE;
	name = xstrndup(s, end);
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* Are neighbouring blocks i and i + 1 lines of one card: the same card,
 * or two cards of one line each (visible_lone_card)? */
static bool
same_card(const struct ex *x, size_t i)
{
	return x->vis.blocks[i].card == x->vis.blocks[i + 1].card ||
	       (visible_lone_card(&x->vis, i) && visible_lone_card(&x->vis, i + 1));
}

/* Where the name starts in s[0..n): past a title ("Dr. ", "Mrs. ") or 0. */
static size_t
past_title(const char *s, size_t n)
{
	size_t t = strcspn(s, " ");

	return t < n && (personkey_title(s, t) & PERSONKEY_TITLE) ? t + 1 : 0;
}

bool
name_line(const struct ex *x, const char *s, size_t n)
{
	size_t t = past_title(s, n);
	const char *comma = memchr(s + t, ',', n - t);

	return bare_name(x, s + t, comma != NULL ? (size_t)(comma - (s + t)) : n - t);
}

/* The person of the block right above the current one in the same card,
 * when that block is only a name, after a title or not ("Jane Doe" or
 * "Dr. Jane Doe" over "RN, BSN"); or SUBJECT_NONE. */
int
name_line_above(struct ex *x)
{
	const struct visible_block *b;
	const char *s;
	size_t n, t;
	char *name;
	int p;

	if (x->blk_i == 0)
		return SUBJECT_NONE;
	b = &x->vis.blocks[x->blk_i - 1];
	s = b->text;
	n = b->len;
	t = past_title(s, n);
	s += t;
	n -= t;
	if (!same_card(x, x->blk_i - 1) || (b->flags & (VISIBLE_NAV | VISIBLE_ALT | VISIBLE_QUOTE)) ||
	    !bare_name(x, s, n))
		return SUBJECT_NONE;
	name = xstrndup(s, trim_name(s, n));
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* A word of a name written without title or suffix: s[0..len) is the word
 * without trailing punctuation, s[0..n) with it (for the suffix test). */
static bool
plain_name_word(const struct ex *x, const char *s, size_t len, size_t n)
{
	return len > 0 && is_name_word(s, len) && !ex_word(x, RULES_W_NOT_PERSON, s, len) &&
	       !ex_word(x, RULES_W_STOP, s, len) && suffix_code(x, s, n) == RULES_SUFFIX_NONE;
}

/* "nurse practitioner Lauren Pryor": a name written right after the
 * credential, the person it is said of; the practitioner or
 * SUBJECT_NONE (no name there).
 * "our nurse practitioner, Kelsey,": a first name alone, someone the page
 * does not name in full (SUBJECT_SOMEONE_ELSE): the claim is not the clinic's. */
int
name_after(struct ex *x, const char *s, size_t n, size_t to)
{
	struct word w[NAME_NEAR_WORDS + 1];
	size_t i = to, nw, k = 0, end = 0;
	char *name = NULL;
	int p = SUBJECT_NONE;

	if (i < n && s[i] == ',')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i == to || i >= n)
		return SUBJECT_NONE;
	nw = split_words(s + i, n - i, w, NAME_NEAR_WORDS + 1);
	while (k < nw && k < NAME_NEAR_WORDS) {
		size_t len = strip_punct(s + i + w[k].s, w[k].n);

		if (!plain_name_word(x, s + i + w[k].s, len, w[k].n))
			break;
		end = w[k].s + len;
		k++;
		if (len < w[k - 1].n)
			break;   /* "Pryor," ends the name */
	}
	if (k == 1 && s[to] == ',' && (end == n - i || s[i + end] == ',' || s[i + end] == ' '))
		return SUBJECT_SOMEONE_ELSE;
	if (k < 2 || names_service(x, s + i, end))
		return SUBJECT_NONE;
	name = xstrndup(s + i, end);
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* "Danielle Ruhl, our nurse practitioner": a name right before ", our"
 * (or ", a", ", an") and the credential at s[at..]; the practitioner, or
 * SUBJECT_SOMEONE_ELSE for a first name alone ("Macy, our licensed esthetician"),
 * or SUBJECT_NONE. */
int
name_before(struct ex *x, const char *s, size_t at)
{
	static const char *const links[] = { ", our ", ", a ", ", an ", NULL };
	size_t comma = NOWHERE, start, k = 0;
	char *name = NULL;
	int p = SUBJECT_NONE;

	for (size_t i = 0; links[i] != NULL; i++) {
		size_t ln = strlen(links[i]);

		if (at >= ln && memcmp(s + at - ln, links[i], ln) == 0) {
			comma = at - ln;
			break;
		}
	}
	if (comma == NOWHERE || comma == 0)
		return SUBJECT_NONE;
	/* up to three name words, read backwards from the comma */
	start = comma;
	while (k < NAME_NEAR_WORDS && start > 0) {
		size_t e = start, b;

		if (k > 0) {
			if (s[e - 1] != ' ')
				break;
			e--;
		}
		b = e;
		while (b > 0 && s[b - 1] != ' ' && s[b - 1] != ',' && s[b - 1] != '(')
			b--;
		if (!plain_name_word(x, s + b, e - b, e - b))
			break;
		start = b;
		k++;
	}
	if (k == 1)
		return SUBJECT_SOMEONE_ELSE;
	if (k < 2 || names_service(x, s + start, comma - start))
		return SUBJECT_NONE;
	name = xstrndup(s + start, comma - start);
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* A block made only of credential abbreviations ("MD, FAAD" in a table
 * cell): its coded suffixes into codes; how many, 0 when another word
 * is there. */
size_t
suffix_only(const struct ex *x, const char *s, size_t n, long *codes, size_t max)
{
	struct word w[EXTRACT_MAX_SUFFIXES + 1];
	size_t nw = split_words(s, n, w, EXTRACT_MAX_SUFFIXES + 1), k = 0;

	if (nw == 0 || nw > EXTRACT_MAX_SUFFIXES)
		return 0;
	for (size_t i = 0; i < nw; i++) {
		long c = suffix_code(x, s + w[i].s, w[i].n);

		if (c == RULES_SUFFIX_NONE)
			return 0;
		if (c >= 0 && k < max)
			codes[k++] = c;
	}
	return k;
}

/* "SMITH, RN, BSN" with the given names in the next element ("Jane
 * Marie"): a surname in capitals, then only credential suffixes, at least
 * one of them coded. The person ("Jane Marie SMITH", kept as written) or
 * SUBJECT_NONE; the coded suffixes into codes, their number into *k. */
int
surname_first(struct ex *x, const char *s, size_t n, long *codes, size_t *k)
{
	struct word w[EXTRACT_MAX_SUFFIXES + 2], g[NAME_NEAR_WORDS + 1];
	size_t nw = split_words(s, n, w, EXTRACT_MAX_SUFFIXES + 2), ng, sl;
	const struct visible_block *b;
	struct buf name = BUF_INIT;
	int p;

	*k = 0;
	if (nw < 2 || nw > EXTRACT_MAX_SUFFIXES + 1 || x->blk_i + 1 >= x->vis.n)
		return SUBJECT_NONE;
	sl = strip_punct(s, w[0].n);
	if (sl == w[0].n || sl < 2 || !is_name_word(s, sl) || !all_caps_word(s, sl) ||
	    ex_word(x, RULES_W_STOP, s, sl) || ex_word(x, RULES_W_NOT_PERSON, s, sl) ||
	    suffix_code(x, s, w[0].n) != RULES_SUFFIX_NONE)
		return SUBJECT_NONE;
	if (suffix_only(x, s + w[1].s, n - w[1].s, codes, EXTRACT_MAX_SUFFIXES) == 0)
		return SUBJECT_NONE;
	b = &x->vis.blocks[x->blk_i + 1];
	/* the given names may sit in an element of their own that the theme
	 * marks as a person's ("provider-given") under a heading in none */
	if ((!same_card(x, x->blk_i) && x->blk->card != VISIBLE_NO_CARD) ||
	    (b->flags & (VISIBLE_NAV | VISIBLE_ALT | VISIBLE_QUOTE)) ||
	    b->len > GIVEN_NAMES_MAX)
		return SUBJECT_NONE;
	ng = split_words(b->text, b->len, g, NAME_NEAR_WORDS + 1);
	if (ng == 0 || ng > NAME_NEAR_WORDS)
		return SUBJECT_NONE;
	for (size_t i = 0; i < ng; i++)
		if (!plain_name_word(x, b->text + g[i].s, g[i].n, g[i].n))
			return SUBJECT_NONE;
	/* GIVEN_NAMES_MAX and a word of NAME_WORD_MAX bytes fit */
	buf_init(&name, NAME_BUF_MAX);
	if (buf_append(&name, b->text, b->len) < 0 || buf_putc(&name, ' ') < 0 ||
	    buf_append(&name, s, sl) < 0) {
		buf_release(&name);
		return SUBJECT_NONE;
	}
	{
		char *nm = buf_detach(&name);

		p = add_practitioner(x, nm, NULL);
		free(nm);
	}
	if (p >= 0)
		*k = suffix_only(x, s + w[1].s, n - w[1].s, codes, EXTRACT_MAX_SUFFIXES);
	return p;
}
