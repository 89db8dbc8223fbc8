/*  events.c - OrderConfirmed -> shipments (ShipmentPlanned each); OrderCancelled -> shipments
    cancelled before dispatch (ShipmentCancelled each), dispatched ones flagged for a return.

    Planning is pure (planner.c); this file numbers the shipments (carrier and tracking number:
    the carriers a batch may use are read once per batch, and the numbers come from the
    instance's block, migration 002), stores them and publishes. Whether the orders of a batch were
    cancelled is asked once, by its first OrderConfirmed. Inside a batch the shipments are
    written at its end (logistics_store_insert_shipment). An OrderConfirmed that arrives after
    its order's OrderCancelled (events of one producer may overtake each other on redelivery)
    plans nothing.
*/
#include "events.h"

#include "tracking.h"

#define S_STATUS(name) DURE__V1__SHIPMENT_STATUS__SHIPMENT_##name

/* Notes the order of an OrderConfirmed before the batch runs, so that the first handler
   asks for the whole batch which orders were cancelled (logistics_service_t). */
static int s_prepare_confirmed(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__OrderConfirmed *order = (const Dure__V1__OrderConfirmed *) event;
    logistics_service_t *state = dure_call_state(call);
    dure_reads_note(state->cancelled_orders, order->order_id);
    /* The carriers its shipments may get: their sellers' own, else the default. */
    for (size_t i = 0; i < order->n_sellers; i++)
        if (order->sellers[i])
            dure_reads_note(state->carriers, order->sellers[i]->default_carrier);
    dure_reads_note(state->carriers, state->default_carrier);
    return 0;
}

const dure_route_t logistics_events[] = {
    {&dure__v1__order_confirmed__descriptor, NULL, logistics_on_order_confirmed, 0,
     s_prepare_confirmed},
    {&dure__v1__order_cancelled__descriptor, NULL, logistics_on_order_cancelled},
};
const size_t logistics_event_count = sizeof logistics_events / sizeof logistics_events[0];

static const char *s_corr(dure_call_t *call)
{
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    return env && env->correlation_id && *env->correlation_id ? env->correlation_id
                                                              : (env ? env->id : NULL);
}

/* Stores one numbered planned shipment and publishes ShipmentPlanned when it is new.
   Returns 0, or -1 on a database error. */
static int s_store_planned(dure_call_t *call, const Dure__V1__OrderConfirmed *order,
                           const logistics_planned_t *p, const logistics_new_shipment_t *row)
{
    logistics_service_t *state = dure_call_state(call);
    dure_db_t *db = dure_service_db(dure_call_service(call));
    Dure__V1__Shipment s = DURE__V1__SHIPMENT__INIT;
    int created = logistics_store_insert_shipment(db, dure_call_arena(call), row, &s.id);
    if (created <= 0)
        return created;
    s.order_id = order->order_id;
    s.enterprise_id = (char *)p->enterprise_id;
    s.temperature = p->temperature;
    s.status = S_STATUS(PLANNED);
    s.carrier = row->carrier_code;
    s.tracking_number = row->tracking_number;
    s.ship_from = (Dure__V1__Address *)p->ship_from;
    s.ship_to = order->ship_to;
    s.n_parcels = p->parcel_count;
    s.parcels = p->parcels;
    s.created_at_ms = s.updated_at_ms = row->now_ms;
    Dure__V1__ShipmentPlanned ev = DURE__V1__SHIPMENT_PLANNED__INIT;
    ev.shipment = &s;
    ev.sales_krw = p->sales_krw;
    if (dure_call_publish(call, &ev.base) != 0)
        return -1;
    dure_call_count(call, state->planned, 1);
    return 0;
}

/* The next tracking number of the instance's block, taking a new block when it is used up.
   Returns 0 or -1. */
