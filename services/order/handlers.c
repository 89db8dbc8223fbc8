/*  handlers.c - the order service's request table, queries and cancellation.

    PlaceOrder is in place.c, ImportOrders in import.c and SalesReport in report.c; the
    queries and CancelOrder are here. Messages built for replies live in the call's arena.
*/
#include "handlers.h"
#include "validate.h"

#define S_PAGE_DEFAULT 50
#define S_PAGE_MAX 500

const dure_route_t order_requests[] = {
    {&dure__v1__place_order__descriptor, &dure__v1__place_order_reply__descriptor,
     order_handle_place, 0, order_prepare_place},
    {&dure__v1__get_order__descriptor, &dure__v1__get_order_reply__descriptor, order_handle_get,
     1, NULL},
    {&dure__v1__get_order_status__descriptor, &dure__v1__get_order_status_reply__descriptor,
     order_handle_get_status, 1, NULL},
    {&dure__v1__list_orders__descriptor, &dure__v1__list_orders_reply__descriptor,
     order_handle_list, 1, NULL},
    {&dure__v1__cancel_order__descriptor, &dure__v1__cancel_order_reply__descriptor,
     order_handle_cancel},
    {&dure__v1__import_orders__descriptor, &dure__v1__import_orders_reply__descriptor,
     order_handle_import},
    {&dure__v1__sales_report__descriptor, &dure__v1__sales_report_reply__descriptor,
     order_handle_sales_report, 1, NULL},
};
const size_t order_request_count = sizeof order_requests / sizeof order_requests[0];

int order_check_id(dure_call_t *call, const char *field, const char *id)
{
    if (!id || !*id)
        dure_call_field_error(call, field, "is required");
    else if (strlen(id) > DURE_ID_MAX)
        dure_call_field_error(call, field, "is longer than %d bytes", DURE_ID_MAX);
    else
        return 1;
    return 0;
}

int order_handle_get(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__GetOrder *req = (const Dure__V1__GetOrder *) request;
    order_service_t *svc = dure_call_state(call);
    if (!order_check_id(call, "order_id", req->order_id))
        return 0;
    Dure__V1__GetOrderReply reply = DURE__V1__GET_ORDER_REPLY__INIT;
    int found = order_store_get(svc->store, req->order_id, 1, dure_call_arena(call), &reply.order);
    if (found < 0)
        return -1;
    if (!found)
        dure_call_fail(call, DURE__V1__CODE__CODE_NOT_FOUND, "no order %s", req->order_id);
    else
        dure_call_reply(call, &reply.base);
    return 0;
}

int order_handle_get_status(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__GetOrderStatus *req = (const Dure__V1__GetOrderStatus *) request;
    order_service_t *svc = dure_call_state(call);
    if (!order_check_id(call, "order_id", req->order_id))
        return 0;
    order_change_t status;
    if (order_cache_get(svc->cache, req->order_id, &status) != 1) {
        int found = order_store_status(svc->store, req->order_id, &status);
        if (found < 0)
            return -1;
        if (!found) {
            dure_call_fail(call, DURE__V1__CODE__CODE_NOT_FOUND, "no order %s", req->order_id);
            return 0;
        }
        order_cache_note(svc->cache, &status); /* filled after the commit */
    }
    Dure__V1__GetOrderStatusReply reply = DURE__V1__GET_ORDER_STATUS_REPLY__INIT;
    reply.order_id = req->order_id;
    reply.status = (Dure__V1__OrderStatus) status.status;
    reply.updated_at_ms = status.at_ms;
    dure_call_reply(call, &reply.base);
    return 0;
}

int order_handle_list(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ListOrders *req = (const Dure__V1__ListOrders *) request;
    order_service_t *svc = dure_call_state(call);
    order_filter_t f = {.customer_id = req->customer_id, .status = req->status,
                        .from_ms = req->from_ms, .to_ms = req->to_ms,
                        .page_size = req->page ? req->page->page_size : 0,
                        .page_token = req->page ? req->page->page_token : ""};
    if (f.customer_id && strlen(f.customer_id) > ORDER_MAX_ID)
        dure_call_field_error(call, "customer_id", "is longer than %d bytes", ORDER_MAX_ID);
    if (f.status < 0 || f.status > DURE__V1__ORDER_STATUS__ORDER_CANCELLED)
        dure_call_field_error(call, "status", "is not an order status");
    if (f.from_ms < 0 || f.to_ms < 0 || (f.to_ms && f.from_ms > f.to_ms))
        dure_call_field_error(call, "from_ms", "must be a time before to_ms");
    if (f.page_size < 0 || f.page_size > S_PAGE_MAX)
        dure_call_field_error(call, "page.page_size", "must be between 1 and %d", S_PAGE_MAX);
    if (dure_call_failed(call))
        return 0;
    if (f.page_size == 0)
        f.page_size = S_PAGE_DEFAULT;
    Dure__V1__ListOrdersReply reply = DURE__V1__LIST_ORDERS_REPLY__INIT;
    int rc = order_store_list(svc->store, &f, dure_call_arena(call), &reply);
    if (rc == -2) {
        dure_call_field_error(call, "page.page_token", "is not a token of this list");
        return 0;
    }
    if (rc < 0)
        return -1;
    dure_call_reply(call, &reply.base);
    return 0;
}

