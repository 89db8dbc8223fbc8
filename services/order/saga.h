/*  saga.h - the order service's events: StockReserved and StockRejected from the catalog,
    ShipmentStatusChanged from logistics. Each handler moves the order one step when the
    state machine allows it, records the step in the history with the causing event, and
    emits OrderConfirmed or OrderRejected; stale or impossible steps are refused and logged.
*/
#ifndef ORDER_SAGA_H
#define ORDER_SAGA_H

#include "dure.h"

/* The event table of the service and its length. */
extern const dure_route_t order_events[];
extern const size_t order_event_count;

int order_saga_stock_reserved(dure_call_t *call, const ProtobufCMessage *event);
/* Notes the order of a StockReserved before the batch is applied, so that the orders a
   whole batch confirms are locked and read at once (order_service_t.confirms). */
int order_saga_prepare_stock_reserved(dure_call_t *call, const ProtobufCMessage *event);
int order_saga_stock_rejected(dure_call_t *call, const ProtobufCMessage *event);
int order_saga_shipment_status(dure_call_t *call, const ProtobufCMessage *event);

#endif
