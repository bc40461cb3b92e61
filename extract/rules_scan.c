/* rules_scan.c: one pass over a text finds every pattern of the rules
 * file (see rules_match.h).
 *
 * A pcre2 alternation of a few hundred patterns tries every branch at every
 * position: about 1 MB/s, ten times slower than parsing the HTML. So the
 * patterns are bucketed by the bytes they can start with (pcre2's own
 * start-of-match analysis, PCRE2_INFO_FIRSTBITMAP); at a position only the
 * bucket of its byte is tried, as one anchored alternation. Each branch
 * ends in a callout that records the hit and fails, so pcre2 goes on to
 * the next branch and every pattern matching there is recorded, not only
 * the first. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/claim_kind.h"
#include "common/xalloc.h"
#include "extract/prefilter.h"
#include "extract/rules_impl.h"

#define SCAN_MATCH_LIMIT 100000   /* per position: hostile text finds less */
#define SCAN_DEPTH_LIMIT 10000

/* ---- building ---- */

static void build_live(struct rules *r);

struct builder {
	struct rules *r;
	const char *name;
	struct cd_error *err;
	char **src;          /* per item: "(?i:pattern)" */
	size_t cap;
};

static int
add_item(struct builder *b, const struct rule_pat *p, enum rules_class cls, int sub,
         long code, uint32_t order)
{
	struct rules *r = b->r;
	struct rules_item *it = NULL;

	if (r->n_items == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		r->items = xreallocarray(r->items, b->cap, sizeof *r->items);
		b->src = xreallocarray(b->src, b->cap, sizeof *b->src);
	}
	it = &r->items[r->n_items];
	it->cls = (uint8_t)cls;
	it->sub = (uint8_t)sub;
	it->code = (int32_t)code;
	it->order = order;
	/* A leading \b is dropped: patterns are only tried where a word
	 * begins or at a character that is not a letter or digit, so it holds
	 * already, and with PCRE2_UCP each branch's \b cost a Unicode property
	 * lookup at every word: most of the scan's time. */
	b->src[r->n_items] = xasprintf("(?%s:%s)", p->caseless ? "i" : "-i",
	                               strncmp(p->src, "\\b", 2) == 0 && p->src[2] != '\0' &&
	                                       !strchr("?*+{", p->src[2]) ? p->src + 2 : p->src);
	r->n_items++;
	return 0;
}

static void
add_list(struct builder *b, const struct rule_pat *p, size_t n, enum rules_class cls, int sub,
         long code, uint32_t *order)
{
	for (size_t i = 0; i < n; i++)
		add_item(b, &p[i], cls, sub, code, (*order)++);
}

/* The bytes item i can start a match with, into set[256]; all of them when
 * pcre2 cannot tell. */
static int
item_bytes(struct builder *b, size_t i, bool set[256])
{
	pcre2_code *re = NULL;
	const uint8_t *bm = NULL;
	uint32_t type = 0, unit = 0;
	int rc = 0;

	rc = rules_compile_plain(b->name, "pattern", b->src[i], false, 0, &re, b->err);
	if (rc != 0)
		return rc;
	pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type);
	pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bm);
	if (type == 1) {
		pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit);
		set[unit & 0xFF] = true;
		/* a caseless first letter: both cases (a superset is harmless) */
		if ((unit >= 'a' && unit <= 'z') || (unit >= 'A' && unit <= 'Z'))
			set[unit ^ 0x20] = true;
	} else if (bm != NULL) {
		for (int c = 0; c < 256; c++)
			if (bm[c / 8] & (1u << (c % 8)))
				set[c] = true;
	} else {
		for (int c = 0; c < 256; c++)
			set[c] = true;
	}
	pcre2_code_free(re);
	return 0;
}

/* Compiles the bucket of the items listed (ascending), each branch
 * followed by a callout naming its item. */
