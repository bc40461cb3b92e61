/* test_index.c: the SQLite directory (index/): opening and migrating,
 * sites, frontier, pages, facts, search, export and stats. Every test
 * opens its own database in a fresh temporary directory. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "common/xalloc.h"
#include "index/export.h"
#include "index/facts_jsonl.h"
#include "index/index.h"
#include "index/report.h"
#include "tests/unit/db_fixture.h"
#include "index/query.h"

#define EVIL "x'); DROP TABLE sites;--"


static char *
sql_text(struct index *idx, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(index_db(idx), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* ---- opening ---- */

static void
test_open_sets_schema_and_wal(void **state)
{
	struct fixture *fx = *state;
	char *mode = sql_text(fx->idx, "PRAGMA journal_mode");

	assert_string_equal(mode, "wal");
	free(mode);
	assert_int_equal(fixture_sql_int(fx->idx, "PRAGMA user_version"), INDEX_SCHEMA_VERSION);
	assert_int_equal(fixture_sql_int(fx->idx, "PRAGMA foreign_keys"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
	                                  " AND name IN ('sites', 'frontier', 'pages', 'bodies',"
	                                  " 'clinics', 'locations', 'practitioners',"
	                                  " 'practitioner_pages', 'claims')"),
	                 9);
}

static void
test_reopen_is_idempotent(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	int64_t site = 0, again = 0, tables = 0;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", "https://glow.test/",
	                                   &site, &err), 0);
	tables = fixture_sql_int(fx->idx, "SELECT count(*) FROM sqlite_master");
	index_close(fx->idx);
	fx->idx = NULL;
	assert_int_equal(index_open(fx->path, &fx->idx, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "PRAGMA user_version"), INDEX_SCHEMA_VERSION);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM sqlite_master"), tables);
	assert_int_equal(index_site_find(fx->idx, "glow.test", &again, &err), 0);
	assert_int_equal(again, site);
}

static void
test_newer_schema_refused(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct index *idx = NULL;

	assert_int_equal(sqlite3_exec(index_db(fx->idx), "PRAGMA user_version = 99", NULL, NULL,
	                              NULL), SQLITE_OK);
	index_close(fx->idx);
	fx->idx = NULL;
	assert_int_equal(index_open(fx->path, &idx, &err), CD_EDB);
	assert_null(idx);
	assert_int_equal(err.code, CD_EDB);
	{
		char want[128];

		snprintf(want, sizeof want,
		         "database schema version 99 is newer than this clinicdex (%d)",
		         INDEX_SCHEMA_VERSION);
		assert_non_null(strstr(err.msg, want));
	}
	/* a fresh handle so teardown has something to close */
	{
		char *other = xasprintf("%s/other.db", fx->dir);

		assert_int_equal(index_open(other, &fx->idx, &err), 0);
		free(other);
	}
}

static void
test_not_sqlite_refused(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct index *idx = NULL;
	char *path = xasprintf("%s/notes.db", fx->dir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	for (int i = 0; i < 100; i++)
		fputs("this is a text file, not a database\n", f);
	fclose(f);
	assert_int_equal(index_open(path, &idx, &err), CD_EDB);
	assert_null(idx);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "not a database"));
	free(path);
}

/* ---- sites ---- */

static void
test_sites_and_www_folding(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	int64_t a = 0, b = 0, c = 0, found = 0, evil = 0;
	static const char *const names[] = { "glow.test", "www.glow.test", "https://glow.test",
	                                     "WWW.Glow.Test", "https://www.glow.test/", NULL };
	char *body = NULL;
	int status = -1;
	int64_t when = -1;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", "https://www.glow.test/",
	                                   &a, &err), 0);
	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", "https://glow.test/", &b,
	                                   &err), 0);
	assert_int_equal(a, b);
	assert_int_equal(index_site_ensure(fx->idx, "http://derm.test:8080", NULL, &c, &err), 0);
	assert_true(c != a);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM sites"), 2);
	/* a site is no clinic until a page of it is read */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM clinics"), 0);
	for (size_t i = 0; names[i]; i++) {
		found = 0;
		assert_int_equal(index_site_find(fx->idx, names[i], &found, &err), 0);
		assert_int_equal(found, a);
	}
	assert_int_equal(index_site_find(fx->idx, "derm.test", &found, &err), 0);
	assert_int_equal(found, c);
	assert_int_equal(index_site_find(fx->idx, "http://derm.test:8080", &found, &err), 0);
	assert_int_equal(found, c);
	assert_int_equal(index_site_find(fx->idx, "nowhere.test", &found, &err), CD_ENOTFOUND);
	assert_int_equal(index_site_find(fx->idx, EVIL, &found, &err), CD_ENOTFOUND);

	/* robots.txt: never fetched, then stored */
	assert_int_equal(index_site_get_robots(fx->idx, a, &status, &body, &when, &err), 0);
	assert_int_equal(status, 0);
	assert_null(body);
	assert_int_equal(index_site_set_robots(fx->idx, a, 200, "User-agent: *\nDisallow: " EVIL,
	                                       1700000000, &err), 0);
	assert_int_equal(index_site_get_robots(fx->idx, a, &status, &body, &when, &err), 0);
	assert_int_equal(status, 200);
	assert_string_equal(body, "User-agent: *\nDisallow: " EVIL);
	assert_int_equal(when, 1700000000);
	free(body);
	body = NULL;
	assert_int_equal(index_site_set_robots(fx->idx, c, 404, NULL, 1700000001, &err), 0);
	assert_int_equal(index_site_get_robots(fx->idx, c, &status, &body, &when, &err), 0);
	assert_int_equal(status, 404);
	assert_null(body);

	/* each write to a site by id: its columns stored, an unknown id said */
	assert_int_equal(index_site_set_health(fx->idx, c, 3, "timeouts", &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT failures FROM sites WHERE set_aside ="
	                                 " 'timeouts'"), 3);
	assert_int_equal(index_site_set_crawled(fx->idx, c, 1700000002, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT last_crawled FROM sites WHERE"
	                                 " failures = 3"), 1700000002);
	assert_int_equal(index_site_set_robots(fx->idx, 9999, 200, "", 1, &err), CD_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no site with id 9999"));
	assert_int_equal(index_site_set_health(fx->idx, 9999, 1, NULL, &err), CD_ENOTFOUND);
	assert_int_equal(index_site_set_crawled(fx->idx, 9999, 1, &err), CD_ENOTFOUND);
	{
		int failures = 0;
		char *aside = NULL;

		assert_int_equal(index_site_get_health(fx->idx, c, &failures, &aside, &err), 0);
		assert_int_equal(failures, 3);
		assert_string_equal(aside, "timeouts");
		free(aside);
		aside = NULL;
		assert_int_equal(index_site_get_health(fx->idx, 9999, &failures, &aside, &err),
		                 CD_ENOTFOUND);
		assert_null(aside);
		assert_int_equal(index_site_get_robots(fx->idx, 9999, &status, &body, &when, &err),
		                 CD_ENOTFOUND);
		assert_null(body);
	}

	/* a key that looks like SQL is only data */
	assert_int_equal(index_site_ensure(fx->idx, "https://" EVIL, NULL, &evil, &err), 0);
	assert_int_equal(index_site_find(fx->idx, "https://" EVIL, &found, &err), 0);
	assert_int_equal(found, evil);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM sites"), 3);
}

