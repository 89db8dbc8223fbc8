/*  test_order_saga.c - the order follows its journey: StockReserved confirms it (with
    OrderConfirmed for logistics), a redelivered event changes nothing, shipments move it
    to PARTIALLY_SHIPPED, SHIPPED and DELIVERED, stale steps are refused, and a dispatched
    order cannot be cancelled. Every step is in the history with the event that caused it.
*/
#include "test_order_util.h"

static char s_id[64];

static void s_shipments(dure_stack_t *stack, const char *moved, Dure__V1__ShipmentStatus a,
                        Dure__V1__ShipmentStatus b, int64_t at, const char *event_id)
{
    Dure__V1__OrderShipment s1 = DURE__V1__ORDER_SHIPMENT__INIT, s2 = DURE__V1__ORDER_SHIPMENT__INIT;
    s1.shipment_id = "shp-1";
    s1.enterprise_id = "ent-001";
    s1.status = a;
    s1.updated_at_ms = at;
    s2.shipment_id = "shp-2";
    s2.enterprise_id = "ent-002";
    s2.status = b;
    s2.updated_at_ms = at;
    Dure__V1__OrderShipment *all[] = {&s1, &s2};
    Dure__V1__ShipmentStatusChanged ev = DURE__V1__SHIPMENT_STATUS_CHANGED__INIT;
    ev.order_id = s_id;
    ev.shipment_id = (char *) moved;
    ev.status = strcmp(moved, "shp-1") == 0 ? a : b;
    ev.at_ms = at;
    ev.order_shipments = all;
    ev.n_order_shipments = 2;
    CHECK_INT_EQ(order_test_event(stack, &ev.base, event_id), 0);
}

DURE_TEST(order_saga_confirms_ships_and_delivers)
{
    dure_stack_t *stack = dure_stack_new("order_saga");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    order_test_order_t o;
    order_test_order_init(&o, "c-saga");
    dure_response_t r;
    REQUIRE_INT_EQ(order_test_place(client, &o.order, "saga-1", &r), DURE__V1__CODE__CODE_OK);
    snprintf(s_id, sizeof s_id, "%s", ((Dure__V1__PlaceOrderReply *) r.payload)->order_id);
    dure_response_clear(&r);

    Dure__V1__StockReserved reserved = DURE__V1__STOCK_RESERVED__INIT;
    reserved.order_id = s_id;
    CHECK_INT_EQ(order_test_event(stack, &reserved.base, "evt-reserved-1"), 0);
    CHECK_INT_EQ(order_test_get(client, s_id, &r), DURE__V1__ORDER_STATUS__ORDER_CONFIRMED);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM outbox WHERE type = "
                                   "'dure.v1.OrderConfirmed' AND destination = 'logistics'"),
                 1);
    /* The same event again (redelivery) is absorbed by the inbox: still one OrderConfirmed. */
    CHECK_INT_EQ(order_test_event(stack, &reserved.base, "evt-reserved-1"), 0);
    /* Another StockReserved for a confirmed order is stale: refused, acknowledged. */
    CHECK_INT_EQ(order_test_event(stack, &reserved.base, "evt-reserved-2"), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM outbox WHERE type = 'dure.v1.OrderConfirmed'"),
                 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM order_history"), 2);

    s_shipments(stack, "shp-1", DURE__V1__SHIPMENT_STATUS__SHIPMENT_PICKED_UP,
                DURE__V1__SHIPMENT_STATUS__SHIPMENT_PACKED, 1000, "evt-ship-1");
    CHECK_INT_EQ(order_test_get(client, s_id, &r), DURE__V1__ORDER_STATUS__ORDER_PARTIALLY_SHIPPED);
    dure_response_clear(&r);

    /* A dispatched order cannot be cancelled. */
    Dure__V1__CancelOrder cancel = DURE__V1__CANCEL_ORDER__INIT;
    cancel.order_id = s_id;
    dure_client_call(client, &cancel.base, NULL, NULL, &dure__v1__cancel_order_reply__descriptor, &r);
    CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_FAILED_PRECONDITION);
    dure_response_clear(&r);

    s_shipments(stack, "shp-2", DURE__V1__SHIPMENT_STATUS__SHIPMENT_IN_TRANSIT,
                DURE__V1__SHIPMENT_STATUS__SHIPMENT_IN_TRANSIT, 2000, "evt-ship-2");
    CHECK_INT_EQ(order_test_get(client, s_id, &r), DURE__V1__ORDER_STATUS__ORDER_SHIPPED);
    dure_response_clear(&r);
    /* A late, older report (only shp-1 picked up) would move it back: refused. */
    s_shipments(stack, "shp-1", DURE__V1__SHIPMENT_STATUS__SHIPMENT_PICKED_UP,
                DURE__V1__SHIPMENT_STATUS__SHIPMENT_PACKED, 1500, "evt-ship-old");
    CHECK_INT_EQ(order_test_get(client, s_id, &r), DURE__V1__ORDER_STATUS__ORDER_SHIPPED);
    dure_response_clear(&r);

    s_shipments(stack, "shp-1", DURE__V1__SHIPMENT_STATUS__SHIPMENT_DELIVERED,
                DURE__V1__SHIPMENT_STATUS__SHIPMENT_DELIVERED, 3000, "evt-ship-3");
    CHECK_INT_EQ(order_test_get(client, s_id, &r), DURE__V1__ORDER_STATUS__ORDER_DELIVERED);
    if (r.payload) {
        const Dure__V1__Order *order = ((Dure__V1__GetOrderReply *) r.payload)->order;
        static const int steps[] = {DURE__V1__ORDER_STATUS__ORDER_PENDING,
                                    DURE__V1__ORDER_STATUS__ORDER_CONFIRMED,
                                    DURE__V1__ORDER_STATUS__ORDER_PARTIALLY_SHIPPED,
                                    DURE__V1__ORDER_STATUS__ORDER_SHIPPED,
                                    DURE__V1__ORDER_STATUS__ORDER_DELIVERED};
        static const char *causes[] = {NULL, "evt-reserved-1", "evt-ship-1", "evt-ship-2",
                                       "evt-ship-3"};
        REQUIRE_INT_EQ(order->n_history, 5);
        for (int i = 0; i < 5; i++) {
            CHECK_INT_EQ(order->history[i]->status, steps[i]);
            if (causes[i])
                CHECK_STR_EQ(order->history[i]->cause_id, causes[i]);
            if (i > 0)
                CHECK(order->history[i]->at_ms >= order->history[i - 1]->at_ms);
        }
        CHECK_STR_EQ(order->history[1]->cause_type, "dure.v1.StockReserved");
        REQUIRE_INT_EQ(order->n_shipments, 2);
        CHECK_INT_EQ(order->shipments[0]->status, DURE__V1__SHIPMENT_STATUS__SHIPMENT_DELIVERED);
    }
    dure_response_clear(&r);

    /* Stock rejection after delivery is impossible: refused, nothing changes. */
    Dure__V1__StockRejected rejected = DURE__V1__STOCK_REJECTED__INIT;
    rejected.order_id = s_id;
    CHECK_INT_EQ(order_test_event(stack, &rejected.base, NULL), 0);
    CHECK_INT_EQ(order_test_get(client, s_id, &r), DURE__V1__ORDER_STATUS__ORDER_DELIVERED);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM order_history"), 5);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}
