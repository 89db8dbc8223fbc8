/*  handlers.h - the catalog's requests, one handler per message type.

    Every handler has the runtime's signature: it borrows the decoded request, answers with
    dure_call_reply (OK) or dure_call_fail / dure_call_field_error (INVALID_ARGUMENT with the
    field named, NOT_FOUND, CONFLICT, FAILED_PRECONDITION), and returns 0; it returns -1 only
    when PostgreSQL failed. Any answer but OK rolls back what the handler wrote.

    handlers.c holds the reads (products, listings, categories, campaigns, quotes) and the
    route table; handlers_write.c the writes (enterprises, products, stock, campaigns,
    import). Upserts take an optional version: 0 means "whatever is stored", another value
    must equal the stored version or the reply is CONFLICT and nothing changes.
*/
#ifndef CATALOG_HANDLERS_H
#define CATALOG_HANDLERS_H

#include "catalog.h"

/* The request routes, for the service definition. */
extern const dure_route_t catalog_request_routes[];
extern const size_t catalog_request_route_count;

/* Reads (handlers.c). */
int catalog_handle_get_products(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_list_products(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_list_enterprises(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_list_categories(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_list_campaigns(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_quote_prices(dure_call_t *call, const ProtobufCMessage *request);
/* Notes a quote's products, so that the batch's quotes read them together. */
int catalog_prepare_quote_prices(dure_call_t *call, const ProtobufCMessage *request);

/* Writes (handlers_write.c). */
int catalog_handle_upsert_enterprise(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_upsert_product(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_set_stock(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_upsert_campaign(dure_call_t *call, const ProtobufCMessage *request);
int catalog_handle_import(dure_call_t *call, const ProtobufCMessage *request);

/* -- Shared by the handler files -------------------------------------------------------- */

/* A catalog_problem_fn that adds a field error to the call given as ctx. */
void catalog_report_field(void *call, const char *field, const char *problem);

/* Sets orderable and not_orderable_reason of n products (NULL entries skipped) for `today`,
   looking their sellers up. Returns 0 or -1. */
int catalog_mark_orderable(catalog_t *catalog, Dure__V1__Product **products, size_t n,
                           const char *today, dure_arena_t *arena);

/* After a failed statement: data the database refused (SQLSTATE class 22 or 23) becomes an
   INVALID_ARGUMENT reply and 0; anything else returns -1 (environment failure). */
int catalog_db_failed(dure_call_t *call);

#endif
