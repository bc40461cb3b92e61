/* roles.c: roles and oversight statements in a page (see roles.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/regex_jit.h"
#include "extract/roles.h"
#include "extract/rules_match.h"

#define ROLES_MAX_EVIDENCE 500   /* bytes of a sentence kept as evidence */
#define ROLES_LABEL_BLOCK  60    /* a block this short may be a role label alone */
#define ROLES_MAX_CODES    64
#define ROLES_MAX_PATTERNS 32

struct roles_ent {
	char *code, *label;
	pcre2_code **re;
	size_t n_re;
};

struct roles {
	struct roles_ent *e[ROLES_N];
	size_t n[ROLES_N];
	/* every pattern of both lists in one alternation (NULL when they do
	 * not join): a sentence it does not match has no role to read */
	pcre2_code *any;
};

static const char *const roles_keys[ROLES_N] = { "roles", "oversight" };

/* The join of every pattern, built while they are read. */
struct roles_join {
	struct buf src;
	bool apart;     /* a pattern that cannot join: no join */
	bool some_b;    /* a pattern without a leading \b */
};

static int
roles_read_ent(json_object *o, const char *name, const char *key, struct roles_ent *e,
               struct roles_join *any, struct cd_error *err)
{
	json_object *v = NULL, *pats = NULL;
	const char *src = NULL;
	size_t i, n;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "code", &v) || !json_object_is_type(v, json_type_string))
		return cd_error_set(err, CD_EPARSE, "%s: %s: an entry without a \"code\" string",
		                    name, key);
	e->code = xstrdup(json_object_get_string(v));
	e->label = json_object_object_get_ex(o, "label", &v) &&
	           json_object_is_type(v, json_type_string) ?
	           xstrdup(json_object_get_string(v)) : xstrdup(e->code);
	if (!json_object_object_get_ex(o, "patterns", &pats) ||
	    !json_object_is_type(pats, json_type_array) ||
	    (n = json_object_array_length(pats)) == 0 || n > ROLES_MAX_PATTERNS)
		return cd_error_set(err, CD_EPARSE, "%s: %s %s: \"patterns\" must be a list of 1 to %d",
		                    name, key, e->code, ROLES_MAX_PATTERNS);
	e->re = xcalloc(n, sizeof *e->re);
	for (i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(pats, i);
		PCRE2_UCHAR msg[256];
		PCRE2_SIZE off = 0;
		int ec = 0;

		if (!json_object_is_type(p, json_type_string))
			return cd_error_set(err, CD_EPARSE, "%s: %s %s: a pattern is not a string", name,
			                    key, e->code);
		e->re[i] = pcre2_compile((PCRE2_SPTR)json_object_get_string(p), PCRE2_ZERO_TERMINATED,
		                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &ec, &off, NULL);
		if (e->re[i] == NULL) {
			pcre2_get_error_message(ec, msg, sizeof msg);
			return cd_error_set(err, CD_EPARSE,
			                    "%s: %s %s: bad pattern \"%.80s\": %s at offset %zu", name,
			                    key, e->code, json_object_get_string(p), (char *)msg,
			                    (size_t)off);
		}
		e->n_re++;
		regex_jit(e->re[i]);
		/* (?| ... ): each branch numbers its groups from 1, so a back
		 * reference keeps its meaning; a verb such as (*COMMIT) could stop
		 * the other branches from being tried, so none is joined then */
		if (strstr(json_object_get_string(p), "(*") != NULL)
			any->apart = true;
		/* without a leading \b, which with PCRE2_UCP costs a property
		 * lookup per branch and position and hides the bytes a match can
		 * start with: the join matches where each did and more */
		src = json_object_get_string(p);
		if (strncmp(src, "\\b", 2) == 0 && src[2] != '\0' && !strchr("?*+{", src[2]))
			src += 2;
		else
			any->some_b = true;
		buf_printf(&any->src, "%s(?:%s)", any->src.len ? "|" : "(?|", src);
	}
	return 0;
}

