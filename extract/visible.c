/* visible.c: the visible text of a page as blocks, and sentences (see
 * visible.h). A block is the text directly inside one block-level
 * element; inline elements (a, span, strong, br) join their text into it. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/buf.h"
#include "common/personkey.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/visible.h"

#define VISIBLE_MAX_DEPTH 256

struct walk {
	struct visible_page *page;
	struct buf text;
	bool overflow;      /* the current block passed VISIBLE_MAX_BLOCK */
	unsigned flags;     /* of the block the buffered text belongs to */
	int card;
};

/* What an element is to the walk. Names come lower-cased from libxml2's
 * HTML parser, so one strcmp-ordered table serves every lookup. */
enum {
	TAG_SKIP = 1 << 0,     /* its content is never seen */
	TAG_BLOCK = 1 << 1,    /* starts a block of its own */
	TAG_NAV = 1 << 2,      /* nav, header, footer */
	TAG_LIST = 1 << 3,     /* li, dt */
	TAG_QUOTE = 1 << 4,    /* blockquote, q */
	TAG_HEADING = 1 << 5,  /* h1-h6 */
	TAG_BR = 1 << 6,
	TAG_IMG = 1 << 7,
	TAG_ARTICLE = 1 << 8,
	TAG_ROW = 1 << 9,      /* a table row: a card of its own */
	TAG_A = 1 << 10,       /* a link: a block of its own inside navigation */
	TAG_CONTAINER = 1 << 11,  /* may hold a card: div, section, li, ... */
};

static const struct tag { const char *name; unsigned kind; } tags[] = {
	{ "a", TAG_A }, { "address", TAG_BLOCK }, { "article", TAG_BLOCK | TAG_ARTICLE | TAG_CONTAINER },
	{ "aside", TAG_BLOCK | TAG_CONTAINER }, { "audio", TAG_SKIP },
	{ "blockquote", TAG_BLOCK | TAG_QUOTE }, { "body", TAG_BLOCK }, { "br", TAG_BR },
	{ "canvas", TAG_SKIP }, { "caption", TAG_BLOCK }, { "dd", TAG_BLOCK },
	{ "details", TAG_BLOCK | TAG_CONTAINER }, { "dialog", TAG_BLOCK }, { "div", TAG_BLOCK | TAG_CONTAINER },
	{ "dl", TAG_BLOCK | TAG_CONTAINER }, { "dt", TAG_BLOCK | TAG_LIST }, { "embed", TAG_SKIP },
	{ "fieldset", TAG_BLOCK }, { "figcaption", TAG_BLOCK }, { "figure", TAG_BLOCK | TAG_CONTAINER },
	{ "footer", TAG_BLOCK | TAG_NAV | TAG_CONTAINER }, { "form", TAG_BLOCK | TAG_CONTAINER },
	{ "h1", TAG_BLOCK | TAG_HEADING }, { "h2", TAG_BLOCK | TAG_HEADING },
	{ "h3", TAG_BLOCK | TAG_HEADING }, { "h4", TAG_BLOCK | TAG_HEADING },
	{ "h5", TAG_BLOCK | TAG_HEADING }, { "h6", TAG_BLOCK | TAG_HEADING },
	{ "head", TAG_SKIP }, { "header", TAG_BLOCK | TAG_NAV | TAG_CONTAINER }, { "hr", TAG_BLOCK },
	{ "html", TAG_BLOCK }, { "iframe", TAG_SKIP }, { "img", TAG_IMG },
	{ "legend", TAG_BLOCK }, { "li", TAG_BLOCK | TAG_LIST | TAG_CONTAINER }, { "main", TAG_BLOCK | TAG_CONTAINER },
	{ "math", TAG_SKIP }, { "menu", TAG_BLOCK }, { "nav", TAG_BLOCK | TAG_NAV },
	{ "noscript", TAG_SKIP }, { "object", TAG_SKIP }, { "ol", TAG_BLOCK | TAG_CONTAINER },
	{ "p", TAG_BLOCK }, { "pre", TAG_BLOCK }, { "q", TAG_QUOTE }, { "script", TAG_SKIP },
	{ "section", TAG_BLOCK | TAG_CONTAINER }, { "select", TAG_SKIP }, { "style", TAG_SKIP },
	{ "summary", TAG_BLOCK }, { "svg", TAG_SKIP }, { "table", TAG_BLOCK | TAG_CONTAINER },
	{ "tbody", TAG_BLOCK | TAG_CONTAINER }, { "td", TAG_BLOCK }, { "template", TAG_SKIP },
	{ "textarea", TAG_SKIP }, { "tfoot", TAG_BLOCK }, { "th", TAG_BLOCK },
	{ "thead", TAG_BLOCK }, { "tr", TAG_BLOCK | TAG_ROW }, { "ul", TAG_BLOCK | TAG_CONTAINER },
	{ "video", TAG_SKIP },
};

