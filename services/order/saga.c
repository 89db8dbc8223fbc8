/*  saga.c - the order's side of the journey: stock answers from the catalog, shipment
    progress from logistics.

    Each handler locks the order's row, asks state.c whether the step is allowed, and then
    writes the step with its history entry and the event it emits, all in the batch's
    transaction (the runtime's inbox makes each event id take effect once). A step that is
    stale or impossible is refused: logged at warn, answered FAILED_PRECONDITION so that the
    inbox records the outcome, and never applied. Orders with no physical line complete at
    once: CONFIRMED, then DELIVERED in the same transaction (docs/ORDERS.md).
*/
#include "saga.h"
#include "handlers.h"

#define S_CONFIRMED DURE__V1__ORDER_STATUS__ORDER_CONFIRMED
#define S_DELIVERED DURE__V1__ORDER_STATUS__ORDER_DELIVERED

const dure_route_t order_events[] = {
    {&dure__v1__stock_reserved__descriptor, NULL, order_saga_stock_reserved, 0,
     order_saga_prepare_stock_reserved},
    {&dure__v1__stock_rejected__descriptor, NULL, order_saga_stock_rejected},
    {&dure__v1__shipment_status_changed__descriptor, NULL, order_saga_shipment_status},
};
const size_t order_event_count = sizeof order_events / sizeof order_events[0];

/* Refuses an event's step: logged, counted, recorded by the inbox, nothing applied. */
static int s_refuse(dure_call_t *call, int code, const char *order_id, const char *why)
{
    order_service_t *svc = dure_call_state(call);
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    dure_log_event(DURE_LOG_WARN, env->type, env->correlation_id,
                   "order %s: %s; event %s refused", order_id, why, env->id);
    dure_call_count(call, svc->refused, 1);
    dure_call_fail(call, code, "order %s: %s", order_id, why);
    return 0;
}

/* Refuses an event without a usable order id. Returns 0 when the id is usable, else -1
   (the event is answered). */
static int s_check_id(dure_call_t *call, const char *order_id)
{
    if (order_id && *order_id && strlen(order_id) <= DURE_ID_MAX)
        return 0;
    s_refuse(call, DURE__V1__CODE__CODE_INVALID_ARGUMENT, "?", "no order id");
    return -1;
}

/* Passes on what a lookup of the order found (1, 0 or -1), refusing the event when it was
   not found. */
static int s_found(dure_call_t *call, const char *order_id, int found)
{
    if (found == 0)
        s_refuse(call, DURE__V1__CODE__CODE_NOT_FOUND, order_id, "unknown order");
    return found;
}

/* Locks the order; refuses the event when it is unknown. Returns 1 when locked, 0 when
   refused, -1 on a database error. */
static int s_lock(dure_call_t *call, const char *order_id, order_row_t *row)
{
    order_service_t *svc = dure_call_state(call);
    if (s_check_id(call, order_id) != 0)
        return 0;
    return s_found(call, order_id, order_store_lock(svc->store, order_id, row));
}

/* Applies a step: history, status, cache note. Returns 0 or -1. */
static int s_step(dure_call_t *call, const char *order_id, order_row_t *row,
                  order_status_t status, const char *note, int reserved)
{
    order_service_t *svc = dure_call_state(call);
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    order_change_t change;
    if (order_store_transition(svc->store, order_id, row, status, env->type, env->id, note,
                               reserved, 0, &change) != 0)
        return -1;
    order_cache_note(svc->cache, &change);
    dure_reads_forget(svc->confirms, order_id);
    return 0;
}

