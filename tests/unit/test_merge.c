/* test_merge.c: index_merge when SQLite fails part-way. Every read the
 * merge makes is made to fail in turn (a progress handler interrupts the
 * N-th VM step taken while a read-only statement runs): each time either
 * nothing is merged and an error says so, or the merge is whole; never a
 * merge that succeeds with rows cut short. */
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
#include "common/buf.h"
#include "common/facts.h"
#include "common/xalloc.h"
#include "index/index.h"
#include "index/merge.h"
#include "tests/unit/db_fixture.h"

/* What a merge must carry, table by table (same order in two databases
 * merged alike, so rows compare without ORDER BY). */
static const char *const merged_tables[] = {
	"sites", "frontier", "bodies", "pages", "clinics", "locations", "practitioners",
	"practitioner_pages", "claims", "roles", "registry_imports", "licenses", "npi_providers",
	"npi_taxonomies", "leie", "fda_decisions", "clinic_fts_content", NULL,
};

static char *
db_image(struct index *idx)
{
	struct buf b;

	buf_init(&b, 16u << 20);
	for (const char *const *t = merged_tables; *t; t++) {
		char *sql = xasprintf("SELECT * FROM main.\"%s\"", *t);
		sqlite3_stmt *st = NULL;
		int rc;

		assert_int_equal(sqlite3_prepare_v2(index_db(idx), sql, -1, &st, NULL), SQLITE_OK);
		buf_printf(&b, "[%s]\n", *t);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const unsigned char *v = sqlite3_column_text(st, c);
				buf_printf(&b, "%s|", v ? (const char *)v : "NULL");
			}
			buf_printf(&b, "\n");
		}
		assert_int_equal(rc, SQLITE_DONE);
		sqlite3_finalize(st);
		free(sql);
	}
	return buf_detach(&b);
}

/* A shard with one clinic, its page and facts, and registry snapshots. */
static char *
make_source(const char *dir)
{
	struct cd_error err = { 0, "" };
	struct index *idx = NULL;
	struct index_page p = { 0 };
	struct page_facts f;
	int64_t site = 0, page = 0;
	char *path = xasprintf("%s/src.db", dir);
	int maria;

	assert_int_equal(index_open(path, &idx, &err), 0);
	assert_int_equal(index_site_ensure(idx, "https://glow.test", NULL, &site, &err), 0);
	p.url = p.final_url = "https://glow.test/team";
	p.status = 200;
	p.content_type = "text/html";
	p.fetched_at = 1700000000;
	p.body = "<p>Maria Lopez, MD</p>";
	p.body_len = strlen(p.body);
	assert_int_equal(index_page_store(idx, site, &p, &page, &err), 0);
	page_facts_init(&f);
	f.clinic_name = xstrdup("Glow Med Spa");
	f.clinic_name_rank = FACT_NAME_TITLE;
	f.clinic_phone = xstrdup("+15125550100");
	maria = page_facts_add_practitioner(&f, "Maria Lopez", "Board-certified dermatologist");
	page_facts_add_claim(&f, "credential", "md", maria, "Maria Lopez, MD");
	page_facts_add_claim(&f, "service", "neurotoxin", -1, "We offer Botox.");
	assert_int_equal(index_facts_replace(idx, site, page, &f, &err), 0);
	page_facts_release(&f);
	assert_int_equal(sqlite3_exec(index_db(idx),
		"UPDATE claims SET status = 'consistent', reason = 'NPI 1234567893' WHERE code = 'md';"
		"INSERT INTO registry_imports (kind, label, source, imported_at, rows_read, rows_kept)"
		" VALUES ('nppes', 'nppes', 'npi.csv', 1700000000, 1, 1);"
		"INSERT INTO npi_providers VALUES (7, '1234567893', 1, 'LOPEZ', 'MARIA', '', 'MD', '',"
		" '1 Main St', 'AUSTIN', 'TX', '78701', NULL, NULL, 'maria', 'lopez');"
		"INSERT INTO npi_taxonomies VALUES (7, '207N00000X', 1, 'M1234', 'TX');"
		"INSERT INTO registry_imports (kind, label, state, source, imported_at)"
		" VALUES ('licenses', 'tx', 'TX', 'tx.csv', 1700000000);"
		"INSERT INTO licenses (list_id, state, name, first_key, last_key, license)"
		" VALUES (last_insert_rowid(), 'TX', 'LOPEZ, MARIA', 'maria', 'lopez', 'E1');",
		NULL, NULL, NULL), SQLITE_OK);
	index_close(idx);
	return path;
}

