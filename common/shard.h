/* shard.h: which of N crawl shards a site belongs to. FNV-1a (64 bits,
 * offset basis 14695981039346656037, prime 1099511628211) of the site key
 * ("https://glow.example"), modulo N: the same on every machine and in
 * every release, so shards crawled apart can be merged. */
#ifndef CD_SHARD_H
#define CD_SHARD_H
#include <stdbool.h>
#include <stdint.h>

uint64_t shard_fnv1a64(const char *s);
/* The shard of key among n (1..n); n must be at least 1. */
unsigned long shard_of(const char *key, unsigned long n);
/* Parses "K/N" (1 <= K <= N <= SHARD_MAX) into *k and *n; false if not. */
#define SHARD_MAX 1000000UL
bool shard_parse(const char *s, unsigned long *k, unsigned long *n);

#endif
