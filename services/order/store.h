/*  store.h - the order service's tables, in domain terms: the only code that speaks SQL.

    Every function runs inside the transaction the runtime opened for the batch, so what it
    writes commits or rolls back with the request or event being applied. Functions return
    -1 on a database failure (the reason is in dure_db_error of the store's connection); a
    missing row is 0, not an error. Messages built from rows live in the arena given.
*/
#ifndef ORDER_STORE_H
#define ORDER_STORE_H

#include "dure.h"
#include "state.h"

typedef struct order_store_t order_store_t;

/* What an idempotency key is bound to. */
typedef struct {
    char id[DURE_ID_MAX + 1];           /* the order placed with the key */
    order_status_t status;              /* its current status */
    int64_t total_krw, supply_krw, vat_krw; /* its totals */
    int same_body;                      /* 1 when the stored request hash matches */
} order_key_match_t;

/* A new order, priced, ready to be written. Everything is borrowed. */
typedef struct {
    const char *id;                     /* new UUID */
    const char *idempotency_key;        /* the request's key */
    const uint8_t *body;                /* serialized PlaceOrder, hashed for CONFLICT */
    size_t body_len;
    const Dure__V1__PlaceOrder *request; /* customer, channel, address, payment */
    Dure__V1__OrderLine *const *lines;  /* priced lines */
    size_t n_lines;
    Dure__V1__Enterprise *const *sellers; /* one per enterprise of the lines */
    size_t n_sellers;
    int64_t total_krw, supply_krw, vat_krw;
    const char *campaign_id, *campaign_name; /* "" when none */
    const char *cause_type, *cause_id;  /* the request, for the history */
} order_new_t;

/* The fields of an order that transitions need, read under a row lock. */
typedef struct {
    order_status_t status;              /* current status */
    int reserved;                       /* the catalog holds stock for it */
    int64_t total_krw;                  /* refund on cancellation */
    char payment_ref[160];              /* payment settled upstream */
    int version;                        /* number of history steps so far */
} order_row_t;

/* One order whose status changed in this transaction: what the cache learns after commit. */
typedef struct {
    char id[DURE_ID_MAX + 1];
    order_status_t status;
    int version;                        /* history steps; newer wins in the cache */
    int64_t at_ms;
} order_change_t;

/* Filters of ListOrders. */
typedef struct {
    const char *customer_id;            /* "" for any */
    order_status_t status;              /* 0 for any */
    int64_t from_ms, to_ms;             /* 0 for open */
    int page_size;                      /* 1..500 */
    const char *page_token;             /* "" for the first page */
} order_filter_t;

/* One row of a sales report as the database sums it. */
typedef struct {
    char *key;                          /* month "2016-02", channel number, category, ... */
    int64_t revenue_krw;
    int64_t orders;
    char *campaign;                     /* most frequent campaign name, months only */
} order_sales_row_t;

/* Creates the store over the service's connection (borrowed); time_zone names the mall's
   zone for reports and imports ("Asia/Seoul"). Never NULL. */
order_store_t *order_store_new(dure_db_t *db, const char *time_zone);

/* Frees the store; nulls the caller's pointer. */
void order_store_destroy(order_store_t **self_p);

/* The last database error text. */
const char *order_store_error(order_store_t *self);

/* Looks up an idempotency key and compares the stored body hash with body. Returns 1 and
   fills match when the key is known, 0 when not, -1 on error. */
int order_store_find_key(order_store_t *self, const char *key, const uint8_t *body,
                         size_t body_len, order_key_match_t *match);

/* Which of `count` idempotency keys an order already has, in one statement: rows[i] is
   not NULL for those, NULL for the others. A dure_reads_fn over the store: a batch's
   keys are read together (order_service_t.keys). Returns 0 or -1. */
int order_store_read_keys(void *store, const char *const *keys, size_t count,
                          dure_arena_t *arena, void **rows);

