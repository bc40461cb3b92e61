/* words.c: the words of a sentence (split, name-like, capitals, suffixes)
 * and the rules asked of them, answered from the current block's one
 * scan when the words lie in it (see extract_impl.h). */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include "common/personkey.h"
#include "extract/extract_impl.h"

bool
ex_filter(const struct ex *x, enum rules_filter f, const char *s, size_t n)
{
	if (f != RULES_F_PRODUCT && f != RULES_F_ASIDE && in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		return rules_hits_filter(x->r, x->hits, f, at, at + n);
	}
	return rules_filter(x->r, f, s, n);
}

void
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

long
ex_specialty(const struct ex *x, const char *s, size_t n)
{
	if (in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		return rules_hits_specialty(x->r, x->hits, at, at + n);
	}
	return rules_board_specialty(x->r, s, n);
}

size_t
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
bool
is_name_word(const char *s, size_t n)
{
	size_t i;
	unsigned char c0 = (unsigned char)s[0];
	bool high = c0 >= 0x80;

	if (n == 2 && isupper(c0) && s[1] == '.')
		return true;   /* an initial */
	if (n < 2 || n > NAME_WORD_MAX)
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

/* "Dr.", "Dra.", "Dre"; "DR." in an all-caps design; not "Doctor", a
 * word of headings ("Meet Our Doctor") */
bool
is_dr(const char *s, size_t n)
{
	return n >= 2 && s[0] == 'D' &&
	       (personkey_title(s, n) & (PERSONKEY_DOCTOR | PERSONKEY_ABBREV)) ==
	               (PERSONKEY_DOCTOR | PERSONKEY_ABBREV);
}

/* Is s[0..n) written in capitals ("MEET OUR TEAM WHO DO IT ALL"): at
 * least a dozen letters and none in lower case? Such a design says
 * nothing by its case: "DO" there is a word, not a credential. */
bool
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
	return upper >= CAPS_MIN_LETTERS;
}

/* A word with no lower-case letter ("SMITH", "O'NEIL"). */
bool
all_caps_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (islower((unsigned char)s[i]))
			return false;
	return true;
}

/* Length of s[0..n) without trailing spaces and , ; : ("Lori Martin," on
 * a line over "M.D."). */
size_t
trim_name(const char *s, size_t n)
{
	while (n > 0 && strchr(" ,;:", s[n - 1]) != NULL)
		n--;
	return n;
}

long
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

/* A quotation in the first person ("“I used to drive to Minneapolis for
 * laser hair removal”"): a patient speaking, not the clinic. */
bool
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

bool
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

/* True when s[0..n) ends as a question ("Do you offer CoolSculpting?"):
 * an FAQ asks, its answer claims. */
bool
is_question(const char *s, size_t n)
{
	while (n > 0 && strchr(" \"')", s[n - 1]) != NULL)
		n--;
	return n > 0 && s[n - 1] == '?';
}
