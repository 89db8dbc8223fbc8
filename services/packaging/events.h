/*  events.h - the events packaging consumes from logistics: ShipmentPlanned, ShipmentPacked
    and ShipmentCancelled.

    Events of different types arrive in any order, so the outcome depends on what is recorded,
    never on arrival order: PACKED is never replaced by a PLANNED that arrives late (the plan
    joins the history and gives the record its sales value); a VOID record stays void whatever
    arrives after it (a cancel that overtook the plan leaves a void placeholder); a record that
    is replaced goes to the history. Duplicate deliveries of one event never reach these
    handlers (the runtime's inbox), and a second, different event of the same kind replaces the
    record, so the totals always equal the current records.
*/
#ifndef PACKAGING_EVENTS_H
#define PACKAGING_EVENTS_H

#include "handlers.h"

#include "dure/v1/events.pb-c.h"

/* The event routes, for the service definition. */
extern const dure_route_t packaging_event_routes[];
extern const size_t packaging_event_route_count;

int packaging_on_shipment_planned(dure_call_t *call, const ProtobufCMessage *event);
int packaging_on_shipment_packed(dure_call_t *call, const ProtobufCMessage *event);
int packaging_on_shipment_cancelled(dure_call_t *call, const ProtobufCMessage *event);

#endif