/* Publishes OrderCancelled: the reserved physical lines to release, the refund. */
static int s_publish_cancelled(dure_call_t *call, const Dure__V1__Order *o,
                               const order_row_t *row, const char *reason)
{
    dure_arena_t *arena = dure_call_arena(call);
    Dure__V1__OrderCancelled ev = DURE__V1__ORDER_CANCELLED__INIT;
    ev.order_id = o->id;
    ev.payment_ref = o->payment_ref;
    ev.refund_krw = row->total_krw;
    ev.reason = (char *) reason;
    ev.reserved_lines = DURE_ARENA_NEW(arena, Dure__V1__OrderLineRequest *, o->n_lines + 1);
    for (size_t i = 0; row->reserved && i < o->n_lines; i++) {
        if (!o->lines[i]->physical)
            continue;
        Dure__V1__OrderLineRequest *l = DURE_ARENA_NEW(arena, Dure__V1__OrderLineRequest, 1);
        dure__v1__order_line_request__init(l);
        l->product_id = o->lines[i]->product_id;
        l->quantity = o->lines[i]->quantity;
        ev.reserved_lines[ev.n_reserved_lines++] = l;
    }
    return dure_call_publish(call, &ev.base);
}

/* Returns 1 when a shipment of the order has left its seller. */
static int s_dispatched(const Dure__V1__Order *o)
{
    for (size_t i = 0; i < o->n_shipments; i++)
        if (order_shipment_dispatched(o->shipments[i]->status))
            return 1;
    return 0;
}

int order_handle_cancel(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__CancelOrder *req = (const Dure__V1__CancelOrder *) request;
    order_service_t *svc = dure_call_state(call);
    dure_arena_t *arena = dure_call_arena(call);
    if (!order_check_id(call, "order_id", req->order_id))
        return 0;
    if (req->reason && strlen(req->reason) > ORDER_MAX_REASON) {
        dure_call_field_error(call, "reason", "is longer than %d bytes", ORDER_MAX_REASON);
        return 0;
    }
    order_row_t row;
    Dure__V1__CancelOrderReply reply = DURE__V1__CANCEL_ORDER_REPLY__INIT;
    int found = order_store_lock(svc->store, req->order_id, &row);
    if (found > 0)
        found = order_store_get(svc->store, req->order_id, 1, arena, &reply.order);
    if (found < 0)
        return -1;
    if (!found) {
        dure_call_fail(call, DURE__V1__CODE__CODE_NOT_FOUND, "no order %s", req->order_id);
        return 0;
    }
    if (row.status == DURE__V1__ORDER_STATUS__ORDER_CANCELLED) { /* asked again: same answer */
        dure_call_reply(call, &reply.base);
        return 0;
    }
    if (!order_state_allowed(row.status, DURE__V1__ORDER_STATUS__ORDER_CANCELLED) ||
        s_dispatched(reply.order)) {
        dure_call_fail(call, DURE__V1__CODE__CODE_FAILED_PRECONDITION,
                       "order %s is %s%s: only orders with nothing dispatched can be cancelled",
                       req->order_id, order_status_name(row.status),
                       s_dispatched(reply.order) ? " with a shipment dispatched" : "");
        return 0;
    }
    order_change_t change;
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    const char *reason = req->reason ? req->reason : "";
    order_row_t before = row; /* the stock it held is what the catalog releases */
    if (order_store_transition(svc->store, req->order_id, &row,
                               DURE__V1__ORDER_STATUS__ORDER_CANCELLED, env->type, env->id,
                               reason, 0, 1, &change) != 0 ||
        s_publish_cancelled(call, reply.order, &before, reason) != 0)
        return -1;
    if (order_store_get(svc->store, req->order_id, 1, arena, &reply.order) < 0)
        return -1;
    order_cache_note(svc->cache, &change);
    dure_call_reply(call, &reply.base);
    return 0;
}