static int
tag_cmp(const void *key, const void *ent)
{
	return strcmp(key, ((const struct tag *)ent)->name);
}

static unsigned
tag_kind(const char *name)
{
	const struct tag *t = bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0],
	                              tag_cmp);

	return t != NULL ? t->kind : 0;
}

/* Card classes: the first ones mark a person's card. */
static const char *person_card_words[] = {
	"team", "provider", "staff", "member", "bio", "doctor", "physician",
	"practitioner", "profile", NULL,
};

/* The attributes the walk reads, as pointers into the tree (not copies):
 * an attribute's value is its one text child in libxml2's tree. */
struct attrs {
	const char *cls, *role, *itemtype, *aria_hidden, *style, *alt, *href;
	bool hidden;
};

static const char *
attr_value(xmlAttrPtr a)
{
	xmlNodePtr t = a->children;

	if (t == NULL)
		return "";
	if (t->type == XML_TEXT_NODE && t->next == NULL && t->content != NULL)
		return (const char *)t->content;
	return NULL;   /* entity references: rare, read the slow way */
}

static void
read_attrs(xmlNodePtr n, struct attrs *at)
{
	memset(at, 0, sizeof *at);
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
		const char *name = (const char *)a->name, *v = NULL;

		if (name == NULL)
			continue;
		switch (name[0]) {
		case 'a':
			if (strcmp(name, "alt") == 0)
				at->alt = attr_value(a);
			else if (strcmp(name, "aria-hidden") == 0)
				at->aria_hidden = attr_value(a);
			break;
		case 'c':
			if (strcmp(name, "class") == 0)
				at->cls = attr_value(a);
			break;
		case 'h':
			if (strcmp(name, "hidden") == 0)
				at->hidden = true;
			else if (strcmp(name, "href") == 0)
				at->href = attr_value(a);
			break;
		case 'i':
			if (strcmp(name, "itemtype") == 0)
				at->itemtype = attr_value(a);
			break;
		case 'r':
			if (strcmp(name, "role") == 0)
				at->role = attr_value(a);
			break;
		case 's':
			if (strcmp(name, "style") == 0)
				at->style = attr_value(a);
			break;
		}
		(void)v;
	}
}

int
visible_class_has(const char *v, const char *w)
{
	return v != NULL && strcasestr(v, w) != NULL;
}

/* Classes that hide an element on every screen: "hidden", "d-none"
 * (unless a "d-md-block"-like class shows it again), "invisible",
 * Webflow's "w-condition-invisible" (a CMS item whose show-if condition
 * fails: a card for someone who left, an unpublished service), and
 * Elementor's three per-device classes together. */
static bool
class_hides(const char *cls)
{
	bool none = false, shown = false;
	int devices = 0;

	while (cls != NULL && *cls != '\0') {
		size_t n;

		while (*cls == ' ' || *cls == '\t' || *cls == '\n')
			cls++;
		n = strcspn(cls, " \t\n");
		if (n == 0)
			break;
#define IS(w) (n == strlen(w) && strncasecmp(cls, (w), n) == 0)
		if (IS("hidden") || IS("is-hidden") || IS("invisible") || IS("hide") || IS("d-none") ||
		    IS("w-condition-invisible"))
			none = true;
		else if (n > 4 && strncmp(cls, "d-", 2) == 0 && strcspn(cls, "-") == 1 &&
		         (memmem(cls, n, "-block", 6) || memmem(cls, n, "-flex", 5) ||
		          memmem(cls, n, "-inline", 7) || memmem(cls, n, "-grid", 5)))
			shown = true;
		else if (IS("elementor-hidden-desktop") || IS("elementor-hidden-tablet") ||
		         IS("elementor-hidden-mobile"))
			devices++;
#undef IS
		cls += n;
	}
	return (none && !shown) || devices == 3;
}

/* Does cls name a tab or accordion panel? The class lower-cased once,
 * then strstr per word: strcasestr per word was a third of the walk. */
