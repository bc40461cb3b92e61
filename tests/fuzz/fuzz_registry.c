/* fuzz_registry.c: libFuzzer target for the registry readers. The input's
 * first byte chooses: an NPPES file as given, or after the real header
 * (so rows get past the header check), or a licence list; every row handed
 * on is checked against the reader's promises, and its names keyed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common/buf.h"
#include "common/text.h"
#include "registry/licenses.h"
#include "common/personkey.h"
#include "registry/nppes.h"

/* The first four columns of the real header, then the ones the reader
 * needs: the reader finds them by name wherever they are. */
static const char header[] =
	"\"NPI\",\"Entity Type Code\",\"Replacement NPI\",\"Provider Last Name (Legal Name)\","
	"\"Provider First Name\",\"Provider Middle Name\",\"Provider Credential Text\","
	"\"Provider Organization Name (Legal Business Name)\","
	"\"Provider First Line Business Practice Location Address\","
	"\"Provider Business Practice Location Address City Name\","
	"\"Provider Business Practice Location Address State Name\","
	"\"Provider Business Practice Location Address Postal Code\","
	"\"NPI Deactivation Date\",\"NPI Reactivation Date\","
	"\"Healthcare Provider Taxonomy Code_1\",\"Provider License Number_1\","
	"\"Provider License Number State Code_1\","
	"\"Healthcare Provider Primary Taxonomy Switch_1\"\r\n";

static void
check(const char *s, size_t max)
{
	char key[PERSONKEY_MAX];

	if (s == NULL || strlen(s) > max || !text_utf8_valid(s, strlen(s)))
		abort();
	if (strlen(personkey_match(s, key)) >= PERSONKEY_MAX)
		abort();
}

static int
provider(const struct nppes_row *r, void *arg)
{
	(void)arg;
	if (strlen(r->npi) != 10 || r->n_tax > NPPES_MAX_TAXONOMIES || r->line < 2)
		abort();
	check(r->last, NPPES_MAX_FIELD);
	check(r->first, NPPES_MAX_FIELD);
	check(r->credential, NPPES_MAX_FIELD);
	check(r->city, NPPES_MAX_FIELD);
	if (r->deactivated[0] != '\0' && strlen(r->deactivated) != 10)
		abort();
	for (int t = 0; t < r->n_tax; t++)
		check(r->tax[t].code, NPPES_MAX_FIELD);
	return 0;
}

static bool
keep(const char *const *codes, int n, void *arg)
{
	(void)arg;
	return n == 0 || codes[0][0] != 'X';
}

static int
license(const struct license_row *r, void *arg)
{
	(void)arg;
	check(r->name, 2 * LICENSES_MAX_FIELD + 1);
	check(r->license, LICENSES_MAX_FIELD);
	if (r->expires[0] != '\0' && strlen(r->expires) != 10)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nppes_report rep;
	struct licenses_report lrep;
	struct licenses_map *map = NULL;
	struct cd_error err = { 0, "" };
	struct buf b = BUF_INIT;

	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		nppes_read_mem((const char *)data + 1, size - 1, "fuzz", keep, provider, NULL, &rep, &err);
		break;
	case 1:
		buf_init(&b, 0);
		buf_puts(&b, header);
		buf_append(&b, data + 1, size - 1);
		nppes_read_mem(buf_str(&b), b.len, "fuzz", keep, provider, NULL, &rep, &err);
		if (rep.malformed > rep.rows + 1 || rep.n_notes > NPPES_MAX_NOTES)
			abort();
		buf_release(&b);
		break;
	default:
		if (licenses_map_parse("name=2,license=1,type=3,status=4,expires=5", &map,
		                       &err) != 0)
			abort();
		licenses_read_mem((const char *)data + 1, size - 1, "fuzz", map, license, NULL, &lrep,
		                  &err);
		licenses_map_free(map);
		break;
	}
	return 0;
}
