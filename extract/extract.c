/* extract.c: from a parsed page to its facts (see extract.h).
 * Order: structured data (JSON-LD, microdata) first, then the visible
 * text in two passes: practitioners (names with credential suffixes),
 * then claims sentence by sentence, each attached to the practitioner the
 * sentence names, the card it sits in, or the clinic when "we"/"our"
 * speaks. Blog pages claim nothing: they are full of advice. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "common/claim_kind.h"
#include "common/xalloc.h"
#include "extract/extract.h"
#include "extract/extract_impl.h"
#include "extract/markup.h"
#include "extract/pages.h"
#include "extract/roles.h"
#include "extract/rules_match.h"
#include "extract/visible.h"

/* A page about a service it does not offer yet ("Laser hair removal is
 * coming in 2026" as its first heading, or "Laser Hair Removal (Coming
 * 2026)" as its title when it has no heading): no claim of that service
 * comes from the page, not from its breadcrumb nor its menu. */
static void
page_negation(struct ex *x)
{
	struct page_facts *f = x->f;
	struct hits sv = { .r = x->r, .product_check = true, .aside_check = true };
	unsigned char *drop = NULL;
	size_t i;

	/* the first content heading, read from the hits its block already
	 * has; the title is scanned on its own only when there is none */
	for (i = 0; i < x->vis.n; i++)
		if ((x->vis.blocks[i].flags & VISIBLE_HEADING) &&
		    !(x->vis.blocks[i].flags & VISIBLE_NAV))
			break;
	if (i < x->vis.n) {
		x->blk = &x->vis.blocks[i];
		x->hits = &x->block_hits[i];
		sv.s = x->blk->text;
		sv.len = x->blk->len;
	} else {
		x->blk = NULL;
		x->hits = NULL;
		sv.s = x->title;
		sv.len = x->title != NULL ? strlen(x->title) : 0;
	}
	if (sv.s != NULL && ex_filter(x, RULES_F_NEGATION, sv.s, sv.len))
		ex_scan(x, RULES_SET_SERVICE, sv.s, sv.len, collect_hit, &sv);
	x->blk = NULL;
	x->hits = NULL;
	if (sv.n == 0)
		return;
	drop = xcalloc(f->n_claims + 1, 1);
	for (i = 0; i < f->n_claims; i++)
		for (size_t k = 0; k < sv.n && !drop[i]; k++)
			drop[i] = strcmp(f->claims[i].code, rules_code(x->r, (size_t)sv.codes[k])->code) == 0;
	drop_claims(f, drop);
	free(drop);
}

/* Is code that of a board ("board": true in the rules)? */
static bool
board_code(const struct rules *r, const char *code)
{
	for (size_t i = 0; i < rules_code_count(r); i++)
		if (rules_code_board(r, i) && strcmp(rules_code(r, i)->code, code) == 0)
			return true;
	return false;
}

/* "Board certified" with no board named says less than a named board: it
 * goes when the same person has a named board on the page. */
static void
drop_subsumed_boards(const struct rules *r, struct page_facts *f)
{
	const char *unspec = NULL;
	unsigned char *drop = NULL, *board = NULL;
	size_t i;

	{
		long u = rules_board_specialty(r, "", 0);
		const struct rule_code *rc = u >= 0 ? rules_code(r, (size_t)u) : NULL;
		if (rc == NULL)
			return;
		unspec = rc->code;
	}
	for (i = 0; i < f->n_claims; i++)
		if (f->claims[i].practitioner >= 0 && strcmp(f->claims[i].code, unspec) == 0)
			break;
	if (i == f->n_claims)
		return;   /* no person's bare "board certified" (nor any claim) */
	/* which go is decided on the whole list first: compacting while
	 * looking would show the inner loop claims already released */
	drop = xcalloc(f->n_claims, 1);
	board = xcalloc(f->n_claims, 1);
	for (i = 0; i < f->n_claims; i++)
		board[i] = board_code(r, f->claims[i].code);
	for (i = 0; i < f->n_claims; i++) {
		const struct fact_claim *c = &f->claims[i];

		/* the clinic's "all our providers are board certified" stays: it
		 * says more than "our board-certified dermatologists" */
		if (c->practitioner >= 0 && strcmp(c->code, unspec) == 0)
			for (size_t j = 0; j < f->n_claims && !drop[i]; j++)
				drop[i] = j != i && f->claims[j].practitioner == c->practitioner &&
				          board[j] &&
				          strcmp(f->claims[j].code, unspec) != 0;
	}
	drop_claims(f, drop);
	free(drop);
	free(board);
}

