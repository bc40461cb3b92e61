/* fuzz_robots.c: libFuzzer target for robots.txt: the first bytes up to a
 * NUL are the path asked about, the rest is the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "crawler/robots.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, '\0', size);
	char path[512] = "/";
	const char *body = (const char *)data;
	size_t len = size;
	struct robots *r;
	const char *rule = NULL;
	int line = 0;

	if (nul && (size_t)(nul - (const char *)data) < sizeof path - 1) {
		memcpy(path, data, (size_t)(nul - (const char *)data));
		path[nul - (const char *)data] = '\0';
		body = nul + 1;
		len = size - (size_t)(body - (const char *)data);
	}
	r = robots_parse(body, len, "clinicdex/0.1 (+https://example.test)");
	robots_allowed(r, path, &line, &rule);
	robots_crawl_delay_ms(r);
	for (size_t i = 0; i < robots_sitemap_count(r); i++)
		(void)robots_sitemap(r, i);
	robots_free(r);
	return 0;
}
