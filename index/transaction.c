/* transaction.c: transactions, the batches a crawl groups its steps into
 * (savepoint per step, one commit per batch), and index_tx, a write run
 * in one of them (tx.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "common/buf.h"
#include "common/xalloc.h"
#include "index/internal.h"
#include "index/tx.h"

static double
index_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
index_begin(struct index *idx, struct cd_error *err)
{
	if (idx->batch_max == 0 || sqlite3_get_autocommit(idx->db)) {
		bool was_open = !sqlite3_get_autocommit(idx->db);

		if (sqlite3_exec(idx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
			int rc = index_sql_fail(idx, err, "cannot begin a transaction");
			/* a BEGIN interrupted half way may have opened one */
			if (!was_open && !sqlite3_get_autocommit(idx->db))
				sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		idx->batch_t0 = index_clock();
		if (idx->batch_max == 0)
			return 0;
	}
	if (sqlite3_exec(idx->db, "SAVEPOINT step", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_fail(idx, err, "cannot begin a transaction");
	idx->step_open = true;
	return 0;
}

int
index_commit(struct index *idx, struct cd_error *err)
{
	if (idx->batch_max > 0 && idx->step_open) {
		idx->step_open = false;
		if (sqlite3_exec(idx->db, "RELEASE step", NULL, NULL, NULL) != SQLITE_OK)
			return index_sql_fail(idx, err, "cannot commit");
		if (++idx->batch_steps < idx->batch_max &&
		    index_clock() - idx->batch_t0 < idx->batch_seconds)
			return 0;
	}
	idx->batch_steps = 0;
	if (sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_fail(idx, err, "cannot commit");
	return 0;
}

void
index_rollback(struct index *idx)
{
	if (idx->batch_max > 0 && idx->step_open) {
		idx->step_open = false;
		sqlite3_exec(idx->db, "ROLLBACK TO step; RELEASE step", NULL, NULL, NULL);
		return;
	}
	if (!sqlite3_get_autocommit(idx->db))
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
}

void
index_batch_start(struct index *idx, int max_steps, double max_seconds)
{
	idx->batch_max = max_steps > 0 ? max_steps : 0;
	idx->batch_seconds = max_seconds;
	idx->batch_steps = 0;
	idx->step_open = false;
}

int
index_batch_tick(struct index *idx, struct cd_error *err)
{
	if (idx->batch_max == 0 || idx->step_open || sqlite3_get_autocommit(idx->db) ||
	    index_clock() - idx->batch_t0 < idx->batch_seconds)
		return 0;
	idx->batch_steps = 0;
	if (sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return index_sql_fail(idx, err, "cannot commit");
	return 0;
}

int
index_batch_end(struct index *idx, struct cd_error *err)
{
	int rc = 0;

	if (idx->step_open)
		index_rollback(idx);
	if (!sqlite3_get_autocommit(idx->db) &&
	    sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = index_sql_fail(idx, err, "cannot commit");
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
	}
	idx->batch_max = 0;
	idx->batch_steps = 0;
	return rc;
}

int
index_tx(struct index *idx, index_tx_fn fn, void *arg, struct cd_error *err)
{
	int rc = 0;

	if ((rc = index_begin(idx, err)) != 0)
		return rc;
	if ((rc = fn(idx, arg, err)) != 0) {
		index_rollback(idx);
		return rc;
	}
	return index_commit(idx, err);
}
