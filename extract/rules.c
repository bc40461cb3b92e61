/* rules.c: the rules file (data/rules.json, format in data/RULES.md) read
 * with json-c. Every pattern is compiled alone on loading, so an error
 * names its code and offset; rules_scan.c then joins them for matching. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json-c/json.h>
#include "common/buf.h"
#include "common/claim_kind.h"
#include "common/xalloc.h"
#include "extract/address.h"
#include "extract/pages.h"
#include "extract/regex_jit.h"
#include "extract/roles.h"
#include "extract/rules_impl.h"

#define RULES_MAX_FILE     (4u << 20)   /* bytes of the rules file */
#define RULES_MAX_CODES    1024
#define RULES_MAX_PATTERNS 8192         /* in the whole file */
#define RULES_MAX_PATLEN   2048         /* bytes of one pattern */
#define RULES_MAX_CODELEN  64

/* ---- loading ---- */

struct loader {
	const char *name;
	struct rules *r;
	struct cd_error *err;
	bool codes_only;     /* the taxonomy only: no pattern is read or compiled */
};

static const char *filter_names[RULES_F_N] = {
	"advice", "negation", "product", "placeholder", "clinic_subject", "board_certified",
	"aside", "outsiders", "staff_news", "former_staff", "own", "elsewhere", "facility", "host", "gone", "town",
};

int
rules_compile(const char *name, const char *what, const char *src, bool caseless,
              uint32_t extra, pcre2_code **out, struct cd_error *err)
{
	int rc = rules_compile_plain(name, what, src, caseless, extra, out, err);

	if (rc == 0)
		regex_jit(*out);   /* falls back to the interpreter */
	return rc;
}

int
rules_compile_plain(const char *name, const char *what, const char *src, bool caseless,
                    uint32_t extra, pcre2_code **out, struct cd_error *err)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | extra | (caseless ? PCRE2_CASELESS : 0);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off = 0;
	int ec = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts,
	                               &ec, &off, NULL);

	*out = NULL;
	if (re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		return cd_error_set(err, CD_EPARSE, "%s: %s: bad pattern \"%.80s\": %s at offset %zu",
		                    name, what, src, (char *)msg, (size_t)off);
	}
	*out = re;
	return 0;
}

/* Reads a list of patterns (strings or {"re": "...", "caseless": bool}). */
static int
read_patterns(struct loader *ld, const char *what, json_object *arr, bool def_caseless,
              struct rule_pat **out, size_t *n_out)
{
	struct rule_pat *p = NULL;
	size_t n = 0, i, len;
	pcre2_code *re = NULL;
	int ret = 0;

	*out = NULL;
	*n_out = 0;
	if (arr == NULL || ld->codes_only)
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return cd_error_set(ld->err, CD_EPARSE, "%s: %s: expected a list of patterns",
		                    ld->name, what);
	len = json_object_array_length(arr);
	if (ld->r->n_patterns + len > RULES_MAX_PATTERNS)
		return cd_error_set(ld->err, CD_EPARSE, "%s: too many patterns (limit %d)",
		                    ld->name, RULES_MAX_PATTERNS);
	ld->r->n_patterns += len;
	p = xcalloc(len ? len : 1, sizeof(*p));
	for (i = 0; i < len; i++) {
		json_object *e = json_object_array_get_idx(arr, i), *v = NULL;
		const char *src = NULL;
		bool cl = def_caseless;

		if (json_object_is_type(e, json_type_string)) {
			src = json_object_get_string(e);
		} else if (json_object_is_type(e, json_type_object) &&
		           json_object_object_get_ex(e, "re", &v) &&
		           json_object_is_type(v, json_type_string)) {
			src = json_object_get_string(v);
			if (json_object_object_get_ex(e, "caseless", &v))
				cl = json_object_get_boolean(v);
		} else {
			ret = cd_error_set(ld->err, CD_EPARSE,
			                   "%s: %s: pattern %zu is not a string or {\"re\": ...}",
			                   ld->name, what, i + 1);
			goto out;
		}
		if (src[0] == '\0' || strlen(src) > RULES_MAX_PATLEN) {
			ret = cd_error_set(ld->err, CD_EPARSE, "%s: %s: pattern %zu is empty or longer than %d bytes",
			                   ld->name, what, i + 1, RULES_MAX_PATLEN);
			goto out;
		}
		if ((ret = rules_compile_plain(ld->name, what, src, cl, 0, &re, ld->err)) < 0)
			goto out;
		pcre2_code_free(re);
		re = NULL;
		p[n].src = xstrdup(src);
		p[n].caseless = cl;
		n++;
	}
	*out = p;
	*n_out = n;
	p = NULL; /* transferred */
out:
	if (p != NULL) {
		for (i = 0; i < n; i++)
			free(p[i].src);
		free(p);
	}
	return ret;
}

