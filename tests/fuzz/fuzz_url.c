/* fuzz_url.c: libFuzzer target for URL handling: the input split at the
 * first newline is a base URL and a reference found in a page. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "common/xalloc.h"
#include "crawler/url.h"

static void
same(const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		abort();
}

/* A link parsed once (struct url_link) holds what the string functions
 * give for the same base and reference. */
static void
fuzz_link(const char *base, const char *ref)
{
	char *abs = url_resolve(base, ref), *want = abs ? url_clean(abs) : NULL;
	char *key = want ? url_site_key(want) : NULL;
	struct url_link l, site;

	if (url_link_resolve(&l, base, ref, URL_LINK_CLEAN) != 0) {
		if (key != NULL)   /* no link: no URL, or one that is no site */
			abort();
	} else {
		char *pq = url_path_query(want);

		same(l.url, want);
		same(l.site_key, key);
		same(l.path, pq);
		same(url_normalised_path(l.url), pq);
		if (url_link_parse(&site, base, 0) == 0) {
			/* the site as a URL: a key parsed again may read another host
			 * ("http://2" is 0.0.0.2 to curl, while "2." was not) */
			if (url_link_same_site(&site, &l) != url_same_site(site.url, l.url))
				abort();
			url_link_rehost(&l, &site);
			same(url_normalised_path(l.url), pq);
			url_link_release(&site);
		}
		free(pq);
	}
	free(key);
	url_link_release(&l);
	free(abs);
	free(want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size), *ref, *r;
	char *nl = strchr(s, '\n');

	ref = nl ? nl + 1 : s;
	if (nl)
		*nl = '\0';
	free(url_normalise(s));
	free(url_site_key(s));
	free(url_host(s));
	free(url_path_query(s));
	free(url_from_seed(s));
	r = url_resolve(s, ref);
	if (r) {
		char *again = url_normalise(r);

		/* normalising is idempotent: a normalised URL stays the same */
		if (again == NULL || strcmp(again, r) != 0)
			abort();
		free(again);
		(void)url_same_site("http://fuzz.test", r);
		free(r);
	}
	fuzz_link(s, ref);
	free(s);
	return 0;
}