static int s_next_tracking(logistics_service_t *state, dure_db_t *db, int64_t *number)
{
    if (state->next_tracking >= state->tracking_end) {
        int64_t first;
        if (logistics_store_tracking_block(db, &first) != 0)
            return -1;
        state->next_tracking = first;
        state->tracking_end = first + LOGISTICS_TRACKING_BLOCK;
    }
    *number = state->next_tracking++;
    return 0;
}

/* A carrier by code (*carrier NULL when unknown), from the batch's read when it covered
   the code. Returns 0 or -1. */
static int s_carrier(dure_call_t *call, const char *code, const logistics_carrier_t **carrier)
{
    logistics_service_t *state = dure_call_state(call);
    void *row = NULL;
    int rc = dure_reads_peek_or_read(state->carriers, code, dure_call_arena(call), &row);
    *carrier = row;
    return rc;
}

/* Gives each shipment its carrier (its own when that is an active carrier, else the
   default) and a tracking number (the carrier's prefix and the next number of the
   instance's block), without a statement per order: the carriers come from the batch's
   read. A shipment whose carrier and the default are both unknown gets neither (NULL).
   Returns 0 or -1. */
static int s_number(dure_call_t *call, logistics_new_shipment_t *rows, size_t count)
{
    logistics_service_t *state = dure_call_state(call);
    dure_arena_t *arena = dure_call_arena(call);
    dure_db_t *db = dure_service_db(dure_call_service(call));
    for (size_t i = 0; i < count; i++) {
        const char *code = rows[i].carrier && *rows[i].carrier ? rows[i].carrier : NULL;
        const logistics_carrier_t *carrier = NULL;
        if (code && s_carrier(call, code, &carrier) != 0)
            return -1;
        if (!carrier || !carrier->active) {
            code = rows[i].default_carrier;
            if (s_carrier(call, code, &carrier) != 0)
                return -1;
        }
        int64_t number;
        if (!carrier)
            continue; /* neither carrier exists: not stored */
        if (s_next_tracking(state, db, &number) != 0)
            return -1;
        rows[i].carrier_code = dure_arena_strdup(arena, code);
        rows[i].tracking_number =
            dure_arena_printf(arena, "%s%010" PRId64, carrier->tracking_prefix, number);
    }
    return 0;
}

/* Numbers the planned shipments of an order, then stores each. A shipment whose carrier and
   the default are both unknown is not stored (start-up checks that the default exists).
   Returns 0 or -1. */
