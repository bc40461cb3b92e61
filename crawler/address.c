/* address.c: US street addresses and phone numbers found with two pcre2
 * patterns compiled once (see address.h). */
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
#include "crawler/address.h"
#include "crawler/regex_jit.h"

/* Number, street words ending in a suffix, an optional unit, city, state,
 * ZIP. Street and city words are capitalised; suffix and unit words any case. */
static const char address_re[] =
	"(?<![\\p{L}\\p{N}-])"
	"(?<num>\\d{1,6}[A-Za-z]?(?:-\\d{1,5})?)\\s+"
	"(?<street>"
	  "(?:(?:[NSEW]\\.?|North|South|East|West|Old)\\s+)?"
	  "(?:(?:\\p{Lu}[\\p{L}\\d'’.-]*|\\d{1,3}(?:st|nd|rd|th)|[A-Z]{1,2}-?\\d{1,4})\\s+){0,5}?"
	  "(?i:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Parkway|Pkwy"
	  "|Highway|Hwy|Court|Ct|Place|Pl|Circle|Cir|Trail|Trl|Square|Sq|Terrace|Ter|Plaza"
	  "|Plz|Loop|Pike|Freeway|Fwy|Expressway|Expy|Crossing|Xing|Row|Alley|Path|Walk"
	  "|Commons|Point|Pt|Turnpike|Tpke|Broadway|Causeway|Cswy|Mall)\\.?"
	  "(?:\\s+(?:[NSEW]{1,2}|North|South|East|West)\\b\\.?)?"
	")"
	"(?:,?\\s*(?<unit>(?i:Suite|Ste\\.?|Unit|Apt\\.?|Bldg\\.?|Building|Floor|Fl\\.?|Room|Rm\\.?)"
	  "\\s*#?\\s*[\\p{L}\\d-]{1,8}|#\\s*[\\p{L}\\d-]{1,8}))?"
	"(?:\\s*[,·|•–—]\\s*|\\s+)"
	"(?<city>\\p{Lu}[\\p{L}.'’-]*(?:\\s+\\p{Lu}[\\p{L}.'’-]*){0,3}),\\s*"
	"(?<state>[A-Z]{2})\\.?,?\\s+"
	"(?<zip>\\d{5}(?:-\\d{4})?)(?![\\d-])";

/* NANP: area code and exchange begin with 2-9; a separator or brackets
 * are required so long digit runs are not read as phones. */
static const char phone_re[] =
	"(?<![\\w+.-])(?:\\+?1[\\s.-]?)?"
	"(?:\\(\\s*(?<a1>[2-9]\\d{2})\\s*\\)\\s?|(?<a2>[2-9]\\d{2})[\\s.-])"
	"(?<x>[2-9]\\d{2})[\\s.-](?<l>\\d{4})(?![\\w-])";

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pcre2_code *addr_code;
static pcre2_code *phone_code;

static void
compile_once(void)
{
	int ec = 0;
	PCRE2_SIZE off = 0;

	addr_code = pcre2_compile((PCRE2_SPTR)address_re, PCRE2_ZERO_TERMINATED,
	                          PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	phone_code = pcre2_compile((PCRE2_SPTR)phone_re, PCRE2_ZERO_TERMINATED,
	                           PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	regex_jit(addr_code);
	regex_jit(phone_code);
}

bool
address_state_valid(const char *st)
{
	const char *code = states_code(st);

	/* as addresses write them: upper case */
	return code != NULL && strcmp(code, st) == 0;
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

static bool
has_digits(const char *s, size_t n, size_t want)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < want; i++)
		if (s[i] >= '0' && s[i] <= '9')
			k++;
	return k >= want;
}

size_t
address_find(const char *s, size_t n, struct fact_location *out, size_t max)
{
	pcre2_match_data *md = NULL;
	PCRE2_SIZE *ov = NULL;
	size_t k = 0, off = 0;
	char *num = NULL, *street = NULL, *unit = NULL, *city = NULL, *state = NULL;

	if (max == 0 || !has_digit_run(s, n, 5))
		return 0;
	pthread_once(&once, compile_once);
	if (addr_code == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(addr_code, NULL);
	while (k < max && off < n &&
	       pcre2_match(addr_code, (PCRE2_SPTR)s, n, off, 0, md, NULL) >= 0) {
		ov = pcre2_get_ovector_pointer(md);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		state = group(addr_code, md, s, "state");
		if (!address_state_valid(state)) {
			free(state);
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
		out[k].state = state;
		out[k].zip = group(addr_code, md, s, "zip");
		out[k].evidence = xstrndup(s + ov[0], ov[1] - ov[0]);
		k++;
		free(num);
		free(street);
		free(unit);
		city = state = NULL; /* transferred */
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
