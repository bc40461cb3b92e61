/* fuzz_sitemap.c: libFuzzer target for sitemaps: the input is a sitemap
 * body, plain XML or gzip; the first byte picks the URL cap so the count
 * limit is exercised too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "crawler/sitemap.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sitemap sm;
	size_t max_urls = size > 0 ? (size_t)data[0] % 8 + 1 : 1;

	/* 1..8 URLs, or the protocol's 50,000 for inputs starting with a '<' */
	if (size > 0 && data[0] == '<')
		max_urls = SITEMAP_MAX_URLS;
	sitemap_parse((const char *)data, size, 1 << 20, max_urls, &sm);
	for (size_t i = 0; i < sm.n; i++)
		if (sm.locs[i] == NULL || strlen(sm.locs[i]) == 0)
			abort();
	if (sm.n > max_urls)
		abort();
	sitemap_release(&sm);
	return 0;
}
