/* ready.c: the sites that may start a request, as a min-heap on the time
 * each may start next (then the seeds' order). A step of the crawl looks
 * at the sites that are due, not at every site: with thousands of hosts
 * under a politeness delay nearly all of them wait. */
#include <stdlib.h>
#include "common/xalloc.h"
#include "crawler/crawl_int.h"

/* True when site a comes before site b: sooner, then seeded first. */
static bool
ready_before(const struct crawl_site *a, const struct crawl_site *b)
{
	if (a->ready_at != b->ready_at)
		return a->ready_at < b->ready_at;
	return a < b;   /* c->sites is in the seeds' order */
}

static void
ready_put(struct crawl *c, size_t i, struct crawl_site *s)
{
	c->ready[i] = s;
	s->ready_pos = i + 1;
}

static void
ready_up(struct crawl *c, size_t i)
{
	struct crawl_site *s = c->ready[i];

	while (i > 0 && ready_before(s, c->ready[(i - 1) / 2])) {
		ready_put(c, i, c->ready[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	ready_put(c, i, s);
}

static void
ready_down(struct crawl *c, size_t i)
{
	struct crawl_site *s = c->ready[i];

	for (;;) {
		size_t l = 2 * i + 1, m = i;
		const struct crawl_site *best = s;

		if (l < c->n_ready && ready_before(c->ready[l], best))
			best = c->ready[m = l];
		if (l + 1 < c->n_ready && ready_before(c->ready[l + 1], best))
			m = l + 1;
		if (m == i)
			break;
		ready_put(c, i, c->ready[m]);
		i = m;
	}
	ready_put(c, i, s);
}

static void
ready_remove(struct crawl *c, struct crawl_site *s)
{
	size_t i = s->ready_pos - 1;
	struct crawl_site *last = c->ready[--c->n_ready];

	s->ready_pos = 0;
	if (last == s)
		return;
	ready_put(c, i, last);
	ready_up(c, i);
	ready_down(c, last->ready_pos - 1);
}

void
crawl_ready_init(struct crawl *c)
{
	c->ready = xreallocarray(NULL, c->n_sites + 1, sizeof *c->ready);
	c->n_ready = 0;
	for (size_t i = 0; i < c->n_sites; i++)
		crawl_ready_wake(c, &c->sites[i]);
}

/* What crawl_site_schedule would do with s: nothing (false), or start
 * something at *at: its request when the delay has passed, or, held, the
 * note and the end once nothing is in flight. */
static bool
ready_wants(const struct crawl *c, const struct crawl_site *s, double *at)
{
	if (s->state == SITE_DONE || s->state == SITE_ROBOTS)
		return false;
	if (s->hold != NULL) {
		*at = 0;
		return s->in_flight == 0;
	}
	*at = s->next_start;
	return s->in_flight < c->opt->per_host && !s->idle;
}

void
crawl_ready_wake(struct crawl *c, struct crawl_site *s)
{
	double at = 0;

	if (!ready_wants(c, s, &at)) {
		if (s->ready_pos > 0)
			ready_remove(c, s);
		return;
	}
	s->ready_at = at;
	if (s->ready_pos == 0) {
		c->n_ready++;
		ready_put(c, c->n_ready - 1, s);
	}
	ready_up(c, s->ready_pos - 1);
	ready_down(c, s->ready_pos - 1);
}

struct crawl_site *
crawl_ready_due(struct crawl *c, double now)
{
	struct crawl_site *s = NULL;

	if (c->n_ready == 0 || c->ready[0]->ready_at > now)
		return NULL;
	s = c->ready[0];
	ready_remove(c, s);
	return s;
}

double
crawl_ready_first(const struct crawl *c)
{
	return c->n_ready > 0 ? c->ready[0]->ready_at : -1;
}