/* Writes a PENDING order with its lines, sellers and first history step. Returns 1, 0 when
   the key was taken meanwhile (by another instance: nothing written), or -1 on error.
   Inside a batch the order is queued and written at its end (dure_db_write_record): 1 then
   means queued, and a key taken meanwhile fails the batch's statement instead. */
int order_store_insert(order_store_t *self, const order_new_t *order);

/* Locks an order's row for a transition and reads what it needs. Returns 1, 0 when the
   order does not exist, -1 on error, and -1 as well when a step of the order waits in the
   batch's queue (below): the database does not have it yet. */
int order_store_lock(order_store_t *self, const char *id, order_row_t *row);

/* Moves a locked order to status, appending a history step caused by cause_type/cause_id
   with a note; reserved >= 0 also sets the stock-reserved flag. Advances row (status,
   version, flag) and fills change (may be NULL). While the batch defers (dure_db_defer) the
   step is queued and written with the batch's other steps at its end, one statement for all;
   `now` writes it at once, for a caller that reads the order back. Returns 0 or -1. */
int order_store_transition(order_store_t *self, const char *id, order_row_t *row,
                           order_status_t status, const char *cause_type, const char *cause_id,
                           const char *note, int reserved, int now, order_change_t *change);

/* Forgets the steps queued in the batch: after it committed or rolled back. */
void order_store_forget_steps(order_store_t *self);

/* Reads an order with its lines and, when full, its history and shipments, into *out
   (allocated in arena). Returns 1, 0 when unknown, -1 on error. */
int order_store_get(order_store_t *self, const char *id, int full, dure_arena_t *arena,
                    Dure__V1__Order **out);

/* An order locked for its confirmation and read whole (in the arena given). */
typedef struct {
    order_row_t row;                    /* what a transition needs */
    Dure__V1__Order *order;             /* the order with its lines */
    Dure__V1__Enterprise **sellers;     /* the sellers recorded for it */
    size_t n_sellers;
} order_locked_t;

/* Locks the orders of ids for their confirmation and reads them whole, in one statement;
   the rows are locked in the order of ids (give them sorted: dure_reads does). found[i] is
   the order_locked_t (in arena) of ids[i], or NULL when it does not exist. A dure_reads_fn
   over the store: the orders a batch confirms are read together. Returns 0 or -1 (also
   when a step of one of them waits in the batch's queue, as order_store_lock). */
int order_store_lock_orders(void *store, const char *const *ids, size_t count,
                            dure_arena_t *arena, void **found);

/* Records a shipment's status unless a newer report of it is already stored. Returns 0 or
   -1. */
int order_store_shipment(order_store_t *self, const char *order_id,
                         const Dure__V1__OrderShipment *shipment);

/* Statuses of an order's shipments into *out (arena). Returns the count, or -1. */
int order_store_shipment_statuses(order_store_t *self, const char *order_id,
                                  dure_arena_t *arena, Dure__V1__ShipmentStatus **out);

/* Status and version of an order. Returns 1, 0 when unknown, -1 on error. */
int order_store_status(order_store_t *self, const char *id, order_change_t *out);

/* Lists orders newest first into reply (orders with their lines, next page token, total).
   Returns 0, -1 on error, or -2 when the page token is not one of ours. */
int order_store_list(order_store_t *self, const order_filter_t *filter, dure_arena_t *arena,
                     Dure__V1__ListOrdersReply *reply);

/* Imports past orders given as JSON arrays (orders, lines, campaigns: see store.c), skipping
   order numbers imported before. Returns 0 with the counts, or -1 on error. */
int order_store_import(order_store_t *self, const char *orders_json, const char *lines_json,
                       const char *campaigns_json, const char *cause_id, int *imported,
                       int *lines);

/* Sums revenue and orders of a year by grouping (revenue definition in docs/ORDERS.md) into
   *rows (arena). Returns the row count, or -1 on error. */
int order_store_sales(order_store_t *self, int year, Dure__V1__SalesGrouping grouping,
                      dure_arena_t *arena, order_sales_row_t **rows);

#endif
