/* prefilter.c: an alternation tried only where a match can begin (see
 * prefilter.h). */
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "extract/prefilter.h"
#include "extract/regex_jit.h"

#define PF_PROBE_LIMIT 100000   /* per probe at build time */

struct prefilter {
	pcre2_code *re;        /* the pattern, anchored (PCRE2_ANCHORED), JIT */
	bool start[256];       /* the bytes a match can begin with */
	/* per byte, the join of only the branches that can begin with it
	 * (anchored, JIT): bk[bucket_of[c] - 1], none when 0 */
	pcre2_code **bk;
	size_t n_bk;
	uint16_t bucket_of[256];
	bool word_start;       /* never between two ASCII word bytes */
	bool empty;            /* no start bytes known: may match the empty end */
	/* live[a]: bit (b * 52 + c) set when a match can begin with the
	 * letters a b c (A-Z 0-25, a-z 26-51); NULL: every start is tried */
	uint8_t *live[52];
};

static int
letter_no(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return 26 + c - 'a';
	return -1;
}

static char
letter_of(int k)
{
	return (char)(k < 26 ? 'A' + k : 'a' + k - 26);
}

static bool
ascii_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

/* The bytes a match of the unanchored code u can begin with; false when
 * pcre2 cannot tell (all of them, and a match may be empty). */
static bool
start_bytes(pcre2_code *u, bool start[256])
{
	const uint8_t *bm = NULL;
	uint32_t type = 0, unit = 0;

	pcre2_pattern_info(u, PCRE2_INFO_FIRSTCODETYPE, &type);
	pcre2_pattern_info(u, PCRE2_INFO_FIRSTBITMAP, &bm);
	if (type == 1) {
		pcre2_pattern_info(u, PCRE2_INFO_FIRSTCODEUNIT, &unit);
		start[unit & 0xFF] = true;
		if ((unit >= 'a' && unit <= 'z') || (unit >= 'A' && unit <= 'Z'))
			start[unit ^ 0x20] = true;   /* a superset is harmless */
	} else if (bm != NULL) {
		for (int c = 0; c < 256; c++)
			start[c] = (bm[c / 8] & (1u << (c % 8))) != 0;
	} else {
		memset(start, 1, 256 * sizeof *start);
		return false;
	}
	return true;
}

/* Could a match begin with t[0..n)? Partial matching answers "partial"
 * when the pattern needs more text, "no match" when it cannot begin so;
 * anything else (a limit) counts as yes. */
static bool
could_begin(const pcre2_code *re, const char *t, size_t n, pcre2_match_data *md,
            pcre2_match_context *mc)
{
	return pcre2_match(re, (PCRE2_SPTR)t, n, 0, PCRE2_PARTIAL_HARD, md, mc) !=
	       PCRE2_ERROR_NOMATCH;
}

/* Compiles the join of the branches listed in use[] (all when NULL) as
 * prefilter_new describes; NULL when it does not compile. Each branch
 * ends in a callout numbered as the branch, for prefilter_scan: without
 * a callout function (a NULL match context) pcre2 passes them by. */
static pcre2_code *
join(const char *const *br, size_t n, const bool *use, uint32_t opts, bool word_start)
{
	struct buf s = BUF_INIT;
	pcre2_code *re = NULL;
	PCRE2_SIZE off = 0;
	int ec = 0, rc = 0;

	buf_init(&s, 0);   /* unbounded: the rules file bounds it */
	rc = buf_puts(&s, word_start ? PREFILTER_WORD_START "(?|" : "(?|");
	for (size_t i = 0, k = 0; i < n && rc == 0; i++)
		if (use == NULL || use[i])
			rc = n <= PREFILTER_MAX_BRANCHES ?
			     buf_printf(&s, "%s(?:%s)(?C%zu)", k++ ? "|" : "", br[i], i) :
			     buf_printf(&s, "%s(?:%s)", k++ ? "|" : "", br[i]);
	if (rc == 0 && buf_puts(&s, ")") == 0)
		re = pcre2_compile((PCRE2_SPTR)buf_str(&s), s.len, opts, &ec, &off, NULL);
	buf_release(&s);
	return re;
}

/* Can a probe stand for branch b? A probe starts at the start of its
 * subject, where a lookbehind sees nothing: that holds for a negative
 * one of a byte ("(?<!x)", "\b" before a letter hold there as anywhere),
 * not for a positive one, \B, or one that reaches further back, which
 * may see more in a text. */
