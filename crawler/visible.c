/* visible.c: the visible text of a page as blocks, and sentences (see
 * visible.h). A block is the text directly inside one block-level
 * element; inline elements (a, span, strong, br) join their text into it. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/visible.h"

#define VISIBLE_MAX_DEPTH 256

struct walk {
	struct visible_page *page;
	struct buf text;
	bool overflow;      /* the current block passed VISIBLE_MAX_BLOCK */
	unsigned flags;     /* of the block the buffered text belongs to */
	int card;
};

static const char *skip_tags[] = {
	"script", "style", "noscript", "template", "head", "svg", "math", "iframe",
	"object", "embed", "select", "textarea", "canvas", "audio", "video", NULL,
};

static const char *block_tags[] = {
	"address", "article", "aside", "blockquote", "body", "caption", "dd", "details",
	"dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
	"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
	"pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
	"ul", "html", "legend", "menu", NULL,
};

/* Card classes: the first ones mark a person's card. */
static const char *person_card_words[] = {
	"team", "provider", "staff", "member", "bio", "doctor", "physician",
	"practitioner", "profile", NULL,
};

static bool
in_list(const char *name, const char **list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcasecmp(name, list[i]) == 0)
			return true;
	return false;
}

int
visible_class_has(const char *v, const char *w)
{
	return v != NULL && strcasestr(v, w) != NULL;
}

/* An attribute value as a string the caller frees, or NULL. */
static char *
attr(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static bool
is_hidden(xmlNodePtr n)
{
	char *v = NULL, *sq = NULL;
	bool hidden = false;
	size_t i, o;

	if (xmlHasProp(n, (const xmlChar *)"hidden") != NULL)
		return true;
	if ((v = attr(n, "aria-hidden")) != NULL) {
		hidden = strcasecmp(v, "true") == 0;
		xmlFree(v);
		if (hidden)
			return true;
	}
	if ((v = attr(n, "style")) != NULL) {
		/* "display : none" with any spacing */
		sq = xstrdup(v);
		for (i = 0, o = 0; sq[i] != '\0'; i++)
			if (!isspace((unsigned char)sq[i]))
				sq[o++] = (char)tolower((unsigned char)sq[i]);
		sq[o] = '\0';
		hidden = strstr(sq, "display:none") != NULL ||
		         strstr(sq, "visibility:hidden") != NULL;
		free(sq);
		xmlFree(v);
	}
	return hidden;
}

/* Ends the buffered block: squashes it and stores it when non-empty. */
static void
flush(struct walk *w)
{
	struct visible_page *p = w->page;
	char *clean = NULL, *sq = NULL;

	if (w->text.len > 0 && !w->overflow && p->n < VISIBLE_MAX_BLOCKS) {
		clean = text_utf8_clean(w->text.data, w->text.len);
		sq = text_squash_space(clean);
		if (sq[0] != '\0') {
			p->blocks = xreallocarray(p->blocks, p->n + 1, sizeof(*p->blocks));
			p->blocks[p->n].text = sq;
			p->blocks[p->n].len = strlen(sq);
			p->blocks[p->n].flags = w->flags;
			p->blocks[p->n].card = w->card;
			p->n++;
			sq = NULL; /* transferred */
		}
	}
	free(clean);
	free(sq);
	buf_reset(&w->text);
	w->overflow = false;
}

static void
add_text(struct walk *w, const char *s, size_t n)
{
	if (w->overflow)
		return;
	if (buf_append(&w->text, s, n) < 0)
		w->overflow = true;
}

/* Flags and card an element gives to what is inside it. */
static void
element_context(struct walk *w, xmlNodePtr n, unsigned *flags, int *card)
{
	const char *name = (const char *)n->name;
	char *cls = attr(n, "class"), *role = attr(n, "role"), *itype = attr(n, "itemtype");
	size_t i;

	if (strcasecmp(name, "nav") == 0 || strcasecmp(name, "header") == 0 ||
	    strcasecmp(name, "footer") == 0 ||
	    (role != NULL && (strcasecmp(role, "navigation") == 0 ||
	                      strcasecmp(role, "banner") == 0 ||
	                      strcasecmp(role, "contentinfo") == 0 ||
	                      strcasecmp(role, "menu") == 0)))
		*flags |= VISIBLE_NAV;
	if (visible_class_has(itype, "BlogPosting") || visible_class_has(itype, "NewsArticle") ||
	    (strcasecmp(name, "article") == 0 &&
	     (visible_class_has(cls, "blog") || visible_class_has(cls, "post") ||
	      visible_class_has(cls, "news"))))
		*flags |= VISIBLE_BLOG;
	if (strcasecmp(name, "blockquote") == 0 || strcasecmp(name, "q") == 0 ||
	    visible_class_has(cls, "testimonial") || visible_class_has(cls, "review") ||
	    visible_class_has(cls, "quote"))
		*flags |= VISIBLE_QUOTE;
	if (cls != NULL) {
		bool person = false;

		for (i = 0; person_card_words[i] != NULL; i++)
			if (visible_class_has(cls, person_card_words[i]))
				person = true;
		if (person || visible_class_has(cls, "card")) {
			*card = w->page->n_cards++;
			if (person)
				*flags |= VISIBLE_PERSON;
			else
				*flags &= ~(unsigned)VISIBLE_PERSON;
		}
	}
	xmlFree(cls);
	xmlFree(role);
	xmlFree(itype);
}

static void
walk_node(struct walk *w, xmlNodePtr n, unsigned flags, int card, int depth)
{
	xmlNodePtr c = NULL;
	const char *name = NULL;
	bool block;
	char *alt = NULL;

	if (depth > VISIBLE_MAX_DEPTH)
		return;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				add_text(w, (const char *)c->content, strlen((const char *)c->content));
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || c->name == NULL)
			continue;   /* comments, processing instructions */
		name = (const char *)c->name;
		if (in_list(name, skip_tags) || is_hidden(c))
			continue;
		if (strcasecmp(name, "br") == 0) {
			add_text(w, " ", 1);
			continue;
		}
		if (strcasecmp(name, "img") == 0) {
			if ((alt = attr(c, "alt")) != NULL && alt[0] != '\0') {
				/* alt text is a block of its own; keep the buffered one */
				struct walk aw = { w->page, BUF_INIT, false, flags | VISIBLE_ALT, card };

				buf_init(&aw.text, VISIBLE_MAX_BLOCK);
				add_text(&aw, alt, strlen(alt));
				flush(&aw);
				buf_release(&aw.text);
			}
			xmlFree(alt);
			alt = NULL;
			continue;
		}
		block = in_list(name, block_tags);
		if (!block) {
			walk_node(w, c, flags, card, depth + 1);
			continue;
		}
		{
			unsigned cf = flags & ~(unsigned)(VISIBLE_HEADING | VISIBLE_LIST);
			int cc = card;

			flush(w);   /* text before this block belongs to the parent */
			element_context(w, c, &cf, &cc);
			if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
				cf |= VISIBLE_HEADING;
			if (strcasecmp(name, "li") == 0 || strcasecmp(name, "dt") == 0)
				cf |= VISIBLE_LIST;
			w->flags = cf;
			w->card = cc;
			walk_node(w, c, cf, cc, depth + 1);
			w->flags = cf;
			w->card = cc;
			flush(w);
			/* trailing text after the block belongs to the parent again */
			w->flags = flags;
			w->card = card;
		}
	}
}

