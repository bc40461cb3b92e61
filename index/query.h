/* query.h: reading the directory: search, one clinic, stats.
 * Rows handed to callbacks are valid only during the call. Strings are the
 * stored text (valid UTF-8, but from the web: the caller escapes or strips
 * them for its output). */
#ifndef CD_QUERY_H
#define CD_QUERY_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <json-c/json.h>
#include "common/claim_status.h"
#include "common/error.h"
#include "index/index.h"

/* Filters combine with AND. NULL / 0 means "no filter". */
struct search_filter {
	const char *state;          /* two-letter code, any case */
	const char *city;           /* case-insensitive exact city name */
	const char *zip;            /* 5 digits or ZIP+4: locations in that ZIP
	                               (stored as ZIP or ZIP+4) */
	const char **credentials;   /* every code must be claimed */
	size_t n_credentials;
	const char **services;
	size_t n_services;
	const char *status;         /* claims of this status only (later: verify) */
	const char *text;           /* words that must all occur in the clinic's name,
	                               codes, practitioners or evidence (FTS5) */
	const char *site;           /* one site, by host or key */
	const char *near;           /* a place (places_parse): clinics with a location
	                               within radius_mi of it, nearest first */
	double radius_mi;           /* with near; 0 means 25 miles */
	bool excluded;              /* clinics with a practitioner on the LEIE */
	long limit;                 /* 0: no limit */
	long offset;                /* rows skipped before the first (with limit) */
};

/* One clinic as the clinics export and search print it. List fields are
 * ";"-joined, sorted, without duplicates. Empty strings, never NULL. */
struct clinic_row {
	int64_t clinic_id;
	const char *name, *site, *phone;
	const char *street, *city, *state, *zip;  /* first matching location */
	bool has_geo;
	double lat, lon;
	const char *services, *credentials, *practitioners;
	const char *first_seen, *last_crawled;    /* ISO 8601 UTC, or "" */
	bool has_distance;                         /* with a near filter */
	double distance_mi;                        /* from the place to this location */
	const char *geo_source;                    /* 'markup', 'zip', 'city' or "" */
	int64_t conflicts;                         /* its claims in conflict with a registry */
	int64_t excluded;                          /* its practitioners on the LEIE */
	bool clinic_excluded;                      /* itself on it (an organisation record) */
};

struct practitioner_row {
	int64_t practitioner_id, clinic_id;
	const char *site, *name, *credentials, *npi, *status;
	const char *role;        /* "Medical Director; Owner", or "" */
	const char *exclusion;   /* "1128a1 2020-03-19", or "" */
};

struct claim_row {
	int64_t claim_id, clinic_id;
	const char *site, *practitioner, *kind, *code, *status, *reason;
	const char *evidence_url, *evidence;
};

/* Each calls cb once per matching row, ordered by id (clinics with a near
 * filter: by distance, then id). Clinics match every filter; for
 * practitioners and claims the filters that name a claim property select
 * the rows themselves: claims of the status and of one of the credential
 * or service codes; practitioners of the status who claim every
 * credential (see query.c). A non-zero return from cb stops and is
 * returned. A near place that is malformed gives CD_EINVAL, one no
 * gazetteer knows CD_ENOTFOUND; text without a word CD_EINVAL. */
int index_search_clinics(struct index *idx, const struct search_filter *f,
                         int (*cb)(const struct clinic_row *, void *), void *arg,
                         struct cd_error *err);
int index_search_practitioners(struct index *idx, const struct search_filter *f,
                               int (*cb)(const struct practitioner_row *, void *),
                               void *arg, struct cd_error *err);
int index_search_claims(struct index *idx, const struct search_filter *f,
                        int (*cb)(const struct claim_row *, void *), void *arg,
                        struct cd_error *err);

/* Like index_search_clinics, but one row per distinct location of each
 * matching clinic (the location's own address, coordinates and distance),
 * for maps. */
