/* extract.c: from a parsed page to its facts (see extract.h).
 * Order: structured data (JSON-LD, microdata) first, then the visible
 * text in two passes: practitioners (names with credential suffixes),
 * then claims sentence by sentence, each attached to the practitioner the
 * sentence names, the card it sits in, or the clinic when "we"/"our"
 * speaks. Blog pages claim nothing: they are full of advice. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/uri.h>
#include "common/buf.h"
#include "common/sitekey.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/address.h"
#include "extract/extract.h"
#include "extract/extract_impl.h"
#include "extract/markup.h"
#include "extract/roles.h"
#include "extract/rules_match.h"
#include "extract/visible.h"


/* ---- rules, asked of the current block's scan ---- */

/* Is s[0..n) a part of the current block's text, whose hits are known? */
static bool
in_block(const struct ex *x, const char *s, size_t n)
{
	return x->hits != NULL && x->blk != NULL && s >= x->blk->text &&
	       s + n <= x->blk->text + x->blk->len;
}

bool
ex_filter(const struct ex *x, enum rules_filter f, const char *s, size_t n)
{
	if (f != RULES_F_PRODUCT && f != RULES_F_ASIDE && in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		return rules_hits_filter(x->r, x->hits, f, at, at + n);
	}
	return rules_filter(x->r, f, s, n);
}

static void
ex_scan(const struct ex *x, enum rules_set set, const char *s, size_t n, rules_hit_fn fn,
        void *arg)
{
	if (in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		rules_hits_set(x->r, x->hits, set, at, at + n, fn, arg);
	} else
		rules_scan(x->r, set, s, n, fn, arg);
}

static long
ex_suffix(const struct ex *x, const char *s, size_t n)
{
	if (n == 0)
		return RULES_SUFFIX_NONE;
	if (in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		return rules_hits_suffix(x->r, x->hits, at, at + n);
	}
	return rules_suffix(x->r, s, n);
}

static bool
ex_word(const struct ex *x, enum rules_words w, const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		return rules_hits_word(x->r, x->hits, w, at, at + n);
	}
	return rules_word(x->r, w, s, n);
}

static long
ex_specialty(const struct ex *x, const char *s, size_t n)
{
	if (in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		return rules_hits_specialty(x->r, x->hits, at, at + n);
	}
	return rules_board_specialty(x->r, s, n);
}

/* ---- words ---- */

struct word {
	size_t s, n;     /* in the sentence */
};

static size_t
split_words(const char *s, size_t n, struct word *w, size_t max)
{
	size_t i = 0, k = 0;

	while (i < n && k < max) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		w[k].s = i;
		while (i < n && s[i] != ' ')
			i++;
		w[k].n = i - w[k].s;
		k++;
	}
	return k;
}

/* A capitalised name word ("Maria", "O'Neil", "Ann-Marie", "J."), its
 * trailing comma already removed. */
static bool
is_name_word(const char *s, size_t n)
{
	size_t i;
	unsigned char c0 = (unsigned char)s[0];
	bool high = c0 >= 0x80;

	if (n == 2 && isupper(c0) && s[1] == '.')
		return true;   /* an initial */
	if (n < 2 || n > 40)
		return false;
	if (!isupper(c0) && !(c0 >= 0xC3 && c0 <= 0xDF))
		return false;
	for (i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalpha(c) || c >= 0x80 || c == '\'' || c == '-'))
			return false;
		high |= c >= 0x80;
	}
	/* "·", "—": punctuation outside ASCII is not a letter */
	if (c0 >= 0xC3 && n <= 3)
		return false;
	/* "SkinPen®", "Halo™": a brand, not a name */
	if (high && (memmem(s, n, "\xC2\xAE", 2) != NULL || memmem(s, n, "\xE2\x84\xA2", 3) != NULL))
		return false;
	return true;
}

/* "Dr.", "Dra."; "DR." in an all-caps design */
static bool
is_dr(const char *s, size_t n)
{
	return n >= 2 && n <= 4 && (s[0] == 'D') && (s[1] == 'r' || s[1] == 'R') &&
	       ((n == 2) || (n == 3 && (s[2] == '.' || s[2] == 'a' || s[2] == 'A')) ||
	        (n == 4 && (s[2] == 'a' || s[2] == 'A') && s[3] == '.'));
}

/* Is s[0..n) written in capitals ("MEET OUR TEAM WHO DO IT ALL"): at
 * least a dozen letters and none in lower case? Such a design says
 * nothing by its case: "DO" there is a word, not a credential. */
static bool
all_caps(const char *s, size_t n)
{
	size_t upper = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (islower(c))
			return false;
		if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x9F)
			return false;   /* "é", "ñ": Latin-1 lower case in UTF-8 */
		upper += isupper(c) != 0;
	}
	return upper >= 12;
}

/* A word with no lower-case letter ("SMITH", "O'NEIL"). */
static bool
all_caps_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (islower((unsigned char)s[i]))
			return false;
	return true;
}

/* Length of s[0..n) without trailing spaces and , ; : ("Lori Martin," on
 * a line over "M.D."). */
static size_t
trim_name(const char *s, size_t n)
{
	while (n > 0 && strchr(" ,;:", s[n - 1]) != NULL)
		n--;
	return n;
}

/* Length of word s[0..n) without trailing , ; : ) */
static size_t
strip_punct(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':' || s[n - 1] == ')'))
		n--;
	return n;
}

static long
suffix_code(const struct ex *x, const char *s, size_t n)
{
	long c;

	if (n > 0 && s[0] == '(') {
		s++;
		n--;
	}
	n = strip_punct(s, n);
	c = ex_suffix(x, s, n);
	if (c == RULES_SUFFIX_NONE && n > 1 && s[n - 1] == '.')
		c = ex_suffix(x, s, n - 1);   /* "MD." ending a sentence */
	return c;
}

/* A practitioner name with its suffixes, as read from a sentence. */
struct name_hit {
	char *name;               /* "Maria Lopez" */
	long codes[EXTRACT_MAX_SUFFIXES];
	size_t n_codes;
	size_t n_other;
	bool dr;
	size_t end_word;          /* first word after the suffixes */
};

/* Reads "[Dr.] Name Words[,] [SUFFIX[, SUFFIX]...]" at word i. True when
 * it is a person: two to four name words with a suffix or a "Dr." */