int
roles_read(json_object *root, const char *name, struct roles **out, struct cd_error *err)
{
	struct roles *ro = xcalloc(1, sizeof *ro);
	json_object *arr = NULL;
	struct roles_join any = { BUF_INIT, false, false };
	size_t k, i, n;
	int rc = 0;

	*out = NULL;
	buf_init(&any.src, 0);
	for (k = 0; k < ROLES_N; k++) {
		if (!json_object_object_get_ex(root, roles_keys[k], &arr))
			continue;
		if (!json_object_is_type(arr, json_type_array) ||
		    (n = json_object_array_length(arr)) > ROLES_MAX_CODES) {
			rc = cd_error_set(err, CD_EPARSE, "%s: \"%s\" must be a list of at most %d codes",
			                  name, roles_keys[k], ROLES_MAX_CODES);
			goto out;
		}
		ro->e[k] = xcalloc(n ? n : 1, sizeof *ro->e[k]);
		for (i = 0; i < n; i++) {
			ro->n[k]++;
			if ((rc = roles_read_ent(json_object_array_get_idx(arr, i), name, roles_keys[k],
			                         &ro->e[k][i], &any, err)) < 0)
				goto out;
		}
	}
	if (any.src.len > 0 && !any.apart) {
		struct buf re = BUF_INIT;
		PCRE2_SIZE off = 0;
		int ec = 0;

		/* when every pattern began with \b, the join begins with what a
		 * \b implies in ASCII terms (no ASCII word character before, or
		 * none after): mid-word positions fail at once, without a
		 * Unicode lookup and without trying every branch */
		buf_init(&re, 0);
		buf_printf(&re, "%s%s)", any.some_b ? "" : "(?:(?<![a-z0-9_])|(?![a-z0-9_]))",
		           buf_str(&any.src));
		/* the flags of each pattern; a failure only loses the shortcut */
		ro->any = pcre2_compile((PCRE2_SPTR)buf_str(&re), re.len,
		                        PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &ec, &off, NULL);
		buf_release(&re);
		regex_jit(ro->any);
	}
	*out = ro;
	ro = NULL; /* transferred */
out:
	buf_release(&any.src);
	roles_free(ro);
	return rc;
}

void
roles_free(struct roles *ro)
{
	size_t k, i, j;

	if (ro == NULL)
		return;
	for (k = 0; k < ROLES_N; k++) {
		for (i = 0; i < ro->n[k]; i++) {
			for (j = 0; j < ro->e[k][i].n_re; j++)
				pcre2_code_free(ro->e[k][i].re[j]);
			free(ro->e[k][i].re);
			free(ro->e[k][i].code);
			free(ro->e[k][i].label);
		}
		free(ro->e[k]);
	}
	pcre2_code_free(ro->any);
	free(ro);
}

size_t
roles_count(const struct roles *ro, enum roles_kind k)
{
	return ro != NULL ? ro->n[k] : 0;
}

const char *
roles_code(const struct roles *ro, enum roles_kind k, size_t i, const char **label)
{
	if (ro == NULL || i >= ro->n[k])
		return NULL;
	if (label != NULL)
		*label = ro->e[k][i].label;
	return ro->e[k][i].code;
}

/* ---- reading a page ---- */

struct roles_ctx {
	const struct rules *r;
	const struct roles *ro;
	pcre2_match_data *md;
	struct rules_hits hits;   /* a sentence's, for its three filters */
	struct page_facts *f;
	const char *text;      /* the block */
	size_t len;
	int above;             /* the practitioner the block above names alone, or -1 */
	int named;             /* the practitioner this block names, -2: several, -1: none */
};

/* The first match of e in s[0..n) at or after from: its span. */
static bool
roles_match(const struct roles_ctx *c, const struct roles_ent *e, const char *s, size_t n,
            size_t from, size_t *ms, size_t *me)
{
	size_t j, best = SIZE_MAX, end = 0;

	for (j = 0; j < e->n_re; j++) {
		PCRE2_SIZE *ov;

		if (pcre2_match(e->re[j], (PCRE2_SPTR)s, n, from, PCRE2_NO_UTF_CHECK, c->md,
		                NULL) < 0)
			continue;
		ov = pcre2_get_ovector_pointer(c->md);
		if (ov[0] < best && ov[1] > ov[0]) {
			best = ov[0];
			end = ov[1];
		}
	}
	if (best == SIZE_MAX)
		return false;
	*ms = best;
	*me = end;
	return true;
}

