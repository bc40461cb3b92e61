/* personkey.c: the keys that say two written names are one person (see
 * personkey.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include "common/personkey.h"
#include "common/xalloc.h"

/* ASCII for the Latin letters of U+00C0..U+017F (Latin-1 Supplement and
 * Latin Extended-A), lower case; "" for the signs among them. */
static const char *const latin_fold[] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Titles before a name and generations after it, in every language the
 * sites write in ("Dra." Spanish, "Dre" French); lower case, no dot. */
static const struct {
	const char *word;
	unsigned flags;
} titles[] = {
	{ "dr", PERSONKEY_TITLE | PERSONKEY_DOCTOR | PERSONKEY_ABBREV },
	{ "dra", PERSONKEY_TITLE | PERSONKEY_DOCTOR | PERSONKEY_ABBREV },
	{ "dre", PERSONKEY_TITLE | PERSONKEY_DOCTOR | PERSONKEY_ABBREV },
	{ "doctor", PERSONKEY_TITLE | PERSONKEY_DOCTOR },
	{ "mr", PERSONKEY_TITLE | PERSONKEY_ABBREV },
	{ "mrs", PERSONKEY_TITLE | PERSONKEY_ABBREV },
	{ "ms", PERSONKEY_TITLE | PERSONKEY_ABBREV },
	{ "miss", PERSONKEY_TITLE },
	{ "mx", PERSONKEY_TITLE | PERSONKEY_ABBREV },
	{ "prof", PERSONKEY_TITLE | PERSONKEY_ABBREV },
	{ "jr", PERSONKEY_GENERATION | PERSONKEY_ABBREV },
	{ "sr", PERSONKEY_GENERATION | PERSONKEY_ABBREV },
	{ "ii", PERSONKEY_GENERATION },
	{ "iii", PERSONKEY_GENERATION },
	{ "iv", PERSONKEY_GENERATION },
};

unsigned
personkey_title(const char *w, size_t n)
{
	if (n > 1 && w[n - 1] == '.')
		n--;
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (strlen(titles[i].word) == n && strncasecmp(titles[i].word, w, n) == 0)
			return titles[i].flags;
	return 0;
}

/* Credentials after a name, beside the titles: no part of it. Not "Do"
 * or "Le": surnames too. */
static const char *const drop_words[] = {
	"md", "phd", "pac", "np", "rn", "bsn", "msn", "dnp", "aprn", "fnp", "faad", "facs",
	"cans", "mba", "mph", "esq", NULL,
};

static bool
dropped(const char *w, size_t n)
{
	/* the first letter before any length: a name's words are looked up
	 * once a row of every registry file */
	for (size_t i = 0; drop_words[i] != NULL; i++)
		if (drop_words[i][0] == w[0] && strlen(drop_words[i]) == n &&
		    memcmp(drop_words[i], w, n) == 0)
			return true;
	return personkey_title(w, n) != 0;
}

size_t
personkey_fold(const char *s, char *folded, size_t cap)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	size_t o = 0;

	/* fold to lower-case ASCII letters and digits, the rest spaces */
	while (*p != '\0' && o + 4 < cap) {
		uint32_t cp = *p;
		size_t k = 1;
		const char *rep = NULL;

		if (cp >= 0xC0 && (p[1] & 0xC0) == 0x80) {
			if (cp < 0xE0) {
				cp = ((cp & 0x1F) << 6) | (p[1] & 0x3F);
				k = 2;
			} else if (cp == 0xE2 && p[1] == 0x80 && p[2] == 0x99) {
				cp = 0x2019;   /* ’ */
				k = 3;
			} else {
				/* three-byte and longer: no letter we fold */
				while ((p[k] & 0xC0) == 0x80)
					k++;
				cp = 0xFFFD;
			}
		}
		if (cp == '\'' || cp == 0x2019)
			;   /* O'Brien, D’Angelo: one word */
		else if (cp < 0x80)
			folded[o++] = isalnum((int)cp) ? (char)tolower((int)cp) : ' ';
		else if (cp >= 0xC0 && cp <= 0x17F && (rep = latin_fold[cp - 0xC0])[0] != '\0')
			for (size_t j = 0; rep[j] != '\0'; j++)
				folded[o++] = rep[j];
		else
			folded[o++] = ' ';
		p += k;
	}
	folded[o] = '\0';
	return o;
}

char *
personkey_match(const char *s, char *out)
{
	char folded[PERSONKEY_MAX * 2];
	size_t i = 0, w = 0;

	personkey_fold(s, folded, sizeof folded);
	/* keep the words that are a name's, one space between */
	out[0] = '\0';
	while (folded[i] != '\0') {
		size_t start, n;

		while (folded[i] == ' ')
			i++;
		start = i;
		while (folded[i] != '\0' && folded[i] != ' ')
			i++;
		n = i - start;
		if (n <= 1 || dropped(folded + start, n))
			continue;   /* initials, titles, suffixes */
		if (w + n + 2 > PERSONKEY_MAX)
			break;
		if (w > 0)
			out[w++] = ' ';
		memcpy(out + w, folded + start, n);
		w += n;
		out[w] = '\0';
	}
	return out;
}

bool
personkey_split(const char *display, char *first, char *last)
{
	char key[PERSONKEY_MAX];
	const char *sp = NULL;

	personkey_match(display, key);
	if ((sp = strchr(key, ' ')) == NULL)
		return false;
	memcpy(first, key, (size_t)(sp - key));
	first[sp - key] = '\0';
	strcpy(last, sp + 1);
	return first[0] != '\0' && last[0] != '\0';
}

/* Is w a whole-word part of s? */
static bool
word_part(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(s, w); p != NULL; p = strstr(p + 1, w))
		if ((p == s || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

bool
personkey_surname_match(const char *a, const char *b)
{
	if (a[0] == '\0' || b[0] == '\0')
		return false;
	return strcmp(a, b) == 0 || word_part(a, b) || word_part(b, a);
}

/* ---- the store key (see personkey.h for why it is not the match key) ---- */

char *
personkey_store(const char *name)
{
	char *key = xmalloc(strlen(name) + 1);
	size_t n = 0;
	bool gap = false;
	const unsigned char *p = NULL;

	for (p = (const unsigned char *)name; *p; p++) {
		if (isalnum(*p) || *p >= 0x80) {
			if (gap && n > 0)
				key[n++] = ' ';
			gap = false;
			key[n++] = (char)tolower(*p);
		} else {
			gap = true;
		}
	}
	key[n] = '\0';
	/* middle initials go: "julian r marchbanks" is "julian marchbanks",
	 * the same person as a page that leaves the initial out prints */
	{
		char *first_sp = strchr(key, ' '), *last_sp = strrchr(key, ' ');
		char *o = first_sp, *q = first_sp;

		while (first_sp != NULL && q < last_sp) {
			char *next = strchr(q + 1, ' ');   /* q is at a space */
			size_t wl = (size_t)(next - q - 1);

			if (wl > 1) {
				memmove(o, q, wl + 1);
				o += wl + 1;
			}
			q = next;
		}
		if (first_sp != NULL)
			memmove(o, last_sp, strlen(last_sp) + 1);
	}
	return key;
}
