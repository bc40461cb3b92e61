/* fuzz_url.c: libFuzzer target for URL handling: the input split at the
 * first newline is a base URL and a reference found in a page. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "common/xalloc.h"
#include "crawler/url.h"

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
	free(s);
	return 0;
}
