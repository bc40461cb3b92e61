/* test_prefilter.c: a prefilter answers as the pcre2 search of its join
 * would, on every sentence and block of the corpora (so the roles it
 * passes over hold no statement a pattern of the roles could find), marks
 * every pattern of the roles that matches there (roles.c searches no
 * other), answers as filters.aside before every word of them, and answers
 * so on texts made to trip its pruning. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/html_links.h"
#include "extract/extract_impl.h"
#include "extract/prefilter.h"
#include "extract/roles_impl.h"
#include "extract/rules_impl.h"
#include "extract/rules.h"
#include "extract/visible.h"

static const char *
rules_path(void)
{
	const char *p = getenv("CLINICDEX_RULES");

	return p != NULL && p[0] != '\0' ? p : "data/rules.json";
}

struct check {
	const struct rules *r;
	const struct roles *ro;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	uint8_t *hit;
	const char *text;
	size_t texts, matched, wrong, asides, aside_matched;
};

/* Is every pattern of re[0..n_re) that matches s[0..n) marked in
 * c->hit from first on? roles.c searches no list none of whose is. */
static void
check_hits(struct check *c, pcre2_code *const *re, size_t n_re, size_t first, const char *s,
           size_t n)
{
	for (size_t j = 0; j < n_re; j++)
		if (pcre2_match(re[j], (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, c->md, NULL) >= 0 &&
		    !c->hit[first + j] && c->wrong++ < 5)
			fprintf(stderr, "branch %zu not marked: \"%.*s\"\n", first + j, (int)n, s);
}

/* filters.aside, asked of the ASIDE_BEFORE bytes before each word of
 * s[0..n) as claims.c asks it before a brand: the prefilter's answer is
 * the join's. */
static void
check_asides(struct check *c, const char *s, size_t n)
{
	const struct rules *r = c->r;

	for (size_t end = 1; end < n; end++) {
		size_t from = end > ASIDE_BEFORE ? end - ASIDE_BEFORE : 0;
		bool want, got;

		if (s[end - 1] != ' ')
			continue;
		while (from < end && ((unsigned char)s[from] & 0xC0) == 0x80)
			from++;
		want = pcre2_match(r->aside, (PCRE2_SPTR)s + from, end - from, 0, PCRE2_NO_UTF_CHECK,
		                   c->md, NULL) >= 0;
		got = prefilter_search(r->aside_pf, s + from, end - from, c->md, NULL) == 1;
		c->asides++;
		c->aside_matched += want;
		if (want != got && c->wrong++ < 5)
			fprintf(stderr, "aside: prefilter says %d, pcre2 %d: \"%.*s\"\n", got, want,
			        (int)(end - from), s + from);
	}
}

/* The join's own answer against the prefilter's, for s[0..n). */
static void
check_text(struct check *c, const char *s, size_t n)
{
	const struct roles *ro = c->ro;
	int rc = pcre2_match(ro->any, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, c->md, NULL);
	bool want = rc != PCRE2_ERROR_NOMATCH, got = prefilter_match(ro->any_pf, s, n, c->md);
	bool scanned = prefilter_scan(ro->any_pf, ro->n_br, s, n, c->md, c->mc, c->hit);

	c->texts++;
	c->matched += want;
	if ((want != got || want != scanned) && c->wrong++ < 5)
		fprintf(stderr, "prefilter says %d (scan %d), pcre2 %d: \"%.*s\"\n", got, scanned,
		        want, (int)n, s);
	for (size_t k = 0; k < ROLES_N; k++)
		for (size_t i = 0; i < ro->n[k]; i++) {
			check_hits(c, ro->e[k][i].re, ro->e[k][i].n_re, ro->e[k][i].br_re, s, n);
			check_hits(c, ro->e[k][i].cre, ro->e[k][i].n_cre, ro->e[k][i].br_cre, s, n);
		}
	check_hits(c, ro->verbs, ro->n_verbs, ro->br_verbs, s, n);
	check_asides(c, s, n);
}

static void
check_sentence(void *arg, size_t start, size_t len)
{
	struct check *c = arg;

	check_text(c, c->text + start, len);
}

static void
check_file(struct check *c, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	struct html_doc *d = NULL;
	struct visible_page vis;

	if (f == NULL)
		return;
	buf_init(&b, 64u << 20);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	d = html_parse(buf_str(&b), b.len, "http://corpus.test/");
	memset(&vis, 0, sizeof vis);
	if (d != NULL && d->doc != NULL) {
		visible_collect(d->doc, &vis);
		for (size_t i = 0; i < vis.n; i++) {
			c->text = vis.blocks[i].text;
			check_text(c, vis.blocks[i].text, vis.blocks[i].len);
			visible_sentences(vis.blocks[i].text, vis.blocks[i].len, check_sentence, c);
		}
		visible_release(&vis);
	}
	html_free(d);
	buf_release(&b);
}

static void
check_tree(struct check *c, const char *path, int depth)
{
	struct stat st;
	DIR *d = NULL;
	struct dirent *e = NULL;

	if (depth > 16 || stat(path, &st) != 0)
		return;
	if (S_ISREG(st.st_mode)) {
		size_t n = strlen(path);

		if (n > 5 && strcmp(path + n - 5, ".html") == 0)
			check_file(c, path);
		return;
	}
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char *sub = NULL;

		if (e->d_name[0] == '.')
			continue;
		sub = xasprintf("%s/%s", path, e->d_name);
		check_tree(c, sub, depth + 1);
		free(sub);
	}
	closedir(d);
}

