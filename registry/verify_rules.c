/* verify_rules.c: the "verify" section of rules.json (see verify_rules.h),
 * read with json-c. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json-c/json.h>
#include "common/xalloc.h"
#include "registry/verify_rules.h"

struct taxonomy_name {
	char *code, *name;
};

/* The status words of licence lists: general, or one state's board. */
struct standing_words {
	char state[3];            /* "" for the general lists */
	char **good, **not;
	size_t n_good, n_not;
};

/* A class of device FDA never approves (verify.never_approved). */
struct never_approved {
	char **words;             /* any names the class ("needl", "SkinPen") */
	size_t n_words;
	char **approved;          /* any says "approved" ("approv") */
	size_t n_approved;
	char *reason;
};

struct verify_rules {
	struct verify_rule *rules;
	size_t n;
	struct taxonomy_name *names;
	size_t n_names;
	struct standing_words standing;
	struct standing_words *states;
	size_t n_states;
	struct verify_device *devices;
	size_t n_devices;
	struct never_approved *never;
	size_t n_never;
};

struct reader {
	const char *path;
	const char *section;      /* "verify.codes", for errors */
	const char *code;         /* the entry being read, for errors */
	struct cd_error *err;
};

static int
bad(struct reader *rd, const char *what)
{
	return cd_error_set(rd->err, CD_EPARSE, "%s: %s \"%.64s\": %s", rd->path, rd->section,
	                    rd->code, what);
}

/* An optional string member: *out is NULL when absent. */
static int
opt_text(struct reader *rd, json_object *o, const char *key, char **out)
{
	json_object *v = NULL;
	const char *s = NULL;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string) ||
	    strlen(s = json_object_get_string(v)) > VERIFY_RULES_MAX_TEXT)
		return cd_error_set(rd->err, CD_EPARSE, "%s: %s \"%.64s\": \"%s\" is not a "
		                    "string of at most %d bytes", rd->path, rd->section, rd->code, key,
		                    VERIFY_RULES_MAX_TEXT);
	*out = xstrdup(s);
	return 0;
}

/* An optional list of strings, each 1..max bytes. */
static int
opt_list(struct reader *rd, json_object *o, const char *key, size_t max, char ***out,
         size_t *n)
{
	json_object *v = NULL;
	size_t len = 0;

	*out = NULL;
	*n = 0;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_array) ||
	    (len = json_object_array_length(v)) > VERIFY_RULES_MAX_LIST)
		return cd_error_set(rd->err, CD_EPARSE, "%s: %s \"%.64s\": \"%s\" is not a "
		                    "list of at most %d strings", rd->path, rd->section, rd->code, key,
		                    VERIFY_RULES_MAX_LIST);
	*out = xcalloc(len ? len : 1, sizeof **out);
	for (size_t i = 0; i < len; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		const char *s = json_object_get_string(e);

		if (!json_object_is_type(e, json_type_string) || s[0] == '\0' || strlen(s) > max)
			return cd_error_set(rd->err, CD_EPARSE, "%s: %s \"%.64s\": \"%s\" holds "
			                    "an entry that is not a string of 1-%zu bytes", rd->path,
			                    rd->section, rd->code, key, max);
		(*out)[(*n)++] = xstrdup(s);
	}
	return 0;
}

