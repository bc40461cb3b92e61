/* markup.h: what a page says about itself in structured data: JSON-LD
 * (<script type="application/ld+json">) and microdata (itemscope,
 * itemtype, itemprop), read with the schema.org vocabulary. Extraction
 * turns it into facts; this layer only collects. */
#ifndef CD_MARKUP_H
#define CD_MARKUP_H
#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>
#include "common/facts.h"

#define MARKUP_MAX_JSONLD (1u << 20)   /* bytes of one JSON-LD script */
#define MARKUP_MAX_ITEMS  256          /* persons, locations, phones */
#define MARKUP_MAX_FIELD  2048         /* bytes of one text field, cleaned */
/* The evidence of what markup says: a few fields and words around them. */
#define MARKUP_MAX_EVIDENCE (4 * MARKUP_MAX_FIELD + 64)

struct markup_person {
	char *name;           /* as written, may carry "Dr." and suffixes */
	char *suffix;         /* honorificSuffix: "MD, FAAD" */
	char *job_title;
	char *specialty;      /* medicalSpecialty, names joined by ", " */
	char *credentials;    /* hasCredential names, joined by "; " */
	char *description;
};

struct markup {
	char *org_name;            /* name of the first clinic-type item */
	bool blog;                 /* a BlogPosting/Article item is the page */
	char **phones;             /* clinic telephones, E.164, in order */
	size_t n_phones;
	struct fact_location *locs;  /* addresses, with phone/geo when given */
	size_t n_locs;
	struct markup_person *persons;
	size_t n_persons;
	const struct address_re *address;   /* reads an address given as text */
};

struct address_re;

/* Collects JSON-LD then microdata from doc; an address given as one string
 * is read with the grammar address (rules_address; NULL: skipped). Never
 * fails; bad or oversized data is skipped. Release with markup_release. */
void markup_collect(xmlDocPtr doc, const struct address_re *address, struct markup *m);
void markup_release(struct markup *m);

#endif
