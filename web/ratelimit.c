/* ratelimit.c: per-address token buckets in a bounded table (see
 * ratelimit.h). */
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "common/xalloc.h"
#include "web/ratelimit.h"

#define WAYS 8       /* entries a set: an address is looked for in one set only */

struct entry {
	unsigned char key[WEB_RATELIMIT_KEY];
	bool used;
	double tokens;   /* at time last */
	double last;     /* when it was last seen */
};

struct web_ratelimit {
	pthread_mutex_t lock;
	double rate, burst;
	size_t sets;              /* a power of two */
	uint64_t seed;            /* so no one can aim many addresses at one set */
	size_t used;
	struct entry *e;          /* sets * WAYS */
};

struct web_ratelimit *
web_ratelimit_new(double rate, double burst, size_t entries)
{
	struct web_ratelimit *rl = xcalloc(1, sizeof *rl);
	struct timespec ts;

	rl->rate = rate;
	rl->burst = burst < 1 ? 1 : burst;
	rl->sets = 1;
	while (rl->sets * WAYS < entries)
		rl->sets *= 2;
	rl->e = xcalloc(rl->sets * WAYS, sizeof *rl->e);
	if (getentropy(&rl->seed, sizeof rl->seed) != 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		rl->seed = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15u ^ (uint64_t)getpid();
	}
	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void
web_ratelimit_free(struct web_ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->e);
	free(rl);
}

bool
web_ratelimit_key(const struct sockaddr *sa, unsigned char key[WEB_RATELIMIT_KEY])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	memset(key, 0, WEB_RATELIMIT_KEY);
	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		memcpy(key, &in->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		const unsigned char *a = in6->sin6_addr.s6_addr;

		if (memcmp(a, mapped, sizeof mapped) == 0) {
			memcpy(key, a + 12, 4);
		} else {
			key[4] = 6;              /* never equal to an IPv4 key */
			memcpy(key + 8, a, 8);   /* the /64 */
		}
		return true;
	}
	return false;
}

/* FNV-1a 64 over the key, started from the seed. */
static size_t
set_of(const struct web_ratelimit *rl, const unsigned char *key)
{
	uint64_t h = 0xcbf29ce484222325u ^ rl->seed;

	for (size_t i = 0; i < WEB_RATELIMIT_KEY; i++) {
		h ^= key[i];
		h *= 0x100000001b3u;
	}
	h ^= h >> 32;
	return (size_t)h & (rl->sets - 1);
}

unsigned
web_ratelimit_take(struct web_ratelimit *rl, const unsigned char key[WEB_RATELIMIT_KEY],
                   double now)
{
	struct entry *set, *e = NULL, *oldest = NULL;
	unsigned wait = 0;
	size_t i;

	pthread_mutex_lock(&rl->lock);
	set = rl->e + set_of(rl, key) * WAYS;
	for (i = 0; i < WAYS && e == NULL; i++)
		if (set[i].used && memcmp(set[i].key, key, WEB_RATELIMIT_KEY) == 0)
			e = &set[i];
	if (e == NULL) {
		/* A free way, else the one with the most tokens now (least
		 * recently seen among equals): forgetting a full bucket loses
		 * nothing, as a new entry starts full, while forgetting a client
		 * that is being limited would hand it a fresh burst, so a flood
		 * of new addresses cannot free a heavy client from its limit. */
		double most = -1;

		for (i = 0; i < WAYS; i++) {
			double t;

			if (!set[i].used) {
				oldest = &set[i];
				break;
			}
			t = set[i].tokens + (now > set[i].last ? (now - set[i].last) * rl->rate : 0);
			if (t > rl->burst)
				t = rl->burst;
			if (oldest == NULL || t > most || (t == most && set[i].last < oldest->last)) {
				oldest = &set[i];
				most = t;
			}
		}
		e = oldest;
		if (!e->used)
			rl->used++;
		memcpy(e->key, key, WEB_RATELIMIT_KEY);
		e->used = true;
		e->tokens = rl->burst;
		e->last = now;
	}
	if (now > e->last) {
		e->tokens += (now - e->last) * rl->rate;
		if (e->tokens > rl->burst)
			e->tokens = rl->burst;
	}
	e->last = now > e->last ? now : e->last;
	if (e->tokens >= 1) {
		e->tokens -= 1;
	} else {
		double s = ceil((1 - e->tokens) / rl->rate);

		wait = s < 1 ? 1 : s > 86400 ? 86400 : (unsigned)s;
	}
	pthread_mutex_unlock(&rl->lock);
	return wait;
}

size_t
web_ratelimit_used(struct web_ratelimit *rl)
{
	size_t n;

	pthread_mutex_lock(&rl->lock);
	n = rl->used;
	pthread_mutex_unlock(&rl->lock);
	return n;
}

size_t
web_ratelimit_capacity(const struct web_ratelimit *rl)
{
	return rl->sets * WAYS;
}
