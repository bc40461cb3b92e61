/* rules.h: the taxonomy and the text rules, read from a JSON rules file
 * (data/rules.json; format documented in data/RULES.md). Patterns are
 * pcre2 (UTF, caseless unless the rule says otherwise), JIT-compiled.
 * A user adds a code by adding an entry to the file: no recompiling. */
#ifndef CD_RULES_H
#define CD_RULES_H
#include <stddef.h>
#include "common/error.h"

struct rules;

struct rule_code {
	const char *kind;    /* "credential" or "service" */
	const char *code;    /* "md", "microneedling", ... */
	const char *label;   /* "Doctor of Medicine" */
};

/* Loads and compiles path. On error returns CD_EIO/CD_EPARSE with a message
 * naming the file and, for a bad pattern, the code and the pcre2 error
 * offset. Free with rules_free. */
int rules_load(const char *path, struct rules **out, struct cd_error *err);
/* The taxonomy only (kinds, codes, labels), without reading or compiling a
 * pattern: for listing and checking codes, where compiling every pattern
 * cost a search ~15 ms. Such rules match nothing: never pass them to
 * extraction. */
int rules_load_codes(const char *path, struct rules **out, struct cd_error *err);
/* The same as rules_load from a string (tests, fuzzing); name is used in
 * messages. */
int rules_load_string(const char *json, size_t len, const char *name,
                      struct rules **out, struct cd_error *err);
void rules_free(struct rules *r);
size_t rules_code_count(const struct rules *r);
/* i-th code in file order; the struct is owned by r. */
const struct rule_code *rules_code(const struct rules *r, size_t i);

/* The address grammar assembled from "places"."address" (address.h), or
 * NULL when the file has none (then no address is read from text). */
struct address_re;
const struct address_re *rules_address(const struct rules *r);

#endif