static int s_store_plan(dure_call_t *call, const Dure__V1__OrderConfirmed *order,
                        const logistics_planned_t *plan, size_t count)
{
    logistics_service_t *state = dure_call_state(call);
    dure_arena_t *arena = dure_call_arena(call);
    int64_t now = dure_now_ms();
    logistics_new_shipment_t *rows = DURE_ARENA_NEW(arena, logistics_new_shipment_t, count + 1);
    for (size_t i = 0; i < count; i++) {
        const logistics_planned_t *p = &plan[i];
        rows[i] = (logistics_new_shipment_t){.order_id = order->order_id,
                                             .enterprise_id = p->enterprise_id,
                                             .temperature = (int)p->temperature,
                                             .carrier = p->carrier,
                                             .default_carrier = state->default_carrier,
                                             .ship_from = p->ship_from,
                                             .ship_to = order->ship_to,
                                             .sales_krw = p->sales_krw,
                                             .now_ms = now,
                                             .parcels = p->parcels,
                                             .parcel_count = p->parcel_count};
    }
    if (s_number(call, rows, count) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (rows[i].carrier_code && s_store_planned(call, order, &plan[i], &rows[i]) != 0)
            return -1;
    return 0;
}

/* Returns 1 when the order was cancelled, 0 when not, -1 on error: from the batch's read
   when it covered the order. */
static int s_cancelled(dure_call_t *call, const char *order_id)
{
    logistics_service_t *state = dure_call_state(call);
    void *read;
    if (dure_reads_take_or_read(state->cancelled_orders, order_id, dure_call_arena(call),
                                &read) != 0)
        return -1;
    return read != NULL;
}

int logistics_on_order_confirmed(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__OrderConfirmed *order = (const Dure__V1__OrderConfirmed *)event;
    logistics_service_t *state = dure_call_state(call);
    if (!logistics_check_id(call, "order_id", order->order_id))
        return 0;
    int cancelled = s_cancelled(call, order->order_id);
    if (cancelled != 0) {
        if (cancelled > 0)
            dure_log_event(DURE_LOG_INFO, "dure.v1.OrderConfirmed", s_corr(call),
                           "order %s was cancelled before its confirmation: nothing to ship",
                           order->order_id);
        return cancelled < 0 ? -1 : 0;
    }
    logistics_planned_t *plan = NULL;
    size_t count = 0;
    char err[256] = "";
    int64_t t0 = zclock_usecs();
    int rc = logistics_plan(&state->planner, order, dure_call_arena(call), &plan, &count, err,
                            sizeof err);
    dure_metric_observe(state->plan_seconds, (double)(zclock_usecs() - t0) / 1e6);
    if (rc != 0) {
        dure_call_count(call, state->plan_refused, 1);
        dure_log_event(DURE_LOG_ERROR, "dure.v1.OrderConfirmed", s_corr(call),
                       "order %s cannot be planned: %s", order->order_id, err);
        dure_call_fail(call, DURE__V1__CODE__CODE_INVALID_ARGUMENT, "%s", err);
        return 0;
    }
    return s_store_plan(call, order, plan, count);
}

int logistics_on_order_cancelled(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__OrderCancelled *ev = (const Dure__V1__OrderCancelled *)event;
    logistics_service_t *state = dure_call_state(call);
    dure_db_t *db = dure_service_db(dure_call_service(call));
    if (!logistics_check_id(call, "order_id", ev->order_id))
        return 0;
    int64_t now = dure_now_ms();
    Dure__V1__OrderShipment **list = NULL;
    size_t count = 0;
    dure_reads_forget(state->cancelled_orders, ev->order_id);
    if (logistics_store_cancel_order(db, ev->order_id, ev->reason, now) != 0 ||
        logistics_store_order_shipments(db, dure_call_arena(call), ev->order_id, 1, &list,
                                        &count) != 0)
        return -1;
    int dispatched = 0;
    for (size_t i = 0; i < count; i++) {
        const Dure__V1__OrderShipment *s = list[i];
        if (s->status == S_STATUS(CANCELLED))
            continue;
        if (logistics_tracking_dispatched(s->status)) {
            dispatched++;
            if (logistics_store_mark_return_needed(db, s->shipment_id, now) != 0)
                return -1;
            continue;
        }
        Dure__V1__TrackingEvent step = DURE__V1__TRACKING_EVENT__INIT;
        step.status = S_STATUS(CANCELLED);
        step.at_ms = now;
        if (logistics_store_set_status(db, s->shipment_id, S_STATUS(CANCELLED), now, now) != 0 ||
            logistics_store_add_event(db, s->shipment_id, "s:cancelled", &step, 1, now, NULL) < 0)
            return -1;
        Dure__V1__ShipmentCancelled out = DURE__V1__SHIPMENT_CANCELLED__INIT;
        out.shipment_id = s->shipment_id;
        out.order_id = ev->order_id;
        if (dure_call_publish(call, &out.base) != 0)
            return -1;
        dure_call_count(call, state->cancelled, 1);
    }
    if (dispatched > 0) {
        dure_call_count(call, state->return_needed, dispatched);
        dure_log_event(DURE_LOG_WARN, "dure.v1.OrderCancelled", s_corr(call),
                       "order %s cancelled after dispatch: %d shipment(s) already with the "
                       "carrier are not cancelled and need the return flow",
                       ev->order_id, dispatched);
    }
    return 0;
}
