/* address.c: US street addresses and phone numbers found with two pcre2
 * patterns: the address one assembled from the street words of the rules
 * file when it is loaded, the phone one compiled once (see address.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <pcre2.h>
#include "common/buf.h"
#include "common/states.h"
#include "common/xalloc.h"
#include "extract/address.h"
#include "extract/regex_jit.h"

/* The words of a US street address: the grammar below is assembled from
 * the word lists of the rules file ("places"."address", data/RULES.md)
 * and from the one table of states (common/states.c). */

/* Spellings of a state that are not its name or code, as patterns. */
static const struct { const char *re, *code; } state_spellings[] = {
	{ "D\\.C\\.", "DC" }, { "Hawai[ʻ'’]?i", "HI" },
	{ NULL, NULL },
};

const char *const address_word_names[ADDRESS_W_N] = {
	"street_types", "street_leads", "route_leads", "route_words", "route_codes", "unit_words",
	"provinces",
};

struct address_re {
	pcre2_code *code;
};

/* Appends the words of list l as an alternation; -1 past the cap. */
static int
alternation(struct buf *b, const struct address_words *w, enum address_word_list l)
{
	for (size_t i = 0; i < w->n[l]; i++)
		if (buf_printf(b, "%s%s", i > 0 ? "|" : "", w->words[l][i]) != 0)
			return -1;
	return 0;
}

/* Number, street, optional units, city, state, ZIP. The street is one of:
 * capitalised words ending in a type word ("W 57th St", "Main Street
 * North", "Peachtree Rd NE"); a leading word and its name ("Camino
 * Real", "Calle de la Paz"); a numbered route ("US Highway 290 W"); a
 * grid street ("E 500 S", Utah). House numbers may be fractional
 * ("1234 1/2"), hyphenated ("91-1234", Hawaii) or grid ("N12W34567",
 * Wisconsin). The state is its code or its name, the city capitalised.
 * NULL when the words make it longer than ADDRESS_PATTERN_MAX: every
 * append is checked, as a pattern cut short would compile to another
 * grammar or fail far from its cause. */
