/* robots.c: robots.txt (RFC 9309) for one agent: the groups naming our
 * product token, else the "*" groups, merged; Allow/Disallow patterns with
 * '*' and a final '$', longest match wins, Allow wins a tie. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/robots.h"

#define ROBOTS_MAX_BYTES (500 * 1024)
#define ROBOTS_MAX_SITEMAPS 1000
/* a path or pattern of n bytes spelt with escapes: three bytes per byte */
#define ROBOTS_ESCAPED_MAX(n) (3 * (n))

struct robots_rule {
	bool allow;
	char *pattern;   /* percent-encoding normalised */
	size_t len;      /* of the normalised pattern: the "longest match" */
	int line;
	char *text;      /* "Disallow: /private" */
};

struct robots_set {
	struct robots_rule *v;
	size_t n;
	long delay_ms;
	bool seen;       /* a group for this agent existed */
};

struct robots {
	struct robots_rule *rules;
	size_t n_rules;
	long delay_ms;
	bool deny_all;
	char **sitemaps;
	size_t n_sitemaps;
};

static const char robots_deny_text[] = "Disallow: / (robots.txt could not be fetched)";

static void
robots_set_release(struct robots_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].pattern);
		free(s->v[i].text);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

void
robots_free(struct robots *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n_rules; i++) {
		free(r->rules[i].pattern);
		free(r->rules[i].text);
	}
	for (size_t i = 0; i < r->n_sitemaps; i++)
		free(r->sitemaps[i]);
	free(r->rules);
	free(r->sitemaps);
	free(r);
}

struct robots *
robots_allow_all(void)
{
	struct robots *r = xcalloc(1, sizeof *r);

	r->delay_ms = -1;
	return r;
}

struct robots *
robots_deny_all(void)
{
	struct robots *r = robots_allow_all();

	r->deny_all = true;
	return r;
}

static int
robots_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool
robots_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* A pattern or a path spelt as url.c spells paths (RFC 9309 2.2.2): %XX
 * of unreserved characters decoded, other escapes upper case, raw
 * non-ASCII bytes, controls and spaces escaped, so "/caf%c3%a9" and
 * "/caf\xc3\xa9" match the same URLs while "/" and "%2F" stay distinct.
 * In a pattern '*' is the wildcard and a final '$' the end anchor; any
 * other '$', and '*' and '$' in a path, are spelt %24 and %2A, so a rule
 * can name them literally as the RFC's "/path/foo-%24" (2.2.3). */
static char *
robots_normalise(const char *s, size_t n, bool pattern)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	int bad = 0;

	buf_init(&b, ROBOTS_ESCAPED_MAX(n));
	for (size_t i = 0; i < n && bad == 0; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi = -1, lo = -1;

		if (c == '%' && i + 2 < n) {
			hi = robots_hexval((unsigned char)s[i + 1]);
			lo = robots_hexval((unsigned char)s[i + 2]);
		}
		if (c == '%' && hi >= 0 && lo >= 0) {
			int v = hi * 16 + lo;

			if (robots_unreserved(v))
				bad = buf_putc(&b, (char)v);
			else
				bad = buf_printf(&b, "%%%c%c", hex[hi], hex[lo]);
			i += 2;
		} else if (c == '%') {
			bad = buf_puts(&b, "%25");
		} else if ((c == '*' && !pattern) || (c == '$' && (!pattern || i + 1 < n)) ||
		           c <= 0x20 || c >= 0x7f || strchr("<>\"{}|\\^`", c)) {
			bad = buf_printf(&b, "%%%c%c", hex[c >> 4], hex[c & 15]);
		} else {
			bad = buf_putc(&b, (char)c);
		}
	}
	if (bad != 0) {   /* cannot be: no byte becomes more than three */
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void
robots_set_add(struct robots_set *s, bool allow, const char *val, size_t n, int line)
{
	struct robots_rule *r;

	char *pattern = robots_normalise(val, n, true);

	if (pattern == NULL)
		return;
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	r = &s->v[s->n++];
	r->allow = allow;
	r->pattern = pattern;
	r->len = strlen(r->pattern);
	r->line = line;
	r->text = xasprintf("%s: %.*s", allow ? "Allow" : "Disallow", (int)n, val);
}

/* The product token of a user agent string: letters, digits, '_' and '-'
 * up to the first other character ("clinicdex" of "clinicdex/0.1 (+url)"). */
static size_t
robots_token_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
		i++;
	return i;
}