static void
test_corpora(void **state)
{
	static const char *trees[] = {
		"data/demo-web", "tests/corpus", "tests/corpus-holdout", "tests/corpus-holdout2",
		"tests/corpus-holdout3", "tests/corpus-holdout4", "tests/corpus-addresses",
		"../shared/realweb/web",
	};
	const char *top = getenv("TOP_SRCDIR");
	struct rules *r = NULL;
	struct cd_error err = { 0 };
	struct check c;

	(void)state;
	memset(&c, 0, sizeof c);
	assert_int_equal(rules_load(rules_path(), &r, &err), 0);
	c.r = r;
	assert_non_null(r->aside);
	assert_non_null(r->aside_pf);
	c.ro = rules_roles(r);
	assert_non_null(c.ro);
	assert_non_null(c.ro->any);
	assert_non_null(c.ro->any_pf);
	assert_true(c.ro->n_br > 0);
	c.md = pcre2_match_data_create(4, NULL);
	c.mc = pcre2_match_context_create(NULL);
	c.hit = xcalloc(c.ro->n_br, 1);
	for (size_t i = 0; i < sizeof trees / sizeof *trees; i++) {
		char *p = xasprintf("%s/%s", top != NULL ? top : ".", trees[i]);

		check_tree(&c, p, 0);
		free(p);
	}
	fprintf(stderr, "# %zu texts, %zu matched; %zu asides, %zu matched\n", c.texts, c.matched,
	        c.asides, c.aside_matched);
	assert_true(c.aside_matched > 10 && c.aside_matched < c.asides);
	/* the corpora were read, and both answers occur */
	assert_true(c.texts > 10000);
	assert_true(c.matched > 100 && c.matched < c.texts);
	assert_int_equal(c.wrong, 0);
	free(c.hit);
	pcre2_match_context_free(c.mc);
	pcre2_match_data_free(c.md);
	rules_free(r);
}

/* Branches whose starts the table must not prune: a lookbehind that
 * reaches before the match, a pattern in a word, a match at the end, a
 * capital and a letter outside ASCII. */
static void
test_made_up(void **state)
{
	static const char *br[] = { "owner", "medical director\\b", "(?<=Dr)\\. Lee", "inject(?:s|ed)" };
	static const struct {
		const char *text;
		bool match;
	} cases[] = {
		{ "Owner", true }, { "our co-owner", true }, { "coowner", false },
		{ "the Medical Director.", true }, { "medical directors", false },
		{ "Dr. Lee", true }, { "Mr. Lee", false }, { "She injects", true },
		{ "rejected", false }, { "She inject", false }, { "\xc3\xa9owner", true },
		{ "", false }, { "own", false },
	};
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS;
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);

	(void)state;
	for (int ws = 0; ws < 2; ws++) {
		struct prefilter *pf = prefilter_new(br, sizeof br / sizeof *br, opts, ws);

		assert_non_null(pf);
		for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
			bool want = cases[i].match;

			/* without the word start, "coowner" and "rejected" match */
			if (!ws && (strcmp(cases[i].text, "coowner") == 0))
				want = true;
			if (prefilter_match(pf, cases[i].text, strlen(cases[i].text), md) != want)
				fail_msg("word_start %d: \"%s\"", ws, cases[i].text);
		}
		/* which branches: all that match, not only the first */
		{
			const char *t = "Dr. Lee, our medical director and owner, injects";
			uint8_t hit[4];

			assert_true(prefilter_scan(pf, 4, t, strlen(t), md, mc, hit));
			assert_memory_equal(hit, "\1\1\1\1", 4);
			t = "our medical director";
			assert_true(prefilter_scan(pf, 4, t, strlen(t), md, mc, hit));
			assert_memory_equal(hit, "\0\1\0\0", 4);
			t = "nobody here";
			assert_false(prefilter_scan(pf, 4, t, strlen(t), md, mc, hit));
			assert_memory_equal(hit, "\0\0\0\0", 4);
		}
		prefilter_free(pf);
	}
	/* a branch that does not compile: no prefilter */
	{
		static const char *bad[] = { "(unclosed" };

		assert_null(prefilter_new(bad, 1, opts, true));
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpora),
		cmocka_unit_test(test_made_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
