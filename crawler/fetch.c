/* fetch.c: what the crawler makes of a response before it trusts it (see
 * fetch.h). Every byte here came from a server: lengths are bounded and
 * nothing is assumed about termination or encoding. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>
#include "common/buf.h"
#include "common/error.h"
#include "common/text.h"
#include "common/xalloc.h"
#include "crawler/fetch.h"

#define FETCH_ICONV_CHUNK 16384   /* bytes converted per iconv call */
/* UTF-8 made of len bytes of another charset: at most 4 bytes each (a
 * U+FFFD for a bad byte is 3), and room for a shift state's closing bytes */
#define FETCH_UTF8_MAX(len) ((len) * 4 + 16)

#define FETCH_LABEL_MAX 40       /* longest charset label taken */
#define FETCH_PRESCAN 1024       /* bytes searched for <meta charset> (HTML 13.2.3.2) */
#define FETCH_SNIFF 1024         /* bytes searched for a NUL */

int
fetch_retry_after(const char *value, time_t now, long *seconds)
{
	const char *p = value, *e = NULL;
	long v = 0;
	time_t when = 0;
	bool alpha = false;

	*seconds = 0;
	if (value == NULL)
		return CD_EPARSE;
	while (*p == ' ' || *p == '\t')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e == p)
		return CD_EPARSE;
	if ((size_t)(e - p) == strspn(p, "0123456789")) {
		for (; p < e; p++) {
			v = v * 10 + (*p - '0');
			if (v > FETCH_RETRY_AFTER_MAX)
				v = FETCH_RETRY_AFTER_MAX;   /* also stops any overflow */
		}
		*seconds = v;
		return 0;
	}
	/* an HTTP-date names a month and a day; curl_getdate would also take
	 * "-5" or "tomorrow"-like oddities we do not want */
	for (const char *q = p; q < e; q++)
		alpha |= isalpha((unsigned char)*q) != 0;
	if (!alpha || (when = curl_getdate(value, NULL)) == -1)
		return CD_EPARSE;
	if (when > now)
		*seconds = when - now > FETCH_RETRY_AFTER_MAX ? FETCH_RETRY_AFTER_MAX
		                                               : (long)(when - now);
	return 0;
}

long
fetch_backoff_s(int attempts, long cap_s)
{
	long wait = 1;

	for (int i = 1; i < attempts && wait < cap_s; i++)
		wait *= 2;
	return wait < cap_s ? wait : cap_s;
}

/* The media type of a Content-Type value: *n bytes from the returned
 * pointer, spaces trimmed. */
static const char *
fetch_media_type(const char *ct, size_t *n)
{
	while (*ct == ' ' || *ct == '\t')
		ct++;
	*n = strcspn(ct, "; \t");
	return ct;
}

enum fetch_type
fetch_type_of(const char *content_type)
{
	const char *t = NULL;
	size_t n = 0;

	if (content_type == NULL)
		return FETCH_TYPE_NONE;
	t = fetch_media_type(content_type, &n);
	if (n == 0)
		return FETCH_TYPE_NONE;
	if ((n == 9 && strncasecmp(t, "text/html", 9) == 0) ||
	    (n == 21 && strncasecmp(t, "application/xhtml+xml", 21) == 0))
		return FETCH_TYPE_HTML;
	return FETCH_TYPE_OTHER;
}

