/* url.h: URLs resolved and normalised with libcurl's URL API (CURLU).
 * Every function returns newly allocated strings the caller frees. */
#ifndef CD_URL_H
#define CD_URL_H
#include <stdbool.h>
#include <stddef.h>

#define URL_MAX_LEN 2048

/* Normalises an absolute http(s) URL: scheme and host lower case (an IDN
 * host in its ASCII "xn--" form, by libidn2), default
 * port dropped, empty path becomes "/", fragment dropped, "." and ".."
 * segments resolved, percent-encoding of unreserved characters decoded
 * ("%7E" -> "~") and other escapes upper-cased. NULL when the URL is not
 * http(s), has no host (or one with an empty label: "..", ".x"), or is
 * longer than URL_MAX_LEN. */
char *url_normalise(const char *url);
/* url normalised and cleaned of what names a visit rather than a page:
 * session parameters in the query or the path (sid, sessionid, jsessionid,
 * ";jsessionid=...", phpsessid, aspsessionid*) and tracking tags (utm_*,
 * gclid, fbclid, msclkid); "?" goes when nothing is left. NULL as for
 * url_normalise. The crawler queues only cleaned URLs. */
char *url_clean(const char *url);
/* Resolves ref against base (an href as found in a page), then normalises.
 * NULL for mailto:, tel:, javascript:, data: and anything unusable. */
char *url_resolve(const char *base, const char *ref);
/* The site key of a URL: "scheme://host[:port]", the host keyed by
 * sitekey_host (no "www.", no trailing dot) and the default port omitted.
 * NULL when invalid, also when nothing is left of the host ("http://./"). */
char *url_site_key(const char *url);
/* True when url belongs to site (same scheme, same sitekey_host, same
 * port). Redirects from http to https of the same host count
 * as the same site. */
bool url_same_site(const char *site_key, const char *url);
/* The host of url (lower case), or NULL. */
char *url_host(const char *url);
/* The host of url as a site key has it (sitekey_host), or NULL. */
char *url_site_host(const char *url);
/* The path and query of url ("/team?x=1"), or NULL. */
char *url_path_query(const char *url);
/* A seed as the user typed it ("glow.test", "https://glow.test/team") made
 * into an absolute URL (http:// added when there is no scheme). NULL when
 * it cannot be a site, also when no host follows "://" ("http:///x"). */
char *url_from_seed(const char *seed);
/* A link parsed once, where it is found: the crawler's link policy (same
 * site, spelling, robots.txt, priority, query-string cap) reads these
 * fields instead of parsing the URL string again. All strings are owned;
 * path and query point into url. */
struct url_link {
	char *url;          /* normalised (and cleaned with URL_LINK_CLEAN) */
	char *scheme;       /* "http" or "https" */
	char *host;         /* lower case, an IDN in its "xn--" form */
	char *port;         /* NULL when the scheme's default */
	char *site_host;    /* host as a site key has it (sitekey_host) */
	char *site_key;     /* "scheme://site_host[:port]", as url_site_key */
	const char *path;   /* path and query in url: "/team?x=1" */
	const char *query;  /* after the '?' in url, or NULL */
};
/* url_link flags: also clean the URL as url_clean does. */
#define URL_LINK_CLEAN 1u
/* Parses an absolute URL (url_normalise's rules). 0, or -1 (l zeroed)
 * when it is not a usable http(s) URL or has no site key (url_site_key).
 * Release l with url_link_release. */
int url_link_parse(struct url_link *l, const char *url, unsigned flags);
/* Resolves ref against base, as url_resolve, into l. 0 or -1. */
int url_link_resolve(struct url_link *l, const char *base, const char *ref, unsigned flags);
/* A page's base URL parsed once, for the many links of the page. NULL
 * when base is unusable. */
struct url_base;
struct url_base *url_base_new(const char *base);
void url_base_free(struct url_base *b);
/* url_link_resolve against a base parsed by url_base_new. */
int url_link_resolve_at(struct url_link *l, const struct url_base *b, const char *ref,
                        unsigned flags);
/* True when l belongs to the site whose link is site (url_same_site). */
bool url_link_same_site(const struct url_link *site, const struct url_link *l);
/* When l has the site key of site but another spelling of its host
 * ("www."), l is spelt with site's scheme, host and port, so the frontier
 * holds one URL per page. */
void url_link_rehost(struct url_link *l, const struct url_link *site);
void url_link_release(struct url_link *l);
/* The path and query of a URL this file normalised ("/team?x=1"), found
 * without parsing it again: the text after the host. "/" when none. */
const char *url_normalised_path(const char *url);
/* True when an address (family AF_INET or AF_INET6, addr pointing at a
 * struct in_addr or in6_addr) is loopback, private, link-local, multicast,
 * CGNAT, "this network" or reserved, also in IPv4-mapped/compatible, NAT64
 * and 6to4 forms: addresses the crawler must not connect to unless told
 * to. Any other family counts as private. */
bool url_ip_is_private(int family, const void *addr);

#endif