static int
read_rule(struct reader *rd, json_object *o, struct verify_rule *r)
{
	char *registry = NULL;
	int rc = 0;

	if (!json_object_is_type(o, json_type_object))
		return bad(rd, "not an object");
	if ((rc = opt_text(rd, o, "registry", &registry)) != 0 ||
	    (rc = opt_text(rd, o, "conflict", &r->conflict)) != 0 ||
	    (rc = opt_list(rd, o, "taxonomies", VERIFY_RULES_MAX_PREFIX, &r->taxonomies,
	                   &r->n_taxonomies)) != 0 ||
	    (rc = opt_list(rd, o, "or_taxonomies", VERIFY_RULES_MAX_PREFIX, &r->or_taxonomies,
	                   &r->n_or_taxonomies)) != 0 ||
	    (rc = opt_text(rd, o, "label", &r->label)) != 0 ||
	    (rc = opt_text(rd, o, "note", &r->note)) != 0 ||
	    (rc = opt_text(rd, o, "lacking", &r->lacking)) != 0 ||
	    (rc = opt_text(rd, o, "credential_text", &r->credential_text)) != 0 ||
	    (rc = opt_text(rd, o, "conflicting_text", &r->conflicting_text)) != 0 ||
	    (rc = opt_text(rd, o, "conflicting_label", &r->conflicting_label)) != 0 ||
	    (rc = opt_list(rd, o, "license_words", VERIFY_RULES_MAX_TEXT, &r->license_words,
	                   &r->n_license_words)) != 0 ||
	    (rc = opt_text(rd, o, "license_label", &r->license_label)) != 0 ||
	    (rc = opt_text(rd, o, "unloaded_note", &r->unloaded_note)) != 0)
		goto out;
	if (r->conflict != NULL) {
		r->how = VERIFY_CONFLICT;
		if (registry != NULL)
			rc = bad(rd, "a \"conflict\" needs no \"registry\"");
	} else if (registry != NULL && strcmp(registry, "nppes") == 0) {
		r->how = VERIFY_NPPES;
		if (r->n_taxonomies == 0 || r->lacking == NULL)
			rc = bad(rd, "an nppes rule needs \"taxonomies\" and \"lacking\"");
		else if ((r->conflicting_text == NULL) != (r->conflicting_label == NULL) ||
		         (r->conflicting_text != NULL && r->credential_text == NULL))
			rc = bad(rd, "\"conflicting_text\" goes with \"conflicting_label\" and "
			         "\"credential_text\"");
	} else if (registry != NULL && strcmp(registry, "licenses") == 0) {
		r->how = VERIFY_LICENSES;
		if (r->n_license_words == 0 || r->license_label == NULL)
			rc = bad(rd, "a licenses rule needs \"license_words\" and \"license_label\"");
	} else {
		rc = bad(rd, "\"registry\" must be \"nppes\" or \"licenses\", or the entry a "
		         "\"conflict\"");
	}
out:
	free(registry);
	return rc;
}

static int
read_names(struct reader *rd, json_object *o, struct verify_rules *vr)
{
	if (o == NULL)
		return 0;
	if (!json_object_is_type(o, json_type_object) ||
	    json_object_object_length(o) > VERIFY_RULES_MAX_TAXNAMES)
		return cd_error_set(rd->err, CD_EPARSE, "%s: verify.taxonomy_names is not an object "
		                    "of at most %d names", rd->path, VERIFY_RULES_MAX_TAXNAMES);
	vr->names = xcalloc((size_t)json_object_object_length(o) + 1, sizeof *vr->names);
	json_object_object_foreach(o, key, val) {
		if (!json_object_is_type(val, json_type_string) ||
		    strlen(json_object_get_string(val)) > VERIFY_RULES_MAX_TAXNAME ||
		    strlen(key) > VERIFY_RULES_MAX_PREFIX)
			return cd_error_set(rd->err, CD_EPARSE, "%s: verify.taxonomy_names \"%.16s\" is "
			                    "not a taxonomy code and a name of at most %d bytes",
			                    rd->path, key, VERIFY_RULES_MAX_TAXNAME);
		vr->names[vr->n_names].code = xstrdup(key);
		vr->names[vr->n_names].name = xstrdup(json_object_get_string(val));
		vr->n_names++;
	}
	return 0;
}

/* {"good": [...], "not": [...]} into w. */
static int
read_words(struct reader *rd, json_object *o, struct standing_words *w)
{
	int rc = 0;

	if (!json_object_is_type(o, json_type_object))
		return bad(rd, "not an object of \"good\" and \"not\" word lists");
	if ((rc = opt_list(rd, o, "good", VERIFY_RULES_MAX_TEXT, &w->good, &w->n_good)) != 0 ||
	    (rc = opt_list(rd, o, "not", VERIFY_RULES_MAX_TEXT, &w->not, &w->n_not)) != 0)
		return rc;
	return 0;
}

/* verify.license_standing: the general lists, and "states" with a
 * board's own. */