static bool
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
	for (k = j; k < nw && count < 6 && !comma; k++) {
		size_t n = strip_punct(s + w[k].s, w[k].n);

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
	if (count > 4) {
		first += count - 3;
		count = 3;
	}
	if (count < 2)
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
	buf_init(&b, 256);
	for (m = first; m < k; m++) {
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_append(&b, s + w[m].s, strip_punct(s + w[m].s, w[m].n));
	}
	h->name = buf_detach(&b);
	return true;
}

/* ---- practitioners ---- */

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
	return (size_t)-1;
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

/* The length of the title ("Dr. ", "Dra. ", "Dr ", "Doctor ") that ends
 * right before s[at], or 0. */
static size_t
title_before(const char *s, size_t at, bool caseless)
{
	static const char *const titles[] = { "Dr. ", "Dra. ", "Dr ", "Doctor " };

	for (size_t t = 0; t < sizeof titles / sizeof titles[0]; t++) {
		size_t tl = strlen(titles[t]);

		if (at >= tl && (caseless ? strncasecmp(s + at - tl, titles[t], tl)
		                          : memcmp(s + at - tl, titles[t], tl)) == 0)
			return tl;
	}
	return 0;
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
	char two[128];

	at = find_word(s, n, p->name, nl, 0, caseless);
	/* "Julian Marchbanks" for "Julian R. Marchbanks" (middle initials
	 * only: "Mary Ann Smith" is not "Mary Smith") */
	if (at == (size_t)-1 && last > p->name + fn + 1 && fn + 1 + ln < sizeof two &&
	    middle_initials(p->name + fn, last)) {
		memcpy(two, p->name, fn);
		two[fn] = ' ';
		memcpy(two + fn + 1, last, ln);
		nl = fn + 1 + ln;
		at = find_word(s, n, two, nl, 0, caseless);
	}
	if (at != (size_t)-1) {
		size_t t = title_before(s, at, caseless);

		/* "Maria Lopez" preceded by "Dr. " starts at the title */
		*start = at - t;
		*end = at + nl;
		return true;
	}
	for (size_t from = 0; (at = find_word(s, n, last, ln, from, caseless)) != (size_t)-1;
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

static int
add_practitioner(struct ex *x, const char *name, const char *role)
{
	if (x->f->n_practitioners >= EXTRACT_MAX_PRACT) {
		size_t i;
		for (i = 0; i < x->f->n_practitioners; i++)
			if (strcasecmp(x->f->practitioners[i].name, name) == 0)
				return (int)i;
		return -1;
	}
	return page_facts_add_practitioner(x->f, name, role);
}

static void
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

/* A practitioner named in a sentence, and where. */
struct mention {
	int p;
	size_t start, end;
};

/* The practitioners sentence s names, in order of appearance. */
static size_t
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

/* ---- pass 1: who is on the page ---- */

static bool bare_name(const struct ex *x, const char *s, size_t n);
static bool starts_with_pronoun(const char *s, size_t n);
static bool names_service(const struct ex *x, const char *s, size_t n);

struct sent_ctx {
	struct ex *x;
	const char *text;
	int pass;
};

/* "Brooke, LE" or "Brooke, LE - Licensed Esthetician": a team card or its
 * portrait names a person by the given name alone, with her credentials
 * after a comma. Read only as the whole line of a card (a bio's sentence
 * is no such line), from a capitalised word that is no stop word, place,
 * service or credential, followed only by credential suffixes (one coded
 * at least) up to a dash and her role. Whether a full name elsewhere on
 * the site is the same person is the directory's to decide (index/). */
static bool
given_name_line(struct ex *x, const char *s, size_t n, const struct word *w, size_t nw)
{
	const struct visible_block *b = x->blk;
	long codes[EXTRACT_MAX_SUFFIXES];
	size_t sl, j, k = 0;
	char *name = NULL, *role = NULL;
	int p;

	if (b->card < 0 || (b->flags & (VISIBLE_NAV | VISIBLE_QUOTE | VISIBLE_BLOG | VISIBLE_LINK)) ||
	    s != b->text || n != b->len || n > 80 || nw < 2 || x->caps || w[0].s != 0)
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
	if (x->card_pract[b->card] < 0)
		x->card_pract[b->card] = p;
	return true;
}

static void
names_in_sentence(struct ex *x, const char *s, size_t n)
{
	struct word w[EXTRACT_MAX_WORDS];
	size_t nw = split_words(s, n, w, EXTRACT_MAX_WORDS), i = 0, j;
	struct name_hit h;

	if (given_name_line(x, s, n, w, nw))
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
		     (unsigned char)s[w[j].s] == 0xC2) && n - w[j + 1].s <= 80)
			role = xstrndup(s + w[j + 1].s, n - w[j + 1].s);
		p = add_practitioner(x, h.name, role);
		free(role);
		if (p >= 0) {
			char *ev = xstrndup(s, n);
			size_t k;

			for (k = 0; k < h.n_codes; k++)
				add_claim(x, (size_t)h.codes[k], p, ev, n);
			free(ev);
			if (x->blk->card >= 0 && x->card_pract[x->blk->card] < 0)
				x->card_pract[x->blk->card] = p;
		}
		free(h.name);
		i = h.end_word > i ? h.end_word : i + 1;
	}
}

enum { CARD_BLOCK = 1, CARD_HEADING = 2 };

/* A card's name: its heading, or its first line, when that is only a name
 * ("Hannah Lee", a table row's first cell). Kept as the card's candidate
 * practitioner until a sentence in the card claims something. */
static void
card_heading(struct ex *x, const struct visible_block *b)
{
	bool first = false, heading = false;

	/* a portrait's alt text ("Leah Brightman, medical aesthetician")
	 * comes before the name line it describes */
	if (b->card < 0 || x->card_name[b->card] != NULL || (b->flags & VISIBLE_ALT))
		return;
	first = !(x->card_seen[b->card] & CARD_BLOCK);
	heading = (b->flags & VISIBLE_HEADING) && !(x->card_seen[b->card] & CARD_HEADING);
	x->card_seen[b->card] |= CARD_BLOCK | ((b->flags & VISIBLE_HEADING) ? CARD_HEADING : 0);
	/* its first line or its first heading: a CV card's later headings
	 * ("Professional Memberships") are not its person */
	if (!heading && !first)
		return;
	if (bare_name(x, b->text, b->len))
		x->card_name[b->card] = xstrndup(b->text, trim_name(b->text, b->len));
}

