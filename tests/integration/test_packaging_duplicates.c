/*  test_packaging_duplicates.c - a shipment planned, then packed, with both events delivered
    twice (same envelope id), changes the totals once: the report, the per-shipment record,
    the history and the Redis live counters all show one shipment with the packed grams.
    Then its cancellation, also delivered twice, takes it out of every total.
*/
#include "test_packaging_helpers.h"

/* Report total over both test days: shipments and grams. */
static void s_totals(dure_client_t *rpc, long long *shipments, long long *grams)
{
    dure_response_t res;
    const Dure__V1__PackagingReportReply *rep = pkg_report(
        rpc, PKG_T_DAY1, PKG_T_DAY2, DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_MATERIAL, &res);
    *shipments = rep && rep->total ? rep->total->shipments : -1;
    *grams = rep && rep->total ? rep->total->grams : -1;
    dure_response_clear(&res);
}

DURE_TEST(packaging_duplicate_events_change_totals_once)
{
    dure_stack_t *stack = dure_stack_new("pkg_dup");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "packaging", 3000);
    dure_client_t *rpc = dure_stack_client(stack, "packaging", 3000);
    REQUIRE(events && rpc);
    /* The counters exist once the service's first tick has built them. */
    CHECK_INT_EQ(pkg_redis_wait(stack, "{dure:packaging}:live", "shipments", 0, 3000), 0);

    pkg_shipment_t plan, pack;
    pkg_shipment(&plan, "s-dup", PKG_T_DAY1_MS, 0);
    pkg_shipment(&pack, "s-dup", PKG_T_DAY1_MS, 1); /* the packer used air cushions: 1873 g */
    int dup = -1;
    CHECK_INT_EQ(pkg_planned(events, &plan.shipment, 80000, "ev-plan-1", &dup), 0);
    CHECK_INT_EQ(dup, 0);
    CHECK_INT_EQ(pkg_planned(events, &plan.shipment, 80000, "ev-plan-1", &dup), 0);
    CHECK_INT_EQ(dup, 1);
    long long shipments, grams;
    s_totals(rpc, &shipments, &grams);
    CHECK_INT_EQ(shipments, 1);
    CHECK_INT_EQ(grams, 1915);

    CHECK_INT_EQ(pkg_packed(events, &pack.shipment, "ev-pack-1", &dup), 0);
    CHECK_INT_EQ(dup, 0);
    CHECK_INT_EQ(pkg_packed(events, &pack.shipment, "ev-pack-1", &dup), 0);
    CHECK_INT_EQ(dup, 1);
    s_totals(rpc, &shipments, &grams);
    CHECK_INT_EQ(shipments, 1);
    CHECK_INT_EQ(grams, 1873);

    /* The record is the packing; the plan is its one history entry. */
    dure_response_t res;
    const Dure__V1__PackagingRecord *rec = pkg_record(rpc, "s-dup", &res);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_INT_EQ(rec->stage, DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED);
        CHECK_INT_EQ(rec->packaging_grams, 1873);
        CHECK_INT_EQ(rec->sales_krw, 80000); /* kept from the plan */
        CHECK(!rec->compliant);              /* virgin air cushions: 55% over the 50% limit */
        CHECK_INT_EQ(rec->n_history, 1);
        if (rec->n_history == 1) {
            CHECK_INT_EQ(rec->history[0]->stage, DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED);
            CHECK_INT_EQ(rec->history[0]->packaging_grams, 1915);
        }
    }
    dure_response_clear(&res);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging", "SELECT count(*) FROM record_history"), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging",
                                   "SELECT count(*) FROM parcel_materials WHERE material = 2"),
                 0); /* the plan's paper fill left the current record */

    /* Live counters moved once per change, not per delivery. */
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "shipments"), 1);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "grams"), 1873);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "grams:PAPER_FILL"), 0);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "grams:AIR_CUSHION"), 18);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "sales_krw"), 80000);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:days", PKG_T_DAY1 ":grams"), 1873);

    /* Cancelled, twice: void, and out of every total. */
    CHECK_INT_EQ(pkg_cancelled(events, "s-dup", "ev-cancel-1", &dup), 0);
    CHECK_INT_EQ(pkg_cancelled(events, "s-dup", "ev-cancel-1", &dup), 0);
    CHECK_INT_EQ(dup, 1);
    s_totals(rpc, &shipments, &grams);
    CHECK_INT_EQ(shipments, 0);
    CHECK_INT_EQ(grams, 0);
    rec = pkg_record(rpc, "s-dup", &res);
    CHECK(rec && rec->stage == DURE__V1__PACKAGING_STAGE__PACKAGING_VOID);
    CHECK(rec && rec->n_history == 2);
    dure_response_clear(&res);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "shipments"), 0);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "grams"), 0);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "grams:AIR_CUSHION"), 0);

    dure_client_destroy(&rpc);
    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
