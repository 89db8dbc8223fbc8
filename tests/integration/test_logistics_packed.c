/*  test_logistics_packed.c - the packer reports the box and materials really used: the reply
    and every later answer show the reported parcel (sizes filled from the box catalog, fill
    ratio computed), the shipment is PACKED with a history step, ShipmentPacked goes to
    packaging, and bad reports change nothing.
*/
#include "test_logistics_util.h"

DURE_TEST(logistics_report_packed_replaces_the_plan)
{
    dure_stack_t *stack = dure_stack_new("lg_packed");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "logistics", 5000);
    dure_client_t *rpc = dure_stack_client(stack, "logistics", 5000);
    REQUIRE(events && rpc);
    lg_order_t o;
    lg_order(&o, "o-packed");
    REQUIRE(lg_deliver(events, &o.msg.base, "ev-packed-1", NULL) == 0);
    dure_response_t res = {0};
    Dure__V1__ListShipmentsReply *list = lg_list(rpc, "o-packed", &res);
    REQUIRE(list && list->n_shipments == 3);
    char id[64];
    snprintf(id, sizeof id, "%s", lg_find(list, "ent-b")->id);
    dure_response_clear(&res);

    /* The packer used a kp-4 with 40 g of paper and reports 1,440 cm3 of product. */
    Dure__V1__MaterialUse paper = DURE__V1__MATERIAL_USE__INIT;
    paper.material = DURE__V1__MATERIAL__MATERIAL_PAPER_FILL;
    paper.grams = 40;
    paper.recyclable = 1;
    Dure__V1__MaterialUse *uses[] = {&paper};
    Dure__V1__Parcel parcel = DURE__V1__PARCEL__INIT;
    parcel.box_code = "kp-4";
    parcel.product_volume_cm3 = 1440;
    parcel.gross_weight_g = 1200;
    parcel.n_materials = 1;
    parcel.materials = uses;
    Dure__V1__Parcel *parcels[] = {&parcel};
    Dure__V1__ReportPacked rp = DURE__V1__REPORT_PACKED__INIT;
    rp.shipment_id = id;
    rp.n_parcels = 1;
    rp.parcels = parcels;
    dure_response_t packed = {0};
    REQUIRE(lg_call(rpc, &rp.base, &dure__v1__report_packed_reply__descriptor, &packed) == 0);
    Dure__V1__Shipment *s = ((Dure__V1__ReportPackedReply *)packed.payload)->shipment;
    REQUIRE(s && s->n_parcels == 1);
    CHECK_INT_EQ(s->status, LG_S(PACKED));
    CHECK_STR_EQ(s->parcels[0]->box_code, "kp-4");
    /* kp-4 outer 410 x 310 x 280, inner 400 x 300 x 270 = 32,400 cm3. */
    CHECK_INT_EQ(s->parcels[0]->outer->length_mm, 410);
    CHECK_INT_EQ(s->parcels[0]->inner_volume_cm3, 32400);
    CHECK_DBL_NEAR(s->parcels[0]->fill_ratio, 1440.0 / 32400.0, 1e-9);
    CHECK_INT_EQ(s->n_history, 2);
    CHECK(s->n_history == 2 && s->history[1]->status == LG_S(PACKED));
    dure_response_clear(&packed);

    /* GetShipment shows the report; the plan is kept in the table. */
    dure_response_t got = {0};
    Dure__V1__Shipment *again = lg_get(rpc, id, &got);
    REQUIRE(again && again->n_parcels == 1);
    CHECK_STR_EQ(again->parcels[0]->box_code, "kp-4");
    dure_response_clear(&got);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM parcels WHERE stage = 1 AND shipment_id = '%s'",
             id);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", sql), 1);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPacked"), 1);
    Dure__V1__ShipmentPacked *ev =
        (Dure__V1__ShipmentPacked *)lg_last_event(stack, &dure__v1__shipment_packed__descriptor);
    REQUIRE(ev && ev->shipment);
    CHECK_STR_EQ(ev->shipment->id, id);
    CHECK(ev->shipment->n_parcels == 1 && ev->shipment->parcels[0]->n_materials == 1);
    protobuf_c_message_free_unpacked(&ev->base, NULL);

    /* Bad reports: an unknown box without sizes, product larger than the box, unknown
       shipment. Nothing changes. */
    parcel.box_code = "mystery-box";
    CHECK_INT_EQ(lg_call(rpc, &rp.base, &dure__v1__report_packed_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    parcel.box_code = "kp-1";
    parcel.product_volume_cm3 = 99999;
    CHECK_INT_EQ(lg_call(rpc, &rp.base, &dure__v1__report_packed_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    parcel.product_volume_cm3 = 100;
    rp.shipment_id = "no-such-shipment";
    CHECK_INT_EQ(lg_call(rpc, &rp.base, &dure__v1__report_packed_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_NOT_FOUND);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPacked"), 1);
    CHECK_INT_EQ(
        dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM parcels WHERE stage = 2"), 1);

    /* A box of the packer's own, with its outer size: inner = outer less 2 x 5 mm board,
       290 x 190 x 90 = 4,959 cm3; a second report replaces the first. */
    Dure__V1__Dimensions crate = DURE__V1__DIMENSIONS__INIT;
    crate.length_mm = 300;
    crate.width_mm = 200;
    crate.height_mm = 100;
    parcel.box_code = "crate-a";
    parcel.outer = &crate;
    parcel.product_volume_cm3 = 1440;
    rp.shipment_id = id;
    dure_response_t again2 = {0};
    REQUIRE(lg_call(rpc, &rp.base, &dure__v1__report_packed_reply__descriptor, &again2) == 0);
    s = ((Dure__V1__ReportPackedReply *)again2.payload)->shipment;
    REQUIRE(s && s->n_parcels == 1);
    CHECK_STR_EQ(s->parcels[0]->box_code, "crate-a");
    CHECK_INT_EQ(s->parcels[0]->inner->height_mm, 90);
    CHECK_INT_EQ(s->parcels[0]->inner_volume_cm3, 4959);
    dure_response_clear(&again2);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPacked"), 2);

    /* After pick-up packing can no longer be reported. */
    CHECK_INT_EQ(lg_track(rpc, id, LG_S(PICKED_UP), dure_now_ms(), "pk-1", NULL, NULL), 0);
    CHECK_INT_EQ(lg_call(rpc, &rp.base, &dure__v1__report_packed_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_FAILED_PRECONDITION);

    dure_client_destroy(&events);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
