/*  state.c - the order's state machine, pure.

    The shipping steps have a rank (CONFIRMED 0, PARTIALLY_SHIPPED 1, SHIPPED 2, DELIVERED 3)
    and a step is allowed when it raises the rank; the other transitions are listed.
*/
#include "state.h"

#include <strings.h>

#define S_PENDING DURE__V1__ORDER_STATUS__ORDER_PENDING
#define S_CONFIRMED DURE__V1__ORDER_STATUS__ORDER_CONFIRMED
#define S_REJECTED DURE__V1__ORDER_STATUS__ORDER_REJECTED
#define S_PARTIAL DURE__V1__ORDER_STATUS__ORDER_PARTIALLY_SHIPPED
#define S_SHIPPED DURE__V1__ORDER_STATUS__ORDER_SHIPPED
#define S_DELIVERED DURE__V1__ORDER_STATUS__ORDER_DELIVERED
#define S_CANCELLED DURE__V1__ORDER_STATUS__ORDER_CANCELLED

static const char *const s_names[] = {"UNSPECIFIED", "PENDING",  "CONFIRMED", "REJECTED",
                                      "PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "CANCELLED"};

/* Rank of a shipping step, or -1 for the other statuses. */
static int s_rank(order_status_t status)
{
    switch (status) {
    case S_CONFIRMED: return 0;
    case S_PARTIAL: return 1;
    case S_SHIPPED: return 2;
    case S_DELIVERED: return 3;
    default: return -1;
    }
}

int order_state_allowed(order_status_t from, order_status_t to)
{
    if (from == S_PENDING)
        return to == S_CONFIRMED || to == S_REJECTED || to == S_CANCELLED;
    if (from == S_CONFIRMED && to == S_CANCELLED)
        return 1;
    int a = s_rank(from), b = s_rank(to);
    return a >= 0 && b >= 0 && b > a;
}

int order_state_final(order_status_t status)
{
    return status == S_REJECTED || status == S_CANCELLED || status == S_DELIVERED;
}

int order_shipment_dispatched(Dure__V1__ShipmentStatus status)
{
    return status >= DURE__V1__SHIPMENT_STATUS__SHIPMENT_PICKED_UP &&
           status <= DURE__V1__SHIPMENT_STATUS__SHIPMENT_RETURNED;
}

order_status_t order_state_from_shipments(const Dure__V1__ShipmentStatus *statuses, size_t count)
{
    size_t live = 0, dispatched = 0, delivered = 0;
    for (size_t i = 0; i < count; i++) {
        if (statuses[i] == DURE__V1__SHIPMENT_STATUS__SHIPMENT_CANCELLED ||
            statuses[i] == DURE__V1__SHIPMENT_STATUS__SHIPMENT_STATUS_UNSPECIFIED)
            continue;
        live++;
        dispatched += order_shipment_dispatched(statuses[i]) != 0;
        delivered += statuses[i] == DURE__V1__SHIPMENT_STATUS__SHIPMENT_DELIVERED;
    }
    if (live == 0 || dispatched == 0)
        return S_CONFIRMED;
    if (delivered == live)
        return S_DELIVERED;
    return dispatched == live ? S_SHIPPED : S_PARTIAL;
}

const char *order_status_name(order_status_t status)
{
    return status >= 0 && status <= S_CANCELLED ? s_names[status] : s_names[0];
}

order_status_t order_status_from_name(const char *name)
{
    if (!name)
        return DURE__V1__ORDER_STATUS__ORDER_STATUS_UNSPECIFIED;
    if (strncasecmp(name, "ORDER_", 6) == 0)
        name += 6;
    for (int i = 1; i <= (int) S_CANCELLED; i++)
        if (strcasecmp(name, s_names[i]) == 0)
            return (order_status_t) i;
    return DURE__V1__ORDER_STATUS__ORDER_STATUS_UNSPECIFIED;
}
