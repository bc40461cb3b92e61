/* fuzz_leie.c: libFuzzer target for the LEIE reader. The input's first
 * byte chooses: the file as given, or after the real header (so rows get
 * past the header check); every row handed on is checked against the
 * reader's promises (bounded UTF-8, dates YYYY-MM-DD or "", an NPI of ten
 * digits or ""), and its names keyed as the importer keys them: people by
 * the person keys, businesses and their house numbers by common/orgkey.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/text.h"
#include "common/orgkey.h"
#include "common/personkey.h"
#include "registry/leie.h"

static const char header[] =
	"\"LASTNAME\",\"FIRSTNAME\",\"MIDNAME\",\"BUSNAME\",\"GENERAL\",\"SPECIALTY\",\"UPIN\","
	"\"NPI\",\"DOB\",\"ADDRESS\",\"CITY\",\"STATE\",\"ZIP\",\"EXCLTYPE\",\"EXCLDATE\","
	"\"REINDATE\",\"WAIVERDATE\",\"WVRSTATE\"\r\n";

static void
check(const char *s)
{
	char key[PERSONKEY_MAX];

	if (s == NULL || strlen(s) > LEIE_MAX_FIELD || !text_utf8_valid(s, strlen(s)))
		abort();
	if (strlen(personkey_match(s, key)) >= PERSONKEY_MAX)
		abort();
}

static void
check_date(const char *d, bool required)
{
	if ((d[0] == '\0' && required) || (d[0] != '\0' && (strlen(d) != 10 || d[4] != '-')))
		abort();
}

static int
record(const struct leie_row *r, void *arg)
{
	(void)arg;
	if (r->line < 2 || (r->npi[0] != '\0' && strspn(r->npi, "0123456789") != 10) ||
	    strlen(r->npi) > 10 || r->excltype[0] == '\0')
		abort();
	check(r->last);
	check(r->first);
	check(r->business);
	check(r->city);
	check(r->state);
	{
		char key[ORGKEY_MAX], num[16];

		if (strlen(orgkey_name(r->business, key)) >= ORGKEY_MAX)
			abort();
		if (orgkey_street_number(r->address, num) != (num[0] != '\0') || strlen(num) > 15)
			abort();
	}
	check_date(r->excldate, true);
	check_date(r->reindate, false);
	check_date(r->waiverdate, false);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct leie_report rep;
	struct cd_error err = { 0, "" };
	struct buf b = BUF_INIT;

	if (size == 0)
		return 0;
	if (data[0] % 2 == 0) {
		leie_read_mem((const char *)data + 1, size - 1, "fuzz", record, NULL, &rep, &err);
	} else {
		buf_init(&b, 0);
		buf_puts(&b, header);
		buf_append(&b, data + 1, size - 1);
		leie_read_mem(buf_str(&b), b.len, "fuzz", record, NULL, &rep, &err);
		buf_release(&b);
	}
	if (rep.malformed > rep.rows || rep.n_notes > LEIE_MAX_NOTES)
		abort();
	return 0;
}