static void
free_patterns(struct rule_pat *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i].src);
	free(p);
}

static long
code_index(const struct rules *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->n_codes; i++)
		if (strcmp(r->codes[i].code, code) == 0)
			return (long)i;
	return -1;
}

static bool
valid_code_name(const char *s)
{
	size_t i;

	if (s[0] == '\0' || strlen(s) > RULES_MAX_CODELEN)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* A required string member of o, or NULL with err set. */
static const char *
get_string(struct loader *ld, json_object *o, const char *key, const char *where)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string)) {
		cd_error_set(ld->err, CD_EPARSE, "%s: %s: missing string \"%s\"", ld->name, where, key);
		return NULL;
	}
	return json_object_get_string(v);
}

static int
read_codes(struct loader *ld, json_object *arr)
{
	struct rules *r = ld->r;
	size_t len, i;
	int ret = 0;

	if (arr == NULL || !json_object_is_type(arr, json_type_array))
		return cd_error_set(ld->err, CD_EPARSE, "%s: missing list \"codes\"", ld->name);
	len = json_object_array_length(arr);
	if (len > RULES_MAX_CODES)
		return cd_error_set(ld->err, CD_EPARSE, "%s: too many codes (limit %d)",
		                    ld->name, RULES_MAX_CODES);
	r->codes = xcalloc(len ? len : 1, sizeof(*r->codes));
	for (i = 0; i < len; i++) {
		json_object *o = json_object_array_get_idx(arr, i), *v = NULL;
		struct code_ent *c = &r->codes[r->n_codes];
		const char *kind, *code, *label;
		char where[128];
		bool cl = true;
		enum claim_kind k;

		snprintf(where, sizeof(where), "codes[%zu]", i);
		if (!json_object_is_type(o, json_type_object))
			return cd_error_set(ld->err, CD_EPARSE, "%s: %s: not an object", ld->name, where);
		if ((code = get_string(ld, o, "code", where)) == NULL)
			return CD_EPARSE;
		snprintf(where, sizeof(where), "code \"%.64s\"", code);
		if (!valid_code_name(code))
			return cd_error_set(ld->err, CD_EPARSE,
			                    "%s: %s: a code is 1-%d characters of a-z, 0-9 and '-'",
			                    ld->name, where, RULES_MAX_CODELEN);
		if (code_index(r, code) >= 0)
			return cd_error_set(ld->err, CD_EPARSE, "%s: %s: defined twice", ld->name, where);
		if ((kind = get_string(ld, o, "kind", where)) == NULL ||
		    (label = get_string(ld, o, "label", where)) == NULL)
			return CD_EPARSE;
		if (!claim_kind_parse(kind, &k))
			return cd_error_set(ld->err, CD_EPARSE, "%s: %s: kind must be \"%s\" or \"%s\", not \"%.32s\"",
			                    ld->name, where, claim_kind_name(CLAIM_KIND_CREDENTIAL),
			                    claim_kind_name(CLAIM_KIND_SERVICE), kind);
		if (json_object_object_get_ex(o, "caseless", &v))
			cl = json_object_get_boolean(v);
		c->kind = xstrdup(kind);
		c->code = xstrdup(code);
		c->label = xstrdup(label);
		c->pub.kind = c->kind;
		c->pub.code = c->code;
		c->pub.label = c->label;
		r->n_codes++;
		if (json_object_object_get_ex(o, "board", &v))
			c->board = json_object_get_boolean(v);
		if (json_object_object_get_ex(o, "scope", &v)) {
			const char *s = json_object_get_string(v);
			if (strcmp(s, "clinic") == 0)
				c->clinic_scope = true;
			else if (strcmp(s, "any") != 0)
				return cd_error_set(ld->err, CD_EPARSE,
				                    "%s: %s: scope must be \"clinic\" or \"any\"", ld->name, where);
		}
		v = NULL;
		json_object_object_get_ex(o, "patterns", &v);
		if ((ret = read_patterns(ld, where, v, cl, &c->pats, &c->n_pats)) < 0)
			return ret;
		v = NULL;
		json_object_object_get_ex(o, "suffixes", &v);
		if ((ret = read_patterns(ld, where, v, cl, &c->sufs, &c->n_sufs)) < 0)
			return ret;
	}
	return 0;
}