const char *
fetch_sniff_binary(const char *body, size_t len)
{
	static const struct {
		const char *magic;
		size_t n;
		const char *type;
	} magic[] = {
		{ "%PDF-", 5, "application/pdf" },
		{ "\x89PNG\r\n\x1a\n", 8, "image/png" },
		{ "GIF87a", 6, "image/gif" },
		{ "GIF89a", 6, "image/gif" },
		{ "\xff\xd8\xff", 3, "image/jpeg" },
		{ "PK\x03\x04", 4, "application/zip" },
		{ "\x1f\x8b", 2, "application/gzip" },
		{ "\x00\x00\x01\x00", 4, "image/x-icon" },
		{ "wOFF", 4, "font/woff" },
		{ "wOF2", 4, "font/woff2" },
	};

	for (size_t i = 0; i < sizeof magic / sizeof magic[0]; i++)
		if (len >= magic[i].n && memcmp(body, magic[i].magic, magic[i].n) == 0)
			return magic[i].type;
	if (len >= 12 && memcmp(body, "RIFF", 4) == 0 && memcmp(body + 8, "WEBP", 4) == 0)
		return "image/webp";
	/* text has next to no NUL bytes (UTF-16 announces itself); a stray
	 * one from a broken CMS does not make a page binary, a file of
	 * binary data has many */
	if (len >= 2 && ((body[0] == '\xff' && body[1] == '\xfe') ||
	                 (body[0] == '\xfe' && body[1] == '\xff')))
		return NULL;
	{
		size_t w = len < FETCH_SNIFF ? len : FETCH_SNIFF, nul = 0;
		const char *p = body, *end = body + w;

		while ((p = memchr(p, '\0', (size_t)(end - p))) != NULL && nul < 8) {
			nul++;
			p++;
		}
		if (nul >= 8 || nul * 64 > w)
			return "application/octet-stream";
	}
	return NULL;
}

bool
fetch_is_html(const char *content_type, const char *body, size_t len)
{
	switch (fetch_type_of(content_type)) {
	case FETCH_TYPE_HTML:
		return true;
	case FETCH_TYPE_OTHER:
		return false;
	case FETCH_TYPE_NONE:
		break;
	}
	while (len > 0 && (*body == ' ' || *body == '\t' || *body == '\r' || *body == '\n')) {
		body++;
		len--;
	}
	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
		body += 3;
		len -= 3;
	}
	return (len >= 14 && strncasecmp(body, "<!doctype html", 14) == 0) ||
	       (len >= 5 && strncasecmp(body, "<html", 5) == 0) ||
	       (len >= 4 && strncasecmp(body, "<!--", 4) == 0 &&
	        memmem(body, len < 1024 ? len : 1024, "<html", 5) != NULL);
}

/* The charset label in p[0..end) after the word "charset": past spaces,
 * '=', spaces and a quote; lower case, or NULL when there is none or it is
 * longer than any real label. */
static char *
fetch_label_at(const char *p, const char *end)
{
	char label[FETCH_LABEL_MAX + 1];
	size_t n = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p != '=')
		return NULL;
	for (p++; p < end && (*p == ' ' || *p == '\t' || *p == '"' || *p == '\''); p++)
		;
	while (p < end && n < FETCH_LABEL_MAX &&
	       (isalnum((unsigned char)*p) || (*p != '\0' && strchr("-_.:", *p) != NULL)))
		label[n++] = (char)tolower((unsigned char)*p++);
	if (n == 0 || n == FETCH_LABEL_MAX)
		return NULL;
	label[n] = '\0';
	return xstrdup(label);
}

/* The first "charset=LABEL" in s[0..n), case-insensitive. */
static char *
fetch_find_charset(const char *s, size_t n)
{
	const char *end = s + n, *p = s;
	char *label = NULL;

	for (; label == NULL && p + 7 <= end; p++)
		if (strncasecmp(p, "charset", 7) == 0)
			label = fetch_label_at(p + 7, end);
	return label;
}

/* <meta charset=X> or <meta http-equiv=Content-Type content="...charset=X">
 * among the first FETCH_PRESCAN bytes. */
static char *
fetch_meta_charset(const char *body, size_t len)
{
	const char *end = body + (len < FETCH_PRESCAN ? len : FETCH_PRESCAN), *p = body;
	char *label = NULL;

	for (; label == NULL && p + 5 <= end; p++) {
		const char *close = NULL;

		if (strncasecmp(p, "<meta", 5) != 0)
			continue;
		close = memchr(p, '>', (size_t)(end - p));
		label = fetch_find_charset(p + 5, (size_t)((close ? close : end) - (p + 5)));
	}
	return label;
}