struct fault {
	long target;   /* interrupt the target-th read step; 0: never */
	long seen;     /* read steps seen */
	bool fired;
};

struct fault_ctx {
	struct fault f;
	sqlite3 *db;
};

static int
fault_on_reads(void *arg)
{
	struct fault_ctx *fc = arg;
	sqlite3_stmt *s = NULL;
	bool reading = false;

	if (fc->f.fired)
		return 0;
	/* reads: not BEGIN/COMMIT, which SQLite counts as read-only too */
	for (s = sqlite3_next_stmt(fc->db, NULL); s != NULL; s = sqlite3_next_stmt(fc->db, s)) {
		const char *sql = sqlite3_sql(s);

		if (sql != NULL && sqlite3_stmt_busy(s) && sqlite3_stmt_readonly(s) &&
		    (strncmp(sql, "SELECT", 6) == 0 || strncmp(sql, "PRAGMA", 6) == 0))
			reading = true;
	}
	if (!reading)
		return 0;
	if (++fc->f.seen == fc->f.target) {
		fc->f.fired = true;
		return 1;
	}
	return 0;
}

static void
test_merge_reads_fail_cleanly(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct index_merge_stats stats = { 0, 0, 0 };
	struct index *ref = NULL;
	char *src = make_source(fx->dir), *ref_path = xasprintf("%s/ref.db", fx->dir);
	char *want = NULL, *empty = db_image(fx->idx);
	long target, faults = 0;

	assert_int_equal(index_open(ref_path, &ref, &err), 0);
	assert_int_equal(index_merge(ref, src, &stats, &err), 0);
	want = db_image(ref);
	index_close(ref);
	assert_non_null(strstr(want, "LOPEZ, MARIA"));
	assert_non_null(strstr(want, "NPI 1234567893"));

	/* each try is a whole merge: no need to wait for the disk */
	assert_int_equal(sqlite3_exec(index_db(fx->idx), "PRAGMA synchronous = OFF", NULL, NULL,
	                              NULL), SQLITE_OK);
	/* every third step: a loop over rows takes several, so none is missed */
	for (target = 1;; target += 3) {
		struct fault_ctx fc = { { target, 0, false }, index_db(fx->idx) };
		char *got = NULL;
		int rc;

		memset(&err, 0, sizeof err);
		sqlite3_progress_handler(fc.db, 1, fault_on_reads, &fc);
		rc = index_merge(fx->idx, src, &stats, &err);
		sqlite3_progress_handler(fc.db, 0, NULL, NULL);
		/* the clean-up after a failure may itself have been cut */
		sqlite3_exec(fc.db, "DETACH DATABASE src", NULL, NULL, NULL);
		got = db_image(fx->idx);
		if (rc != 0) {
			assert_true(fc.f.fired);
			assert_true(err.msg[0] != '\0');
			if (strcmp(got, empty) != 0)
				fail_msg("read step %ld failed: merge %d (%s) left rows behind", target,
				         rc, err.msg);
			faults++;
		} else {
			if (strcmp(got, want) != 0)
				fail_msg("read step %ld failed, yet the merge succeeded with other rows",
				         target);
			free(got);
			if (!fc.f.fired)
				break;
			/* whole: start again from an empty database */
			assert_int_equal(sqlite3_exec(fc.db,
				"DELETE FROM claims; DELETE FROM practitioner_pages; DELETE FROM practitioners;"
				"DELETE FROM roles; DELETE FROM locations; DELETE FROM clinics;"
				"DELETE FROM pages; DELETE FROM bodies; DELETE FROM frontier; DELETE FROM sites;"
				"DELETE FROM licenses; DELETE FROM registry_imports; DELETE FROM npi_taxonomies;"
				"DELETE FROM npi_providers; DELETE FROM clinic_fts;", NULL, NULL, NULL),
				SQLITE_OK);
			continue;
		}
		free(got);
	}
	/* the sweep did reach the merge's reads */
	assert_true(faults > 10);
	free(want);
	free(empty);
	free(src);
	free(ref_path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge_reads_fail_cleanly, fixture_setup,
		                                fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
