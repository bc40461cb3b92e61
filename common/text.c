/* text.c: UTF-8 validation and repair, terminal-safe copies, whitespace
 * squashing (see text.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <idn2.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/xalloc.h"

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0
 * when it is not one (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
static size_t
utf8_seq_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

bool
text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_seq_len(p + i, n - i, &cp);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

/* Bytes from s[0..n) that are plain ASCII other than NUL: the fast path
 * of the copies below, which otherwise decode one sequence at a time. */
static size_t
ascii_run(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] < 0x80 && s[i] != 0)
		i++;
	return i;
}

char *
text_utf8_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, o = 0;
	uint32_t cp;
	char *out = NULL;

	/* well-formed and NUL-free (the usual case): a plain copy */
	while (i < n) {
		i += ascii_run(p + i, n - i);
		if (i >= n)
			break;
		if ((k = utf8_seq_len(p + i, n - i, &cp)) == 0 || cp == 0)
			break;
		i += k;
	}
	if (i >= n)
		return xstrndup(s, n);
	/* else every bad byte may become the three bytes of U+FFFD */
	out = xreallocarray(NULL, n + 1, 3);
	memcpy(out, s, i);
	o = i;
	while (i < n) {
		k = utf8_seq_len(p + i, n - i, &cp);
		if (k == 0 || cp == 0) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, p + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	return out;
}

