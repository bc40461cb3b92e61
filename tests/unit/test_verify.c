/* test_verify.c: verification (registry/verify.c) against a directory
 * built in a fresh database per test. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "common/xalloc.h"
#include "index/internal.h"
#include "registry/exclusion.h"
#include "registry/verify.h"
#include "tests/unit/db_fixture.h"

#define N_PEOPLE 6

/* One clinic in Austin with N_PEOPLE practitioners, two credential
 * claims each, and two claims of the clinic's own. */
static void
load_clinic(struct index *idx)
{
	struct cd_error err = { 0, "" };
	struct index_page p = { 0 };
	struct page_facts f;
	struct fact_location l = { 0 };
	int64_t site = 0, page = 0;

	assert_int_equal(index_site_ensure(idx, "https://glow.test", NULL, &site, &err), 0);
	p.url = p.final_url = p.body = "https://glow.test/team";
	p.body_len = strlen(p.body);
	p.status = 200;
	p.content_type = "text/html";
	p.fetched_at = 1700000000;
	assert_int_equal(index_page_store(idx, site, &p, &page, &err), 0);
	page_facts_init(&f);
	f.clinic_name = xstrdup("Glow Team");
	f.clinic_name_rank = FACT_NAME_TITLE;
	for (int i = 0; i < N_PEOPLE; i++) {
		char name[64], ev[96];
		int who = 0;

		snprintf(name, sizeof name, "Maria Lopez%c", 'a' + i);
		who = page_facts_add_practitioner(&f, name, NULL);
		snprintf(ev, sizeof ev, "%s, MD", name);
		page_facts_add_claim(&f, "credential", "md", who, ev);
		snprintf(ev, sizeof ev, "%s, board certified dermatologist", name);
		page_facts_add_claim(&f, "credential", "board-dermatology", who, ev);
	}
	page_facts_add_claim(&f, "credential", "board-dermatology", -1, "Our board-certified team");
	page_facts_add_claim(&f, "credential", "fda-cleared-device", -1, "FDA-approved SkinPen");
	l.street = xstrdup("1200 Congress Ave");
	l.city = xstrdup("Austin");
	l.state = xstrdup("TX");
	l.zip = xstrdup("78701");
	l.evidence = xstrdup("1200 Congress Ave, Austin, TX 78701");
	assert_true(page_facts_add_location(&f, &l) >= 0);
	assert_int_equal(index_facts_replace(idx, site, page, &f, &err), 0);
	page_facts_release(&f);
}

struct interrupt {
	long ops, at;
	bool fired;
};

/* Interrupts the statement running at the at-th call, once. */
static int
interrupt_once(void *arg)
{
	struct interrupt *in = arg;

	if (++in->ops == in->at) {
		in->fired = true;
		return 1;
	}
	return 0;
}

/* A read that fails in the middle of a walk over practitioners or claims
 * is an error of the whole verify, never a shorter list: verify that
 * says it succeeded has judged every credential claim (each has a
 * reason). The failure is made with the progress handler at every point
 * of the run in turn. */
static void
test_verify_read_error_mid_walk(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct verify_report rep;
	long failed = 0;

	load_clinic(fx->idx);
	for (long at = 1;; at++) {
		struct interrupt in = { 0, at, false };
		int rc = 0;

		assert_int_equal(sqlite3_exec(fx->idx->db, "UPDATE claims SET status = 'unchecked',"
		                              " reason = NULL", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_progress_handler(fx->idx->db, 1, interrupt_once, &in);
		rc = index_verify(fx->idx, NULL, 0, "2026-01-01", &rep, &err);
		sqlite3_progress_handler(fx->idx->db, 0, NULL, NULL);
		if (rc != 0) {
			failed++;
			if (!in.fired)
				fail_msg("verify failed uninterrupted at %ld: %s", at, err.msg);
			continue;
		}
		if (fixture_sql_int(fx->idx, "SELECT count(*) FROM claims WHERE kind = 'credential'"
		                             " AND reason IS NULL") != 0)
			fail_msg("an interruption at step %ld left claims unjudged, and verify said it "
			         "succeeded", at);
		if (!in.fired)
			break;   /* the run went through whole: every point was tried */
	}
	assert_true(failed > 0);
	assert_int_equal(rep.claims, 2 * N_PEOPLE + 2);
}

/* One LEIE record, of the clinic's first practitioner (Maria Lopeza, TX). */
static void
load_leie(struct fixture *fx)
{
	static const char file[] =
		"\"LASTNAME\",\"FIRSTNAME\",\"MIDNAME\",\"BUSNAME\",\"GENERAL\",\"SPECIALTY\",\"UPIN\","
		"\"NPI\",\"DOB\",\"ADDRESS\",\"CITY\",\"STATE\",\"ZIP\",\"EXCLTYPE\",\"EXCLDATE\","
		"\"REINDATE\",\"WAIVERDATE\",\"WVRSTATE\"\r\n"
		"\"LOPEZA\",\"MARIA\",\"\",\"\",\"PHYSICIAN\",\"\",\"\",\"0000000000\",\"19700312\","
		"\"1 MAIN ST\",\"AUSTIN\",\"TX\",\"78701\",\"1128a1\",\"20200319\",\"00000000\","
		"\"00000000\",\"\"\r\n";
	struct cd_error err = { 0, "" };
	struct registry_leie_result res;
	FILE *fp = fmemopen((void *)file, sizeof file - 1, "r");

	assert_non_null(fp);
	memset(&res, 0, sizeof res);
	assert_int_equal(index_leie_import(fx->idx, fp, "leie.csv", "2026-01-01", &res, &err), 0);
	fclose(fp);
}

/* With an exclusion list loaded, a verify that says it succeeded has
 * matched every practitioner against it: a read that fails anywhere (the
 * look-up of whether a list is loaded included) fails the command rather
 * than leaving the excluded practitioner unmarked. */
static void
test_verify_leie_read_error(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct verify_report rep;
	long failed = 0;

	load_clinic(fx->idx);
	load_leie(fx);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners"
	                                          " WHERE exclusion IS NOT NULL"), 1);
	for (long at = 1;; at++) {
		struct interrupt in = { 0, at, false };
		int rc = 0;

		assert_int_equal(sqlite3_exec(fx->idx->db, "UPDATE practitioners SET exclusion = NULL,"
		                              " exclusion_note = NULL", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_progress_handler(fx->idx->db, 1, interrupt_once, &in);
		rc = index_verify(fx->idx, NULL, 0, "2026-01-01", &rep, &err);
		sqlite3_progress_handler(fx->idx->db, 0, NULL, NULL);
		if (rc != 0) {
			failed++;
			if (!in.fired)
				fail_msg("verify failed uninterrupted at %ld: %s", at, err.msg);
			continue;
		}
		if (fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners"
		                             " WHERE exclusion IS NOT NULL") != 1)
			fail_msg("an interruption at step %ld left the excluded practitioner unmarked,"
			         " and verify said it succeeded", at);
		if (!in.fired)
			break;   /* the run went through whole: every point was tried */
	}
	assert_true(failed > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_verify_read_error_mid_walk, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_verify_leie_read_error, fixture_setup,
		                                fixture_teardown),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
