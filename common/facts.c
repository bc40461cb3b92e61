/* facts.c: the per-page fact lists that extraction fills and the index
 * stores (see facts.h). Every string is cleaned here, whatever the caller
 * did: valid UTF-8, no control characters, bounded length. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/facts.h"
#include "common/text.h"
#include "common/xalloc.h"

#define FACTS_MAX_FIELD 1024     /* bytes of any stored string */
#define FACTS_MAX_ITEMS 4096     /* entries of one list */

/* A new safe copy of s (NULL stays NULL): UTF-8 repaired, controls
 * removed, whitespace squashed, cut to FACTS_MAX_FIELD bytes. */
static char *
facts_clean(const char *s)
{
	return s != NULL ? text_clean_line(s, strlen(s), FACTS_MAX_FIELD) : NULL;
}

/* Replaces *p by its cleaned copy. */
static void
facts_clean_inplace(char **p)
{
	char *c = facts_clean(*p);

	free(*p);
	*p = c;
}

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

void
page_facts_init(struct page_facts *f)
{
	memset(f, 0, sizeof(*f));
}

static void
location_release(struct fact_location *l)
{
	free(l->street);
	free(l->city);
	free(l->state);
	free(l->zip);
	free(l->phone);
	free(l->evidence);
	memset(l, 0, sizeof(*l));
}

void
fact_claim_release(struct fact_claim *c)
{
	free(c->kind);
	free(c->code);
	free(c->evidence);
	memset(c, 0, sizeof(*c));
}

void
page_facts_release(struct page_facts *f)
{
	size_t i;

	free(f->clinic_name);
	free(f->clinic_phone);
	for (i = 0; i < f->n_locations; i++)
		location_release(&f->locations[i]);
	free(f->locations);
	for (i = 0; i < f->n_practitioners; i++) {
		free(f->practitioners[i].name);
		free(f->practitioners[i].role);
	}
	free(f->practitioners);
	for (i = 0; i < f->n_claims; i++)
		fact_claim_release(&f->claims[i]);
	free(f->claims);
	for (i = 0; i < f->n_roles; i++) {
		free(f->roles[i].code);
		free(f->roles[i].text);
		free(f->roles[i].evidence);
		free(f->roles[i].person);
	}
	free(f->roles);
	memset(f, 0, sizeof(*f));
}

int
page_facts_add_practitioner(struct page_facts *f, const char *name, const char *role)
{
	struct fact_practitioner *p = NULL;
	char *n = facts_clean(name);
	size_t i;

	if (n == NULL || n[0] == '\0') {
		free(n);
		return -1;
	}
	for (i = 0; i < f->n_practitioners; i++) {
		p = &f->practitioners[i];
		if (strcasecmp(p->name, n) == 0) {
			/* same person: keep the first role, fill a missing one */
			if (p->role == NULL && role != NULL && role[0] != '\0')
				p->role = facts_clean(role);
			free(n);
			return (int)i;
		}
	}
	if (f->n_practitioners >= FACTS_MAX_ITEMS) {
		free(n);
		return -1;
	}
	f->practitioners = xreallocarray(f->practitioners, f->n_practitioners + 1,
	                                 sizeof(*f->practitioners));
	p = &f->practitioners[f->n_practitioners];
	p->name = n;
	n = NULL; /* transferred */
	p->role = (role != NULL && role[0] != '\0') ? facts_clean(role) : NULL;
	return (int)f->n_practitioners++;
}

int
page_facts_add_claim(struct page_facts *f, const char *kind, const char *code,
                     int practitioner, const char *evidence)
{
	struct fact_claim *c = NULL;
	size_t i;

	if (kind == NULL || code == NULL)
		return -1;
	if (practitioner < -1 || practitioner >= (int)f->n_practitioners)
		practitioner = -1;
	for (i = 0; i < f->n_claims; i++) {
		c = &f->claims[i];
		if (c->practitioner == practitioner && strcmp(c->kind, kind) == 0 &&
		    strcmp(c->code, code) == 0)
			return (int)i;   /* the first evidence wins */
	}
	if (f->n_claims >= FACTS_MAX_ITEMS)
		return -1;
	f->claims = xreallocarray(f->claims, f->n_claims + 1, sizeof(*f->claims));
	c = &f->claims[f->n_claims];
	c->kind = facts_clean(kind);
	c->code = facts_clean(code);
	c->practitioner = practitioner;
	c->evidence = facts_clean(evidence != NULL ? evidence : "");
	return (int)f->n_claims++;
}

/* The identity of an address: lower-case letters and digits of the street
 * with "suite"/"ste" folded, and the five-digit ZIP. With a ZIP, the
 * house number and the ZIP alone: one building written two ways on one
 * page ("1940 116th Avenue Northeast, Suite 201" in JSON-LD, "1940 116th
 * Ave NE #201" in the footer) is one place. */
