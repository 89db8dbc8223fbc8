/*  tracking.h - the life of a shipment: which statuses carriers report, their order, and
    when a report moves a shipment forward. Pure: no database, no allocation.

    A shipment goes PLANNED -> PACKED (both before dispatch) -> PICKED_UP -> IN_TRANSIT ->
    OUT_FOR_DELIVERY -> DELIVERED, or ends RETURNED or CANCELLED (before dispatch only).
    EXCEPTION (a failed delivery attempt) is a side state a parcel may leave again. Reports
    arrive late, twice and out of order, so logistics_tracking_decide() is the one place that
    says whether a report changes the status; see docs/LOGISTICS.md for the rules.
*/
#ifndef LOGISTICS_TRACKING_H
#define LOGISTICS_TRACKING_H

#include "dure.h"

#include <stddef.h>
#include <stdint.h>

/* Longest event key: "c:" plus a carrier event id, or "t:<status>:<ms>". */
#define LOGISTICS_EVENT_KEY_MAX 160
/* Longest carrier event id accepted. */
#define LOGISTICS_CARRIER_EVENT_ID_MAX 128
/* Longest location text accepted (bytes). */
#define LOGISTICS_LOCATION_MAX 200
/* How far in the future a carrier time may lie (clock skew): one day. */
#define LOGISTICS_FUTURE_SLACK_MS (24LL * 3600 * 1000)

typedef Dure__V1__ShipmentStatus logistics_status_t;

/* Returns 1 for the statuses a carrier may report (picked up, in transit, out for delivery,
   delivered, exception, returned), 0 for the others (planned, packed, cancelled, unknown). */
int logistics_tracking_carrier_status(logistics_status_t status);

/* Returns 1 when the parcel has left the seller (PICKED_UP or any later carrier status). */
int logistics_tracking_dispatched(logistics_status_t status);

/* Returns 1 for statuses nothing moves any more: DELIVERED, RETURNED, CANCELLED. */
int logistics_tracking_final(logistics_status_t status);

/* Position of a status in the life of a shipment (PLANNED 1 ... DELIVERED and RETURNED 6);
   EXCEPTION has none of its own (-1), nor has UNSPECIFIED. */
int logistics_tracking_rank(logistics_status_t status);

/* Whether a report of `next` seen by the carrier at next_at_ms moves a shipment that is in
   `current` since current_at_ms. Returns 1 to move, 0 to record it in the history only. */
int logistics_tracking_decide(logistics_status_t current, int64_t current_at_ms,
                              logistics_status_t next, int64_t next_at_ms);

/* Writes the idempotency key of a report into key: "c:<carrier_event_id>" when the carrier
   gave an id, else "t:<status>:<at_ms>". Returns 0, or -1 when the id is too long. */
int logistics_tracking_key(const char *carrier_event_id, logistics_status_t status, int64_t at_ms,
                           char key[LOGISTICS_EVENT_KEY_MAX]);

/* Short lower-case name of a status ("in_transit"); "unspecified" for unknown values. */
const char *logistics_status_name(logistics_status_t status);

/* Parses "delivered", "DELIVERED", "out-for-delivery" or "SHIPMENT_DELIVERED". Returns
   SHIPMENT_STATUS_UNSPECIFIED when the word is not a status. */
logistics_status_t logistics_status_from_name(const char *name);

#endif
