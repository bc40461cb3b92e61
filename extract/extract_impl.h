/* extract_impl.h: what the files of extraction share (internal to
 * extract/): the page being read (struct ex) and whom its text speaks of
 * (struct ex_subjects), caps and text windows, and the entries of each
 * part. */
#ifndef CD_EXTRACT_IMPL_H
#define CD_EXTRACT_IMPL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
/* A brand is no claim when the ASIDE_BEFORE bytes before it say it is
 * spoken of ("the needle-free alternative to Kybella"); a credential is
 * someone else's when the OTHER_PERSON_BEFORE bytes before it relate
 * the subject to them ("under the supervision of our nurse practitioner");
 * a name binds to a credential after it across at most LIGHT_GAP_MAX
 * bytes of gap words ("Dr. Lopez is a board-certified ..."). */
#define ASIDE_BEFORE        48
#define OTHER_PERSON_BEFORE 48
#define LIGHT_GAP_MAX       40
/* Names: a name word ("Ann-Marie") has at most NAME_WORD_MAX bytes, a
 * line that is only a name ("Hannah Lee") at most NAME_LINE_MAX, the
 * given names under "SMITH, RN" at most GIVEN_NAMES_MAX; a role after a
 * dash ("Alan Mercer, MD — Medical Director") at most ROLE_AFTER_MAX.
 * NAME_BUF_MAX holds any name so read. */
#define NAME_WORD_MAX   40
/* A name is NAME_MIN_WORDS to NAME_MAX_WORDS words, title and suffixes
 * aside; at most NAME_SCAN_WORDS are read for one, and of a longer run
 * ("Meet Our Doctor Maria Lopez") its last NAME_NEAR_WORDS; a name
 * written around a credential ("nurse practitioner Lauren Pryor") or
 * the given names over "SMITH, RN" have at most NAME_NEAR_WORDS. */
#define NAME_MIN_WORDS  2
#define NAME_MAX_WORDS  4
#define NAME_SCAN_WORDS 6
#define NAME_NEAR_WORDS 3
#define NAME_LINE_MAX   60
#define GIVEN_NAMES_MAX 40
#define ROLE_AFTER_MAX  80
/* A card's line "Brooke, LE - Licensed Esthetician" (a given name, her
 * suffixes, her role) is read as such up to this many bytes. */
#define GIVEN_NAME_LINE_MAX 80
#define NAME_BUF_MAX    256
/* "Julian Marchbanks" looked for as "Julian R. Marchbanks": first and
 * last name, space and NUL, in at most FIRST_LAST_MAX bytes. */
#define FIRST_LAST_MAX  128
/* A sentence is written in capitals from this many upper-case letters
 * on, none in lower case ("MEET OUR TEAM WHO DO IT ALL"). */
#define CAPS_MIN_LETTERS 12
/* Codes of one set found in one sentence; more are not read. */
#define EXTRACT_MAX_HITS 64
/* The clinic's name: at most CLINIC_NAME_MAX bytes kept, of a <title>
 * at most TITLE_READ_MAX read, split in at most TITLE_MAX_PARTS parts;
 * a name shorter than CLINIC_NAME_MIN is not looked for in sentences
 * (a one-word name is too easily a common word). */
#define CLINIC_NAME_MAX 200
#define CLINIC_NAME_MIN 6
#define TITLE_READ_MAX  4096
#define TITLE_MAX_PARTS 16
/* A navigation block this short is a menu item ("Botox"), read for the
 * service it names; a longer one is not read for services. */
#define EXTRACT_MENU_ITEM_MAX 60
/* No position in a text (as rules_hits_filter_at's SIZE_MAX). */
#define NOWHERE SIZE_MAX

/* Whom a claim, sentence, card or section speaks of: a practitioner's
 * index into facts->practitioners (>= 0), or one of these. */
enum subject {
	SUBJECT_NONE = -1,          /* nobody named */
	SUBJECT_CLINIC = -1,        /* as a claim's subject: the clinic (fact_claim's -1) */
	SUBJECT_SOMEONE_ELSE = -2,  /* a person named only by a first name */
};

/* What the page's kind (its path, its markup) lets it claim. */
struct ex_scope {
	bool blog;         /* advice, reviews, job offers, courses: nothing claimed */
	bool news;         /* a blog post, whose staff news alone is read */
	bool shop;         /* products, not services */
	bool education;    /* a condition or education page: services said by "we" */
};

/* The page being read, and the block and sentence being read in it: what
 * every part of extraction reads (places.c too). f is the output. */
struct ex {
	const struct rules *r;
	const struct html_doc *d;
	struct page_facts *f;           /* what the page claims, filled as read */
	struct visible_page vis;
	struct rules_hits *block_hits;  /* per block: its one scan */
	char *title;                    /* the page's <title>, cleaned; owned */
	struct ex_scope scope;
	const struct visible_block *blk;  /* the block being read, or NULL */
	size_t blk_i;                   /* index of blk in vis */
	const struct rules_hits *hits;  /* those of blk */
	bool news_blk;                  /* blk is part of a blog post */
	bool caps;                      /* the sentence being read is in capitals */
	unsigned char *former;          /* per practitioner: said to be retired or gone */
};

/* Per card of the page (visible_block.card): whom it is about. */
struct ex_cards {
	int *pract;                  /* its practitioner, or SUBJECT_NONE */
	char **name;                 /* a bare name heading or first line, or NULL */
	unsigned char *seen;         /* CARD_BLOCK | CARD_HEADING read (pass 1) */
	unsigned char *placeholder;  /* it holds theme filler text */
	unsigned char *negated;      /* a line of it says its item is not offered */
};

