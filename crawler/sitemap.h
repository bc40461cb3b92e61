/* sitemap.h: XML sitemaps (sitemaps.org protocol 0.9): a <urlset> of page
 * URLs or a <sitemapindex> of further sitemaps, plain or gzip-compressed.
 * Read with libxml2's streaming reader: no DTD, no entity expansion, no
 * network. Everything is bounded: bytes inflated, URLs kept, URL length. */
#ifndef CD_SITEMAP_H
#define CD_SITEMAP_H
#include <stdbool.h>
#include <stddef.h>

#define SITEMAP_MAX_URLS 50000                  /* per file, by the protocol */
#define SITEMAP_MAX_BYTES (50L * 1024 * 1024)   /* uncompressed, by the protocol */

struct sitemap {
	char **locs;      /* the <loc> values, trimmed, as written; owned */
	size_t n;
	bool is_index;    /* a <sitemapindex>: locs name sitemaps, not pages */
	bool truncated;   /* a cap was reached or the XML broke off: locs is a prefix */
};

/* True when body begins with the gzip magic bytes. */
bool sitemap_is_gzip(const char *body, size_t len);

/* Inflates the gzip data in[0..len) (several members are read in turn)
 * into *out (NUL-terminated, caller frees) of *out_len bytes, never more
 * than max: a gzip bomb stops at the cap with *truncated set. Returns 0,
 * or CD_EPARSE when in is not gzip data (*out is then NULL). Data that
 * breaks off is not an error: what was inflated is kept. */
int sitemap_gunzip(const char *in, size_t len, size_t max, char **out, size_t *out_len,
                   bool *truncated);

/* Parses body[0..len), inflating it first when it is gzip data (to at most
 * max_bytes), keeping at most max_urls <loc> values of at most URL_MAX_LEN
 * bytes each (longer ones are skipped). sm is filled and must be released
 * with sitemap_release even on failure. Returns 0, or CD_EPARSE when the
 * body is not a sitemap (no <urlset> or <sitemapindex> root). */
int sitemap_parse(const char *body, size_t len, size_t max_bytes, size_t max_urls,
                  struct sitemap *sm);
void sitemap_release(struct sitemap *sm);

#endif
