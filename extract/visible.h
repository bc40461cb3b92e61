/* visible.h: the text a visitor sees on a page, as blocks (headings,
 * paragraphs, list items, cells, image alt text) with where each sits
 * (navigation, a team "card", a blog post), and sentence splitting. */
#ifndef CD_VISIBLE_H
#define CD_VISIBLE_H
#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#define VISIBLE_MAX_BLOCK  (64u * 1024)  /* longer blocks are dropped */
#define VISIBLE_MAX_BLOCKS 20000

enum {
	VISIBLE_HEADING = 1 << 0,  /* h1-h6 */
	VISIBLE_NAV = 1 << 1,      /* inside nav, header, footer, role=navigation */
	VISIBLE_ALT = 1 << 2,      /* an img alt text */
	VISIBLE_LIST = 1 << 3,     /* a list item */
	VISIBLE_BLOG = 1 << 4,     /* inside a blog post (article.blog*, BlogPosting) */
	VISIBLE_PERSON = 1 << 5,   /* the card is a person's (team, provider, bio...) */
	VISIBLE_QUOTE = 1 << 6,    /* a testimonial: blockquote, q, .review, .testimonial */
	VISIBLE_ARCHIVE = 1 << 7,  /* a list of blog categories, tags or archives */
	VISIBLE_LINK = 1 << 8,     /* one link of a navigation menu, a block of its own */
};

struct visible_block {
	char *text;     /* whitespace squashed, valid UTF-8, never empty */
	size_t len;
	unsigned flags;
	int card;       /* nearest enclosing card (0, 1, ...) or VISIBLE_NO_CARD */
};
#define VISIBLE_NO_CARD (-1)

struct visible_page {
	struct visible_block *blocks;
	size_t n;
	int n_cards;
	size_t cap;     /* blocks allocated */
};

/* Collects the visible blocks of doc, skipping script, style, noscript,
 * template, head, comments and hidden elements. Release with
 * visible_release. */
void visible_collect(xmlDocPtr doc, struct visible_page *out);
void visible_release(struct visible_page *p);

/* Calls fn for each sentence of s[0..n) (start and length in s; leading
 * and trailing spaces excluded). Splits after . ! ? followed by a space
 * and a capital, or at the end; not after "Dr.", "M.D.", "St.", initials
 * and the like. */
typedef void (*visible_sentence_fn)(void *arg, size_t start, size_t len);
void visible_sentences(const char *s, size_t n, visible_sentence_fn fn, void *arg);

/* Is block i the only block of its card? Page builders class each line
 * of a team card ("team-person-name", "team-person-position",
 * "provider-given") as a card of its own: neighbouring lone cards are
 * lines of one card whose own element no class marks. */
bool visible_lone_card(const struct visible_page *p, size_t i);

/* Case-insensitive: does attribute/class value v contain word w? */
int visible_class_has(const char *v, const char *w);

#endif