/* Drops the claims of the practitioners former_staff (claims.c) marked;
 * with no credential left, drop_bare_practitioners then drops them. */
static void
drop_former(const struct ex *x)
{
	struct page_facts *f = x->f;
	unsigned char *drop = xcalloc(f->n_claims + 1, 1);

	for (size_t i = 0; i < f->n_claims; i++)
		drop[i] = f->claims[i].practitioner >= 0 &&
		          (size_t)f->claims[i].practitioner < EXTRACT_MAX_PRACT &&
		          x->former[f->claims[i].practitioner];
	drop_claims(f, drop);
	free(drop);
}

/* A person with no credential claimed on the page (a front-desk lead, a
 * trainer, a chiropractor called "Dr.") is not listed: the directory is of
 * practitioners whose credentials a patient can weigh, and of the people
 * the site gives a clinical role ("Medical Director", "Lead Esthetician";
 * roles.c gives no other to a person without a credential). Indices in
 * the claims and roles are renumbered. */
static void
drop_bare_practitioners(struct page_facts *f)
{
	int *map;
	size_t o = 0;

	if (f->n_practitioners == 0)
		return;
	map = xcalloc(f->n_practitioners, sizeof *map);
	for (size_t i = 0; i < f->n_claims; i++)
		if (f->claims[i].practitioner >= 0 && claim_kind_is(f->claims[i].kind, CLAIM_KIND_CREDENTIAL))
			map[f->claims[i].practitioner] = 1;
	for (size_t i = 0; i < f->n_roles; i++)
		if (f->roles[i].practitioner >= 0)
			map[f->roles[i].practitioner] = 1;
	for (size_t i = 0; i < f->n_practitioners; i++) {
		if (!map[i]) {
			free(f->practitioners[i].name);
			free(f->practitioners[i].role);
			map[i] = SUBJECT_CLINIC;   /* (no claim of theirs is left) */
			continue;
		}
		map[i] = (int)o;
		f->practitioners[o++] = f->practitioners[i];
	}
	f->n_practitioners = o;
	for (size_t i = 0; i < f->n_claims; i++)
		if (f->claims[i].practitioner >= 0)
			f->claims[i].practitioner = map[f->claims[i].practitioner];
	for (size_t i = 0; i < f->n_roles; i++)
		if (f->roles[i].practitioner >= 0)
			f->roles[i].practitioner = map[f->roles[i].practitioner];
	free(map);
}

/* What the page's path and markup say it is: a blog post (advice, read
 * with suspicion: nothing claimed but its staff news), a shop (products,
 * not services), reviews, job openings or a training academy (other
 * people's words, roles the clinic wants to fill, courses it teaches:
 * nothing claimed), or a page about a condition or of patient education
 * (treatments in general: a service only where the clinic says "we" or
 * "our"). The path words are rules.json "pages". */
static struct ex_scope
page_scope(const struct rules *r, const char *url, const struct markup *m)
{
	enum pages_kind kind = pages_kind(rules_pages(r), url);
	struct ex_scope sc = {
		.blog = kind == PAGES_BLOG || kind == PAGES_SILENT,
		.news = kind == PAGES_BLOG,
		.shop = kind == PAGES_SHOP,
		.education = kind == PAGES_EDUCATION,
	};

	if (m->blog)
		sc.blog = sc.news = true;
	return sc;
}