/* ---- frontier ---- */

static void
test_frontier(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct frontier_item *it = NULL;
	int64_t site = 0, other = 0, n = 0, exclude[1] = { 0 };
	size_t count = 0;
	bool added = false;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", NULL, &site, &err), 0);
	assert_int_equal(index_site_ensure(fx->idx, "https://else.test", NULL, &other, &err), 0);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/", 0, 10, &added,
	                                    &err), 0);
	assert_true(added);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/blog", 1, 0, &added,
	                                    &err), 0);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/team", 1, 50, &added,
	                                    &err), 0);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/?q=" EVIL, 1, 0,
	                                    &added, &err), 0);
	assert_true(added);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/team", 2, 99, &added,
	                                    &err), 0);
	assert_false(added);
	assert_int_equal(index_frontier_add(fx->idx, other, "https://else.test/", 0, 100, &added,
	                                    &err), 0);
	assert_int_equal(index_frontier_count(fx->idx, site, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(index_frontier_pending(fx->idx, &n, &err), 0);
	assert_int_equal(n, 5);

	/* best priority first, then oldest */
	assert_int_equal(index_frontier_next(fx->idx, site, 10, NULL, 0, &it, &count, &err), 0);
	assert_int_equal(count, 4);
	assert_string_equal(it[0].url, "https://glow.test/team");
	assert_int_equal(it[0].depth, 1);
	assert_int_equal(it[0].site_id, site);
	assert_string_equal(it[1].url, "https://glow.test/");
	assert_string_equal(it[2].url, "https://glow.test/blog");
	assert_string_equal(it[3].url, "https://glow.test/?q=" EVIL);
	exclude[0] = it[0].id;
	for (size_t i = 0; i < count; i++)
		free(it[i].url);
	free(it);

	/* in flight is skipped */
	assert_int_equal(index_frontier_next(fx->idx, site, 2, exclude, 1, &it, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_string_equal(it[0].url, "https://glow.test/");
	assert_string_equal(it[1].url, "https://glow.test/blog");
	assert_int_equal(index_frontier_mark(fx->idx, it[0].id, FRONTIER_DONE, NULL, &err), 0);
	assert_int_equal(index_frontier_mark(fx->idx, it[1].id, FRONTIER_SKIPPED, EVIL, &err), 0);
	for (size_t i = 0; i < count; i++)
		free(it[i].url);
	free(it);
	assert_int_equal(index_frontier_mark(fx->idx, exclude[0], FRONTIER_FAILED, "timeout",
	                                     &err), 0);
	assert_int_equal(index_frontier_mark(fx->idx, 999999, FRONTIER_DONE, NULL, &err),
	                 CD_ENOTFOUND);

	assert_int_equal(index_frontier_next(fx->idx, site, 10, NULL, 0, &it, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_string_equal(it[0].url, "https://glow.test/?q=" EVIL);
	free(it[0].url);
	free(it);
	assert_int_equal(index_frontier_pending(fx->idx, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM frontier WHERE reason = '"
	                                  "x''); DROP TABLE sites;--'"), 1);
	assert_int_equal(index_frontier_count(fx->idx, site, &n, &err), 0);
	assert_int_equal(n, 4);
}

/* ---- pages ---- */

static int
count_pages(const struct stored_page *p, void *arg)
{
	size_t *n = arg;

	assert_true(p->body_len == strlen(p->body));
	(*n)++;
	return 0;
}

static void
test_pages_share_bodies(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	const char *html = "<html><title>Glow</title></html>";
	struct index_page p = { 0 };
	int64_t site = 0, id1 = 0, id2 = 0, id3 = 0;
	size_t n = 0;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", NULL, &site, &err), 0);
	p.url = "https://glow.test/";
	p.final_url = "https://glow.test/";
	p.status = 200;
	p.content_type = "text/html";
	p.fetched_at = 1700000000;
	p.body = html;
	p.body_len = strlen(html);
	p.bytes = (int64_t)strlen(html);
	assert_int_equal(index_page_store(fx->idx, site, &p, &id1, &err), 0);
	p.url = "https://glow.test/index.html";
	assert_int_equal(index_page_store(fx->idx, site, &p, &id2, &err), 0);
	assert_true(id1 != id2);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM bodies"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM pages"), 2);

	/* refetching keeps the page id; a 304 keeps the body */
	p.status = 304;
	p.body = NULL;
	p.body_len = 0;
	assert_int_equal(index_page_store(fx->idx, site, &p, &id3, &err), 0);
	assert_int_equal(id3, id2);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM pages WHERE body_hash IS NULL"), 0);

	/* a changed body: the old one stays while another page uses it */
	p.status = 200;
	p.body = "changed " EVIL;
	p.body_len = strlen(p.body);
	p.error = EVIL;
	assert_int_equal(index_page_store(fx->idx, site, &p, &id3, &err), 0);
	assert_int_equal(id3, id2);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM bodies"), 2);
	p.url = "https://glow.test/";
	assert_int_equal(index_page_store(fx->idx, site, &p, &id3, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM bodies"), 1);

	/* a failed fetch has no body and is not walked */
	p.url = "https://glow.test/gone";
	p.status = 0;
	p.body = NULL;
	p.error = "Could not resolve host";
	assert_int_equal(index_page_store(fx->idx, site, &p, &id3, &err), 0);
	assert_int_equal(index_pages_foreach(fx->idx, site, count_pages, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(index_pages_foreach(fx->idx, 0, count_pages, &n, &err), 0);
	assert_int_equal(n, 2);
}

/* ---- facts, search, export, stats ---- */

/* Stores a page of the site and returns its id. */
static int64_t
store_page(struct index *idx, int64_t site, const char *url)
{
	struct cd_error err = { 0, "" };
	struct index_page p = { 0 };
	int64_t id = 0;

	p.url = url;
	p.final_url = url;
	p.status = 200;
	p.content_type = "text/html";
	p.fetched_at = 1700000000;
	p.body = url;
	p.body_len = strlen(url);
	assert_int_equal(index_page_store(idx, site, &p, &id, &err), 0);
	return id;
}

static void
add_location(struct page_facts *f, const char *street, const char *city, const char *state,
             const char *zip, bool geo, double lat, double lon)
{
	struct fact_location l = { 0 };

	l.street = xstrdup(street);
	l.city = xstrdup(city);
	l.state = xstrdup(state);
	l.zip = xstrdup(zip);
	l.has_geo = geo;
	l.lat = lat;
	l.lon = lon;
	l.evidence = xasprintf("%s, %s, %s %s", street, city, state, zip);
	assert_true(page_facts_add_location(f, &l) >= 0);
}

/* glow.test in Austin: a team page and a services page; derm.test in
 * Dallas; hostile.test with names that look like SQL and formulas. */
static void
load_directory(struct index *idx, int64_t *glow, int64_t *team_page)
{
	struct cd_error err = { 0, "" };
	struct page_facts f;
	int64_t derm = 0, hostile = 0, page = 0;
	int maria = 0, ann = 0, bob = 0;

	assert_int_equal(index_site_ensure(idx, "https://glow.test", NULL, glow, &err), 0);
	assert_int_equal(index_site_ensure(idx, "https://derm.test", NULL, &derm, &err), 0);
	assert_int_equal(index_site_ensure(idx, "https://hostile.test", NULL, &hostile, &err), 0);

	*team_page = store_page(idx, *glow, "https://glow.test/team");
	page_facts_init(&f);
	f.clinic_name = xstrdup("Glow Team");
	f.clinic_name_rank = FACT_NAME_TITLE;
	f.clinic_phone = xstrdup("+15125550100");
	maria = page_facts_add_practitioner(&f, "Maria Lopez", "Board-certified dermatologist");
	ann = page_facts_add_practitioner(&f, "Ann Smith", NULL);
	bob = page_facts_add_practitioner(&f, "Bob Jones", NULL);
	page_facts_add_claim(&f, "credential", "md", maria, "Maria Lopez, MD");
	page_facts_add_claim(&f, "credential", "board-dermatology", maria, "board certified");
	page_facts_add_claim(&f, "credential", "np", ann, "Ann Smith, NP");
	page_facts_add_claim(&f, "credential", "rn", bob, "Bob Jones, RN");
	page_facts_add_claim(&f, "service", "neurotoxin", -1, "We offer Botox.");
	add_location(&f, "1200 Congress Ave", "Austin", "TX", "78701-1234", true, 30.2747,
	             -97.7404);
	assert_int_equal(index_facts_replace(idx, *glow, *team_page, &f, &err), 0);
	page_facts_release(&f);

	page = store_page(idx, *glow, "https://glow.test/services");
	page_facts_init(&f);
	f.clinic_name = xstrdup("Glow Med Spa");
	f.clinic_name_rank = FACT_NAME_MARKUP;
	f.clinic_phone = xstrdup("+15125559999");
	maria = page_facts_add_practitioner(&f, "maria  LOPEZ", NULL);  /* same person */
	page_facts_add_claim(&f, "service", "microneedling", -1, "Microneedling.");
	page_facts_add_claim(&f, "service", "dermal-filler", -1, "Fillers.");
	page_facts_add_claim(&f, "credential", "md", maria, "Dr. Lopez, MD");
	add_location(&f, "500 Lamar Blvd", "Austin", "TX", "78703", false, 0, 0);
	assert_int_equal(index_facts_replace(idx, *glow, page, &f, &err), 0);
	page_facts_release(&f);

	page = store_page(idx, derm, "https://derm.test/");
	page_facts_init(&f);
	f.clinic_name = xstrdup("Derm Dallas");
	f.clinic_name_rank = FACT_NAME_OG;
	page_facts_add_claim(&f, "service", "microneedling", -1, "Microneedling.");
	page_facts_add_claim(&f, "credential", "board-dermatology", -1, "Our board-certified team");
	add_location(&f, "1 Main St", "Dallas", "TX", "75201", false, 0, 0);
	assert_int_equal(index_facts_replace(idx, derm, page, &f, &err), 0);
	page_facts_release(&f);

	page = store_page(idx, hostile, "https://hostile.test/");
	page_facts_init(&f);
	f.clinic_name = xstrdup("=HYPERLINK(\"http://evil\")");
	f.clinic_name_rank = FACT_NAME_MARKUP;
	page_facts_add_practitioner(&f, EVIL, NULL);
	page_facts_add_claim(&f, "service", "facial", 0, EVIL);
	add_location(&f, EVIL, "Reno", "NV", "89501", true, 39.5, -119.8);
	assert_int_equal(index_facts_replace(idx, hostile, page, &f, &err), 0);
	page_facts_release(&f);
}

static void
test_facts_replace_removes_orphans(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct page_facts f;
	int64_t glow = 0, team = 0;
	char *name = NULL;
	int maria = 0;

	load_directory(fx->idx, &glow, &team);
	/* the better name won; the first phone stayed */
	name = sql_text(fx->idx, "SELECT name || '|' || phone FROM clinics WHERE id = 1");
	assert_string_equal(name, "Glow Med Spa|+15125550100");
	free(name);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners WHERE clinic_id = 1"),
	                 3);
	/* "maria  LOPEZ" is Maria Lopez, named by two pages */
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioner_pages pp JOIN "
	                                  "practitioners p ON p.id = pp.practitioner_id "
	                                  "WHERE p.name_key = 'maria lopez'"),
	                 2);

	/* the team page again, now without Ann and Bob, and a worse name */
	page_facts_init(&f);
	f.clinic_name = xstrdup("Glow");
	f.clinic_name_rank = FACT_NAME_MARKUP;   /* a tie keeps the stored one */
	maria = page_facts_add_practitioner(&f, "Maria Lopez", NULL);
	page_facts_add_claim(&f, "credential", "faad", maria, "Maria Lopez, MD, FAAD");
	assert_int_equal(index_facts_replace(fx->idx, glow, team, &f, &err), 0);
	page_facts_release(&f);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners WHERE clinic_id = 1"),
	                 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM claims WHERE code IN ('np', 'rn')"),
	                 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM locations WHERE clinic_id = 1"), 1);
	name = sql_text(fx->idx, "SELECT name || '|' || role FROM practitioners WHERE clinic_id = 1");
	assert_string_equal(name, "Maria Lopez|Board-certified dermatologist");
	free(name);
	name = sql_text(fx->idx, "SELECT name FROM clinics WHERE id = 1");
	assert_string_equal(name, "Glow Med Spa");
	free(name);
	name = sql_text(fx->idx, "SELECT evidence_url FROM claims WHERE code = 'faad'");
	assert_string_equal(name, "https://glow.test/team");
	free(name);

	/* no facts at all: the page contributes nothing */
	assert_int_equal(index_facts_replace(fx->idx, glow, team, NULL, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM claims WHERE page_id = 1"), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners WHERE clinic_id = 1"),
	                 1);   /* the services page still names her */
}

/* One page's facts: practitioner who with credential code. */
static void
one_person_page(struct index *idx, int64_t site, int64_t page, const char *who,
                const char *code)
{
	struct cd_error err = { 0, "" };
	struct page_facts f;
	int p;

	page_facts_init(&f);
	p = page_facts_add_practitioner(&f, who, NULL);
	page_facts_add_claim(&f, "credential", code, p, who);
	assert_int_equal(index_facts_replace(idx, site, page, &f, &err), 0);
	page_facts_release(&f);
}

/* The VM steps of every statement that ends, summed into *arg. */
static int
count_steps(unsigned what, void *arg, void *stmt, void *x)
{
	(void)x;
	if (what == SQLITE_TRACE_PROFILE)
		*(int64_t *)arg += sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_VM_STEP, 1);
	return 0;
}

/* Adds clinics until there are n, each with a page naming a person, a
 * service and an address, as a crawl stores them. */
static void
grow_directory(struct index *idx, int n)
{
	struct cd_error err = { 0, "" };

	for (int i = (int)fixture_sql_int(idx, "SELECT count(*) FROM sites"); i < n; i++) {
		char *key = xasprintf("https://s%d.test", i), *url = xasprintf("%s/", key);
		int64_t site = 0, page = 0;
		struct page_facts f;

		assert_int_equal(index_site_ensure(idx, key, NULL, &site, &err), 0);
		page = store_page(idx, site, url);
		page_facts_init(&f);
		f.clinic_name = xasprintf("Clinic %d", i);
		f.clinic_name_rank = FACT_NAME_TITLE;
		page_facts_add_claim(&f, "credential", "md", page_facts_add_practitioner(&f, "Ann Lee", NULL),
		                     "Ann Lee, MD");
		page_facts_add_claim(&f, "service", "neurotoxin", -1, "Botox.");
		add_location(&f, "1 Main St", "Austin", "TX", "78701", false, 0, 0);
		assert_int_equal(index_facts_replace(idx, site, page, &f, &err), 0);
		page_facts_release(&f);
		free(key);
		free(url);
	}
}

/* The VM steps of storing one more page of the first clinic: its page
 * row and its facts. */
static int64_t
page_steps(struct index *idx, int k)
{
	struct cd_error err = { 0, "" };
	char *url = xasprintf("https://s0.test/team%d", k);
	int64_t steps = 0, page = 0;
	struct page_facts f;

	/* the cached statements' counts so far are not this page's */
	for (sqlite3_stmt *st = sqlite3_next_stmt(index_db(idx), NULL); st != NULL;
	     st = sqlite3_next_stmt(index_db(idx), st))
		sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
	assert_int_equal(sqlite3_trace_v2(index_db(idx), SQLITE_TRACE_PROFILE, count_steps, &steps),
	                 SQLITE_OK);
	page = store_page(idx, 1, url);
	page_facts_init(&f);
	page_facts_add_claim(&f, "credential", "np", page_facts_add_practitioner(&f, "Bo Park", NULL),
	                     "Bo Park, NP");
	add_location(&f, "2 Main St", "Austin", "TX", "78701", false, 0, 0);
	assert_int_equal(index_facts_replace(idx, 1, page, &f, &err), 0);
	page_facts_release(&f);
	sqlite3_trace_v2(index_db(idx), 0, NULL, NULL);
	free(url);
	return steps;
}

/* A crawl of thousands of sites stores each page at the cost of one: the
 * clinic's lists, its text document and its geocoding read that clinic's
 * rows, not every clinic's. (Each was once a scan of every clinic, and of
 * every FTS5 document, per page.) */
static void
test_page_cost_flat_in_clinics(void **state)
{
	struct fixture *fx = *state;
	int64_t few = 0, many = 0;

	grow_directory(fx->idx, 20);
	few = page_steps(fx->idx, 1);
	grow_directory(fx->idx, 400);
	many = page_steps(fx->idx, 2);
	assert_true(few > 0);
	/* twenty times the clinics; the page's own rows cost the same */
	if (many > few + few / 4)
		fail_msg("storing a page took %lld VM steps among 20 clinics, %lld among 400",
		         (long long)few, (long long)many);
}

/* A team card naming "Brooke, LE" and a page naming "Brooke Hale, LE" are
 * one person, whichever page comes first; "Jo" with two full names "Jo
 * ..." stays apart, as no one can say which she is. */
static void
test_given_name_joins_full_name(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	int64_t a = 0, b = 0, p1, p2, p3, p4, p5;

	(void)state;
	assert_int_equal(index_site_ensure(fx->idx, "https://fern.test", NULL, &a, &err), 0);
	p1 = store_page(fx->idx, a, "https://fern.test/about");
	p2 = store_page(fx->idx, a, "https://fern.test/team");
	one_person_page(fx->idx, a, p1, "Brooke", "esthetician");
	one_person_page(fx->idx, a, p2, "Brooke Hale", "rn");
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM claims c JOIN practitioners p"
	                                  " ON p.id = c.practitioner_id WHERE p.name_key = 'brooke hale'"),
	                 2);
	/* the other order, on another site */
	assert_int_equal(index_site_ensure(fx->idx, "https://moss.test", NULL, &b, &err), 0);
	p3 = store_page(fx->idx, b, "https://moss.test/team");
	p4 = store_page(fx->idx, b, "https://moss.test/about");
	p5 = store_page(fx->idx, b, "https://moss.test/staff");
	one_person_page(fx->idx, b, p3, "Brooke Hale", "rn");
	one_person_page(fx->idx, b, p4, "Brooke", "esthetician");
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners p JOIN clinics c"
	                                  " ON c.id = p.clinic_id JOIN sites s ON s.id = c.site_id"
	                                  " WHERE s.host = 'moss.test'"),
	                 1);
	/* two full names with the given name: nothing merges */
	one_person_page(fx->idx, b, p5, "Brooke Lind", "np");
	one_person_page(fx->idx, b, p4, "Brooke", "esthetician");
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM practitioners"
	                                  " WHERE name_key = 'brooke'"),
	                 1);
}