/* Releases the claims whose drop[] is set and closes the gaps; drop has
 * f->n_claims entries, decided before anything moves. */
static void
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

/* Drops the service claims read from the last heading ("A note on body
 * contouring") that a sentence below it negated ("We do not offer
 * CoolSculpting or any other body-contouring treatment"). */
static void
section_close(struct ex *x)
{
	struct page_facts *f = x->f;
	unsigned char *drop = NULL;

	if (x->section_text == NULL || x->negated == NULL || !x->any_negated)
		return;
	x->any_negated = false;
	drop = xcalloc(f->n_claims + 1, 1);
	for (size_t i = 0; i < f->n_claims; i++) {
		const struct fact_claim *c = &f->claims[i];
		size_t k;

		for (k = 0; k < rules_code_count(x->r); k++)
			if (x->negated[k] && strcmp(rules_code(x->r, k)->code, c->code) == 0)
				break;
		drop[i] = k < rules_code_count(x->r) && c->practitioner < 0 &&
		          strcmp(c->evidence, x->section_text) == 0;
	}
	drop_claims(f, drop);
	free(drop);
	memset(x->negated, 0, rules_code_count(x->r));
}

/* A heading starts a section: one that names a person ("Jolie Broussard",
 * "Colleen Murphy, PA-C") speaks for the blocks under it, until the next
 * heading. */
static void
section_heading(struct ex *x, const struct visible_block *b, int pass)
{
	struct mention m[2];

	if (!(b->flags & VISIBLE_HEADING)) {
		x->section_blocks++;
		return;
	}
	/* the heading right under a person's heading that names no one else
	 * goes on about them: their credentials on a line of their own
	 * ("Lori Martin," over "M.D."), a subtitle ("Education & Training") */
	if (x->section_blocks == 0 && b->card == x->section_card &&
	    (x->section_name != NULL || x->section_pract >= 0) && !(b->flags & VISIBLE_NAV) &&
	    !bare_name(x, b->text, b->len) && !ex_filter(x, RULES_F_OUTSIDERS, b->text, b->len) &&
	    !ex_filter(x, RULES_F_NEGATION, b->text, b->len) &&
	    (pass == 1 || mentions(x, b->text, b->len, m, 2) == 0))
		return;
	if (pass == 2)
		section_close(x);
	free(x->section_name);
	x->section_name = NULL;
	x->section_pract = -1;
	x->section_card = b->card;
	x->section_blocks = 0;
	x->section_text = b->text;
	x->section_silent = false;
	if (b->flags & VISIBLE_NAV)
		return;
	/* "Our referring partners", "Reconstruction partners": the people
	 * under it work elsewhere; "Coming soon", "Services we no longer
	 * offer": what is under it is not offered */
	if (ex_filter(x, RULES_F_OUTSIDERS, b->text, b->len) ||
	    ex_filter(x, RULES_F_NEGATION, b->text, b->len)) {
		x->section_silent = true;
		return;
	}
	if (pass == 2 && mentions(x, b->text, b->len, m, 2) == 1)
		x->section_pract = m[0].p;
	else if (bare_name(x, b->text, b->len))
		x->section_name = xstrndup(b->text, trim_name(b->text, b->len));
}

/* A quotation in the first person ("“I used to drive to Minneapolis for
 * laser hair removal”"): a patient speaking, not the clinic. */
static bool
quoted_first_person(const char *s, size_t n)
{
	static const char *open[] = { "\"", "\xe2\x80\x9c", "\xe2\x80\x9e", "\xc2\xab", NULL };
	static const char *me[] = { " I ", " I'", " I\xe2\x80\x99", " my ", " My ", " me ", " me.",
	                            " me,", NULL };
	size_t i, k;

	for (i = 0; open[i] != NULL; i++) {
		size_t o = strlen(open[i]);

		if (n <= o || memcmp(s, open[i], o) != 0)
			continue;
		if (n > o + 2 && (memcmp(s + o, "I ", 2) == 0 || memcmp(s + o, "My ", 3) == 0 ||
		                  memcmp(s + o, "I'", 2) == 0 || memcmp(s + o, "I\xe2\x80\x99", 4) == 0))
			return true;
		for (k = 0; me[k] != NULL; k++)
			if (memmem(s, n, me[k], strlen(me[k])) != NULL)
				return true;
	}
	return false;
}

/* In a blog post only the practice's own staff news is read: "Jane Doe,
 * RN has joined our practice" and the "She ..." that follows it; the
 * advice around it ("make sure your injector is board certified") is not
 * the clinic speaking of its staff. */
static bool
news_skips(struct ex *x, const char *s, size_t n)
{
	if (!x->news_blk)
		return false;
	if (ex_filter(x, RULES_F_STAFF_NEWS, s, n) && !ex_filter(x, RULES_F_ADVICE, s, n)) {
		x->news_said = true;
		return false;
	}
	return !(x->news_said && starts_with_pronoun(s, n));
}

static void
pass1_sentence(void *arg, size_t start, size_t len)
{
	struct sent_ctx *c = arg;

	/* a mentor, a referring doctor, a reviewer's own doctor, the one "we
	 * refer patients to": people named in advice, about others or in a
	 * negation are not the clinic's staff */
	if (c->x->section_silent || news_skips(c->x, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_PLACEHOLDER, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_ADVICE, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_OUTSIDERS, c->text + start, len) ||
	    ex_filter(c->x, RULES_F_NEGATION, c->text + start, len) ||
	    quoted_first_person(c->text + start, len))
		return;
	c->x->caps = all_caps(c->text + start, len);
	names_in_sentence(c->x, c->text + start, len);
	c->x->caps = false;
}

/* ---- pass 2: claims ---- */

struct hits {
	long codes[64];
	size_t at[64], to[64];   /* where each was found in the sentence */
	size_t n;
	const char *s;
	size_t len;
	const struct rules *r;
	bool product_check;
	bool aside_check;
};

static void
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

static bool
starts_with_pronoun(const char *s, size_t n)
{
	static const char *pr[] = { "She ", "He ", "Her ", "His ", "They ",
	                            "SHE ", "HE ", "HER ", "HIS ", "THEY ", NULL };
	size_t i;

	for (i = 0; pr[i] != NULL; i++)
		if (n > strlen(pr[i]) && strncmp(s, pr[i], strlen(pr[i])) == 0)
			return true;
	return false;
}