static bool
export_drops(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

char *
text_for_export(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i = 0, k;
	struct buf b;
	uint32_t cp;

	/* the fast path: printable ASCII, then whatever is left checked */
	while (p[i] >= 0x20 && p[i] < 0x7F)
		i++;
	if (p[i] == '\0')
		return NULL;
	n = i + strlen(s + i);
	for (k = i; k < n;) {
		size_t m = utf8_seq_len(p + k, n - k, &cp);

		if (m == 0 || export_drops(cp))
			break;
		k += m;
	}
	if (k == n)
		return NULL;
	buf_init(&b, 0);   /* no cap: U+FFFD is longer than the byte it replaces */
	buf_append(&b, s, i);
	while (i < n) {
		k = utf8_seq_len(p + i, n - i, &cp);
		if (k == 0) {
			buf_append(&b, "\xEF\xBF\xBD", 3);
			i++;
			continue;
		}
		if (cp == '\t')
			buf_putc(&b, ' ');
		else if (!export_drops(cp))
			buf_append(&b, p + i, k);
		i += k;
	}
	return buf_detach(&b);
}

char *
text_for_terminal(const char *s, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	struct buf b;
	uint32_t cp;

	buf_init(&b, 0);
	buf_append(&b, "", 0);
	while (i < n) {
		k = utf8_seq_len(p + i, n - i, &cp);
		if (k == 0) {           /* not UTF-8 after all: drop the byte */
			i++;
			continue;
		}
		if ((cp < 0x20 && !(keep_newlines && (cp == '\n' || cp == '\t'))) ||
		    cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			if (cp == '\t' || cp == '\n' || cp == '\r')
				buf_putc(&b, ' ');
			i += k;
			continue;
		}
		buf_append(&b, p + i, k);
		i += k;
	}
	return buf_detach(&b);
}

/* Whitespace for squashing: ASCII space and controls, NBSP, and the
 * Unicode spaces U+2000..U+200B, U+2028/2029, U+202F, U+205F, U+3000. */
static bool
is_space_cp(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
	       (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

char *
text_squash_space(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k, o = 0;
	bool pending = false;
	uint32_t cp;
	/* an invalid byte becomes U+FFFD: at worst three bytes for one */
	char *out = xreallocarray(NULL, n + 1, text_utf8_valid(s, n) ? 1 : 3);

	while (i < n) {
		unsigned char c = p[i];

		if (c < 0x80) {     /* ASCII without decoding */
			if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
				pending = o > 0;
			} else {
				if (pending)
					out[o++] = ' ';
				pending = false;
				out[o++] = (char)c;
			}
			i++;
			continue;
		}
		k = utf8_seq_len(p + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			cp = 0xFFFD;
		}
		if (is_space_cp(cp)) {
			pending = o > 0;
		} else {
			if (pending)
				out[o++] = ' ';
			pending = false;
			if (cp == 0xFFFD && k == 1) {
				memcpy(out + o, "\xEF\xBF\xBD", 3);
				o += 3;
			} else {
				memcpy(out + o, p + i, k);
				o += k;
			}
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

char *
text_clean_line(const char *s, size_t n, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, o = 0;
	bool pending = false;
	uint32_t cp;
	/* an invalid byte becomes U+FFFD: at worst three bytes for one */
	char *out = xreallocarray(NULL, (n < max ? n : max) + 4, 3);

	while (i < n) {
		unsigned char c = p[i];
		const unsigned char *src = p + i;

		/* a run of printable ASCII is copied at once */
		if (c > 0x20 && c < 0x7F) {
			size_t run = 1, pend = pending ? 1 : 0;
			size_t room = max > o + pend ? max - o - pend : 0;

			while (i + run < n && p[i + run] > 0x20 && p[i + run] < 0x7F)
				run++;
			if (run > room)
				run = room;   /* cut at max */
			if (run == 0)
				break;
			if (pending)
				out[o++] = ' ';
			pending = false;
			memcpy(out + o, src, run);
			o += run;
			i += run;
			if (i < n && p[i] > 0x20 && p[i] < 0x7F)
				break;        /* the run was cut */
			continue;
		}
		if (c < 0x80) {
			k = 1;
			cp = c;
		} else if ((k = utf8_seq_len(p + i, n - i, &cp)) == 0) {
			k = 1;
			cp = 0xFFFD;
			src = (const unsigned char *)"\xEF\xBF\xBD";
		}
		i += k;
		if (is_space_cp(cp)) {
			pending = o > 0;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
			continue;   /* NUL and other controls: dropped */
		if (cp == 0xFFFD)
			k = 3;
		if (o + (pending ? 1 : 0) + k > max)
			break;      /* whole characters only */
		if (pending)
			out[o++] = ' ';
		pending = false;
		memcpy(out + o, src, k);
		o += k;
	}
	out[o] = '\0';
	return out;
}

char *
text_truncate(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return xstrdup(s);
	/* step back over continuation bytes so no sequence is cut */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return xstrndup(s, max);
}

bool
text_has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* n stepped back to the start of the UTF-8 sequence it may point into. */
static size_t
utf8_floor(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

char *
text_for_message(const char *s, size_t max_word, size_t max_len)
{
	static const char ellipsis[] = "\xE2\x80\xA6";   /* ... as one character */
	char *valid = text_utf8_clean(s, strlen(s)), *clean = text_for_terminal(valid, false);
	struct buf b;
	size_t i = 0, n = strlen(clean), head, tail;
	char *out = NULL;

	free(valid);
	buf_init(&b, 0);
	while (i < n) {
		size_t w = strcspn(clean + i, " "), closers = 0;

		if (w > max_word) {
			/* keep what closes the quote: "'http://aaaa...'" stays a pair */
			while (closers < 3 && closers < w &&
			       strchr("'\")]}>,.:;", clean[i + w - 1 - closers]))
				closers++;
			buf_append(&b, clean + i, utf8_floor(clean + i, max_word));
			buf_append(&b, ellipsis, 3);
			buf_append(&b, clean + i + w - closers, closers);
		} else {
			buf_append(&b, clean + i, w);
		}
		i += w;
		if (i < n)
			buf_append(&b, clean + i++, 1);   /* the space */
	}
	free(clean);
	out = buf_detach(&b);
	n = strlen(out);
	if (n > max_len && max_len > 8) {
		/* the end often says what to do ("see 'clinicdex help crawl'") */
		tail = max_len / 4;
		head = utf8_floor(out, max_len - tail - 3);
		tail = n - tail;
		while (tail < n && ((unsigned char)out[tail] & 0xC0) == 0x80)
			tail++;
		memcpy(out + head, ellipsis, 3);
		memmove(out + head + 3, out + tail, n - tail + 1);
	}
	return out;
}

char *
text_host_ascii(const char *host)
{
	char *out = NULL, *s = NULL;
	bool ascii = true;

	for (const unsigned char *p = (const unsigned char *)host; *p; p++)
		ascii = ascii && *p < 0x80;
	if (ascii || host[0] == '[') {
		s = xstrdup(host);
		for (char *c = s; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		return s;
	}
	if (idn2_to_ascii_8z(host, &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK &&
	    idn2_to_ascii_8z(host, &out, IDN2_NFC_INPUT | IDN2_TRANSITIONAL) != IDN2_OK)
		return NULL;
	s = xstrdup(out);
	idn2_free(out);
	for (char *c = s; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return s;
}
