/* places.c: the clinic's phones and places on a page: tel: links, US
 * addresses in the visible text and which of the markup's places the page
 * shows (see extract_impl.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/address.h"
#include "extract/extract_impl.h"
#include "extract/markup.h"

void
set_phone(struct page_facts *f, const char *e164)
{
	if (f->clinic_phone == NULL && e164 != NULL)
		f->clinic_phone = xstrdup(e164);
}

void
tel_links(struct ex *x, xmlNodePtr n, int depth)
{
	xmlNodePtr c = NULL;

	if (depth > 256)
		return;
	for (c = n; c != NULL && x->f->clinic_phone == NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		/* names come lower-cased from the HTML parser */
		if (c->name[0] == 'a' && c->name[1] == '\0') {
			for (xmlAttrPtr a = c->properties; a != NULL; a = a->next) {
				char *href = NULL, *p = NULL;

				if (a->name == NULL || strcmp((const char *)a->name, "href") != 0)
					continue;
				href = (char *)xmlNodeGetContent((xmlNodePtr)a);
				if (href != NULL && strncasecmp(href, "tel:", 4) == 0 &&
				    (p = address_phone_e164(href)) != NULL)
					set_phone(x->f, p);
				free(p);
				xmlFree(href);
				break;
			}
		}
		if (strcmp((const char *)c->name, "script") != 0 &&
		    strcmp((const char *)c->name, "template") != 0)
			tel_links(x, c->children, depth + 1);
	}
}

static void
loc_free(struct fact_location *l)
{
	free(l->street);
	free(l->city);
	free(l->state);
	free(l->zip);
	free(l->phone);
	free(l->evidence);
	memset(l, 0, sizeof(*l));
}

/* Whether the '.' at s[i] ends an abbreviation ("Dr.", "St.", "Ste.",
 * "W.", "Blvd."): a capitalised word of four letters or fewer before it. */
static bool
abbreviation_dot(const char *s, size_t i)
{
	size_t w = i;

	while (w > 0 && isalpha((unsigned char)s[w - 1]))
		w--;
	return s[i] == '.' && i > w && i - w <= 4 && isupper((unsigned char)s[w]) &&
	       (w == 0 || !isalnum((unsigned char)s[w - 1]));
}

/* Where the sentence around [at, end) of s[0..n) begins and ends: at ". ",
 * "! " or "? " that is not an abbreviation's, at most 240 bytes either
 * side. */
static size_t
place_sentence_start(const char *s, size_t at)
{
	size_t lim = at > 240 ? at - 240 : 0, i;

	for (i = at; i > lim + 1; i--)
		if (s[i - 1] == ' ' && strchr(".!?", s[i - 2]) != NULL && !abbreviation_dot(s, i - 2))
			return i;
	while (lim < at && ((unsigned char)s[lim] & 0xC0) == 0x80)
		lim++;   /* not inside a character */
	return lim;
}

static size_t
place_sentence_end(const char *s, size_t n, size_t end)
{
	size_t lim = end + 240 < n ? end + 240 : n, i;

	for (i = end; i + 1 < lim; i++)
		if (strchr(".!?", s[i]) != NULL && s[i + 1] == ' ' && !abbreviation_dot(s, i))
			return i + 1;
	while (lim < n && ((unsigned char)s[lim] & 0xC0) == 0x80)
		lim++;   /* not inside a character */
	return lim;
}

/* A facility named at text[at] that is the clinic itself or holds it:
 * inside its name ("Austin Plastic Surgery Center"), after "our" ("our
 * accredited surgery center"), or after places.host in the
 * PLACE_HOST_BEFORE bytes before ("located inside the Bellevue Medical Center, 1200 ..."). */
