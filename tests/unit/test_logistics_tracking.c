/*  test_logistics_tracking.c - the shipment status rules: carrier statuses, never backwards,
    exceptions decided by carrier time, final statuses, idempotency keys and status names.
*/
#include "dure_test.h"

#include "../../services/logistics/tracking.h"

#define S(name) DURE__V1__SHIPMENT_STATUS__SHIPMENT_##name

DURE_TEST(logistics_tracking_linear_statuses_only_move_forward)
{
    CHECK_INT_EQ(logistics_tracking_decide(S(PLANNED), 0, S(PICKED_UP), 100), 1);
    CHECK_INT_EQ(logistics_tracking_decide(S(PACKED), 0, S(IN_TRANSIT), 100), 1);
    CHECK_INT_EQ(logistics_tracking_decide(S(PICKED_UP), 100, S(IN_TRANSIT), 200), 1);
    /* A skipped step is fine: the carrier's "out for delivery" may be the first we hear. */
    CHECK_INT_EQ(logistics_tracking_decide(S(PICKED_UP), 100, S(OUT_FOR_DELIVERY), 200), 1);
    /* Late reports never move it back, whatever their carrier time. */
    CHECK_INT_EQ(logistics_tracking_decide(S(IN_TRANSIT), 200, S(PICKED_UP), 300), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(OUT_FOR_DELIVERY), 300, S(IN_TRANSIT), 400), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(IN_TRANSIT), 200, S(IN_TRANSIT), 300), 0);
}

DURE_TEST(logistics_tracking_final_statuses_never_move)
{
    CHECK_INT_EQ(logistics_tracking_decide(S(DELIVERED), 500, S(IN_TRANSIT), 100), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(DELIVERED), 500, S(IN_TRANSIT), 900), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(DELIVERED), 500, S(EXCEPTION), 900), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(DELIVERED), 500, S(RETURNED), 900), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(RETURNED), 500, S(DELIVERED), 900), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(CANCELLED), 500, S(PICKED_UP), 900), 0);
    CHECK(logistics_tracking_final(S(DELIVERED)));
    CHECK(logistics_tracking_final(S(CANCELLED)));
    CHECK(!logistics_tracking_final(S(EXCEPTION)));
}

DURE_TEST(logistics_tracking_exception_is_decided_by_carrier_time)
{
    /* An exception later than the current status applies; an older one is history only. */
    CHECK_INT_EQ(logistics_tracking_decide(S(OUT_FOR_DELIVERY), 300, S(EXCEPTION), 400), 1);
    CHECK_INT_EQ(logistics_tracking_decide(S(OUT_FOR_DELIVERY), 300, S(EXCEPTION), 200), 0);
    /* Before dispatch our clock and the carrier's differ: any exception applies. */
    CHECK_INT_EQ(logistics_tracking_decide(S(PACKED), 5000, S(EXCEPTION), 10), 1);
    /* The parcel goes on after the exception: later reports lift it, older ones do not. */
    CHECK_INT_EQ(logistics_tracking_decide(S(EXCEPTION), 400, S(OUT_FOR_DELIVERY), 500), 1);
    CHECK_INT_EQ(logistics_tracking_decide(S(EXCEPTION), 400, S(IN_TRANSIT), 300), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(EXCEPTION), 400, S(OUT_FOR_DELIVERY), 400), 0);
    /* Delivered and returned end the journey even when their time is older. */
    CHECK_INT_EQ(logistics_tracking_decide(S(EXCEPTION), 400, S(DELIVERED), 100), 1);
    CHECK_INT_EQ(logistics_tracking_decide(S(EXCEPTION), 400, S(RETURNED), 100), 1);
}

DURE_TEST(logistics_tracking_only_carrier_statuses_are_reports)
{
    CHECK(!logistics_tracking_carrier_status(S(STATUS_UNSPECIFIED)));
    CHECK(!logistics_tracking_carrier_status(S(PLANNED)));
    CHECK(!logistics_tracking_carrier_status(S(PACKED)));
    CHECK(!logistics_tracking_carrier_status(S(CANCELLED)));
    CHECK(!logistics_tracking_carrier_status((logistics_status_t)42));
    CHECK(logistics_tracking_carrier_status(S(PICKED_UP)));
    CHECK(logistics_tracking_carrier_status(S(RETURNED)));
    CHECK_INT_EQ(logistics_tracking_decide(S(PLANNED), 0, S(PACKED), 100), 0);
    CHECK_INT_EQ(logistics_tracking_decide(S(PLANNED), 0, S(CANCELLED), 100), 0);
    CHECK(!logistics_tracking_dispatched(S(PACKED)));
    CHECK(logistics_tracking_dispatched(S(PICKED_UP)));
    CHECK(logistics_tracking_dispatched(S(EXCEPTION)));
}

DURE_TEST(logistics_tracking_keys_and_names)
{
    char key[LOGISTICS_EVENT_KEY_MAX];
    REQUIRE(logistics_tracking_key("CJ-778-01", S(DELIVERED), 1000, key) == 0);
    CHECK_STR_EQ(key, "c:CJ-778-01");
    REQUIRE(logistics_tracking_key("", S(DELIVERED), 1000, key) == 0);
    CHECK_STR_EQ(key, "t:6:1000");
    REQUIRE(logistics_tracking_key(NULL, S(IN_TRANSIT), 1000, key) == 0);
    CHECK_STR_EQ(key, "t:4:1000");
    char long_id[LOGISTICS_CARRIER_EVENT_ID_MAX + 2];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    CHECK_INT_EQ(logistics_tracking_key(long_id, S(IN_TRANSIT), 1, key), -1);
    CHECK_INT_EQ(logistics_status_from_name("delivered"), S(DELIVERED));
    CHECK_INT_EQ(logistics_status_from_name("OUT-FOR-DELIVERY"), S(OUT_FOR_DELIVERY));
    CHECK_INT_EQ(logistics_status_from_name("SHIPMENT_IN_TRANSIT"), S(IN_TRANSIT));
    CHECK_INT_EQ(logistics_status_from_name("teleported"), S(STATUS_UNSPECIFIED));
    CHECK_INT_EQ(logistics_status_from_name(""), S(STATUS_UNSPECIFIED));
    CHECK_STR_EQ(logistics_status_name(S(PICKED_UP)), "picked_up");
    CHECK_STR_EQ(logistics_status_name((logistics_status_t)99), "unspecified");
}
