/*  events.h - the events logistics consumes: OrderConfirmed plans shipments, OrderCancelled
    cancels those not yet dispatched.

    Both run at most once per event id (the runtime's inbox), and are idempotent by order as
    well: a second OrderConfirmed for the same order (a new envelope id) finds the shipments
    and creates none. An event that cannot be used (a line without size, no order id) is
    refused: logged, counted, recorded in the inbox, and not redelivered.
*/
#ifndef LOGISTICS_EVENTS_H
#define LOGISTICS_EVENTS_H

#include "handlers.h"

/* The event table and its length. */
extern const dure_route_t logistics_events[];
extern const size_t logistics_event_count;

int logistics_on_order_confirmed(dure_call_t *call, const ProtobufCMessage *event);
int logistics_on_order_cancelled(dure_call_t *call, const ProtobufCMessage *event);

#endif
