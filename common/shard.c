/* shard.c: the crawl shard of a site key (see shard.h for the hash). */
#include <errno.h>
#include <stdlib.h>
#include "common/shard.h"

uint64_t
shard_fnv1a64(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

unsigned long
shard_of(const char *key, unsigned long n)
{
	return (unsigned long)(shard_fnv1a64(key) % n) + 1;
}

/* strtoul accepts a sign and spaces; a shard is digits only */
static bool
shard_number(const char *s, const char **end, unsigned long *v)
{
	char *e = NULL;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &e, 10);
	*end = e;
	return errno == 0;
}

bool
shard_parse(const char *s, unsigned long *k, unsigned long *n)
{
	const char *e = NULL;

	if (!shard_number(s, &e, k) || *e != '/' || !shard_number(e + 1, &e, n) || *e != '\0')
		return false;
	return *k >= 1 && *k <= *n && *n <= SHARD_MAX;
}
