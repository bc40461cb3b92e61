/* index.h: the clinicdex directory, one SQLite file in WAL mode.
 *
 * Tables (see index/migrate.c for the SQL and the migrations):
 *   sites          one per crawled site (scheme://host[:port], www. folded)
 *   frontier       URLs to fetch, their depth and state; survives a kill
 *   pages          one per fetched URL: final URL, status, type, validators,
 *                  fetch time, body hash
 *   bodies         page bodies by SHA-256, so identical bodies are kept once
 *   clinics        one per site: name, phone, first seen, last crawled
 *   locations      a clinic's addresses, with the page they came from
 *   practitioners  a clinic's people, by normalised name
 *   practitioner_pages  which pages name which practitioner
 *   claims         kind, code, practitioner or none, status, reason,
 *                  evidence URL and sentence
 *   gaz_zcta, gaz_places   Census gazetteer centroids (index/places.h)
 *   location_rtree R*Tree over location points (kept by triggers)
 *   location_points the same points, narrow: clinic, coordinates, and
 *                  whether a copy with markup coordinates shadows the row
 *   clinic_fts     FTS5: one document per clinic (index_fts_refresh)
 *   registry_imports  what registries are loaded, from which file, when
 *   npi_providers, npi_taxonomies  the NPPES snapshot (registry/registry.h)
 *   licenses       state licence lists
 * All SQL binds its parameters; every crawl step is one transaction. */
#ifndef CD_INDEX_H
#define CD_INDEX_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <sqlite3.h>
#include "common/error.h"
#include "common/facts.h"

#define INDEX_SCHEMA_VERSION 15

struct index;

/* Opens (creating it and its parent directory when missing) the database
 * at path, sets WAL mode and a busy timeout, and migrates the schema to
 * INDEX_SCHEMA_VERSION. A database newer than this program is refused,
 * and so is another program's (tables, but not clinicdex's): nothing is
 * written to either. On success *out is the handle (free with index_close). */
int index_open(const char *path, struct index **out, struct cd_error *err);
/* The same, for a command that only reads: it never waits for a write
 * lock to open a database that is in WAL mode and up to date. One in
 * another journal mode is switched to WAL when no writer holds it, and
 * else read in the mode it has (the next writer switches it). */
int index_open_reader(const char *path, struct index **out, struct cd_error *err);
/* The same, read only: for reading a directory on read-only storage (a
 * mounted image, a file the user may not write). Nothing is created or
 * migrated, not even a -wal or -shm file (without a -shm file no writer
 * has the database open and it is read as immutable); a schema older
 * than this program's is refused. */
int index_open_readonly(const char *path, struct index **out, struct cd_error *err);
/* Reads the database through a memory map (up to 1 GiB) rather than
 * read(): a quarter faster for searches too big for SQLite's page cache.
 * For commands that mostly read: mapped pages count in the process's RSS,
 * so a crawl or an import, whose memory must stay flat, does not map. */
void index_map_for_reading(struct index *idx);
void index_close(struct index *idx);
sqlite3 *index_db(struct index *idx);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. In batch mode a
 * begin..commit is a step: a savepoint inside a transaction that commits
 * every max_steps steps or max_seconds, so a crawl pays one WAL commit for
 * many pages; rollback undoes the open step only. */
int index_begin(struct index *idx, struct cd_error *err);
int index_commit(struct index *idx, struct cd_error *err);
void index_rollback(struct index *idx);
/* Batch mode on (max_steps > 0). A step is all or nothing, as before; a
 * kill loses at most the steps not yet committed, which were never stored. */
void index_batch_start(struct index *idx, int max_steps, double max_seconds);
/* Commits the open transaction when it is older than max_seconds (call it
 * from an event loop so a quiet crawl does not hold steps back). */
int index_batch_tick(struct index *idx, struct cd_error *err);
/* Commits what is open and leaves batch mode. */
int index_batch_end(struct index *idx, struct cd_error *err);

/* ---- sites ---- */
/* key is the site key ("https://glow.test", "http://a.test:8080"): scheme,
 * host without a leading "www.", port when not the default. base_url is
 * the URL crawling starts from. Creates the site and its clinic row when
 * new. *site_id receives the id. */
