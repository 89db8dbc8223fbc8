/*  store_internal.h - the store's structure, shared by store.c (writes) and store_read.c
    (reads and reports). Not for other files: they use store.h.
*/
#ifndef ORDER_STORE_INTERNAL_H
#define ORDER_STORE_INTERNAL_H

#include "store.h"

struct order_store_t {
    dure_db_t *db;    /* the service's connection, borrowed */
    char *time_zone;  /* the mall's zone for days and months, owned */
    zhashx_t *stepped; /* ids of the orders with a status step queued in this batch */
};

/* 1 when a status step of the order waits in the batch's queue (order_store_transition).
   The database does not have it yet, so a read of the order that a step depends on fails
   instead (-1): the batch then runs again guarded, where every step is written at once. */
int order_store_step_queued(const order_store_t *self, const char *id);

/* What a transition needs of a locked order (order_row_t), as columns of "orders o". */
#define ORDER_ROW_COLUMNS                                                                          \
    "o.status, o.reserved, o.total_krw, o.payment_ref, "                                          \
    "(SELECT coalesce(max(seq), 0) FROM order_history h WHERE h.order_id = o.id)"
#define ORDER_ROW_NCOLUMNS 5

/* Reads ORDER_ROW_COLUMNS from row r of res, starting at column `first`. */
void order_row_read(const PGresult *res, int r, int first, order_row_t *row);

#endif