static int
read_standing(struct reader *rd, json_object *o, struct verify_rules *vr)
{
	json_object *states = NULL;
	int rc = 0;

	if (o == NULL)
		return 0;
	rd->section = "verify.license_standing";
	rd->code = "";
	if ((rc = read_words(rd, o, &vr->standing)) != 0)
		return rc;
	if (!json_object_object_get_ex(o, "states", &states))
		return 0;
	if (!json_object_is_type(states, json_type_object) ||
	    json_object_object_length(states) > 60)
		return bad(rd, "\"states\" is not an object of at most 60 state codes");
	vr->states = xcalloc((size_t)json_object_object_length(states) + 1, sizeof *vr->states);
	json_object_object_foreach(states, key, val) {
		struct standing_words *w = &vr->states[vr->n_states++];

		rd->section = "verify.license_standing.states";
		rd->code = key;
		if (strlen(key) != 2)
			return bad(rd, "not a two-letter state code");
		snprintf(w->state, sizeof w->state, "%s", key);
		if ((rc = read_words(rd, val, w)) != 0)
			return rc;
	}
	return 0;
}

static void
upper(char **words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (char *p = words[i]; *p != '\0'; p++)
			*p = (char)toupper((unsigned char)*p);
}

/* verify.devices: [{"brand", "says", "device_names", "applicant",
 * "product_codes"}, ...] */
static int
read_devices(struct reader *rd, json_object *a, struct verify_rules *vr)
{
	size_t n = 0;
	int rc = 0;

	if (a == NULL)
		return 0;
	rd->section = "verify.devices";
	rd->code = "";
	if (!json_object_is_type(a, json_type_array) ||
	    (n = json_object_array_length(a)) > VERIFY_RULES_MAX_DEVICES)
		return bad(rd, "not a list of at most 256 devices");
	vr->devices = xcalloc(n + 1, sizeof *vr->devices);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(a, i), *b = NULL;
		struct verify_device *d = &vr->devices[vr->n_devices++];

		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, "brand", &b) ||
		    !json_object_is_type(b, json_type_string))
			return bad(rd, "an entry is not an object with a \"brand\"");
		rd->code = json_object_get_string(b);
		if ((rc = opt_text(rd, o, "brand", &d->brand)) != 0 ||
		    (rc = opt_list(rd, o, "says", VERIFY_RULES_MAX_TEXT, &d->says, &d->n_says)) != 0 ||
		    (rc = opt_list(rd, o, "device_names", VERIFY_RULES_MAX_TEXT, &d->device_names,
		                   &d->n_device_names)) != 0 ||
		    (rc = opt_text(rd, o, "applicant", &d->applicant)) != 0 ||
		    (rc = opt_list(rd, o, "product_codes", VERIFY_RULES_MAX_PREFIX, &d->product_codes,
		                   &d->n_product_codes)) != 0)
			return rc;
		if (d->n_says == 0 || d->n_device_names == 0)
			return bad(rd, "a device needs \"says\" and \"device_names\"");
		if (d->applicant != NULL && d->n_product_codes == 0)
			return bad(rd, "\"applicant\" needs \"product_codes\"");
		/* FDA's files are upper case: compared so, whatever the file says */
		upper(d->device_names, d->n_device_names);
		upper(&d->applicant, d->applicant != NULL);
		upper(d->product_codes, d->n_product_codes);
	}
	return 0;
}

/* verify.never_approved: [{"words", "approved", "reason"}, ...] */
static int
read_never(struct reader *rd, json_object *a, struct verify_rules *vr)
{
	size_t n = 0;
	int rc = 0;

	if (a == NULL)
		return 0;
	rd->section = "verify.never_approved";
	rd->code = "";
	if (!json_object_is_type(a, json_type_array) ||
	    (n = json_object_array_length(a)) > VERIFY_RULES_MAX_NEVER)
		return bad(rd, "not a list of at most 64 device classes");
	vr->never = xcalloc(n + 1, sizeof *vr->never);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(a, i);
		struct never_approved *c = &vr->never[vr->n_never++];

		if (!json_object_is_type(o, json_type_object))
			return bad(rd, "an entry is not an object");
		if ((rc = opt_list(rd, o, "words", VERIFY_RULES_MAX_TEXT, &c->words,
		                   &c->n_words)) != 0)
			return rc;
		if (c->n_words > 0)
			rd->code = c->words[0];
		if ((rc = opt_list(rd, o, "approved", VERIFY_RULES_MAX_TEXT, &c->approved,
		                   &c->n_approved)) != 0 ||
		    (rc = opt_text(rd, o, "reason", &c->reason)) != 0)
			return rc;
		if (c->n_words == 0 || c->n_approved == 0 || c->reason == NULL)
			return bad(rd, "a class needs \"words\", \"approved\" and \"reason\"");
	}
	return 0;
}

