/*  events.h - the events the catalog consumes: OrderPlaced reserves stock, all lines or
    none; OrderCancelled gives it back.

    The runtime applies each event once per event id (inbox). These handlers are idempotent
    per order as well: an order the catalog has seen is never reserved twice, and a release
    gives back only what is still held, once, so a producer that re-emits an order's event
    under a new id changes nothing either. An OrderCancelled that arrives before its
    OrderPlaced leaves a 'cancelled' mark, and the late OrderPlaced then reserves nothing.
*/
#ifndef CATALOG_EVENTS_H
#define CATALOG_EVENTS_H

#include "catalog.h"

/* The event routes, for the service definition. */
extern const dure_route_t catalog_event_routes[];
extern const size_t catalog_event_route_count;

/* Reserves the order's lines, or none of them; publishes StockReserved or StockRejected in
   the same transaction. Returns 0, or -1 when PostgreSQL failed (the event is redelivered). */
int catalog_handle_order_placed(dure_call_t *call, const ProtobufCMessage *event);

/* Releases what the order holds. Returns 0 or -1. */
int catalog_handle_order_cancelled(dure_call_t *call, const ProtobufCMessage *event);

#endif
