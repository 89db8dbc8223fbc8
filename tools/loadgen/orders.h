/*  orders.h - realistic demo orders: 1 to 5 lines from the demo catalog, about a fifth of
    them spanning several sellers, a B2C/B2B/B2G mix, Korean test addresses.

    Orders are built in an arena and point into the catalog, which must outlive them.
*/
#ifndef LOADGEN_ORDERS_H
#define LOADGEN_ORDERS_H

#include "dure.h"

typedef struct loadgen_catalog_t loadgen_catalog_t;

/* Reads the products of a products CSV (durectl's import format). Returns NULL with the
   reason printed when the file is unreadable or has no orderable physical product. */
loadgen_catalog_t *loadgen_catalog_load(const char *path);

/* Frees the catalog; nulls the caller's pointer. */
void loadgen_catalog_destroy(loadgen_catalog_t **self_p);

/* Fills a PlaceOrder for order number `seq` of a run seeded with `seed` (deterministic),
   allocating in the arena. */
void loadgen_order_build(loadgen_catalog_t *catalog, uint64_t seed, long seq,
                         Dure__V1__PlaceOrder *order, dure_arena_t *arena);

#endif
