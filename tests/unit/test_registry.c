/* test_registry.c: name keys, and the NPPES and licence readers on small
 * files in memory: header by name, quoting, malformed and truncated rows;
 * the LEIE reader on rows in OIG's format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/buf.h"
#include "registry/licenses.h"
#include "common/orgkey.h"
#include "common/personkey.h"
#include "registry/nppes.h"
#include "registry/leie.h"

static void
test_name_keys(void **state)
{
	char k[PERSONKEY_MAX], first[PERSONKEY_MAX], last[PERSONKEY_MAX];

	(void)state;
	assert_string_equal(personkey_match("Dra. María José GARCÍA-LÓPEZ, MD", k), "maria jose garcia lopez");
	assert_string_equal(personkey_match("O'Brien", k), "obrien");
	assert_string_equal(personkey_match("D\xE2\x80\x99" "Angelo Jr.", k), "dangelo");
	assert_string_equal(personkey_match("Anh Do", k), "anh do");         /* Do is a surname */
	assert_string_equal(personkey_match("Zoë Ibáñez-Ørsted", k), "zoe ibanez orsted");
	assert_string_equal(personkey_match("J. R. R. Smith III", k), "smith");
	/* one table of titles for every reader of names */
	assert_string_equal(personkey_match("Dre Genevi\xC3\xA8ve Lacroix", k), "genevieve lacroix");
	assert_true(personkey_title("DR.", 3) & PERSONKEY_DOCTOR);
	assert_true(personkey_title("Prof.", 5) & PERSONKEY_ABBREV);
	assert_true(personkey_title("III", 3) & PERSONKEY_GENERATION);
	assert_int_equal(personkey_title("Do", 2), 0);
	assert_int_equal(personkey_title("Drew", 4), 0);
	assert_string_equal(personkey_match("", k), "");
	assert_string_equal(personkey_match(NULL, k), "");
	/* hostile: bad UTF-8 and very long input stay bounded */
	assert_true(strlen(personkey_match("\xff\xfe\xc3 \xe2\x80 abc", k)) < PERSONKEY_MAX);
	{
		char big[4096];
		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		assert_true(strlen(personkey_match(big, k)) < PERSONKEY_MAX);
	}
	assert_true(personkey_split("Maria J. Lopez", first, last));
	assert_string_equal(first, "maria");
	assert_string_equal(last, "lopez");
	assert_true(personkey_split("Lucía Méndez Ruiz", first, last));
	assert_string_equal(last, "mendez ruiz");
	assert_false(personkey_split("Madonna", first, last));
	assert_true(personkey_surname_match("garcia lopez", "lopez"));
	assert_true(personkey_surname_match("cruz", "de la cruz"));
	assert_false(personkey_surname_match("lopezz", "lopez"));
	assert_false(personkey_surname_match("", "lopez"));
}

/* A business as a clinic's site names it and as the LEIE's BUSNAME does:
 * legal forms, "and"/"&" and spacing aside; house numbers. */
static void
test_org_keys(void **state)
{
	char a[ORGKEY_MAX], b[ORGKEY_MAX], n[16];

	(void)state;
	assert_string_equal(orgkey_name("Hudson Skin & Laser", a),
	                    orgkey_name("HUDSON SKIN AND LASER, PLLC", b));
	assert_string_equal(orgkey_name("Bluebonnet Med Spa", a), "bluebonnetmedspa");
	assert_string_equal(orgkey_name("BLUEBONNET MEDSPA LLC", b), "bluebonnetmedspa");
	assert_string_equal(orgkey_name("Riverwalk Plastic Surgery, P.A.", a),
	                    "riverwalkplasticsurgery");
	assert_string_equal(orgkey_name("A B C Skin L.L.C.", a), "abcskin");
	assert_string_equal(orgkey_name("Café Éclat Inc.", a), "cafeeclat");
	assert_string_equal(orgkey_name("The Co.", a), "");
	assert_string_equal(orgkey_name(NULL, a), "");
	assert_string_not_equal(orgkey_name("Lumina Dermatology", a),
	                        orgkey_name("Lumina Skin Center", b));
	assert_true(orgkey_street_number("1200 W 38TH ST", n));
	assert_string_equal(n, "1200");
	assert_true(orgkey_street_number("  88-10 Queens Blvd", n));
	assert_string_equal(n, "88-10");
	assert_false(orgkey_street_number("One Main Plaza", n));
	assert_false(orgkey_street_number(NULL, n));
}