static int
read_boards(struct loader *ld, json_object *o)
{
	struct rules *r = ld->r;
	json_object *v = NULL;
	size_t len, i;
	int ret = 0;

	r->unspecified = -1;
	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return cd_error_set(ld->err, CD_EPARSE, "%s: \"boards\" is not an object", ld->name);
	if (json_object_object_get_ex(o, "certified", &v) &&
	    (ret = read_patterns(ld, "boards.certified", v, true,
	                         &r->filter_pats[RULES_F_BOARD_CERTIFIED],
	                         &r->n_filter_pats[RULES_F_BOARD_CERTIFIED])) < 0)
		return ret;
	if (json_object_object_get_ex(o, "unspecified", &v)) {
		const char *code = json_object_get_string(v);
		if ((r->unspecified = code_index(r, code)) < 0)
			return cd_error_set(ld->err, CD_EPARSE, "%s: boards.unspecified: unknown code \"%.64s\"",
			                    ld->name, code);
	}
	if (!json_object_object_get_ex(o, "specialties", &v))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return cd_error_set(ld->err, CD_EPARSE, "%s: boards.specialties is not a list", ld->name);
	len = json_object_array_length(v);
	if (len > RULES_MAX_CODES)
		return cd_error_set(ld->err, CD_EPARSE, "%s: boards.specialties: too many", ld->name);
	r->specialties = xcalloc(len ? len : 1, sizeof(*r->specialties));
	for (i = 0; i < len; i++) {
		json_object *e = json_object_array_get_idx(v, i), *pats = NULL;
		struct specialty *sp = &r->specialties[r->n_specialties];
		const char *code = NULL;
		char where[128];

		snprintf(where, sizeof(where), "boards.specialties[%zu]", i);
		if (!json_object_is_type(e, json_type_object))
			return cd_error_set(ld->err, CD_EPARSE, "%s: %s: not an object", ld->name, where);
		if ((code = get_string(ld, e, "code", where)) == NULL)
			return CD_EPARSE;
		if ((sp->code = code_index(r, code)) < 0)
			return cd_error_set(ld->err, CD_EPARSE, "%s: %s: unknown code \"%.64s\"",
			                    ld->name, where, code);
		snprintf(where, sizeof(where), "boards.specialties \"%.64s\"", code);
		if (!json_object_object_get_ex(e, "patterns", &pats))
			return cd_error_set(ld->err, CD_EPARSE, "%s: %s: missing \"patterns\"", ld->name, where);
		if ((ret = read_patterns(ld, where, pats, true, &sp->pats, &sp->n_pats)) < 0)
			return ret;
		r->n_specialties++;
	}
	return 0;
}

static int
read_filters(struct loader *ld, json_object *o)
{
	json_object *v = NULL;
	int ret = 0;
	int f;

	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return cd_error_set(ld->err, CD_EPARSE, "%s: \"filters\" is not an object", ld->name);
	for (f = 0; f < RULES_F_N; f++) {
		char what[64];

		if (f == RULES_F_BOARD_CERTIFIED || f >= RULES_F_PLACE_OWN)
			continue;   /* live under "boards" and "places" */
		if (!json_object_object_get_ex(o, filter_names[f], &v))
			continue;
		snprintf(what, sizeof(what), "filters.%s", filter_names[f]);
		if ((ret = read_patterns(ld, what, v, true, &ld->r->filter_pats[f],
		                         &ld->r->n_filter_pats[f])) < 0)
			return ret;
	}
	return 0;
}

/* "places"."address": the street word lists the address grammar is
 * assembled from (address.h), each a list of pcre2 fragments. */
static int
read_address(struct loader *ld, json_object *o)
{
	struct address_words w;
	const char **lists[ADDRESS_W_N] = { NULL };
	int ret = 0, l;

	memset(&w, 0, sizeof(w));
	if (!json_object_is_type(o, json_type_object))
		return cd_error_set(ld->err, CD_EPARSE, "%s: \"places.address\" is not an object",
		                    ld->name);
	for (l = 0; l < ADDRESS_W_N; l++) {
		json_object *arr = NULL;
		size_t len, i;

		if (!json_object_object_get_ex(o, address_word_names[l], &arr) ||
		    !json_object_is_type(arr, json_type_array)) {
			ret = cd_error_set(ld->err, CD_EPARSE, "%s: places.address.%s: expected a list "
			                   "of words", ld->name, address_word_names[l]);
			goto out;
		}
		len = json_object_array_length(arr);
		if (ld->r->n_patterns + len > RULES_MAX_PATTERNS) {
			ret = cd_error_set(ld->err, CD_EPARSE, "%s: too many patterns (limit %d)",
			                   ld->name, RULES_MAX_PATTERNS);
			goto out;
		}
		ld->r->n_patterns += len;
		lists[l] = xcalloc(len ? len : 1, sizeof(*lists[l]));
		for (i = 0; i < len; i++) {
			json_object *e = json_object_array_get_idx(arr, i);
			const char *src = json_object_is_type(e, json_type_string) ?
			                  json_object_get_string(e) : NULL;

			if (src == NULL || src[0] == '\0' || strlen(src) > RULES_MAX_PATLEN) {
				ret = cd_error_set(ld->err, CD_EPARSE, "%s: places.address.%s: word %zu "
				                   "is not a string of 1-%d bytes", ld->name,
				                   address_word_names[l], i + 1, RULES_MAX_PATLEN);
				goto out;
			}
			lists[l][i] = src;
		}
		w.words[l] = lists[l];
		w.n[l] = len;
	}
	ret = address_compile(&w, ld->name, &ld->r->address, ld->err);
out:
	for (l = 0; l < ADDRESS_W_N; l++)
		free(lists[l]);
	return ret;
}