static bool
probe_sound(const char *b, uint32_t opts)
{
	PCRE2_SIZE off = 0;
	int ec = 0;
	uint32_t lb = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)b, PCRE2_ZERO_TERMINATED, opts, &ec, &off, NULL);

	if (re == NULL)
		return false;
	pcre2_pattern_info(re, PCRE2_INFO_MAXLOOKBEHIND, &lb);
	pcre2_code_free(re);
	return lb <= 1 && strstr(b, "\\B") == NULL && strstr(b, "(?<=") == NULL;
}

/* The three-letter table, from the branches a probe can stand for; the
 * first letters of the others get none (every start with them is tried). */
static void
build_live(struct prefilter *pf, const char *const *br, size_t n, bool (*st)[256],
           uint32_t opts, bool word_start)
{
	bool *sound = xcalloc(n ? n : 1, sizeof *sound), other[256] = { false };
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	pcre2_match_context *mc = NULL;
	size_t jsz = 0;

	for (size_t i = 0; i < n; i++)
		if (!(sound[i] = probe_sound(br[i], opts)))
			for (int c = 0; c < 256; c++)
				other[c] = other[c] || st[i][c];
	if ((re = join(br, n, sound, opts | PCRE2_ANCHORED, word_start)) == NULL)
		goto out;
	md = pcre2_match_data_create(4, NULL);
	mc = pcre2_match_context_create(NULL);
	if (md == NULL || mc == NULL)
		abort();   /* out of memory, as xmalloc */
	pcre2_set_match_limit(mc, PF_PROBE_LIMIT);
	regex_jit(re);
	pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jsz);
	if (jsz > 0)
		pcre2_jit_compile(re, PCRE2_JIT_PARTIAL_HARD);
	for (int a = 0; a < 52; a++) {
		char t[3] = { letter_of(a), 0, 0 };

		if (!pf->start[(unsigned char)t[0]] || other[(unsigned char)t[0]])
			continue;
		pf->live[a] = xcalloc(52 * 52 / 8 + 1, 1);
		for (int b = 0; b < 52; b++) {
			t[1] = letter_of(b);
			if (!could_begin(re, t, 2, md, mc))
				continue;
			for (int c = 0; c < 52; c++) {
				t[2] = letter_of(c);
				if (could_begin(re, t, 3, md, mc))
					pf->live[a][(b * 52 + c) / 8] |= (uint8_t)(1u << ((b * 52 + c) % 8));
			}
		}
	}
out:
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	pcre2_code_free(re);
	free(sound);
}

/* The bucket of each byte: a join per distinct list of branches. */
static bool
build_buckets(struct prefilter *pf, const char *const *br, size_t n, bool (*st)[256],
              uint32_t opts, bool word_start)
{
	bool *lists = xcalloc(256 * (n ? n : 1), sizeof *lists);
	bool ok = true;

	for (int c = 0; c < 256 && ok; c++) {
		bool *l = &lists[(size_t)c * n], some = false;
		int k;

		for (size_t i = 0; i < n; i++)
			some |= (l[i] = st[i][c]);
		if (!some)
			continue;
		/* the same list as an earlier byte's ("B" and "b"): share it */
		for (k = 0; k < c; k++)
			if (pf->bucket_of[k] != 0 && memcmp(&lists[(size_t)k * n], l, n * sizeof *l) == 0)
				break;
		if (k < c) {
			pf->bucket_of[c] = pf->bucket_of[k];
			continue;
		}
		pf->bk = xreallocarray(pf->bk, pf->n_bk + 1, sizeof *pf->bk);
		if ((pf->bk[pf->n_bk] = join(br, n, l, opts | PCRE2_ANCHORED, word_start)) == NULL) {
			ok = false;
			break;
		}
		regex_jit(pf->bk[pf->n_bk]);
		pf->bucket_of[c] = (uint16_t)++pf->n_bk;
	}
	free(lists);
	return ok;
}

struct prefilter *
prefilter_new(const char *const *br, size_t n, uint32_t opts, bool word_start)
{
	struct prefilter *pf = NULL;
	bool (*st)[256] = NULL;

	if (n == 0)
		return NULL;
	pf = xcalloc(1, sizeof *pf);
	pf->word_start = word_start;
	if ((pf->re = join(br, n, NULL, opts | PCRE2_ANCHORED, word_start)) == NULL)
		goto fail;
	regex_jit(pf->re);
	/* the bytes each branch can begin with; all of them, and the
	 * empty end of a text, when pcre2 cannot tell */
	st = xcalloc(n, sizeof *st);
	for (size_t i = 0; i < n; i++) {
		PCRE2_SIZE off = 0;
		int ec = 0;
		pcre2_code *u = pcre2_compile((PCRE2_SPTR)br[i], PCRE2_ZERO_TERMINATED, opts, &ec,
		                              &off, NULL);

		if (u == NULL)
			goto fail;
		if (!start_bytes(u, st[i]))
			pf->empty = true;
		pcre2_code_free(u);
		for (int c = 0; c < 256; c++)
			pf->start[c] = pf->start[c] || st[i][c];
	}
	if (!build_buckets(pf, br, n, st, opts, word_start))
		goto fail;
	build_live(pf, br, n, st, opts, word_start);
	free(st);
	return pf;
fail:
	free(st);
	prefilter_free(pf);
	return NULL;
}