static bool
elsewhere_is_clinic(const struct ex *x, const char *text, const struct rules_hits *h,
                    size_t from, size_t at)
{
	const char *name = x->f->clinic_name;
	size_t nl = name != NULL ? strlen(name) : 0, w = at, words = 0;

	for (const char *p = text + from; nl >= 4 && (p = strcasestr(p, name)) != NULL; p++)
		if ((size_t)(p - text) <= at && at < (size_t)(p - text) + nl)
			return true;
		else if ((size_t)(p - text) > at)
			break;
	if (rules_hits_filter(x->r, h, RULES_F_PLACE_HOST, at > from + PLACE_HOST_BEFORE ? at - PLACE_HOST_BEFORE : from, at))
		return true;
	/* "our" right before, or one word before that */
	while (w > from && words < 2) {
		while (w > from && text[w - 1] == ' ')
			w--;
		size_t e = w;
		while (w > from && isalpha((unsigned char)text[w - 1]))
			w--;
		if (e - w == 3 && strncasecmp(text + w, "our", 3) == 0)
			return true;
		if (e == w)
			break;
		words++;
	}
	return false;
}

/* The start of the last match of filter f inside [from, to) of a block
 * whose text is text and hits h, or (size_t)-1. A facility named as the
 * clinic itself does not count. */
static size_t
last_filter(const struct ex *x, const char *text, const struct rules_hits *h,
            enum rules_filter f, size_t from, size_t to)
{
	size_t last = (size_t)-1, p, start = from;

	while (from < to && (p = rules_hits_filter_at(x->r, h, f, from, to)) != (size_t)-1) {
		if (f != RULES_F_PLACE_FACILITY || !elsewhere_is_clinic(x, text, h, start, from + p))
			last = from + p;
		from = from + p + 1;
	}
	return last;
}

/* The last place that is not the clinic's, named in [from, to). */
static size_t
last_elsewhere(const struct ex *x, const char *text, const struct rules_hits *h, size_t from,
               size_t to)
{
	size_t a = last_filter(x, text, h, RULES_F_PLACE_ELSEWHERE, from, to);
	size_t b = last_filter(x, text, h, RULES_F_PLACE_FACILITY, from, to);

	return a == (size_t)-1 ? b : b == (size_t)-1 ? a : a > b ? a : b;
}

/* Whether the address at [at, end) of the current block is the clinic's
 * own. A page names other places too: the hospital where a surgeon holds
 * privileges, the surgery center where operations are done, a landmark
 * ("5 minutes from the Galleria at ..."), the management company's
 * office, a clinic that closed or is not open yet. The nearest word
 * before the address in its sentence decides ("our office" against
 * "Surgery Center"); a closed or future place in the sentence is never
 * the clinic's. An address with no such word (a contact block, a
 * footer) is the clinic's. */
static bool
place_is_own(const struct ex *x, size_t at, size_t end, size_t *from_out, size_t *to_out)
{
	const struct visible_block *b = x->blk;
	size_t from = place_sentence_start(b->text, at);
	size_t to = place_sentence_end(b->text, b->len, end);
	size_t own = last_filter(x, b->text, x->hits, RULES_F_PLACE_OWN, from, at);
	size_t other = last_elsewhere(x, b->text, x->hits, from, at);

	*from_out = from;
	*to_out = to;
	if (rules_hits_filter(x->r, x->hits, RULES_F_PLACE_GONE, from, to))
		return false;
	return other == (size_t)-1 || (own != (size_t)-1 && own > other);
}

void
places_in_block(struct ex *x, const struct visible_block *b)
{
	struct fact_location locs[8];
	char *phones[EXTRACT_MAX_PHONES];
	size_t nl, np, i, seen = 0;

	if (ex_filter(x, RULES_F_PLACEHOLDER, b->text, b->len) && b->len < 200)
		return;
	/* "We've moved!", "Opening in Lexington in 2025": not where it is;
	 * "Management services are provided by ..., 7711 Bonhomme Ave":
	 * someone else's address */
	if (ex_filter(x, RULES_F_NEGATION, b->text, b->len) ||
	    ex_filter(x, RULES_F_OUTSIDERS, b->text, b->len))
		return;
	np = address_find_phones(b->text, b->len, phones, EXTRACT_MAX_PHONES);
	nl = address_find(rules_address(x->r), b->text, b->len, locs, 8);
	for (i = 0; i < nl; i++) {
		/* address_find's evidence is the matched text itself */
		const char *m = strstr(b->text + seen, locs[i].evidence);
		size_t at = m != NULL ? (size_t)(m - b->text) : 0;
		size_t end = at + strlen(locs[i].evidence), from = 0, to = b->len;

		if (m != NULL)
			seen = end;
		if (rules_filter(x->r, RULES_F_PLACEHOLDER, locs[i].evidence,
		                 strlen(locs[i].evidence)) ||
		    (m != NULL && !place_is_own(x, at, end, &from, &to))) {
			loc_free(&locs[i]);
			continue;
		}
		if (np > 0)
			locs[i].phone = xstrdup(phones[nl == 1 ? 0 : (i < np ? i : 0)]);
		/* the evidence is the address's sentence, not the whole footer */
		free(locs[i].evidence);
		{
			char *sq = xstrndup(b->text + from, to - from);

			locs[i].evidence = text_truncate(sq, EXTRACT_MAX_EVIDENCE);
			free(sq);
		}
		page_facts_add_location(x->f, &locs[i]);
	}
	for (i = 0; i < np; i++) {
		set_phone(x->f, phones[i]);
		free(phones[i]);
	}
}

