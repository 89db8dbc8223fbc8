/*  main.c - dure-order: the order service's definition, and main.

    Requests (handlers.h): PlaceOrder, GetOrder, GetOrderStatus, ListOrders, CancelOrder,
    ImportOrders, SalesReport. Events (saga.h): StockReserved, StockRejected,
    ShipmentStatusChanged. The runtime (dure_service.h) does everything else.
*/
#include "handlers.h"
#include "saga.h"

extern const dure_migration_t order_migrations[];
extern const size_t order_migration_count;

static int s_start(dure_service_t *service, void **state)
{
    order_service_t *self = dure_calloc(1, sizeof *self);
    self->store = order_store_new(dure_service_db(service),
                                  dure_config_get(dure_service_config(service), "TIME_ZONE"));
    self->cache = order_cache_new(dure_service_cache(service));
    self->keys = dure_service_reads(service, order_store_read_keys, self->store);
    self->confirms = dure_service_reads(service, order_store_lock_orders, self->store);
    dure_metrics_t *m = dure_service_metrics(service);
    self->placed = dure_metrics_counter(m, "order_placed_total", "Orders created", NULL);
    self->replayed = dure_metrics_counter(m, "order_replayed_total",
                                          "PlaceOrder answered from a known idempotency key", NULL);
    self->refused = dure_metrics_counter(m, "order_transitions_refused_total",
                                         "Events whose step was stale or impossible", NULL);
    *state = self;
    return 0;
}

static void s_stop(dure_service_t *service, void **state)
{
    (void) service;
    order_service_t *self = *state;
    order_cache_destroy(&self->cache);
    order_store_destroy(&self->store);
    free(self);
    *state = NULL;
}

static void s_after_batch(dure_service_t *service, void *state, int committed)
{
    (void) service;
    order_service_t *self = state;
    order_cache_flush(self->cache, committed);
    order_store_forget_steps(self->store);
}

int main(int argc, char **argv)
{
    dure_service_def_t def = {
        .name = "order",
        .summary = "orders: intake, state machine, saga, queries, history import, reports",
        .migrations = order_migrations,
        .migration_count = order_migration_count,
        .requests = order_requests,
        .request_count = order_request_count,
        .events = order_events,
        .event_count = order_event_count,
        .start = s_start,
        .stop = s_stop,
        .after_batch = s_after_batch,
    };
    return dure_service_run(&def, argc, argv);
}
