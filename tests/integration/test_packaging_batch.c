/*  test_packaging_batch.c - a batch of shipment events writes its records at the end, in one
    statement (dure_db_write_record). A plan and a packing of the same shipment in one batch
    cannot see each other's queued record; the statement refuses to write one shipment twice,
    and the batch's guarded second run applies them one after the other, so the record ends
    packed with the plan in its history, as when they come in separate batches. The records
    a batch's events meet are locked and read with one statement (dure_reads); each event
    must still meet its own shipment's record.

    The events are sent while the packaging service is stopped (SIGSTOP), so that they wait
    in its socket and are taken as one batch when it goes on. */
#include "test_packaging_helpers.h"

#define S_REPLAYS "dure_batch_replays_total{service=\"packaging\"}"
#define S_BATCHES "dure_batch_items_count{service=\"packaging\"}"

DURE_TEST(packaging_batch_with_plan_and_packing_of_one_shipment)
{
    dure_stack_t *stack = dure_stack_new("pkg_batch");
    REQUIRE(stack);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    pkg_shipment_t plan1, pack1, plan2;
    pkg_shipment(&plan1, "s-batch-1", PKG_T_DAY1_MS, 0);
    pkg_shipment(&pack1, "s-batch-1", PKG_T_DAY1_MS, 1);
    pkg_shipment(&plan2, "s-batch-2", PKG_T_DAY1_MS, 0);
    Dure__V1__ShipmentPlanned planned1 = DURE__V1__SHIPMENT_PLANNED__INIT;
    planned1.shipment = &plan1.shipment;
    planned1.sales_krw = 64000;
    Dure__V1__ShipmentPlanned planned2 = planned1;
    planned2.shipment = &plan2.shipment;
    Dure__V1__ShipmentPacked packed1 = DURE__V1__SHIPMENT_PACKED__INIT;
    packed1.shipment = &pack1.shipment;
    const ProtobufCMessage *events[] = {&planned1.base, &planned2.base, &packed1.base};
    double batches = dure_stack_metric(stack, "packaging", 0, S_BATCHES);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "packaging", events, 3), 3);
    CHECK_INT_EQ(dure_stack_metric(stack, "packaging", 0, S_BATCHES) - batches, 1);
    CHECK_INT_EQ(dure_stack_metric(stack, "packaging", 0, S_REPLAYS), 1);

    dure_client_t *rpc = dure_stack_client(stack, "packaging", 3000);
    dure_response_t res;
    const Dure__V1__PackagingRecord *rec = pkg_record(rpc, "s-batch-1", &res);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_INT_EQ(rec->stage, DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED);
        CHECK_INT_EQ(rec->packaging_grams, 1873);
        CHECK_INT_EQ(rec->sales_krw, 64000);
        CHECK_INT_EQ(rec->n_history, 1);
    }
    dure_response_clear(&res);
    rec = pkg_record(rpc, "s-batch-2", &res);
    CHECK(rec && rec->stage == DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED &&
          rec->packaging_grams == 1915 && rec->n_history == 0);
    dure_response_clear(&res);
    /* One parcel each, with its own five materials. */
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging", "SELECT count(*) FROM parcels"), 2);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging",
                                   "SELECT count(*) FROM parcel_materials "
                                   "WHERE shipment_id = 's-batch-1'"),
                 5);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging",
                                   "SELECT sum(grams) FROM parcel_materials "
                                   "WHERE shipment_id = 's-batch-2'"),
                 1915);
    /* The packing replaced the plan's children: its air cushions, not the plan's paper, and
       no material or verdict left without its parcel. */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM parcel_materials WHERE shipment_id = 's-batch-1' "
             "AND material = %d",
             DURE__V1__MATERIAL__MATERIAL_AIR_CUSHION);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging", sql), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging",
                                   "SELECT count(*) FROM parcel_materials m WHERE NOT EXISTS "
                                   "(SELECT 1 FROM parcels p WHERE p.shipment_id = m.shipment_id "
                                   "AND p.idx = m.parcel_idx)"),
                 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging",
                                   "SELECT count(*) FROM rule_results r WHERE NOT EXISTS "
                                   "(SELECT 1 FROM parcels p WHERE p.shipment_id = r.shipment_id "
                                   "AND p.idx = r.parcel_idx)"),
                 0);
    CHECK_INT_EQ(
        dure_stack_scalar(stack, "packaging",
                          "SELECT count(*) FROM rule_results WHERE shipment_id = 's-batch-1'"),
        dure_stack_scalar(stack, "packaging",
                          "SELECT count(*) FROM rule_results WHERE shipment_id = 's-batch-2'"));
    const Dure__V1__PackagingReportReply *rep = pkg_report(
        rpc, PKG_T_DAY1, PKG_T_DAY1, DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_DAY, &res);
    CHECK(rep && rep->total && rep->total->shipments == 2 && rep->total->grams == 1873 + 1915);
    dure_response_clear(&res);
    /* The live counters count the day's two shipments once each. */
    CHECK_INT_EQ(pkg_redis_wait(stack, "{dure:packaging}:live", "grams", 1873 + 1915, 3000),
                 1873 + 1915);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:days", PKG_T_DAY1 ":shipments"), 2);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}

