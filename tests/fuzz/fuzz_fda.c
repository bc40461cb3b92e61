/* fuzz_fda.c: libFuzzer target for the FDA 510(k)/De Novo reader and the
 * brand finder. The input's first byte chooses: the file as given, or
 * after the real header (so rows get past the header check). Every row
 * handed on is checked against the reader's promises (bounded UTF-8 made
 * from latin-1, a K or DEN number, an ISO date), and the input looked
 * through for a device of rules.json's verify.devices ($CLINICDEX_RULES,
 * else data/rules.json from the source tree). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/text.h"
#include "registry/fda.h"
#include "registry/verify_rules.h"

static struct verify_rules *rules;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *p = getenv("CLINICDEX_RULES");
	struct cd_error err = { 0, "" };

	(void)argc;
	(void)argv;
	/* without the table the brand finder is left out, not the reader */
	if (verify_rules_load(p != NULL && p[0] ? p : "data/rules.json", &rules, &err) != 0)
		rules = NULL;
	return 0;
}

static const char header[] =
	"KNUMBER|APPLICANT|CONTACT|STREET1|STREET2|CITY|STATE|COUNTRY_CODE|ZIP|POSTAL_CODE|"
	"DATERECEIVED|DECISIONDATE|DECISION|REVIEWADVISECOMM|PRODUCTCODE|STATEORSUMM|"
	"CLASSADVISECOMM|SSPINDICATOR|TYPE|THIRDPARTY|EXPEDITEDREVIEW|DEVICENAME\r\n";

static void
check(const char *s)
{
	if (s == NULL || strlen(s) > FDA_MAX_FIELD || !text_utf8_valid(s, strlen(s)))
		abort();
}

static int
decision(const struct fda_row *r, void *arg)
{
	(void)arg;
	if (r->line < 2 || (r->number[0] != 'K' && strncmp(r->number, "DEN", 3) != 0) ||
	    strlen(r->decision_date) != 10)
		abort();
	check(r->applicant);
	check(r->decision);
	check(r->product_code);
	check(r->device_name);
	(void)verify_rules_device_in(rules, r->device_name);
	(void)fda_decision_clears(r->decision);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fda_report rep;
	struct cd_error err = { 0, "" };
	struct buf b = BUF_INIT;

	if (size == 0)
		return 0;
	buf_init(&b, 0);
	if (data[0] % 2 == 1)
		buf_puts(&b, header);
	buf_append(&b, data + 1, size - 1);
	fda_read_mem(buf_str(&b), b.len, "fuzz", decision, NULL, &rep, &err);
	if (rep.malformed > rep.rows || rep.n_notes > FDA_MAX_NOTES)
		abort();
	(void)verify_rules_device_in(rules, buf_str(&b));
	buf_release(&b);
	return 0;
}