/* The two person keys differ on purpose (common/personkey.h): the store
 * key, stored as practitioners.name_key in every directory already
 * written, keeps accents and titles the extractor already took off; the
 * match key, meeting site and registry spellings, folds them. Both drop
 * middle initials and punctuation. */
static void
test_person_keys_differ_on_purpose(void **state)
{
	char m1[PERSONKEY_MAX], m2[PERSONKEY_MAX];
	char *s1 = personkey_store("María  López-Díaz"), *s2 = personkey_store("Maria Lopez-Diaz");
	char *s3 = personkey_store("Julian R. Marchbanks"), *s4 = personkey_store("Julian Marchbanks");

	(void)state;
	/* one site spelling a person two ways is two practitioners, as in
	 * every directory written so far */
	assert_string_equal(s1, "maría lópez díaz");
	assert_string_equal(s2, "maria lopez diaz");
	assert_string_not_equal(s1, s2);
	/* ... while a registry's ASCII spelling meets either */
	assert_string_equal(personkey_match("María  López-Díaz", m1),
	                    personkey_match("MARIA LOPEZ DIAZ", m2));
	/* a middle initial is dropped by both */
	assert_string_equal(s3, s4);
	assert_string_equal(personkey_match("Julian R. Marchbanks", m1),
	                    personkey_match("Julian Marchbanks", m2));
	free(s1);
	free(s2);
	free(s3);
	free(s4);
}

/* A 6-column file with the NPPES column names that matter, in another
 * order than the real file: columns are found by name. */
static const char header[] =
	"\xEF\xBB\xBF\"Provider Last Name (Legal Name)\",\"NPI\",\"Entity Type Code\","
	"\"Provider First Name\",\"Provider Middle Name\",\"Provider Credential Text\","
	"\"Provider Organization Name (Legal Business Name)\","
	"\"Provider First Line Business Practice Location Address\","
	"\"Provider Business Practice Location Address City Name\","
	"\"Provider Business Practice Location Address State Name\","
	"\"Provider Business Practice Location Address Postal Code\","
	"\"NPI Deactivation Date\",\"NPI Reactivation Date\","
	"\"Healthcare Provider Taxonomy Code_1\",\"Provider License Number_1\","
	"\"Provider License Number State Code_1\",\"Healthcare Provider Primary Taxonomy Switch_1\","
	"\"Healthcare Provider Taxonomy Code_2\",\"Provider License Number_2\","
	"\"Provider License Number State Code_2\",\"Healthcare Provider Primary Taxonomy Switch_2\"\r\n";

struct seen {
	char names[16][64];
	int64_t lines[16];
	char codes[16][32];
	char deact[16][11];
	int n;
};

static int
remember(const struct nppes_row *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 16) {
		snprintf(s->names[s->n], 64, "%s|%s|%s", r->last, r->first, r->city);
		s->lines[s->n] = r->line;
		snprintf(s->codes[s->n], 32, "%s%s%s", r->n_tax > 0 ? r->tax[0].code : "",
		         r->n_tax > 1 ? "+" : "", r->n_tax > 1 ? r->tax[1].code : "");
		snprintf(s->deact[s->n], 11, "%s", r->deactivated);
		s->n++;
	}
	return 0;
}

static struct cd_error read_err;   /* what the last read_nppes said */

static void
read_nppes(const char *body, struct seen *s, struct nppes_report *rep, int expect_rc)
{
	struct buf b = BUF_INIT;
	struct cd_error *err = &read_err;

	memset(s, 0, sizeof *s);
	buf_init(&b, 0);
	buf_puts(&b, header);
	buf_puts(&b, body);
	cd_error_clear(err);
	assert_int_equal(nppes_read_mem(buf_str(&b), b.len, "t.csv", NULL, remember, s, rep, err),
	                 expect_rc);
	buf_release(&b);
}