char *
fetch_charset(const char *content_type, const char *body, size_t len)
{
	char *label = NULL;

	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0)
		return xstrdup("utf-8");
	if (len >= 2 && memcmp(body, "\xff\xfe", 2) == 0)
		return xstrdup("utf-16le");
	if (len >= 2 && memcmp(body, "\xfe\xff", 2) == 0)
		return xstrdup("utf-16be");
	if (content_type && (label = fetch_find_charset(content_type, strlen(content_type))))
		return label;
	return fetch_meta_charset(body, len);
}

/* The iconv name for a label, or NULL for UTF-8 (no conversion). */
static const char *
fetch_iconv_name(const char *label)
{
	static const char *const utf8[] = { "utf-8", "utf8", "unicode-1-1-utf-8" };
	/* WHATWG Encoding: these labels all mean windows-1252 */
	static const char *const w1252[] = { "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
	                                     "l1", "cp819", "ibm819", "us-ascii", "ascii",
	                                     "windows-1252", "cp1252", "x-cp1252" };

	if (label == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
		if (strcmp(label, utf8[i]) == 0)
			return NULL;
	for (size_t i = 0; i < sizeof w1252 / sizeof w1252[0]; i++)
		if (strcmp(label, w1252[i]) == 0)
			return "WINDOWS-1252";
	return label;
}

/* Converts with cd; an invalid or truncated sequence becomes U+FFFD and
 * one byte is skipped. The output is capped at FETCH_UTF8_MAX(len) and
 * ends where the cap stopped it; *out_len receives its length (it may
 * hold NUL bytes). */
static char *
fetch_iconv(iconv_t cd, const char *body, size_t len, size_t *out_len)
{
	struct buf b;
	char out[FETCH_ICONV_CHUNK], *in = (char *)body, *op = NULL;
	size_t inleft = len, outleft = 0;
	bool full = false;

	buf_init(&b, FETCH_UTF8_MAX(len));
	while (inleft > 0 && !full) {
		size_t r;

		op = out;
		outleft = sizeof out;
		r = iconv(cd, &in, &inleft, &op, &outleft);
		if (buf_append(&b, out, (size_t)(op - out)) != 0) {
			full = true;
		} else if (r == (size_t)-1 && errno != E2BIG) {
			if (buf_puts(&b, "\xef\xbf\xbd") != 0)
				full = true;
			in++;
			inleft--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	op = out;
	outleft = sizeof out;
	/* the shift state's closing bytes, when there is room for them */
	if (!full && iconv(cd, NULL, NULL, &op, &outleft) != (size_t)-1 &&
	    buf_append(&b, out, (size_t)(op - out)) != 0)
		full = true;
	*out_len = b.len;
	return buf_detach(&b);
}

char *
fetch_to_utf8(const char *content_type, const char *body, size_t len)
{
	char *label = fetch_charset(content_type, body, len), *raw = NULL, *clean = NULL;
	const char *name = fetch_iconv_name(label);
	iconv_t cd = (iconv_t)-1;
	size_t raw_len = 0;

	/* a BOM is not content */
	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
		body += 3;
		len -= 3;
	} else if (len >= 2 && (memcmp(body, "\xff\xfe", 2) == 0 ||
	                        memcmp(body, "\xfe\xff", 2) == 0)) {
		body += 2;
		len -= 2;
	}
	if (name != NULL && (cd = iconv_open("UTF-8", name)) != (iconv_t)-1) {
		raw = fetch_iconv(cd, body, len, &raw_len);
		iconv_close(cd);
		/* iconv's UTF-8 holds no invalid sequence, but may hold NUL */
		clean = text_utf8_clean(raw, raw_len);
	} else {
		clean = text_utf8_clean(body, len);
	}
	free(raw);
	free(label);
	return clean;
}
