/* roles_rules.c: reading and compiling rules.json "roles", "oversight" and
 * "role_reading" (see roles.h; the page is read in roles.c). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "extract/regex_jit.h"
#include "extract/roles_impl.h"

/* The join of the patterns, built while they are read. */
struct roles_join {
	struct buf src;
	bool apart;     /* a pattern that cannot join: no join */
	bool some_b;    /* a pattern without a leading \b */
	char **br;      /* the branches joined, for prefilter_new */
	size_t n_br;
};

/* Adds pattern src to the join j (NULL: not one the join needs). */
static void
roles_join_add(struct roles_join *j, const char *src)
{
	if (j == NULL)
		return;
	/* (?| ... ): each branch numbers its groups from 1, so a back
	 * reference keeps its meaning; a verb such as (*COMMIT) could stop
	 * the other branches from being tried, and \G means where the search
	 * began, so none is joined then */
	if (strstr(src, "(*") != NULL || strstr(src, "\\G") != NULL)
		j->apart = true;
	/* without a leading \b, which with PCRE2_UCP costs a property lookup
	 * per branch and position and hides from pcre2 the bytes a match can
	 * start with: the join matches wherever the pattern did, and more */
	if (strncmp(src, "\\b", 2) == 0 && src[2] != '\0' && strchr("?*+{", src[2]) == NULL)
		src += 2;
	else
		j->some_b = true;
	/* a join cut at its cap would match less than its patterns: then none */
	if (buf_printf(&j->src, "%s(?:%s)", j->src.len ? "|" : "(?|", src) != 0)
		j->apart = true;
	j->br = xreallocarray(j->br, j->n_br + 1, sizeof *j->br);
	j->br[j->n_br++] = xstrdup(src);
}

static const char *const roles_keys[ROLES_N] = { "roles", "oversight" };

/* Compiles the list of patterns o (NULL: none) into *re, *n_re. */
static int
roles_patterns(json_object *o, const char *name, const char *what, pcre2_code ***re,
               size_t *n_re, struct roles_join *any, struct cd_error *err)
{
	size_t i, n;

	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_array) || (n = json_object_array_length(o)) == 0 ||
	    n > ROLES_MAX_PATTERNS)
		return cd_error_set(err, CD_EPARSE, "%s: %s: must be a list of 1 to %d patterns",
		                    name, what, ROLES_MAX_PATTERNS);
	*re = xcalloc(n, sizeof **re);
	for (i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(o, i);
		PCRE2_UCHAR msg[256];
		PCRE2_SIZE off = 0;
		int ec = 0;

		if (!json_object_is_type(p, json_type_string))
			return cd_error_set(err, CD_EPARSE, "%s: %s: a pattern is not a string", name,
			                    what);
		(*re)[i] = pcre2_compile((PCRE2_SPTR)json_object_get_string(p), PCRE2_ZERO_TERMINATED,
		                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &ec, &off, NULL);
		if ((*re)[i] == NULL) {
			pcre2_get_error_message(ec, msg, sizeof msg);
			return cd_error_set(err, CD_EPARSE, "%s: %s: bad pattern \"%.80s\": %s at offset %zu",
			                    name, what, json_object_get_string(p), (char *)msg,
			                    (size_t)off);
		}
		(*n_re)++;
		regex_jit((*re)[i]);
		roles_join_add(any, json_object_get_string(p));
	}
	return 0;
}

static void
roles_patterns_free(pcre2_code **re, size_t n)
{
	for (size_t j = 0; j < n; j++)
		pcre2_code_free(re[j]);
	free(re);
}