/* Publishes OrderCancelled to release stock reserved after the order was cancelled. */
static int s_release_late(dure_call_t *call, const Dure__V1__Order *o)
{
    dure_arena_t *arena = dure_call_arena(call);
    Dure__V1__OrderCancelled ev = DURE__V1__ORDER_CANCELLED__INIT;
    ev.order_id = o->id;
    ev.payment_ref = o->payment_ref;
    ev.reason = "stock reserved after the order was cancelled: release";
    ev.reserved_lines = DURE_ARENA_NEW(arena, Dure__V1__OrderLineRequest *, o->n_lines + 1);
    for (size_t i = 0; i < o->n_lines; i++)
        if (o->lines[i]->physical) {
            Dure__V1__OrderLineRequest *l = DURE_ARENA_NEW(arena, Dure__V1__OrderLineRequest, 1);
            dure__v1__order_line_request__init(l);
            l->product_id = o->lines[i]->product_id;
            l->quantity = o->lines[i]->quantity;
            ev.reserved_lines[ev.n_reserved_lines++] = l;
        }
    return dure_call_publish(call, &ev.base);
}

/* Locks an order for its confirmation and reads it whole, from the batch's read when it
   covered the order (svc->confirms). Returns 1, 0 when the order does not exist, -1 on
   error. */
static int s_lock_order(order_service_t *svc, const char *id, dure_arena_t *arena,
                        order_locked_t *out)
{
    void *read;
    if (dure_reads_take_or_read(svc->confirms, id, arena, &read) != 0)
        return -1;
    if (read)
        *out = *(order_locked_t *) read;
    return read != NULL;
}

int order_saga_prepare_stock_reserved(dure_call_t *call, const ProtobufCMessage *event)
{
    order_service_t *svc = dure_call_state(call);
    dure_reads_note(svc->confirms, ((const Dure__V1__StockReserved *) event)->order_id);
    return 0;
}

int order_saga_stock_reserved(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__StockReserved *ev = (const Dure__V1__StockReserved *) event;
    order_service_t *svc = dure_call_state(call);
    if (s_check_id(call, ev->order_id) != 0)
        return 0;
    order_locked_t locked;
    int found = s_found(call, ev->order_id, s_lock_order(svc, ev->order_id,
                                                         dure_call_arena(call), &locked));
    if (found <= 0)
        return found;
    order_row_t row = locked.row;
    Dure__V1__Order *o = locked.order;
    Dure__V1__OrderConfirmed confirmed = DURE__V1__ORDER_CONFIRMED__INIT;
    confirmed.sellers = locked.sellers;
    confirmed.n_sellers = locked.n_sellers;
    if (row.status == DURE__V1__ORDER_STATUS__ORDER_CANCELLED && !row.reserved) {
        dure_log_event(DURE_LOG_INFO, dure_call_envelope(call)->type, NULL,
                       "order %s: stock reserved after cancellation, releasing", o->id);
        return s_release_late(call, o);
    }
    if (!order_state_allowed(row.status, S_CONFIRMED))
        return s_refuse(call, DURE__V1__CODE__CODE_FAILED_PRECONDITION, ev->order_id,
                        row.status == S_CONFIRMED ? "already confirmed (stale StockReserved)"
                                                  : "cannot be confirmed from its status");
    if (s_step(call, o->id, &row, S_CONFIRMED, "stock reserved", 1) != 0)
        return -1;
    confirmed.order_id = o->id;
    confirmed.lines = o->lines;
    confirmed.n_lines = o->n_lines;
    confirmed.ship_to = o->address;
    if (dure_call_publish(call, &confirmed.base) != 0)
        return -1;
    size_t physical = 0;
    for (size_t i = 0; i < o->n_lines; i++)
        physical += o->lines[i]->physical != 0;
    if (physical == 0 && s_step(call, o->id, &row, S_DELIVERED,
                                "no physical lines: complete without a shipment", -1) != 0)
        return -1;
    return 0;
}

/* The rejection note: "p-1: out of stock (requested 5, available 2); ...". */
static char *s_short_note(dure_arena_t *arena, const Dure__V1__StockRejected *ev)
{
    char *note = dure_arena_strdup(arena, "");
    for (size_t i = 0; i < ev->n_short_lines && strlen(note) < 900; i++) {
        const Dure__V1__ShortLine *s = ev->short_lines[i];
        note = dure_arena_printf(arena, "%s%s%s: %s (requested %lld, available %lld)", note,
                                 i ? "; " : "", s->product_id, s->reason && *s->reason ? s->reason
                                                                                       : "short",
                                 (long long) s->requested, (long long) s->available);
    }
    return note;
}