/* Structured data left from a sister practice or an earlier site ("4501
 * Birch Street, Newport Beach" in the JSON-LD of a page whose footer
 * reads "39 Salisbury Street, Worcester"): when the page shows addresses
 * of its own, a structured one whose ZIP the page never shows is dropped.
 * Locations [from, to) of the page's facts are the structured ones. */
void
drop_unshown_markup_places(struct ex *x, size_t from, size_t to)
{
	struct page_facts *f = x->f;
	size_t i, j, o;
	bool cleared = false;

	if (f->n_locations <= to)
		return;   /* the page shows no other address: nothing contradicts it */
	for (i = from, o = from; i < f->n_locations; i++) {
		const char *zip = f->locations[i].zip;
		bool shown = i >= to || zip == NULL || strlen(zip) < 5;

		for (j = 0; !shown && j < x->vis.n; j++) {
			const struct visible_block *b = &x->vis.blocks[j];

			shown = b->len >= 5 && memmem(b->text, b->len, zip, 5) != NULL;
		}
		if (!shown) {
			if (f->locations[i].phone != NULL && f->clinic_phone != NULL &&
			    strcmp(f->locations[i].phone, f->clinic_phone) == 0) {
				/* the leftover's telephone is not the clinic's either */
				free(f->clinic_phone);
				f->clinic_phone = NULL;
				cleared = true;
			}
			loc_free(&f->locations[i]);
			continue;
		}
		if (o != i)
			f->locations[o] = f->locations[i];
		o++;
	}
	f->n_locations = o;
	if (!cleared)
		return;
	/* the page's own telephone instead: its first tel: link, else the
	 * first number of its text */
	tel_links(x, xmlDocGetRootElement(x->d->doc), 0);
	for (j = 0; j < x->vis.n && f->clinic_phone == NULL; j++) {
		char *phones[EXTRACT_MAX_PHONES];
		size_t np = address_find_phones(x->vis.blocks[j].text, x->vis.blocks[j].len, phones,
		                                EXTRACT_MAX_PHONES);

		for (size_t q = 0; q < np; q++) {
			set_phone(f, phones[q]);
			free(phones[q]);
		}
	}
}

/* An address written one line a block ("4015 Hillsboro Pike", "Suite 410",
 * "Nashville, TN 37215", each its own paragraph): the short blocks from a
 * line holding a house number (after a label or a name, "Address: ") are
 * read together. k is that block. */
