/* orgkey.h: organisation names and street addresses reduced to keys that
 * say "the same business at the same place", for matching the LEIE's
 * organisation records (BUSNAME, ADDRESS, ZIP) to clinics. Built on the
 * folding of the person keys (common/personkey.h). */
#ifndef CD_ORGKEY_H
#define CD_ORGKEY_H
#include <stdbool.h>

#define ORGKEY_MAX 128

/* The key of a business name: folded as personkey_fold does, legal forms
 * ("LLC", "PLLC", "P.A.", "Inc.", "Corp."), "the", "and"/"&" and "dba"
 * dropped, and the remaining words joined without spaces, so "Hudson Skin
 * & Laser" and "HUDSON SKIN AND LASER, PLLC" meet at "hudsonskinlaser" and
 * "Bluebonnet Med Spa" and "BLUEBONNET MEDSPA LLC" at "bluebonnetmedspa".
 * Writes at most ORGKEY_MAX bytes with the NUL; returns out ("" when
 * nothing is left). */
char *orgkey_name(const char *name, char *out);

/* The house number a street line begins with ("1200 W 38TH ST" gives
 * "1200", "88-10 Queens Blvd" "88-10"), into out (at most 16 bytes with the
 * NUL). False when the line does not begin with a digit. */
bool orgkey_street_number(const char *street, char out[16]);

#endif
