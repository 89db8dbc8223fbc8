/*  tracking.c - status order and the "never backwards" rule for carrier reports.

    The linear statuses have a rank and a report moves a shipment only to a higher rank, so a
    late "in transit" never overwrites "delivered". EXCEPTION has no rank: carriers report it
    at any point after pick-up and the parcel usually goes on, so carrier time decides there
    (an exception later than the current status applies; a status later than the exception
    lifts it). DELIVERED and RETURNED end the journey from anywhere.
*/
#include "tracking.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <strings.h>

#define S(name) DURE__V1__SHIPMENT_STATUS__SHIPMENT_##name

static const char *const s_names[] = {"unspecified", "planned",          "packed",    "picked_up",
                                      "in_transit",  "out_for_delivery", "delivered", "exception",
                                      "returned",    "cancelled"};
#define S_NAME_COUNT (sizeof s_names / sizeof s_names[0])

int logistics_tracking_carrier_status(logistics_status_t status)
{
    return status >= S(PICKED_UP) && status <= S(RETURNED);
}

int logistics_tracking_dispatched(logistics_status_t status)
{
    return logistics_tracking_carrier_status(status);
}

int logistics_tracking_final(logistics_status_t status)
{
    return status == S(DELIVERED) || status == S(RETURNED) || status == S(CANCELLED);
}

int logistics_tracking_rank(logistics_status_t status)
{
    switch (status) {
    case S(PLANNED):
        return 1;
    case S(PACKED):
        return 2;
    case S(PICKED_UP):
        return 3;
    case S(IN_TRANSIT):
        return 4;
    case S(OUT_FOR_DELIVERY):
        return 5;
    case S(DELIVERED):
    case S(RETURNED):
        return 6;
    default:
        return -1;
    }
}

int logistics_tracking_decide(logistics_status_t current, int64_t current_at_ms,
                              logistics_status_t next, int64_t next_at_ms)
{
    if (logistics_tracking_final(current) || !logistics_tracking_carrier_status(next) ||
        next == current)
        return 0;
    if (next == S(EXCEPTION))
        return !logistics_tracking_dispatched(current) || next_at_ms >= current_at_ms;
    if (current == S(EXCEPTION))
        return logistics_tracking_final(next) || next_at_ms > current_at_ms;
    return logistics_tracking_rank(next) > logistics_tracking_rank(current);
}

int logistics_tracking_key(const char *carrier_event_id, logistics_status_t status, int64_t at_ms,
                           char key[LOGISTICS_EVENT_KEY_MAX])
{
    int n;
    if (carrier_event_id && *carrier_event_id) {
        if (strlen(carrier_event_id) > LOGISTICS_CARRIER_EVENT_ID_MAX)
            return -1;
        n = snprintf(key, LOGISTICS_EVENT_KEY_MAX, "c:%s", carrier_event_id);
    } else
        n = snprintf(key, LOGISTICS_EVENT_KEY_MAX, "t:%d:%" PRId64, (int)status, at_ms);
    return n > 0 && n < LOGISTICS_EVENT_KEY_MAX ? 0 : -1;
}

const char *logistics_status_name(logistics_status_t status)
{
    return (size_t)status < S_NAME_COUNT ? s_names[status] : s_names[0];
}

logistics_status_t logistics_status_from_name(const char *name)
{
    if (!name)
        return S(STATUS_UNSPECIFIED);
    if (strncasecmp(name, "SHIPMENT_", 9) == 0)
        name += 9;
    char word[32];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof word)
        return S(STATUS_UNSPECIFIED);
    for (size_t i = 0; i <= n; i++)
        word[i] = name[i] == '-' ? '_' : (char)tolower((unsigned char)name[i]);
    for (size_t i = 1; i < S_NAME_COUNT; i++)
        if (strcmp(word, s_names[i]) == 0)
            return (logistics_status_t)i;
    return S(STATUS_UNSPECIFIED);
}
