/* test_devices.c: FDA device claims judged against decisions imported
 * into a fresh database: every status and its reason. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

static struct verify_rules *rules;

/* The device table is rules.json's (verify.devices), as verify reads it. */
static const char *
rules_path(void)
{
	const char *p = getenv("CLINICDEX_RULES");
	return p != NULL && p[0] != '\0' ? p : "data/rules.json";
}

static void
judged(struct index *idx, const char *sentence, enum claim_status want, const char *words)
{
	struct cd_error err = { 0, "" };
	enum claim_status st = CLAIM_UNCHECKED;
	char why[512];

	assert_int_equal(registry_fda_judge(idx, rules, sentence, &st, why, sizeof why, &err), 0);
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

/* The table is data: a device added to rules.json is looked up without
 * recompiling, and a malformed entry is refused naming it. */
static void
test_device_table_is_data(void **state)
{
	struct fixture *fx = *state;
	struct verify_rules *vr = NULL;
	struct registry_fda_result res;
	struct cd_error err = { 0, "" };
	enum claim_status st = CLAIM_UNCHECKED;
	char why[512], path[] = "/tmp/clinicdex-devices-XXXXXX";
	FILE *fp = fmemopen((void *)pmn, sizeof pmn - 1, "r");
	int fd = mkstemp(path);
	static const char json[] = "{\"verify\": {\"devices\": [{\"brand\": \"Pico Genesis\","
		" \"says\": [\"pico genesis\"], \"device_names\": [\"picosure\"]}]}}";

	assert_true(fd >= 0);
	assert_int_equal(write(fd, json, sizeof json - 1), (ssize_t)(sizeof json - 1));
	close(fd);
	assert_int_equal(verify_rules_load(path, &vr, &err), 0);
	assert_non_null(verify_rules_device_in(vr, "our FDA-cleared Pico Genesis"));
	assert_null(verify_rules_device_in(vr, "our FDA-cleared SkinPen"));
	assert_int_equal(index_fda_import(fx->idx, fp, "pmn.txt", &res, &err), 0);
	fclose(fp);
	assert_int_equal(registry_fda_judge(fx->idx, vr, "FDA-cleared Pico Genesis", &st, why,
	                                    sizeof why, &err), 0);
	assert_int_equal(st, CLAIM_CONSISTENT);
	assert_non_null(strstr(why, "device Pico Genesis: FDA clearance 510(k) K132616"));
	verify_rules_free(vr);
	vr = NULL;
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	{
		static const char broken[] = "{\"verify\": {\"devices\": [{\"brand\": \"X\","
			" \"says\": [\"x\"]}]}}";
		assert_int_equal(write(fd, broken, sizeof broken - 1), (ssize_t)(sizeof broken - 1));
	}
	close(fd);
	assert_int_equal(verify_rules_load(path, &vr, &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "verify.devices \"X\": a device needs"));
	unlink(path);
}

/* "Never approved" is data too: rules.json's microneedling class reads as
 * before, and a class added in a rules file is judged without recompiling. */
static void
test_never_approved_is_data(void **state)
{
	struct verify_rules *vr = NULL;
	struct cd_error err = { 0, "" };
	char path[] = "/tmp/clinicdex-never-XXXXXX";
	const char *why = NULL;
	int fd = mkstemp(path);
	static const char json[] = "{\"verify\": {\"never_approved\": [{\"words\":"
		" [\"thread lift\"], \"approved\": [\"approv\"], \"reason\": \"PDO threads are"
		" FDA cleared (510(k)), not approved\"}]}}";

	(void)state;
	why = verify_rules_never_approved(rules, "our FDA-approved microneedling pen");
	assert_non_null(why);
	assert_non_null(strstr(why, "De Novo DEN160029, SkinPen, 21 CFR 878.4430"));
	assert_non_null(verify_rules_never_approved(rules, "FDA approved SKINPEN"));
	assert_null(verify_rules_never_approved(rules, "FDA-cleared microneedling"));
	assert_null(verify_rules_never_approved(rules, "FDA-approved thread lift"));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, json, sizeof json - 1), (ssize_t)(sizeof json - 1));
	close(fd);
	assert_int_equal(verify_rules_load(path, &vr, &err), 0);
	why = verify_rules_never_approved(vr, "Our FDA-Approved Thread Lift");
	assert_non_null(why);
	assert_string_equal(why, "PDO threads are FDA cleared (510(k)), not approved");
	assert_null(verify_rules_never_approved(vr, "FDA-approved microneedling"));
	assert_null(verify_rules_never_approved(vr, "FDA-cleared thread lift"));
	verify_rules_free(vr);
	vr = NULL;
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	{
		static const char broken[] = "{\"verify\": {\"never_approved\": [{\"words\":"
			" [\"thread lift\"], \"approved\": [\"approv\"]}]}}";
		assert_int_equal(write(fd, broken, sizeof broken - 1), (ssize_t)(sizeof broken - 1));
	}
	close(fd);
	assert_int_equal(verify_rules_load(path, &vr, &err), CD_EPARSE);
	assert_non_null(strstr(err.msg, "verify.never_approved \"thread lift\": a class needs"));
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fda_statuses, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fda_loaded_read_error, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_device_table_is_data, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test(test_never_approved_is_data),
	};
	struct cd_error err = { 0, "" };
	int failed = 0;

	if (verify_rules_load(rules_path(), &rules, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	failed = cmocka_run_group_tests_name("devices", tests, NULL, NULL);
	verify_rules_free(rules);
	return failed;
}