/* The section under the last heading: whom it speaks of, and which codes
 * a sentence under it negated. */
struct ex_section {
	const char *text;        /* the heading's text (pass 2), or NULL */
	char *name;              /* the heading when only a name, or NULL; owned */
	int pract;               /* the practitioner it names, or SUBJECT_NONE */
	int card;                /* the card of the heading */
	int blocks;              /* blocks read since the heading */
	bool silent;             /* it is over people of other practices
	                          * ("Referring partners") or what is not offered
	                          * ("Coming soon"): the blocks under it claim nothing */
	unsigned char *negated;  /* per code: a sentence below it negates it */
	bool any_negated;        /* a code of negated[] is set */
};

/* Whom the text being read speaks of when a sentence names nobody. */
struct ex_subjects {
	struct ex_cards cards;
	struct ex_section sec;
	int last_pract;          /* the last person named in the block, or SUBJECT_NONE */
	bool news_said;          /* a sentence of the block announced a new provider */
	int news_pract;          /* whom it announced, or SUBJECT_NONE */
};

/* A word of a sentence: where it starts and its length. */
struct word {
	size_t s, n;
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

/* What pass 1 has read of a card (struct ex_cards.seen). */
enum { CARD_BLOCK = 1, CARD_HEADING = 2 };

/* The codes of one set found in a sentence s[0..len) (collect_hit fills
 * it): a brand followed by a product word, or spoken of as an aside
 * before it, is no hit when asked. */
struct hits {
	long codes[EXTRACT_MAX_HITS];
	size_t at[EXTRACT_MAX_HITS], to[EXTRACT_MAX_HITS];   /* where each was found in the sentence */
	size_t n;
	const char *s;
	size_t len;
	const struct rules *r;
	bool product_check;
	bool aside_check;
};

/* Makes h empty, for s[0..len): without zeroing its arrays, which only
 * n entries of are read (this runs for every sentence). */
static inline void
hits_init(struct hits *h, const struct rules *r, const char *s, size_t len, bool product_check,
          bool aside_check)
{
	h->n = 0;
	h->s = s;
	h->len = len;
	h->r = r;
	h->product_check = product_check;
	h->aside_check = aside_check;
}

/* What a pass hands visible_sentences' callback: the block's text. */
struct sent_ctx {
	struct ex *x;
	struct ex_subjects *who;
	const char *text;
};

/* Is s[0..n) a part of the current block's text, whose hits are known? */
static inline bool
in_block(const struct ex *x, const char *s, size_t n)
{
	return x->hits != NULL && x->blk != NULL && s >= x->blk->text &&
	       s + n <= x->blk->text + x->blk->len;
}

/* True when s[0..n) is a word of list w (from the block's scan when s
 * lies in the current block). */
static inline bool
ex_word(const struct ex *x, enum rules_words w, const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (in_block(x, s, n)) {
		size_t at = (size_t)(s - x->blk->text);
		return rules_hits_word(x->r, x->hits, w, at, at + n);
	}
	return rules_word(x->r, w, s, n);
}

/* Length of word s[0..n) without trailing , ; : ) */
static inline size_t
strip_punct(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':' || s[n - 1] == ')'))
		n--;
	return n;
}

/* ---- words and the block's scan (words.c) ---- */
/* True when s[0..n) matches filter f (from the block's scan when s lies
 * in the current block). */
bool ex_filter(const struct ex *x, enum rules_filter f, const char *s, size_t n);
void ex_scan(const struct ex *x, enum rules_set set, const char *s, size_t n, rules_hit_fn fn,
             void *arg);
long ex_specialty(const struct ex *x, const char *s, size_t n);
size_t split_words(const char *s, size_t n, struct word *w, size_t max);
bool is_name_word(const char *s, size_t n);
bool is_dr(const char *s, size_t n);
bool all_caps(const char *s, size_t n);
bool all_caps_word(const char *s, size_t n);
size_t trim_name(const char *s, size_t n);
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
/* Is s[0..n) a line that is a name, after a title and before a comma
 * and suffixes or not ("Dr. Jordan Smith, MD", "Jane Doe")? */
bool name_line(const struct ex *x, const char *s, size_t n);
int name_opening(struct ex *x, const char *s, size_t n, size_t first);
int name_line_above(struct ex *x);
int name_after(struct ex *x, const char *s, size_t n, size_t to);
int name_before(struct ex *x, const char *s, size_t at);
size_t suffix_only(const struct ex *x, const char *s, size_t n, long *codes, size_t max);
int surname_first(struct ex *x, const char *s, size_t n, long *codes, size_t *k);

/* ---- whom the text speaks of (subjects.c) ---- */
void card_heading(const struct ex *x, struct ex_cards *cards, const struct visible_block *b);
void section_close(const struct ex *x, struct ex_section *sec);
void section_heading(const struct ex *x, struct ex_section *sec, const struct visible_block *b,
                     int pass);
bool news_skips(const struct ex *x, struct ex_subjects *who, const char *s, size_t n);
int implied_subject(struct ex *x, struct ex_subjects *who, const char *s, size_t n, size_t first);
bool other_person(const char *s, size_t at);
int bind_hit(const char *s, const struct mention *m, size_t nm, size_t at, size_t to, bool after);
bool names_clinic(const struct ex *x, const char *s, size_t n);

/* ---- claims (claims.c) ---- */
void add_claim(struct ex *x, size_t code, int pract, const char *evidence, size_t n);
void drop_claims(struct page_facts *f, const unsigned char *drop);
void collect_hit(void *arg, size_t code, size_t start, size_t end);
void count_hit(void *arg, size_t code, size_t start, size_t end);
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
void places_towns(struct ex *x);

#endif
