/* osm.h: clinic websites found in an OpenStreetMap extract (.osm.pbf or
 * .osm XML, read with libreadosm), as seeds for the crawler. Which tags
 * and name words count lives under "discover" in data/rules.json. */
#ifndef CD_DISCOVER_OSM_H
#define CD_DISCOVER_OSM_H
#include <stddef.h>
#include <stdio.h>
#include "common/error.h"

struct discover_rules;

/* Loads the "discover" section of the rules file at path into *out (free
 * with discover_rules_free). CD_EIO when the file cannot be read,
 * CD_EPARSE when the section is missing or malformed. */
int discover_rules_load(const char *path, struct discover_rules **out, struct cd_error *err);
void discover_rules_free(struct discover_rules *r);

/* One place of a seed: an OSM object that names the site. */
struct discover_place {
	char osm_id[32];       /* "node/123", "way/45" */
	double lat, lon;       /* a way: the centre of its nodes' box */
	char *address;         /* "12 Main St, Austin, TX 78701", or "" */
};

/* One site: its seed URL and every OSM object that points at it. */
struct discover_seed {
	char *key;             /* the site key, "https://glow.example" */
	char *url;             /* the seed URL, from the first place's tag */
	char *name;            /* the first place's name, cleaned, or "" */
	struct discover_place *places;
	size_t n_places;
};

struct discover_result {
	struct discover_seed *seeds;   /* sorted by key, one per site */
	size_t n_seeds;
	long objects;                  /* OSM objects that matched the rules */
	long no_website;               /* of those, without a usable website */
};

/* Reads the extract at path (the suffix says which: .osm or .pbf) in two
 * passes (ways, then nodes with the coordinates those ways need) and fills
 * res. Returns 0, CD_EIO when the file cannot be opened, CD_EPARSE when
 * it is not a readable extract. Release res with discover_result_release
 * (also after an error). */
int discover_osm(const char *path, const struct discover_rules *r,
                 struct discover_result *res, struct cd_error *err);
void discover_result_release(struct discover_result *res);

/* Writes the seeds file: a comment line, then one line a site
 * "URL<TAB>name<TAB>lat,lon;...<TAB>osm ids;...<TAB>addresses;..."; the
 * extras have no tabs, ';' or controls. Returns 0 or CD_EIO. */
int discover_write_seeds(FILE *f, const struct discover_result *res, struct cd_error *err);

#endif
