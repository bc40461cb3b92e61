/* link_memo.h: what the crawl already made of a link. Most links on a page
 * are the site's navigation, the same on every page; resolving, cleaning
 * and queueing each again cost a third of a crawl's instructions. The
 * memo is bounded (it forgets everything when full), so memory stays flat
 * however large the crawl. */
#ifndef CD_LINK_MEMO_H
#define CD_LINK_MEMO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct link_memo;

/* A memo of at most cap entries. Free with link_memo_free. */
struct link_memo *link_memo_new(size_t cap);
void link_memo_free(struct link_memo *m);

/* Looks up href as written on a page of site, in context ctx (what the
 * href resolves against: "" for an absolute or root-relative href, else the
 * page's base directory). True when known: *key is the frontier URL made
 * of it, owned by the memo until the next put (NULL: the link is not
 * followed). */
bool link_memo_get(const struct link_memo *m, int64_t site, const char *ctx, const char *href,
                   const char **key);
/* Remembers key (copied; NULL for a link not followed). */
void link_memo_put(struct link_memo *m, int64_t site, const char *ctx, const char *href,
                   const char *key);

#endif