/* "places": {"own", "elsewhere", "facility", "host", "gone", "town"}: the filters
 * from RULES_F_PLACE_OWN on. */
static int
read_places(struct loader *ld, json_object *o)
{
	json_object *v = NULL;
	int ret = 0;

	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return cd_error_set(ld->err, CD_EPARSE, "%s: \"places\" is not an object", ld->name);
	for (int f = RULES_F_PLACE_OWN; f < RULES_F_N; f++) {
		char what[64];

		if (!json_object_object_get_ex(o, filter_names[f], &v))
			continue;
		snprintf(what, sizeof(what), "places.%s", filter_names[f]);
		if ((ret = read_patterns(ld, what, v, true, &ld->r->filter_pats[f],
		                         &ld->r->n_filter_pats[f])) < 0)
			return ret;
	}
	if (json_object_object_get_ex(o, "address", &v))
		return read_address(ld, v);
	return 0;
}

static int
read_names(struct loader *ld, json_object *o)
{
	static const char *wnames[RULES_W_N] = { "stopwords", "not_person" };
	json_object *v = NULL;
	int ret = 0, w;

	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return cd_error_set(ld->err, CD_EPARSE, "%s: \"names\" is not an object", ld->name);
	if (json_object_object_get_ex(o, "other_suffixes", &v) &&
	    (ret = read_patterns(ld, "names.other_suffixes", v, true, &ld->r->other_sufs,
	                         &ld->r->n_other_sufs)) < 0)
		return ret;
	for (w = 0; w < RULES_W_N; w++) {
		char what[64];

		if (!json_object_object_get_ex(o, wnames[w], &v))
			continue;
		snprintf(what, sizeof(what), "names.%s", wnames[w]);
		if ((ret = read_patterns(ld, what, v, true, &ld->r->word_pats[w],
		                         &ld->r->n_word_pats[w])) < 0)
			return ret;
	}
	return 0;
}

static int
rules_parse(const char *json, size_t len, const char *name, bool codes_only,
            struct rules **out, struct cd_error *err)
{
	struct json_tokener *tok = NULL;
	json_object *root = NULL, *v = NULL;
	struct loader ld = { name, NULL, err, codes_only };
	int ret = 0;

	*out = NULL;
	if (len > RULES_MAX_FILE) {
		ret = cd_error_set(err, CD_EPARSE, "%s: larger than %u bytes", name, RULES_MAX_FILE);
		goto out;
	}
	tok = json_tokener_new_ex(64);
	root = json_tokener_parse_ex(tok, json, (int)len);
	if (root == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) < len) {
		enum json_tokener_error je = json_tokener_get_error(tok);
		if (root != NULL && je == json_tokener_success) {
			/* trailing text after the document: allow only spaces */
			size_t i;
			for (i = json_tokener_get_parse_end(tok); i < len; i++)
				if (json[i] != ' ' && json[i] != '\n' && json[i] != '\t' && json[i] != '\r')
					break;
			if (i == len)
				goto parsed;
		}
		ret = cd_error_set(err, CD_EPARSE, "%s: not valid JSON: %s at byte %d", name,
		                   je == json_tokener_continue ? "unexpected end of input" :
		                   json_tokener_error_desc(je), (int)json_tokener_get_parse_end(tok));
		goto out;
	}