int order_saga_stock_rejected(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__StockRejected *ev = (const Dure__V1__StockRejected *) event;
    order_row_t row;
    int locked = s_lock(call, ev->order_id, &row);
    if (locked <= 0)
        return locked;
    if (!order_state_allowed(row.status, DURE__V1__ORDER_STATUS__ORDER_REJECTED))
        return s_refuse(call, DURE__V1__CODE__CODE_FAILED_PRECONDITION, ev->order_id,
                        "cannot be rejected from its status (stale StockRejected)");
    if (s_step(call, ev->order_id, &row, DURE__V1__ORDER_STATUS__ORDER_REJECTED,
               s_short_note(dure_call_arena(call), ev), 0) != 0)
        return -1;
    Dure__V1__OrderRejected rejected = DURE__V1__ORDER_REJECTED__INIT;
    rejected.order_id = ev->order_id;
    rejected.short_lines = ev->short_lines;
    rejected.n_short_lines = ev->n_short_lines;
    return dure_call_publish(call, &rejected.base);
}

/* Records the shipments the event reports (all of the order's, and the one that moved). */
static int s_record_shipments(order_store_t *store, const Dure__V1__ShipmentStatusChanged *ev)
{
    for (size_t i = 0; i < ev->n_order_shipments; i++)
        if (ev->order_shipments[i]->shipment_id && *ev->order_shipments[i]->shipment_id &&
            order_store_shipment(store, ev->order_id, ev->order_shipments[i]) != 0)
            return -1;
    Dure__V1__OrderShipment moved = DURE__V1__ORDER_SHIPMENT__INIT;
    moved.shipment_id = ev->shipment_id;
    moved.enterprise_id = ev->enterprise_id;
    moved.status = ev->status;
    moved.updated_at_ms = ev->at_ms;
    if (!ev->shipment_id || !*ev->shipment_id)
        return 0;
    return order_store_shipment(store, ev->order_id, &moved);
}

int order_saga_shipment_status(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__ShipmentStatusChanged *ev = (const Dure__V1__ShipmentStatusChanged *) event;
    order_service_t *svc = dure_call_state(call);
    order_row_t row;
    int locked = s_lock(call, ev->order_id, &row);
    if (locked <= 0)
        return locked;
    Dure__V1__ShipmentStatus *statuses = NULL;
    int n;
    if (s_record_shipments(svc->store, ev) != 0 ||
        (n = order_store_shipment_statuses(svc->store, ev->order_id, dure_call_arena(call),
                                           &statuses)) < 0)
        return -1;
    order_status_t derived = order_state_from_shipments(statuses, (size_t) n);
    if (derived == S_CONFIRMED || derived == row.status)
        return 0; /* nothing dispatched yet, or no news: shipments recorded */
    if (order_state_allowed(row.status, derived))
        return s_step(call, ev->order_id, &row, derived,
                      dure_arena_printf(dure_call_arena(call), "shipment %s %s",
                                        ev->shipment_id, ev->status ==
                                        DURE__V1__SHIPMENT_STATUS__SHIPMENT_DELIVERED
                                        ? "delivered" : "moved"), -1);
    int stale = row.status == DURE__V1__ORDER_STATUS__ORDER_PARTIALLY_SHIPPED ||
                row.status == DURE__V1__ORDER_STATUS__ORDER_SHIPPED || row.status == S_DELIVERED;
    return s_refuse(call, DURE__V1__CODE__CODE_FAILED_PRECONDITION, ev->order_id,
                    dure_arena_printf(dure_call_arena(call), "%s step %s -> %s",
                                      stale ? "stale" : "impossible",
                                      order_status_name(row.status), order_status_name(derived)));
}
