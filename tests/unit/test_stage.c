/* test_stage.c: the import every registry shares (registry_stage_import),
 * through each format: a good file replaces the snapshot; a file cut
 * short, or one with no row to keep, is refused and leaves the snapshot
 * loaded before, its record and no staging table behind. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "registry/devices.h"
#include "registry/exclusion.h"
#include "registry/registry.h"
#include "tests/unit/db_fixture.h"

struct format {
	const char *name;
	const char *header, *row1, *row2;   /* row2 is cut short for the bad file */
	const char *rows_sql;               /* the snapshot's size */
	const char *none_kept;              /* the error's words for a file of no use */
	int (*import)(struct index *idx, FILE *fp, const char *name, struct cd_error *err);
};

static int
import_nppes(struct index *idx, FILE *fp, const char *name, struct cd_error *err)
{
	struct registry_nppes_result res;

	return index_nppes_import(idx, fp, name, NULL, NULL, NULL, &res, err);
}

static int
import_licenses(struct index *idx, FILE *fp, const char *name, struct cd_error *err)
{
	struct licenses_map *m = NULL;
	struct licenses_report rep;
	int64_t kept = 0;
	int rc = 0;

	assert_int_equal(licenses_map_parse("license=License,name=Name", &m, err), 0);
	rc = index_licenses_import(idx, fp, name, "TX", "tx-test", NULL, m, &rep, &kept, err);
	licenses_map_free(m);
	return rc;
}

static int
import_leie(struct index *idx, FILE *fp, const char *name, struct cd_error *err)
{
	struct registry_leie_result res;

	return index_leie_import(idx, fp, name, "2026-01-01", &res, err);
}

static int
import_fda(struct index *idx, FILE *fp, const char *name, struct cd_error *err)
{
	struct registry_fda_result res;

	return index_fda_import(idx, fp, name, &res, err);
}

static const struct format formats[] = {
	{ "nppes",
	  "NPI,Entity Type Code,Provider Last Name (Legal Name),Provider First Name,"
	  "Provider Middle Name,Provider Credential Text,"
	  "Provider Organization Name (Legal Business Name),"
	  "Provider First Line Business Practice Location Address,"
	  "Provider Business Practice Location Address City Name,"
	  "Provider Business Practice Location Address State Name,"
	  "Provider Business Practice Location Address Postal Code,"
	  "NPI Deactivation Date,NPI Reactivation Date,Healthcare Provider Taxonomy Code_1,"
	  "Provider License Number_1,Provider License Number State Code_1,"
	  "Healthcare Provider Primary Taxonomy Switch_1\r\n",
	  "1234567890,1,LOPEZ,MARIA,,MD,,1 MAIN ST,AUSTIN,TX,78701,,,207N00000X,L1,TX,Y\r\n",
	  "1234567891,1,PARK,LENA,,MD,,2 MAIN ST,AUSTIN,TX,78701,,,207N00000X,L2,TX,Y\r\n",
	  "SELECT count(*) FROM npi_providers", "no provider with a taxonomy starting",
	  import_nppes },
	{ "licenses", "License,Name,Type\n", "E1,\"PARK, LENA\",Esthetician\n",
	  "E2,Priya Shah,Esthetician\n", "SELECT count(*) FROM licenses", "no usable licence",
	  import_licenses },
	{ "leie",
	  "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,STATE,"
	  "ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE\r\n",
	  "LOPEZ,MARIA,,,PHYSICIAN,,,0000000000,19700312,1 MAIN ST,AUSTIN,TX,78701,1128a1,"
	  "20200319,00000000,00000000,\r\n",
	  "PARK,LENA,,,NURSE,,,0000000000,19700312,2 MAIN ST,AUSTIN,TX,78701,1128b4,"
	  "20210319,00000000,00000000,\r\n",
	  "SELECT count(*) FROM leie", "no usable LEIE record", import_leie },
	{ "fda", "KNUMBER|APPLICANT|DECISIONDATE|DECISION|PRODUCTCODE|TYPE|DEVICENAME\r\n",
	  "K132616|CYNOSURE, INC.|11/20/2013|SESE|GEX|Traditional|PICOSURE WORKSTATION\r\n",
	  "K161234|AESTHETICS BIOMEDICAL|05/05/2016|SESE|GEI|Traditional|VIVACE\r\n",
	  "SELECT count(*) FROM fda_decisions", "no usable FDA decision", import_fda },
};