/* Who the clinic is and how to reach it, markup first, then the text:
 * each block's text is scanned for every rule once, here, and read for
 * places. */
static void
page_contact(struct ex *x, struct markup *m)
{
	struct page_facts *facts = x->f;
	size_t i, n_locs0, n_markup;

	clinic_name(x, m);
	for (i = 0; i < m->n_phones; i++)
		set_phone(facts, m->phones[i]);
	n_locs0 = facts->n_locations;
	for (i = 0; i < m->n_locs; i++) {
		if (m->locs[i].phone != NULL)
			set_phone(facts, m->locs[i].phone);
		page_facts_add_location(facts, &m->locs[i]);
	}
	n_markup = facts->n_locations;
	tel_links(x, xmlDocGetRootElement(x->d->doc), 0);
	x->block_hits = xcalloc(x->vis.n ? x->vis.n : 1, sizeof *x->block_hits);
	for (i = 0; i < x->vis.n; i++) {
		rules_scan_text(x->r, x->vis.blocks[i].text, x->vis.blocks[i].len, &x->block_hits[i]);
		x->blk = &x->vis.blocks[i];
		x->hits = &x->block_hits[i];
		places_in_block(x, &x->vis.blocks[i]);
		places_in_lines(x, i);
	}
	drop_unshown_markup_places(x, n_locs0, n_markup);
	places_towns(x);
	x->blk = NULL;
	x->hits = NULL;
}

/* Does a block's scan hits[0..len) name a service? */
static bool
block_names_service(const struct rules *r, const struct rules_hits *hits, size_t len)
{
	size_t n = 0;

	rules_hits_set(r, hits, RULES_SET_SERVICE, 0, len, count_hit, &n);
	return n > 0;
}

/* No section yet: the blocks before the first heading. */
static void
section_reset(struct ex_section *sec)
{
	free(sec->name);
	sec->name = NULL;
	sec->pract = SUBJECT_NONE;
	sec->card = VISIBLE_NO_CARD;
	sec->text = NULL;
	sec->silent = false;
}

/* The lines of a card a theme's template text is in: its card, and when
 * each line is a card of its own (visible_lone_card) the lines above it
 * up to its name line or portrait ("John Smith" | "MD, FACS" | "Lorem
 * ipsum ..."), at most PLACEHOLDER_LINES, never into another card. */
#define PLACEHOLDER_LINES 6
static void
placeholder_card(const struct ex *x, struct ex_subjects *who, size_t i)
{
	const struct visible_block *bl = x->vis.blocks;

	who->cards.placeholder[bl[i].card] = 1;
	for (size_t k = i; k > 0 && i - k < PLACEHOLDER_LINES && visible_lone_card(&x->vis, k) &&
	                   !(bl[k].flags & VISIBLE_ALT) && !name_line(x, bl[k].text, bl[k].len) &&
	                   visible_lone_card(&x->vis, k - 1);
	     k--)
		who->cards.placeholder[bl[k - 1].card] = 1;
}

static void
subjects_init(struct ex_subjects *who, const struct ex *x)
{
	size_t n = (size_t)x->vis.n_cards + 1;

	memset(who, 0, sizeof *who);
	who->cards.pract = xmalloc(sizeof(int) * n);
	who->cards.name = xcalloc(n, sizeof(char *));
	who->cards.seen = xcalloc(n, 1);
	who->cards.placeholder = xcalloc(n, 1);
	who->cards.negated = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++)
		who->cards.pract[i] = SUBJECT_NONE;
	for (size_t i = 0; i < x->vis.n; i++) {
		const struct visible_block *b = &x->vis.blocks[i];

		if (b->card == VISIBLE_NO_CARD)
			continue;
		/* a theme's template card ("Dr. Jordan Smith, MD" over "Lorem
		 * ipsum ...") names no one, whatever CSS hides it */
		if (rules_hits_filter(x->r, &x->block_hits[i], RULES_F_PLACEHOLDER, 0, b->len))
			placeholder_card(x, who, i);
		/* a price-table row or a menu card whose other line says its
		 * item is not offered ("Kybella" | "No longer offered as of
		 * January"): a negation naming no service of its own */
		if (!(b->flags & VISIBLE_PERSON) &&
		    rules_hits_filter(x->r, &x->block_hits[i], RULES_F_NEGATION, 0, b->len) &&
		    !block_names_service(x->r, &x->block_hits[i], b->len))
			who->cards.negated[b->card] = 1;
	}
	who->sec.negated = xcalloc(rules_code_count(x->r) + 1, 1);
	section_reset(&who->sec);
	who->last_pract = SUBJECT_NONE;
}

