/* states.c: the US states and territories (see states.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/states.h"

/* Each state with the first three digits of its ZIP codes (USPS ZIP3
 * prefixes, ranges inclusive; a few cross-border and IRS prefixes such as
 * MA 055 and NY 063 included): an address whose ZIP does not fit its state
 * is not a US one ("Casablanca, MA 20250") or not read right. */
const struct us_state states_table[] = {
	{ "AL", "Alabama", "350-369" },
	{ "AK", "Alaska", "995-999" },
	{ "AZ", "Arizona", "850-865" },
	{ "AR", "Arkansas", "716-729" },
	{ "CA", "California", "900-961" },
	{ "CO", "Colorado", "800-816" },
	{ "CT", "Connecticut", "060-069" },
	{ "DE", "Delaware", "197-199" },
	{ "DC", "District of Columbia", "200-205 569" },
	{ "FL", "Florida", "320-349" },
	{ "GA", "Georgia", "300-319 398-399" },
	{ "HI", "Hawaii", "967-968" },
	{ "ID", "Idaho", "832-838" },
	{ "IL", "Illinois", "600-629" },
	{ "IN", "Indiana", "460-479" },
	{ "IA", "Iowa", "500-528" },
	{ "KS", "Kansas", "660-679" },
	{ "KY", "Kentucky", "400-427" },
	{ "LA", "Louisiana", "700-714" },
	{ "ME", "Maine", "039-049" },
	{ "MD", "Maryland", "206-219" },
	{ "MA", "Massachusetts", "010-027 055" },
	{ "MI", "Michigan", "480-499" },
	{ "MN", "Minnesota", "550-567" },
	{ "MS", "Mississippi", "386-397" },
	{ "MO", "Missouri", "630-658" },
	{ "MT", "Montana", "590-599" },
	{ "NE", "Nebraska", "680-693" },
	{ "NV", "Nevada", "889-898" },
	{ "NH", "New Hampshire", "030-038" },
	{ "NJ", "New Jersey", "070-089" },
	{ "NM", "New Mexico", "870-884" },
	{ "NY", "New York", "005 063 100-149" },
	{ "NC", "North Carolina", "270-289" },
	{ "ND", "North Dakota", "580-588" },
	{ "OH", "Ohio", "430-459" },
	{ "OK", "Oklahoma", "730-749" },
	{ "OR", "Oregon", "970-979" },
	{ "PA", "Pennsylvania", "150-196" },
	{ "RI", "Rhode Island", "028-029" },
	{ "SC", "South Carolina", "290-299" },
	{ "SD", "South Dakota", "570-577" },
	{ "TN", "Tennessee", "370-385" },
	{ "TX", "Texas", "733 750-799 885" },
	{ "UT", "Utah", "840-847" },
	{ "VT", "Vermont", "050-059" },
	{ "VA", "Virginia", "201 220-246" },
	{ "WA", "Washington", "980-994" },
	{ "WV", "West Virginia", "247-268" },
	{ "WI", "Wisconsin", "530-549" },
	{ "WY", "Wyoming", "820-831 834" },
	/* territories with their own USPS code, NPPES addresses and boards */
	{ "PR", "Puerto Rico", "006-007 009" },
	{ "GU", "Guam", "969" },
	{ "VI", "U.S. Virgin Islands", "008" },
	{ "AS", "American Samoa", "967" },
	{ "MP", "Northern Mariana Islands", "969" },
	{ NULL, NULL, NULL },
};

const char *
states_code(const char *s)
{
	if (s == NULL || strlen(s) != 2)
		return NULL;
	for (size_t i = 0; states_table[i].code != NULL; i++)
		if (toupper((unsigned char)s[0]) == states_table[i].code[0] &&
		    toupper((unsigned char)s[1]) == states_table[i].code[1])
			return states_table[i].code;
	return NULL;
}

const char *
states_code_of_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; states_table[i].code != NULL; i++)
		if (strcasecmp(name, states_table[i].name) == 0)
			return states_table[i].code;
	return NULL;
}

