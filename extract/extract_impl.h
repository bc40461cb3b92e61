/* extract_impl.h: what the files of extraction share (internal to
 * extract/): the state of one page being read (struct ex), its caps and
 * text windows, and the entries of each part. */
#ifndef CD_EXTRACT_IMPL_H
#define CD_EXTRACT_IMPL_H
#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>
#include "common/facts.h"
#include "extract/extract.h"
#include "extract/rules_match.h"
#include "extract/visible.h"

#define EXTRACT_MAX_EVIDENCE 500
#define EXTRACT_MAX_PRACT    200     /* practitioners per page */
#define EXTRACT_MAX_WORDS    256     /* words of a sentence looked at */
#define EXTRACT_MAX_SUFFIXES 8
#define EXTRACT_MAX_SUBJECTS 8
#define EXTRACT_MAX_PHONES   16
/* The longest page URL read for its host (as crawler/url.h's URL_MAX_LEN). */
#define PAGE_URL_MAX 2048
/* Text windows around a hit, in bytes: the specialty a "board-certified"
 * names lies in SPECIALTY_BEFORE bytes before it to SPECIALTY_AFTER after
 * ("board-certified in dermatology"); a places.host word ("located
 * inside") makes the facility named after it the clinic's own host within
 * PLACE_HOST_BEFORE bytes. */
#define SPECIALTY_BEFORE  40
#define SPECIALTY_AFTER   80
#define PLACE_HOST_BEFORE 80

struct ex {
	const struct rules *r;
	const struct html_doc *d;
	struct page_facts *f;
	struct visible_page vis;
	bool blog;              /* the whole page is a blog post */
	int *card_pract;        /* per card: practitioner or -1 */
	char **card_name;       /* per card: a bare name heading, or NULL */
	const struct visible_block *blk;
	int last_pract;         /* last practitioner named in this block */
	struct rules_hits *block_hits;  /* per block: its one scan */
	bool shop;              /* a shop page: products, not services */
	bool education;         /* a condition or education page: services said by "we" */
	unsigned char *card_seen; /* per card: CARD_BLOCK | CARD_HEADING read (pass 1) */
	char *section_name;     /* the name heading the blocks below it, or NULL */
	int section_pract;      /* the practitioner a heading names, or -1 */
	int section_card;       /* the card of that heading */
	int section_blocks;     /* blocks read since that heading */
	const char *section_text;  /* the last heading's text (pass 2) */
	bool any_negated;       /* a code of negated[] is set */
	bool section_silent;    /* that heading is over people of other practices
	                         * ("Referring partners") or what is not offered
	                         * ("Coming soon"): the blocks under it claim nothing */
	char *title;            /* the page's <title>, cleaned; owned */
	unsigned char *card_placeholder; /* per card: it holds theme filler text */
	unsigned char *card_negated; /* per card: a line of it says its item is not offered */
	unsigned char *negated;    /* per code: a sentence below it negates it */
	const struct rules_hits *hits;  /* those of blk */
	size_t blk_i;           /* index of blk in vis */
	bool caps;              /* the sentence being read is written in capitals */
	bool news;              /* a blog post, whose staff news alone is read */
	bool news_blk;          /* the current block is part of a blog post */
	bool news_said;         /* a sentence of it announced a new provider */
	unsigned char *former;  /* per practitioner: said to be retired or gone */
};

/* True when s[0..n) matches filter f (from the block's scan when s lies
 * in the current block). extract.c. */
bool ex_filter(const struct ex *x, enum rules_filter f, const char *s, size_t n);

/* ---- phones and places (places.c) ---- */
void set_phone(struct page_facts *f, const char *e164);
void tel_links(struct ex *x, xmlNodePtr n, int depth);
void places_in_block(struct ex *x, const struct visible_block *b);
void drop_unshown_markup_places(struct ex *x, size_t from, size_t to);
void places_in_lines(struct ex *x, size_t k);
void places_towns(struct ex *x);

#endif