static void
subjects_release(struct ex_subjects *who, const struct ex *x)
{
	for (size_t i = 0; i <= (size_t)x->vis.n_cards; i++)
		free(who->cards.name[i]);
	free(who->cards.name);
	free(who->cards.pract);
	free(who->cards.seen);
	free(who->cards.placeholder);
	free(who->cards.negated);
	free(who->sec.name);
	free(who->sec.negated);
}

/* One pass over the page's blocks, sentence by sentence: pass 1 finds who
 * is on the page, pass 2 what is claimed of whom. */
static void
read_pass(struct ex *x, struct ex_subjects *who, int pass)
{
	struct sent_ctx sc = { x, who, NULL };

	section_reset(&who->sec);
	for (size_t i = 0; i < x->vis.n; i++) {
		x->blk = &x->vis.blocks[i];
		x->blk_i = i;
		x->hits = &x->block_hits[i];
		x->news_blk = x->scope.blog || (x->blk->flags & VISIBLE_BLOG);
		who->last_pract = SUBJECT_NONE;
		who->news_said = false;
		who->news_pract = SUBJECT_NONE;
		if ((x->blk->flags & VISIBLE_QUOTE) ||
		    (x->blk->card != VISIBLE_NO_CARD && who->cards.placeholder[x->blk->card]))
			continue;
		section_heading(x, &who->sec, x->blk, pass);
		if (pass == 1)
			card_heading(x, &who->cards, x->blk);
		sc.text = x->blk->text;
		visible_sentences(x->blk->text, x->blk->len, pass == 1 ? pass1_sentence : pass2_sentence,
		                  &sc);
	}
}

int
extract_page(const struct rules *r, const struct html_doc *d, struct page_facts *facts)
{
	struct ex x;
	struct ex_subjects who;
	struct markup m;

	memset(&x, 0, sizeof(x));
	memset(&who, 0, sizeof(who));
	memset(&m, 0, sizeof(m));
	if (r == NULL || d == NULL || d->doc == NULL)
		return 0;
	x.r = r;
	x.d = d;
	x.f = facts;
	x.former = xcalloc(EXTRACT_MAX_PRACT, 1);
	markup_collect(d->doc, rules_address(r), &m);
	x.scope = page_scope(r, d->url, &m);
	visible_collect(d->doc, &x.vis);
	page_contact(&x, &m);
	subjects_init(&who, &x);
	if (!x.scope.blog || x.scope.news) {
		for (size_t i = 0; i < m.n_persons && !x.scope.blog; i++)
			markup_person(&x, &m.persons[i]);
		read_pass(&x, &who, 1);
		read_pass(&x, &who, 2);
	}
	section_close(&x, &who.sec);
	page_negation(&x);
	drop_subsumed_boards(r, facts);
	drop_former(&x);
	roles_page(r, &x.vis, x.scope.blog, facts);
	drop_bare_practitioners(facts);
	subjects_release(&who, &x);
	free(x.title);
	free(x.former);
	for (size_t i = 0; i < x.vis.n; i++)
		rules_hits_release(&x.block_hits[i]);
	free(x.block_hits);
	visible_release(&x.vis);
	markup_release(&m);
	return 0;
}