bool
states_zip_fits(const char *code, const char *zip)
{
	int z3;

	if (code == NULL || zip == NULL || !isdigit((unsigned char)zip[0]) ||
	    !isdigit((unsigned char)zip[1]) || !isdigit((unsigned char)zip[2]))
		return false;
	z3 = (zip[0] - '0') * 100 + (zip[1] - '0') * 10 + (zip[2] - '0');
	for (size_t i = 0; states_table[i].code != NULL; i++) {
		const char *p = states_table[i].zips;

		if (strcmp(states_table[i].code, code) != 0)
			continue;
		while (*p != '\0') {
			char *end = NULL;
			long lo = strtol(p, &end, 10), hi = lo;

			if (*end == '-')
				hi = strtol(end + 1, &end, 10);
			if (z3 >= lo && z3 <= hi)
				return true;
			p = end;
			while (*p == ' ')
				p++;
		}
		return false;
	}
	return false;
}

const struct ca_province provinces_table[] = {
	{ "AB", "Alberta", NULL, "T" },
	{ "BC", "British Columbia", "Colombie-Britannique", "V" },
	{ "MB", "Manitoba", NULL, "R" },
	{ "NB", "New Brunswick", "Nouveau-Brunswick", "E" },
	{ "NL", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador", "A" },
	{ "NS", "Nova Scotia", "Nouvelle-\xC3\x89" "cosse", "B" },
	{ "NT", "Northwest Territories", "Territoires du Nord-Ouest", "X" },
	{ "NU", "Nunavut", NULL, "X" },
	{ "ON", "Ontario", NULL, "KLMNP" },
	{ "PE", "Prince Edward Island", "\xC3\x8Ele-du-Prince-\xC3\x89" "douard", "C" },
	{ "QC", "Quebec", "Qu\xC3\xA9" "bec", "GHJ" },
	{ "SK", "Saskatchewan", NULL, "S" },
	{ "YT", "Yukon", NULL, "Y" },
	{ NULL, NULL, NULL, NULL },
};

const char *
provinces_code(const char *s)
{
	if (s == NULL)
		return NULL;
	for (size_t i = 0; provinces_table[i].code != NULL; i++) {
		const struct ca_province *p = &provinces_table[i];

		if (strcasecmp(s, p->code) == 0 || strcasecmp(s, p->name) == 0 ||
		    (p->name_fr != NULL && strcasecmp(s, p->name_fr) == 0))
			return p->code;
	}
	return NULL;
}

bool
provinces_postal(const char *s, char out[8])
{
	char c[6];
	size_t o = 0;

	if (s == NULL)
		return false;
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == ' ' || ch == '-')
			continue;
		if (o == sizeof c || !isalnum(ch) || ((o % 2 == 0) != (isalpha(ch) != 0)))
			return false;
		c[o++] = (char)toupper(ch);
	}
	/* no D, F, I, O, Q or U anywhere, no W or Z first (Canada Post) */
	if (o != sizeof c || strchr("WZ", c[0]) != NULL)
		return false;
	for (size_t i = 0; i < o; i += 2)
		if (strchr("DFIOQU", c[i]) != NULL)
			return false;
	memcpy(out, c, 3);
	out[3] = ' ';
	memcpy(out + 4, c + 3, 3);
	out[7] = '\0';
	return true;
}

bool
provinces_postal_fits(const char *code, const char *postal)
{
	if (code == NULL || postal == NULL || postal[0] == '\0')
		return false;
	for (size_t i = 0; provinces_table[i].code != NULL; i++)
		if (strcmp(provinces_table[i].code, code) == 0)
			return strchr(provinces_table[i].letters,
			              toupper((unsigned char)postal[0])) != NULL;
	return false;
}

const char *
provinces_of_postal(const char *postal)
{
	const char *found = NULL;

	if (postal == NULL || postal[0] == '\0')
		return NULL;
	for (size_t i = 0; provinces_table[i].code != NULL; i++)
		if (strchr(provinces_table[i].letters, toupper((unsigned char)postal[0])) != NULL) {
			if (found != NULL)
				return NULL;
			found = provinces_table[i].code;
		}
	return found;
}
