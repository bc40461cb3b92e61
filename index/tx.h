/* tx.h: a write in one transaction, written once: begin, the work, then
 * commit, or rollback when the work failed (transaction.c). In batch mode (index.h) the
 * transaction is a step of the batch, as index_begin makes it. */
#ifndef CD_INDEX_TX_H
#define CD_INDEX_TX_H
#include "common/error.h"
#include "index/index.h"

/* The work of one transaction: 0, or an error code with err set. */
typedef int (*index_tx_fn)(struct index *idx, void *arg, struct cd_error *err);

/* Runs fn(idx, arg, err) between index_begin and index_commit. When fn
 * fails the transaction is rolled back and fn's code returned; nothing of
 * it is kept. */
int index_tx(struct index *idx, index_tx_fn fn, void *arg, struct cd_error *err);

#endif