static int
build_bucket(struct builder *b, const uint32_t *items, size_t n, struct rules_bucket *bk)
{
	struct buf s = BUF_INIT;
	pcre2_code *re = NULL;
	int rc = 0;

	/* unbounded: the rules file bounds it */
	buf_init(&s, 0);
	for (size_t k = 0; k < n; k++)
		if (buf_printf(&s, "%s%s(?C\"#%u\")", k ? "|" : "", b->src[items[k]], items[k]) < 0) {
			rc = cd_error_set(b->err, CD_EPARSE, "%s: patterns too long to join", b->name);
			goto out;
		}
	if (rules_compile(b->name, "alternation", buf_str(&s), false, PCRE2_ANCHORED, &re,
	                  NULL) == 0) {
		bk->re = xcalloc(1, sizeof *bk->re);
		bk->jit = xcalloc(1, sizeof *bk->jit);
		bk->re[0] = re;
		bk->n = 1;
		goto out;
	}
	/* the patterns do not join (numbered back references, say): one code
	 * per item, each compiled alone before, so this cannot fail */
	bk->re = xcalloc(n, sizeof *bk->re);
	bk->jit = xcalloc(n, sizeof *bk->jit);
	for (size_t k = 0; k < n; k++) {
		buf_reset(&s);
		if (buf_printf(&s, "%s(?C\"#%u\")", b->src[items[k]], items[k]) < 0) {
			rc = cd_error_set(b->err, CD_EPARSE, "%s: a pattern too long", b->name);
			goto out;
		}
		if ((rc = rules_compile(b->name, "pattern", buf_str(&s), false, PCRE2_ANCHORED,
		                        &bk->re[bk->n], b->err)) != 0)
			goto out;
		bk->n++;
	}
out:
	for (size_t k = 0; k < bk->n; k++) {
		size_t jsz = 0;
		pcre2_pattern_info(bk->re[k], PCRE2_INFO_JITSIZE, &jsz);
		bk->jit[k] = jsz > 0;
	}
	buf_release(&s);
	return rc;
}

/* Compiles the patterns of filter f as one alternation, between before
 * and after, into *out; what names it in messages. */
static int
join_filter(struct rules *r, enum rules_filter f, const char *what, const char *before,
            const char *after, uint32_t options, pcre2_code **out, const char *name,
            struct cd_error *err)
{
	struct buf s = BUF_INIT;
	int rc = 0;

	buf_init(&s, 0);   /* unbounded: the rules file bounds it */
	if (buf_puts(&s, before) < 0)
		rc = cd_error_set(err, CD_EPARSE, "%s: %s too long", name, what);
	for (size_t i = 0; i < r->n_filter_pats[f] && rc == 0; i++) {
		const struct rule_pat *p = &r->filter_pats[f][i];

		if (buf_printf(&s, "%s(?%s:%s)", i ? "|" : "", p->caseless ? "i" : "-i", p->src) < 0)
			rc = cd_error_set(err, CD_EPARSE, "%s: %s too long", name, what);
	}
	if (rc == 0 && buf_puts(&s, after) < 0)
		rc = cd_error_set(err, CD_EPARSE, "%s: %s too long", name, what);
	if (rc == 0)
		rc = rules_compile(name, what, buf_str(&s), false, options, out, err);
	buf_release(&s);
	return rc;
}