void
visible_collect(xmlDocPtr doc, struct visible_page *out)
{
	struct walk w = { out, BUF_INIT, false, 0, -1 };
	xmlNodePtr root = NULL;

	memset(out, 0, sizeof(*out));
	buf_init(&w.text, VISIBLE_MAX_BLOCK);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL)
		goto out;
	/* the root itself: <html> holds head and body */
	{
		xmlNode fake;

		memset(&fake, 0, sizeof(fake));
		fake.children = root;
		walk_node(&w, &fake, 0, -1, 0);
	}
	flush(&w);
out:
	buf_release(&w.text);
}

void
visible_release(struct visible_page *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->blocks[i].text);
	free(p->blocks);
	memset(p, 0, sizeof(*p));
}

/* ---- sentences ---- */

static const char *abbreviations[] = {
	"dr", "dra", "mr", "mrs", "ms", "st", "ave", "ste", "inc", "jr", "sr", "blvd",
	"rd", "no", "vs", "mt", "ft", "co", "corp", "ltd", "dept", "approx", "hwy",
	"pkwy", "bldg", "apt", "fl", "ln", "ct", "prof", "sgt", "gen", "lt", "col",
	NULL,
};

/* Is the word ending at s[end] (the '.') an abbreviation or initial? */
static bool
is_abbreviation(const char *s, size_t end)
{
	size_t b = end, i;
	char word[16];

	while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '(' && s[b - 1] != '"')
		b--;
	if (end - b == 0)
		return false;
	/* "M.D.", "e.g.", "D.O.", "U.S.": a dot inside the word */
	if (memchr(s + b, '.', end - b) != NULL)
		return true;
	/* an initial: "J." */
	if (end - b == 1 && isupper((unsigned char)s[b]))
		return true;
	if (end - b >= sizeof(word))
		return false;
	for (i = b; i < end; i++)
		word[i - b] = (char)tolower((unsigned char)s[i]);
	word[end - b] = '\0';
	return in_list(word, abbreviations);
}

/* May a sentence begin at s[i]? A capital, a digit, a quote or a letter
 * outside ASCII (treated as a capital: "Él", "Über"). */
static bool
starts_sentence(const char *s, size_t n, size_t i)
{
	unsigned char c;

	if (i >= n)
		return true;
	c = (unsigned char)s[i];
	return isupper(c) || isdigit(c) || c == '"' || c == '(' || c >= 0xC0;
}

void
visible_sentences(const char *s, size_t n, visible_sentence_fn fn, void *arg)
{
	size_t start = 0, i = 0, j;

	while (start < n && s[start] == ' ')
		start++;
	for (i = start; i < n; i++) {
		char c = s[i];

		if (c != '.' && c != '!' && c != '?')
			continue;
		j = i + 1;
		/* closing quotes and brackets stay with the sentence */
		while (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == '.' ||
		                 s[j] == '!' || s[j] == '?'))
			j++;
		if (j + 3 <= n && (memcmp(s + j, "\xe2\x80\x9d", 3) == 0 ||
		                   memcmp(s + j, "\xe2\x80\x99", 3) == 0))
			j += 3;
		if (j < n && s[j] != ' ')
			continue;   /* "3.5", "glow.test" */
		if (j < n && !starts_sentence(s, n, j + 1))
			continue;
		if (c == '.' && is_abbreviation(s, i))
			continue;
		fn(arg, start, j - start);
		start = j;
		while (start < n && s[start] == ' ')
			start++;
		i = start > 0 ? start - 1 : 0;
	}
	if (start < n) {
		size_t end = n;

		while (end > start && s[end - 1] == ' ')
			end--;
		if (end > start)
			fn(arg, start, end - start);
	}
}