static char *
address_pattern(const struct address_words *w)
{
	struct buf b = BUF_INIT;
	static const char dir[] =
		"(?:[NSEW]\\.?[NSEW]?\\.?|North|South|East|West|Northeast|Northwest|Southeast"
		"|Southwest|NORTH|SOUTH|EAST|WEST)";
	static const char name_word[] =
		"(?:\\p{Lu}[\\p{L}\\d'’.-]*|\\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH)|[A-Z]{1,2}-?\\d{1,4})";
	static const char unit_id[] =
		"#?\\s*(?:\\d[\\p{L}\\d-]{0,7}|\\p{L}(?:-?\\d{1,5})?(?![\\p{L}\\d]))"
		"(?:\\s*(?:&|and|/|,)\\s*#?\\s*(?:\\d[\\p{L}\\d-]{0,7}|\\p{Lu}(?![\\p{L}\\d])))?";

	buf_init(&b, ADDRESS_PATTERN_MAX);
	if (buf_puts(&b, "(?<![\\p{L}\\p{N}-])"
	             "(?<num>(?:[NSEW]\\d{1,6}\\s?[NSEW]\\d{1,6}|\\d{1,3}[NSEW]\\s\\d{1,5}(?=\\s+\\p{Lu})|\\d{1,6}[A-Za-z]?(?:-\\d{1,5}[A-Za-z]?)?)"
	             "(?:\\s+1/[234]|\\s*[½¼¾])?)\\s+"
	             "(?<street>") != 0)
		goto full;
	/* a numbered route */
	if (buf_printf(&b, "(?:(?:%s|Old)\\s+)?", dir) != 0)
		goto full;
	if (buf_puts(&b, "(?:(?:(?:") != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_ROUTE_LEADS) != 0)
		goto full;
	if (buf_puts(&b, ")\\s+)?(?i:") != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_ROUTE_WORDS) != 0)
		goto full;
	if (buf_puts(&b, ")\\s*-?\\s*|(?:") != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_ROUTE_CODES) != 0)
		goto full;
	if (buf_puts(&b, ")\\s?-?\\s?)\\d{1,4}[A-Z]?(?![\\p{L}\\d])"
	             "(?:\\s+(?i:Road|Rd|Highway|Hwy|Parkway|Pkwy|Boulevard|Blvd)\\.?(?![\\p{L}\\d]))?") != 0)
		goto full;
	if (buf_printf(&b, "(?:\\s+%s(?![\\p{L}\\d]))?", dir) != 0)
		goto full;
	/* a leading word */
	if (buf_printf(&b, "|(?:%s\\s+)?(?:El\\s+)?(?:", dir) != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_STREET_LEADS) != 0)
		goto full;
	if (buf_puts(&b, ")(?:\\s+(?:(?:de|del|la|las|los|el|of|the|y)\\s+){0,2}\\p{Lu}[\\p{L}'’.-]*){1,4}") != 0)
		goto full;
	/* a grid street */
	if (buf_puts(&b, "|(?:[NSEW]\\.?|North|South|East|West)\\s+\\d{1,5}\\s+"
	             "(?:[NSEW]\\.?|North|South|East|West)(?![\\p{L}\\d])") != 0)
		goto full;
	/* words and a type */
	if (buf_printf(&b, "|(?:(?:%s|Old)\\s+)?(?:%s\\s+(?:(?:de|del|la|las|los|du|le|of|the)\\s+){0,2}){0,5}?(?i:",
	               dir, name_word) != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_STREET_TYPES) != 0)
		goto full;
	if (buf_printf(&b, ")\\.?(?:\\s+%s(?![\\p{L}\\d]))?", dir) != 0)
		goto full;
	if (buf_puts(&b, ")") != 0)
		goto full;
	/* units: "Suite 300", "Ste 100 & 200", "Building B, Suite 4", "2nd Floor" */
	if (buf_puts(&b, "(?:\\s*[,|·•–—]?\\s*(?<unit>(?:(?:(?i:") != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_UNIT_WORDS) != 0)
		goto full;
	if (buf_printf(&b, ")\\s*%s|#\\s*[\\p{L}\\d-]{1,8}|\\d{1,2}(?i:st|nd|rd|th)\\s+(?i:Floor|Fl\\.?)"
	               "|(?i:First|Second|Third|Fourth|Fifth|Ground|Lower|Upper)\\s+(?i:Floor|Level))"
	               "(?:\\s*[,|·•–—]?\\s*(?:(?i:", unit_id) != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_UNIT_WORDS) != 0)
		goto full;
	if (buf_printf(&b, ")\\s*%s|#\\s*[\\p{L}\\d-]{1,8}|\\d{1,2}(?i:st|nd|rd|th)\\s+(?i:Floor|Fl\\.?)))?)))?",
	               unit_id) != 0)
		goto full;
	/* the city, which never begins with a unit or a street type ("969 Vale
	 * Terrace Dr. Suite B Vista" is not in the town "Dr. Suite B Vista");
	 * a comma before the state, or none ("Austin TX 78701") */
	if (buf_puts(&b, "(?:\\s*[,·|•–—]\\s*|\\s+)"
	             "(?<city>(?!(?i:Suites?|Ste|Unit|Apt|Bldg|Building|Floor|Fl|Room|Rm|Dr|Ave|Rd"
	             "|Blvd|Ln|Ct|Pkwy|Hwy|Cir|Pl|Ter|Trl|Drive|Avenue|Road|Boulevard|Lane|Court"
	             "|Parkway|Highway)\\b)"
	             "(?:\\p{Lu}|d['’]\\p{Lu})[\\p{L}.'’-]*"
	             "(?:\\s+(?:(?:de|del|la|las|los|el|on|of|d['’]|au|du)\\s*)?\\p{Lu}[\\p{L}.'’-]*){0,3})"
	             "(?:\\s*,\\s*|\\s+)"
	             "(?:(?<state>[A-Z]{2}|(?i:") != 0)
		goto full;
	for (size_t i = 0; states_table[i].code != NULL; i++) {
		if (i > 0 && buf_puts(&b, "|") != 0)
			goto full;
		for (const char *c = states_table[i].name; *c; c++)   /* "U.S. Virgin Islands" */
			if (buf_printf(&b, "%s%c", *c == '.' ? "\\" : "", *c) != 0)
				goto full;
	}
	for (size_t i = 0; state_spellings[i].re != NULL; i++)
		if (buf_printf(&b, "|%s", state_spellings[i].re) != 0)
			goto full;
	if (buf_puts(&b, "))(?![\\p{L}])\\.?(?:\\s*[,·|•–—]\\s*|\\s+)"
	             "(?<zip>\\d{5}(?:-\\d{4})?)(?![\\d-])") != 0)
		goto full;
	/* abroad, with no US state guessed: a Canadian province and postal
	 * code ("Richmond, BC V6Y 2B3"), a British postcode after the town
	 * ("London W1G 8AS") */
	if (buf_puts(&b, "|(?<prov>") != 0)
		goto full;
	if (alternation(&b, w, ADDRESS_W_PROVINCES) != 0)
		goto full;
	/* or its name, read as its code ("Ottawa, Ontario K2P 1L4") */
	for (size_t i = 0; provinces_table[i].code != NULL; i++)
		if (buf_printf(&b, "|(?i:%s)", provinces_table[i].name) != 0 ||
		    (provinces_table[i].name_fr != NULL &&
		     buf_printf(&b, "|(?i:%s)", provinces_table[i].name_fr) != 0))
			goto full;
	if (buf_puts(&b, ")(?![\\p{L}])\\.?(?:\\s*,\\s*|\\s+)"
	             "(?<postal>[ABCEGHJ-NPRSTVXY]\\d[A-Z]\\s?\\d[A-Z]\\d)(?![\\p{L}\\d])"
	             "|(?<ukpost>[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2})(?![\\p{L}\\d]))") != 0)
		goto full;
	return buf_detach(&b);