/* Whether the value of a "User-agent:" line names our token (case folded). */
static bool
robots_agent_is(const char *val, size_t n, const char *token, size_t tlen)
{
	size_t vlen = robots_token_len(val, n);

	return tlen > 0 && vlen == tlen && strncasecmp(val, token, tlen) == 0;
}

/* Case-insensitive field name compare. */
static bool
robots_field_is(const char *f, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(f, name, n) == 0;
}

/* Whether field f is one of names ("a|b|c"): a record and the misspellings
 * of it that real files carry (RFC 9309 2.2.4 allows the leniency). */
static bool
robots_field_in(const char *f, size_t n, const char *names)
{
	const char *p = names;

	for (;;) {
		size_t k = strcspn(p, "|");

		if (k == n && strncasecmp(f, p, n) == 0)
			return true;
		if (p[k] == '\0')
			return false;
		p += k + 1;
	}
}

#define ROBOTS_UA_FIELDS "user-agent|useragent|user agent|user_agent"
#define ROBOTS_ALLOW_FIELDS "allow"
#define ROBOTS_DISALLOW_FIELDS "disallow|dissallow|dissalow|disalow|diasllow|disallaw"
#define ROBOTS_SITEMAP_FIELDS "sitemap|site-map"

static bool
robots_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Parses "1", "2.5", " 10 " into milliseconds; -1 when not a number. */
static long
robots_parse_delay(const char *s, size_t n)
{
	char tmp[32], *end = NULL;
	double d;

	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	d = strtod(tmp, &end);
	if (end == tmp || *end != '\0' || !(d >= 0) || d > 86400)
		return -1;
	return (long)(d * 1000.0 + 0.5);
}

struct robots *
robots_parse(const char *body, size_t len, const char *agent)
{
	struct robots *r = robots_allow_all();
	struct robots_set ours = { NULL, 0, -1, false }, star = { NULL, 0, -1, false };
	struct robots_set *pick;
	const char *token = agent ? agent : "clinicdex";
	size_t tlen = robots_token_len(token, strlen(token));
	const char *p = body, *end;
	int lineno = 0;
	/* the group being read: does it apply to us, to "*"; did rules start */
	bool g_ours = false, g_star = false, in_rules = true;

	if (body == NULL)
		return r;
	if (len > ROBOTS_MAX_BYTES)
		len = ROBOTS_MAX_BYTES;
	end = body + len;
	/* a UTF-8 byte order mark is not part of the first line */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = p, *f, *fe, *v, *ve, *colon;
		size_t flen, vlen;

		while (eol < end && *eol != '\n' && *eol != '\r')
			eol++;
		lineno++;
		f = p;
		/* next line: "\r\n" counts once */
		p = eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n' ? eol + 2 : eol + 1;
		ve = memchr(f, '#', (size_t)(eol - f));
		if (ve == NULL)
			ve = eol;
		colon = memchr(f, ':', (size_t)(ve - f));
		if (colon == NULL)
			continue;
		while (f < colon && robots_is_space(*f))
			f++;
		fe = colon;
		while (fe > f && robots_is_space(fe[-1]))
			fe--;
		v = colon + 1;
		while (v < ve && robots_is_space(*v))
			v++;
		while (ve > v && robots_is_space(ve[-1]))
			ve--;
		flen = (size_t)(fe - f);
		vlen = (size_t)(ve - v);

		if (robots_field_in(f, flen, ROBOTS_UA_FIELDS)) {
			if (in_rules) {  /* a user-agent after rules starts a new group */
				g_ours = g_star = false;
				in_rules = false;
			}
			if (vlen >= 1 && v[0] == '*' && robots_token_len(v + 1, vlen - 1) == 0)
				g_star = star.seen = true;
			else if (robots_agent_is(v, vlen, token, tlen))
				g_ours = ours.seen = true;
		} else if (robots_field_in(f, flen, ROBOTS_ALLOW_FIELDS) ||
		           robots_field_in(f, flen, ROBOTS_DISALLOW_FIELDS)) {
			bool allow = robots_field_in(f, flen, ROBOTS_ALLOW_FIELDS);

			in_rules = true;
			/* an empty value says nothing. Every other rule counts, however
			 * long (RFC 9309 2.3.1.5: only the 500 KiB cap above limits
			 * them; matching is linear in the rule) */
			if (vlen == 0)
				continue;
			if (g_ours)
				robots_set_add(&ours, allow, v, vlen, lineno);
			if (g_star)
				robots_set_add(&star, allow, v, vlen, lineno);
		} else if (robots_field_is(f, flen, "crawl-delay")) {
			long ms = robots_parse_delay(v, vlen);

			in_rules = true;
			if (ms >= 0 && g_ours && ours.delay_ms < ms)
				ours.delay_ms = ms;
			if (ms >= 0 && g_star && star.delay_ms < ms)
				star.delay_ms = ms;
		} else if (robots_field_in(f, flen, ROBOTS_SITEMAP_FIELDS)) {
			/* not part of any group */
			if (vlen > 0 && r->n_sitemaps < ROBOTS_MAX_SITEMAPS) {
				r->sitemaps = xreallocarray(r->sitemaps, r->n_sitemaps + 1,
				                            sizeof *r->sitemaps);
				r->sitemaps[r->n_sitemaps++] = xstrndup(v, vlen);
			}
		}
		/* other fields (Host, Clean-param, ...) are ignored */
	}
	pick = ours.seen ? &ours : &star;
	r->rules = pick->v;
	r->n_rules = pick->n;
	r->delay_ms = pick->delay_ms;
	pick->v = NULL; /* transferred */
	pick->n = 0;
	robots_set_release(&ours);
	robots_set_release(&star);
	return r;
}

