/* sitekey.c: the one host -> site key rule (see sitekey.h). */
#include <stdlib.h>
#include <string.h>
#include "common/sitekey.h"
#include "common/text.h"
#include "common/xalloc.h"

/* The host part of s: after "://" when there is one, up to a port, path,
 * query or fragment; an IPv6 literal up to its ']'. */
static char *
sitekey_host_part(const char *s)
{
	const char *p = strstr(s, "://"), *end = NULL;

	p = p ? p + 3 : s;
	if (*p == '[') {
		end = strchr(p, ']');
		end = end ? end + 1 : p + strlen(p);
	} else {
		end = p + strcspn(p, ":/?#");
	}
	return xstrndup(p, (size_t)(end - p));
}

char *
sitekey_host(const char *s)
{
	char *host = sitekey_host_part(s), *ascii = NULL;
	size_t n = 0;

	/* "MÜNCHEN-derma.test" is the site crawled as its "xn--" form */
	if ((ascii = text_host_ascii(host)) != NULL) {
		free(host);
		host = ascii;
	} else {
		for (char *c = host; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	}
	/* "glow.test." is the fully qualified spelling of "glow.test" */
	n = strlen(host);
	if (n > 0 && host[n - 1] == '.')
		host[n - 1] = '\0';
	if (strncmp(host, "www.", 4) == 0 && host[4] != '\0')
		memmove(host, host + 4, strlen(host + 4) + 1);
	return host;
}
