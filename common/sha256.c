/* sha256.c: SHA-256 for page body hashes and WARC digests, computed by
 * OpenSSL's libcrypto (EVP) rather than by code of our own. */
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>
#include "common/sha256.h"

void sha256_hex(const void *data, size_t len, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	/* EVP_Digest fails only when libcrypto cannot allocate its context:
	 * treated like any allocation failure (see common/xalloc). */
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32) {
		fputs("clinicdex: libcrypto could not compute SHA-256\n", stderr);
		abort();
	}
	for (unsigned int i = 0; i < mdlen; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}
