/*  store.h - the catalog's tables in PostgreSQL, in domain terms.

    The store is the only code that speaks SQL (store.c: enterprises, products, campaigns,
    listings; store_orders.c: stock reservations). It borrows the service's connection and
    works inside whatever transaction the runtime opened: every write of a batch commits or
    rolls back with it.

    Results are protobuf messages built in the caller's arena (they live until the arena is
    reset); nothing returned needs freeing. Every function returns 0, or -1 on a database
    failure, whose text dure_db_error() then holds; business outcomes (unknown id, version
    conflict, stock would go negative) come back as an outcome value, never as -1.

    Writers of product rows first take one transaction-level advisory lock
    (catalog_store_lock_writes), so concurrent instances apply stock changes one transaction
    at a time and never deadlock on each other's row locks.
*/
#ifndef CATALOG_STORE_H
#define CATALOG_STORE_H

#include "dure.h"
#include "reserve.h"

#include <stdbool.h>

typedef struct catalog_store_t catalog_store_t;

/* What an upsert did. */
typedef enum {
    CATALOG_WRITE_CREATED,   /* a new row */
    CATALOG_WRITE_UPDATED,   /* changed: version bumped */
    CATALOG_WRITE_UNCHANGED, /* same values as stored: nothing written, version kept */
    CATALOG_WRITE_CONFLICT,  /* the caller's version is not the stored one: nothing written */
} catalog_write_t;

/* What a stock change did. */
typedef enum {
    CATALOG_STOCK_SET,          /* stock changed, version bumped */
    CATALOG_STOCK_UNKNOWN,      /* no such product */
    CATALOG_STOCK_NOT_PHYSICAL, /* services and experiences hold no stock */
    CATALOG_STOCK_NEGATIVE,     /* the change would leave less than zero: nothing written */
    CATALOG_STOCK_TOO_LARGE,    /* the change would pass CATALOG_STOCK_MAX */
} catalog_stock_t;

/* A page of products: filters ("" for any), the day that decides certification, and the
   keyset position (the last id of the previous page, "" for the first). */
typedef struct {
    const char *category;     /* category code or "" */
    const char *enterprise_id; /* seller or "" */
    const char *name_contains; /* case-insensitive substring or "" */
    bool include_unorderable; /* also inactive products and those of lapsed sellers */
    const char *today;        /* "YYYY-MM-DD" in the mall's time zone */
    const char *after_id;     /* page position */
    int limit;                /* most rows */
} catalog_product_query_t;

/* Which table catalog_store_existing looks in. */
typedef enum { CATALOG_ENTERPRISES, CATALOG_PRODUCTS } catalog_table_t;

/* Creates a store on the service's connection, which it borrows, with the sets its
   reservations read once per batch (dure_service_reads). Never returns NULL. */
catalog_store_t *catalog_store_new(dure_service_t *service);

/* Frees the store (not the connection); nulls the caller's pointer. */
void catalog_store_destroy(catalog_store_t **self_p);

/* -- Reads ------------------------------------------------------------------------------- */

/* The products (or enterprises) among `ids` that exist, in no particular order. */
int catalog_store_products(catalog_store_t *self, const char *const *ids, size_t n,
                           dure_arena_t *arena, Dure__V1__Product ***out, size_t *count);
int catalog_store_enterprises(catalog_store_t *self, const char *const *ids, size_t n,
                              dure_arena_t *arena, Dure__V1__Enterprise ***out, size_t *count);

/* Every campaign, by id. */
int catalog_store_campaigns(catalog_store_t *self, dure_arena_t *arena,
                            Dure__V1__Campaign ***out, size_t *count);

/* A page of products by id, and the number of all that match the filters. */
int catalog_store_list_products(catalog_store_t *self, const catalog_product_query_t *query,
                                dure_arena_t *arena, Dure__V1__Product ***out, size_t *count,
                                int *total);

/* A page of enterprises by id (region "" for any), and the number of all that match. */
int catalog_store_list_enterprises(catalog_store_t *self, const char *region,
                                   const char *after_id, int limit, dure_arena_t *arena,
                                   Dure__V1__Enterprise ***out, size_t *count, int *total);

