/* link_memo.c: an open-addressing table of (site, context, href) -> the
 * frontier URL (see link_memo.h). */
#include <stdlib.h>
#include <string.h>
#include "common/xalloc.h"
#include "crawler/link_memo.h"

struct memo_ent {
	uint64_t hash;       /* 0: empty */
	int64_t site;
	char *ctx_href;      /* ctx '\0' href */
	size_t ctx_len;
	char *key;           /* NULL: not followed */
};

struct link_memo {
	struct memo_ent *slot;
	size_t cap;          /* slots, a power of two, twice the entries allowed */
	size_t n, max;
};

static uint64_t
memo_hash(int64_t site, const char *ctx, const char *href)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)site;

	for (const char *p = ctx; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ 0xFF) * 1099511628211ull;
	for (const char *p = href; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ? h : 1;
}

struct link_memo *
link_memo_new(size_t cap)
{
	struct link_memo *m = xcalloc(1, sizeof *m);

	m->cap = 16;
	while (m->cap < cap * 2)
		m->cap *= 2;
	m->max = cap;
	m->slot = xcalloc(m->cap, sizeof *m->slot);
	return m;
}

static void
memo_clear(struct link_memo *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slot[i].ctx_href);
		free(m->slot[i].key);
	}
	memset(m->slot, 0, m->cap * sizeof *m->slot);
	m->n = 0;
}

void
link_memo_free(struct link_memo *m)
{
	if (m == NULL)
		return;
	memo_clear(m);
	free(m->slot);
	free(m);
}

static struct memo_ent *
memo_find(const struct link_memo *m, uint64_t h, int64_t site, const char *ctx, const char *href)
{
	size_t ctx_len = strlen(ctx);

	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct memo_ent *e = &m->slot[i];

		if (e->hash == 0)
			return e;
		if (e->hash == h && e->site == site && e->ctx_len == ctx_len &&
		    memcmp(e->ctx_href, ctx, ctx_len) == 0 && strcmp(e->ctx_href + ctx_len + 1, href) == 0)
			return e;
	}
}

bool
link_memo_get(const struct link_memo *m, int64_t site, const char *ctx, const char *href,
              const char **key)
{
	const struct memo_ent *e = memo_find(m, memo_hash(site, ctx, href), site, ctx, href);

	if (e->hash == 0)
		return false;
	*key = e->key;
	return true;
}

void
link_memo_put(struct link_memo *m, int64_t site, const char *ctx, const char *href,
              const char *key)
{
	uint64_t h = memo_hash(site, ctx, href);
	struct memo_ent *e = memo_find(m, h, site, ctx, href);
	size_t cl = strlen(ctx), hl = strlen(href);

	if (e->hash != 0) {
		free(e->key);
		e->key = key ? xstrdup(key) : NULL;
		return;
	}
	if (m->n >= m->max) {
		memo_clear(m);   /* forget all: simpler than eviction, and rare */
		e = memo_find(m, h, site, ctx, href);
	}
	e->hash = h;
	e->site = site;
	e->ctx_len = cl;
	e->ctx_href = xmalloc(cl + hl + 2);
	memcpy(e->ctx_href, ctx, cl + 1);
	memcpy(e->ctx_href + cl + 1, href, hl + 1);
	e->key = key ? xstrdup(key) : NULL;
	m->n++;
}