static int
roles_read_ent(json_object *o, const char *name, const char *key, struct roles_ent *e,
               struct roles_join *any, struct cd_error *err)
{
	json_object *v = NULL, *pats = NULL;
	size_t i, n;
	char what[128];

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
		roles_join_add(any, json_object_get_string(p));
	}
	snprintf(what, sizeof what, "%s %s with_credential", key, e->code);
	if (json_object_object_get_ex(o, "with_credential", &v) &&
	    roles_patterns(v, name, what, &e->cre, &e->n_cre, any, err) < 0)
		return -1;
	if (json_object_object_get_ex(o, "credentials", &v)) {
		if (!json_object_is_type(v, json_type_array) ||
		    (n = json_object_array_length(v)) > ROLES_MAX_PATTERNS)
			return cd_error_set(err, CD_EPARSE, "%s: %s %s: \"credentials\" must be a list",
			                    name, key, e->code);
		e->creds = xcalloc(n ? n : 1, sizeof *e->creds);
		for (i = 0; i < n; i++) {
			json_object *c = json_object_array_get_idx(v, i);

			if (!json_object_is_type(c, json_type_string))
				return cd_error_set(err, CD_EPARSE, "%s: %s %s: a credential is not a string",
				                    name, key, e->code);
			e->creds[e->n_creds++] = xstrdup(json_object_get_string(c));
		}
	}
	if (e->n_cre > 0 && e->n_creds == 0)
		return cd_error_set(err, CD_EPARSE, "%s: %s %s: \"with_credential\" needs \"credentials\"",
		                    name, key, e->code);
	if (json_object_object_get_ex(o, "role", &v) && json_object_is_type(v, json_type_string))
		e->role = xstrdup(json_object_get_string(v));
	if (json_object_object_get_ex(o, "of_roles", &v)) {
		if (!json_object_is_type(v, json_type_array) ||
		    (n = json_object_array_length(v)) > ROLES_MAX_PATTERNS)
			return cd_error_set(err, CD_EPARSE, "%s: %s %s: \"of_roles\" must be a list",
			                    name, key, e->code);
		e->of_roles = xcalloc(n ? n : 1, sizeof *e->of_roles);
		for (i = 0; i < n; i++) {
			json_object *c = json_object_array_get_idx(v, i);

			if (!json_object_is_type(c, json_type_string))
				return cd_error_set(err, CD_EPARSE, "%s: %s %s: a role is not a string",
				                    name, key, e->code);
			e->of_roles[e->n_of_roles++] = xstrdup(json_object_get_string(c));
		}
	}
	e->performs = json_object_object_get_ex(o, "performs", &v) && json_object_get_boolean(v);
	e->lists = json_object_object_get_ex(o, "lists", &v) && json_object_get_boolean(v);
	return 0;
}

/* Where each list's patterns are in the join: in the order the reading
 * joined them (each entry's patterns, then its with_credential; then the
 * verbs, then the performer titles). A count that does not add up, or past what prefilter_scan tells
 * apart, leaves them unknown (roles.c then asks prefilter_match). */
static void
roles_branches(struct roles *ro, size_t n_br)
{
	size_t b = 0;

	for (size_t k = 0; k < ROLES_N; k++)
		for (size_t i = 0; i < ro->n[k]; i++) {
			ro->e[k][i].br_re = b;
			b += ro->e[k][i].n_re;
			ro->e[k][i].br_cre = b;
			b += ro->e[k][i].n_cre;
		}
	ro->br_verbs = b;
	/* then the performer titles, joined after the verbs */
	ro->n_br = b + ro->n_verbs + ro->n_performer_titles == n_br &&
	           n_br <= PREFILTER_MAX_BRANCHES ? n_br : 0;
}

