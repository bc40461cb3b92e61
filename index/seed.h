/* seed.h: what a seeds file says of a site beyond its URL (the name,
 * places and OpenStreetMap ids `clinicdex discover` writes), kept in the
 * directory where the site itself says nothing. */
#ifndef CD_INDEX_SEED_H
#define CD_INDEX_SEED_H
#include <stddef.h>
#include <stdint.h>
#include "index/index.h"

/* The location geo_source of a place that came from a seeds file. */
#define INDEX_GEO_SEED "seed"

struct index_seed_place {
	double lat, lon;
	char *source;     /* where it is from: "https://www.openstreetmap.org/node/1" */
};

struct index_seed {
	char *name;       /* the clinic's name, or NULL */
	struct index_seed_place *places;
	size_t n_places;
};

void index_seed_release(struct index_seed *s);

/* Applies seed to the clinic of site_id, if it has one yet (its first page
 * read makes it), inside the caller's transaction:
 *  - the name, while the clinic has none: any name a page gives (a
 *    <title> upward) replaces it, as it ranks above none;
 *  - the places, as locations of no page with geo_source INDEX_GEO_SEED
 *    and the source as evidence, while no page of the site gives an
 *    address; once one does they are removed. Idempotent. */
int index_seed_apply(struct index *idx, int64_t site_id, const struct index_seed *seed,
                     struct cd_error *err);

#endif