full:
	buf_release(&b);
	return NULL;
}

/* NANP: area code and exchange begin with 2-9; a separator or brackets
 * are required so long digit runs are not read as phones. */
static const char phone_re[] =
	"(?<![\\w+.-])(?:\\+?1[\\s.-]?)?"
	"(?:\\(\\s*(?<a1>[2-9]\\d{2})\\s*\\)\\s?|(?<a2>[2-9]\\d{2})[\\s.-])"
	"(?<x>[2-9]\\d{2})[\\s.-](?<l>\\d{4})(?![\\w-])";

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pcre2_code *phone_code;

static void
compile_once(void)
{
	int ec = 0;
	PCRE2_SIZE off = 0;

	phone_code = pcre2_compile((PCRE2_SPTR)phone_re, PCRE2_ZERO_TERMINATED,
	                           PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	regex_jit(phone_code);
}

int
address_compile(const struct address_words *w, const char *name, struct address_re **out,
                struct cd_error *err)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off = 0;
	int ec = 0;
	char *src = NULL;
	pcre2_code *code = NULL;

	*out = NULL;
	for (int l = 0; l < ADDRESS_W_N; l++)
		if (w->n[l] == 0)
			return cd_error_set(err, CD_EPARSE, "%s: places.address.%s: an empty list",
			                    name, address_word_names[l]);
	if ((src = address_pattern(w)) == NULL)
		return cd_error_set(err, CD_EPARSE, "%s: places.address: the street words make the "
		                    "address pattern longer than its cap of %d bytes "
		                    "(ADDRESS_PATTERN_MAX)", name, ADDRESS_PATTERN_MAX);
	code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
	                     &ec, &off, NULL);
	free(src);
	if (code == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		return cd_error_set(err, CD_EPARSE, "%s: places.address: the words make a bad "
		                    "pattern: %s", name, (char *)msg);
	}
	regex_jit(code);
	*out = xcalloc(1, sizeof(**out));
	(*out)->code = code;
	return 0;
}

void
address_re_free(struct address_re *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	free(re);
}

bool
address_state_valid(const char *st)
{
	const char *code = states_code(st);

	/* as addresses write them: upper case */
	return code != NULL && strcmp(code, st) == 0;
}

