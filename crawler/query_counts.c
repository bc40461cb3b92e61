/* query_counts.c: see query_counts.h. Open addressing with linear
 * probing, at most half full; FNV-1a over the prefix. */
#include <stdlib.h>
#include <string.h>
#include "common/xalloc.h"
#include "crawler/query_counts.h"

struct query_count {
	char *prefix;           /* NULL: an empty slot */
	size_t len;
	int64_t n;
};

struct query_counts {
	struct query_count *slot;
	size_t n_slots;         /* a power of two, twice the cap at least */
	size_t used, cap;
};

static uint64_t
query_hash(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct query_counts *
query_counts_new(size_t cap)
{
	struct query_counts *q = xcalloc(1, sizeof *q);

	q->cap = cap > 0 ? cap : 1;
	q->n_slots = 2;
	while (q->n_slots < 2 * q->cap)
		q->n_slots *= 2;
	q->slot = xcalloc(q->n_slots, sizeof *q->slot);
	return q;
}

static void
query_counts_clear(struct query_counts *q)
{
	for (size_t i = 0; i < q->n_slots; i++) {
		free(q->slot[i].prefix);
		q->slot[i].prefix = NULL;
	}
	q->used = 0;
}

void
query_counts_free(struct query_counts *q)
{
	if (q == NULL)
		return;
	query_counts_clear(q);
	free(q->slot);
	free(q);
}

/* The slot of the prefix, or the empty slot where it would go. */
static struct query_count *
query_counts_find(const struct query_counts *q, const char *prefix, size_t len)
{
	size_t i = (size_t)query_hash(prefix, len) & (q->n_slots - 1);

	while (q->slot[i].prefix != NULL &&
	       (q->slot[i].len != len || memcmp(q->slot[i].prefix, prefix, len) != 0))
		i = (i + 1) & (q->n_slots - 1);
	return &q->slot[i];
}

int64_t *
query_counts_get(struct query_counts *q, const char *prefix, size_t len)
{
	struct query_count *e = query_counts_find(q, prefix, len);

	return e->prefix != NULL ? &e->n : NULL;
}

int64_t *
query_counts_put(struct query_counts *q, const char *prefix, size_t len, int64_t n)
{
	struct query_count *e = NULL;

	if (q->used >= q->cap)
		query_counts_clear(q);   /* forgotten counts are read again */
	e = query_counts_find(q, prefix, len);
	if (e->prefix == NULL) {
		e->prefix = xstrndup(prefix, len);
		e->len = len;
		q->used++;
	}
	e->n = n;
	return &e->n;
}