/* Imports text as file name; returns what the import returned. */
static int
import_text(const struct format *f, struct index *idx, const char *text, const char *name,
            struct cd_error *err)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc = 0;

	assert_non_null(fp);
	cd_error_clear(err);
	rc = f->import(idx, fp, name, err);
	fclose(fp);
	return rc;
}

/* The snapshot and its record as the good import left them. */
static void
assert_kept(const struct format *f, struct index *idx, int64_t rows)
{
	if (fixture_sql_int(idx, f->rows_sql) != rows)
		fail_msg("%s: the snapshot has %lld rows, not %lld", f->name,
		         (long long)fixture_sql_int(idx, f->rows_sql), (long long)rows);
	assert_int_equal(fixture_sql_int(idx, "SELECT count(*) FROM registry_imports"
	                                      " WHERE source = 'good.csv'"), 1);
	assert_int_equal(fixture_sql_int(idx, "SELECT count(*) FROM registry_imports"), 1);
	assert_int_equal(fixture_sql_int(idx, "SELECT count(*) FROM sqlite_master"
	                                      " WHERE name LIKE '%\\_new' ESCAPE '\\'"), 0);
}

static void
test_stage_each_format(void **state)
{
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		const struct format *f = &formats[i];
		struct cd_error err = { 0, "" };
		char good[2048], cut[2048], none[2048];
		size_t n = 0;

		assert_int_equal(sqlite3_exec(index_db(fx->idx), "DELETE FROM registry_imports;"
		                              "DELETE FROM npi_providers; DELETE FROM npi_taxonomies;"
		                              "DELETE FROM leie; DELETE FROM licenses;"
		                              "DELETE FROM fda_decisions;"
		                              /* a killed import's staging table: dropped */
		                              "CREATE TABLE leie_new (x); CREATE TABLE fda_new (x);"
		                              "CREATE TABLE licenses_new (x);"
		                              "CREATE TABLE npi_providers_new (x);",
		                              NULL, NULL, NULL), SQLITE_OK);
		snprintf(good, sizeof good, "%s%s%s", f->header, f->row1, f->row2);
		if (import_text(f, fx->idx, good, "good.csv", &err) != 0)
			fail_msg("%s: %s", f->name, err.msg);
		sqlite3_exec(index_db(fx->idx), "DROP TABLE IF EXISTS leie_new;"
		             "DROP TABLE IF EXISTS fda_new; DROP TABLE IF EXISTS licenses_new;"
		             "DROP TABLE IF EXISTS npi_providers_new;", NULL, NULL, NULL);
		assert_kept(f, fx->idx, 2);

		/* the second row cut in its middle, without its line end */
		n = (size_t)snprintf(cut, sizeof cut, "%s%s%s", f->header, f->row1, f->row1);
		memcpy(cut + strlen(f->header) + strlen(f->row1), f->row2, strlen(f->row2) / 2);
		cut[strlen(f->header) + strlen(f->row1) + strlen(f->row2) / 2] = '\0';
		(void)n;
		assert_int_equal(import_text(f, fx->idx, cut, "cut.csv", &err), CD_EPARSE);
		if (strstr(err.msg, "cut.csv: line ") == NULL || strstr(err.msg, "cut short?") == NULL ||
		    strstr(err.msg, "(nothing was replaced)") == NULL)
			fail_msg("%s: %s", f->name, err.msg);
		assert_kept(f, fx->idx, 2);

		/* a header and no row: nothing to keep */
		snprintf(none, sizeof none, "%s", f->header);
		assert_int_equal(import_text(f, fx->idx, none, "none.csv", &err), CD_EPARSE);
		if (strstr(err.msg, f->none_kept) == NULL ||
		    strstr(err.msg, "in 0 rows: nothing was replaced") == NULL)
			fail_msg("%s: %s", f->name, err.msg);
		assert_kept(f, fx->idx, 2);

		/* another good file replaces the first whole */
		snprintf(good, sizeof good, "%s%s", f->header, f->row2);
		if (import_text(f, fx->idx, good, "good.csv", &err) != 0)
			fail_msg("%s: %s", f->name, err.msg);
		assert_kept(f, fx->idx, 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stage_each_format, fixture_setup,
		                                fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