/* Whether pattern (with '*' for any run and a final '$' for the end)
 * matches the start of s. Segments between stars are found leftmost, which
 * is exact for '*'-only globs and keeps the work linear. */
static bool
robots_match(const char *pat, const char *s)
{
	size_t plen = strlen(pat), slen = strlen(s), pos = 0;
	bool anchored = plen > 0 && pat[plen - 1] == '$';
	const char *seg = pat, *pend;
	bool first = true;

	if (anchored)
		plen--;
	pend = pat + plen;
	for (;;) {
		const char *star = memchr(seg, '*', (size_t)(pend - seg));
		size_t n = (size_t)((star ? star : pend) - seg);
		bool last = star == NULL;

		if (first) {
			if (n > slen || memcmp(s, seg, n) != 0)
				return false;
			if (last)
				return !anchored || n == slen;
			pos = n;
			first = false;
		} else if (last && anchored) {
			/* the final segment must end the string */
			return slen - pos >= n && memcmp(s + slen - n, seg, n) == 0;
		} else if (n > 0) {
			const char *hit = memmem(s + pos, slen - pos, seg, n);

			if (hit == NULL)
				return false;
			pos = (size_t)(hit - s) + n;
		}
		if (last)
			return true;
		seg = star + 1;
	}
}

bool
robots_allowed(const struct robots *r, const char *path_query, int *line, const char **rule)
{
	const struct robots_rule *best = NULL;
	char *path = NULL;

	if (line)
		*line = 0;
	if (rule)
		*rule = NULL;
	if (r == NULL || path_query == NULL)
		return false;
	if (r->deny_all) {
		if (rule)
			*rule = robots_deny_text;
		return false;
	}
	/* RFC 9309 2.2.2: /robots.txt itself is always allowed */
	if (strcmp(path_query, "/robots.txt") == 0)
		return true;
	if ((path = robots_normalise(path_query, strlen(path_query), false)) == NULL)
		return false;
	for (size_t i = 0; i < r->n_rules; i++) {
		const struct robots_rule *c = &r->rules[i];

		if (!robots_match(c->pattern, path))
			continue;
		if (best == NULL || c->len > best->len || (c->len == best->len && c->allow && !best->allow))
			best = c;
	}
	free(path);
	if (best == NULL)
		return true;
	if (line)
		*line = best->line;
	if (rule)
		*rule = best->text;
	return best->allow;
}

long
robots_crawl_delay_ms(const struct robots *r)
{
	return r ? r->delay_ms : -1;
}

size_t
robots_sitemap_count(const struct robots *r)
{
	return r ? r->n_sitemaps : 0;
}

const char *
robots_sitemap(const struct robots *r, size_t i)
{
	return r && i < r->n_sitemaps ? r->sitemaps[i] : NULL;
}
