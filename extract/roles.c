/* roles.c: roles and oversight statements in a page (see roles.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include "common/claim_kind.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "extract/roles.h"
#include "extract/roles_impl.h"
#include "extract/rules_match.h"

#define ROLES_MAX_EVIDENCE 500   /* bytes of a sentence kept as evidence */
#define ROLES_LABEL_BLOCK  60    /* a block this short may be a role label alone */
#define ROLES_CREDENTIAL_LINE 24 /* a line this short between a name and her title
                                  * ("DO", "APRN, FNP-C") */

/* ---- reading a page ---- */

struct roles_ctx {
	const struct rules *r;
	const struct roles *ro;
	const struct visible_page *vis;
	pcre2_match_data *md;
	struct page_facts *f;
	const char *text;      /* the block */
	size_t len;
	int above;             /* the practitioner the block above names alone, or -1 */
	int named;             /* the practitioner this block names, -2: several, -1: none */
	int card_person;       /* the one practitioner the block's card names, or -1 */
	int cur;               /* the practitioner named last: whom "She" means, or -1 */
	struct rules_hits hits; /* the rules' matches in the sentence being read */
	pcre2_match_context *mc;
	/* the sentence being read, and which branches of the roles' join
	 * match in it (prefilter_scan); NULL: not known */
	const char *hit_s;
	size_t hit_n;
	uint8_t *hit, *hits_of;
};

/* Can one of the join's branches first..first+n match in s[0..len)? Only
 * known for the sentence being read: a list none of whose patterns
 * matches anywhere in it need not be searched. */
static bool
roles_may_match(const struct roles_ctx *c, const char *s, size_t len, size_t first, size_t n)
{
	if (c->hit == NULL || s != c->hit_s || len != c->hit_n)
		return true;
	for (size_t j = first; j < first + n; j++)
		if (c->hit[j])
			return true;
	return false;
}