static void
test_nppes_rows(void **state)
{
	struct seen s;
	struct nppes_report rep;

	(void)state;
	read_nppes(
	    /* line 2: quotes, a comma and a line break inside quoted fields */
	    "\"O\"\"BRIEN\",\"1234567893\",\"1\",\"WILLIAM \"\"BILL\"\"\",\"\",\"M.D., FAAD\",\"\","
	    "\"1 MAIN ST\nSUITE 2\",\"AUSTIN\",\"TX\",\"787012345\",\"\",\"\",\"207N00000X\",\"M1\","
	    "\"TX\",\"Y\",\"363L00000X\",\"\",\"\",\"N\"\r\n"
	    /* line 4: too few fields */
	    "\"SHORT\",\"1234567893\"\r\n"
	    /* line 5: a deactivated NPI, and a date in the wrong form on line 6 */
	    "\"LEE\",\"1993999998\",\"1\",\"ANN\",\"\",\"\",\"\",\"\",\"MIAMI\",\"FL\",\"33129\","
	    "\"05/01/2023\",\"\",\"163W00000X\",\"\",\"\",\"Y\",\"\",\"\",\"\",\"\"\r\n"
	    "\"ROE\",\"1993999999\",\"1\",\"JO\",\"\",\"\",\"\",\"\",\"MIAMI\",\"FL\",\"33129\","
	    "\"31/12/2023\",\"\",\"163W00000X\",\"\",\"\",\"Y\",\"\",\"\",\"\",\"\"\r\n"
	    /* line 7: an NPI that is not ten digits */
	    "\"ZED\",\"12345\",\"1\",\"Z\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
	    "\"\",\"\",\"\",\"\",\"\"\r\n",
	    &s, &rep, 0);
	assert_int_equal(rep.rows, 5);
	assert_int_equal(rep.malformed, 3);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "O\"BRIEN|WILLIAM \"BILL\"|AUSTIN");
	assert_int_equal(s.lines[0], 2);
	assert_string_equal(s.codes[0], "207N00000X+363L00000X");
	assert_int_equal(s.lines[1], 5);
	assert_string_equal(s.deact[1], "2023-05-01");
	assert_int_equal(rep.n_notes, 3);
	assert_string_equal(rep.notes[0], "line 4: 2 fields, the header has 21");
	assert_string_equal(rep.notes[1], "line 6: a date is not MM/DD/YYYY");
	assert_non_null(strstr(rep.notes[2], "line 7: NPI \"12345\""));
}

static void
test_nppes_truncated_and_foreign(void **state)
{
	struct seen s;
	struct nppes_report rep;
	struct cd_error err = { 0, "" };
	static const char foreign[] = "\"name\",\"npi\"\r\n\"x\",\"1\"\r\n";

	(void)state;
	/* the file ends inside a quoted field: cut short, an error */
	read_nppes("\"LEE\",\"1993999998\",\"1\",\"ANN\",\"\",\"\",\"\",\"\",\"MIA", &s, &rep,
	           CD_EPARSE);
	assert_int_equal(s.n, 0);
	assert_non_null(strstr(read_err.msg, "t.csv: line 2: the file ends inside a quoted field"));
	/* ... or between fields of its last row, without a line end */
	read_nppes("\"LEE\",\"1993999998\",\"1\",\"ANN\"", &s, &rep, CD_EPARSE);
	assert_non_null(strstr(read_err.msg, "t.csv: line 2: the file ends in the middle of a row "
	                       "(4 of "));
	/* the same short row with its line end is one malformed row, no more */
	read_nppes("\"LEE\",\"1993999998\",\"1\",\"ANN\"\r\n", &s, &rep, 0);
	assert_int_equal(rep.malformed, 1);
	assert_non_null(strstr(rep.notes[0], "line 2: 4 fields, the header has"));
	assert_int_equal(nppes_read_mem(foreign, strlen(foreign), "f.csv", NULL, remember, &s, &rep,
	                                &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "f.csv: not an NPPES NPI file: no column \"Entity Type Code\""));
	assert_int_equal(nppes_read_mem("", 0, "e.csv", NULL, remember, &s, &rep, &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "empty"));
}

/* What the progress callback saw: bytes read at each call. */
struct progress_seen {
	int64_t bytes[8];
	int n;
};

static void
progress_cb(const struct nppes_report *rep, void *arg)
{
	struct progress_seen *p = arg;

	if (p->n < 8)
		p->bytes[p->n++] = rep->bytes;
}

static int
ignore_row(const struct nppes_row *r, void *arg)
{
	(void)r;
	(void)arg;
	return 0;
}

