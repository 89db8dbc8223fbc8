/*  test_packaging_redis_rebuild.c - Redis flushed under a running service: the live counters
    come back rebuilt from PostgreSQL and equal its sums, both on the next tick and when a
    batch finds them missing; afterwards increments go on from the rebuilt values.
*/
#include "test_packaging_helpers.h"

#define S_LIVE "{dure:packaging}:live"
#define S_DAYS "{dure:packaging}:days"

/* Every live field checked against the same sum computed by SQL. */
static void s_check_equal(dure_stack_t *stack)
{
    static const struct {
        const char *key, *field, *sql;
    } cases[] = {
        {S_LIVE, "shipments", "SELECT count(*) FROM records WHERE stage IN (1, 2)"},
        {S_LIVE, "grams", "SELECT coalesce(sum(grams), 0) FROM records WHERE stage IN (1, 2)"},
        {S_LIVE, "sales_krw",
         "SELECT coalesce(sum(sales_krw), 0) FROM records WHERE stage IN (1, 2)"},
        {S_LIVE, "parcels",
         "SELECT count(*) FROM parcels JOIN records USING (shipment_id) WHERE stage IN (1, 2)"},
        {S_LIVE, "parcels_compliant",
         "SELECT count(*) FROM rule_results JOIN records USING (shipment_id) "
         "WHERE stage IN (1, 2) AND rule_set = 'kr-2024' AND pass"},
        {S_LIVE, "violations:eu-ppwr-art24",
         "SELECT count(*) FROM rule_results JOIN records USING (shipment_id) "
         "WHERE stage IN (1, 2) AND rule_set = 'eu-ppwr-art24' AND NOT pass"},
        {S_LIVE, "grams:ICE_PACK_WATER",
         "SELECT coalesce(sum(m.grams), 0) FROM parcel_materials m JOIN records USING "
         "(shipment_id) WHERE stage IN (1, 2) AND material = 6"},
        {S_LIVE, "grams:AIR_CUSHION",
         "SELECT coalesce(sum(m.grams), 0) FROM parcel_materials m JOIN records USING "
         "(shipment_id) WHERE stage IN (1, 2) AND material = 3"},
        {S_DAYS, PKG_T_DAY1 ":grams",
         "SELECT coalesce(sum(grams), 0) FROM records WHERE stage IN (1, 2) AND "
         "(recorded_at AT TIME ZONE 'Asia/Seoul')::date = '" PKG_T_DAY1 "'"},
        {S_DAYS, PKG_T_DAY2 ":shipments",
         "SELECT count(*) FROM records WHERE stage IN (1, 2) AND "
         "(recorded_at AT TIME ZONE 'Asia/Seoul')::date = '" PKG_T_DAY2 "'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long long want = dure_stack_scalar(stack, "packaging", cases[i].sql);
        long long got = pkg_redis_field(stack, cases[i].key, cases[i].field);
        if (got != want)
            dure_test_log("%s %s: redis %lld, postgresql %lld", cases[i].key, cases[i].field, got,
                          want);
        CHECK_INT_EQ(got, want);
    }
}

DURE_TEST(packaging_redis_flush_rebuilds_live_counters)
{
    dure_stack_t *stack = dure_stack_new("pkg_redis");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "packaging", 3000);
    REQUIRE(events);
    CHECK_INT_EQ(pkg_redis_wait(stack, S_LIVE, "shipments", 0, 3000), 0);

    /* Two days, paper and air cushions, one packed over its plan, one cancelled. */
    pkg_shipment_t a, a_packed, b, c, d;
    pkg_shipment(&a, "s-a", PKG_T_DAY1_MS, 0);
    pkg_shipment(&a_packed, "s-a", PKG_T_DAY1_MS, 1);
    pkg_shipment(&b, "s-b", PKG_T_DAY2_MS, 0);
    pkg_shipment(&c, "s-c", PKG_T_DAY2_MS, 1);
    pkg_shipment(&d, "s-d", PKG_T_DAY1_MS, 0);
    CHECK_INT_EQ(pkg_planned(events, &a.shipment, 10000, "ev-r-a", NULL), 0);
    CHECK_INT_EQ(pkg_packed(events, &a_packed.shipment, "ev-r-ap", NULL), 0);
    CHECK_INT_EQ(pkg_planned(events, &b.shipment, 20000, "ev-r-b", NULL), 0);
    CHECK_INT_EQ(pkg_planned(events, &c.shipment, 30000, "ev-r-c", NULL), 0);
    CHECK_INT_EQ(pkg_planned(events, &d.shipment, 40000, "ev-r-d", NULL), 0);
    CHECK_INT_EQ(pkg_cancelled(events, "s-d", "ev-r-dx", NULL), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging",
                                   "SELECT count(*) FROM records WHERE stage IN (1, 2)"),
                 3);
    s_check_equal(stack);
    long long grams = pkg_redis_field(stack, S_LIVE, "grams");
    CHECK_INT_EQ(grams, 1873 + 1915 + 1873);

    /* Flushed while idle: the next tick rebuilds. */
    CHECK(pkg_redis_command(stack, "FLUSHALL") == 0);
    CHECK_INT_EQ(pkg_redis_field(stack, S_LIVE, "grams"), -1);
    CHECK_INT_EQ(pkg_redis_wait(stack, S_LIVE, "grams", grams, 3000), grams);
    s_check_equal(stack);

    /* Flushed, then an event before any tick: the batch finds the hash missing and rebuilds
       from PostgreSQL, which already holds the event. */
    CHECK(pkg_redis_command(stack, "FLUSHALL") == 0);
    pkg_shipment_t e;
    pkg_shipment(&e, "s-e", PKG_T_DAY2_MS, 0);
    CHECK_INT_EQ(pkg_planned(events, &e.shipment, 5000, "ev-r-e", NULL), 0);
    CHECK_INT_EQ(pkg_redis_wait(stack, S_LIVE, "grams", grams + 1915, 3000), grams + 1915);
    s_check_equal(stack);

    /* Increments go on from the rebuilt values. */
    CHECK_INT_EQ(pkg_cancelled(events, "s-e", "ev-r-ex", NULL), 0);
    CHECK_INT_EQ(pkg_redis_field(stack, S_LIVE, "grams"), grams);
    s_check_equal(stack);

    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
