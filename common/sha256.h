/* sha256.h: SHA-256 (FIPS 180-4), used for page body hashes so identical
 * bodies are stored once. */
#ifndef CD_SHA256_H
#define CD_SHA256_H
#include <stddef.h>
#include <stdint.h>

/* hex receives 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
