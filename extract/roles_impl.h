/* roles_impl.h: the compiled "roles", "oversight" and "role_reading" of
 * rules.json, shared by roles_rules.c (which reads them) and roles.c (which
 * reads a page with them). Private to extract/. */
#ifndef CD_ROLES_IMPL_H
#define CD_ROLES_IMPL_H
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include "extract/prefilter.h"
#include "extract/roles.h"

#define ROLES_MAX_CODES    64
#define ROLES_MAX_PATTERNS 32

struct roles_ent {
	char *code, *label;
	pcre2_code **re;
	size_t n_re;
	/* "credentials": the credential codes of the people this code is
	 * about (a performer kind: who "performs" treatments; a role's
	 * "with_credential" patterns: who may hold it) */
	char **creds;
	size_t n_creds;
	pcre2_code **cre;      /* "with_credential" patterns */
	size_t n_cre;
	char *role;            /* oversight from a role ("owner" of a physician) */
	/* "of_roles": a performer kind's role codes, for a holder the page
	 * claims none of its credentials for (an "esthetician" by title) */
	char **of_roles;
	size_t n_of_roles;
	bool performs;         /* a role whose holder performs treatments */
	bool lists;            /* given to a person without a credential too */
	size_t br_re, br_cre;  /* their first branches in the join (any_pf) */
};

struct roles {
	struct roles_ent *e[ROLES_N];
	size_t n[ROLES_N];
	/* "role_reading": the verbs and objects of a person's own
	 * treatments ("She performs our peels"), and the words before a role
	 * that make it what the sentence's subject is ("serves as") */
	pcre2_code **verbs, **objects, **predicates;
	size_t n_verbs, n_objects, n_predicates;
	/* "titles": words that open a job title, not a name ("Patient Care
	 * Coordinator"); "performer_titles": titles whose holder treats
	 * ("Lead Injector"), of any credential; "outside_field": professions
	 * outside the directory's (a dentist, a chiropractor), whose holder
	 * no role without a credential lists */
	pcre2_code **titles, **performer_titles, **outside;
	size_t n_titles, n_performer_titles, n_outside;
	/* "past": the words right before a role that make it a former job
	 * ("10 years of experience as an esthetician") */
	pcre2_code **past;
	size_t n_past;
	/* every pattern a sentence's fact needs one match of (roles,
	 * oversight, their "with_credential" and the verbs) joined in one
	 * alternation; NULL when they do not join. A sentence it does not
	 * match has no statement to read. */
	pcre2_code *any;
	struct prefilter *any_pf;   /* the same question, asked cheaply */
	/* the join's branches: those of each entry's patterns and
	 * with_credential (br_re, br_cre), then the verbs' from br_verbs;
	 * 0 when not known (no prefilter_scan then) */
	size_t n_br, br_verbs;
};

#endif
