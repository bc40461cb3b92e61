/* db_fixture.h: for cmocka tests of the index, a fresh database in its own
 * temporary directory per test, and one-number queries against it. */
#ifndef CD_DB_FIXTURE_H
#define CD_DB_FIXTURE_H
#include <stdint.h>
#include "index/index.h"

struct fixture {
	char dir[512];       /* removed with everything in it by teardown */
	char *path;          /* DIR/data/clinicdex/test.db: index_open makes the folders */
	struct index *idx;
};

/* cmocka setup/teardown: *state becomes a struct fixture. */
int fixture_setup(void **state);
int fixture_teardown(void **state);
/* The single integer sql returns (the test fails if it returns no row). */
int64_t fixture_sql_int(struct index *idx, const char *sql);

#endif
