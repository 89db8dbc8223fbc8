/*  test_logistics_redelivery.c - an OrderConfirmed delivered twice under the same envelope id
    (a relay that sent it and crashed before deleting it) is applied once: the second copy is
    acknowledged as a duplicate and makes no second set of shipments or events. The same order
    confirmed again under a new envelope id changes nothing either (idempotent by order).
*/
#include "test_logistics_util.h"

DURE_TEST(logistics_redelivered_order_confirmed_makes_no_second_set)
{
    dure_stack_t *stack = dure_stack_new("lg_redelivery");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "logistics", 5000);
    REQUIRE(events);

    lg_order_t o;
    lg_order(&o, "o-redeliver");
    int duplicate = -1;
    CHECK_INT_EQ(lg_deliver(events, &o.msg.base, "ev-redeliver-1", &duplicate), 0);
    CHECK_INT_EQ(duplicate, 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM shipments"), 3);

    CHECK_INT_EQ(lg_deliver(events, &o.msg.base, "ev-redeliver-1", &duplicate), 0);
    CHECK_INT_EQ(duplicate, 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM shipments"), 3);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM parcels"),
                 dure_stack_scalar(stack, "logistics",
                                   "SELECT count(DISTINCT (shipment_id, seq)) FROM parcels"));
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"), 3);

    /* A new envelope for the same order: a second confirmation finds its shipments. */
    CHECK_INT_EQ(lg_deliver(events, &o.msg.base, "ev-redeliver-2", &duplicate), 0);
    CHECK_INT_EQ(duplicate, 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM shipments"), 3);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"), 3);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM tracking_events"), 3);

    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
