/* sitelog.h: what became of a site's crawl: its pages that failed, were
 * skipped or wait with a reason, for `show` (a site of which nothing could
 * be read has no clinic, and this is all there is to show of it). */
#ifndef CD_SITELOG_H
#define CD_SITELOG_H
#include <stddef.h>
#include <json-c/json.h>
#include "common/error.h"
#include "index/index.h"

/* The site of host_or_key (a host in any spelling, or its key) as
 * {site, first_seen, last_crawled, robots_status, set_aside, pages,
 *  pages_ok, queued, deferred, failures_total,
 *  failures:[{url, state: failed|skipped|waiting, reason}]}
 * with at most max failures, in the order they were found. Caller puts
 * the object. CD_ENOTFOUND when there is no such site. */
int index_site_log_json(struct index *idx, const char *host_or_key, size_t max,
                        json_object **out, struct cd_error *err);

/* The failures show --format json and the API list of a site, at most. */
#define INDEX_SHOW_MAX_FAILURES 1000

/* What `show --format json` prints of a clinic, and the API with it: the
 * clinic of ref (index_clinic_json) with the failures of its site (at
 * most max) as "failures". Caller puts *out. CD_ENOTFOUND when there is no
 * such clinic. */
int index_clinic_show_json(struct index *idx, const char *ref, size_t max,
                           json_object **out, struct cd_error *err);

#endif