void
places_in_lines(struct ex *x, size_t k)
{
	const struct visible_block *b = &x->vis.blocks[k];
	struct fact_location locs[2];
	struct buf joined = BUF_INIT;
	size_t nl, i, p;

	if (b->len > 60 || k + 1 >= x->vis.n)
		return;
	/* where the house number begins ("4015", or a Wisconsin grid one,
	 * "N12W34567"), after a label or a name ("Address: 4015 Hillsboro
	 * Pike", "Glow Skin Studio 4015 Hillsboro Pike") */
	for (p = 0; p < b->len; p++)
		if ((p == 0 || b->text[p - 1] == ' ') &&
		    (isdigit((unsigned char)b->text[p]) ||
		     (strchr("NSEW", b->text[p]) != NULL && isdigit((unsigned char)b->text[p + 1]))))
			break;
	if (p == b->len)
		return;
	if (p > 0) {
		/* the name before it may be another place's: "Flat Creek
		 * Surgery Center 1120 Maple Way" */
		const struct rules_hits *h = &x->block_hits[k];
		size_t own = last_filter(x, b->text, h, RULES_F_PLACE_OWN, 0, p);
		size_t other = last_elsewhere(x, b->text, h, 0, p);

		if (other != (size_t)-1 && (own == (size_t)-1 || own < other))
			return;
	}
	if (k > 0 && x->vis.blocks[k - 1].len <= 120) {
		/* the line above names the place: "Saint Jones Regional
		 * Hospital", "Website by ...", "Formerly at" */
		const struct rules_hits *h = &x->block_hits[k - 1];
		size_t n = x->vis.blocks[k - 1].len;
		const char *t = x->vis.blocks[k - 1].text;
		size_t own = last_filter(x, t, h, RULES_F_PLACE_OWN, 0, n);
		size_t other = last_elsewhere(x, t, h, 0, n);

		if (rules_hits_filter(x->r, h, RULES_F_PLACE_GONE, 0, n) ||
		    (other != (size_t)-1 && (own == (size_t)-1 || own < other)))
			return;
	}
	buf_init(&joined, 512);
	for (i = k; i < x->vis.n && i < k + 4 && x->vis.blocks[i].len <= 60; i++) {
		/* four lines of 60 bytes fit; what would not is not joined */
		if ((i > k && buf_puts(&joined, ", ") < 0) ||
		    buf_append(&joined, x->vis.blocks[i].text, x->vis.blocks[i].len) < 0)
			break;
	}
	/* only what the lines say together: one block alone was read already */
	if (i > k + 1 && (nl = address_find(rules_address(x->r), buf_str(&joined), joined.len, locs, 2)) > 0) {
		for (size_t j = 0; j < nl; j++) {
			if (j > 0 || strncmp(buf_str(&joined) + p, locs[j].evidence, b->len - p) != 0 ||
			    rules_filter(x->r, RULES_F_PLACEHOLDER, buf_str(&joined), joined.len) ||
			    rules_filter(x->r, RULES_F_PLACE_GONE, buf_str(&joined), joined.len)) {
				loc_free(&locs[j]);
				continue;
			}
			{
				/* the lines up to the ZIP, with their label */
				char *ev = xstrndup(buf_str(&joined), p + strlen(locs[j].evidence));

				free(locs[j].evidence);
				locs[j].evidence = text_truncate(ev, EXTRACT_MAX_EVIDENCE);
				free(ev);
			}
			page_facts_add_location(x->f, &locs[j]);
		}
	}
	buf_release(&joined);
}


/* The one state of the page's own addresses, or NULL when it shows none or
 * several. */
static const char *
page_state(const struct page_facts *f)
{
	const char *st = NULL;

	for (size_t i = 0; i < f->n_locations; i++) {
		const char *s = f->locations[i].state;

		if (s == NULL)
			continue;
		if (st != NULL && strcmp(st, s) != 0)
			return NULL;
		st = s;
	}
	return st;
}

/* Is the town s[0..n) the city of one of the page's own addresses? */
static bool
town_known(const struct page_facts *f, const char *s, size_t n)
{
	for (size_t i = 0; i < f->n_locations; i++) {
		const char *c = f->locations[i].city;

		if (c != NULL && strlen(c) == n && strncasecmp(c, s, n) == 0)
			return true;
	}
	return false;
}

/* Does the first word of s[0..n) stand as a word in the street of one of
 * the page's own addresses ("our Forest Drive office" over "2140 Forest
 * Dr")? Then it names that office by its street, not a town. */
static bool
town_is_street(const struct page_facts *f, const char *s, size_t n)
{
	size_t w = 0;

	while (w < n && s[w] != ' ')
		w++;
	for (size_t i = 0; i < f->n_locations; i++) {
		const char *st = f->locations[i].street;

		for (const char *p = st; p != NULL && *p != '\0'; p++)
			if ((p == st || p[-1] == ' ') && strncasecmp(p, s, w) == 0 &&
			    (p[w] == '\0' || p[w] == ' ' || p[w] == ','))
				return true;
	}
	return false;
}