int
rules_scan_build(struct rules *r, const char *name, struct cd_error *err)
{
	struct builder b = { r, name, err, NULL, 0 };
	bool (*starts)[256] = NULL;
	uint32_t *list = NULL, *lists[256] = { NULL }, order = 0;
	size_t lens[256] = { 0 };
	int rc = 0;

	/* code patterns, in file order per set */
	for (int set = 0; set < RULES_SET_N; set++) {
		order = 0;
		for (size_t i = 0; i < r->n_codes; i++) {
			const struct code_ent *c = &r->codes[i];
			int s = c->board ? RULES_SET_BOARD :
			        claim_kind_is(c->kind, CLAIM_KIND_SERVICE) ? RULES_SET_SERVICE : RULES_SET_CREDENTIAL;
			if (s == set)
				add_list(&b, c->pats, c->n_pats, RULES_C_SET, set, (long)i, &order);
		}
	}
	for (int f = 0; f < RULES_F_N; f++) {
		order = 0;
		if (f != RULES_F_PRODUCT && f != RULES_F_ASIDE)
			add_list(&b, r->filter_pats[f], r->n_filter_pats[f], RULES_C_FILTER, f, -1, &order);
	}
	order = 0;
	for (size_t i = 0; i < r->n_specialties; i++)
		add_list(&b, r->specialties[i].pats, r->specialties[i].n_pats, RULES_C_SPECIALTY, 0,
		         r->specialties[i].code, &order);
	order = 0;
	for (size_t i = 0; i < r->n_codes; i++)
		add_list(&b, r->codes[i].sufs, r->codes[i].n_sufs, RULES_C_SUFFIX, 0, (long)i, &order);
	add_list(&b, r->other_sufs, r->n_other_sufs, RULES_C_SUFFIX, 0, RULES_SUFFIX_OTHER, &order);
	for (int w = 0; w < RULES_W_N; w++) {
		order = 0;
		add_list(&b, r->word_pats[w], r->n_word_pats[w], RULES_C_WORD, w, -1, &order);
	}

	/* product words follow a brand: one anchored alternation; aside
	 * words come just before a brand: one alternation ending at $ */
	if (r->n_filter_pats[RULES_F_PRODUCT] > 0 &&
	    (rc = join_filter(r, RULES_F_PRODUCT, "filters.product", "", "", PCRE2_ANCHORED,
	                      &r->product, name, err)) != 0)
		goto out;
	if (r->n_filter_pats[RULES_F_ASIDE] > 0 &&
	    (rc = join_filter(r, RULES_F_ASIDE, "filters.aside", "(?:", ")[\\s\\p{P}]*$", 0,
	                      &r->aside, name, err)) != 0)
		goto out;
	/* asked of the words before every brand named: the same join, tried
	 * only where a match can begin (a pattern there ends at $ as well) */
	if (r->aside != NULL) {
		size_t n = r->n_filter_pats[RULES_F_ASIDE];
		char **br = xcalloc(n, sizeof *br);

		for (size_t i = 0; i < n; i++)
			br[i] = xasprintf("(?%s:%s)[\\s\\p{P}]*$",
			                  r->filter_pats[RULES_F_ASIDE][i].caseless ? "i" : "-i",
			                  r->filter_pats[RULES_F_ASIDE][i].src);
		r->aside_pf = prefilter_new((const char *const *)br, n, PCRE2_UTF | PCRE2_UCP, false);
		for (size_t i = 0; i < n; i++)
			free(br[i]);
		free(br);
	}

	/* the bytes each item may start with; a bucket per distinct item list */
	starts = xcalloc(r->n_items ? r->n_items : 1, sizeof *starts);
	for (size_t i = 0; i < r->n_items; i++) {
		if ((rc = item_bytes(&b, i, starts[i])) != 0)
			goto out;
		/* name words are asked of capitalised words only: not trying
		 * "the", "and", "care" at every lower-case word saves a callout
		 * a word */
		if (r->items[i].cls == RULES_C_WORD)
			for (int c = 'a'; c <= 'z'; c++)
				starts[i][c] = false;
	}
	for (int c = 0; c < 256; c++) {
		size_t n = 0, k;

		list = xcalloc(r->n_items ? r->n_items : 1, sizeof *list);
		for (size_t i = 0; i < r->n_items; i++)
			if (starts[i][c])
				list[n++] = (uint32_t)i;
		/* the same list as an earlier byte's ("B" and "b"): share it */
		for (k = 0; n > 0 && k < r->n_buckets; k++)
			if (lens[k] == n && memcmp(lists[k], list, n * sizeof *list) == 0)
				break;
		if (n == 0 || k < r->n_buckets) {
			r->bucket_of[c] = n == 0 ? 0 : (uint16_t)(k + 1);
			free(list);
			list = NULL;
			continue;
		}
		r->buckets = xreallocarray(r->buckets, r->n_buckets + 1, sizeof *r->buckets);
		memset(&r->buckets[r->n_buckets], 0, sizeof *r->buckets);
		lists[r->n_buckets] = list;
		lens[r->n_buckets] = n;
		list = NULL;
		rc = build_bucket(&b, lists[r->n_buckets], n, &r->buckets[r->n_buckets]);
		r->bucket_of[c] = (uint16_t)(++r->n_buckets);
		if (rc != 0)
			goto out;
	}
	build_live(r);
out:
	for (size_t i = 0; i < r->n_items; i++)
		free(b.src[i]);
	free(b.src);
	free(starts);
	free(list);
	for (size_t k = 0; k < r->n_buckets; k++)
		free(lists[k]);
	return rc;
}