/* Progress reports the bytes read so far, not 0 until the end: the CLI
 * shows them against the file's size. */
static void
test_nppes_progress_bytes(void **state)
{
	struct buf b = BUF_INIT;
	struct nppes_report rep;
	struct progress_seen p = { .n = 0 };
	struct cd_error err = { 0, "" };
	FILE *fp = NULL;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, header);
	for (int i = 0; i < 70000; i++)   /* past the first report, at 65,536 rows */
		buf_puts(&b, "\"LEE\",\"1993999998\",\"1\"\r\n");
	fp = fmemopen(b.data, b.len, "r");
	assert_non_null(fp);
	assert_int_equal(nppes_read(fp, "big.csv", NULL, ignore_row, progress_cb, &p, &rep, &err), 0);
	fclose(fp);
	assert_int_equal(p.n, 2);           /* at 65,536 rows and at the end */
	assert_true(p.bytes[0] > (int64_t)(b.len / 2));
	assert_true(p.bytes[0] < (int64_t)b.len);
	assert_int_equal(p.bytes[1], (int64_t)b.len);
	buf_release(&b);
}

struct lseen {
	char rows[8][160];
	int n;
};

static int
lremember(const struct license_row *r, void *arg)
{
	struct lseen *s = arg;

	if (s->n < 8)
		snprintf(s->rows[s->n++], 160, "%s|%s|%s|%s|%s", r->name, r->license, r->type,
		         r->status, r->expires);
	return 0;
}

static void
test_licenses(void **state)
{
	static const char file[] =
		"License Number,Licensee Name,License Type,Status,Expires\n"
		"E1,\"PARK, LENA\",Esthetician,Active,07/31/2030\n"
		"E2,Priya Shah,Esthetician,Expired,2021-01-31\n"
		"E3,\"SMITH, JO\",Esthetician,Active,never\n"
		"E4,\"ONE\",Esthetician,Active,\n"
		"E5,too,many,fields,here,x\n";
	struct licenses_map *m = NULL;
	struct licenses_report rep;
	struct cd_error err = { 0, "" };
	struct lseen s = { .n = 0 };

	(void)state;
	assert_int_equal(licenses_map_parse("license=License Number,name=2,type=License Type,"
	                                    "status=status,expires=EXPIRES", &m, &err), 0);
	assert_int_equal(licenses_read_mem(file, strlen(file), "l.csv", m, lremember, &s, &rep, &err), 0);
	assert_int_equal(rep.rows, 5);
	assert_int_equal(rep.malformed, 3);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rows[0], "LENA PARK|E1|Esthetician|Active|2030-07-31");
	assert_string_equal(s.rows[1], "Priya Shah|E2|Esthetician|Expired|2021-01-31");
	licenses_map_free(m);
	assert_int_equal(licenses_map_parse("name=A", &m, &err), CD_EINVAL);
	assert_non_null(strstr(err.msg, "license=COLUMN is required"));
	assert_int_equal(licenses_map_parse("license=A,color=B", &m, &err), CD_EINVAL);
	assert_non_null(strstr(err.msg, "unknown key \"color\""));
	assert_int_equal(licenses_map_parse("license=A,first=B", &m, &err), CD_EINVAL);
	assert_int_equal(licenses_map_parse("license=9,name=1", &m, &err), 0);
	assert_int_equal(licenses_read_mem(file, strlen(file), "l.csv", m, lremember, &s, &rep, &err),
	                 CD_EPARSE);
	assert_non_null(strstr(err.msg, "license=9: the file has 5 columns"));
	licenses_map_free(m);
	/* a list cut short: inside quotes, or mid-row without a line end */
	assert_int_equal(licenses_map_parse("license=1,name=2", &m, &err), 0);
	assert_int_equal(licenses_read_mem(file, strlen(file) - 8, "l.csv", m, lremember, &s, &rep,
	                                   &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "l.csv: line 6: the file ends in the middle of a row"));
	assert_int_equal(licenses_read_mem(file, 70, "l.csv", m, lremember, &s, &rep, &err),
	                 CD_EPARSE);
	assert_non_null(strstr(err.msg, "l.csv: line 2: the file ends inside a quoted field"));
	licenses_map_free(m);
}