int index_site_ensure(struct index *idx, const char *key, const char *base_url,
                      int64_t *site_id, struct cd_error *err);
/* Looks a site up by key or by bare host ("glow.test", "www.glow.test").
 * Returns CD_ENOTFOUND when there is none. */
int index_site_find(struct index *idx, const char *host_or_key, int64_t *site_id,
                    struct cd_error *err);
int index_site_set_crawled(struct index *idx, int64_t site_id, int64_t when,
                           struct cd_error *err);
/* robots.txt as fetched (body NULL when none), with the HTTP status. */
int index_site_set_robots(struct index *idx, int64_t site_id, int status,
                          const char *body, int64_t when, struct cd_error *err);
/* *body is NULL (and *status 0) when never fetched; caller frees *body. */
int index_site_get_robots(struct index *idx, int64_t site_id, int *status,
                          char **body, int64_t *when, struct cd_error *err);
/* A site's health: its consecutive failed fetches and, when it was set
 * aside for them, why (*set_aside NULL otherwise; caller frees). */
int index_site_get_health(struct index *idx, int64_t site_id, int *failures,
                          char **set_aside, struct cd_error *err);
/* set_aside NULL clears it. */
int index_site_set_health(struct index *idx, int64_t site_id, int failures,
                          const char *set_aside, struct cd_error *err);

/* ---- frontier ---- */
/* FRONTIER_DEFERRED: a link found beyond --max-pages or --max-depth, kept
 * so that a crawl with higher limits carries on from it (see
 * index_frontier_promote); it does not count against --max-pages. */
enum frontier_state { FRONTIER_QUEUED = 0, FRONTIER_DONE = 1, FRONTIER_FAILED = 2,
                      FRONTIER_SKIPPED = 3, FRONTIER_DEFERRED = 4 };
/* Adds url (already normalised) unless it is known; *added says whether it
 * was new. Higher priority is fetched first. */
int index_frontier_add(struct index *idx, int64_t site_id, const char *url, int depth,
                       int priority, bool *added, struct cd_error *err);
/* The same with the state of a new row, FRONTIER_QUEUED or
 * FRONTIER_DEFERRED. A deferred row found again is queued when state is
 * FRONTIER_QUEUED, and takes the smaller depth; *added is then true too. */
int index_frontier_add_state(struct index *idx, int64_t site_id, const char *url, int depth,
                             int priority, enum frontier_state state, bool *added,
                             struct cd_error *err);
/* The same; *inserted (may be NULL) is true only when url is a new row,
 * not a deferred one queued or made shallower. */
int index_frontier_add_row(struct index *idx, int64_t site_id, const char *url, int depth,
                           int priority, enum frontier_state state, bool *added, bool *inserted,
                           struct cd_error *err);
/* Number of frontier rows of the site that count against --max-pages:
 * every state but FRONTIER_DEFERRED. */
int index_frontier_count(struct index *idx, int64_t site_id, int64_t *n,
                         struct cd_error *err);
/* Number of the site's deferred rows. */
int index_frontier_count_deferred(struct index *idx, int64_t site_id, int64_t *n,
                                  struct cd_error *err);
/* Queues deferred rows of the site at depth <= max_depth, best priority
 * and shallowest first, until the site has max_pages counted rows; *n (may
 * be NULL) receives how many. For a crawl whose limits were raised. */
int index_frontier_promote(struct index *idx, int64_t site_id, long max_depth, long max_pages,
                           int64_t *n, struct cd_error *err);
struct frontier_item {
	int64_t id;
	int64_t site_id;
	char *url;
	int depth;
	int attempts;     /* transient failures so far */
};
/* Up to max queued items of the site that are due (retry_at unset or not
 * after now), best priority first, oldest first, skipping the ids in
 * exclude[0..n_exclude) (in flight). Caller frees each item's url and the
 * array. */
int index_frontier_next(struct index *idx, int64_t site_id, size_t max,
                        const int64_t *exclude, size_t n_exclude,
                        struct frontier_item **items, size_t *n, struct cd_error *err);