/* ---- three-letter starts ---- */

/* Letter number 0-51, or -1 for any other byte. */
static int
letter_no(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return 26 + c - 'a';
	return -1;
}

static unsigned char
letter_of(int k)
{
	return (unsigned char)(k < 26 ? 'A' + k : 'a' + k - 26);
}

static int
count_callout(pcre2_callout_block *cb, void *data)
{
	(void)cb;
	++*(size_t *)data;
	return 1;
}

/* Could some pattern of the codes re[0..n_re) begin with s[0..n)? Asked
 * with partial matching: a pattern that needs more text answers "partial",
 * one that cannot start so answers "no match". */
static bool
could_start(pcre2_code *const *re, size_t n_re, const char *s, size_t n, pcre2_match_data *md,
            pcre2_match_context *mc, size_t *hits)
{
	for (size_t k = 0; k < n_re; k++) {
		int rc = pcre2_match(re[k], (PCRE2_SPTR)s, n, 0, PCRE2_PARTIAL_HARD, md, mc);

		if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL || *hits > 0)
			return true;
	}
	return false;
}

/* Most words are ones no pattern starts with ("the", "and", "with"); a
 * table of the three-letter starts any pattern of a bucket could begin
 * with lets the scan pass them without running the bucket. Built with
 * pcre2's own partial matching, so it holds for any pattern; a bucket with
 * a lookbehind assertion (which sees text before the word) is never
 * pruned. */
static void
build_live(struct rules *r)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	size_t hits = 0;

	if (md == NULL || mc == NULL)
		abort();
	pcre2_set_callout(mc, count_callout, &hits);
	pcre2_set_match_limit(mc, SCAN_MATCH_LIMIT);
	for (int a = 0; a < 52; a++) {
		unsigned char ca = letter_of(a);
		const struct rules_bucket *bk = NULL;
		uint32_t lb = 0;
		uint8_t *live = NULL;
		pcre2_code **re = NULL;

		if (r->bucket_of[ca] == 0)
			continue;
		bk = &r->buckets[r->bucket_of[ca] - 1];
		for (size_t k = 0; k < bk->n; k++) {
			uint32_t v = 0;
			pcre2_pattern_info(bk->re[k], PCRE2_INFO_MAXLOOKBEHIND, &v);
			lb |= v;
		}
		/* \b counts as a one-character lookbehind; only a longer one
		 * (an assertion like (?<!vice )) sees text before the word */
		if (lb > 1)
			continue;
		/* The 1,400 or so probes a letter ran in pcre2's interpreter,
		 * which walks every branch of the bucket: half the cost of
		 * loading the rules. JIT code for partial matching answers the
		 * same, several times faster; it is made on copies, so the
		 * scan's codes do not carry it, and only where the scan's code
		 * was JIT-compiled (not under CLINICDEX_NO_JIT). */
		re = xcalloc(bk->n, sizeof *re);
		for (size_t k = 0; k < bk->n; k++) {
			re[k] = bk->jit[k] ? pcre2_code_copy(bk->re[k]) : NULL;
			if (re[k] == NULL)
				re[k] = bk->re[k];
			else
				pcre2_jit_compile(re[k], PCRE2_JIT_PARTIAL_HARD);
		}
		live = xcalloc(52 * 52 / 8 + 1, 1);
		for (int b = 0; b < 52; b++) {
			char t[3] = { (char)ca, (char)letter_of(b), 0 };

			hits = 0;
			if (!could_start(re, bk->n, t, 2, md, mc, &hits))
				continue;
			for (int c = 0; c < 52; c++) {
				t[2] = (char)letter_of(c);
				hits = 0;
				if (could_start(re, bk->n, t, 3, md, mc, &hits))
					live[(b * 52 + c) / 8] |= (uint8_t)(1u << ((b * 52 + c) % 8));
			}
		}
		r->live[ca] = live;
		for (size_t k = 0; k < bk->n; k++)
			if (re[k] != bk->re[k])
				pcre2_code_free(re[k]);
		free(re);
		re = NULL;
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
}