/* The first match of any of re[0..n_re) in s[0..n) at or after from. */
static bool
roles_match_any(const struct roles_ctx *c, pcre2_code *const *re, size_t n_re, const char *s,
                size_t n, size_t from, size_t *ms, size_t *me)
{
	size_t j, best = SIZE_MAX, end = 0;

	for (j = 0; j < n_re; j++) {
		PCRE2_SIZE *ov;

		if (pcre2_match(re[j], (PCRE2_SPTR)s, n, from, PCRE2_NO_UTF_CHECK, c->md, NULL) < 0)
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

static bool
roles_match(const struct roles_ctx *c, const struct roles_ent *e, const char *s, size_t n,
            size_t from, size_t *ms, size_t *me)
{
	return roles_may_match(c, s, n, e->br_re, e->n_re) &&
	       roles_match_any(c, e->re, e->n_re, s, n, from, ms, me);
}

static bool
is_letter(unsigned char b)
{
	return b >= 0x80 || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '-';
}

/* Is w (wn bytes) a whole, capitalised word at s[i]? */
static bool
word_at(const char *s, size_t n, size_t i, const char *w, size_t wn)
{
	unsigned char b = i > 0 ? (unsigned char)s[i - 1] : ' ', a;

	if (wn < 2 || i + wn > n || memcmp(s + i, w, wn) != 0)
		return false;
	a = i + wn < n ? (unsigned char)s[i + wn] : ' ';
	return !is_letter(b) && !is_letter(a);
}

/* Does a capitalised given name other than first (fn bytes) stand right
 * before s[i] ("Michelle Chavez" is not McKenzie Chavez)? Titles ("Dr.",
 * "Ms.") are no given name. */
static bool
other_given_name(const char *s, size_t i, const char *first, size_t fn)
{
	size_t e, b;

	if (i < 2 || s[i - 1] != ' ')
		return false;
	e = i - 1;
	b = e;
	while (b > 0 && is_letter((unsigned char)s[b - 1]))
		b--;
	if (b == e || !(s[b] >= 'A' && s[b] <= 'Z') || e - b < 2)
		return false;   /* no word, lower case, an initial or a title */
	if (e - b == fn && memcmp(s + b, first, fn) == 0)
		return false;
	return !((e - b == 2 && (memcmp(s + b, "Dr", 2) == 0 || memcmp(s + b, "Mr", 2) == 0 ||
	                         memcmp(s + b, "Ms", 2) == 0)) ||
	         (e - b == 3 && (memcmp(s + b, "Dra", 3) == 0 || memcmp(s + b, "Mrs", 3) == 0)));
}

/* The distance from at to the nearest mention of p's first or last name
 * in s[0..n), or SIZE_MAX; *where (if asked) where that word starts. */
static size_t
name_where(const char *name, const char *s, size_t n, size_t at, size_t *where)
{
	const char *last = strrchr(name, ' ');
	const char *words[2];
	size_t wl[2], k, i, best = SIZE_MAX;

	words[0] = name;
	wl[0] = strcspn(name, " ");
	words[1] = last != NULL ? last + 1 : name;
	wl[1] = strlen(words[1]);
	/* memmem finds each place the word is, word_at then asks if it is a
	 * whole word there (word_at at every byte was most of the cost of a
	 * long block); the places come in the same order as before */
	for (k = 0; k < 2; k++) {
		const char *hit;

		for (i = 0; wl[k] >= 2 && i + wl[k] <= n &&
		            (hit = memmem(s + i, n - i, words[k], wl[k])) != NULL; i++) {
			i = (size_t)(hit - s);
			if (word_at(s, n, i, words[k], wl[k]) &&
			    !(k == 1 && last != NULL && other_given_name(s, i, words[0], wl[0]))) {
				size_t d = i > at ? i - at : at - i;
				if (d < best) {
					best = d;
					if (where != NULL)
						*where = i;
				}
			}
		}
	}
	return best;
}

static size_t
name_distance(const char *name, const char *s, size_t n, size_t at)
{
	return name_where(name, s, n, at, NULL);
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

/* The practitioner named first at or after s[from] within gap bytes, or -1. */
static int
named_at(const struct page_facts *f, const char *s, size_t n, size_t from, size_t gap)
{
	size_t i;
	int who = -1;
	size_t best = SIZE_MAX;

	for (i = 0; i < f->n_practitioners; i++) {
		const char *name = f->practitioners[i].name;
		const char *last = strrchr(name, ' ');
		size_t fl = strcspn(name, " "), ll = last != NULL ? strlen(last + 1) : 0, j;

		for (j = from; j <= from + gap && j < n; j++)
			if ((word_at(s, n, j, name, fl) ||
			     (ll > 0 && word_at(s, n, j, last + 1, ll) &&
			      !other_given_name(s, j, name, fl))) && j < best) {
				best = j;
				who = (int)i;
				break;
			}
	}
	return who;
}

/* Does practitioner who claim (on this page) one of e's credentials? */
static bool
holds(const struct page_facts *f, int who, const struct roles_ent *e)
{
	size_t i, j;

	if (who < 0)
		return false;
	for (i = 0; i < f->n_claims; i++)
		if (f->claims[i].practitioner == who &&
		    claim_kind_is(f->claims[i].kind, CLAIM_KIND_CREDENTIAL))
			for (j = 0; j < e->n_creds; j++)
				if (strcmp(f->claims[i].code, e->creds[j]) == 0)
					return true;
	return false;
}

/* Does practitioner who claim any credential on this page? */
static bool
credentialed(const struct page_facts *f, int who)
{
	for (size_t i = 0; i < f->n_claims; i++)
		if (f->claims[i].practitioner == who &&
		    claim_kind_is(f->claims[i].kind, CLAIM_KIND_CREDENTIAL))
			return true;
	return false;
}

/* Does s[0..n) name a profession outside the directory's field
 * (role_reading.outside_field: "DDS", "Chiropractor")? */
static bool
outside_field(const struct roles_ctx *c, const char *s, size_t n)
{
	size_t ms, me;

	return c->ro->n_outside > 0 &&
	       roles_match_any(c, c->ro->outside, c->ro->n_outside, s, n, 0, &ms, &me);
}

/* Does a block of the page that names the last word of name[0..n) say
 * she has retired or left (rules.json filters.former_staff)? A founder
 * who "retired in 2021" is no owner now. */
static bool
former(const struct roles_ctx *c, const char *name, size_t n)
{
	const char *sp = memrchr(name, ' ', n);
	size_t b = sp != NULL ? (size_t)(sp - name) + 1 : 0;

	for (size_t i = 0; c->vis != NULL && i < c->vis->n; i++) {
		const struct visible_block *v = &c->vis->blocks[i];
		const char *hit = memmem(v->text, v->len, name + b, n - b);

		if (hit != NULL && word_at(v->text, v->len, (size_t)(hit - v->text), name + b, n - b) &&
		    rules_filter(c->r, RULES_F_FORMER_STAFF, v->text, v->len))
			return true;
	}
	return false;
}

/* Gives role e to practitioner who. To a person the page claims no
 * credential for, not when the words that give it name a profession
 * outside the field ("Dr. Lena Park, DMD, Medical Director" of a dental
 * spa) or the page says she has retired or left (her credentials are
 * dropped then); a role that does not "list" her (owner, manager) leaves
 * her out of the directory (roles_of_staff). */
static void
give_role(struct roles_ctx *c, int who, const struct roles_ent *e, const char *words,
          const char *ev)
{
	const char *name = c->f->practitioners[who].name;

	if (credentialed(c->f, who) ||
	    (!outside_field(c, ev, strlen(ev)) && !former(c, name, strlen(name))))
		page_facts_add_role(c->f, who, e->code, words, ev);
}

static bool
starts_with(const char *s, size_t n, const char *w)
{
	size_t wn = strlen(w);

	return n > wn && memcmp(s, w, wn) == 0;
}

/* Whom sentence s speaks of: the practitioner whose name opens it ("Dr.
 * Reyes performs ..."), the one named last for a "She"/"He", or in a
 * person's card the card's person when the sentence names nobody and the
 * clinic does not speak ("Lead injector at our Vista flagship"); -1. */
static int
sentence_subject(const struct roles_ctx *c, const char *s, size_t n, size_t start)
{
	int who = named_at(c->f, s, n, 0, 4);

	if (who >= 0)
		return who;
	if (starts_with(s, n, "She ") || starts_with(s, n, "He ") || starts_with(s, n, "Her ") ||
	    starts_with(s, n, "His "))
		return c->cur >= 0 ? c->cur : c->card_person;
	/* not when the clinic or the reader is spoken of ("For injectables
	 * we suggest a practice nearby", "If someone offers you Botox") */
	if (starts_with(s, n, "Our ") || starts_with(s, n, "At ") || starts_with(s, n, "If ") ||
	    starts_with(s, n, "We ") || memmem(s, n, " we ", 4) != NULL ||
	    starts_with(s, n, "You ") || memmem(s, n, " you", 4) != NULL ||
	    nearest_practitioner(c->f, s, n, 0) >= 0)
		return -1;
	if (c->card_person >= 0)
		return c->card_person;
	/* a short line opening the block under a name line */
	if (c->above >= 0 && start == 0 && n <= ROLES_LABEL_BLOCK)
		return c->above;
	return -1;
}

static char *
evidence_of(const char *s, size_t n)
{
	return text_clean_line(s, n, ROLES_MAX_EVIDENCE);
}

/* Does practitioner who hold one of e's "of_roles" on this page? */
static bool
holds_role(const struct page_facts *f, int who, const struct roles_ent *e)
{
	for (size_t i = 0; i < f->n_roles; i++)
		if (f->roles[i].practitioner == who && who >= 0)
			for (size_t j = 0; j < e->n_of_roles; j++)
				if (strcmp(f->roles[i].code, e->of_roles[j]) == 0)
					return true;
	return false;
}

/* The performer statements ("performed_by_np") of practitioner who,
 * by the credentials the page claims for her, or without any by her
 * title ("Licensed Esthetician"). A code read from the subject's own
 * sentence ("with_credential" without "role": on_site) is none. */
static void
add_performer(struct roles_ctx *c, int who, const char *words, const char *ev)
{
	bool none = !credentialed(c->f, who);

	for (size_t i = 0; i < c->ro->n[ROLES_OVERSIGHT]; i++) {
		const struct roles_ent *e = &c->ro->e[ROLES_OVERSIGHT][i];

		if (e->role == NULL && e->n_cre == 0 && e->n_creds > 0 &&
		    (holds(c->f, who, e) || (none && holds_role(c->f, who, e))))
			page_facts_add_role(c->f, -1, e->code, words, ev);
	}
}

/* The clinic's statements the sentence's subject makes by what she does,
 * when she holds their credentials: "He ... is on site three days a
 * week" of a physician ("with_credential" of an oversight code without
 * "role"). */
static void
subject_statements(struct roles_ctx *c, const char *s, size_t len, int subj, char **ev)
{
	size_t ms, me;

	for (size_t i = 0; subj >= 0 && i < c->ro->n[ROLES_OVERSIGHT]; i++) {
		const struct roles_ent *e = &c->ro->e[ROLES_OVERSIGHT][i];
		char *words;

		if (e->role != NULL || e->n_cre == 0 || !holds(c->f, subj, e) ||
		    !roles_match_any(c, e->cre, e->n_cre, s, len, 0, &ms, &me))
			continue;
		if (*ev == NULL)
			*ev = evidence_of(s, len);
		words = xstrndup(s + ms, me - ms);
		page_facts_add_role(c->f, -1, e->code, words, *ev);
		free(words);
	}
}

static void
found_service(void *arg, size_t code, size_t start, size_t end)
{
	*(bool *)arg = true;
}

/* Is what follows a verb done at a facility not the clinic's ("performs
 * surgery at Ala Wai Surgery Center", rules.json places.facility), rather
 * than "at our surgery center"? */
static bool
done_elsewhere(const struct roles_ctx *c, const char *s, size_t n)
{
	const char *at = memmem(s, n, " at ", 4);
	size_t i, lim;

	if (at == NULL)
		return false;
	i = (size_t)(at - s) + 4;
	if (i + 4 <= n && (memcmp(s + i, "our ", 4) == 0 || memcmp(s + i, "Our ", 4) == 0))
		return false;
	lim = i + 60 < n ? i + 60 : n;
	return rules_filter(c->r, RULES_F_PLACE_FACILITY, s + i, lim - i);
}

/* A person's own treatments: "She performs our chemical peels",
 * "Injections are done by Kaylee Brandt-Muller, PA-C, and by Dr. Reyes".
 * The doer is the sentence's subject, or those named after a "by". */
static void
performs_sentence(struct roles_ctx *c, const char *s, size_t len, int subj, char **ev)
{
	size_t vs = 0, ve = 0, os = 0, oe = 0, i;
	bool object = false;
	char *words;

	if (c->ro->n_verbs == 0 || !roles_may_match(c, s, len, c->ro->br_verbs, c->ro->n_verbs) ||
	    !roles_match_any(c, c->ro->verbs, c->ro->n_verbs, s, len, 0, &vs, &ve) ||
	    done_elsewhere(c, s + ve, len - ve))
		return;
	object = roles_match_any(c, c->ro->objects, c->ro->n_objects, s, len, 0, &os, &oe);
	if (!object)
		rules_hits_set(c->r, &c->hits, RULES_SET_SERVICE, 0, len, found_service, &object);
	if (!object)
		return;
	if (*ev == NULL)
		*ev = evidence_of(s, len);
	words = xstrndup(s + vs, ve - vs);
	/* passive ("are performed by our nurses"): the doer follows "by" */
	if (subj >= 0 && memmem(s + ve, len - ve, " by ", 4) == NULL)
		add_performer(c, subj, words, *ev);
	/* the doers named after "by" */
	for (i = ve; i + 3 < len; i++)
		if (memcmp(s + i, " by ", 4) == 0) {
			size_t j = i + 4;
			int who;

			/* each of a list of names: one the page does not list
			 * ("Dr. Haddad" named on another page) is passed over */
			while ((who = named_at(c->f, s, len, j, 4)) >= 0 ||
			       (j < len && s[j] >= 'A' && s[j] <= 'Z')) {
				const char *comma, *and;

				if (who >= 0)
					add_performer(c, who, words, *ev);
				/* "by Dr. Haddad and Lacey McClung, PA-C": the next
				 * of a list */
				comma = memchr(s + j, ',', len - j);
				and = memmem(s + j, len - j, " and ", 5);
				if (and != NULL && (comma == NULL || and < comma))
					j = (size_t)(and - s) + 5;
				else if (comma != NULL)
					j = (size_t)(comma - s) + 1;
				else
					break;
				while (j < len && s[j] == ' ')
					j++;
				if (j + 4 <= len && memcmp(s + j, "and ", 4) == 0)
					j += 4;
				if (j >= len)
					break;
			}
			break;
		}
	free(words);
}

/* Do the words right before the role at s[ms] make it a former job ("10
 * years of experience as an esthetician", role_reading.past)? */
static bool
role_past(const struct roles_ctx *c, const char *s, size_t ms)
{
	size_t from = ms > 64 ? ms - 64 : 0, a = 0, b = 0;

	return c->ro->n_past > 0 &&
	       roles_match_any(c, c->ro->past, c->ro->n_past, s + from, ms - from, 0, &a, &b) &&
	       b == ms - from;
}

/* Does the role's word at s[ms] say what the subject is ("Lead injector
 * at ...", "serves as Medical Director"), rather than name someone she
 * works with ("works with our medical director")? */
static bool
role_predicate(const struct roles_ctx *c, const char *s, size_t ms)
{
	size_t from = ms > 48 ? ms - 48 : 0, a = 0, b = 0;

	if (ms <= 1)
		return true;
	return c->ro->n_predicates > 0 && !role_past(c, s, ms) &&
	       roles_match_any(c, c->ro->predicates, c->ro->n_predicates, s + from, ms - from, 0,
	                       &a, &b) && b == ms - from;
}

/* Is the role at s[ms..me) said of who, named nearest it: right after
 * her name ("Lori Martin M.D., Medical Director"), as her predicate
 * ("Dr. Ekstrom is the Medical Director and Owner"), or right before
 * ("Our medical director, Dr. Isabel Chee")? Not "Amber, a nurse
 * practitioner, and every treatment is done by a nurse or a licensed
 * esthetician", nor "Jo fills the role of Office Manager, working
 * with Dr. Bunkis". */
static bool role_opens(const struct roles_ctx *c, const char *s, size_t ms);

static bool
role_of_name(const struct roles_ctx *c, const char *s, size_t n, int who, size_t ms, size_t me)
{
	size_t at = 0;

	if (name_where(c->f->practitioners[who].name, s, n, ms, &at) == SIZE_MAX ||
	    role_past(c, s, ms))
		return false;
	if (at > ms)   /* the name after the role */
		return at - me <= 8;
	return ms - at <= 48 || role_opens(c, s, ms);
}

/* Does the role ending at s[me] belong to another practice: "Medical
 * Director and Owner of Orange County Plastic Surgery" on another clinic's
 * site, where no distinctive word (one not in rules.json names.not_person,
 * "Plastic", "Surgery") of that name is in the clinic's? */
static bool
other_practice(const struct roles_ctx *c, const char *s, size_t n, size_t me)
{
	const char *name = c->f->clinic_name, *of;
	size_t i, lim = me + 40 < n ? me + 40 : n;
	bool distinct = false;

	if (name == NULL || me >= n || (of = memmem(s + me, lim - me, " of ", 4)) == NULL)
		return false;
	i = (size_t)(of - s) + 4;
	if (i + 4 <= n && memcmp(s + i, "the ", 4) == 0)
		i += 4;
	while (i < n && s[i] >= 'A' && s[i] <= 'Z') {
		size_t b = i;

		while (i < n && (is_letter((unsigned char)s[i]) || s[i] == '\''))
			i++;
		if (i - b >= 3 && !rules_word(c->r, RULES_W_NOT_PERSON, s + b, i - b) &&
		    !rules_word(c->r, RULES_W_STOP, s + b, i - b)) {
			char *w = xstrndup(s + b, i - b);
			bool in = strcasestr(name, w) != NULL;

			free(w);
			if (in)
				return false;
			distinct = true;
		}
		while (i < n && (s[i] == ' ' || s[i] == '&'))
			i++;
	}
	return distinct;
}

/* Is the role at s[ms] the line's own: opening it, after another role
 * ("Nurse Practitioner & Lead Injector") or as its predicate? Not
 * "Rosa Chen, Office Manager", someone else's. */
static bool
role_opens(const struct roles_ctx *c, const char *s, size_t ms)
{
	return ms <= 1 || (ms >= 2 && memcmp(s + ms - 2, "& ", 2) == 0) ||
	       (ms >= 4 && memcmp(s + ms - 4, "and ", 4) == 0) ||
	       (ms >= 3 && memcmp(s + ms - 3, "\xc2\xb7 ", 3) == 0) || role_predicate(c, s, ms);
}

/* Adds the clinic's oversight statements in sentence s[0..len) (*ev: its
 * evidence, made once when first needed). Returns whether one is the
 * clinic's statement that makes no person its subject. */
static bool
oversight_sentence(struct roles_ctx *c, const char *s, size_t len, char **ev)
{
	size_t i, ms = 0, me = 0;
	char *words;
	bool stated = false;

	for (i = 0; i < c->ro->n[ROLES_OVERSIGHT]; i++) {
		if (!roles_match(c, &c->ro->e[ROLES_OVERSIGHT][i], s, len, 0, &ms, &me))
			continue;
		/* "performed under the supervision of our medical director":
		 * the clinic's statement, not its subject's own treatments */
		if (c->ro->e[ROLES_OVERSIGHT][i].n_creds == 0)
			stated = true;
		if (*ev == NULL)
			*ev = evidence_of(s, len);
		words = xstrndup(s + ms, me - ms);
		page_facts_add_role(c->f, -1, c->ro->e[ROLES_OVERSIGHT][i].code, words, *ev);
		free(words);
	}
	return stated;
}

static size_t name_words(const struct roles_ctx *c, const char *s, size_t n, size_t *end);

/* "Founded in 2005 by Dr Sunil Chopra, ...": the role at s[ms..me), whose
 * words end in "by", and a physician's name after them that the page does
 * not list: hers, as an unlisted person's (fact_role.person). */
static void
by_doctor(struct roles_ctx *c, const struct roles_ent *e, const char *s, size_t len,
          size_t ms, size_t me)
{
	size_t i = me, end = 0, words;
	char *name, *ev, *w;

	i += strspn(s + i, " ");
	if (i + 3 < len && memcmp(s + i, "Dr", 2) == 0 && (s[i + 2] == ' ' || s[i + 2] == '.'))
		i += s[i + 2] == '.' ? 4 : 3;
	else
		return;   /* a physician's name only: "founded by two sisters" */
	if (i >= len || (words = name_words(c, s + i, len - i, &end)) < 2 || words > 4)
		return;
	while (end > 0 && s[i + end - 1] == '.')
		end--;   /* "Dr. Celeste Fontenot." */
	if (former(c, s + i, end))
		return;
	ev = evidence_of(s, len);
	if (!outside_field(c, ev, strlen(ev))) {
		name = xstrndup(s + i, end);
		w = xstrndup(s + ms, me - ms);
		page_facts_add_person_role(c->f, name, e->code, w, ev);
		free(w);
		free(name);
	}
	free(ev);
}

/* Gives the roles that sentence s[0..len), at start in the block, states
 * of a practitioner (subj: the sentence's subject, or -1). */
static void
roles_of_sentence(struct roles_ctx *c, const char *s, size_t start, size_t len, int subj)
{
	size_t i, ms = 0, me = 0;
	char *words;

	for (i = 0; i < c->ro->n[ROLES_ROLE]; i++) {
		const struct roles_ent *e = &c->ro->e[ROLES_ROLE][i];
		size_t from = 0;
		char *rev = NULL;

		while (from < len && roles_match(c, e, s, len, from, &ms, &me)) {
			int who = nearest_practitioner(c->f, s, len, ms);
			/* a role alone, opening the block under a name: "Aesthetic
			 * nurse injector. Claire performs ..." under "Claire Dubois, RN" */
			bool label = who < 0 && c->above >= 0 && start == 0 &&
			             len <= ROLES_LABEL_BLOCK && role_opens(c, s, ms);

			from = me;
			if (other_practice(c, s, len, me))
				continue;
			if (who >= 0 && !role_of_name(c, s, len, who, ms, me))
				who = -1;
			/* "founded in 2005 by": the role is of the one named
			 * after it, never the sentence's subject */
			if (who < 0 && me - ms >= 3 && memcmp(s + me - 3, " by", 3) == 0) {
				by_doctor(c, e, s, len, ms, me);
				continue;
			}
			if (who < 0 && !label && subj >= 0 && role_predicate(c, s, ms))
				who = subj;   /* in her card, or "She is our ..." */
			else if (who < 0 && !label)
				continue;
			if (label) {
				/* "Dr. Alan Mercer" / "Medical Director": the name above */
				const char *name = c->f->practitioners[c->above].name;
				size_t an = strlen(name);
				char *both = xmalloc(an + len + 3);

				memcpy(both, name, an);
				memcpy(both + an, ", ", 2);
				memcpy(both + an + 2, s, len);
				both[an + 2 + len] = '\0';
				rev = evidence_of(both, an + 2 + len);
				free(both);
				who = c->above;
			} else
				rev = evidence_of(s, len);
			words = xstrndup(s + ms, me - ms);
			give_role(c, who, e, words, rev);
			free(words);
			free(rev);
			rev = NULL;
			break;
		}
		/* words that give the role only to a holder of its credentials:
		 * "injector", "does our Botox" of a nurse */
		if (e->n_cre > 0 && subj >= 0 && holds(c->f, subj, e) &&
		    roles_may_match(c, s, len, e->br_cre, e->n_cre) &&
		    roles_match_any(c, e->cre, e->n_cre, s, len, 0, &ms, &me)) {
			rev = evidence_of(s, len);
			/* the words matched name what she does ("Botox"), not a
			 * title the site gives her: the role is worded by its
			 * label, the sentence stays its evidence */
			give_role(c, subj, e, e->label, rev);
			free(rev);
		}
	}
}

/* Does who hold the credentials of a role that performs (a nurse, whom
 * "injector" makes a nurse injector)? */
static bool
nurse_titled(const struct roles_ctx *c, int who)
{
	for (size_t i = 0; i < c->ro->n[ROLES_ROLE]; i++)
		if (c->ro->e[ROLES_ROLE][i].performs && c->ro->e[ROLES_ROLE][i].n_cre > 0 &&
		    holds(c->f, who, &c->ro->e[ROLES_ROLE][i]))
			return true;
	return false;
}

/* A title that says its holder treats ("Lead Injector") makes her a
 * performer of her kind, whatever her credential: a PA who is the lead
 * injector is no nurse injector but performs. Said of the person named
 * with it, of the sentence's subject, or of the name above a block that
 * is only the title. */
static void
performer_title(struct roles_ctx *c, const char *s, size_t start, size_t len, int subj,
                char **ev)
{
	size_t ms = 0, me = 0, from = 0;

	while (from < len && roles_match_any(c, c->ro->performer_titles, c->ro->n_performer_titles,
	                                     s, len, from, &ms, &me)) {
		int who = nearest_practitioner(c->f, s, len, ms);
		char *words;

		from = me;
		if (who >= 0 && !role_of_name(c, s, len, who, ms, me))
			who = -1;
		if (who < 0 && role_opens(c, s, ms))
			who = subj >= 0 ? subj :
			      c->above >= 0 && start == 0 && len <= ROLES_LABEL_BLOCK ? c->above : -1;
		if (who < 0 || other_practice(c, s, len, me))
			continue;
		if (nurse_titled(c, who))
			break;   /* roles_of_sentence gave her role, which performs */
		if (*ev == NULL)
			*ev = evidence_of(s, len);
		words = xstrndup(s + ms, me - ms);
		add_performer(c, who, words, *ev);
		free(words);
		break;
	}
}

static void
roles_sentence(void *arg, size_t start, size_t len)
{
	struct roles_ctx *c = arg;
	const char *s = c->text + start;
	size_t i, best;
	char *ev = NULL;
	int subj, last = -1;
	bool stated = false;

	/* most sentences hold no role: one search passes them over before the
	 * filters scan them and each pattern searches them again (only a
	 * sure "no match" does; a limit reached takes the long way) */
	c->hit = NULL;
	if (c->ro->any_pf != NULL && c->ro->n_br > 0) {
		if (!prefilter_scan(c->ro->any_pf, c->ro->n_br, s, len, c->md, c->mc, c->hits_of))
			goto out;
		c->hit = c->hits_of;
		c->hit_s = s;
		c->hit_n = len;
	} else if (c->ro->any_pf != NULL ? !prefilter_match(c->ro->any_pf, s, len, c->md) :
	    c->ro->any != NULL && pcre2_match(c->ro->any, (PCRE2_SPTR)s, len, 0,
	                                      PCRE2_NO_UTF_CHECK, c->md, NULL) == PCRE2_ERROR_NOMATCH)
		goto out;
	if (len == 0 || s[len - 1] == '?')
		goto out;
	/* one scan of the sentence answers the filters and, in
	 * performs_sentence, which services it names */
	rules_scan_text(c->r, s, len, &c->hits);
	if (rules_hits_filter(c->r, &c->hits, RULES_F_ADVICE, 0, len) ||
	    rules_hits_filter(c->r, &c->hits, RULES_F_OUTSIDERS, 0, len) ||
	    rules_hits_filter(c->r, &c->hits, RULES_F_NEGATION, 0, len))
		goto out;
	stated = oversight_sentence(c, s, len, &ev);
	subj = sentence_subject(c, s, len, start);
	roles_of_sentence(c, s, start, len, subj);
	subject_statements(c, s, len, subj, &ev);
	if (c->ro->n_performer_titles > 0)
		performer_title(c, s, start, len, subj, &ev);
	performs_sentence(c, s, len, stated ? -1 : subj, &ev);
out:
	c->hit = NULL;
	/* whom a later "She" means: the practitioner named last (nearest
	 * the end; the first of equals) */
	for (i = 0, best = SIZE_MAX; i < c->f->n_practitioners; i++) {
		size_t d = name_distance(c->f->practitioners[i].name, s, len, len);

		if (d != SIZE_MAX && (last < 0 || d < best)) {
			last = (int)i;
			best = d;
		}
	}
	if (last >= 0)
		c->cur = last;
	free(ev);
}

/* Are a and b one person written twice, with and without a middle
 * initial ("Anneliese K. Dvorak" in the card, "Anneliese Dvorak" in the
 * photo's alt text)? Same first and last word. */
static bool
same_person(const char *a, const char *b)
{
	const char *la = strrchr(a, ' '), *lb = strrchr(b, ' ');
	size_t fa = strcspn(a, " "), fb = strcspn(b, " ");

	return la != NULL && lb != NULL && fa == fb && memcmp(a, b, fa) == 0 &&
	       strcmp(la, lb) == 0;
}

/* The one practitioner block b names, -1 none, -2 several. */
static int
block_names(const struct page_facts *f, const char *s, size_t n)
{
	size_t i;
	int who = -1;

	for (i = 0; i < f->n_practitioners; i++)
		if (name_distance(f->practitioners[i].name, s, n, 0) != SIZE_MAX &&
		    !(who >= 0 && same_person(f->practitioners[who].name, f->practitioners[i].name)))
			who = who == -1 ? (int)i : -2;
	return who;
}

/* Does a word of role_reading.titles ("Coordinator") stand at s[b..e)? */
static bool
title_word(const struct roles_ctx *c, const char *s, size_t b, size_t e)
{
	for (size_t j = 0; j < c->ro->n_titles; j++)
		if (pcre2_match(c->ro->titles[j], (PCRE2_SPTR)(s + b), e - b, 0,
		                PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, c->md, NULL) >= 0 &&
		    pcre2_get_ovector_pointer(c->md)[1] == e - b)
			return true;
	return false;
}

/* Is s[b..e) a title, business or role word of rules.json "names" or a
 * job title's (role_reading.titles)? */
static bool
not_name_word(const struct roles_ctx *c, const char *s, size_t b, size_t e)
{
	return rules_word(c->r, RULES_W_STOP, s + b, e - b) ||
	       rules_word(c->r, RULES_W_NOT_PERSON, s + b, e - b) || title_word(c, s, b, e);
}

/* The capitalised words opening s[0..n) that may be a person's name:
 * none a title, business or role word of rules.json "names" or a job
 * title's word (role_reading.titles); *end: where the last one ends.
 * Stops at a word that is none of them, or after 5. */
static size_t
name_words(const struct roles_ctx *c, const char *s, size_t n, size_t *end)
{
	size_t i = 0, words = 0;

	*end = 0;
	while (i < n && words < 5) {
		size_t b = i, caps = 0;

		/* a dash, a bullet or quotes (U+2010..U+206F) are no word */
		if (i + 1 < n && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x80)
			return words;

		while (i < n && s[i] != ' ' && !(s[i] == ',' && i > b)) {
			unsigned char ch = (unsigned char)s[i];

			if (!(is_letter(ch) || ch == '.' || ch == '\''))
				return words;
			caps += ch >= 'A' && ch <= 'Z';
			i++;
		}
		if (i - b < 2 || !((s[b] >= 'A' && s[b] <= 'Z') || (unsigned char)s[b] >= 0x80) ||
		    caps == i - b)
			return words;
		/* each part of "Board-Certified"; a title glued to the name
		 * ("Kenzie RothLicensed Esthetician", two spans without a
		 * space) ends it */
		for (size_t p = b, q; p < i; p = q + 1) {
			size_t glue = 0;

			for (q = p + 1; q < i && s[q] != '-'; q++)
				if (!glue && s[q] >= 'A' && s[q] <= 'Z' && s[q - 1] >= 'a' && s[q - 1] <= 'z')
					glue = q;
			if (not_name_word(c, s, p, q))
				return words;
			if (glue && glue - b >= 2 && not_name_word(c, s, glue, q)) {
				*end = glue;
				return words + 1;
			}
		}
		words++;
		*end = i;
		if (i < n && s[i] == ',')
			return words;   /* the name ends at a comma */
		while (i < n && s[i] == ' ')
			i++;
	}
	return words;
}

/* Is s[0..n) a person's name alone: 2 to 4 (in a card, 1 to 4) such
 * words ("Pam Siegel", "Dianna", not "Client Reviews" or "Laser Hair
 * Removal")? */
static bool
name_line(const struct roles_ctx *c, const char *s, size_t n, bool card)
{
	size_t end, words;

	if (n < (card ? 3 : 5) || n > 40)
		return false;
	words = name_words(c, s, n, &end);
	return end == n && words >= (card ? 1 : 2) && words <= 4;
}

/* Where the title after a name ending at s[end] starts: past spaces and
 * one dash ("Peggy Lowther — Office Manager."); n when what follows is
 * not a title line (no capital, or a sentence going on after a period). */
static size_t
title_start(const char *s, size_t n, size_t end)
{
	size_t i = end + strspn(s + end, " "), dot;

	if (i + 3 <= n && (memcmp(s + i, "\xe2\x80\x94", 3) == 0 ||
	                   memcmp(s + i, "\xe2\x80\x93", 3) == 0))
		i += 3;
	else if (i < n && (s[i] == '-' || s[i] == '|' || s[i] == ','))
		i++;
	i += strspn(s + i, " ");
	if (i >= n || !(s[i] >= 'A' && s[i] <= 'Z'))
		return n;
	for (dot = i; dot < n && s[dot] != '.'; dot++)
		;
	return dot + 1 < n ? n : i;
}

/* Where a role opens s[0..n) as a title ("Medical Aesthetician",
 * "Patient Care Coordinator · Office Manager"), or SIZE_MAX. */
static size_t
title_role(const struct roles_ctx *c, const char *s, size_t n)
{
	size_t k, ms, me;

	for (k = 0; k < c->ro->n[ROLES_ROLE]; k++)
		if (roles_match(c, &c->ro->e[ROLES_ROLE][k], s, n, 0, &ms, &me) &&
		    role_opens(c, s, ms))
			return ms;
	return SIZE_MAX;
}

/* A role line ("Medical Aesthetician") right under a name line no
 * credential came with ("Pam Siegel"; in a team member's card a given
 * name alone, "Dianna"), or a card's line that opens with such a name and
 * goes on with the title ("Morgan Ryan Patient Care Coordinator ·
 * Esthetician"): she is a person of the page, unless a profession outside
 * the field is named with her (whether the directory lists her is
 * roles_of_staff's). */
static void
names_over_roles(struct roles_ctx *c, const struct visible_page *vis)
{
	for (size_t i = 0; i < vis->n; i++) {
		const struct visible_block *a = &vis->blocks[i];
		const struct visible_block *b = i + 1 < vis->n ? &vis->blocks[i + 1] : NULL;
		bool card = a->card != VISIBLE_NO_CARD;
		size_t end = 0, rest, words;
		char *name;

		if ((a->flags & (VISIBLE_QUOTE | VISIBLE_NAV | VISIBLE_ALT)) ||
		    block_names(c->f, a->text, a->len) != -1 ||
		    rules_filter(c->r, RULES_F_PLACEHOLDER, a->text, a->len) ||
		    outside_field(c, a->text, a->len))
			continue;
		if (b != NULL && !(b->flags & (VISIBLE_QUOTE | VISIBLE_NAV | VISIBLE_ALT)) &&
		    b->len <= ROLES_LABEL_BLOCK &&
		    name_line(c, a->text, a->len, card && b->card == a->card) &&
		    !outside_field(c, b->text, b->len) &&
		    title_role(c, b->text, b->len) != SIZE_MAX)
			end = a->len;
		else if (a->len <= ROLES_LABEL_BLOCK * 2 &&
		         (words = name_words(c, a->text, a->len, &end)) >= 1 && words <= 4 &&
		         (rest = title_start(a->text, a->len, end)) < a->len &&
		         /* in a card or a list's item; elsewhere a full name, a
		          * dash or comma, and the title alone: "Jo Cattell,
		          * Practice Administrator" */
		         (card || (a->flags & VISIBLE_LIST) ||
		          (words >= 2 && rest > end + 1 && a->len <= ROLES_LABEL_BLOCK &&
		           title_role(c, a->text + rest, a->len - rest) == 0)) &&
		         title_role(c, a->text + rest, a->len - rest) != SIZE_MAX)
			;   /* the name and her title in one line */
		else
			continue;
		name = xstrndup(a->text, end);
		page_facts_add_practitioner(c->f, name, NULL);
		free(name);
	}
}

/* The roles of a person the page claims no credential for and gives no
 * role that "lists" her (an office manager, a founder) become an unlisted
 * person's (fact_role.person): the directory is of practitioners, and
 * she is staff. */
static void
roles_of_staff(struct roles_ctx *c)
{
	size_t k, i, n = c->f->n_roles;

	for (k = 0; k < n; k++) {
		int who = c->f->roles[k].practitioner;
		bool listed = false;

		if (who < 0 || credentialed(c->f, who))
			continue;
		for (i = 0; i < n && !listed; i++)
			if (c->f->roles[i].practitioner == who)
				for (size_t j = 0; j < c->ro->n[ROLES_ROLE]; j++)
					if (c->ro->e[ROLES_ROLE][j].lists &&
					    strcmp(c->ro->e[ROLES_ROLE][j].code, c->f->roles[i].code) == 0)
						listed = true;
		if (listed)
			continue;
		for (i = 0; i < n; i++)
			if (c->f->roles[i].practitioner == who) {
				c->f->roles[i].practitioner = -1;
				c->f->roles[i].person = xstrdup(c->f->practitioners[who].name);
			}
	}
}

/* Statements a role implies: a nurse injector performs injections, a
 * physician who owns the practice makes it physician-owned. */
static void
roles_implied(struct roles_ctx *c)
{
	size_t k, i, j, n = c->f->n_roles;

	for (k = 0; k < n; k++) {
		/* copies: adding a statement moves the array */
		int who = c->f->roles[k].practitioner;
		char *t, *ev, *code;

		if (who < 0)
			continue;
		t = xstrdup(c->f->roles[k].text);
		ev = xstrdup(c->f->roles[k].evidence);
		code = xstrdup(c->f->roles[k].code);
		for (i = 0; i < c->ro->n[ROLES_ROLE]; i++) {
			const struct roles_ent *e = &c->ro->e[ROLES_ROLE][i];

			if (e->performs && strcmp(e->code, code) == 0)
				add_performer(c, who, t, ev);
		}
		for (j = 0; j < c->ro->n[ROLES_OVERSIGHT]; j++) {
			const struct roles_ent *e = &c->ro->e[ROLES_OVERSIGHT][j];
			size_t ms, me;

			if (e->role != NULL && strcmp(e->role, code) == 0 && holds(c->f, who, e) &&
			    roles_match_any(c, e->cre, e->n_cre, t, strlen(t), 0, &ms, &me))
				page_facts_add_role(c->f, -1, e->code, t, ev);
		}
		free(t);
		free(ev);
		free(code);
	}
}

void
roles_page(const struct rules *r, const struct visible_page *vis, bool blog,
           struct page_facts *f)
{
	struct roles_ctx c;
	int *card_person = NULL;
	size_t i;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.ro = rules_roles(r);
	c.vis = vis;
	c.f = f;
	c.above = -1;
	c.cur = -1;
	if (blog || c.ro == NULL || vis == NULL)
		return;
	/* per call: the rules are shared by extraction threads */
	c.md = pcre2_match_data_create(4, NULL);
	c.mc = pcre2_match_context_create(NULL);
	if (c.md == NULL || c.mc == NULL)
		abort();   /* out of memory, as xmalloc */
	c.hits_of = xcalloc(c.ro->n_br + 1, 1);
	rules_hits_init(&c.hits);
	names_over_roles(&c, vis);
	/* the one practitioner each card names (a team member's card) */
	card_person = xmalloc(sizeof *card_person * (size_t)(vis->n_cards + 1));
	for (i = 0; i <= (size_t)vis->n_cards; i++)
		card_person[i] = -1;
	for (i = 0; i < vis->n; i++) {
		const struct visible_block *b = &vis->blocks[i];
		int who;

		if (b->card < 0 || b->card > vis->n_cards || (b->flags & VISIBLE_QUOTE))
			continue;
		who = block_names(f, b->text, b->len);
		if (who == -2 || (who >= 0 && card_person[b->card] >= 0 && card_person[b->card] != who &&
		                  !same_person(f->practitioners[who].name,
		                               f->practitioners[card_person[b->card]].name)))
			card_person[b->card] = -2;
		else if (who >= 0 && card_person[b->card] == -1)
			card_person[b->card] = who;
	}
	for (i = 0; i < vis->n; i++) {
		const struct visible_block *b = &vis->blocks[i];

		if (b->flags & VISIBLE_QUOTE) {
			c.above = -1;
			continue;
		}
		c.text = b->text;
		c.len = b->len;
		c.card_person = b->card >= 0 && b->card <= vis->n_cards && card_person[b->card] >= 0 ?
		                card_person[b->card] : -1;
		if (b->card < 0 && (b->flags & VISIBLE_HEADING))
			c.cur = -1;
		visible_sentences(b->text, b->len, roles_sentence, &c);
		c.named = block_names(f, b->text, b->len);
		/* a short line naming nobody between the name and her title
		 * ("Dr. Ty Halvorsen" / "DO" / "Medical Director") leaves the
		 * name above; a heading does not */
		if (c.named >= 0 && b->len <= ROLES_LABEL_BLOCK * 2)
			c.above = c.named;
		else if (!(c.named == -1 && b->len <= ROLES_CREDENTIAL_LINE &&
		           !(b->flags & VISIBLE_HEADING)))
			c.above = -1;
	}
	roles_implied(&c);
	roles_of_staff(&c);
	free(card_person);
	rules_hits_release(&c.hits);
	free(c.hits_of);
	pcre2_match_context_free(c.mc);
	pcre2_match_data_free(c.md);
}