/* ---- LEIE ---- */

#define LEIE_HEADER "\"LASTNAME\",\"FIRSTNAME\",\"MIDNAME\",\"BUSNAME\",\"GENERAL\"," \
	"\"SPECIALTY\",\"UPIN\",\"NPI\",\"DOB\",\"ADDRESS\",\"CITY\",\"STATE\",\"ZIP\"," \
	"\"EXCLTYPE\",\"EXCLDATE\",\"REINDATE\",\"WAIVERDATE\",\"WVRSTATE\"\r\n"

static int
leie_keep(const struct leie_row *r, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%lld|%s|%s|%s|%s|%s|%s|%s|%s\n", (long long)r->line, r->last, r->first,
	           r->business, r->npi, r->state, r->excltype, r->excldate, r->reindate);
	return 0;
}

static void
test_leie_rows(void **state)
{
	static const char file[] = LEIE_HEADER
		"\"LOPEZ\",\"MARIA\",\"E\",\"\",\"PHYSICIAN\",\"\",\"\",\"1234567893\","
		"\"19700312\",\"1 OCEAN DR\",\"MIAMI\",\"FL\",\"33139\",\"1128a1\",\"20200319\","
		"\"00000000\",\"00000000\",\"\"\r\n"
		"\"\",\"\",\"\",\"GLOW \"\"MED\"\" SPA LLC \",\"BUSINESS\",\"\",\"\",\"0000000000\","
		"\"00000000\",\"2 MAIN ST\",\"AUSTIN\",\"TX\",\"78701\",\"1128b7\",\"20110504\","
		"\"20150101\",\"00000000\",\"\"\r\n"
		"\"BAD\",\"DATE\",\"\",\"\",\"\",\"\",\"\",\"0000000000\",\"00000000\",\"\",\"\","
		"\"TX\",\"\",\"1128a1\",\"2020-03-19\",\"00000000\",\"00000000\",\"\"\r\n";
	struct leie_report rep;
	struct cd_error err = { 0, "" };
	struct buf b = BUF_INIT;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(leie_read_mem(file, sizeof file - 1, "t", leie_keep, &b, &rep, &err), 0);
	/* dates as YYYY-MM-DD, 00000000 and 0000000000 as none, quotes undone */
	assert_string_equal(buf_str(&b),
	                    "2|LOPEZ|MARIA||1234567893|FL|1128a1|2020-03-19|\n"
	                    "3|||GLOW \"MED\" SPA LLC||TX|1128b7|2011-05-04|2015-01-01\n");
	assert_int_equal(rep.rows, 3);
	assert_int_equal(rep.malformed, 1);
	assert_string_equal(rep.notes[0], "line 4: EXCLDATE \"2020-03-19\" is not a date YYYYMMDD");
	assert_string_equal(leie_type_words("1128a1"), "conviction of program-related crimes");
	assert_null(leie_type_words("9999"));
	buf_release(&b);
}

static void
test_leie_cut_and_foreign(void **state)
{
	static const char cut[] = LEIE_HEADER "\"LOPEZ\",\"MARIA\",\"E\",\"\",\"PHYS";
	static const char foreign[] = "\"LASTNAME\",\"FIRSTNAME\"\r\n\"A\",\"B\"\r\n";
	struct leie_report rep;
	struct cd_error err = { 0, "" };
	struct buf b = BUF_INIT;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(leie_read_mem(cut, sizeof cut - 1, "t", leie_keep, &b, &rep, &err),
	                 CD_EPARSE);
	assert_non_null(strstr(err.msg, "line 2"));
	assert_int_equal(leie_read_mem(foreign, sizeof foreign - 1, "t", leie_keep, &b, &rep, &err),
	                 CD_EPARSE);
	assert_non_null(strstr(err.msg, "no column \"MIDNAME\""));
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_keys),
		cmocka_unit_test(test_org_keys),
		cmocka_unit_test(test_person_keys_differ_on_purpose),
		cmocka_unit_test(test_nppes_rows),
		cmocka_unit_test(test_nppes_truncated_and_foreign),
		cmocka_unit_test(test_nppes_progress_bytes),
		cmocka_unit_test(test_licenses),
		cmocka_unit_test(test_leie_rows),
		cmocka_unit_test(test_leie_cut_and_foreign),
	};
	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