/* One office spelt two ways on two pages of a site is one location of the
 * clinic; two towns it names without an address stay two. */
static void
test_one_office_two_spellings(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct page_facts f;
	int64_t site = 0, p1, p2;
	struct fact_location t = { 0 };

	(void)state;
	assert_int_equal(index_site_ensure(fx->idx, "https://fern.test", NULL, &site, &err), 0);
	p1 = store_page(fx->idx, site, "https://fern.test/");
	p2 = store_page(fx->idx, site, "https://fern.test/contact");
	page_facts_init(&f);
	add_location(&f, "1940 116th Avenue Northeast Suite 201", "Bellevue", "WA", "98004", true,
	             47.6, -122.2);
	t.city = xstrdup("Kirkland");
	t.state = xstrdup("WA");
	t.evidence = xstrdup("our Kirkland studio");
	assert_true(page_facts_add_location(&f, &t) >= 0);
	assert_int_equal(index_facts_replace(fx->idx, site, p1, &f, &err), 0);
	page_facts_release(&f);
	page_facts_init(&f);
	add_location(&f, "1940 116th Ave NE #201", "Bellevue", "WA", "98004", false, 0, 0);
	memset(&t, 0, sizeof t);
	t.city = xstrdup("Redmond");
	t.state = xstrdup("WA");
	t.evidence = xstrdup("our Redmond studio");
	assert_true(page_facts_add_location(&f, &t) >= 0);
	assert_int_equal(index_facts_replace(fx->idx, site, p2, &f, &err), 0);
	page_facts_release(&f);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM clinic_locations"), 3);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM clinic_locations"
	                                  " WHERE street IS NOT NULL"),
	                 1);
}

