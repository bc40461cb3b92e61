/* roles.h: the roles a site gives its practitioners ("Medical Director",
 * "Lead Esthetician") and what a clinic states about medical oversight
 * and who performs treatments, read from a page's visible text. The
 * codes and their patterns are rules.json "roles" and "oversight"
 * (data/RULES.md); advice, other practices and negations state nothing,
 * as for claims. */
#ifndef CD_ROLES_H
#define CD_ROLES_H
#include <stdbool.h>
#include <json-c/json.h>
#include "common/error.h"
#include "extract/rules.h"
#include "extract/visible.h"
#include "common/facts.h"

struct roles;

enum roles_kind {
	ROLES_ROLE = 0,      /* "roles": of a practitioner */
	ROLES_OVERSIGHT,     /* "oversight": of the clinic */
	ROLES_N
};

/* Reads and compiles root's "roles" and "oversight" (either may be
 * missing: nothing is read then). Errors name the file (name) and the
 * code. Free with roles_free. */
int roles_read(json_object *root, const char *name, struct roles **out, struct cd_error *err);
void roles_free(struct roles *ro);
/* The roles of r (loaded with rules_load), or NULL. */
const struct roles *rules_roles(const struct rules *r);
size_t roles_count(const struct roles *ro, enum roles_kind k);
/* i-th code of kind k in file order; *label (if asked) its label. */
const char *roles_code(const struct roles *ro, enum roles_kind k, size_t i, const char **label);

/* Adds to f the roles of f's practitioners that vis states (the
 * practitioner named in the sentence nearest the role's words when they
 * are said of her, the one named in the block just above a block that is
 * only a role, or in a team member's card the card's person) and the
 * clinic's oversight statements, including who performs treatments (of a
 * person who performs one, by the kind of her credentials in f's claims).
 * A name line over a role line that lists its holder adds that person to
 * f (data/RULES.md "Roles and oversight statements"). Call it before
 * dropping practitioners without claims: a role keeps its holder. blog:
 * the page is a blog post, whose text is advice and news: nothing is
 * read. */
void roles_page(const struct rules *r, const struct visible_page *vis, bool blog,
                struct page_facts *f);

#endif