/* Is w (wn bytes) a whole, capitalised word at s[i]? */
static bool
word_at(const char *s, size_t n, size_t i, const char *w, size_t wn)
{
	unsigned char b = i > 0 ? (unsigned char)s[i - 1] : ' ', a;

	if (wn < 2 || i + wn > n || memcmp(s + i, w, wn) != 0)
		return false;
	a = i + wn < n ? (unsigned char)s[i + wn] : ' ';
	return !(b >= 0x80 || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '-') &&
	       !(a >= 0x80 || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z') || a == '-');
}

/* The distance from at to the nearest mention of p's first or last name
 * in s[0..n), or SIZE_MAX. */
static size_t
name_distance(const char *name, const char *s, size_t n, size_t at)
{
	const char *last = strrchr(name, ' ');
	const char *words[2];
	size_t wl[2], k, i, best = SIZE_MAX;

	words[0] = name;
	wl[0] = strcspn(name, " ");
	words[1] = last != NULL ? last + 1 : name;
	wl[1] = strlen(words[1]);
	/* memmem finds each place the word is; word_at then asks if it is
	 * a whole word there (trying word_at at every byte was most of the
	 * cost of a long block) */
	for (k = 0; k < 2; k++) {
		const char *hit = NULL;

		for (i = 0; wl[k] >= 2 && i + wl[k] <= n &&
		            (hit = memmem(s + i, n - i, words[k], wl[k])) != NULL; i++) {
			i = (size_t)(hit - s);
			if (word_at(s, n, i, words[k], wl[k])) {
				size_t d = i > at ? i - at : at - i;
				if (d < best)
					best = d;
			}
		}
	}
	return best;
}

/* The practitioner named nearest s[at], or -1. */
static int
nearest_practitioner(const struct page_facts *f, const char *s, size_t n, size_t at)
{
	size_t i, best = SIZE_MAX;
	int who = -1;

	for (i = 0; i < f->n_practitioners; i++) {
		size_t d = name_distance(f->practitioners[i].name, s, n, at);
		if (d < best) {
			best = d;
			who = (int)i;
		}
	}
	return who;
}

static char *
evidence_of(const char *s, size_t n)
{
	return text_clean_line(s, n, ROLES_MAX_EVIDENCE);
}

static void
roles_sentence(void *arg, size_t start, size_t len)
{
	struct roles_ctx *c = arg;
	const char *s = c->text + start;
	size_t i, ms = 0, me = 0;
	char *ev = NULL, *words = NULL;

	/* most sentences hold no role: one search passes them over before the
	 * filters scan them three times and each pattern searches them again
	 * (only a sure "no match" does; a limit reached takes the long way) */
	if (c->ro->any != NULL && pcre2_match(c->ro->any, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK,
	                                      c->md, NULL) == PCRE2_ERROR_NOMATCH)
		return;
	if (len == 0 || s[len - 1] == '?')
		return;
	/* one scan answers the three filters (rules_filter would scan thrice) */
	rules_scan_text(c->r, s, len, &c->hits);
	if (rules_hits_filter(c->r, &c->hits, RULES_F_ADVICE, 0, len) ||
	    rules_hits_filter(c->r, &c->hits, RULES_F_OUTSIDERS, 0, len) ||
	    rules_hits_filter(c->r, &c->hits, RULES_F_NEGATION, 0, len))
		return;
	for (i = 0; i < c->ro->n[ROLES_OVERSIGHT]; i++) {
		if (!roles_match(c, &c->ro->e[ROLES_OVERSIGHT][i], s, len, 0, &ms, &me))
			continue;
		if (ev == NULL)
			ev = evidence_of(s, len);
		words = xstrndup(s + ms, me - ms);
		page_facts_add_role(c->f, -1, c->ro->e[ROLES_OVERSIGHT][i].code, words, ev);
		free(words);
	}
	for (i = 0; i < c->ro->n[ROLES_ROLE]; i++) {
		const struct roles_ent *e = &c->ro->e[ROLES_ROLE][i];
		size_t from = 0;

		while (from < len && roles_match(c, e, s, len, from, &ms, &me)) {
			int who = nearest_practitioner(c->f, s, len, ms);
			/* a role alone, opening the block under a name: "Aesthetic
			 * nurse injector. Claire performs ..." under "Claire Dubois, RN" */
			bool label = who < 0 && c->above >= 0 && start == 0 &&
			             len <= ROLES_LABEL_BLOCK;

			from = me;
			if (who < 0 && !label)
				continue;
			free(ev);
			if (label) {
				/* "Dr. Alan Mercer" / "Medical Director": the name above */
				const char *name = c->f->practitioners[c->above].name;
				size_t an = strlen(name);
				char *both = xmalloc(an + len + 3);

				memcpy(both, name, an);
				memcpy(both + an, ", ", 2);
				memcpy(both + an + 2, s, len);
				both[an + 2 + len] = '\0';
				ev = evidence_of(both, an + 2 + len);
				free(both);
				who = c->above;
			} else
				ev = evidence_of(s, len);
			words = xstrndup(s + ms, me - ms);
			page_facts_add_role(c->f, who, e->code, words, ev);
			free(words);
			break;
		}
	}
	free(ev);
}

/* The one practitioner block b names, -1 none, -2 several. */
static int
block_names(const struct page_facts *f, const char *s, size_t n)
{
	size_t i;
	int who = -1;

	for (i = 0; i < f->n_practitioners; i++)
		if (name_distance(f->practitioners[i].name, s, n, 0) != SIZE_MAX)
			who = who == -1 ? (int)i : -2;
	return who;
}

void
roles_page(const struct rules *r, const struct visible_page *vis, bool blog,
           struct page_facts *f)
{
	struct roles_ctx c;
	size_t i;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.ro = rules_roles(r);
	c.f = f;
	c.above = -1;
	if (blog || c.ro == NULL || vis == NULL)
		return;
	/* per call: the rules are shared by extraction threads */
	c.md = pcre2_match_data_create(4, NULL);
	rules_hits_init(&c.hits);
	for (i = 0; i < vis->n; i++) {
		const struct visible_block *b = &vis->blocks[i];

		if (b->flags & VISIBLE_QUOTE) {
			c.above = -1;
			continue;
		}
		c.text = b->text;
		c.len = b->len;
		visible_sentences(b->text, b->len, roles_sentence, &c);
		c.named = block_names(f, b->text, b->len);
		c.above = c.named >= 0 && b->len <= ROLES_LABEL_BLOCK * 2 ? c.named : -1;
	}
	rules_hits_release(&c.hits);
	pcre2_match_data_free(c.md);
}
