/*  test_order_state.c - the order's state machine: allowed and refused transitions, and the
    status implied by shipments.
*/
#include "../../services/order/state.h"

#include "dure_test.h"

#define P DURE__V1__ORDER_STATUS__ORDER_PENDING
#define C DURE__V1__ORDER_STATUS__ORDER_CONFIRMED
#define R DURE__V1__ORDER_STATUS__ORDER_REJECTED
#define PS DURE__V1__ORDER_STATUS__ORDER_PARTIALLY_SHIPPED
#define S DURE__V1__ORDER_STATUS__ORDER_SHIPPED
#define D DURE__V1__ORDER_STATUS__ORDER_DELIVERED
#define X DURE__V1__ORDER_STATUS__ORDER_CANCELLED

DURE_TEST(order_sm_allows_only_listed_transitions)
{
    /* allowed[from][to] for the seven statuses 1..7 */
    static const int allowed[8][8] = {
        [P] = {[C] = 1, [R] = 1, [X] = 1},
        [C] = {[PS] = 1, [S] = 1, [D] = 1, [X] = 1},
        [PS] = {[S] = 1, [D] = 1},
        [S] = {[D] = 1},
    };
    for (int from = 0; from < 8; from++)
        for (int to = 0; to < 8; to++)
            if (order_state_allowed((order_status_t) from, (order_status_t) to) !=
                allowed[from][to])
                dure_test_fail(__FILE__, __LINE__, "%s -> %s should be %s",
                               order_status_name((order_status_t) from),
                               order_status_name((order_status_t) to),
                               allowed[from][to] ? "allowed" : "refused");
    CHECK(order_state_final(R));
    CHECK(order_state_final(X));
    CHECK(order_state_final(D));
    CHECK(!order_state_final(S));
    CHECK(!order_state_final(P));
}

DURE_TEST(order_sm_status_from_shipments)
{
    Dure__V1__ShipmentStatus planned = DURE__V1__SHIPMENT_STATUS__SHIPMENT_PLANNED,
                             packed = DURE__V1__SHIPMENT_STATUS__SHIPMENT_PACKED,
                             picked = DURE__V1__SHIPMENT_STATUS__SHIPMENT_PICKED_UP,
                             transit = DURE__V1__SHIPMENT_STATUS__SHIPMENT_IN_TRANSIT,
                             delivered = DURE__V1__SHIPMENT_STATUS__SHIPMENT_DELIVERED,
                             cancelled = DURE__V1__SHIPMENT_STATUS__SHIPMENT_CANCELLED,
                             exception = DURE__V1__SHIPMENT_STATUS__SHIPMENT_EXCEPTION;
    CHECK_INT_EQ(order_state_from_shipments(NULL, 0), C);
    Dure__V1__ShipmentStatus a[] = {planned, packed};
    CHECK_INT_EQ(order_state_from_shipments(a, 2), C);
    Dure__V1__ShipmentStatus b[] = {picked, packed};
    CHECK_INT_EQ(order_state_from_shipments(b, 2), PS);
    Dure__V1__ShipmentStatus c[] = {transit, delivered};
    CHECK_INT_EQ(order_state_from_shipments(c, 2), S);
    Dure__V1__ShipmentStatus d[] = {delivered, delivered, cancelled};
    CHECK_INT_EQ(order_state_from_shipments(d, 3), D);
    Dure__V1__ShipmentStatus e[] = {exception, planned};
    CHECK_INT_EQ(order_state_from_shipments(e, 2), PS);
    Dure__V1__ShipmentStatus f[] = {cancelled, cancelled};
    CHECK_INT_EQ(order_state_from_shipments(f, 2), C);
}

DURE_TEST(order_sm_status_names)
{
    CHECK_STR_EQ(order_status_name(PS), "PARTIALLY_SHIPPED");
    CHECK_STR_EQ(order_status_name((order_status_t) 42), "UNSPECIFIED");
    CHECK_INT_EQ(order_status_from_name("partially_shipped"), PS);
    CHECK_INT_EQ(order_status_from_name("ORDER_CANCELLED"), X);
    CHECK_INT_EQ(order_status_from_name("nope"), 0);
    CHECK_INT_EQ(order_status_from_name(NULL), 0);
}
