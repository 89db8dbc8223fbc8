/*  handlers.h - the order service's requests and its state.

    One function per request type, all with the runtime's handler signature: the request is
    borrowed, the reply is built in the call's arena, and a handler returns -1 only when
    the database failed (the runtime then rolls the item back and answers UNAVAILABLE).
    Bad input is answered INVALID_ARGUMENT with one field error per problem; business
    refusals are NOT_FOUND, FAILED_PRECONDITION or CONFLICT. Any non-OK reply rolls back
    what the handler wrote.
*/
#ifndef ORDER_HANDLERS_H
#define ORDER_HANDLERS_H

#include "cache.h"
#include "store.h"

/* What the service keeps between batches (built by main.c's start hook). */
typedef struct {
    order_store_t *store;        /* the tables */
    order_cache_t *cache;        /* status notes for Redis */
    dure_reads_t *keys;          /* the idempotency keys of the batch in hand, read together */
    dure_reads_t *confirms;      /* the orders the batch in hand confirms, read together */
    dure_metric_t *placed;       /* orders created */
    dure_metric_t *replayed;     /* PlaceOrder answered from a known key */
    dure_metric_t *refused;      /* events whose transition was refused */
} order_service_t;

/* The request table of the service and its length. */
extern const dure_route_t order_requests[];
extern const size_t order_request_count;

int order_handle_place(dure_call_t *call, const ProtobufCMessage *request);
/* Starts the catalog quote of a PlaceOrder before the batch is applied, so that the quotes
   of a whole batch travel at once, and notes its idempotency key, so that the keys of a
   whole batch are looked up at once; order_handle_place collects both. */
int order_prepare_place(dure_call_t *call, const ProtobufCMessage *request);
int order_handle_get(dure_call_t *call, const ProtobufCMessage *request);
int order_handle_get_status(dure_call_t *call, const ProtobufCMessage *request);
int order_handle_list(dure_call_t *call, const ProtobufCMessage *request);
int order_handle_cancel(dure_call_t *call, const ProtobufCMessage *request);
int order_handle_import(dure_call_t *call, const ProtobufCMessage *request);
int order_handle_sales_report(dure_call_t *call, const ProtobufCMessage *request);

/* Checks an order id field: required, at most DURE_ID_MAX bytes. Returns 1 when valid, else
   adds a field error and returns 0. */
int order_check_id(dure_call_t *call, const char *field, const char *id);

/* Adds a field error; the order_problem_fn used with validate.h, ctx being the call. */
void order_field_problem(void *call, const char *field, const char *description);

#endif