struct seen {
	int n;
	char rows[8][512];
};

static int
collect_clinic(const struct clinic_row *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		snprintf(s->rows[s->n], sizeof s->rows[0], "%lld|%s|%s|%s|%s|%s|%s|%s|%s|%d",
		         (long long)r->clinic_id, r->name, r->site, r->street, r->city, r->zip,
		         r->services, r->credentials, r->practitioners, r->has_geo);
	s->n++;
	return 0;
}

static void
test_search_clinics(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	const char *svc[] = { "microneedling", "neurotoxin" };
	const char *cred[] = { "board-dermatology" };
	const char *evil[] = { EVIL };
	struct seen s = { 0 };
	int64_t glow = 0, team = 0;

	load_directory(fx->idx, &glow, &team);

	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.rows[0],
	                    "1|Glow Med Spa|https://glow.test|1200 Congress Ave|Austin|78701-1234|"
	                    "dermal-filler;microneedling;neurotoxin|board-dermatology;md;np;rn|"
	                    "Ann Smith;Bob Jones;Maria Lopez|1");

	/* state (any case) + service + credential: all must hold */
	memset(&s, 0, sizeof s);
	f.state = "tx";
	f.services = svc;
	f.n_services = 1;
	f.credentials = cred;
	f.n_credentials = 1;
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 2);
	f.n_services = 2;
	memset(&s, 0, sizeof s);
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(strncmp(s.rows[0], "1|", 2), 0);

	/* the location shown is the first that matches the filter */
	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	f.zip = "78703";
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.rows[0], "|500 Lamar Blvd|Austin|78703|"));
	assert_int_equal(s.rows[0][strlen(s.rows[0]) - 1], '0');   /* no geo */

	/* a 5-digit ZIP matches ZIP+4; city is case-insensitive */
	memset(&s, 0, sizeof s);
	f.zip = "78701";
	f.city = "AUSTIN";
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 1);
	memset(&s, 0, sizeof s);
	f.city = "Dallas";
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 0);

	/* site, limit, status */
	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	f.site = "www.derm.test";
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.rows[0], "|Derm Dallas|"));
	memset(&s, 0, sizeof s);
	f.site = "unknown.test";
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 0);
	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	f.limit = 2;
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 2);
	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	f.status = "conflict";
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(sqlite3_exec(index_db(fx->idx),
	                              "UPDATE claims SET status = 'conflict' WHERE code = 'np'",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_non_null(strstr(s.rows[0], "||np|"));   /* only the conflicting code */

	/* SQL-looking values are data: no match, no harm */
	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	f.city = EVIL;
	f.state = EVIL;
	f.zip = EVIL;
	f.credentials = evil;
	f.n_credentials = 1;
	f.status = EVIL;
	f.site = EVIL;
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 0);
	f.site = NULL;
	assert_int_equal(index_search_clinics(fx->idx, &f, collect_clinic, &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM sites"), 3);
}

static int
collect_practitioner(const struct practitioner_row *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		snprintf(s->rows[s->n], sizeof s->rows[0], "%s|%s|%s|%s|%s", r->site, r->name,
		         r->credentials, r->npi, r->status);
	s->n++;
	return 0;
}

static int
collect_claim(const struct claim_row *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		snprintf(s->rows[s->n], sizeof s->rows[0], "%s|%s|%s|%s|%s|%s", r->site,
		         r->practitioner, r->kind, r->code, r->status, r->evidence);
	s->n++;
	return 0;
}

static int
stop_after_one(const struct claim_row *r, void *arg)
{
	(void)r;
	(void)arg;
	return 42;
}

static void
test_search_practitioners_and_claims(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	struct seen s = { 0 };
	int64_t glow = 0, team = 0;

	load_directory(fx->idx, &glow, &team);
	f.site = "glow.test";
	assert_int_equal(index_search_practitioners(fx->idx, &f, collect_practitioner, &s, &err), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.rows[0], "https://glow.test|Maria Lopez|board-dermatology;md||unchecked");
	assert_string_equal(s.rows[1], "https://glow.test|Ann Smith|np||unchecked");

	memset(&s, 0, sizeof s);
	f.site = "hostile.test";
	assert_int_equal(index_search_claims(fx->idx, &f, collect_claim, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.rows[0], "https://hostile.test|" EVIL "|service|facial|unchecked|" EVIL);

	memset(&s, 0, sizeof s);
	f.site = NULL;
	assert_int_equal(index_search_claims(fx->idx, &f, collect_claim, &s, &err), 0);
	/* 11 stored; Maria's md, claimed on two pages, is listed once */
	assert_int_equal(s.n, 10);
	assert_int_equal(index_search_claims(fx->idx, &f, stop_after_one, NULL, &err), 42);
}

static void
test_clinic_json(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	json_object *o = NULL, *v = NULL, *a = NULL;
	int64_t glow = 0, team = 0;

	load_directory(fx->idx, &glow, &team);
	assert_int_equal(index_clinic_json(fx->idx, "www.glow.test", &o, &err), 0);
	assert_true(json_object_object_get_ex(o, "clinic_id", &v));
	assert_true(json_object_is_type(v, json_type_int));
	assert_int_equal(json_object_get_int64(v), 1);
	assert_true(json_object_object_get_ex(o, "locations", &a));
	assert_int_equal(json_object_array_length(a), 2);
	v = json_object_object_get(json_object_array_get_idx(a, 0), "lon");
	assert_string_equal(json_object_to_json_string(v), "-97.740400");
	v = json_object_object_get(json_object_array_get_idx(a, 1), "lat");
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "practitioners", &a));
	assert_int_equal(json_object_array_length(a), 3);
	v = json_object_object_get(json_object_array_get_idx(a, 0), "credentials");
	assert_string_equal(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN),
	                    "[\"board-dermatology\",\"md\"]");
	assert_true(json_object_object_get_ex(o, "claims", &a));
	/* 8 stored, one claim per practitioner, kind and code: 7 shown; the
	 * repeated md keeps the evidence of the page whose URL sorts first
	 * (/services before /team), whatever order the pages were stored in */
	assert_int_equal(json_object_array_length(a), 7);
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *cl = json_object_array_get_idx(a, i);

		if (strcmp(json_object_get_string(json_object_object_get(cl, "code")), "md") == 0)
			assert_string_equal(json_object_get_string(json_object_object_get(cl, "evidence")),
			                    "Dr. Lopez, MD");
	}
	json_object_put(o);
	o = NULL;

	assert_int_equal(index_clinic_json(fx->idx, "3", &o, &err), 0);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "name")),
	                    "=HYPERLINK(\"http://evil\")");
	json_object_put(o);
	o = NULL;
	assert_int_equal(index_clinic_json(fx->idx, "99", &o, &err), CD_ENOTFOUND);
	assert_int_equal(index_clinic_json(fx->idx, EVIL, &o, &err), CD_ENOTFOUND);
	assert_null(o);
}

