/*  test_logistics_cancel.c - OrderCancelled cancels the shipments not yet dispatched (one
    ShipmentCancelled each) and leaves a dispatched one with the carrier, flagged for the
    return flow; a cancelled shipment refuses a packing report; an OrderConfirmed arriving
    after its OrderCancelled plans nothing.
*/
#include "test_logistics_util.h"

static int s_cancel(dure_client_t *events, const char *order_id, const char *envelope_id)
{
    Dure__V1__OrderCancelled ev = DURE__V1__ORDER_CANCELLED__INIT;
    ev.order_id = (char *)order_id;
    ev.reason = "customer request";
    return lg_deliver(events, &ev.base, envelope_id, NULL);
}

static long long s_status(dure_stack_t *stack, const char *seller, const char *order)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT status FROM shipments WHERE enterprise_id = '%s' AND order_id = '%s'", seller,
             order);
    return dure_stack_scalar(stack, "logistics", sql);
}

DURE_TEST(logistics_cancel_before_and_after_dispatch)
{
    dure_stack_t *stack = dure_stack_new("lg_cancel");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "logistics", 5000);
    dure_client_t *rpc = dure_stack_client(stack, "logistics", 5000);
    REQUIRE(events && rpc);

    /* Before any dispatch: all three shipments are cancelled. */
    lg_order_t o;
    lg_order(&o, "o-cancel-early");
    REQUIRE(lg_deliver(events, &o.msg.base, "ev-ce-1", NULL) == 0);
    CHECK_INT_EQ(s_cancel(events, "o-cancel-early", "ev-ce-2"), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics",
                                   "SELECT count(*) FROM shipments WHERE order_id = "
                                   "'o-cancel-early' AND status = 9"),
                 3);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentCancelled"), 3);

    /* After one shipment was picked up: it stays with the carrier, the others are cancelled. */
    lg_order(&o, "o-cancel-late");
    REQUIRE(lg_deliver(events, &o.msg.base, "ev-cl-1", NULL) == 0);
    dure_response_t res = {0};
    Dure__V1__ListShipmentsReply *list = lg_list(rpc, "o-cancel-late", &res);
    REQUIRE(list && list->n_shipments == 3);
    char picked[64], packed[64];
    snprintf(picked, sizeof picked, "%s", lg_find(list, "ent-a")->id);
    snprintf(packed, sizeof packed, "%s", lg_find(list, "ent-b")->id);
    dure_response_clear(&res);
    CHECK_INT_EQ(lg_track(rpc, picked, LG_S(PICKED_UP), dure_now_ms(), "p-1", NULL, NULL), 0);
    CHECK_INT_EQ(s_cancel(events, "o-cancel-late", "ev-cl-2"), 0);
    CHECK_INT_EQ(s_status(stack, "ent-a", "o-cancel-late"), LG_S(PICKED_UP));
    CHECK_INT_EQ(s_status(stack, "ent-b", "o-cancel-late"), LG_S(CANCELLED));
    CHECK_INT_EQ(s_status(stack, "ent-c", "o-cancel-late"), LG_S(CANCELLED));
    CHECK_INT_EQ(
        dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM shipments WHERE return_needed"),
        1);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentCancelled"), 5);
    /* The dispatched one goes on being tracked; the cancelled ones refuse packing. */
    int changed = -1;
    CHECK_INT_EQ(lg_track(rpc, picked, LG_S(DELIVERED), dure_now_ms(), "p-2", &changed, NULL), 0);
    CHECK_INT_EQ(changed, 1);
    Dure__V1__Parcel parcel = DURE__V1__PARCEL__INIT;
    parcel.box_code = "kp-2";
    parcel.product_volume_cm3 = 1200;
    Dure__V1__Parcel *parcels[] = {&parcel};
    Dure__V1__ReportPacked rp = DURE__V1__REPORT_PACKED__INIT;
    rp.shipment_id = packed;
    rp.n_parcels = 1;
    rp.parcels = parcels;
    CHECK_INT_EQ(lg_call(rpc, &rp.base, &dure__v1__report_packed_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_FAILED_PRECONDITION);
    /* A carrier report on a cancelled shipment is history, not a status. */
    CHECK_INT_EQ(lg_track(rpc, packed, LG_S(PICKED_UP), dure_now_ms(), "p-3", &changed, NULL), 0);
    CHECK_INT_EQ(changed, 0);
    CHECK_INT_EQ(s_status(stack, "ent-b", "o-cancel-late"), LG_S(CANCELLED));

    /* Cancelled before its confirmation arrives: nothing is planned. */
    CHECK_INT_EQ(s_cancel(events, "o-cancel-first", "ev-cf-1"), 0);
    lg_order(&o, "o-cancel-first");
    CHECK_INT_EQ(lg_deliver(events, &o.msg.base, "ev-cf-2", NULL), 0);
    CHECK_INT_EQ(
        dure_stack_scalar(stack, "logistics",
                          "SELECT count(*) FROM shipments WHERE order_id = 'o-cancel-first'"),
        0);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"), 6);

    dure_client_destroy(&events);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