int index_search_locations(struct index *idx, const struct search_filter *f,
                           int (*cb)(const struct clinic_row *, void *), void *arg,
                           struct cd_error *err);

/* Sets *stored to whether any claim of kind ("credential" or "service")
 * has the code: a code the rules file no longer has can still be
 * searched while claims of it are stored. */
int index_code_stored(struct index *idx, const char *kind, const char *code, bool *stored,
                      struct cd_error *err);

/* The FTS5 query for what a user typed: each word a quoted string (a final
 * '*' keeps a prefix search), so no input is an FTS5 syntax error; all
 * words must match. CD_EINVAL when there is no word or too much text.
 * Caller frees *match. */
int index_text_query(const char *text, char **match, struct cd_error *err);

/* One clinic read back whole, as show and the API print it. Strings are
 * owned by the struct, "" when NULL, never NULL; index_clinic_free frees
 * it all. Rows are in id order. */
struct clinic_location {
	char *street, *city, *state, *zip, *phone;
	bool has_geo;            /* lat and lon are set */
	double lat, lon;
	char *evidence_url;      /* the page it was read from */
};
struct clinic_practitioner {
	int64_t practitioner_id;
	char *name, *role, *npi, *status;
	char *exclusion, *exclusion_note;  /* "1128a1 2020-03-19" and why, or "" */
	char *license_note;                /* a licence not in good standing, or "" */
	char **credentials;                /* distinct credential codes, sorted */
	size_t n_credentials;
};
struct clinic_claim {
	int64_t claim_id;
	char *kind, *code, *practitioner, *status, *reason, *evidence_url, *evidence;
};
struct clinic_detail {
	int64_t clinic_id;
	char *name, *site, *phone;
	char *first_seen, *last_crawled;   /* ISO 8601 UTC, or "" */
	char *exclusion, *exclusion_note;  /* an LEIE organisation record naming it, or "" */
	struct clinic_location *locations;
	size_t n_locations;
	struct clinic_practitioner *practitioners;
	size_t n_practitioners;
	struct clinic_claim *claims;
	size_t n_claims;
};

/* One clinic by numeric id or by site host/key. CD_ENOTFOUND when none.
 * Caller frees *out with index_clinic_free. */
int index_clinic_get(struct index *idx, const char *id_or_host, struct clinic_detail **out,
                     struct cd_error *err);
void index_clinic_free(struct clinic_detail *c);

/* The clinic as the JSON object below; caller puts it. */
json_object *index_clinic_to_json(const struct clinic_detail *c);

/* One clinic by numeric id or by site host/key, as a JSON object:
 * {clinic_id, name, site, phone, first_seen, last_crawled,
 *  locations:[{street,city,state,zip,phone,lat,lon,evidence_url}],
 *  practitioners:[{practitioner_id,name,role,credentials:[..],npi,status}],
 *  claims:[{claim_id,kind,code,practitioner,status,reason,evidence_url,evidence}]}
 * Caller puts the object (json_object_put). CD_ENOTFOUND when none. */
int index_clinic_json(struct index *idx, const char *id_or_host, json_object **out,
                      struct cd_error *err);

/* What the directory holds. Claims are counted as search, show and export
 * list them (clinic_claims: a claim repeated on several pages once), by
 * status; the statuses add up to claims. */
struct index_stats {
	int64_t sites, pages, pages_ok, frontier_queued, clinics, locations,
		practitioners, claims;
	int64_t claims_by_status[CLAIM_STATUS_COUNT];
};
int index_get_stats(struct index *idx, struct index_stats *st, struct cd_error *err);

/* The claims of the clinics of one site (site_id > 0) or of all, counted
 * as index_get_stats counts them: *claims in all, by status, and how
 * many of them are service claims. */
int index_count_claims(struct index *idx, int64_t site_id, int64_t *claims,
                       int64_t by_status[CLAIM_STATUS_COUNT], int64_t *services,
                       struct cd_error *err);

#endif
