/* pages.h: the kinds of page a URL path tells ("/blog/", "/shop",
 * "/careers", "/conditions"), whose words are rules.json "pages"
 * (data/RULES.md): extraction reads each kind with its own suspicion. */
#ifndef CD_PAGES_H
#define CD_PAGES_H
#include <json-c/json.h>
#include "common/error.h"
#include "extract/rules.h"

struct pages;

/* In the order they are tried: the first kind a word of which the path
 * holds is the page's. */
enum pages_kind {
	PAGES_BLOG = 0,      /* "blog": advice; only the staff news is read */
	PAGES_SILENT,        /* "silent": reviews, job offers, courses: nothing claimed */
	PAGES_SHOP,          /* "shop": products, not services */
	PAGES_EDUCATION,     /* "education": conditions, patient education */
	PAGES_N,             /* none: a plain page */
};

/* Reads root's "pages" (it may be missing: every page is plain then).
 * Errors name the file (name). Free with pages_free. */
int pages_read(json_object *root, const char *name, struct pages **out, struct cd_error *err);
void pages_free(struct pages *pg);
/* The pages of r (loaded with rules_load), or NULL. */
const struct pages *rules_pages(const struct rules *r);
/* The kind of the page at url: the first kind one of whose words its
 * path holds (ASCII case ignored); PAGES_N when none does, or pg is NULL. */
enum pages_kind pages_kind(const struct pages *pg, const char *url);

#endif