int
verify_rules_load(const char *path, struct verify_rules **out, struct cd_error *err)
{
	struct verify_rules *vr = xcalloc(1, sizeof *vr);
	struct reader rd = { path, "verify.codes", "", err };
	json_object *root = NULL, *sec = NULL, *codes = NULL, *names = NULL, *standing = NULL;
	json_object *devices = NULL, *never = NULL;
	int rc = 0;

	*out = NULL;
	if ((root = json_object_from_file(path)) == NULL) {
		rc = cd_error_set(err, CD_EPARSE, "%s: cannot read the verify rules: %s", path,
		                  json_util_get_last_err());
		goto out;
	}
	if (!json_object_object_get_ex(root, "verify", &sec))
		goto done;
	if (!json_object_is_type(sec, json_type_object)) {
		rc = cd_error_set(err, CD_EPARSE, "%s: \"verify\" is not an object", path);
		goto out;
	}
	json_object_object_get_ex(sec, "taxonomy_names", &names);
	if ((rc = read_names(&rd, names, vr)) != 0)
		goto out;
	json_object_object_get_ex(sec, "license_standing", &standing);
	if ((rc = read_standing(&rd, standing, vr)) != 0)
		goto out;
	json_object_object_get_ex(sec, "devices", &devices);
	if ((rc = read_devices(&rd, devices, vr)) != 0)
		goto out;
	json_object_object_get_ex(sec, "never_approved", &never);
	if ((rc = read_never(&rd, never, vr)) != 0)
		goto out;
	rd.section = "verify.codes";
	if (!json_object_object_get_ex(sec, "codes", &codes))
		goto done;
	if (!json_object_is_type(codes, json_type_object) ||
	    json_object_object_length(codes) > VERIFY_RULES_MAX_CODES) {
		rc = cd_error_set(err, CD_EPARSE, "%s: verify.codes is not an object of at most %d "
		                  "codes", path, VERIFY_RULES_MAX_CODES);
		goto out;
	}
	vr->rules = xcalloc((size_t)json_object_object_length(codes) + 1, sizeof *vr->rules);
	json_object_object_foreach(codes, key, val) {
		struct verify_rule *r = &vr->rules[vr->n++];

		r->code = xstrdup(key);
		rd.code = key;
		if ((rc = read_rule(&rd, val, r)) != 0)
			goto out;
	}
done:
	*out = vr;
	vr = NULL;   /* transferred */
out:
	json_object_put(root);
	verify_rules_free(vr);
	return rc;
}