#define PLACES_MAX_TOWNS 8

/* A town the clinic names as one of its offices without an address: "our
 * Vista flagship" and "Lead injector at our Murrieta location" (the
 * places.town filter). A practice with several offices often lists them
 * only by town. The words after "our" may as well be a neighbourhood or
 * a street ("our Spring Branch office", "our Forest Drive office"), so a
 * town is taken only from a page that names, the same way, one of the
 * cities of its own addresses too: then it lists its offices by town. A
 * town is kept with the state of those addresses when they are all in one
 * state (none is guessed otherwise); not a not_person word ("our
 * Dermatology Clinic"), not a word of their streets ("our Forest Drive
 * office"), not in a sentence saying closed or not yet open.
 * Runs after the page's addresses. */
void
places_towns(struct ex *x)
{
	const char *st = page_state(x->f);
	struct { const char *s; size_t n, k, s0, s1; } towns[PLACES_MAX_TOWNS];
	size_t nt = 0;
	bool anchored = false;

	for (size_t k = 0; st != NULL && k < x->vis.n && nt < PLACES_MAX_TOWNS; k++) {
		const struct visible_block *b = &x->vis.blocks[k];
		const struct rules_hits *h = &x->block_hits[k];
		size_t from = 0, p;

		if (b->flags & (VISIBLE_QUOTE | VISIBLE_BLOG | VISIBLE_ARCHIVE))
			continue;
		while (from < b->len && nt < PLACES_MAX_TOWNS &&
		       (p = rules_hits_filter_at(x->r, h, RULES_F_PLACE_TOWN, from, b->len)) !=
		           (size_t)-1) {
			size_t at = from + p + 4, e = at, words = 0, s0, s1;   /* after "our " */
			bool ok = true;

			from = at;
			/* the capitalised words up to the place word */
			while (e < b->len && words < 3 &&
			       (isupper((unsigned char)b->text[e]) || (unsigned char)b->text[e] >= 0xC3)) {
				size_t w = e;

				while (e < b->len && b->text[e] != ' ') {
					/* "Winston-Salem", not "Tuesday-evening" */
					if (b->text[e] == '-' && e + 1 < b->len &&
					    islower((unsigned char)b->text[e + 1]))
						ok = false;
					e++;
				}
				if (rules_word(x->r, RULES_W_NOT_PERSON, b->text + w, e - w) ||
				    rules_word(x->r, RULES_W_STOP, b->text + w, e - w))
					ok = false;
				words++;
				e++;
			}
			if (!ok || words == 0 || e <= at + 1)
				continue;
			e--;   /* the space before the place word */
			s0 = place_sentence_start(b->text, at);
			s1 = place_sentence_end(b->text, b->len, e);
			if (rules_hits_filter(x->r, h, RULES_F_PLACE_GONE, s0, s1) ||
			    rules_hits_filter(x->r, h, RULES_F_NEGATION, s0, s1))
				continue;
			if (town_known(x->f, b->text + at, e - at)) {
				anchored = true;
				continue;
			}
			if (town_is_street(x->f, b->text + at, e - at))
				continue;
			towns[nt].s = b->text + at;
			towns[nt].n = e - at;
			towns[nt].k = k;
			towns[nt].s0 = s0;
			towns[nt].s1 = s1;
			nt++;
		}
	}
	for (size_t i = 0; anchored && i < nt; i++) {
		const struct visible_block *b = &x->vis.blocks[towns[i].k];
		struct fact_location l;
		char *sq = xstrndup(b->text + towns[i].s0, towns[i].s1 - towns[i].s0);

		memset(&l, 0, sizeof(l));
		l.city = xstrndup(towns[i].s, towns[i].n);
		l.state = xstrdup(st);
		l.evidence = text_truncate(sq, EXTRACT_MAX_EVIDENCE);
		free(sq);
		page_facts_add_location(x->f, &l);
	}
}
