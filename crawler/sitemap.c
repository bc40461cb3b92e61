/* sitemap.c: sitemaps and sitemap indexes (sitemaps.org 0.9), gzip or
 * not: zlib inflates under a cap, libxml2's reader walks the XML with
 * entities left unexpanded and the network off; only <loc> at depth 2
 * (urlset/url/loc, sitemapindex/sitemap/loc) is kept. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>
#include <zlib.h>
#include "common/buf.h"
#include "common/error.h"
#include "common/xalloc.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"

#define SITEMAP_CHUNK 16384
/* a <loc>: a URL and some white space around it */
#define SITEMAP_LOC_MAX (URL_MAX_LEN + 256)

bool
sitemap_is_gzip(const char *body, size_t len)
{
	return body != NULL && len >= 2 && (unsigned char)body[0] == 0x1f &&
	       (unsigned char)body[1] == 0x8b;
}

int
sitemap_gunzip(const char *in, size_t len, size_t max, char **out, size_t *out_len,
               bool *truncated)
{
	unsigned char chunk[SITEMAP_CHUNK];
	struct buf b;
	z_stream z;
	bool started = false, inited = false;
	int rc = 0, zr = Z_OK;

	*out = NULL;
	*out_len = 0;
	*truncated = false;
	buf_init(&b, max);
	memset(&z, 0, sizeof z);
	if (!sitemap_is_gzip(in, len)) {
		rc = CD_EPARSE;
		goto out;
	}
	/* 16 + MAX_WBITS: a gzip header and trailer, not raw zlib */
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		rc = CD_EPARSE;
		goto out;
	}
	inited = true;
	z.next_in = (unsigned char *)(uintptr_t)in;
	for (;;) {
		size_t have;

		if (z.avail_in == 0 && len > 0) {
			z.avail_in = len > UINT_MAX ? UINT_MAX : (unsigned)len;
			len -= z.avail_in;
		}
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
			break;   /* corrupt: keep what came out before */
		have = sizeof chunk - z.avail_out;
		started = true;
		if (have > max - b.len) {
			/* max - b.len fits by the test above */
			if (buf_append(&b, chunk, max - b.len) != 0)
				rc = CD_EPARSE;
			*truncated = true;
			break;
		}
		if (buf_append(&b, chunk, have) != 0) {
			rc = CD_EPARSE;
			break;
		}
		if (zr == Z_STREAM_END) {
			/* another member may follow (gzip files may be concatenated) */
			if (z.avail_in == 0 && len == 0)
				break;
			if (z.avail_in < 2 || !sitemap_is_gzip((const char *)z.next_in, z.avail_in) ||
			    inflateReset(&z) != Z_OK)
				break;
		} else if (have == 0 && (zr == Z_BUF_ERROR || (z.avail_in == 0 && len == 0))) {
			break;   /* no progress: the input ended inside a member */
		}
	}
	if (rc != 0 || !started) {
		rc = CD_EPARSE;
		goto out;
	}
	*out_len = b.len;
	*out = buf_detach(&b);
out:
	if (inited)
		inflateEnd(&z);
	buf_release(&b);
	return rc;
}

void
sitemap_release(struct sitemap *sm)
{
	if (sm == NULL)
		return;
	for (size_t i = 0; i < sm->n; i++)
		free(sm->locs[i]);
	free(sm->locs);
	memset(sm, 0, sizeof *sm);
}

/* libxml2 reports through here instead of stderr: a broken sitemap is
 * data, not a message for the user. */
static void
sitemap_on_error(void *arg, const char *msg, xmlParserSeverities severity,
                 xmlTextReaderLocatorPtr locator)
{
	(void)arg;
	(void)msg;
	(void)severity;
	(void)locator;
}

/* The same for errors libxml2 raises outside the reader (a body whose
 * declared encoding does not convert). */
static void
sitemap_on_generic_error(void *arg, const char *msg, ...)
{
	(void)arg;
	(void)msg;
}

