/*  test_packaging_ordering.c - events of different types arrive in any order: a packing that
    overtakes its plan stays the record (the late plan joins the history and brings the sales
    value), and a cancellation that overtakes the plan leaves the shipment void whatever
    arrives after it.
*/
#include "test_packaging_helpers.h"

DURE_TEST(packaging_packed_before_planned_keeps_the_packing)
{
    dure_stack_t *stack = dure_stack_new("pkg_order_packed");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "packaging", 3000);
    dure_client_t *rpc = dure_stack_client(stack, "packaging", 3000);
    REQUIRE(events && rpc);
    pkg_shipment_t plan, pack;
    pkg_shipment(&plan, "s-late-plan", PKG_T_DAY1_MS, 0);
    pkg_shipment(&pack, "s-late-plan", PKG_T_DAY1_MS, 1);
    CHECK_INT_EQ(pkg_packed(events, &pack.shipment, "ev-lp-pack", NULL), 0);
    CHECK_INT_EQ(pkg_planned(events, &plan.shipment, 64000, "ev-lp-plan", NULL), 0);

    dure_response_t res;
    const Dure__V1__PackagingRecord *rec = pkg_record(rpc, "s-late-plan", &res);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_INT_EQ(rec->stage, DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED);
        CHECK_INT_EQ(rec->packaging_grams, 1873);
        CHECK_INT_EQ(rec->sales_krw, 64000);
        CHECK_INT_EQ(rec->n_history, 1);
        CHECK(rec->n_history == 1 &&
              rec->history[0]->stage == DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED);
    }
    dure_response_clear(&res);
    const Dure__V1__PackagingReportReply *rep = pkg_report(
        rpc, PKG_T_DAY1, PKG_T_DAY1, DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_ENTERPRISE, &res);
    CHECK(rep && rep->total && rep->total->shipments == 1 && rep->total->grams == 1873);
    CHECK(rep && rep->n_rows == 1 && strcmp(rep->rows[0]->key, "e-coop") == 0);
    dure_response_clear(&res);
    CHECK_INT_EQ(pkg_redis_wait(stack, "{dure:packaging}:live", "sales_krw", 64000, 3000),
                 64000);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "grams"), 1873);
    dure_client_destroy(&rpc);
    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(packaging_cancel_before_plan_stays_void)
{
    dure_stack_t *stack = dure_stack_new("pkg_order_void");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "packaging", 3000);
    dure_client_t *rpc = dure_stack_client(stack, "packaging", 3000);
    REQUIRE(events && rpc);
    pkg_shipment_t plan, pack, other;
    pkg_shipment(&plan, "s-void", PKG_T_DAY1_MS, 0);
    pkg_shipment(&pack, "s-void", PKG_T_DAY1_MS, 1);
    pkg_shipment(&other, "s-live", PKG_T_DAY1_MS, 0);
    CHECK_INT_EQ(pkg_cancelled(events, "s-void", "ev-v-cancel", NULL), 0);
    CHECK_INT_EQ(pkg_planned(events, &plan.shipment, 50000, "ev-v-plan", NULL), 0);
    CHECK_INT_EQ(pkg_packed(events, &pack.shipment, "ev-v-pack", NULL), 0);
    CHECK_INT_EQ(pkg_planned(events, &other.shipment, 30000, "ev-l-plan", NULL), 0);

    dure_response_t res;
    const Dure__V1__PackagingRecord *rec = pkg_record(rpc, "s-void", &res);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_INT_EQ(rec->stage, DURE__V1__PACKAGING_STAGE__PACKAGING_VOID);
        CHECK_INT_EQ(rec->n_parcels, 0);
        CHECK_INT_EQ(rec->n_history, 2); /* the plan and the packing that came too late */
    }
    dure_response_clear(&res);
    const Dure__V1__PackagingReportReply *rep = pkg_report(
        rpc, PKG_T_DAY1, PKG_T_DAY2, DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_CARRIER, &res);
    CHECK(rep && rep->total && rep->total->shipments == 1 && rep->total->grams == 1915);
    dure_response_clear(&res);
    CHECK_INT_EQ(pkg_redis_wait(stack, "{dure:packaging}:live", "shipments", 1, 3000), 1);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "grams"), 1915);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "sales_krw"), 30000);
    dure_client_destroy(&rpc);
    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
