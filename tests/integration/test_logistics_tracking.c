/*  test_logistics_tracking.c - carrier reports out of order never move a shipment backwards
    (a late "in transit" after "delivered" is history only), the same carrier event twice is
    one event, a carrier event id reused for another status is a conflict, and every forward
    move publishes ShipmentStatusChanged with all the order's shipments.
*/
#include "test_logistics_util.h"

/* Carrier times: minutes after the shipment was planned (the future is allowed up to a day,
   for clock skew). */
#define S_MIN 60000LL

DURE_TEST(logistics_tracking_out_of_order_never_backwards_and_idempotent)
{
    dure_stack_t *stack = dure_stack_new("lg_tracking");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "logistics", 5000);
    dure_client_t *rpc = dure_stack_client(stack, "logistics", 5000);
    REQUIRE(events && rpc);
    lg_order_t o;
    lg_order(&o, "o-track");
    REQUIRE(lg_deliver(events, &o.msg.base, "ev-track-1", NULL) == 0);
    dure_response_t res = {0};
    Dure__V1__ListShipmentsReply *list = lg_list(rpc, "o-track", &res);
    REQUIRE(list && list->n_shipments == 3);
    char id[64];
    snprintf(id, sizeof id, "%s", lg_find(list, "ent-c")->id);
    dure_response_clear(&res);

    const int64_t t0 = dure_now_ms() + 1000;
    int changed = -1, status = -1;
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(PICKED_UP), t0, "cj-1", &changed, &status), 0);
    CHECK_INT_EQ(changed, 1);
    CHECK_INT_EQ(status, LG_S(PICKED_UP));
    /* Delivered arrives before the in-transit and out-for-delivery reports. */
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(DELIVERED), t0 + 20 * S_MIN, "cj-4", &changed, &status), 0);
    CHECK_INT_EQ(changed, 1);
    CHECK_INT_EQ(status, LG_S(DELIVERED));
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(IN_TRANSIT), t0 + 5 * S_MIN, "cj-2", &changed, &status), 0);
    CHECK_INT_EQ(changed, 0);
    CHECK_INT_EQ(status, LG_S(DELIVERED));
    CHECK_INT_EQ(
        lg_track(rpc, id, LG_S(OUT_FOR_DELIVERY), t0 + 15 * S_MIN, "cj-3", &changed, &status), 0);
    CHECK_INT_EQ(changed, 0);
    CHECK_INT_EQ(status, LG_S(DELIVERED));
    /* The same carrier event again: one event. Without an id, status and time are the key. */
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(DELIVERED), t0 + 20 * S_MIN, "cj-4", &changed, &status), 0);
    CHECK_INT_EQ(changed, 0);
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(IN_TRANSIT), t0 + 6 * S_MIN, NULL, &changed, NULL), 0);
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(IN_TRANSIT), t0 + 6 * S_MIN, NULL, &changed, NULL), 0);
    /* An id reused for another status is the carrier's mistake, said so. */
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(EXCEPTION), t0 + 21 * S_MIN, "cj-4", NULL, NULL),
                 DURE__V1__CODE__CODE_CONFLICT);

    /* History: planned + 5 distinct reports, in carrier time; the status never went back. */
    dure_response_t got = {0};
    Dure__V1__Shipment *s = lg_get(rpc, id, &got);
    REQUIRE(s);
    CHECK_INT_EQ(s->status, LG_S(DELIVERED));
    CHECK_INT_EQ(s->n_history, 6);
    for (size_t i = 1; i < s->n_history; i++)
        CHECK(s->history[i - 1]->at_ms <= s->history[i]->at_ms);
    CHECK(s->n_history == 6 && s->history[5]->status == LG_S(DELIVERED) &&
          strcmp(s->history[5]->carrier_event_id, "cj-4") == 0);
    dure_response_clear(&got);

    /* Two moves, two ShipmentStatusChanged for the order service, with all three shipments. */
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentStatusChanged"), 2);
    Dure__V1__ShipmentStatusChanged *ev = (Dure__V1__ShipmentStatusChanged *)lg_last_event(
        stack, &dure__v1__shipment_status_changed__descriptor);
    REQUIRE(ev);
    CHECK_STR_EQ(ev->shipment_id, id);
    CHECK_STR_EQ(ev->order_id, "o-track");
    CHECK_INT_EQ(ev->status, LG_S(DELIVERED));
    CHECK_INT_EQ(ev->at_ms, t0 + 20 * S_MIN);
    CHECK_INT_EQ(ev->n_order_shipments, 3);
    int delivered = 0;
    for (size_t i = 0; i < ev->n_order_shipments; i++)
        delivered += ev->order_shipments[i]->status == LG_S(DELIVERED);
    CHECK_INT_EQ(delivered, 1);
    protobuf_c_message_free_unpacked(&ev->base, NULL);

    /* Bad reports: unknown shipment, a status carriers do not report, no event. */
    CHECK_INT_EQ(lg_track(rpc, "no-such-shipment", LG_S(DELIVERED), t0, NULL, NULL, NULL),
                 DURE__V1__CODE__CODE_NOT_FOUND);
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(PACKED), t0, NULL, NULL, NULL),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK_INT_EQ(
        lg_track(rpc, id, LG_S(IN_TRANSIT), t0 + 3650LL * 24 * 60 * S_MIN, NULL, NULL, NULL),
        DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentStatusChanged"), 2);

    dure_client_destroy(&events);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