static bool
sitemap_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Keeps the text of one <loc>, trimmed, when it is a plausible URL. */
static void
sitemap_keep(struct sitemap *sm, const struct buf *loc)
{
	const char *s = buf_str(loc), *e = s + loc->len;

	while (s < e && sitemap_space(*s))
		s++;
	while (e > s && sitemap_space(e[-1]))
		e--;
	if (s == e || memchr(s, '\0', (size_t)(e - s)) != NULL)
		return;
	sm->locs = xreallocarray(sm->locs, sm->n + 1, sizeof *sm->locs);
	sm->locs[sm->n++] = xstrndup(s, (size_t)(e - s));
}

static int
sitemap_parse_xml(const char *xml, size_t len, size_t max_urls, struct sitemap *sm)
{
	xmlTextReaderPtr r = NULL;
	xmlGenericErrorFunc old_error = xmlGenericError;
	void *old_error_ctx = xmlGenericErrorContext;
	struct buf loc;
	bool in_loc = false, loc_too_long = false, rooted = false;
	int rc = 0, step = 0;

	buf_init(&loc, SITEMAP_LOC_MAX);
	if (len > INT_MAX) {
		len = INT_MAX;
		sm->truncated = true;
	}
	xmlSetGenericErrorFunc(NULL, sitemap_on_generic_error);
	/* no XML_PARSE_NOENT (entities stay references, never expanded), no
	 * DTD loading, XML_PARSE_NONET: nothing is fetched */
	r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
	                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                       XML_PARSE_NOCDATA);
	if (r == NULL) {
		rc = CD_EPARSE;
		goto out;
	}
	xmlTextReaderSetErrorHandler(r, sitemap_on_error, NULL);
	while ((step = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		const char *name = (const char *)xmlTextReaderConstLocalName(r);

		if (type == XML_READER_TYPE_ELEMENT && depth == 0) {
			if (name && strcmp(name, "sitemapindex") == 0)
				sm->is_index = true;
			else if (name == NULL || strcmp(name, "urlset") != 0)
				break;   /* not a sitemap */
			rooted = true;
		} else if (type == XML_READER_TYPE_ELEMENT && depth == 2 && name &&
		           strcmp(name, "loc") == 0 && !xmlTextReaderIsEmptyElement(r)) {
			in_loc = true;
			loc_too_long = false;
			buf_reset(&loc);
		} else if (in_loc && (type == XML_READER_TYPE_TEXT ||
		                      type == XML_READER_TYPE_CDATA ||
		                      type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		                      type == XML_READER_TYPE_WHITESPACE)) {
			const char *v = (const char *)xmlTextReaderConstValue(r);

			if (v && buf_puts(&loc, v) != 0)
				loc_too_long = true;
		} else if (in_loc && type == XML_READER_TYPE_END_ELEMENT && depth == 2) {
			in_loc = false;
			if (!loc_too_long)
				sitemap_keep(sm, &loc);
			if (sm->n >= max_urls) {
				sm->truncated = true;
				break;
			}
		}
	}
	if (step < 0)
		sm->truncated = true;   /* malformed from here on: keep the prefix */
	if (!rooted)
		rc = CD_EPARSE;
out:
	if (r)
		xmlFreeTextReader(r);
	xmlSetGenericErrorFunc(old_error_ctx, old_error);
	buf_release(&loc);
	return rc;
}

int
sitemap_parse(const char *body, size_t len, size_t max_bytes, size_t max_urls,
              struct sitemap *sm)
{
	char *inflated = NULL;
	size_t n = 0;
	bool cut = false;
	int rc = 0;

	memset(sm, 0, sizeof *sm);
	if (body == NULL || max_urls == 0)
		return CD_EPARSE;
	if (max_bytes > (size_t)SITEMAP_MAX_BYTES)
		max_bytes = (size_t)SITEMAP_MAX_BYTES;
	if (sitemap_is_gzip(body, len)) {
		if ((rc = sitemap_gunzip(body, len, max_bytes, &inflated, &n, &cut)) != 0)
			goto out;
		body = inflated;
		len = n;
	} else if (len > max_bytes) {
		len = max_bytes;
		cut = true;
	}
	if (max_urls > SITEMAP_MAX_URLS)
		max_urls = SITEMAP_MAX_URLS;
	rc = sitemap_parse_xml(body, len, max_urls, sm);
	if (cut)
		sm->truncated = true;
out:
	free(inflated);
	return rc;
}