/* Marks an item done/failed/skipped; reason may be NULL. */
int index_frontier_mark(struct index *idx, int64_t id, enum frontier_state st,
                        const char *reason, struct cd_error *err);
/* Queued items across all sites. */
int index_frontier_pending(struct index *idx, int64_t *n, struct cd_error *err);
/* Records an attempt at item id: its state (FRONTIER_QUEUED to try again),
 * the attempts made so far, the unix time before which it is not tried
 * again (0: none) and why. */
int index_frontier_attempt(struct index *idx, int64_t id, enum frontier_state st,
                           int attempts, int64_t retry_at, const char *reason,
                           struct cd_error *err);
/* *when receives the earliest retry_at after now among the site's queued
 * items, or 0 when none of them waits. */
int index_frontier_next_retry(struct index *idx, int64_t site_id, int64_t now, int64_t *when,
                              struct cd_error *err);
/* *n receives the number of frontier URLs of the site that start with
 * prefix ("http://a.test/search?": the query strings known for a path). */
int index_frontier_count_prefix(struct index *idx, int64_t site_id, const char *prefix,
                                int64_t *n, struct cd_error *err);
/* Puts the site's done and failed items back in the queue (attempts and
 * reason cleared) when their page was fetched at or before older_than
 * (unix seconds), or never stored; *n (may be NULL) receives how many.
 * One UPDATE: for --recrawl-after. */
int index_frontier_requeue_stale(struct index *idx, int64_t site_id, int64_t older_than,
                                 int64_t *n, struct cd_error *err);

/* ---- pages ---- */
struct index_page {
	const char *url;           /* the frontier URL */
	const char *final_url;     /* after redirects */
	long status;               /* HTTP status, 0 when no response */
	const char *content_type;  /* NULL when none */
	int64_t fetched_at;        /* unix seconds */
	const char *etag;          /* validators, NULL when absent */
	const char *last_modified;
	const char *body;          /* UTF-8 text kept for re-extraction, or NULL */
	size_t body_len;
	int64_t bytes;             /* bytes received */
	const char *error;         /* transfer error text, or NULL */
};
/* Inserts or replaces the page row for p->url (body stored by hash). */
int index_page_store(struct index *idx, int64_t site_id, const struct index_page *p,
                     int64_t *page_id, struct cd_error *err);
/* The validators (ETag, Last-Modified) of the stored page of url, for a
 * conditional request; each NULL when absent, both NULL unless a 2xx body
 * is kept that a 304 could stand for. Caller frees both. */
int index_page_validators(struct index *idx, const char *url, char **etag,
                          char **last_modified, struct cd_error *err);
/* After a 304: the stored page of url is fresh as of fetched_at; its body,
 * status and facts stay; validators the 304 sent (non-NULL) replace the
 * stored ones. CD_ENOTFOUND when url has no page. */
int index_page_refresh(struct index *idx, const char *url, int64_t fetched_at,
                       const char *etag, const char *last_modified, struct cd_error *err);
/* Replaces everything page_id contributed (claims, locations, practitioner
 * mentions) with facts; practitioners no page names any more are removed;
 * the clinic name and phone are updated when facts bring a better one.
 * Locations without markup geo are geocoded from the gazetteers, and the
 * clinic's full-text document is rebuilt, in the same savepoint. A claim
 * found again unchanged (same practitioner, kind, code and evidence)
 * keeps the status and reason verify gave it; others are unchecked. */
int index_facts_replace(struct index *idx, int64_t site_id, int64_t page_id,
                        const struct page_facts *facts, struct cd_error *err);

/* Rebuilds the full-text document of every clinic (after a bulk load that
 * bypassed index_facts_replace) and optimises the FTS5 index. */
int index_fts_rebuild(struct index *idx, struct cd_error *err);

struct stored_page {
	int64_t page_id;
	int64_t site_id;
	const char *url;       /* final URL */
	const char *body;
	size_t body_len;
};
/* Calls cb for each stored page with a body (of one site when site_id > 0),
 * in id order. A non-zero return from cb stops the walk and is returned. */
int index_pages_foreach(struct index *idx, int64_t site_id,
                        int (*cb)(const struct stored_page *, void *), void *arg,
                        struct cd_error *err);

#endif
