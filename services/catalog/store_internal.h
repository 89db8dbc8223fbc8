/*  store_internal.h - helpers shared by store.c and store_orders.c; not for other files. */
#ifndef CATALOG_STORE_INTERNAL_H
#define CATALOG_STORE_INTERNAL_H

#include "store.h"

struct catalog_store_t {
    dure_db_t *db;           /* borrowed connection, bound to the catalog schema */
    dure_reads_t *statuses;  /* the orders of the batch in hand: their status, read together */
    dure_reads_t *products;  /* their lines' products: stock rows, locked and read together */
};

/* The reads of statuses and products (dure_reads_fn over the store, store_orders.c). */
int catalog_store_read_statuses(void *self, const char *const *order_ids, size_t count,
                                dure_arena_t *arena, void **rows);
int catalog_store_read_products(void *self, const char *const *product_ids, size_t count,
                                dure_arena_t *arena, void **rows);

#endif
