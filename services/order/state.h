/*  state.h - the order's state machine, pure: which transitions are allowed, and the order
    status that a set of shipment statuses implies.

        PENDING -> CONFIRMED | REJECTED | CANCELLED
        CONFIRMED -> PARTIALLY_SHIPPED | SHIPPED | DELIVERED | CANCELLED (nothing dispatched)
        PARTIALLY_SHIPPED -> SHIPPED | DELIVERED
        SHIPPED -> DELIVERED

    REJECTED, CANCELLED and DELIVERED are final. The shipping steps only move forward, and
    may skip a step (events arrive late or out of order, and ShipmentStatusChanged carries
    every shipment, so a later event tells the whole truth). Anything else is refused.
*/
#ifndef ORDER_STATE_H
#define ORDER_STATE_H

#include "dure/v1/common.pb-c.h"

#include <stddef.h>

typedef Dure__V1__OrderStatus order_status_t;

/* Returns 1 when an order may move from `from` to `to`, 0 otherwise (including from == to). */
int order_state_allowed(order_status_t from, order_status_t to);

/* Returns 1 when the status is final (REJECTED, CANCELLED, DELIVERED). */
int order_state_final(order_status_t status);

/* Returns 1 when a shipment in this status has left the seller (picked up or later, but not
   cancelled). */
int order_shipment_dispatched(Dure__V1__ShipmentStatus status);

/* The order status implied by its shipments: DELIVERED when every live (not cancelled)
   shipment is delivered, SHIPPED when every one is dispatched, PARTIALLY_SHIPPED when some
   are, otherwise CONFIRMED. With no live shipment, CONFIRMED. */
order_status_t order_state_from_shipments(const Dure__V1__ShipmentStatus *statuses, size_t count);

/* Upper-case name without prefix, such as "PARTIALLY_SHIPPED"; "UNSPECIFIED" when unknown. */
const char *order_status_name(order_status_t status);

/* The status named by a word (any case, "partially_shipped" or "ORDER_PARTIALLY_SHIPPED"),
   or ORDER_STATUS_UNSPECIFIED. */
order_status_t order_status_from_name(const char *name);

#endif