static void
assert_prefix(const char *s, const char *prefix)
{
	assert_int_equal(strncmp(s, prefix, strlen(prefix)), 0);
}

/* What export_write prints; caller frees. */
static char *
export_text(struct index *idx, enum export_what what, enum export_format fmt,
            const struct search_filter *f)
{
	struct cd_error err = { 0, "" };
	char *s = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&s, &len);

	assert_non_null(out);
	assert_int_equal(export_write(idx, what, fmt, f, out, &err), 0);
	assert_int_equal(fclose(out), 0);
	return s;
}

static void
test_export(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct search_filter f = { 0 };
	int64_t glow = 0, team = 0;
	char *s = NULL, *line = NULL, *save = NULL;
	json_object *o = NULL;
	FILE *full = NULL;
	int n = 0;

	load_directory(fx->idx, &glow, &team);
	s = export_text(fx->idx, EXPORT_CLINICS, EXPORT_CSV, &f);
	assert_prefix(s, "clinic_id,name,site,phone,street,city,state,zip,lat,lon,"
	                 "services,credentials,practitioners,first_seen,last_crawled\r\n");
	assert_non_null(strstr(s, ",30.274700,-97.740400,"));
	assert_non_null(strstr(s, "\r\n3,\"'=HYPERLINK(\"\"http://evil\"\")\",https://hostile.test,"));
	assert_non_null(strstr(s, ",Dallas,TX,75201,,,"));   /* unknown lat/lon: empty */
	free(s);

	s = export_text(fx->idx, EXPORT_PRACTITIONERS, EXPORT_CSV, &f);
	assert_prefix(s, "practitioner_id,clinic_id,site,name,credentials,npi,status,role,exclusion\r\n");
	free(s);
	s = export_text(fx->idx, EXPORT_CLAIMS, EXPORT_CSV, &f);
	assert_prefix(s, "claim_id,clinic_id,site,practitioner,kind,code,status,reason,"
	                 "evidence_url,evidence\r\n");
	free(s);

	/* JSON Lines: one object a line, ids as numbers, null coordinates */
	s = export_text(fx->idx, EXPORT_CLINICS, EXPORT_JSONL, &f);
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_object *v = NULL;

		o = json_tokener_parse(line);
		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "clinic_id", &v));
		assert_true(json_object_is_type(v, json_type_int));
		assert_true(json_object_object_get_ex(o, "lat", &v));
		if (n == 1)
			assert_null(v);
		else
			assert_true(json_object_is_type(v, json_type_double));
		json_object_put(o);
		n++;
	}
	assert_int_equal(n, 3);
	assert_non_null(strstr(export_clinic_columns[14], "last_crawled"));
	free(s);
	s = export_text(fx->idx, EXPORT_CLAIMS, EXPORT_JSONL, &f);
	assert_non_null(strstr(s, "\"practitioner\":\"x'); DROP TABLE sites;--\""));
	assert_non_null(strstr(s, "\"evidence_url\":\"https://hostile.test/\""));
	free(s);

	/* a full disk is an error */
	full = fopen("/dev/full", "w");
	if (full != NULL) {
		setvbuf(full, NULL, _IONBF, 0);
		assert_int_equal(export_write(fx->idx, EXPORT_CLAIMS, EXPORT_CSV, &f, full, &err),
		                 CD_EIO);
		assert_int_equal(err.code, CD_EIO);
		fclose(full);
	}
}