void
prefilter_free(struct prefilter *pf)
{
	if (pf == NULL)
		return;
	for (int a = 0; a < 52; a++)
		free(pf->live[a]);
	for (size_t k = 0; k < pf->n_bk; k++)
		pcre2_code_free(pf->bk[k]);
	free(pf->bk);
	pcre2_code_free(pf->re);
	free(pf);
}

bool
prefilter_match(const struct prefilter *pf, const char *s, size_t n, pcre2_match_data *md)
{
	return prefilter_search(pf, s, n, md, NULL) != PCRE2_ERROR_NOMATCH;
}

int
prefilter_search(const struct prefilter *pf, const char *s, size_t n, pcre2_match_data *md,
                 pcre2_match_context *mc)
{
	const unsigned char *u = (const unsigned char *)s;

	/* p == n too when the pattern may match the empty end of the text */
	for (size_t p = 0; p <= n; p++) {
		const pcre2_code *re = pf->re;
		int a, rc;

		if (p < n) {
			/* never inside a UTF-8 character */
			if (!pf->start[u[p]] || (u[p] & 0xC0) == 0x80)
				continue;
			if (pf->word_start && p > 0 && ascii_word(u[p - 1]) && ascii_word(u[p]))
				continue;
			if ((a = letter_no(u[p])) >= 0 && pf->live[a] != NULL && p + 2 < n) {
				int b = letter_no(u[p + 1]), c = letter_no(u[p + 2]);

				if (b >= 0 && c >= 0 &&
				    !(pf->live[a][(b * 52 + c) / 8] & (1u << ((b * 52 + c) % 8))))
					continue;
			}
			re = pf->bk[pf->bucket_of[u[p]] - 1];
		} else if (!pf->empty) {
			break;
		}
		rc = pcre2_match(re, (PCRE2_SPTR)s, n, p, PCRE2_NO_UTF_CHECK, md, mc);
		if (rc != PCRE2_ERROR_NOMATCH)
			return rc >= 0 ? 1 : rc;
	}
	return PCRE2_ERROR_NOMATCH;
}

struct scan_state {
	uint8_t *hit;
	bool any;
};

/* Records the branch whose end was reached and fails it, so that every
 * branch is tried at the position. */
static int
scan_callout(pcre2_callout_block *cb, void *data)
{
	struct scan_state *st = data;

	st->hit[cb->callout_number] = 1;
	st->any = true;
	return 1;
}

bool
prefilter_scan(const struct prefilter *pf, size_t n_br, const char *s, size_t n,
               pcre2_match_data *md, pcre2_match_context *mc, uint8_t *hit)
{
	const unsigned char *u = (const unsigned char *)s;
	struct scan_state st = { hit, false };
	bool all = n_br > PREFILTER_MAX_BRANCHES;

	memset(hit, 0, n_br);
	pcre2_set_callout(mc, scan_callout, &st);
	for (size_t p = 0; p <= n && !all; p++) {
		const pcre2_code *re = pf->re;
		int a, rc;

		if (p < n) {
			if (!pf->start[u[p]] || (u[p] & 0xC0) == 0x80)
				continue;
			if (pf->word_start && p > 0 && ascii_word(u[p - 1]) && ascii_word(u[p]))
				continue;
			if ((a = letter_no(u[p])) >= 0 && pf->live[a] != NULL && p + 2 < n) {
				int b = letter_no(u[p + 1]), c = letter_no(u[p + 2]);

				if (b >= 0 && c >= 0 &&
				    !(pf->live[a][(b * 52 + c) / 8] & (1u << ((b * 52 + c) % 8))))
					continue;
			}
			re = pf->bk[pf->bucket_of[u[p]] - 1];
		} else if (!pf->empty) {
			break;
		}
		rc = pcre2_match(re, (PCRE2_SPTR)s, n, p, PCRE2_NO_UTF_CHECK, md, mc);
		/* a limit (or a match past the callouts): every branch, as if */
		all = rc != PCRE2_ERROR_NOMATCH;
	}
	pcre2_set_callout(mc, NULL, NULL);   /* st dies with this call */
	if (all)
		memset(hit, 1, n_br);
	return all || st.any;
}
