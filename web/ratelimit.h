/* ratelimit.h: how many requests a client address may make: a token
 * bucket per address (rate tokens a second, at most burst saved up) in a
 * table of fixed size, so a flood of addresses cannot grow memory: the
 * table is set-associative and a new address takes the place of the one
 * in its set with the fullest bucket (the least recently seen of equals),
 * so the clients being limited are the last forgotten. IPv6 clients
 * are counted by their /64, the block one host is usually given. Thread
 * safe. */
#ifndef CD_WEB_RATELIMIT_H
#define CD_WEB_RATELIMIT_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define WEB_RATELIMIT_KEY 16     /* bytes of a client key */

struct web_ratelimit;

/* A limiter of rate requests a second (> 0) with bursts of burst (>= 1),
 * remembering at most entries addresses (rounded up to a multiple of
 * its associativity). */
struct web_ratelimit *web_ratelimit_new(double rate, double burst, size_t entries);
void web_ratelimit_free(struct web_ratelimit *rl);

/* The key of a client address: the IPv4 address (an IPv4-mapped IPv6
 * address counts as IPv4), or the first 64 bits of an IPv6 one. False
 * for another family. */
bool web_ratelimit_key(const struct sockaddr *sa, unsigned char key[WEB_RATELIMIT_KEY]);

/* Spends one token of key's bucket at time now (seconds, monotonic).
 * Returns 0 when the request may go on, else the whole seconds (>= 1)
 * until a token is there: the Retry-After of the refusal. */
unsigned web_ratelimit_take(struct web_ratelimit *rl, const unsigned char key[WEB_RATELIMIT_KEY],
                            double now);

/* The addresses remembered now, and at most. */
size_t web_ratelimit_used(struct web_ratelimit *rl);
size_t web_ratelimit_capacity(const struct web_ratelimit *rl);

#endif
