/* facts.h: what one page claims, as extraction hands it to the index.
 * Every string is owned by the struct (malloc'd, valid UTF-8, free of
 * control characters, bounded) and freed by page_facts_release(). */
#ifndef CD_FACTS_H
#define CD_FACTS_H
#include <stddef.h>
#include <stdbool.h>

struct fact_location {
	char *street;   /* "1200 Congress Ave Suite 300", or NULL */
	char *city;
	char *state;    /* two-letter USPS code, upper case */
	char *zip;      /* "78701" or "78701-1234" */
	char *phone;    /* E.164 "+15125550100", or NULL */
	bool has_geo;   /* lat/lon from markup (JSON-LD geo, microdata) */
	double lat, lon;
	char *evidence; /* the text the address was read from */
};

struct fact_practitioner {
	char *name;     /* display name without prefix/suffixes: "Maria Lopez" */
	char *role;     /* "Board-certified dermatologist", or NULL */
};

struct fact_claim {
	char *kind;         /* "credential" or "service" */
	char *code;         /* a code from the rules file */
	int practitioner;   /* index into practitioners[], or -1: the clinic */
	char *evidence;     /* the sentence the claim was read from */
};

/* A role the site gives a practitioner ("Medical Director"), or, with
 * practitioner -1, a statement the clinic makes about medical oversight
 * or who treats ("under the supervision of Dr. Reyes"). Codes are those
 * of rules.json "roles" and "oversight" (extract/roles.h). */
struct fact_role {
	int practitioner;   /* index into practitioners[], or -1: the clinic */
	char *code;
	char *text;         /* the words as the site says them */
	char *evidence;     /* the sentence */
	/* with practitioner -1, the person whose role it is when the
	 * directory does not list her (staff the site gives no credential:
	 * an office manager, a founder); NULL for the clinic's statements */
	char *person;
};

/* Clinic name sources, best last: a better source replaces a worse one. */
enum fact_name_rank {
	FACT_NAME_NONE = 0,
	FACT_NAME_TITLE = 1,     /* <title> of the page */
	FACT_NAME_OG = 2,        /* og:site_name */
	FACT_NAME_MARKUP = 3,    /* JSON-LD / microdata name of the clinic */
};

struct page_facts {
	char *clinic_name;
	int clinic_name_rank;   /* enum fact_name_rank */
	char *clinic_phone;     /* E.164 or NULL */
	struct fact_location *locations;
	size_t n_locations;
	struct fact_practitioner *practitioners;
	size_t n_practitioners;
	struct fact_claim *claims;
	size_t n_claims;
	struct fact_role *roles;
	size_t n_roles;
};

void page_facts_init(struct page_facts *f);
void page_facts_release(struct page_facts *f);
/* Frees what one claim owns (for a caller dropping it from the array). */
void fact_claim_release(struct fact_claim *c);
/* Adders copy their string arguments. They skip exact duplicates and
 * return the index of the (new or existing) entry. */
int page_facts_add_practitioner(struct page_facts *f, const char *name, const char *role);
int page_facts_add_claim(struct page_facts *f, const char *kind, const char *code,
                         int practitioner, const char *evidence);
/* One role or statement per practitioner and code: the first evidence. */
int page_facts_add_role(struct page_facts *f, int practitioner, const char *code,
                        const char *text, const char *evidence);
/* One role per unlisted person (see struct fact_role) and code. */
int page_facts_add_person_role(struct page_facts *f, const char *person, const char *code,
                               const char *text, const char *evidence);
/* Takes ownership of the strings inside loc (the struct itself is copied). */
int page_facts_add_location(struct page_facts *f, struct fact_location *loc);

#endif
