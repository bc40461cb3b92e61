/* fuzz_extract.c: libFuzzer target for the HTML-to-claims path: any bytes
 * as a page, through UTF-8 cleaning, the libxml2 parse, link finding and
 * extraction. The rules come from $CLINICDEX_RULES (default data/rules.json). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/facts.h"
#include "common/text.h"
#include "crawler/html_links.h"
#include "extract/extract.h"
#include "extract/rules.h"

static struct rules *rules;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("CLINICDEX_RULES");
	struct cd_error err;

	(void)argc;
	(void)argv;
	if (rules_load(path ? path : "data/rules.json", &rules, &err) != 0) {
		fprintf(stderr, "fuzz_extract: %s\n", err.msg);
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = text_utf8_clean((const char *)data, size);
	struct html_doc *d = html_parse(text, strlen(text), "http://fuzz.test/team/");
	struct page_facts facts;
	char **links = NULL;
	size_t n = 0, i;

	if (d) {
		page_facts_init(&facts);
		extract_page(rules, d, &facts);
		page_facts_release(&facts);
		html_links(d, &links, &n);
		for (i = 0; i < n; i++)
			free(links[i]);
		free(links);
		free(html_canonical(d));
		html_free(d);
	}
	free(text);
	return 0;
}