static bool
class_opens(const char *cls)
{
	static const char *const words[] = {
		"tab-pane", "tabpanel", "accordion-collapse", "accordion-content", "accordion-panel",
	};
	char low[256];
	size_t i, k;

	for (i = 0; cls[i] != '\0' && i < sizeof low - 1; i++)
		low[i] = (char)tolower((unsigned char)cls[i]);
	low[i] = '\0';
	for (k = 0; k < sizeof words / sizeof words[0]; k++)
		if (cls[i] == '\0' ? strstr(low, words[k]) != NULL : visible_class_has(cls, words[k]))
			return true;
	return false;
}

static bool
is_hidden(const struct attrs *at)
{
	const char *v = at->style;
	char sq[64];
	size_t o = 0;

	/* a closed tab or accordion panel is the site's own text a visitor
	 * opens with a click (a price list under "Injectables"), however the
	 * page hides it until then */
	if ((at->role != NULL && strcasecmp(at->role, "tabpanel") == 0) ||
	    (at->cls != NULL && class_opens(at->cls)))
		return false;
	if (at->hidden || (at->aria_hidden != NULL && strcasecmp(at->aria_hidden, "true") == 0) ||
	    class_hides(at->cls))
		return true;
	if (v == NULL)
		return false;
	/* "display : none" with any spacing, anywhere in the style */
	for (; *v != '\0'; v++) {
		if (isspace((unsigned char)*v))
			continue;
		if (o == sizeof sq - 1) {
			/* keep the last bytes: enough for either phrase */
			memmove(sq, sq + 32, o - 32);
			o -= 32;
		}
		sq[o++] = (char)tolower((unsigned char)*v);
		sq[o] = '\0';
		if (o >= 12 && (memcmp(sq + o - 12, "display:none", 12) == 0 ||
		                (o >= 17 && memcmp(sq + o - 17, "visibility:hidden", 17) == 0)))
			return true;
	}
	return false;
}