parsed:
	if (!json_object_is_type(root, json_type_object)) {
		ret = cd_error_set(err, CD_EPARSE, "%s: the top level is not an object", name);
		goto out;
	}
	ld.r = xcalloc(1, sizeof(*ld.r));
	ld.r->unspecified = -1;
	v = NULL;
	json_object_object_get_ex(root, "codes", &v);
	if ((ret = read_codes(&ld, v)) < 0)
		goto out;
	if (codes_only)
		goto done;
	v = NULL;
	json_object_object_get_ex(root, "boards", &v);
	if ((ret = read_boards(&ld, v)) < 0)
		goto out;
	v = NULL;
	json_object_object_get_ex(root, "filters", &v);
	if ((ret = read_filters(&ld, v)) < 0)
		goto out;
	v = NULL;
	json_object_object_get_ex(root, "names", &v);
	if ((ret = read_names(&ld, v)) < 0)
		goto out;
	v = NULL;
	json_object_object_get_ex(root, "places", &v);
	if ((ret = read_places(&ld, v)) < 0)
		goto out;
	if ((ret = roles_read(root, name, &ld.r->roles, err)) < 0)
		goto out;
	if ((ret = pages_read(root, name, &ld.r->pages, err)) < 0)
		goto out;
	if ((ret = rules_scan_build(ld.r, name, err)) < 0)
		goto out;
done:
	*out = ld.r;
	ld.r = NULL; /* transferred */
out:
	rules_free(ld.r);
	if (root != NULL)
		json_object_put(root);
	if (tok != NULL)
		json_tokener_free(tok);
	return ret;
}

const struct address_re *
rules_address(const struct rules *r)
{
	return r != NULL ? r->address : NULL;
}

const struct roles *
rules_roles(const struct rules *r)
{
	return r != NULL ? r->roles : NULL;
}

const struct pages *
rules_pages(const struct rules *r)
{
	return r != NULL ? r->pages : NULL;
}

int
rules_load_string(const char *json, size_t len, const char *name,
                  struct rules **out, struct cd_error *err)
{
	return rules_parse(json, len, name, false, out, err);
}

static int
rules_read(const char *path, bool codes_only, struct rules **out, struct cd_error *err)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	FILE *fp = NULL;
	size_t n;
	int ret = 0;

	*out = NULL;
	buf_init(&b, RULES_MAX_FILE + 1);
	if ((fp = fopen(path, "rb")) == NULL) {
		ret = cd_error_set(err, CD_EIO, "cannot open rules file %s: %s", path, strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (buf_append(&b, chunk, n) < 0) {
			ret = cd_error_set(err, CD_EPARSE, "%s: larger than %u bytes", path, RULES_MAX_FILE);
			goto out;
		}
	}
	if (ferror(fp)) {
		ret = cd_error_set(err, CD_EIO, "cannot read rules file %s", path);
		goto out;
	}
	ret = rules_parse(buf_str(&b), b.len, path, codes_only, out, err);
out:
	if (fp != NULL)
		fclose(fp);
	buf_release(&b);
	return ret;
}

int
rules_load(const char *path, struct rules **out, struct cd_error *err)
{
	return rules_read(path, false, out, err);
}

int
rules_load_codes(const char *path, struct rules **out, struct cd_error *err)
{
	return rules_read(path, true, out, err);
}

void
rules_free(struct rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	rules_scan_free(r);
	roles_free(r->roles);
	pages_free(r->pages);
	address_re_free(r->address);
	for (i = 0; i < r->n_codes; i++) {
		free(r->codes[i].kind);
		free(r->codes[i].code);
		free(r->codes[i].label);
		free_patterns(r->codes[i].pats, r->codes[i].n_pats);
		free_patterns(r->codes[i].sufs, r->codes[i].n_sufs);
	}
	free(r->codes);
	for (i = 0; i < RULES_F_N; i++)
		free_patterns(r->filter_pats[i], r->n_filter_pats[i]);
	pcre2_code_free(r->product);
	pcre2_code_free(r->aside);
	for (i = 0; i < RULES_W_N; i++)
		free_patterns(r->word_pats[i], r->n_word_pats[i]);
	free_patterns(r->other_sufs, r->n_other_sufs);
	for (i = 0; i < r->n_specialties; i++)
		free_patterns(r->specialties[i].pats, r->specialties[i].n_pats);
	free(r->specialties);
	free(r);
}

size_t
rules_code_count(const struct rules *r)
{
	return r->n_codes;
}

const struct rule_code *
rules_code(const struct rules *r, size_t i)
{
	return i < r->n_codes ? &r->codes[i].pub : NULL;
}

bool
rules_code_clinic_scope(const struct rules *r, size_t code)
{
	return code < r->n_codes && r->codes[code].clinic_scope;
}

bool
rules_code_board(const struct rules *r, size_t code)
{
	return code < r->n_codes && r->codes[code].board;
}