/* Checks a shipment's record: its stage, sales value and history length. */
static void s_expect(dure_client_t *rpc, const char *id, int stage, int64_t sales_krw,
                     size_t history)
{
    dure_response_t res;
    const Dure__V1__PackagingRecord *rec = pkg_record(rpc, id, &res);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_INT_EQ(rec->stage, stage);
        CHECK_INT_EQ(rec->sales_krw, sales_krw);
        CHECK_INT_EQ(rec->n_history, history);
    }
    dure_response_clear(&res);
}

DURE_TEST(packaging_batch_meets_each_shipment_with_its_own_record)
{
    dure_stack_t *stack = dure_stack_new("pkg_batch_read");
    REQUIRE(stack);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    /* Three shipments planned, each with a sales value of its own. */
    pkg_shipment_t plan[3], pack[3], fresh;
    const char *ids[] = {"s-read-a", "s-read-b", "s-read-c"};
    Dure__V1__ShipmentPlanned planned[3];
    const ProtobufCMessage *first[3];
    for (int i = 0; i < 3; i++) {
        pkg_shipment(&plan[i], ids[i], PKG_T_DAY1_MS, 0);
        pkg_shipment(&pack[i], ids[i], PKG_T_DAY1_MS, 1);
        dure__v1__shipment_planned__init(&planned[i]);
        planned[i].shipment = &plan[i].shipment;
        planned[i].sales_krw = 10000 * (i + 1);
        first[i] = &planned[i].base;
    }
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "packaging", first, 3), 3);

    /* One batch: b and c packed, a cancelled, a new shipment planned. Each handler takes its
       record from the batch's one read; the records keep their own sales values. */
    pkg_shipment(&fresh, "s-read-new", PKG_T_DAY1_MS, 0);
    Dure__V1__ShipmentPacked packed_b = DURE__V1__SHIPMENT_PACKED__INIT;
    packed_b.shipment = &pack[1].shipment;
    Dure__V1__ShipmentPacked packed_c = DURE__V1__SHIPMENT_PACKED__INIT;
    packed_c.shipment = &pack[2].shipment;
    Dure__V1__ShipmentCancelled cancelled_a = DURE__V1__SHIPMENT_CANCELLED__INIT;
    cancelled_a.shipment_id = "s-read-a";
    Dure__V1__ShipmentPlanned planned_new = DURE__V1__SHIPMENT_PLANNED__INIT;
    planned_new.shipment = &fresh.shipment;
    planned_new.sales_krw = 7000;
    const ProtobufCMessage *second[] = {&packed_c.base, &cancelled_a.base, &planned_new.base,
                                        &packed_b.base};
    double batches = dure_stack_metric(stack, "packaging", 0, S_BATCHES);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "packaging", second, 4), 4);
    CHECK_INT_EQ(dure_stack_metric(stack, "packaging", 0, S_BATCHES) - batches, 1);
    CHECK_INT_EQ(dure_stack_metric(stack, "packaging", 0, S_REPLAYS), 0);

    dure_client_t *rpc = dure_stack_client(stack, "packaging", 3000);
    s_expect(rpc, "s-read-a", DURE__V1__PACKAGING_STAGE__PACKAGING_VOID, 10000, 1);
    s_expect(rpc, "s-read-b", DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED, 20000, 1);
    s_expect(rpc, "s-read-c", DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED, 30000, 1);
    s_expect(rpc, "s-read-new", DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED, 7000, 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging", "SELECT count(*) FROM records"), 4);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
