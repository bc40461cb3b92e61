/* fuzz_webparams.c: libFuzzer target for what a web request brings to
 * `clinicdex serve`: the input, split at '&' and '=' as a query string
 * already percent-decoded, goes through the parameter checks; every value
 * is escaped for HTML and a query string, and link-checked, and each
 * output must hold none of the characters its context forbids. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "web/params.h"
#include "web/server.h"
#include "web/web.h"

static struct rules *taxonomy;

static void
check_escapes(const char *v)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_init(&b, 0);
	web_html(&b, v);
	for (i = 0; i < b.len; i++)
		if (strchr("<>\"'", b.data[i]) || (unsigned char)b.data[i] < 0x09)
			abort();
	buf_reset(&b);
	web_url_value(&b, v);
	for (i = 0; i < b.len; i++)
		if (strchr("&=?#<>\"' +", b.data[i]) || (unsigned char)b.data[i] < 0x21 ||
		    (unsigned char)b.data[i] > 0x7e)
			abort();
	buf_release(&b);
	if (web_url_linkable(v) && strncasecmp(v, "http://", 7) != 0 &&
	    strncasecmp(v, "https://", 8) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cd_error err = { 0, "" };
	struct web_params p;
	char *s = xstrndup((const char *)data, size), *save = NULL, *pair, addr[64];
	unsigned port = 0;

	if (taxonomy == NULL && rules_load_codes(getenv("CLINICDEX_RULES") ? getenv("CLINICDEX_RULES")
	                                         : "data/rules.json", &taxonomy, &err) != 0)
		abort();
	(void)web_parse_listen(s, addr, sizeof addr, &port, &err);
	web_params_init(&p, WEB_MAX_LIMIT);
	for (pair = strtok_r(s, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');

		if (eq)
			*eq++ = '\0';
		check_escapes(pair);
		if (eq)
			check_escapes(eq);
		if (web_params_add(&p, pair, eq, &err) != 0)
			goto out;
	}
	if (web_params_check(&p, taxonomy, WEB_PAGE_SIZE, &err) == 0) {
		/* what passed is within its bounds */
		if (p.f.limit < 1 || p.f.limit > WEB_MAX_LIMIT || p.f.offset < 0 ||
		    p.f.offset > WEB_MAX_OFFSET || p.f.n_credentials > WEB_MAX_CODES ||
		    (p.f.text && strlen(p.f.text) > WEB_MAX_VALUE))
			abort();
	}
out:
	web_params_release(&p);
	free(s);
	return 0;
}