/* Letters of a and b equal, ignoring case and everything else ("D.C." is
 * "DC", "Hawaiʻi" is "Hawaii"). */
static bool
same_letters(const char *a, const char *b)
{
	for (;;) {
		while (*a != '\0' && !isalpha((unsigned char)*a))
			a++;
		while (*b != '\0' && !isalpha((unsigned char)*b))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
}

const char *
address_state_code(const char *s)
{
	char up[3];
	size_t i, n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n == 2 || (n == 3 && s[2] == '.')) {
		up[0] = (char)toupper((unsigned char)s[0]);
		up[1] = (char)toupper((unsigned char)s[1]);
		up[2] = '\0';
		return states_code(up);
	}
	for (i = 0; states_table[i].code != NULL; i++)
		if (same_letters(s, states_table[i].name))
			return states_table[i].code;
	for (i = 0; state_spellings[i].re != NULL; i++)   /* "D.C." */
		if (same_letters(s, state_spellings[i].code))
			return state_spellings[i].code;
	return NULL;
}

/* A copy of the named group, or NULL when it did not take part. */
static char *
group(const pcre2_code *re, pcre2_match_data *md, const char *s, const char *name)
{
	int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (g < 0 || ov[2 * g] == PCRE2_UNSET)
		return NULL;
	return xstrndup(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

/* Drops trailing dots and commas, and the comma before a unit. */
static char *
tidy(char *s)
{
	size_t n = strlen(s), i, o;

	while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ' '))
		s[--n] = '\0';
	for (i = 0, o = 0; i < n; i++) {
		if (s[i] == ',')
			continue;
		if (s[i] == ' ' && o > 0 && s[o - 1] == ' ')
			continue;
		s[o++] = s[i];
	}
	s[o] = '\0';
	return s;
}

/* Cheap tests before a regex runs over a block: an address ends in a
 * five-digit ZIP, a phone has ten digits. Most blocks have neither. */
static bool
has_digit_run(const char *s, size_t n, size_t run)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++k >= run)
				return true;
		} else {
			k = 0;
		}
	}
	return false;
}

/* A Canadian ("V6Y 2B3") or British ("W1G 8AS") postcode has a digit
 * followed by a capital letter. */
static bool
has_postcode(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] >= '0' && s[i] <= '9' && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
			return true;
	return false;
}

static bool
has_digits(const char *s, size_t n, size_t want)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < want; i++)
		if (s[i] >= '0' && s[i] <= '9')
			k++;
	return k >= want;
}

/* A postcode abroad as written, in capitals with one space before its
 * last three characters ("v6y2b3" is "V6Y 2B3"); takes p. */
static char *
postal_code(char *p)
{
	size_t n, o = 0;
	char c[16];

	if (p == NULL)
		return NULL;
	for (n = 0; p[n] != '\0' && o + 2 < sizeof c; n++)
		if (!isspace((unsigned char)p[n]))
			c[o++] = (char)toupper((unsigned char)p[n]);
	free(p);
	if (o < 5)
		return NULL;
	memmove(c + o - 2, c + o - 3, 3);
	c[o - 3] = ' ';
	c[o + 1] = '\0';
	return xstrdup(c);
}