static void
free_list(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void
verify_rules_free(struct verify_rules *vr)
{
	if (vr == NULL)
		return;
	for (size_t i = 0; i < vr->n; i++) {
		struct verify_rule *r = &vr->rules[i];

		free(r->code);
		free_list(r->taxonomies, r->n_taxonomies);
		free_list(r->or_taxonomies, r->n_or_taxonomies);
		free_list(r->license_words, r->n_license_words);
		free(r->label);
		free(r->note);
		free(r->lacking);
		free(r->credential_text);
		free(r->conflicting_text);
		free(r->conflicting_label);
		free(r->license_label);
		free(r->unloaded_note);
		free(r->conflict);
	}
	free(vr->rules);
	for (size_t i = 0; i < vr->n_names; i++) {
		free(vr->names[i].code);
		free(vr->names[i].name);
	}
	free(vr->names);
	free_list(vr->standing.good, vr->standing.n_good);
	free_list(vr->standing.not, vr->standing.n_not);
	for (size_t i = 0; i < vr->n_states; i++) {
		free_list(vr->states[i].good, vr->states[i].n_good);
		free_list(vr->states[i].not, vr->states[i].n_not);
	}
	free(vr->states);
	for (size_t i = 0; i < vr->n_devices; i++) {
		struct verify_device *d = &vr->devices[i];

		free(d->brand);
		free_list(d->says, d->n_says);
		free_list(d->device_names, d->n_device_names);
		free(d->applicant);
		free_list(d->product_codes, d->n_product_codes);
	}
	free(vr->devices);
	for (size_t i = 0; i < vr->n_never; i++) {
		free_list(vr->never[i].words, vr->never[i].n_words);
		free_list(vr->never[i].approved, vr->never[i].n_approved);
		free(vr->never[i].reason);
	}
	free(vr->never);
	free(vr);
}

const struct verify_rule *
verify_rules_find(const struct verify_rules *vr, const char *code)
{
	for (size_t i = 0; vr != NULL && i < vr->n; i++)
		if (strcmp(vr->rules[i].code, code) == 0)
			return &vr->rules[i];
	return NULL;
}

const char *
verify_rules_taxonomy_name(const struct verify_rules *vr, const char *taxonomy)
{
	for (size_t i = 0; vr != NULL && i < vr->n_names; i++)
		if (strcmp(vr->names[i].code, taxonomy) == 0)
			return vr->names[i].name;
	return NULL;
}

/* Does one of words[0..n) occur in s at a word start (case ignored)? */
static const char *
word_at_start(const char *s, char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (const char *p = strcasestr(s, words[i]); p != NULL;
		     p = strcasestr(p + 1, words[i]))
			if (p == s || !isalnum((unsigned char)p[-1]))
				return words[i];
	return NULL;
}

enum verify_standing
verify_rules_standing(const struct verify_rules *vr, const char *state, const char *status,
                      const char **word)
{
	const struct standing_words *board = NULL;
	const char *w = NULL;
	enum verify_standing s = STANDING_UNKNOWN;

	for (size_t i = 0; vr != NULL && state != NULL && i < vr->n_states; i++)
		if (strcasecmp(vr->states[i].state, state) == 0)
			board = &vr->states[i];
	/* a "not" word of either list outweighs any "good" one */
	if (vr == NULL || status == NULL || status[0] == '\0')
		s = STANDING_UNKNOWN;
	else if ((board != NULL && (w = word_at_start(status, board->not, board->n_not)) != NULL) ||
	         (w = word_at_start(status, vr->standing.not, vr->standing.n_not)) != NULL)
		s = STANDING_NOT;
	else if ((board != NULL && (w = word_at_start(status, board->good, board->n_good)) != NULL) ||
	         (w = word_at_start(status, vr->standing.good, vr->standing.n_good)) != NULL)
		s = STANDING_GOOD;
	if (word != NULL)
		*word = w;
	return s;
}

/* Does word w occur in s at word boundaries (case ignored)? */
static bool
has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strcasestr(s, w); p != NULL; p = strcasestr(p + 1, w)) {
		bool start = p == s || !isalnum((unsigned char)p[-1]);
		bool end = !isalnum((unsigned char)p[n]);

		if (start && end)
			return true;
	}
	return false;
}

const struct verify_device *
verify_rules_device_in(const struct verify_rules *vr, const char *sentence)
{
	if (vr == NULL || sentence == NULL)
		return NULL;
	for (size_t i = 0; i < vr->n_devices; i++)
		for (size_t k = 0; k < vr->devices[i].n_says; k++)
			if (has_word(sentence, vr->devices[i].says[k]))
				return &vr->devices[i];
	return NULL;
}

/* Does one of words[0..n) occur anywhere in s (case ignored)? */
static bool
has_any(const char *s, char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasestr(s, words[i]) != NULL)
			return true;
	return false;
}

const char *
verify_rules_never_approved(const struct verify_rules *vr, const char *sentence)
{
	if (vr == NULL || sentence == NULL)
		return NULL;
	for (size_t i = 0; i < vr->n_never; i++) {
		const struct never_approved *c = &vr->never[i];

		if (has_any(sentence, c->approved, c->n_approved) &&
		    has_any(sentence, c->words, c->n_words))
			return c->reason;
	}
	return NULL;
}
