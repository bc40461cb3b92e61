/* sitekey.h: the one rule for "the same site". A host is keyed lower
 * case, in its ASCII ("xn--") form, without one trailing dot and without
 * one leading "www." (when a name is left after it): "WWW.Glow.Test.",
 * "www.glow.test" and "glow.test" are one site. The crawler's site keys
 * and same-site test, the index's site lookup and the extractor's host
 * label all use it. */
#ifndef CD_SITEKEY_H
#define CD_SITEKEY_H

/* The key of the host in s: a bare host ("www.glow.test."), or a site key
 * or URL ("https://www.Glow.test:8443/x"), whose scheme, port, path and
 * query are ignored. An IPv6 host keeps its brackets. A host that cannot
 * be put in ASCII is kept as written, ASCII letters lowered. Never NULL;
 * caller frees. */
char *sitekey_host(const char *s);

#endif
