/* orgkey.c: business names and house numbers as keys (see orgkey.h). */
#include <ctype.h>
#include <string.h>
#include "common/orgkey.h"
#include "common/personkey.h"

/* Words of a business name that say its legal form or join it, not who
 * it is: the one table of them. */
static const char *const org_drop_words[] = {
	"llc", "pllc", "lllp", "llp", "lp", "pc", "pa", "psc", "sc", "inc", "incorporated",
	"corp", "corporation", "co", "company", "ltd", "limited", "the", "and", "dba", "aka",
	NULL,
};

static bool
org_dropped(const char *w, size_t n)
{
	for (size_t i = 0; org_drop_words[i] != NULL; i++)
		if (strlen(org_drop_words[i]) == n && memcmp(org_drop_words[i], w, n) == 0)
			return true;
	return false;
}

char *
orgkey_name(const char *name, char *out)
{
	char folded[ORGKEY_MAX * 2], word[ORGKEY_MAX * 2];
	size_t i = 0, o = 0;

	personkey_fold(name, folded, sizeof folded);
	out[0] = '\0';
	while (folded[i] != '\0') {
		size_t start = 0, n = 0;

		while (folded[i] == ' ')
			i++;
		start = i;
		while (folded[i] != '\0' && folded[i] != ' ')
			i++;
		if ((n = i - start) == 0)
			break;
		memcpy(word, folded + start, n);
		/* one-letter words in a row read as one: "P.A." is "pa",
		 * "L.L.C." "llc" */
		while (i - start == 1 && folded[i] == ' ' && folded[i + 1] != '\0' &&
		       folded[i + 1] != ' ' && (folded[i + 2] == ' ' || folded[i + 2] == '\0')) {
			word[n++] = folded[i + 1];
			i += 2;
			start = i - 1;    /* the letter just taken: another may follow */
		}
		word[n] = '\0';
		if (org_dropped(word, n))
			continue;
		if (o + n + 1 > ORGKEY_MAX)
			break;
		memcpy(out + o, word, n);
		o += n;
		out[o] = '\0';
	}
	return out;
}

bool
orgkey_street_number(const char *street, char out[16])
{
	const char *p = street != NULL ? street : "";
	size_t n = 0;

	out[0] = '\0';
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	while (n < 15 && (isdigit((unsigned char)p[n]) || (p[n] == '-' && isdigit((unsigned char)p[n + 1]))))
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}
