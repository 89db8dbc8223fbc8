/*  events.c - reservations: OrderPlaced and OrderCancelled.

    Order of work for OrderPlaced, all inside the batch's transaction: take the catalog's
    write lock (one writer of stock rows at a time across instances), skip an order already
    seen, merge the lines by product, lock the product rows FOR UPDATE in id order (the
    first order of a batch reads the statuses and locks the products of all of them), decide
    with catalog_reserve_plan, then either take every line's units and record the
    reservations, or record the rejection; publish the outcome. The units are taken at the
    end of the batch, with the batch's other reservations (catalog_store_reserve), so an order
    decides on the stock as it was before the batch; when two orders of a batch fit alone but
    not together, the CHECK (stock >= 0) on the table fails the batch's statement and the
    batch runs again guarded, each reservation written at once. The same CHECK is the last
    line of defence against a bug here: it fails the statement, never the invariant.
*/
#include "events.h"
#include "dure_log.h"
#include "pricing.h"
#include "reserve.h"

#include <string.h>

/* Notes the order and its products before the batch runs, so that the batch's first
   reservation reads them all at once (catalog_store_note_order). */
static int s_prepare_order_placed(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__OrderPlaced *placed = (const Dure__V1__OrderPlaced *) event;
    catalog_t *catalog = dure_call_state(call);
    catalog_store_note_order(catalog_store(catalog), placed->order_id, placed->lines,
                             placed->n_lines);
    return 0;
}

const dure_route_t catalog_event_routes[] = {
    {&dure__v1__order_placed__descriptor, NULL, catalog_handle_order_placed, 0,
     s_prepare_order_placed},
    {&dure__v1__order_cancelled__descriptor, NULL, catalog_handle_order_cancelled},
};
const size_t catalog_event_route_count =
    sizeof catalog_event_routes / sizeof catalog_event_routes[0];

static int s_check_order(dure_call_t *call, const char *order_id)
{
    const char *problem = catalog_check_id(order_id);
    if (problem)
        dure_call_field_error(call, "order_id", "%s", problem);
    return problem ? -1 : 0;
}

static int s_publish_rejected(dure_call_t *call, const char *order_id,
                              const catalog_short_t *shorts, size_t n)
{
    dure_arena_t *arena = dure_call_arena(call);
    Dure__V1__StockRejected event = DURE__V1__STOCK_REJECTED__INIT;
    event.order_id = (char *) order_id;
    event.short_lines = DURE_ARENA_NEW(arena, Dure__V1__ShortLine *, n);
    event.n_short_lines = n;
    for (size_t i = 0; i < n; i++) {
        Dure__V1__ShortLine *line = DURE_ARENA_NEW(arena, Dure__V1__ShortLine, 1);
        dure__v1__short_line__init(line);
        line->product_id = (char *) shorts[i].product_id;
        line->requested = shorts[i].requested;
        line->available = shorts[i].available;
        line->reason = (char *) shorts[i].reason;
        event.short_lines[i] = line;
    }
    return dure_call_publish(call, &event.base);
}

int catalog_handle_order_placed(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__OrderPlaced *placed = (const Dure__V1__OrderPlaced *) event;
    if (s_check_order(call, placed->order_id) != 0)
        return 0;
    catalog_t *catalog = dure_call_state(call);
    catalog_store_t *store = catalog_store(catalog);
    dure_arena_t *arena = dure_call_arena(call);
    char status[16];
    if (catalog_store_lock_writes(store) != 0 ||
        catalog_store_order_status(store, placed->order_id, arena, status) != 0)
        return -1;
    if (*status) {
        dure_log_event(DURE_LOG_INFO, "dure.v1.OrderPlaced", placed->order_id,
                       "order already %s: nothing to reserve", status);
        return 0;
    }
    size_t n = placed->n_lines;
    catalog_line_t *lines = DURE_ARENA_NEW(arena, catalog_line_t, n + 1);
    n = catalog_reserve_merge(placed->lines, n, lines);
    catalog_stock_row_t *rows;
    size_t nrows;
    if (catalog_store_lock_rows(store, lines, n, arena, &rows, &nrows) != 0)
        return -1;
    char today[CATALOG_DATE_LEN];
    catalog_today(0, today);
    catalog_short_t *shorts = DURE_ARENA_NEW(arena, catalog_short_t, n + 1);
    size_t nshort = catalog_reserve_plan(lines, n, rows, nrows, today, shorts);
    if (nshort > 0)
        return catalog_store_reject(store, placed->order_id) != 0 ||
                       s_publish_rejected(call, placed->order_id, shorts, nshort) != 0
                   ? -1
                   : 0;
    if (catalog_store_reserve(store, placed->order_id, lines, n) != 0)
        return -1;
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].physical)
            catalog_changed_product(catalog, rows[i].id);
    Dure__V1__StockReserved reserved = DURE__V1__STOCK_RESERVED__INIT;
    reserved.order_id = placed->order_id;
    return dure_call_publish(call, &reserved.base);
}

int catalog_handle_order_cancelled(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__OrderCancelled *cancelled = (const Dure__V1__OrderCancelled *) event;
    if (s_check_order(call, cancelled->order_id) != 0)
        return 0;
    catalog_t *catalog = dure_call_state(call);
    catalog_store_t *store = catalog_store(catalog);
    char **released;
    size_t count;
    if (catalog_store_lock_writes(store) != 0 ||
        catalog_store_release(store, cancelled->order_id, dure_call_arena(call), &released,
                              &count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        catalog_changed_product(catalog, released[i]);
    return 0;
}