/* Is s[0..n) a name of 2-4 capitalised words that is neither a business
 * ("Lumina Dermatology") nor a role ("Medical Director")? */
static bool
bare_name(const struct ex *x, const char *s, size_t n)
{
	struct word w[6];
	size_t nw = split_words(s, n, w, 6);

	if (nw < 2 || nw > 4 || n > 60)
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

static void
count_hit(void *arg, size_t code, size_t start, size_t end)
{
	(void)code;
	(void)start;
	(void)end;
	++*(size_t *)arg;
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
 * credential was found. The practitioner, or -1. */
static int
name_opening(struct ex *x, const char *s, size_t n, size_t first)
{
	static const char *const verbs[] = { "is", "has", "was", "holds", "joined", "brings",
	                                     "earned", "became", "completed", "serves", NULL };
	struct word w[8];
	size_t nw = split_words(s, n, w, 8), m = 0, end = 0;
	bool sep = false;
	char *name = NULL;
	int p = -1;

	while (m < nw && m < 4) {
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
		return -1;
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
		return -1;
	name = xstrndup(s, end);
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* The person of the block right above the current one in the same card,
 * when that block is only a name ("Jane Doe" over "RN, BSN"); or -1. */
static int
name_line_above(struct ex *x)
{
	const struct visible_block *b;
	char *name;
	int p;

	if (x->blk_i == 0)
		return -1;
	b = &x->vis.blocks[x->blk_i - 1];
	if (b->card != x->blk->card || (b->flags & (VISIBLE_NAV | VISIBLE_ALT | VISIBLE_QUOTE)) ||
	    !bare_name(x, b->text, b->len))
		return -1;
	name = xstrndup(b->text, trim_name(b->text, b->len));
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* Who a sentence with credentials speaks of when it names nobody: the
 * last person named in the block ("She ..."), the person of the card or
 * of the name heading above it, or a name opening the sentence. -1: none. */
static int
implied_subject(struct ex *x, const char *s, size_t n, size_t first)
{
	int p = -1;

	if (starts_with_pronoun(s, n) && x->last_pract >= 0)
		return x->last_pract;
	/* under a heading that names one person ("Colleen Murphy, PA-C"),
	 * in the same card: that person, before the card's first one */
	if (x->section_pract >= 0 && x->blk->card == x->section_card)
		return x->section_pract;
	/* under a heading that is only a name ("Jolie Broussard"): its first
	 * line, a sentence opening with the first name, or "She ..." */
	if (x->section_name != NULL && x->blk->card == x->section_card) {
		size_t fn = strcspn(x->section_name, " ");
		bool first_name = fn < n && strncmp(s, x->section_name, fn) == 0 &&
		                  (s[fn] == ' ' || s[fn] == '\'' || s[fn] == ',');

		if (first_name || starts_with_pronoun(s, n) || x->section_blocks <= 1) {
			x->section_pract = add_practitioner(x, x->section_name, NULL);
			return x->section_pract;
		}
	}
	if (x->blk->card >= 0 && x->card_pract[x->blk->card] >= 0)
		return x->card_pract[x->blk->card];
	if (x->blk->card >= 0 && x->card_name[x->blk->card] != NULL) {
		if ((p = add_practitioner(x, x->card_name[x->blk->card], NULL)) >= 0)
			x->card_pract[x->blk->card] = p;
		return p;
	}
	/* a box of its own under a person's heading, with no heading of its
	 * own (a list of "Medical Director", "Board Certified Physician"):
	 * not the next team card, nor a portrait's alt text */
	if (x->section_pract >= 0 && x->blk->card >= 0 && x->blk->card != x->section_card &&
	    !(x->card_seen[x->blk->card] & CARD_HEADING) && !(x->blk->flags & VISIBLE_ALT))
		return x->section_pract;
	if ((p = name_opening(x, s, n, first)) >= 0)
		return p;
	return -1;
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

	if (to < from || to - from > 40)
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
static bool
other_person(const char *s, size_t at)
{
	static const char *const cues[] = { "supervision of", "supervised by", "alongside",
	                                    "colleague", "partner with", "partners with",
	                                    "referred by", "refer to", "overseen by",
	                                    "oversight of", "direction of", NULL };
	size_t from = at > 48 ? at - 48 : 0;

	for (size_t k = 0; cues[k] != NULL; k++) {
		const char *hit = memmem(s + from, at - from, cues[k], strlen(cues[k]));
		if (hit != NULL && memchr(hit, ',', (size_t)(s + at - hit)) == NULL)
			return true;
	}
	return false;
}

/* A word of a name written without title or suffix: s[0..len) is the word
 * without trailing punctuation, s[0..n) with it (for the suffix test). */
static bool
plain_name_word(const struct ex *x, const char *s, size_t len, size_t n)
{
	return len > 0 && is_name_word(s, len) && !ex_word(x, RULES_W_NOT_PERSON, s, len) &&
	       !ex_word(x, RULES_W_STOP, s, len) && suffix_code(x, s, n) == RULES_SUFFIX_NONE;
}

/* Whom a claim is said of: a practitioner's index into facts->practitioners
 * (>= 0), or one of these. */
enum subject {
	SUBJECT_CLINIC = -1,        /* nobody named: the clinic (fact_claim's -1) */
	SUBJECT_SOMEONE_ELSE = -2,  /* a person named only by a first name */
};

/* "nurse practitioner Lauren Pryor": a name written right after the
 * credential, the person it is said of; the practitioner or
 * SUBJECT_CLINIC (no name there).
 * "our nurse practitioner, Kelsey,": a first name alone, someone the page
 * does not name in full (SUBJECT_SOMEONE_ELSE): the claim is not the clinic's. */
static int
name_after(struct ex *x, const char *s, size_t n, size_t to)
{
	struct word w[4];
	size_t i = to, nw, k = 0, end = 0;
	char *name = NULL;
	int p = SUBJECT_CLINIC;

	if (i < n && s[i] == ',')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i == to || i >= n)
		return SUBJECT_CLINIC;
	nw = split_words(s + i, n - i, w, 4);
	while (k < nw && k < 3) {
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
		return SUBJECT_CLINIC;
	name = xstrndup(s + i, end);
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* "Danielle Ruhl, our nurse practitioner": a name right before ", our"
 * (or ", a", ", an") and the credential at s[at..]; the practitioner, or
 * SUBJECT_SOMEONE_ELSE for a first name alone ("Macy, our licensed esthetician"),
 * or -1. */
static int
name_before(struct ex *x, const char *s, size_t at)
{
	static const char *const links[] = { ", our ", ", a ", ", an ", NULL };
	size_t comma = (size_t)-1, start, k = 0;
	char *name = NULL;
	int p = -1;

	for (size_t i = 0; links[i] != NULL; i++) {
		size_t ln = strlen(links[i]);

		if (at >= ln && memcmp(s + at - ln, links[i], ln) == 0) {
			comma = at - ln;
			break;
		}
	}
	if (comma == (size_t)-1 || comma == 0)
		return -1;
	/* up to three name words, read backwards from the comma */
	start = comma;
	while (k < 3 && start > 0) {
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
		return -1;
	name = xstrndup(s + start, comma - start);
	p = add_practitioner(x, name, NULL);
	free(name);
	return p;
}

/* The practitioner a credential found at [at, to) belongs to among the
 * sentence's mentions: with after, the name right after it ("nurse
 * practitioner Lauren Pryor"); else the name right before it ("Dr. Lopez
 * is a ..."). -1 when none. */
static int
bind_hit(const char *s, const struct mention *m, size_t nm, size_t at, size_t to, bool after)
{
	if (after) {
		for (size_t i = 0; i < nm; i++)
			if (m[i].start >= to && m[i].start <= to + 2)
				return m[i].p;
		return -1;
	}
	for (size_t i = nm; i > 0; i--)
		if (m[i - 1].end <= at && light_gap(s, m[i - 1].end, at))
			return m[i - 1].p;
	return -1;
}

/* True when s[0..n) names the clinic itself ("Riverwalk Plastic Surgery
 * is led by a board-certified plastic surgeon"): the clinic speaking of
 * itself in the third person, as "we" and "our" do in the first. */
static bool
names_clinic(const struct ex *x, const char *s, size_t n)
{
	const char *name = x->f->clinic_name;
	char *copy;
	bool found;

	if (name == NULL || strlen(name) < 6 || strchr(name, ' ') == NULL)
		return false;    /* a one-word name is too easily a common word */
	copy = xstrndup(s, n);
	found = strcasestr(copy, name) != NULL;
	free(copy);
	return found;
}

/* True when s[0..n) ends as a question ("Do you offer CoolSculpting?"):
 * an FAQ asks, its answer claims. */
static bool
is_question(const char *s, size_t n)
{
	while (n > 0 && strchr(" \"')", s[n - 1]) != NULL)
		n--;
	return n > 0 && s[n - 1] == '?';
}

/* A block made only of credential abbreviations ("MD, FAAD" in a table
 * cell): its coded suffixes into codes; how many, 0 when another word
 * is there. */
static size_t
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
 * -1; the coded suffixes into codes, their number into *k. */
static int
surname_first(struct ex *x, const char *s, size_t n, long *codes, size_t *k)
{
	struct word w[EXTRACT_MAX_SUFFIXES + 2], g[4];
	size_t nw = split_words(s, n, w, EXTRACT_MAX_SUFFIXES + 2), ng, sl;
	const struct visible_block *b;
	struct buf name = BUF_INIT;
	int p;

	*k = 0;
	if (nw < 2 || nw > EXTRACT_MAX_SUFFIXES + 1 || x->blk_i + 1 >= x->vis.n)
		return -1;
	sl = strip_punct(s, w[0].n);
	if (sl == w[0].n || sl < 2 || !is_name_word(s, sl) || !all_caps_word(s, sl) ||
	    ex_word(x, RULES_W_STOP, s, sl) || ex_word(x, RULES_W_NOT_PERSON, s, sl) ||
	    suffix_code(x, s, w[0].n) != RULES_SUFFIX_NONE)
		return -1;
	if (suffix_only(x, s + w[1].s, n - w[1].s, codes, EXTRACT_MAX_SUFFIXES) == 0)
		return -1;
	b = &x->vis.blocks[x->blk_i + 1];
	if (b->card != x->blk->card || (b->flags & (VISIBLE_NAV | VISIBLE_ALT | VISIBLE_QUOTE)) ||
	    b->len > 40)
		return -1;
	ng = split_words(b->text, b->len, g, 4);
	if (ng == 0 || ng > 3)
		return -1;
	for (size_t i = 0; i < ng; i++)
		if (!plain_name_word(x, b->text + g[i].s, g[i].n, g[i].n))
			return -1;
	buf_init(&name, 128);
	buf_append(&name, b->text, b->len);
	buf_putc(&name, ' ');
	buf_append(&name, s, sl);
	{
		char *nm = buf_detach(&name);

		p = add_practitioner(x, nm, NULL);
		free(nm);
	}
	if (p >= 0)
		*k = suffix_only(x, s + w[1].s, n - w[1].s, codes, EXTRACT_MAX_SUFFIXES);
	return p;
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
	    !(x->blk->card >= 0 && x->card_negated[x->blk->card]) &&
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
		} else if (at != (size_t)-1 && staff_class(s, n, at, to)) {
			/* "Injections are performed by our nurse practitioners":
			 * a class of staff, no one person's credential */
			if (ex_filter(x, RULES_F_CLINIC_SUBJECT, s, n))
				add_claim(x, code, SUBJECT_CLINIC, s, n);
			continue;
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

/* "Dr. Lucero retired in 2021 and no longer sees patients": the person
 * named last before the filters.former_staff words is not the clinic's
 * staff now, whatever the page says of her elsewhere; marked in
 * x->former, her claims go at the end of the page (drop_former). */
static void
former_staff(struct ex *x, const char *s, size_t n)
{
	struct mention m[EXTRACT_MAX_SUBJECTS];
	size_t at, nm, o;
	int who = -1;

	if (!in_block(x, s, n))
		return;
	o = (size_t)(s - x->blk->text);
	if ((at = rules_hits_filter_at(x->r, x->hits, RULES_F_FORMER_STAFF, o, o + n)) == (size_t)-1)
		return;
	nm = mentions(x, s, n, m, EXTRACT_MAX_SUBJECTS);
	for (size_t i = 0; i < nm && m[i].start < at; i++)
		who = m[i].p;
	if (who >= 0 && (size_t)who < EXTRACT_MAX_PRACT)
		x->former[who] = 1;
}

/* Drops the claims of the practitioners former_staff marked; with no
 * credential left, drop_bare_practitioners then drops them. */
static void
drop_former(struct ex *x)
{
	struct page_facts *f = x->f;
	unsigned char *drop = xcalloc(f->n_claims + 1, 1);

	for (size_t i = 0; i < f->n_claims; i++)
		drop[i] = f->claims[i].practitioner >= 0 &&
		          (size_t)f->claims[i].practitioner < EXTRACT_MAX_PRACT &&
		          x->former[f->claims[i].practitioner];
	drop_claims(f, drop);
	free(drop);
}

static void
pass2_sentence(void *arg, size_t start, size_t len)
{
	struct sent_ctx *c = arg;

	former_staff(c->x, c->text + start, len);
	if (news_skips(c->x, c->text + start, len))
		return;
	c->x->caps = all_caps(c->text + start, len);
	claims_in_sentence(c->x, c->text + start, len);
	c->x->caps = false;
}

/* ---- structured data ---- */

/* Claims from a markup person: suffixes from the name and honorificSuffix,
 * credential wording in jobTitle/hasCredential; medicalSpecialty counts
 * only with board-certified wording. */
static void
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

/* ---- clinic name ---- */

static void
set_name(struct page_facts *f, const char *name, int rank)
{
	char *c = NULL;

	if (name == NULL || rank <= f->clinic_name_rank)
		return;
	c = text_utf8_clean(name, strlen(name));
	{
		char *sq = text_squash_space(c), *t = text_truncate(sq, 200);
		free(c);
		free(sq);
		c = t;
	}
	if (c[0] == '\0') {
		free(c);
		return;
	}
	free(f->clinic_name);
	f->clinic_name = c;
	f->clinic_name_rank = rank;
}

/* How many words (3+ letters) of part[0..len) occur in label, the first
 * label of the site's host ("peachtree-facial-plastics"): a clinic's
 * domain usually spells its name, a tagline's words rarely. */
static size_t
host_overlap(const char *part, size_t len, const char *label)
{
	size_t i = 0, score = 0;

	while (i < len) {
		char w[64];
		size_t n = 0;

		while (i < len && !isalnum((unsigned char)part[i]))
			i++;
		while (i < len && isalnum((unsigned char)part[i])) {
			if (n < sizeof w - 1)
				w[n++] = (char)tolower((unsigned char)part[i]);
			i++;
		}
		w[n] = '\0';
		if (n >= 3 && strstr(label, w) != NULL)
			score++;
	}
	return score;
}

/* Of "Our Team | Lumina Dermatology", the part that reads as the business:
 * the one that best matches the host name when one does; else one with a
 * business word ("Dermatology", "Spa"); else the last part. */
static char *
title_name(const struct rules *r, const char *title, const char *label)
{
	static const char *seps[] = { " | ", " - ", " – ", " — ", " · ", " :: ", NULL };
	const char *parts[16];
	size_t lens[16], np = 0, i, k, best = (size_t)-1;
	const char *p = title;

	while (np < 16) {
		const char *next = NULL;
		size_t sl = 0;

		for (k = 0; seps[k] != NULL; k++) {
			const char *q = strstr(p, seps[k]);
			if (q != NULL && (next == NULL || q < next)) {
				next = q;
				sl = strlen(seps[k]);
			}
		}
		parts[np] = p;
		lens[np] = next != NULL ? (size_t)(next - p) : strlen(p);
		np++;
		if (next == NULL)
			break;
		p = next + sl;
	}
	if (np > 1 && label != NULL && label[0] != '\0') {
		size_t top = 0, second = 0, at = 0;

		for (i = 0; i < np; i++) {
			size_t sc = host_overlap(parts[i], lens[i], label);

			if (sc > top) {
				second = top;
				top = sc;
				at = i;
			} else if (sc > second) {
				second = sc;
			}
		}
		if (top > second)
			return xstrndup(parts[at], lens[at]);
	}
	/* the first part with a business word and no lower-case word (not a
	 * tagline such as "Cosmetic Dermatology in Miami"), else the first
	 * with a business word, else the last part */
	for (i = 0; i < np; i++) {
		struct word w[32];
		size_t nw = split_words(parts[i], lens[i], w, 32);
		bool business = false, lower = false;

		for (k = 0; k < nw; k++) {
			if (rules_word(r, RULES_W_NOT_PERSON, parts[i] + w[k].s,
			               strip_punct(parts[i] + w[k].s, w[k].n)))
				business = true;
			if (islower((unsigned char)parts[i][w[k].s]))
				lower = true;
		}
		if (nw < 2)
			business = false;   /* "Services", "Treatments": a page label */
		if (business && !lower) {
			best = i;
			break;
		}
		if (business && best == (size_t)-1)
			best = i;
	}
	if (best == (size_t)-1)
		best = np - 1;
	return xstrndup(parts[best], lens[best]);
}



static void
clinic_name(struct ex *x, const struct markup *m)
{
	xmlNodePtr root = xmlDocGetRootElement(x->d->doc), n = NULL;
	char *v = NULL, *t = NULL;

	if (m->org_name != NULL)
		set_name(x->f, m->org_name, FACT_NAME_MARKUP);
	if ((n = html_find_el(root, "meta", "property", "og:site_name", 0)) != NULL &&
	    (v = (char *)xmlGetProp(n, (const xmlChar *)"content")) != NULL) {
		set_name(x->f, v, FACT_NAME_OG);
		xmlFree(v);
	}
	if ((n = html_find_el(root, "title", NULL, NULL, 0)) != NULL &&
	    (v = (char *)xmlNodeGetContent(n)) != NULL) {
		char *c = text_utf8_clean(v, strnlen(v, 4096)), *sq = text_squash_space(c);

		char *host = sitekey_host(x->d->url), *label = NULL;

		if (host != NULL) {
			label = host;
			label[strcspn(label, ".")] = '\0';
		}
		t = title_name(x->r, sq, label);
		free(host);
		set_name(x->f, t, FACT_NAME_TITLE);
		free(t);
		free(c);
		free(x->title);
		x->title = sq;
		xmlFree(v);
	}
}

/* ---- the page ---- */

enum page_kind { PAGE_PLAIN, PAGE_BLOG, PAGE_SHOP, PAGE_SILENT, PAGE_EDUCATION };

/* What a page's path says it is: a blog post (advice, read with suspicion:
 * nothing claimed), a shop (products, not services), reviews, job
 * openings or a training academy (other people's words, roles the clinic
 * wants to fill, courses it teaches: nothing claimed), or a page about a
 * condition or of patient education (treatments in general: a service
 * only where the clinic says "we" or "our"). */
static enum page_kind
page_kind(const char *url)
{
	static const char *const blog[] = { "/blog/", "/news/", "/article", "/posts/", "/blog.",
	                                    NULL };
	static const char *const shop[] = { "/shop", "/store", "/product", "/cart", "/checkout",
	                                    "/gift-card", "/giftcard", NULL };
	static const char *const silent[] = { "/review", "/testimonial", "/career", "/jobs",
	                                      "/job/", "/employment", "/hiring", "/join-our-team",
	                                      "/join-the-team", "/academy", "/training",
	                                      "/courses", "/course/", NULL };
	static const char *const education[] = { "/condition", "/resources", "/patient-resources",
	                                         "/faq",
	                                         "/education", "/learn", "/library", "/myths",
	                                         "/skin-concerns", "/concerns/", NULL };
	const char *p = strstr(url, "://");

	p = p != NULL ? strchr(p + 3, '/') : NULL;
	if (p == NULL)
		return PAGE_PLAIN;
	for (size_t i = 0; blog[i] != NULL; i++)
		if (strcasestr(p, blog[i]) != NULL)
			return PAGE_BLOG;
	for (size_t i = 0; silent[i] != NULL; i++)
		if (strcasestr(p, silent[i]) != NULL)
			return PAGE_SILENT;
	for (size_t i = 0; shop[i] != NULL; i++)
		if (strcasestr(p, shop[i]) != NULL)
			return PAGE_SHOP;
	for (size_t i = 0; education[i] != NULL; i++)
		if (strcasestr(p, education[i]) != NULL)
			return PAGE_EDUCATION;
	return PAGE_PLAIN;
}

/* A page about a service it does not offer yet ("Laser hair removal is
 * coming in 2026" as its first heading, or "Laser Hair Removal (Coming
 * 2026)" as its title when it has no heading): no claim of that service
 * comes from the page, not from its breadcrumb nor its menu. */
static void
page_negation(struct ex *x)
{
	struct page_facts *f = x->f;
	struct hits sv = { .r = x->r, .product_check = true, .aside_check = true };
	unsigned char *drop = NULL;
	size_t i;

	/* the first content heading, read from the hits its block already
	 * has; the title is scanned on its own only when there is none */
	for (i = 0; i < x->vis.n; i++)
		if ((x->vis.blocks[i].flags & VISIBLE_HEADING) &&
		    !(x->vis.blocks[i].flags & VISIBLE_NAV))
			break;
	if (i < x->vis.n) {
		x->blk = &x->vis.blocks[i];
		x->hits = &x->block_hits[i];
		sv.s = x->blk->text;
		sv.len = x->blk->len;
	} else {
		x->blk = NULL;
		x->hits = NULL;
		sv.s = x->title;
		sv.len = x->title != NULL ? strlen(x->title) : 0;
	}
	if (sv.s != NULL && ex_filter(x, RULES_F_NEGATION, sv.s, sv.len))
		ex_scan(x, RULES_SET_SERVICE, sv.s, sv.len, collect_hit, &sv);
	x->blk = NULL;
	x->hits = NULL;
	if (sv.n == 0)
		return;
	drop = xcalloc(f->n_claims + 1, 1);
	for (i = 0; i < f->n_claims; i++)
		for (size_t k = 0; k < sv.n && !drop[i]; k++)
			drop[i] = strcmp(f->claims[i].code, rules_code(x->r, (size_t)sv.codes[k])->code) == 0;
	drop_claims(f, drop);
	free(drop);
}

/* "Board certified" with no board named says less than a named board: it
 * goes when the same person has a named board on the page. */
static void
drop_subsumed_boards(struct ex *x)
{
	struct page_facts *f = x->f;
	const char *unspec = NULL;
	unsigned char *drop = NULL;

	{
		long u = rules_board_specialty(x->r, "", 0);
		const struct rule_code *rc = u >= 0 ? rules_code(x->r, (size_t)u) : NULL;
		if (rc == NULL)
			return;
		unspec = rc->code;
	}
	if (f->n_claims == 0)
		return;
	/* which go is decided on the whole list first: compacting while
	 * looking would show the inner loop claims already released */
	drop = xcalloc(f->n_claims, 1);
	for (size_t i = 0; i < f->n_claims; i++) {
		const struct fact_claim *c = &f->claims[i];

		/* the clinic's "all our providers are board certified" stays: it
		 * says more than "our board-certified dermatologists" */
		if (c->practitioner >= 0 && strcmp(c->code, unspec) == 0)
			for (size_t j = 0; j < f->n_claims && !drop[i]; j++)
				drop[i] = j != i && f->claims[j].practitioner == c->practitioner &&
				          strncmp(f->claims[j].code, "board-", 6) == 0 &&
				          strcmp(f->claims[j].code, unspec) != 0;
	}
	drop_claims(f, drop);
	free(drop);
}

/* A person with no credential claimed on the page (a front-desk lead, a
 * trainer, a chiropractor called "Dr.") is not listed: the directory is of
 * practitioners whose credentials a patient can weigh, and of the people
 * the site gives a clinical role ("Medical Director", "Lead Esthetician";
 * roles.c gives no other to a person without a credential). Indices in
 * the claims and roles are renumbered. */
static void
drop_bare_practitioners(struct ex *x)
{
	struct page_facts *f = x->f;
	int *map;
	size_t o = 0;

	if (f->n_practitioners == 0)
		return;
	map = xcalloc(f->n_practitioners, sizeof *map);
	for (size_t i = 0; i < f->n_claims; i++)
		if (f->claims[i].practitioner >= 0 && strcmp(f->claims[i].kind, "credential") == 0)
			map[f->claims[i].practitioner] = 1;
	for (size_t i = 0; i < f->n_roles; i++)
		if (f->roles[i].practitioner >= 0)
			map[f->roles[i].practitioner] = 1;
	for (size_t i = 0; i < f->n_practitioners; i++) {
		if (!map[i]) {
			free(f->practitioners[i].name);
			free(f->practitioners[i].role);
			map[i] = -1;
			continue;
		}
		map[i] = (int)o;
		f->practitioners[o++] = f->practitioners[i];
	}
	f->n_practitioners = o;
	for (size_t i = 0; i < f->n_claims; i++)
		if (f->claims[i].practitioner >= 0)
			f->claims[i].practitioner = map[f->claims[i].practitioner];
	for (size_t i = 0; i < f->n_roles; i++)
		if (f->roles[i].practitioner >= 0)
			f->roles[i].practitioner = map[f->roles[i].practitioner];
	free(map);
}

int
extract_page(const struct rules *r, const struct html_doc *d, struct page_facts *facts)
{
	struct ex x;
	struct markup m;
	struct sent_ctx sc;
	enum page_kind kind;
	size_t i, n_locs0, n_markup;

	memset(&x, 0, sizeof(x));
	memset(&m, 0, sizeof(m));
	if (r == NULL || d == NULL || d->doc == NULL)
		return 0;
	x.r = r;
	x.d = d;
	x.f = facts;
	kind = page_kind(d->url != NULL ? d->url : "");
	x.blog = kind == PAGE_BLOG || kind == PAGE_SILENT;
	x.news = kind == PAGE_BLOG;
	x.shop = kind == PAGE_SHOP;
	x.education = kind == PAGE_EDUCATION;
	markup_collect(d->doc, rules_address(r), &m);
	if (m.blog)
		x.blog = x.news = true;
	visible_collect(d->doc, &x.vis);
	x.card_pract = xmalloc(sizeof(int) * (size_t)(x.vis.n_cards + 1));
	x.card_name = xcalloc((size_t)x.vis.n_cards + 1, sizeof(char *));
	x.card_seen = xcalloc((size_t)x.vis.n_cards + 1, 1);
	x.negated = xcalloc(rules_code_count(r) + 1, 1);
	x.former = xcalloc(EXTRACT_MAX_PRACT, 1);
	x.section_pract = -1;
	x.section_card = -1;
	for (i = 0; i <= (size_t)x.vis.n_cards; i++)
		x.card_pract[i] = -1;

	/* who the clinic is and how to reach it: markup first */
	clinic_name(&x, &m);
	for (i = 0; i < m.n_phones; i++)
		set_phone(facts, m.phones[i]);
	n_locs0 = facts->n_locations;
	for (i = 0; i < m.n_locs; i++) {
		if (m.locs[i].phone != NULL)
			set_phone(facts, m.locs[i].phone);
		page_facts_add_location(facts, &m.locs[i]);
	}
	n_markup = facts->n_locations;
	tel_links(&x, xmlDocGetRootElement(d->doc), 0);
	/* each block's text is scanned for every rule once, here */
	x.block_hits = xcalloc(x.vis.n ? x.vis.n : 1, sizeof *x.block_hits);
	for (i = 0; i < x.vis.n; i++) {
		rules_scan_text(r, x.vis.blocks[i].text, x.vis.blocks[i].len, &x.block_hits[i]);
		x.blk = &x.vis.blocks[i];
		x.hits = &x.block_hits[i];
		places_in_block(&x, &x.vis.blocks[i]);
		places_in_lines(&x, i);
	}
	drop_unshown_markup_places(&x, n_locs0, n_markup);
	places_towns(&x);
	x.blk = NULL;
	x.hits = NULL;
	/* a theme's template card ("Dr. Jordan Smith, MD" over "Lorem ipsum
	 * ...") names no one, whatever CSS hides it */
	x.card_placeholder = xcalloc((size_t)x.vis.n_cards + 1, 1);
	x.card_negated = xcalloc((size_t)x.vis.n_cards + 1, 1);
	for (i = 0; i < x.vis.n; i++) {
		const struct visible_block *b = &x.vis.blocks[i];

		if (b->card >= 0 &&
		    rules_hits_filter(r, &x.block_hits[i], RULES_F_PLACEHOLDER, 0, b->len))
			x.card_placeholder[b->card] = 1;
		/* a price-table row or a menu card whose other line says its
		 * item is not offered ("Kybella" | "No longer offered as of
		 * January"): a negation naming no service of its own */
		if (b->card >= 0 && !(b->flags & VISIBLE_PERSON) &&
		    rules_hits_filter(r, &x.block_hits[i], RULES_F_NEGATION, 0, b->len)) {
			size_t hits = 0;

			rules_hits_set(r, &x.block_hits[i], RULES_SET_SERVICE, 0, b->len, count_hit,
			               &hits);
			if (hits == 0)
				x.card_negated[b->card] = 1;
		}
	}

	if (!x.blog || x.news) {
		for (i = 0; i < m.n_persons && !x.blog; i++)
			markup_person(&x, &m.persons[i]);
		sc.x = &x;
		for (sc.pass = 1; sc.pass <= 2; sc.pass++) {
			free(x.section_name);
			x.section_name = NULL;
			x.section_pract = -1;
			x.section_card = -1;
			x.section_text = NULL;
			x.section_silent = false;
			for (i = 0; i < x.vis.n; i++) {
				x.blk = &x.vis.blocks[i];
				x.blk_i = i;
				x.hits = &x.block_hits[i];
				x.last_pract = -1;
				x.news_blk = x.blog || (x.blk->flags & VISIBLE_BLOG);
				x.news_said = false;
				if ((x.blk->flags & VISIBLE_QUOTE) ||
				    (x.blk->card >= 0 && x.card_placeholder[x.blk->card]))
					continue;
				section_heading(&x, x.blk, sc.pass);
				if (sc.pass == 1)
					card_heading(&x, x.blk);
				sc.text = x.blk->text;
				visible_sentences(x.blk->text, x.blk->len,
				                  sc.pass == 1 ? pass1_sentence : pass2_sentence, &sc);
			}
		}
	}
	section_close(&x);
	page_negation(&x);
	drop_subsumed_boards(&x);
	drop_former(&x);
	roles_page(r, &x.vis, x.blog, facts);
	drop_bare_practitioners(&x);
	free(x.negated);
	free(x.former);
	free(x.title);
	free(x.section_name);
	free(x.card_seen);
	free(x.card_placeholder);
	free(x.card_negated);
	for (i = 0; i < x.vis.n; i++)
		rules_hits_release(&x.block_hits[i]);
	free(x.block_hits);
	for (i = 0; i <= (size_t)x.vis.n_cards; i++)
		free(x.card_name[i]);
	free(x.card_name);
	free(x.card_pract);
	visible_release(&x.vis);
	markup_release(&m);
	return 0;
}
