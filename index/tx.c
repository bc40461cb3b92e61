/* tx.c: index_tx (see tx.h). */
#include "index/tx.h"

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