static char *
location_key(const struct fact_location *l)
{
	const char *s = l->street != NULL ? l->street : "";
	size_t n = strlen(s), i, o = 0;
	char *k = xmalloc(n + 16);

	if (n == 0 && l->zip == NULL && l->city != NULL) {
		/* a town named without an address: its name and state */
		k = xrealloc(k, strlen(l->city) + 24);
		for (i = 0; l->city[i] != '\0'; i++)
			if (isalnum((unsigned char)l->city[i]))
				k[o++] = (char)tolower((unsigned char)l->city[i]);
		k[o] = '\0';
		strcat(k, "||");
		strcat(k, l->state != NULL ? l->state : "");
		return k;
	}
	if (l->zip != NULL && strlen(l->zip) >= 5 && isdigit((unsigned char)s[0])) {
		for (i = 0; i < n && s[i] != ' '; i++)
			if (isalnum((unsigned char)s[i]))
				k[o++] = (char)tolower((unsigned char)s[i]);
		k[o++] = '|';
		memcpy(k + o, l->zip, 5);
		k[o + 5] = '\0';
		return k;
	}

	for (i = 0; i < n; i++) {
		if (strncasecmp(s + i, "suite", 5) == 0) {
			i += 4;
			continue;
		}
		if (strncasecmp(s + i, "ste", 3) == 0 &&
		    (i + 3 >= n || !isalpha((unsigned char)s[i + 3])) &&
		    (i == 0 || !isalpha((unsigned char)s[i - 1]))) {
			i += 2;
			continue;
		}
		if (isalnum((unsigned char)s[i]))
			k[o++] = (char)tolower((unsigned char)s[i]);
	}
	k[o++] = '|';
	if (l->zip != NULL)
		for (i = 0; l->zip[i] != '\0' && i < 5; i++)
			k[o++] = l->zip[i];
	k[o] = '\0';
	return k;
}

int
page_facts_add_location(struct page_facts *f, struct fact_location *loc)
{
	struct fact_location *l = NULL;
	char *key = NULL, *k2 = NULL;
	int ret = -1;
	size_t i;

	facts_clean_inplace(&loc->street);
	facts_clean_inplace(&loc->city);
	facts_clean_inplace(&loc->state);
	facts_clean_inplace(&loc->zip);
	facts_clean_inplace(&loc->phone);
	facts_clean_inplace(&loc->evidence);
	key = location_key(loc);
	for (i = 0; i < f->n_locations; i++) {
		l = &f->locations[i];
		k2 = location_key(l);
		if (strcmp(key, k2) == 0) {
			/* the same place again: fill what the first lacked */
			if (l->phone == NULL && loc->phone != NULL) {
				l->phone = loc->phone;
				loc->phone = NULL;
			}
			if (!l->has_geo && loc->has_geo) {
				l->has_geo = true;
				l->lat = loc->lat;
				l->lon = loc->lon;
			}
			if (l->city == NULL && loc->city != NULL) {
				l->city = loc->city;
				loc->city = NULL;
			}
			if (l->state == NULL && loc->state != NULL) {
				l->state = loc->state;
				loc->state = NULL;
			}
			if (l->zip != NULL && loc->zip != NULL &&
			    strlen(loc->zip) > strlen(l->zip) && !str_eq(l->zip, loc->zip)) {
				free(l->zip);
				l->zip = loc->zip;
				loc->zip = NULL;
			}
			free(k2);
			location_release(loc);
			ret = (int)i;
			goto out;
		}
		free(k2);
	}
	if (f->n_locations >= FACTS_MAX_ITEMS) {
		location_release(loc);
		goto out;
	}
	f->locations = xreallocarray(f->locations, f->n_locations + 1, sizeof(*f->locations));
	f->locations[f->n_locations] = *loc;
	memset(loc, 0, sizeof(*loc)); /* transferred */
	ret = (int)f->n_locations++;
out:
	free(key);
	return ret;
}

int
page_facts_add_role(struct page_facts *f, int practitioner, const char *code,
                    const char *text, const char *evidence)
{
	struct fact_role *r = NULL;
	size_t i;

	if (code == NULL || practitioner < -1 || practitioner >= (int)f->n_practitioners)
		return -1;
	for (i = 0; i < f->n_roles; i++)
		if (f->roles[i].practitioner == practitioner && f->roles[i].person == NULL &&
		    strcmp(f->roles[i].code, code) == 0)
			return (int)i;   /* the first evidence wins */
	if (f->n_roles >= FACTS_MAX_ITEMS)
		return -1;
	f->roles = xreallocarray(f->roles, f->n_roles + 1, sizeof(*f->roles));
	r = &f->roles[f->n_roles];
	r->practitioner = practitioner;
	r->code = facts_clean(code);
	r->text = facts_clean(text != NULL ? text : "");
	r->evidence = facts_clean(evidence != NULL ? evidence : "");
	r->person = NULL;
	return (int)f->n_roles++;
}

int
page_facts_add_person_role(struct page_facts *f, const char *person, const char *code,
                           const char *text, const char *evidence)
{
	struct fact_role *r = NULL;
	size_t i;

	if (person == NULL || person[0] == '\0' || code == NULL)
		return -1;
	for (i = 0; i < f->n_roles; i++)
		if (f->roles[i].person != NULL && strcmp(f->roles[i].person, person) == 0 &&
		    strcmp(f->roles[i].code, code) == 0)
			return (int)i;   /* the first evidence wins */
	if (f->n_roles >= FACTS_MAX_ITEMS)
		return -1;
	f->roles = xreallocarray(f->roles, f->n_roles + 1, sizeof(*f->roles));
	r = &f->roles[f->n_roles];
	r->practitioner = -1;
	r->code = facts_clean(code);
	r->text = facts_clean(text != NULL ? text : "");
	r->evidence = facts_clean(evidence != NULL ? evidence : "");
	r->person = facts_clean(person);
	return (int)f->n_roles++;
}