/* Ends the buffered block: squashes it and stores it when non-empty. */
static void
flush(struct walk *w)
{
	struct visible_page *p = w->page;
	char *sq = NULL;

	if (w->text.len > 0 && !w->overflow && p->n < VISIBLE_MAX_BLOCKS) {
		sq = text_clean_line(w->text.data, w->text.len, VISIBLE_MAX_BLOCK);
		if (sq[0] != '\0') {
			/* doubling: a block at a time was a realloc per block */
			if (p->n == p->cap) {
				p->cap = p->cap ? p->cap * 2 : 64;
				p->blocks = xreallocarray(p->blocks, p->cap, sizeof(*p->blocks));
			}
			p->blocks[p->n].text = sq;
			p->blocks[p->n].len = strlen(sq);
			p->blocks[p->n].flags = w->flags;
			p->blocks[p->n].card = w->card;
			p->n++;
			sq = NULL; /* transferred */
		}
	}
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

/* The first character of the text inside element n, or 0. */
static unsigned char
first_char(xmlNodePtr n, int depth)
{
	for (xmlNodePtr c = n->children; c != NULL && depth < 8; c = c->next) {
		unsigned char ch = 0;

		if (c->type == XML_TEXT_NODE && c->content != NULL)
			ch = c->content[0];
		else if (c->type == XML_ELEMENT_NODE)
			ch = first_char(c, depth + 1);
		if (ch != 0)
			return ch;
	}
	return 0;
}

/* A theme's classed inline parts written with no space between them
 * ("<span class=name>Kenzie Roth</span><span class=designation>Licensed
 * Esthetician</span>", shown as two lines by its CSS): a space, so the
 * words do not run together ("RothLicensed"). Only before a capital
 * right after a letter, digit or full stop: "Bo<span>tox</span>" stays
 * one word. */
static void
part_gap(struct walk *w, xmlNodePtr n)
{
	size_t len = w->text.len;
	unsigned char last = len > 0 ? (unsigned char)w->text.data[len - 1] : 0;

	if ((isalnum(last) || last == '.') && isupper(first_char(n, 0)))
		add_text(w, " ", 1);
}

/* Is w one of the space-separated tokens of cls (lower case)? */
static bool
class_token(const char *cls, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = cls != NULL ? strstr(cls, w) : NULL; p != NULL; p = strstr(p + 1, w))
		if ((p == cls || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

/* Flags and card an element gives to what is inside it. */
static void
element_context(struct walk *w, unsigned kind, const struct attrs *at, unsigned *flags,
                int *card)
{
	const char *role = at->role, *itype = at->itemtype;
	char low[256];
	const char *cls = NULL;
	size_t i;

	/* the class lower-cased once, then plain strstr for each word */
	if (at->cls != NULL) {
		for (i = 0; at->cls[i] != '\0' && i < sizeof low - 1; i++)
			low[i] = (char)tolower((unsigned char)at->cls[i]);
		low[i] = '\0';
		cls = low;
	}
#define CLASS_HAS(w) (cls != NULL && strstr(cls, (w)) != NULL)
	if ((kind & TAG_NAV) ||
	    (role != NULL && (strcasecmp(role, "navigation") == 0 ||
	                      strcasecmp(role, "banner") == 0 ||
	                      strcasecmp(role, "contentinfo") == 0 ||
	                      strcasecmp(role, "menu") == 0)))
		*flags |= VISIBLE_NAV;
	/* a blog post, not a page: WordPress classes every page's article
	 * "post-12 page type-page", a post's "post-12 post type-post" */
	if ((itype != NULL && (visible_class_has(itype, "BlogPosting") ||
	                       visible_class_has(itype, "NewsArticle"))) ||
	    ((kind & TAG_ARTICLE) && !CLASS_HAS("type-page") &&
	     (CLASS_HAS("blog") || CLASS_HAS("type-post") || CLASS_HAS("news") ||
	      class_token(cls, "post"))))
		*flags |= VISIBLE_BLOG;
	if ((kind & TAG_QUOTE) || CLASS_HAS("testimonial") || CLASS_HAS("review") ||
	    CLASS_HAS("quote"))
		*flags |= VISIBLE_QUOTE;
	if (CLASS_HAS("categor") || CLASS_HAS("tagcloud") || CLASS_HAS("tag-cloud") ||
	    CLASS_HAS("archive") || CLASS_HAS("post-tags") || CLASS_HAS("recent-posts"))
		*flags |= VISIBLE_ARCHIVE;
	/* a menu item leading to the blog names a topic, not a treatment */
	if ((kind & TAG_A) && at->href != NULL &&
	    (strstr(at->href, "/blog") || strstr(at->href, "/news") || strstr(at->href, "/tag/") ||
	     strstr(at->href, "/category") || strstr(at->href, "/articles") ||
	     strstr(at->href, "/posts")))
		*flags |= VISIBLE_ARCHIVE;
	/* a table row holds one thing, often one person: name, credentials,
	 * role in its cells */
	if (kind & TAG_ROW) {
		*card = w->page->n_cards++;
		*flags &= ~(unsigned)VISIBLE_PERSON;
	}
	if (cls != NULL) {
		bool person = false, bio_only = false, inner = false;

		for (i = 0; person_card_words[i] != NULL && (!person || bio_only); i++)
			if (CLASS_HAS(person_card_words[i])) {
				bio_only = !person && strcmp(person_card_words[i], "bio") == 0;
				person = true;
			}
		/* "field--name-field-bio", "team-member__bio": a bio inside a
		 * person's card is part of that card, not a card of its own */
		if (bio_only && (*flags & VISIBLE_PERSON) && *card >= 0) {
			person = false;
			inner = true;
		}
		/* a card holds blocks: a heading or paragraph classed
		 * "provider-name" is a line of its card, not a card */
		if ((person || (CLASS_HAS("card") && !inner)) && (kind & TAG_CONTAINER)) {
			*card = w->page->n_cards++;
			if (person)
				*flags |= VISIBLE_PERSON;
			else
				*flags &= ~(unsigned)VISIBLE_PERSON;
		}
	}
#undef CLASS_HAS
}

/* Does the element list n hold a menu: nav, menu, a list, a select, a
 * role=navigation, or a link list's button bar (two links or more)? Looks
 * a dozen levels and a few hundred elements deep at most. */
static bool
holds_menu_at(xmlNodePtr n, int depth, int *budget, int *links)
{
	for (xmlNodePtr c = n; c != NULL; c = c->next) {
		const char *name = (const char *)c->name;
		xmlChar *role = NULL;
		bool menu = false;

		if (c->type != XML_ELEMENT_NODE || name == NULL)
			continue;
		if (--*budget < 0 || depth > 12)
			return true;   /* too much to be a masthead: chrome as before */
		if (strcmp(name, "nav") == 0 || strcmp(name, "menu") == 0 || strcmp(name, "ul") == 0 ||
		    strcmp(name, "ol") == 0 || strcmp(name, "select") == 0)
			return true;
		if (strcmp(name, "a") == 0 && ++*links >= 2)
			return true;
		if ((role = xmlGetProp(c, (const xmlChar *)"role")) != NULL) {
			menu = strcasecmp((const char *)role, "navigation") == 0 ||
			       strcasecmp((const char *)role, "menu") == 0 ||
			       strcasecmp((const char *)role, "menubar") == 0;
			xmlFree(role);
		}
		if (menu || holds_menu_at(c->children, depth + 1, budget, links))
			return true;
	}
	return false;
}

static bool
holds_menu(xmlNodePtr n, int depth)
{
	int budget = 400, links = 0;

	return holds_menu_at(n, depth, &budget, &links);
}

static void
walk_node(struct walk *w, xmlNodePtr n, unsigned flags, int card, int depth)
{
	xmlNodePtr c = NULL;
	struct attrs at;
	unsigned kind;

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
		kind = tag_kind((const char *)c->name);
		if (kind & TAG_SKIP)
			continue;
		read_attrs(c, &at);
		if (is_hidden(&at))
			continue;
		/* a <header> with no menu in it is the page's own masthead
		 * ("Expert skin care on the Kanawha" over "Our board-certified
		 * dermatologists have served the valley since 2004", a post's
		 * title), not the site's chrome */
		if ((kind & TAG_NAV) && strcmp((const char *)c->name, "header") == 0 &&
		    !holds_menu(c->children, 0))
			kind &= ~(unsigned)TAG_NAV;
		if (kind & TAG_BR) {
			/* a line break ends a line: "Nurse Practitioner<br>Jordyn
			 * Pfeifer, LE" is two people, not one run-on name */
			flush(w);
			continue;
		}
		if (kind & TAG_IMG) {
			char *alt = at.alt == NULL ? (char *)xmlGetProp(c, (const xmlChar *)"alt") : NULL;
			const char *a = at.alt != NULL ? at.alt : alt;

			if (a != NULL && a[0] != '\0') {
				/* alt text is a block of its own; keep the buffered one */
				struct walk aw = { w->page, BUF_INIT, false, flags | VISIBLE_ALT, card };

				buf_init(&aw.text, VISIBLE_MAX_BLOCK);
				add_text(&aw, a, strlen(a));
				flush(&aw);
				buf_release(&aw.text);
			}
			xmlFree(alt);
			continue;
		}
		/* in a menu each link is an item of its own ("Team", "Botox"),
		 * not words of one long run-on line */
		if ((kind & TAG_A) && (flags & VISIBLE_NAV))
			kind |= TAG_BLOCK;
		if (!(kind & TAG_BLOCK)) {
			if (at.cls != NULL)
				part_gap(w, c);
			walk_node(w, c, flags, card, depth + 1);
			continue;
		}
		{
			unsigned cf = flags & ~(unsigned)(VISIBLE_HEADING | VISIBLE_LIST | VISIBLE_LINK);
			int cc = card;

			flush(w);   /* text before this block belongs to the parent */
			element_context(w, kind, &at, &cf, &cc);
			if (kind & TAG_HEADING)
				cf |= VISIBLE_HEADING;
			if (kind & TAG_LIST)
				cf |= VISIBLE_LIST;
			if (kind & TAG_A)
				cf |= VISIBLE_LINK;
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

bool
visible_lone_card(const struct visible_page *p, size_t i)
{
	int c = p->blocks[i].card;

	return c != VISIBLE_NO_CARD && (i == 0 || p->blocks[i - 1].card != c) &&
	       (i + 1 >= p->n || p->blocks[i + 1].card != c);
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
	"st", "ave", "ste", "inc", "blvd",
	"rd", "no", "vs", "mt", "ft", "co", "corp", "ltd", "dept", "approx", "hwy",
	"pkwy", "bldg", "apt", "fl", "ln", "ct", "sgt", "gen", "lt", "col",
	NULL,   /* and a person's titles (personkey_title) */
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
	for (i = 0; abbreviations[i] != NULL; i++)
		if (strcmp(word, abbreviations[i]) == 0)
			return true;
	return (personkey_title(word, end - b) & PERSONKEY_ABBREV) != 0;
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
