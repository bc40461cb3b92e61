/* test_devices.c: FDA device claims judged against decisions imported
 * into a fresh database: every status and its reason. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "registry/devices.h"
#include "tests/unit/db_fixture.h"

static const char pmn[] =
	"KNUMBER|APPLICANT|CONTACT|STREET1|STREET2|CITY|STATE|COUNTRY_CODE|ZIP|POSTAL_CODE|"
	"DATERECEIVED|DECISIONDATE|DECISION|REVIEWADVISECOMM|PRODUCTCODE|STATEORSUMM|"
	"CLASSADVISECOMM|SSPINDICATOR|TYPE|THIRDPARTY|EXPEDITEDREVIEW|DEVICENAME\r\n"
	"K132616|CYNOSURE, INC.|A|B||WESTFORD|MA|US|01886||08/22/2013|11/20/2013|SESE|SU|GEX|"
	"Summary|SU||Traditional|N||PICOSURE WORKSTATION\r\n"
	"K161234|AESTHETICS BIOMEDICAL|A|B||PHOENIX|AZ|US|85001||01/04/2016|05/05/2016|SENE|SU|GEI|"
	"Summary|SU||Traditional|N||VIVACE RF MICRONEEDLING\r\n";

static void
judged(struct index *idx, const char *sentence, enum claim_status want, const char *words)
{
	struct cd_error err = { 0, "" };
	enum claim_status st = CLAIM_UNCHECKED;
	char why[512];

	assert_int_equal(registry_fda_judge(idx, sentence, &st, why, sizeof why, &err), 0);
	if (st != want || strstr(why, words) == NULL)
		fail_msg("\"%s\": %s: %s", sentence, claim_status_name(st), why);
}

static void
test_fda_statuses(void **state)
{
	struct fixture *fx = *state;
	struct registry_fda_result res;
	struct cd_error err = { 0, "" };
	FILE *fp = fmemopen((void *)pmn, sizeof pmn - 1, "r");
	bool loaded = true;

	assert_non_null(fp);
	assert_int_equal(registry_fda_loaded(fx->idx, &loaded, &err), 0);
	assert_false(loaded);
	assert_int_equal(index_fda_import(fx->idx, fp, "pmn.txt", &res, &err), 0);
	fclose(fp);
	assert_int_equal(res.kept, 2);
	assert_int_equal(registry_fda_loaded(fx->idx, &loaded, &err), 0);
	assert_true(loaded);
	judged(fx->idx, "Tattoos fade with our FDA-cleared PicoSure laser.", CLAIM_CONSISTENT,
	       "device PicoSure: FDA clearance 510(k) K132616, decided 2013-11-20 (SESE), "
	       "product code GEX, CYNOSURE, INC.: \"PICOSURE WORKSTATION\"");
	judged(fx->idx, "the FDA approved PICOSURE", CLAIM_CONFLICT, "not approved: 510(k) K132616");
	/* a decision that is not a clearance (SENE) clears nothing */
	judged(fx->idx, "FDA-cleared Vivace RF microneedling", CLAIM_UNMATCHED,
	       "device Vivace: no FDA 510(k) clearance");
	judged(fx->idx, "our FDA-cleared Emsculpt", CLAIM_UNMATCHED, "device Emsculpt");
	judged(fx->idx, "an FDA-cleared laser", CLAIM_UNCHECKED, "names no device");
	/* a brand inside another word is not named */
	judged(fx->idx, "FDA-cleared picosurely", CLAIM_UNCHECKED, "names no device");
}

static int
interrupt_all(void *arg)
{
	(void)arg;
	return 1;
}

/* A read that fails while looking up whether FDA decisions are loaded is
 * an error, not "none loaded" (verify would then leave every device claim
 * unchecked and say it succeeded). */
static void
test_fda_loaded_read_error(void **state)
{
	struct fixture *fx = *state;
	struct registry_fda_result res;
	struct cd_error err = { 0, "" };
	FILE *fp = fmemopen((void *)pmn, sizeof pmn - 1, "r");
	bool loaded = false;

	assert_non_null(fp);
	assert_int_equal(index_fda_import(fx->idx, fp, "pmn.txt", &res, &err), 0);
	fclose(fp);
	sqlite3_progress_handler(index_db(fx->idx), 1, interrupt_all, NULL);
	assert_int_not_equal(registry_fda_loaded(fx->idx, &loaded, &err), 0);
	sqlite3_progress_handler(index_db(fx->idx), 0, NULL, NULL);
	assert_non_null(strstr(err.msg, "FDA"));
	assert_int_equal(registry_fda_loaded(fx->idx, &loaded, &err), 0);
	assert_true(loaded);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fda_statuses, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fda_loaded_read_error, fixture_setup,
		                                fixture_teardown),
	};
	return cmocka_run_group_tests_name("devices", tests, NULL, NULL);
}