static void
test_stats(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct index_stats st;
	int64_t glow = 0, team = 0;
	bool added = false;

	load_directory(fx->idx, &glow, &team);
	assert_int_equal(index_frontier_add(fx->idx, glow, "https://glow.test/x", 1, 0, &added,
	                                    &err), 0);
	assert_int_equal(sqlite3_exec(index_db(fx->idx),
	                              "UPDATE claims SET status = 'consistent' WHERE code = 'md';"
	                              "UPDATE claims SET status = 'ambiguous' WHERE id ="
	                              " (SELECT max(id) FROM clinic_claims WHERE code <> 'md')",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(index_get_stats(fx->idx, &st, &err), 0);
	assert_int_equal(st.sites, 3);
	assert_int_equal(st.pages, 4);
	assert_int_equal(st.pages_ok, 4);
	assert_int_equal(st.frontier_queued, 1);
	assert_int_equal(st.clinics, 3);
	assert_int_equal(st.locations, 4);
	assert_int_equal(st.practitioners, 4);
	assert_int_equal(st.claims, 10);        /* distinct claims, as listed */
	assert_int_equal(st.claims_by_status[CLAIM_CONSISTENT], 1);
	assert_int_equal(st.claims_by_status[CLAIM_UNCHECKED], 8);
	assert_int_equal(st.claims_by_status[CLAIM_CONFLICT], 0);
	assert_int_equal(st.claims_by_status[CLAIM_UNMATCHED], 0);
	/* an ambiguous claim is counted, and the statuses add up */
	assert_int_equal(st.claims_by_status[CLAIM_AMBIGUOUS], 1);
}

/* Links beyond the limits wait deferred: they neither count against
 * --max-pages nor are handed out, until a crawl with higher limits
 * promotes them, best priority and shallowest first. */
static void
test_frontier_deferred(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct frontier_item *it = NULL;
	int64_t site = 0, n = 0;
	size_t count = 0;
	bool added = false;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", NULL, &site, &err), 0);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/", 0, 0, &added,
	                                    &err), 0);
	assert_int_equal(index_frontier_add_state(fx->idx, site, "https://glow.test/deep", 6, 0,
	                                          FRONTIER_DEFERRED, &added, &err), 0);
	assert_true(added);
	assert_int_equal(index_frontier_add_state(fx->idx, site, "https://glow.test/team", 1, 10,
	                                          FRONTIER_DEFERRED, &added, &err), 0);
	assert_int_equal(index_frontier_add_state(fx->idx, site, "https://glow.test/blog", 1, -10,
	                                          FRONTIER_DEFERRED, &added, &err), 0);
	assert_int_equal(index_frontier_count(fx->idx, site, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(index_frontier_count_deferred(fx->idx, site, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(index_frontier_next(fx->idx, site, 10, NULL, 0, &it, &count, &err), 0);
	assert_int_equal(count, 1);
	free(it[0].url);
	free(it);

	/* found again shallower, still deferred: it keeps the smaller depth */
	assert_int_equal(index_frontier_add_state(fx->idx, site, "https://glow.test/deep", 3, 0,
	                                          FRONTIER_DEFERRED, &added, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT depth FROM frontier WHERE url = "
	                                 "'https://glow.test/deep'"), 3);
	/* a higher --max-pages (2: room for one more) promotes the best one */
	assert_int_equal(index_frontier_promote(fx->idx, site, 5, 2, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT state FROM frontier WHERE url = "
	                                 "'https://glow.test/team'"), FRONTIER_QUEUED);
	/* a --max-depth of 2 leaves the link at depth 3 */
	assert_int_equal(index_frontier_promote(fx->idx, site, 2, 100, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT state FROM frontier WHERE url = "
	                                 "'https://glow.test/deep'"), FRONTIER_DEFERRED);
	/* found again within the limits, a deferred link is queued */
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/deep", 1, 0, &added,
	                                    &err), 0);
	assert_true(added);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT state * 100 + depth FROM frontier "
	                                 "WHERE url = 'https://glow.test/deep'"), 1);
	assert_int_equal(index_frontier_count(fx->idx, site, &n, &err), 0);
	assert_int_equal(n, 4);
	/* a queued or done row is never turned back into a deferred one */
	assert_int_equal(index_frontier_add_state(fx->idx, site, "https://glow.test/", 9, 0,
	                                          FRONTIER_DEFERRED, &added, &err), 0);
	assert_false(added);
	assert_int_equal(index_frontier_count_deferred(fx->idx, site, &n, &err), 0);
	assert_int_equal(n, 0);
}

