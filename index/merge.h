/* merge.h: folding another clinicdex database (a crawl shard, a crawl
 * made elsewhere) into this one. */
#ifndef CD_INDEX_MERGE_H
#define CD_INDEX_MERGE_H
#include "common/error.h"
#include "index/index.h"

struct index_merge_stats {
	long sites;        /* sites this database did not have */
	long pages;        /* pages (with their facts) it did not have */
	long frontier;     /* frontier entries it did not have */
};

/* Merges the database at path (already at this schema version: open it
 * with index_open first) into idx in one transaction: its sites, frontier,
 * page bodies and pages this database lacks (by site key, URL, body hash),
 * and the facts of those pages (locations, practitioners, claims) with
 * their statuses from verify. A page both have keeps this database's copy
 * and facts, so merging the same file again changes nothing. Each registry
 * snapshot (NPPES, a licence list, the LEIE, an FDA file) of path replaces
 * this database's of the same kind, label and state when this one has none
 * or an older one (imported_at), as importing the newer file would. The
 * gazetteers' ZIP areas and places this one lacks are added (locations
 * geocoded again when any were). Adds to
 * *stats. Returns 0, CD_EINVAL when path is not a database of this schema
 * version, CD_EDB on a database failure (nothing merged). */
int index_merge(struct index *idx, const char *path, struct index_merge_stats *stats,
                struct cd_error *err);

#endif
