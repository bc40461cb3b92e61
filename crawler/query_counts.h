/* query_counts.h: how many URLs the frontier holds per path with a query
 * ("http://a.test/search?" -> 12), for the cap on query strings per path
 * (a trap's endless ?page=1, ?page=2, ...). Kept in memory, so a link with
 * a query costs no COUNT query: the count of a prefix is read from the
 * index the first time and then kept up by the crawler. Bounded: when
 * full it forgets everything and counts are read again. */
#ifndef CD_QUERY_COUNTS_H
#define CD_QUERY_COUNTS_H
#include <stddef.h>
#include <stdint.h>

struct query_counts;

/* A table of at most cap prefixes. Free with query_counts_free. */
struct query_counts *query_counts_new(size_t cap);
void query_counts_free(struct query_counts *q);

/* The count kept for the prefix of len bytes, or NULL when none is. The
 * pointer is valid until the next query_counts_put. */
int64_t *query_counts_get(struct query_counts *q, const char *prefix, size_t len);
/* Keeps n as the count of the prefix (not known yet); returns where it is
 * kept, valid until the next put. */
int64_t *query_counts_put(struct query_counts *q, const char *prefix, size_t len, int64_t n);

#endif
