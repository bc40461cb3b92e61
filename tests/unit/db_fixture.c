/* db_fixture.c: a fresh database per test (see db_fixture.h). */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <ftw.h>
#include <cmocka.h>
#include "common/xalloc.h"
#include "tests/unit/db_fixture.h"

int
fixture_setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct cd_error err = { 0, "" };
	const char *tmp = getenv("TMPDIR");

	snprintf(fx->dir, sizeof fx->dir, "%s/clinicdex-unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	/* a directory that does not exist yet: index_open makes it */
	fx->path = xasprintf("%s/data/clinicdex/test.db", fx->dir);
	assert_int_equal(index_open(fx->path, &fx->idx, &err), 0);
	*state = fx;
	return 0;
}

static int
rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int
fixture_teardown(void **state)
{
	struct fixture *fx = *state;

	index_close(fx->idx);
	nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx->path);
	free(fx);
	return 0;
}

int64_t
fixture_sql_int(struct index *idx, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(index_db(idx), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