/* The 12 categories in table order with their counts of orderable products and their
   sellers on `today`, and the distinct totals over all categories. */
int catalog_store_categories(catalog_store_t *self, const char *today, dure_arena_t *arena,
                             Dure__V1__Category ***out, size_t *count, int *products,
                             int *enterprises);

/* Sets found[i] to whether ids[i] exists in the table. */
int catalog_store_existing(catalog_store_t *self, catalog_table_t table, const char *const *ids,
                           size_t n, dure_arena_t *arena, bool *found);

/* -- Writes (inside the caller's transaction) ------------------------------------------- */

/* Serialises every writer of product rows, across instances, until the transaction ends. */
int catalog_store_lock_writes(catalog_store_t *self);

/* Creates or updates by id; a non-zero version in the message must equal the stored one
   (optimistic concurrency), else CONFLICT. *out is the row as stored (NULL on CONFLICT).
   A product's stock is written on creation only; on update it is kept (SetStock changes
   it). A product that is not physical always has stock 0. */
int catalog_store_upsert_enterprise(catalog_store_t *self, const Dure__V1__Enterprise *e,
                                    dure_arena_t *arena, Dure__V1__Enterprise **out,
                                    catalog_write_t *outcome);
int catalog_store_upsert_product(catalog_store_t *self, const Dure__V1__Product *p,
                                 dure_arena_t *arena, Dure__V1__Product **out,
                                 catalog_write_t *outcome);
int catalog_store_upsert_campaign(catalog_store_t *self, const Dure__V1__Campaign *c,
                                  dure_arena_t *arena, Dure__V1__Campaign **out,
                                  catalog_write_t *outcome);

/* Sets a product's stock to `value` (absolute) or adds `value` to it. *out is the product
   after the change, or as it is when nothing changed (NULL when unknown). */
int catalog_store_set_stock(catalog_store_t *self, const char *product_id, bool absolute,
                            int64_t value, dure_arena_t *arena, Dure__V1__Product **out,
                            catalog_stock_t *outcome);

/* -- Reservations (store_orders.c) ------------------------------------------------------- */

/* Notes an OrderPlaced of the batch being prepared: its order and the products of its lines
   (malformed ids are skipped), so that the batch's first reservation reads the statuses of
   all its orders with one statement, and locks and reads all their products with another. */
void catalog_store_note_order(catalog_store_t *self, const char *order_id,
                              Dure__V1__OrderLineRequest *const *lines, size_t n);

/* The catalog's status of an order ("reserved", "rejected", "cancelled") written into
   status (16 bytes), or "" when the order was never seen. */
int catalog_store_order_status(catalog_store_t *self, const char *order_id, dure_arena_t *arena,
                               char *status);

/* Locks the rows of the lines' products (FOR UPDATE, in product-id order) and returns them
   with their seller's certification. Unknown products are simply absent. */
int catalog_store_lock_rows(catalog_store_t *self, const catalog_line_t *lines, size_t n,
                            dure_arena_t *arena, catalog_stock_row_t **rows, size_t *count);

/* Takes the lines' units from stock and records them as the order's reservations, and the
   order as 'reserved'. The caller checked that every line fits (the CHECK constraint would
   fail the statement otherwise). Lines of products that are not physical take nothing.
   Inside a batch all of it is written at the batch's end, with the batch's other
   reservations (dure_db_write_record). Returns 0 or -1. */
int catalog_store_reserve(catalog_store_t *self, const char *order_id, const catalog_line_t *lines,
                          size_t n);

/* Records the order as 'rejected' (nothing reserved). */
int catalog_store_reject(catalog_store_t *self, const char *order_id);

/* Gives back every unit still reserved for the order, once, and records it 'cancelled' (also
   when it was never seen, so that a late OrderPlaced reserves nothing). *product_ids lists
   the products whose stock changed (arena). */
int catalog_store_release(catalog_store_t *self, const char *order_id, dure_arena_t *arena,
                          char ***product_ids, size_t *count);

#endif
