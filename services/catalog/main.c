/*  main.c - the catalog service: enterprises, products, stock, campaigns and price quotes.

    Wiring only: the requests of handlers.h, the events of events.h, the migrations embedded
    from migrations/, and the catalog state (catalog.h) built at start and told about every
    batch's commit, so that Redis is updated only with committed values.
*/
#include "dure.h"
#include "events.h"
#include "handlers.h"

extern const dure_migration_t catalog_migrations[];
extern const size_t catalog_migration_count;

static int s_start(dure_service_t *service, void **state)
{
    *state = catalog_new(service);
    return *state ? 0 : -1;
}

static void s_stop(dure_service_t *service, void **state)
{
    (void) service;
    catalog_destroy((catalog_t **) state);
}

static void s_tick(dure_service_t *service, void *state)
{
    (void) service;
    catalog_tick(state);
}

static void s_after_batch(dure_service_t *service, void *state, int committed)
{
    (void) service;
    if (state)
        catalog_after_batch(state, committed);
}

int main(int argc, char **argv)
{
    dure_service_def_t def = {
        .name = "catalog",
        .summary = "who sells what, at what price, and how much is left",
        .options = catalog_options,
        .migrations = catalog_migrations,
        .migration_count = catalog_migration_count,
        .requests = catalog_request_routes,
        .request_count = catalog_request_route_count,
        .events = catalog_event_routes,
        .event_count = catalog_event_route_count,
        .start = s_start,
        .stop = s_stop,
        .tick = s_tick,
        .after_batch = s_after_batch,
    };
    return dure_service_run(&def, argc, argv);
}