static void
test_transactions(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	int64_t site = 0;
	bool added = false;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", NULL, &site, &err), 0);
	assert_int_equal(index_begin(fx->idx, &err), 0);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/a", 0, 0, &added,
	                                    &err), 0);
	index_rollback(fx->idx);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM frontier"), 0);
	assert_int_equal(index_begin(fx->idx, &err), 0);
	assert_int_equal(index_frontier_add(fx->idx, site, "https://glow.test/a", 0, 0, &added,
	                                    &err), 0);
	/* savepoints inside a caller's transaction */
	assert_int_equal(index_site_ensure(fx->idx, "https://b.test", NULL, &site, &err), 0);
	assert_int_equal(index_commit(fx->idx, &err), 0);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM frontier"), 1);
	assert_int_equal(fixture_sql_int(fx->idx, "SELECT count(*) FROM sites"), 2);
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

/* The report of the directory as CSV; caller frees. */
static int
report_csv(struct index *idx, char **text, struct cd_error *err)
{
	static const struct search_filter all = { 0 };
	size_t len = 0;
	FILE *out = open_memstream(text, &len);
	int rc = 0;

	assert_non_null(out);
	rc = report_write(idx, &all, REPORT_CSV, NULL, NULL, out, err);
	fclose(out);
	return rc;
}