void
rules_scan_free(struct rules *r)
{
	prefilter_free(r->aside_pf);
	for (int c = 0; c < 256; c++)
		free(r->live[c]);
	for (size_t i = 0; i < r->n_buckets; i++) {
		for (size_t k = 0; k < r->buckets[i].n; k++)
			pcre2_code_free(r->buckets[i].re[k]);
		free(r->buckets[i].re);
		free(r->buckets[i].jit);
	}
	free(r->buckets);
	free(r->items);
}

/* ---- scanning ---- */

/* Per thread: the match data, a match context with limits and the
 * callout, and a hit list for the one-text questions. */
struct scan_tls {
	pcre2_match_data *md;
	pcre2_match_context *mc;
	struct rules_hits hits;
};

static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;

static void
tls_free(void *p)
{
	struct scan_tls *t = p;

	pcre2_match_data_free(t->md);
	pcre2_match_context_free(t->mc);
	rules_hits_release(&t->hits);
	free(t);
}

static void
tls_key_init(void)
{
	if (pthread_key_create(&tls_key, tls_free) != 0)
		abort();
}

static struct scan_tls *
tls_get(void)
{
	struct scan_tls *t = NULL;

	pthread_once(&tls_once, tls_key_init);
	if ((t = pthread_getspecific(tls_key)) == NULL) {
		t = xcalloc(1, sizeof *t);
		/* only the whole match is read; more groups than pairs still match */
		t->md = pcre2_match_data_create(4, NULL);
		t->mc = pcre2_match_context_create(NULL);
		if (t->md == NULL || t->mc == NULL)
			abort();   /* out of memory, as xmalloc */
		pcre2_set_match_limit(t->mc, SCAN_MATCH_LIMIT);
		pcre2_set_depth_limit(t->mc, SCAN_DEPTH_LIMIT);
		rules_hits_init(&t->hits);
		pthread_setspecific(tls_key, t);
	}
	return t;
}

void
rules_hits_init(struct rules_hits *h)
{
	memset(h, 0, sizeof *h);
}

void
rules_hits_release(struct rules_hits *h)
{
	free(h->v);
	memset(h, 0, sizeof *h);
}

struct scan_state {
	struct rules_hits *h;
	size_t pos;
	size_t n_items;
};

/* Records "#ITEM" callouts and fails them, so every branch is tried.
 * Callouts a rules author wrote (without '#') are let through. */
static int
scan_callout(pcre2_callout_block *cb, void *data)
{
	struct scan_state *st = data;
	struct rules_hits *h = st->h;
	unsigned long item = 0;

	if (cb->callout_string == NULL || cb->callout_string_length < 2 ||
	    cb->callout_string[0] != '#')
		return 0;
	item = strtoul((const char *)cb->callout_string + 1, NULL, 10);
	if (item >= st->n_items || h->n >= RULES_MAX_HITS)
		return 1;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	h->v[h->n].start = (uint32_t)st->pos;
	h->v[h->n].end = (uint32_t)cb->current_position;
	h->v[h->n].item = (uint32_t)item;
	h->n++;
	return 1;
}

static bool
ascii_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

/* Does the character ending at s[p - 1] belong to a word? ASCII as \w;
 * outside ASCII, letters of the Latin, Greek, Cyrillic and later blocks
 * count, while the punctuation and symbol blocks around them ("—", "“",
 * "®", "™", "·") and emoji do not. A rough line, but a word starting after
 * a curly quote must be tried. */
