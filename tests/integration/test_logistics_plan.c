/*  test_logistics_plan.c - an OrderConfirmed from three sellers, one chilled, sent to the real
    logistics process, makes three shipments with boxes, ice packs only for the chilled one,
    the sellers' addresses and carriers, tracking numbers, a ShipmentPlanned each for
    packaging; the seller's pick list and the carrier list answer; an order of services only
    makes nothing.

    Logistics alone: the test plays the order service on logistics' EVENTS endpoint, and
    packaging is down, so the ShipmentPlanned rows wait in the outbox where the test reads
    them.
*/
#include "test_logistics_util.h"

static int s_has_material(const Dure__V1__Shipment *s, Dure__V1__Material m)
{
    for (size_t p = 0; p < s->n_parcels; p++)
        for (size_t i = 0; i < s->parcels[p]->n_materials; i++)
            if (s->parcels[p]->materials[i]->material == m)
                return 1;
    return 0;
}

DURE_TEST(logistics_order_confirmed_three_sellers_one_chilled)
{
    dure_stack_t *stack = dure_stack_new("lg_plan");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "logistics", 5000);
    dure_client_t *rpc = dure_stack_client(stack, "logistics", 5000);
    REQUIRE(events && rpc);

    lg_order_t o;
    lg_order(&o, "o-plan-1");
    CHECK_INT_EQ(lg_deliver(events, &o.msg.base, "ev-plan-1", NULL), 0);

    dure_response_t res = {0};
    Dure__V1__ListShipmentsReply *list = lg_list(rpc, "o-plan-1", &res);
    REQUIRE(list);
    CHECK_INT_EQ(list->n_shipments, 3);
    Dure__V1__Shipment *a = lg_find(list, "ent-a"), *b = lg_find(list, "ent-b"),
                       *c = lg_find(list, "ent-c");
    REQUIRE(a && b && c);
    CHECK_INT_EQ(a->temperature, LG_T(AMBIENT));
    CHECK_INT_EQ(c->temperature, LG_T(CHILLED));
    CHECK_INT_EQ(a->status, LG_S(PLANNED));
    /* Boxes from the Korea Post catalog; two 4 kg rice bags do not share kp-3. */
    CHECK(a->n_parcels >= 1 && strncmp(a->parcels[0]->box_code, "kp-", 3) == 0);
    CHECK(b->n_parcels == 1 && c->n_parcels == 1);
    CHECK(a->parcels[0]->fill_ratio > 0 && a->parcels[0]->fill_ratio <= 1);
    CHECK(a->parcels[0]->inner_volume_cm3 > a->parcels[0]->product_volume_cm3);
    /* Ice packs for the chilled kimchi only; paper fill for the fragile jar only. */
    CHECK(s_has_material(c, DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER));
    CHECK(!s_has_material(a, DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER));
    CHECK(!s_has_material(b, DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER));
    CHECK(s_has_material(b, DURE__V1__MATERIAL__MATERIAL_PAPER_FILL));
    CHECK(!s_has_material(a, DURE__V1__MATERIAL__MATERIAL_PAPER_FILL));
    /* Placed items: the chilled parcel holds the kimchi and its packs, positions inside. */
    const Dure__V1__Parcel *cold = c->parcels[0];
    int kimchi = 0, packs = 0;
    for (size_t i = 0; i < cold->n_items; i++) {
        kimchi += strcmp(cold->items[i]->product_id, "p-kimchi") == 0;
        packs += strcmp(cold->items[i]->product_id, "ice-pack") == 0;
        CHECK(cold->items[i]->x_mm + cold->items[i]->placed->length_mm <= cold->inner->length_mm);
    }
    CHECK_INT_EQ(kimchi, 1);
    CHECK(packs >= 1);
    /* Ship from the seller, to the customer; the seller's carrier or the default. */
    CHECK_STR_EQ(a->ship_from->postcode, "32233");
    CHECK_STR_EQ(c->ship_from->postcode, "31700");
    CHECK_STR_EQ(c->ship_to->postcode, "24341");
    CHECK_STR_EQ(a->carrier, "cj");
    CHECK_STR_EQ(b->carrier, "epost");
    CHECK_STR_EQ(c->carrier, "lotte");
    CHECK(strncmp(a->tracking_number, "CJ", 2) == 0 && strlen(a->tracking_number) == 12);
    CHECK(strncmp(b->tracking_number, "EP", 2) == 0);
    CHECK(strcmp(a->tracking_number, c->tracking_number) != 0);

    /* One ShipmentPlanned per shipment, waiting for packaging, with the lines' sales. */
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"), 3);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics",
                                   "SELECT sales_krw FROM shipments WHERE enterprise_id = 'ent-a'"),
                 64000);

    /* GetShipment: the history starts with PLANNED. */
    dure_response_t got = {0};
    Dure__V1__Shipment *one = lg_get(rpc, c->id, &got);
    REQUIRE(one);
    CHECK_INT_EQ(one->n_history, 1);
    CHECK(one->n_history == 1 && one->history[0]->status == LG_S(PLANNED));
    CHECK_INT_EQ(one->n_parcels, 1);
    dure_response_clear(&got);

    /* ent-c's pick list: its planned shipments. */
    Dure__V1__ListShipments pick = DURE__V1__LIST_SHIPMENTS__INIT;
    pick.enterprise_id = "ent-c";
    pick.status = LG_S(PLANNED);
    dure_response_t picked = {0};
    REQUIRE(lg_call(rpc, &pick.base, &dure__v1__list_shipments_reply__descriptor, &picked) == 0);
    Dure__V1__ListShipmentsReply *pl = (Dure__V1__ListShipmentsReply *)picked.payload;
    CHECK(pl && pl->n_shipments == 1 && strcmp(pl->shipments[0]->id, c->id) == 0);
    dure_response_clear(&picked);
    pick.status = LG_S(DELIVERED);
    REQUIRE(lg_call(rpc, &pick.base, &dure__v1__list_shipments_reply__descriptor, &picked) == 0);
    pl = (Dure__V1__ListShipmentsReply *)picked.payload;
    CHECK(!pl || pl->n_shipments == 0); /* an empty reply has no payload */
    dure_response_clear(&picked);
    dure_response_clear(&res);

    /* Neither order nor seller: refused with a field error. */
    Dure__V1__ListShipments bad = DURE__V1__LIST_SHIPMENTS__INIT;
    CHECK_INT_EQ(lg_call(rpc, &bad.base, &dure__v1__list_shipments_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);

    /* Carriers: the four seeded ones. */
    Dure__V1__ListCarriers lc = DURE__V1__LIST_CARRIERS__INIT;
    dure_response_t carriers = {0};
    REQUIRE(lg_call(rpc, &lc.base, &dure__v1__list_carriers_reply__descriptor, &carriers) == 0);
    Dure__V1__ListCarriersReply *cr = (Dure__V1__ListCarriersReply *)carriers.payload;
    CHECK(cr && cr->n_carriers == 4);
    dure_response_clear(&carriers);

    /* An order of services only: no shipment, no event. */
    lg_order_t s;
    lg_order(&s, "o-plan-services");
    s.msg.n_lines = 0;
    lg_line(&s, "p-class", "ent-a", 0, 0, 0, 0, 2, 30000, LG_T(AMBIENT), 0, 0);
    CHECK_INT_EQ(lg_deliver(events, &s.msg.base, "ev-plan-2", NULL), 0);
    CHECK_INT_EQ(
        dure_stack_scalar(stack, "logistics",
                          "SELECT count(*) FROM shipments WHERE order_id = 'o-plan-services'"),
        0);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"), 3);

    /* A line without a size is refused, recorded, and plans nothing. */
    lg_order_t bad_o;
    lg_order(&bad_o, "o-plan-bad");
    bad_o.sizes[1].length_mm = 0;
    CHECK_INT_EQ(lg_deliver(events, &bad_o.msg.base, "ev-plan-3", NULL), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics",
                                   "SELECT count(*) FROM shipments WHERE order_id = 'o-plan-bad'"),
                 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics",
                                   "SELECT outcome FROM inbox WHERE event_id = 'ev-plan-3'"),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);

    dure_client_destroy(&events);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
