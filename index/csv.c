/* csv.c: RFC 4180 CSV fields and records, with formula-looking cells made
 * inert by a leading apostrophe (OWASP's CSV injection advice, spaces
 * before the formula character included); a plain negative number such as
 * a longitude is left alone. Text leaves as text_for_export makes it. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "common/text.h"
#include "common/xalloc.h"
#include "index/csv.h"

/* "-97.7431", "-3": a minus, digits, optionally a point and digits. */
static bool
csv_is_negative_number(const char *s)
{
	const char *p = s + 1;

	if (s[0] != '-' || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '\0';
}

static bool
csv_needs_apostrophe(const char *s)
{
	/* some spreadsheets trim leading spaces before they look for '=' */
	while (*s == ' ')
		s++;
	switch (s[0]) {
	case '=':
	case '+':
	case '@':
	case '\t':
	case '\r':
		return true;
	case '-':
		return !csv_is_negative_number(s);
	default:
		return false;
	}
}

char *
csv_neutralise(const char *s)
{
	if (s == NULL)
		return xstrdup("");
	if (csv_needs_apostrophe(s))
		return xasprintf("'%s", s);
	return xstrdup(s);
}

/* Writes s, quoted when needed, already neutralised. */
static int
csv_write_quoted(FILE *out, const char *s)
{
	const char *p = NULL;

	if (strpbrk(s, ",\"\r\n") == NULL)
		return fputs(s, out) == EOF ? -1 : 0;
	if (putc('"', out) == EOF)
		return -1;
	for (p = s; *p; p++) {
		if (*p == '"' && putc('"', out) == EOF)
			return -1;
		if (putc(*p, out) == EOF)
			return -1;
	}
	return putc('"', out) == EOF ? -1 : 0;
}

int
csv_write_field(FILE *out, const char *s)
{
	char *clean = NULL;
	int rc;

	if (s == NULL || s[0] == '\0')
		return 0;
	/* whatever reached the database (a registry file, an older version)
	 * leaves as valid UTF-8 without control bytes */
	if ((clean = text_for_export(s)) != NULL)
		s = clean;
	if (csv_needs_apostrophe(s)) {
		char *safe = csv_neutralise(s);

		rc = csv_write_quoted(out, safe);
		free(safe);
	} else {
		rc = csv_write_quoted(out, s);
	}
	free(clean);
	return rc;
}

int
csv_write_record(FILE *out, const char *const *fields, size_t n)
{
	size_t i = 0;

	for (i = 0; i < n; i++) {
		if (i > 0 && putc(',', out) == EOF)
			return -1;
		if (csv_write_field(out, fields[i]) != 0)
			return -1;
	}
	if (fputs("\r\n", out) == EOF || ferror(out))
		return -1;
	return 0;
}
