/* roles.h: storing a page's roles and oversight statements (facts.h
 * struct fact_role) in the roles table. */
#ifndef CD_INDEX_ROLES_H
#define CD_INDEX_ROLES_H
#include <stdint.h>
#include "index/index.h"
#include "common/facts.h"

/* Replaces page_id's rows by facts' roles, inside the caller's
 * transaction. pract_ids: the practitioners' row ids (0: not stored, its
 * roles are dropped). */
int index_roles_put(struct index *idx, int64_t clinic_id, int64_t page_id,
                    const char *evidence_url, const struct page_facts *facts,
                    const int64_t *pract_ids, struct cd_error *err);

#endif
