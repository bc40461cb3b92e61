/* url.c: URL parsing, resolution and normalisation on libcurl's URL API
 * (CURLU); this file only reassembles the parts curl hands back and tidies
 * their percent-encoding. Also the private-address test the crawler applies
 * to every address it is about to connect to. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "common/sitekey.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/url.h"

/* The parts of a usable http(s) URL, normalised; owned strings. */
/* A path or query percent-encoded: each byte of a URL we keep becomes at
 * most three. */
#define URL_PART_MAX (3 * URL_MAX_LEN)

struct url_parts {
	char *scheme;   /* "http" or "https" */
	char *host;     /* lower case; "[::1]" for IPv6 */
	char *port;     /* NULL when the scheme's default */
	char *path;     /* starts with "/" */
	char *query;    /* without "?", NULL when absent */
};

static void
url_parts_release(struct url_parts *p)
{
	free(p->scheme);
	free(p->host);
	free(p->port);
	free(p->path);
	free(p->query);
	memset(p, 0, sizeof *p);
}

static bool
url_unreserved(int c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
url_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A new copy of a path or query with one spelling per character: %XX of
 * unreserved characters decoded, other escapes in upper-case hex, a stray
 * '%' escaped, and bytes that may not appear raw (controls, space,
 * non-ASCII, "<>\"{}|\\^`") percent-encoded. */
static char *
url_pct_normalise(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const unsigned char *p = (const unsigned char *)s;
	int bad = 0;

	buf_init(&b, URL_PART_MAX);
	for (; *p && bad == 0; p++) {
		int hi, lo;

		if (*p == '%') {
			hi = url_hexval(p[1]);
			lo = hi >= 0 ? url_hexval(p[2]) : -1;
			if (hi < 0 || lo < 0) {
				bad = buf_puts(&b, "%25");
			} else if (url_unreserved(hi * 16 + lo)) {
				bad = buf_putc(&b, (char)(hi * 16 + lo));
				p += 2;
			} else {
				bad = buf_printf(&b, "%%%c%c", hex[hi], hex[lo]);
				p += 2;
			}
		} else if (*p <= 0x20 || *p >= 0x7f || strchr("<>\"{}|\\^`", *p)) {
			bad = buf_printf(&b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
		} else {
			bad = buf_putc(&b, (char)*p);
		}
	}
	if (bad != 0) {   /* longer than any URL we keep */
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* True for a host we will crawl: letters, digits, '-', '.', '_' and UTF-8
 * (an IDN), or a bracketed IPv6 literal. curl decodes escapes in hosts, so
 * "%7f" arrives here as a DEL byte: such a host is refused, not passed on. */
static bool
url_host_ok(const char *host)
{
	size_t n = strlen(host);

	if (host[0] == '[')
		return n > 2 && host[n - 1] == ']' &&
		       strspn(host + 1, "0123456789abcdefABCDEF:.") == n - 2;
	/* an empty label ("..", ".x", "a..b") names no host; the root's
	 * trailing dot ("glow.test.") is fine */
	if (host[0] == '.' || strstr(host, "..") != NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)host; *p; p++)
		if (!(isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p >= 0x80))
			return false;
	return text_utf8_valid(host, n);
}

/* Fills parts from h, which holds a URL curl accepted. 0, or -1 when it is
 * not a usable http(s) URL. */
static int
url_parts_from(CURLU *h, struct url_parts *parts)
{
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL;
	char *ascii = NULL;
	int rc = -1;

	memset(parts, 0, sizeof *parts);
	if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		goto out;
	for (char *c = scheme; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)
		goto out;
	if (curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if (host[0] == '\0' || !url_host_ok(host))
		goto out;
	/* an IDN in its ASCII form: every spelling of a host is one site;
	 * the mapping may make what no host holds ("_\u00a0" is "_ ") */
	if ((ascii = text_host_ascii(host)) == NULL || !url_host_ok(ascii))
		goto out;
	switch (curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT)) {
	case CURLUE_OK:
		if (strtol(port, NULL, 10) <= 0)
			goto out;
		break;
	case CURLUE_NO_PORT:
		break;
	default:
		goto out;
	}
	if (curl_url_get(h, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		goto out;
	switch (curl_url_get(h, CURLUPART_QUERY, &query, 0)) {
	case CURLUE_OK:
	case CURLUE_NO_QUERY:
		break;
	default:
		goto out;
	}
	parts->scheme = xstrdup(scheme);
	parts->host = ascii;
	ascii = NULL; /* transferred */
	parts->port = port ? xstrdup(port) : NULL;
	parts->path = url_pct_normalise(path[0] ? path : "/");
	/* "?" with nothing after it says nothing: drop it */
	parts->query = query && query[0] ? url_pct_normalise(query) : NULL;
	if (parts->path == NULL || (query && query[0] && parts->query == NULL)) {
		url_parts_release(parts);
		goto out;
	}
	rc = 0;
out:
	free(ascii);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	return rc;
}

/* Parses url (absolute) into parts; 0 or -1. */
static int
url_parse(const char *url, struct url_parts *parts)
{
	CURLU *h = NULL;
	int rc = -1;

	memset(parts, 0, sizeof *parts);
	if (url == NULL || strlen(url) > URL_MAX_LEN)
		return -1;
	if ((h = curl_url()) == NULL)
		return -1;
	if (curl_url_set(h, CURLUPART_URL, url, CURLU_ALLOW_SPACE) != CURLUE_OK)
		goto out;
	rc = url_parts_from(h, parts);
out:
	curl_url_cleanup(h);
	return rc;
}

/* scheme://host[:port]path[?query], or NULL when longer than URL_MAX_LEN. */
static char *
url_join(const struct url_parts *p)
{
	char *s = xasprintf("%s://%s%s%s%s%s%s", p->scheme, p->host, p->port ? ":" : "",
	                    p->port ? p->port : "", p->path, p->query ? "?" : "",
	                    p->query ? p->query : "");

	if (strlen(s) > URL_MAX_LEN) {
		free(s);
		return NULL;
	}
	return s;
}

/* True when path has a "." or ".." segment. */
static bool
url_has_dot_segment(const char *path)
{
	for (const char *p = path; (p = strchr(p, '/')) != NULL; p++) {
		size_t n = strcspn(p + 1, "/");

		if ((n == 1 && p[1] == '.') || (n == 2 && p[1] == '.' && p[2] == '.'))
			return true;
	}
	return false;
}

/* Joins p into a URL that normalising again leaves as it is. curl removes
 * dot segments before we decode escapes, so "/%2e%2e/" can become a new
 * "/../"; RFC 3986 6.2.2 decodes first, so such a path is parsed again
 * (each round removes at least one segment; a few rounds suffice). */
static char *
url_join_stable(struct url_parts *p)
{
	char *s = url_join(p);

	for (int round = 0; s != NULL && url_has_dot_segment(p->path) && round < 8; round++) {
		struct url_parts again;

		url_parts_release(p);
		if (url_parse(s, &again) != 0) {
			free(s);
			return NULL;
		}
		free(s);
		*p = again;
		s = url_join(p);
	}
	return s;
}

char *
url_normalise(const char *url)
{
	struct url_parts p;
	char *s = NULL;

	if (url_parse(url, &p) == 0)
		s = url_join_stable(&p);
	url_parts_release(&p);
	return s;
}

/* True for a query or path parameter name that carries a session or a
 * tracking tag rather than content: sid, sessionid, session_id, jsessionid,
 * phpsessid, aspsessionid*, utm_*, gclid, fbclid, msclkid. */
static bool
url_param_is_noise(const char *name, size_t n)
{
	static const char *const exact[] = { "sid", "sessionid", "session_id", "jsessionid",
	                                     "phpsessid", "cfid", "cftoken", "gclid", "fbclid",
	                                     "msclkid" };
	static const char *const prefix[] = { "aspsessionid", "utm_" };

	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (n == strlen(exact[i]) && strncasecmp(name, exact[i], n) == 0)
			return true;
	for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
		if (n >= strlen(prefix[i]) && strncasecmp(name, prefix[i], strlen(prefix[i])) == 0)
			return true;
	return false;
}

/* path without ";name=value" parameters whose name is noise
 * ("/shop;jsessionid=A1/cart" -> "/shop/cart"); a new string. */
static char *
url_path_clean(const char *path)
{
	struct buf b;
	const char *p = path;
	int bad = 0;

	buf_init(&b, URL_PART_MAX);
	while (*p && bad == 0) {
		size_t n = strcspn(p, ";");

		bad = buf_append(&b, p, n);
		p += n;
		if (*p == ';') {
			if (url_param_is_noise(p + 1, strcspn(p + 1, "=;/"))) {
				p += 1 + strcspn(p + 1, ";/");   /* drop ";name=value" */
			} else {
				bad = bad || buf_putc(&b, ';');
				p++;
			}
		}
	}
	if (bad != 0) {   /* cannot be: the path only shrinks */
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* query without noise parameters, or NULL when none is left (or, which
 * cannot be, it grew past URL_PART_MAX). */
static char *
url_query_clean(const char *query)
{
	struct buf b;
	const char *p = query;
	int bad = 0;

	buf_init(&b, URL_PART_MAX);
	while (*p && bad == 0) {
		size_t n = strcspn(p, "&");

		if (n > 0 && !url_param_is_noise(p, strcspn(p, "="))) {
			if (b.len)
				bad = buf_putc(&b, '&');
			bad = bad || buf_append(&b, p, n);
		}
		p += n;
		if (*p == '&')
			p++;
	}
	if (b.len == 0 || bad != 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Drops the noise parameters of p's path and query; 0 or -1. */
static int
url_parts_clean(struct url_parts *p)
{
	char *path = url_path_clean(p->path), *query = NULL;

	if (path == NULL)
		return -1;
	query = p->query ? url_query_clean(p->query) : NULL;
	free(p->path);
	free(p->query);
	p->path = path;
	p->query = query;
	return 0;
}

char *
url_clean(const char *url)
{
	struct url_parts p;
	char *s = NULL;

	if (url_parse(url, &p) == 0 && url_parts_clean(&p) == 0)
		s = url_join_stable(&p);
	url_parts_release(&p);
	return s;
}

/* A copy of an href as browsers read it: leading and trailing spaces and
 * controls removed, tabs and newlines inside dropped. */
static char *
url_href_clean(const char *ref)
{
	size_t n = strlen(ref), i, j = 0;
	char *s;

	while (n > 0 && (unsigned char)ref[n - 1] <= 0x20)
		n--;
	while (n > 0 && (unsigned char)*ref <= 0x20) {
		ref++;
		n--;
	}
	s = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		if (ref[i] != '\t' && ref[i] != '\n' && ref[i] != '\r')
			s[j++] = ref[i];
	s[j] = '\0';
	return s;
}

char *
url_resolve(const char *base, const char *ref)
{
	struct url_parts p;
	CURLU *h = NULL;
	char *clean = NULL, *s = NULL;

	memset(&p, 0, sizeof p);
	if (base == NULL || ref == NULL || strlen(base) > URL_MAX_LEN ||
	    strlen(ref) > URL_MAX_LEN)
		return NULL;
	clean = url_href_clean(ref);
	if ((h = curl_url()) == NULL)
		goto out;
	if (curl_url_set(h, CURLUPART_URL, base, CURLU_ALLOW_SPACE) != CURLUE_OK)
		goto out;
	/* An empty or fragment-only reference is the base document itself;
	 * curl 7.88 would resolve it like a relative path. */
	if (clean[0] != '\0' && clean[0] != '#' &&
	    curl_url_set(h, CURLUPART_URL, clean, CURLU_ALLOW_SPACE) != CURLUE_OK)
		goto out;
	if (url_parts_from(h, &p) == 0)
		s = url_join_stable(&p);
out:
	url_parts_release(&p);
	curl_url_cleanup(h);
	free(clean);
	return s;
}

/* ---- a link parsed once ---- */

const char *
url_normalised_path(const char *url)
{
	const char *p = strstr(url, "://");

	if (p == NULL)
		return "/";
	p += 3;
	p += strcspn(p, "/");
	return *p ? p : "/";
}

/* Points l->path and l->query into l->url. */
static void
url_link_point(struct url_link *l)
{
	l->path = url_normalised_path(l->url);
	l->query = strchr(l->path, '?');
	if (l->query != NULL)
		l->query++;
}

/* Fills l from the parts of a URL curl accepted (p is emptied): joined
 * as url_resolve does, then cleaned as url_clean does when asked. */
static int
url_link_from(struct url_link *l, struct url_parts *p, unsigned flags)
{
	char *s = url_join_stable(p);

	if (s != NULL && (flags & URL_LINK_CLEAN)) {
		free(s);
		s = url_parts_clean(p) == 0 ? url_join_stable(p) : NULL;
	}
	if (s == NULL) {
		url_parts_release(p);
		return -1;
	}
	l->url = s;
	l->scheme = p->scheme;
	l->host = p->host;
	l->port = p->port;
	p->scheme = p->host = p->port = NULL; /* transferred */
	url_parts_release(p);
	l->site_host = sitekey_host(l->host);
	if (l->site_host[0] == '\0') {   /* "http://./": a dot is no site */
		url_link_release(l);
		return -1;
	}
	l->site_key = xasprintf("%s://%s%s%s", l->scheme, l->site_host, l->port ? ":" : "",
	                        l->port ? l->port : "");
	url_link_point(l);
	return 0;
}

int
url_link_parse(struct url_link *l, const char *url, unsigned flags)
{
	struct url_parts p;

	memset(l, 0, sizeof *l);
	if (url_parse(url, &p) != 0) {
		url_parts_release(&p);
		return -1;
	}
	return url_link_from(l, &p, flags);
}

struct url_base {
	CURLU *h;
};

struct url_base *
url_base_new(const char *base)
{
	struct url_base *b = NULL;
	CURLU *h = NULL;

	if (base == NULL || strlen(base) > URL_MAX_LEN || (h = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(h, CURLUPART_URL, base, CURLU_ALLOW_SPACE) != CURLUE_OK) {
		curl_url_cleanup(h);
		return NULL;
	}
	b = xmalloc(sizeof *b);
	b->h = h;
	return b;
}

void
url_base_free(struct url_base *b)
{
	if (b == NULL)
		return;
	curl_url_cleanup(b->h);
	free(b);
}

int
url_link_resolve_at(struct url_link *l, const struct url_base *b, const char *ref,
                    unsigned flags)
{
	struct url_parts p;
	CURLU *h = NULL;
	char *clean = NULL;
	int rc = -1;

	memset(l, 0, sizeof *l);
	memset(&p, 0, sizeof p);
	if (b == NULL || ref == NULL || strlen(ref) > URL_MAX_LEN)
		return -1;
	clean = url_href_clean(ref);
	/* a copy of the parsed base: cheaper than parsing it again */
	if ((h = curl_url_dup(b->h)) == NULL)
		goto out;
	/* as url_resolve: an empty or fragment-only reference is the base */
	if (clean[0] != '\0' && clean[0] != '#' &&
	    curl_url_set(h, CURLUPART_URL, clean, CURLU_ALLOW_SPACE) != CURLUE_OK)
		goto out;
	if (url_parts_from(h, &p) == 0)
		rc = url_link_from(l, &p, flags);
out:
	url_parts_release(&p);
	curl_url_cleanup(h);
	free(clean);
	return rc;
}

int
url_link_resolve(struct url_link *l, const char *base, const char *ref, unsigned flags)
{
	struct url_base *b = url_base_new(base);
	int rc = url_link_resolve_at(l, b, ref, flags);

	url_base_free(b);
	return rc;
}

bool
url_link_same_site(const struct url_link *site, const struct url_link *l)
{
	if (site->site_host == NULL || l->site_host == NULL ||
	    strcmp(site->site_host, l->site_host) != 0)
		return false;
	if (strcmp(site->scheme, l->scheme) == 0)
		return (site->port == NULL && l->port == NULL) ||
		       (site->port && l->port && strcmp(site->port, l->port) == 0);
	/* http <-> https of the same host, both on default ports */
	return site->port == NULL && l->port == NULL;
}

void
url_link_rehost(struct url_link *l, const struct url_link *site)
{
	char *s = NULL;

	if (strcmp(l->site_key, site->site_key) != 0 || strcmp(l->host, site->host) == 0)
		return;
	/* same scheme and port (the keys are equal): only the host differs */
	s = xasprintf("%s://%s%s%s%s", site->scheme, site->host, site->port ? ":" : "",
	              site->port ? site->port : "", l->path);
	if (strlen(s) > URL_MAX_LEN) {   /* kept as found, as url_resolve would */
		free(s);
		return;
	}
	free(l->url);
	free(l->host);
	l->url = s;
	l->host = xstrdup(site->host);
	url_link_point(l);
}

void
url_link_release(struct url_link *l)
{
	free(l->url);
	free(l->scheme);
	free(l->host);
	free(l->port);
	free(l->site_host);
	free(l->site_key);
	memset(l, 0, sizeof *l);
}

char *
url_site_key(const char *url)
{
	struct url_parts p;
	char *s = NULL;

	char *host = NULL;

	if (url_parse(url, &p) == 0 && (host = sitekey_host(p.host))[0] != '\0')
		s = xasprintf("%s://%s%s%s", p.scheme, host, p.port ? ":" : "", p.port ? p.port : "");
	free(host);
	url_parts_release(&p);
	return s;
}

bool
url_same_site(const char *site_key, const char *url)
{
	struct url_parts a, b;
	char *ha = NULL, *hb = NULL;
	bool same = false;

	if (url_parse(site_key, &a) != 0 || url_parse(url, &b) != 0)
		goto out;
	ha = sitekey_host(a.host);
	hb = sitekey_host(b.host);
	if (strcmp(ha, hb) != 0)
		goto out;
	if (strcmp(a.scheme, b.scheme) == 0)
		same = (a.port == NULL && b.port == NULL) ||
		       (a.port && b.port && strcmp(a.port, b.port) == 0);
	else    /* http <-> https of the same host, both on default ports */
		same = a.port == NULL && b.port == NULL;
out:
	free(ha);
	free(hb);
	url_parts_release(&a);
	url_parts_release(&b);
	return same;
}

char *
url_host(const char *url)
{
	struct url_parts p;
	char *s = NULL;

	if (url_parse(url, &p) == 0) {
		s = p.host;
		p.host = NULL; /* transferred */
	}
	url_parts_release(&p);
	return s;
}

char *
url_site_host(const char *url)
{
	struct url_parts p;
	char *s = NULL;

	if (url_parse(url, &p) == 0)
		s = sitekey_host(p.host);
	url_parts_release(&p);
	return s;
}

char *
url_path_query(const char *url)
{
	struct url_parts p;
	char *s = NULL;

	if (url_parse(url, &p) == 0)
		s = xasprintf("%s%s%s", p.path, p.query ? "?" : "", p.query ? p.query : "");
	url_parts_release(&p);
	return s;
}

char *
url_from_seed(const char *seed)
{
	char *clean = NULL, *with_scheme = NULL, *s = NULL;
	const char *sep = NULL;

	if (seed == NULL)
		return NULL;
	clean = url_href_clean(seed);
	if (clean[0] == '\0')
		goto out;
	/* curl, like a browser, reads "http:///x" as "http://x/"; a seed the
	 * user typed with no host is a mistake, not a site called x */
	if ((sep = strstr(clean, "://")) == NULL)
		with_scheme = xasprintf("http://%s", clean);
	else if (sep[3] == '\0' || sep[3] == '/' || sep[3] == '\\')
		goto out;
	else
		with_scheme = xstrdup(clean);
	s = url_normalise(with_scheme);
out:
	free(clean);
	free(with_scheme);
	return s;
}

static bool
url_ipv4_private(const unsigned char a[4])
{
	return a[0] == 0 ||                               /* 0.0.0.0/8 "this network" */
	       a[0] == 10 ||                              /* 10/8 */
	       (a[0] == 100 && (a[1] & 0xc0) == 64) ||    /* 100.64/10 CGNAT */
	       a[0] == 127 ||                             /* loopback */
	       (a[0] == 169 && a[1] == 254) ||            /* link-local */
	       (a[0] == 172 && (a[1] & 0xf0) == 16) ||    /* 172.16/12 */
	       (a[0] == 192 && a[1] == 168) ||            /* 192.168/16 */
	       (a[0] == 192 && a[1] == 0 && a[2] == 0) || /* IETF protocol assignments */
	       (a[0] == 198 && (a[1] & 0xfe) == 18) ||    /* 198.18/15 benchmarking */
	       a[0] >= 224;                               /* multicast, reserved, broadcast */
}

bool
url_ip_is_private(int family, const void *addr)
{
	static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char v4compat[12] = { 0 };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b };
	const unsigned char *a = addr;

	if (family == AF_INET)
		return url_ipv4_private(a);
	if (family != AF_INET6)
		return true;    /* anything else (AF_UNIX...) is never a web site */
	/* forms that carry an IPv4 address: judge that address */
	if (memcmp(a, v4mapped, 12) == 0 || memcmp(a, v4compat, 12) == 0 ||
	    memcmp(a, nat64, 12) == 0)
		return url_ipv4_private(a + 12);   /* also catches :: and ::1 */
	if (a[0] == 0x20 && a[1] == 0x02)      /* 6to4 2002:V4ADDR::/48 */
		return url_ipv4_private(a + 2);
	return (a[0] & 0xfe) == 0xfc ||                  /* fc00::/7 unique local */
	       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||  /* fe80::/10 link-local */
	       (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) ||  /* fec0::/10 old site-local */
	       a[0] == 0xff ||                             /* multicast */
	       (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8); /* doc */
}