/* A read that fails anywhere in the report (the medical director's and
 * the statements' look-ups included) fails the command: a report that
 * says it succeeded is the whole report, never one with cells left
 * empty. The failure is made at every point of the run in turn. */
static void
test_report_read_error(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct page_facts f;
	int64_t site = 0, page = 0;
	char *want = NULL;
	long failed = 0;
	int lopez = 0;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", NULL, &site, &err), 0);
	page = store_page(fx->idx, site, "https://glow.test/team");
	page_facts_init(&f);
	f.clinic_name = xstrdup("Glow Med Spa");
	f.clinic_name_rank = FACT_NAME_TITLE;
	lopez = page_facts_add_practitioner(&f, "Maria Lopez", "Medical Director");
	page_facts_add_claim(&f, "credential", "md", lopez, "Maria Lopez, MD");
	page_facts_add_claim(&f, "service", "neurotoxin", -1, "We offer Botox.");
	page_facts_add_role(&f, lopez, "medical_director", "Medical Director",
	                    "Maria Lopez, MD, Medical Director");
	page_facts_add_role(&f, -1, "supervision", "under physician supervision",
	                    "All treatments under physician supervision.");
	page_facts_add_role(&f, -1, "performed_by_np", "nurse practitioners",
	                    "Injections by our nurse practitioners.");
	add_location(&f, "1200 Congress Ave", "Austin", "TX", "78701", false, 0, 0);
	assert_int_equal(index_facts_replace(fx->idx, site, page, &f, &err), 0);
	page_facts_release(&f);

	assert_int_equal(report_csv(fx->idx, &want, &err), 0);
	assert_non_null(strstr(want, "Maria Lopez"));
	assert_non_null(strstr(want, "under physician supervision"));
	for (long at = 1;; at++) {
		struct interrupt in = { 0, at, false };
		char *got = NULL;
		int rc = 0;

		sqlite3_progress_handler(index_db(fx->idx), 1, interrupt_once, &in);
		rc = report_csv(fx->idx, &got, &err);
		sqlite3_progress_handler(index_db(fx->idx), 0, NULL, NULL);
		if (rc != 0) {
			failed++;
			if (!in.fired)
				fail_msg("report failed uninterrupted at %ld: %s", at, err.msg);
		} else if (strcmp(got, want) != 0) {
			fail_msg("an interruption at step %ld left the report short, and it said it "
			         "succeeded:\n%s", at, got);
		}
		free(got);
		if (rc == 0 && !in.fired)
			break;   /* the run went through whole: every point was tried */
	}
	assert_true(failed > 0);
	free(want);
}

/* Staff the site gives a role and no credential (an office manager) are
 * no practitioners, but their role is kept with their name: stored, and
 * through the JSON Lines of `extract --jsonl | import`. */
static void
test_unlisted_person_role(void **state)
{
	struct fixture *fx = *state;
	struct cd_error err = { 0, "" };
	struct index_page p = { .url = "https://glow.test/team", .status = 200,
	                        .content_type = "text/html" };
	struct page_facts f;
	struct jsonl_page back;
	struct buf line;
	sqlite3_stmt *st = NULL;
	int64_t site = 0, page = 0;

	assert_int_equal(index_site_ensure(fx->idx, "https://glow.test", NULL, &site, &err), 0);
	page = store_page(fx->idx, site, "https://glow.test/team");
	page_facts_init(&f);
	page_facts_add_practitioner(&f, "Maria Lopez", NULL);
	page_facts_add_claim(&f, "credential", "md", 0, "Maria Lopez, MD");
	page_facts_add_person_role(&f, "Lia Bastian", "manager", "Office Manager",
	                           "Lia Bastian, Office Manager");
	page_facts_add_role(&f, -1, "supervision", "supervised by", "Supervised by Dr. Lopez.");
	buf_init(&line, 0);
	assert_int_equal(facts_jsonl_format(&line, &p, &f), 0);
	assert_int_equal(facts_jsonl_parse(buf_str(&line), line.len - 1, &back, &err), 0);
	assert_int_equal(back.facts.n_roles, 2);
	assert_string_equal(back.facts.roles[0].person, "Lia Bastian");
	assert_int_equal(back.facts.roles[0].practitioner, -1);
	assert_null(back.facts.roles[1].person);
	assert_int_equal(index_facts_replace(fx->idx, site, page, &back.facts, &err), 0);
	jsonl_page_release(&back);
	buf_release(&line);
	page_facts_release(&f);

	assert_int_equal(sqlite3_prepare_v2(index_db(fx->idx),
	                                    "SELECT group_concat(coalesce(person, '-') || ':' || code"
	                                    " || ':' || (practitioner_id IS NULL), ' ')"
	                                    " FROM (SELECT * FROM roles ORDER BY id)", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
	                    "Lia Bastian:manager:1 -:supervision:1");
	sqlite3_finalize(st);
	/* she is no practitioner of the directory */
	assert_int_equal(sqlite3_prepare_v2(index_db(fx->idx),
	                                    "SELECT count(*) FROM practitioners"
	                                    " WHERE name = 'Lia Bastian'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_sets_schema_and_wal, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reopen_is_idempotent, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_not_sqlite_refused, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sites_and_www_folding, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_frontier, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pages_share_bodies, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_facts_replace_removes_orphans, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_clinics, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_practitioners_and_claims, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_clinic_json, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_export, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_stats, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_frontier_deferred, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_transactions, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_report_read_error, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unlisted_person_role, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_page_cost_flat_in_clinics, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_given_name_joins_full_name, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_one_office_two_spellings, fixture_setup,
		                                fixture_teardown),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