size_t
address_find(const struct address_re *re, const char *s, size_t n, struct fact_location *out,
             size_t max)
{
	pcre2_match_data *md = NULL;
	PCRE2_SIZE *ov = NULL;
	size_t k = 0, off = 0;
	char *num = NULL, *street = NULL, *unit = NULL, *city = NULL, *state = NULL, *zip = NULL;
	const char *code = NULL;

	const pcre2_code *addr_code = re != NULL ? re->code : NULL;

	if (max == 0 || addr_code == NULL || (!has_digit_run(s, n, 5) && !has_postcode(s, n)))
		return 0;
	md = pcre2_match_data_create_from_pattern(addr_code, NULL);
	while (k < max && off < n &&
	       pcre2_match(addr_code, (PCRE2_SPTR)s, n, off, 0, md, NULL) >= 0) {
		ov = pcre2_get_ovector_pointer(md);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		state = group(addr_code, md, s, "state");
		if (state != NULL) {
			code = address_state_code(state);
			zip = group(addr_code, md, s, "zip");
			/* a ZIP the state never uses: another country's postcode
			 * after a word that reads as a state ("Casablanca, MA
			 * 20250") */
			if (code != NULL && !states_zip_fits(code, zip))
				code = NULL;
		} else if ((state = group(addr_code, md, s, "prov")) != NULL) {
			/* the province's code ("BC" as written, "ON" for
			 * "Ontario"), not one whose postal codes begin otherwise */
			code = provinces_code(state) != NULL ? provinces_code(state) : state;
			zip = postal_code(group(addr_code, md, s, "postal"));
			if (zip != NULL && provinces_code(code) != NULL &&
			    !provinces_postal_fits(code, zip))
				code = NULL;
		} else {
			code = "";      /* no state or province: the UK */
			zip = postal_code(group(addr_code, md, s, "ukpost"));
		}
		if (code == NULL || zip == NULL) {
			free(state);
			state = NULL;
			free(zip);
			zip = NULL;
			/* retry just after the number: a later match may be real */
			off = ov[0] + 1;
			continue;
		}
		num = group(addr_code, md, s, "num");
		street = group(addr_code, md, s, "street");
		unit = group(addr_code, md, s, "unit");
		city = group(addr_code, md, s, "city");
		memset(&out[k], 0, sizeof(out[k]));
		out[k].street = unit != NULL ? xasprintf("%s %s %s", num, street, unit)
		                             : xasprintf("%s %s", num, street);
		tidy(out[k].street);
		out[k].city = tidy(city);
		out[k].state = code[0] != '\0' ? xstrdup(code) : NULL;
		free(state);
		state = NULL;
		out[k].zip = zip;
		zip = NULL; /* transferred */
		out[k].evidence = xstrndup(s + ov[0], ov[1] - ov[0]);
		k++;
		free(num);
		free(street);
		free(unit);
		city = NULL; /* transferred */
	}
	pcre2_match_data_free(md);
	return k;
}

size_t
address_find_phones(const char *s, size_t n, char **out, size_t max)
{
	pcre2_match_data *md = NULL;
	PCRE2_SIZE *ov = NULL;
	size_t k = 0, off = 0;

	if (max == 0 || !has_digits(s, n, 10))
		return 0;
	pthread_once(&once, compile_once);
	if (phone_code == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(phone_code, NULL);
	while (k < max && off < n &&
	       pcre2_match(phone_code, (PCRE2_SPTR)s, n, off, 0, md, NULL) >= 0) {
		char *a = NULL, *x = NULL, *l = NULL;

		ov = pcre2_get_ovector_pointer(md);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		if ((a = group(phone_code, md, s, "a1")) == NULL)
			a = group(phone_code, md, s, "a2");
		x = group(phone_code, md, s, "x");
		l = group(phone_code, md, s, "l");
		if (a != NULL && x != NULL && l != NULL)
			out[k++] = xasprintf("+1%s%s%s", a, x, l);
		free(a);
		free(x);
		free(l);
	}
	pcre2_match_data_free(md);
	return k;
}

char *
address_phone_e164(const char *s)
{
	char d[16];
	size_t n = 0, i;

	if (strncasecmp(s, "tel:", 4) == 0)
		s += 4;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '%' && s[i + 1] == '2' && s[i + 2] == '0') {
			i += 2;   /* an encoded space */
		} else if (isdigit((unsigned char)s[i])) {
			if (n >= 11)
				return NULL;
			d[n++] = s[i];
		} else if (s[i] == ';' || s[i] == '?' || s[i] == ',') {
			break;   /* tel:...;ext=12, pauses */
		} else if (strchr(" +-.()/\t", s[i]) == NULL) {
			return NULL;
		}
	}
	d[n] = '\0';
	if (n == 11 && d[0] == '1') {
		memmove(d, d + 1, 11);
		n = 10;
	}
	if (n != 10 || d[0] < '2' || d[3] < '2')
		return NULL;
	return xasprintf("+1%s", d);
}
