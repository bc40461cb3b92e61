/* states.c: the US states and territories (see states.h). */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include "common/states.h"

const struct us_state states_table[] = {
	{ "AL", "Alabama" }, { "AK", "Alaska" }, { "AZ", "Arizona" }, { "AR", "Arkansas" },
	{ "CA", "California" }, { "CO", "Colorado" }, { "CT", "Connecticut" },
	{ "DE", "Delaware" }, { "DC", "District of Columbia" }, { "FL", "Florida" },
	{ "GA", "Georgia" }, { "HI", "Hawaii" }, { "ID", "Idaho" }, { "IL", "Illinois" },
	{ "IN", "Indiana" }, { "IA", "Iowa" }, { "KS", "Kansas" }, { "KY", "Kentucky" },
	{ "LA", "Louisiana" }, { "ME", "Maine" }, { "MD", "Maryland" },
	{ "MA", "Massachusetts" }, { "MI", "Michigan" }, { "MN", "Minnesota" },
	{ "MS", "Mississippi" }, { "MO", "Missouri" }, { "MT", "Montana" },
	{ "NE", "Nebraska" }, { "NV", "Nevada" }, { "NH", "New Hampshire" },
	{ "NJ", "New Jersey" }, { "NM", "New Mexico" }, { "NY", "New York" },
	{ "NC", "North Carolina" }, { "ND", "North Dakota" }, { "OH", "Ohio" },
	{ "OK", "Oklahoma" }, { "OR", "Oregon" }, { "PA", "Pennsylvania" },
	{ "RI", "Rhode Island" }, { "SC", "South Carolina" }, { "SD", "South Dakota" },
	{ "TN", "Tennessee" }, { "TX", "Texas" }, { "UT", "Utah" }, { "VT", "Vermont" },
	{ "VA", "Virginia" }, { "WA", "Washington" }, { "WV", "West Virginia" },
	{ "WI", "Wisconsin" }, { "WY", "Wyoming" },
	/* territories with their own USPS code, NPPES addresses and boards */
	{ "PR", "Puerto Rico" }, { "GU", "Guam" }, { "VI", "U.S. Virgin Islands" },
	{ "AS", "American Samoa" }, { "MP", "Northern Mariana Islands" },
	{ NULL, NULL },
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