int
roles_read(json_object *root, const char *name, struct roles **out, struct cd_error *err)
{
	struct roles *ro = xcalloc(1, sizeof *ro);
	json_object *arr = NULL;
	struct roles_join any;
	size_t k, i, n;
	int rc = 0;

	*out = NULL;
	buf_init(&any.src, 0);
	any.apart = any.some_b = false;
	any.br = NULL;
	any.n_br = 0;
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
	if (json_object_object_get_ex(root, "role_reading", &arr)) {
		json_object *v = NULL;

		if (!json_object_is_type(arr, json_type_object)) {
			rc = cd_error_set(err, CD_EPARSE, "%s: \"role_reading\" must be an object", name);
			goto out;
		}
		if ((json_object_object_get_ex(arr, "verbs", &v) &&
		     (rc = roles_patterns(v, name, "role_reading verbs", &ro->verbs, &ro->n_verbs,
		                          &any, err)) < 0) ||
		    (json_object_object_get_ex(arr, "objects", &v) &&
		     (rc = roles_patterns(v, name, "role_reading objects", &ro->objects,
		                          &ro->n_objects, NULL, err)) < 0) ||
		    (json_object_object_get_ex(arr, "predicates", &v) &&
		     (rc = roles_patterns(v, name, "role_reading predicates", &ro->predicates,
		                          &ro->n_predicates, NULL, err)) < 0) ||
		    (json_object_object_get_ex(arr, "titles", &v) &&
		     (rc = roles_patterns(v, name, "role_reading titles", &ro->titles,
		                          &ro->n_titles, NULL, err)) < 0) ||
		    (json_object_object_get_ex(arr, "performer_titles", &v) &&
		     (rc = roles_patterns(v, name, "role_reading performer_titles",
		                          &ro->performer_titles, &ro->n_performer_titles, &any,
		                          err)) < 0) ||
		    (json_object_object_get_ex(arr, "past", &v) &&
		     (rc = roles_patterns(v, name, "role_reading past", &ro->past, &ro->n_past,
		                          NULL, err)) < 0) ||
		    (json_object_object_get_ex(arr, "outside_field", &v) &&
		     (rc = roles_patterns(v, name, "role_reading outside_field", &ro->outside,
		                          &ro->n_outside, NULL, err)) < 0))
			goto out;
	}
	if (any.src.len > 0 && !any.apart) {
		struct buf re;
		PCRE2_SIZE off = 0;
		int ec = 0;

		/* when every pattern began with \b, the join begins with what a
		 * \b implies in ASCII (no ASCII word character before, or none
		 * after): mid-word positions fail at once, without a Unicode
		 * lookup and without trying every branch */
		buf_init(&re, 0);
		/* the flags of each pattern; a failure only loses the shortcut */
		if (buf_printf(&re, "%s%s)", any.some_b ? "" : PREFILTER_WORD_START,
		               buf_str(&any.src)) == 0) {
			ro->any = pcre2_compile((PCRE2_SPTR)buf_str(&re), re.len,
			                        PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &ec, &off,
			                        NULL);
			ro->any_pf = prefilter_new((const char *const *)any.br, any.n_br,
			                           PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, !any.some_b);
		}
		roles_branches(ro, any.n_br);
		buf_release(&re);
		if (ro->any != NULL)
			regex_jit(ro->any);
	}
	*out = ro;
	ro = NULL; /* transferred */
out:
	buf_release(&any.src);
	for (i = 0; i < any.n_br; i++)
		free(any.br[i]);
	free(any.br);
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
			struct roles_ent *e = &ro->e[k][i];

			for (j = 0; j < e->n_re; j++)
				pcre2_code_free(e->re[j]);
			free(e->re);
			roles_patterns_free(e->cre, e->n_cre);
			for (j = 0; j < e->n_creds; j++)
				free(e->creds[j]);
			free(e->creds);
			free(e->role);
			for (j = 0; j < e->n_of_roles; j++)
				free(e->of_roles[j]);
			free(e->of_roles);
			free(e->code);
			free(e->label);
		}
		free(ro->e[k]);
	}
	roles_patterns_free(ro->verbs, ro->n_verbs);
	roles_patterns_free(ro->objects, ro->n_objects);
	roles_patterns_free(ro->predicates, ro->n_predicates);
	roles_patterns_free(ro->titles, ro->n_titles);
	roles_patterns_free(ro->performer_titles, ro->n_performer_titles);
	roles_patterns_free(ro->outside, ro->n_outside);
	roles_patterns_free(ro->past, ro->n_past);
	pcre2_code_free(ro->any);
	prefilter_free(ro->any_pf);
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