static bool
word_before(const char *s, size_t p)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t b = p - 1, k = 0;
	uint32_t cp = 0;

	if (u[b] < 0x80)
		return ascii_word(u[b]);
	while (b > 0 && (u[b] & 0xC0) == 0x80 && k < 3) {
		b--;
		k++;
	}
	if (u[b] >= 0xF0)
		cp = u[b] & 0x07;
	else if (u[b] >= 0xE0)
		cp = u[b] & 0x0F;
	else
		cp = u[b] & 0x1F;
	for (size_t i = b + 1; i < p; i++)
		cp = (cp << 6) | (u[i] & 0x3F);
	return (cp >= 0xC0 && cp <= 0x2AF && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x370 && cp < 0x2000) || (cp >= 0x3040 && cp < 0xFE00);
}

void
rules_scan_text(const struct rules *r, const char *s, size_t n, struct rules_hits *h)
{
	struct scan_tls *t = tls_get();
	struct scan_state st = { h, 0, r->n_items };

	h->n = 0;
	if (r->n_buckets == 0 || n >= UINT32_MAX)
		return;
	pcre2_set_callout(t->mc, scan_callout, &st);
	for (size_t p = 0; p < n; p++) {
		unsigned char c = (unsigned char)s[p];
		const struct rules_bucket *bk = NULL;
		uint16_t bi = r->bucket_of[c];

		/* never inside a word, nor inside a UTF-8 character */
		if (bi == 0 || (c & 0xC0) == 0x80 ||
		    (p > 0 && (ascii_word(c) || c >= 0x80) && word_before(s, p)))
			continue;
		/* a word no pattern can start with, by its first three letters */
		if (r->live[c] != NULL && p + 2 < n) {
			int b2 = letter_no((unsigned char)s[p + 1]), c3 = letter_no((unsigned char)s[p + 2]);

			if (b2 >= 0 && c3 >= 0 &&
			    !(r->live[c][(b2 * 52 + c3) / 8] & (1u << ((b2 * 52 + c3) % 8))))
				continue;
		}
		bk = &r->buckets[bi - 1];
		st.pos = p;
		for (size_t k = 0; k < bk->n; k++) {
			if (bk->jit[k])
				pcre2_jit_match(bk->re[k], (PCRE2_SPTR)s, n, p, 0, t->md, t->mc);
			else
				pcre2_match(bk->re[k], (PCRE2_SPTR)s, n, p, PCRE2_NO_UTF_CHECK, t->md,
				            t->mc);
		}
	}
	pcre2_set_callout(t->mc, NULL, NULL);   /* st dies with this call */
	/* within a bucket the callouts came in branch order; with several
	 * codes per bucket (the fallback) they need sorting by item */
	for (size_t i = 1; i < h->n; i++) {
		struct rules_hit x = h->v[i];
		size_t j = i;

		while (j > 0 && h->v[j - 1].start == x.start && h->v[j - 1].item > x.item) {
			h->v[j] = h->v[j - 1];
			j--;
		}
		h->v[j] = x;
	}
}

/* ---- questions ---- */

/* Index of the first hit starting at or after from. */
static size_t
first_at(const struct rules_hits *h, size_t from)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->v[mid].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void
rules_hits_set(const struct rules *r, const struct rules_hits *h, enum rules_set set,
               size_t from, size_t to, rules_hit_fn fn, void *arg)
{
	size_t next = from;

	for (size_t i = first_at(h, from); i < h->n && h->v[i].start < to; i++) {
		const struct rules_hit *x = &h->v[i];
		const struct rules_item *it = &r->items[x->item];

		/* the first recorded match of the first pattern at the leftmost
		 * start is what an alternation finds; a match running past the
		 * end of [from, to) is not one of this part */
		if (x->start < next || it->cls != RULES_C_SET || it->sub != set || x->end > to)
			continue;
		fn(arg, (size_t)it->code, x->start - from, x->end - from);
		next = x->end > x->start ? x->end : x->start + 1;
	}
}

