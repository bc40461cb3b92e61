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

struct markup;
struct markup_person;

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
	unsigned char *negated;    /* per code: a sentence below it negates it */
	const struct rules_hits *hits;  /* those of blk */
	size_t blk_i;           /* index of blk in vis */
	bool caps;              /* the sentence being read is written in capitals */
	bool news;              /* a blog post, whose staff news alone is read */
	bool news_blk;          /* the current block is part of a blog post */
	bool news_said;         /* a sentence of it announced a new provider */
};

struct word {
	size_t s, n;     /* in the sentence */
};

/* A practitioner name with its suffixes, as read from a sentence. */
struct name_hit {
	char *name;               /* "Maria Lopez" */
	long codes[EXTRACT_MAX_SUFFIXES];
	size_t n_codes;
	size_t n_other;
	bool dr;
	size_t end_word;          /* first word after the suffixes */
};

/* A practitioner named in a sentence, and where. */
struct mention {
	int p;
	size_t start, end;
};

/* Whom a claim is said of: a practitioner's index into facts->practitioners
 * (>= 0), or one of these. */
enum subject {
	SUBJECT_CLINIC = -1,        /* nobody named: the clinic (fact_claim's -1) */
	SUBJECT_SOMEONE_ELSE = -2,  /* a person named only by a first name */
};

enum { CARD_BLOCK = 1, CARD_HEADING = 2 };

struct hits {
	long codes[64];
	size_t at[64], to[64];   /* where each was found in the sentence */
	size_t n;
	const char *s;
	size_t len;
	const struct rules *r;
	bool product_check;
	bool aside_check;
};

struct sent_ctx {
	struct ex *x;
	const char *text;
	int pass;
};

/* Is s[0..n) a part of the current block's text, whose hits are known? */
static inline bool
in_block(const struct ex *x, const char *s, size_t n)
{
	return x->hits != NULL && x->blk != NULL && s >= x->blk->text &&
	       s + n <= x->blk->text + x->blk->len;
}

/* ---- words and the block's scan (words.c) ---- */
/* True when s[0..n) matches filter f (from the block's scan when s lies
 * in the current block). */
bool ex_filter(const struct ex *x, enum rules_filter f, const char *s, size_t n);
void ex_scan(const struct ex *x, enum rules_set set, const char *s, size_t n, rules_hit_fn fn,
             void *arg);
bool ex_word(const struct ex *x, enum rules_words w, const char *s, size_t n);
long ex_specialty(const struct ex *x, const char *s, size_t n);
size_t split_words(const char *s, size_t n, struct word *w, size_t max);
bool is_name_word(const char *s, size_t n);
bool is_dr(const char *s, size_t n);
bool all_caps(const char *s, size_t n);
bool all_caps_word(const char *s, size_t n);
size_t trim_name(const char *s, size_t n);
size_t strip_punct(const char *s, size_t n);
long suffix_code(const struct ex *x, const char *s, size_t n);
bool starts_with_pronoun(const char *s, size_t n);
bool quoted_first_person(const char *s, size_t n);
bool is_question(const char *s, size_t n);

/* ---- people named (names.c) ---- */
bool read_name(const struct ex *x, const char *s, const struct word *w, size_t nw, size_t i,
               struct name_hit *h);
int add_practitioner(struct ex *x, const char *name, const char *role);
size_t mentions(const struct ex *x, const char *s, size_t n, struct mention *out, size_t max);
void pass1_sentence(void *arg, size_t start, size_t len);
bool bare_name(const struct ex *x, const char *s, size_t n);
int name_opening(struct ex *x, const char *s, size_t n, size_t first);
int name_line_above(struct ex *x);
int name_after(struct ex *x, const char *s, size_t n, size_t to);
int name_before(struct ex *x, const char *s, size_t at);
size_t suffix_only(const struct ex *x, const char *s, size_t n, long *codes, size_t max);
int surname_first(struct ex *x, const char *s, size_t n, long *codes, size_t *k);

/* ---- whom the text speaks of (subjects.c) ---- */
void card_heading(struct ex *x, const struct visible_block *b);
void section_close(struct ex *x);
void section_heading(struct ex *x, const struct visible_block *b, int pass);
bool news_skips(struct ex *x, const char *s, size_t n);
int implied_subject(struct ex *x, const char *s, size_t n, size_t first);
bool other_person(const char *s, size_t at);
int bind_hit(const char *s, const struct mention *m, size_t nm, size_t at, size_t to, bool after);
bool names_clinic(const struct ex *x, const char *s, size_t n);

/* ---- claims (claims.c) ---- */
void add_claim(struct ex *x, size_t code, int pract, const char *evidence, size_t n);
void drop_claims(struct page_facts *f, const unsigned char *drop);
void collect_hit(void *arg, size_t code, size_t start, size_t end);
void pass2_sentence(void *arg, size_t start, size_t len);
void markup_person(struct ex *x, const struct markup_person *mp);

/* ---- the clinic's name (clinic.c) ---- */
void clinic_name(struct ex *x, const struct markup *m);

/* ---- phones and places (places.c) ---- */
void set_phone(struct page_facts *f, const char *e164);
void tel_links(struct ex *x, xmlNodePtr n, int depth);
void places_in_block(struct ex *x, const struct visible_block *b);
void drop_unshown_markup_places(struct ex *x, size_t from, size_t to);
void places_in_lines(struct ex *x, size_t k);

#endif
