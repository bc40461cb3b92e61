/* fetch.h: what the crawler makes of a response before it trusts it:
 * Retry-After and backoff, whether a type or body is HTML, and the body's
 * charset converted to clean UTF-8. Pure functions over bounded input. */
#ifndef CD_FETCH_H
#define CD_FETCH_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define FETCH_RETRY_AFTER_MAX 86400L   /* a larger Retry-After is cut to a day */

/* Parses a Retry-After value: delta-seconds ("120") or an HTTP-date
 * ("Fri, 21 Nov 2026 13:49:27 GMT", read at now). *seconds receives the
 * wait, 0 for a date in the past, at most FETCH_RETRY_AFTER_MAX. Returns 0,
 * or CD_EPARSE when value is neither. */
int fetch_retry_after(const char *value, time_t now, long *seconds);

/* Seconds to wait before attempt attempts + 1 after attempts transient
 * failures (1 -> 1 s, 2 -> 2 s, 3 -> 4 s, ...), never above cap_s. */
long fetch_backoff_s(int attempts, long cap_s);

enum fetch_type {
	FETCH_TYPE_NONE,    /* no Content-Type: look at the body */
	FETCH_TYPE_HTML,    /* text/html, application/xhtml+xml */
	FETCH_TYPE_OTHER,   /* anything else: not worth downloading */
};
/* Classifies a Content-Type header value ("text/html; charset=utf-8"). */
enum fetch_type fetch_type_of(const char *content_type);

/* The type a body's first bytes betray when it is not text at all
 * ("application/pdf", "image/png", ..., "application/octet-stream" for a
 * NUL byte early on), or NULL when it may be HTML. */
const char *fetch_sniff_binary(const char *body, size_t len);

/* True when a body of that type should be read as HTML: an HTML type, or
 * no type and a body that begins like HTML. */
bool fetch_is_html(const char *content_type, const char *body, size_t len);

/* The charset of an HTML body, lower case, by HTML's order: a byte order
 * mark, the Content-Type charset parameter, then <meta charset> or
 * <meta http-equiv content="...; charset=..."> in the first 1024 bytes.
 * NULL when none is declared. Caller frees. */
char *fetch_charset(const char *content_type, const char *body, size_t len);

/* body[0..len) converted from its charset (fetch_charset; UTF-8 when none
 * or unknown; iso-8859-1 and us-ascii read as windows-1252, as browsers
 * do) to NUL-terminated UTF-8 without a BOM. Bytes invalid in the charset
 * and NUL bytes become U+FFFD: the result is always valid UTF-8. Caller
 * frees. */
char *fetch_to_utf8(const char *content_type, const char *body, size_t len);

#endif