bool
rules_hits_filter(const struct rules *r, const struct rules_hits *h, enum rules_filter f,
                  size_t from, size_t to)
{
	return rules_hits_filter_at(r, h, f, from, to) != (size_t)-1;
}

size_t
rules_hits_filter_at(const struct rules *r, const struct rules_hits *h, enum rules_filter f,
                     size_t from, size_t to)
{
	for (size_t i = first_at(h, from); i < h->n && h->v[i].start < to; i++) {
		const struct rules_item *it = &r->items[h->v[i].item];

		if (it->cls == RULES_C_FILTER && it->sub == f && h->v[i].end <= to)
			return h->v[i].start - from;
	}
	return (size_t)-1;
}

long
rules_hits_specialty(const struct rules *r, const struct rules_hits *h, size_t from, size_t to)
{
	for (size_t i = first_at(h, from); i < h->n && h->v[i].start < to; i++) {
		const struct rules_item *it = &r->items[h->v[i].item];

		/* hits are in start order, then file order: the first one wins */
		if (it->cls == RULES_C_SPECIALTY && h->v[i].end <= to)
			return it->code;
	}
	return r->unspecified;
}

long
rules_hits_suffix(const struct rules *r, const struct rules_hits *h, size_t from, size_t to)
{
	long other = RULES_SUFFIX_NONE;

	for (size_t i = first_at(h, from); i < h->n && h->v[i].start == from; i++) {
		const struct rules_item *it = &r->items[h->v[i].item];

		if (it->cls != RULES_C_SUFFIX || h->v[i].end != to)
			continue;
		if (it->code >= 0)
			return it->code;   /* a coded suffix wins over an uncoded one */
		other = RULES_SUFFIX_OTHER;
	}
	return other;
}

bool
rules_hits_word(const struct rules *r, const struct rules_hits *h, enum rules_words w,
                size_t from, size_t to)
{
	for (size_t i = first_at(h, from); i < h->n && h->v[i].start == from; i++) {
		const struct rules_item *it = &r->items[h->v[i].item];

		if (it->cls == RULES_C_WORD && it->sub == w && h->v[i].end == to)
			return true;
	}
	return false;
}

/* ---- one text of its own ---- */

static const struct rules_hits *
scan_own(const struct rules *r, const char *s, size_t n)
{
	struct scan_tls *t = tls_get();

	rules_scan_text(r, s, n, &t->hits);
	return &t->hits;
}

void
rules_scan(const struct rules *r, enum rules_set set, const char *s, size_t n,
           rules_hit_fn fn, void *arg)
{
	rules_hits_set(r, scan_own(r, s, n), set, 0, n, fn, arg);
}

bool
rules_filter(const struct rules *r, enum rules_filter f, const char *s, size_t n)
{
	if (f == RULES_F_PRODUCT) {
		struct scan_tls *t = tls_get();

		return r->product != NULL &&
		       pcre2_match(r->product, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, t->md,
		                   t->mc) >= 0;
	}
	if (f == RULES_F_ASIDE) {
		struct scan_tls *t = tls_get();

		if (r->aside_pf != NULL)
			return prefilter_search(r->aside_pf, s, n, t->md, t->mc) == 1;
		return r->aside != NULL &&
		       pcre2_match(r->aside, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, t->md,
		                   t->mc) >= 0;
	}
	return rules_hits_filter(r, scan_own(r, s, n), f, 0, n);
}

long
rules_suffix(const struct rules *r, const char *s, size_t n)
{
	return n == 0 ? RULES_SUFFIX_NONE : rules_hits_suffix(r, scan_own(r, s, n), 0, n);
}

long
rules_board_specialty(const struct rules *r, const char *s, size_t n)
{
	return rules_hits_specialty(r, scan_own(r, s, n), 0, n);
}

bool
rules_word(const struct rules *r, enum rules_words w, const char *s, size_t n)
{
	return n > 0 && rules_hits_word(r, scan_own(r, s, n), w, 0, n);
}
