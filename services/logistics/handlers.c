/*  handlers.c - RecordTrackingEvent, ReportPacked, GetShipment, ListShipments, ListCarriers.

    Tracking reports lock the shipment row, record the report under its idempotency key and
    let tracking.c decide whether the status moves; only a move publishes
    ShipmentStatusChanged. ReportPacked replaces the planned parcels with the reported ones
    (the plan stays in the table) and publishes ShipmentPacked.
*/
#include "handlers.h"

#include "tracking.h"

#include <assert.h>

#define S_STATUS(name) DURE__V1__SHIPMENT_STATUS__SHIPMENT_##name
#define S_FAIL(call, code, ...) dure_call_fail((call), DURE__V1__CODE__CODE_##code, __VA_ARGS__)

const dure_route_t logistics_requests[] = {
    {&dure__v1__record_tracking_event__descriptor,
     &dure__v1__record_tracking_event_reply__descriptor, logistics_handle_record_tracking},
    {&dure__v1__report_packed__descriptor, &dure__v1__report_packed_reply__descriptor,
     logistics_handle_report_packed},
    {&dure__v1__get_shipment__descriptor, &dure__v1__get_shipment_reply__descriptor,
     logistics_handle_get, 1},
    {&dure__v1__list_shipments__descriptor, &dure__v1__list_shipments_reply__descriptor,
     logistics_handle_list, 1},
    {&dure__v1__list_carriers__descriptor, &dure__v1__list_carriers_reply__descriptor,
     logistics_handle_carriers, 1},
};
const size_t logistics_request_count = sizeof logistics_requests / sizeof logistics_requests[0];

static logistics_service_t *s_state(dure_call_t *call)
{
    return dure_call_state(call);
}

int logistics_check_id(dure_call_t *call, const char *field, const char *id)
{
    if (!id || !*id) {
        dure_call_field_error(call, field, "required");
        return 0;
    }
    if (strlen(id) > DURE_ID_MAX) {
        dure_call_field_error(call, field, "at most %d bytes", DURE_ID_MAX);
        return 0;
    }
    return 1;
}

int logistics_publish_status(dure_call_t *call, const Dure__V1__Shipment *shipment, int64_t at_ms)
{
    dure_db_t *db = dure_service_db(dure_call_service(call));
    Dure__V1__ShipmentStatusChanged ev = DURE__V1__SHIPMENT_STATUS_CHANGED__INIT;
    ev.shipment_id = shipment->id;
    ev.order_id = shipment->order_id;
    ev.enterprise_id = shipment->enterprise_id;
    ev.status = shipment->status;
    ev.at_ms = at_ms;
    if (logistics_store_order_shipments(db, dure_call_arena(call), shipment->order_id, 0,
                                        &ev.order_shipments, &ev.n_order_shipments) != 0)
        return -1;
    return dure_call_publish(call, &ev.base);
}

/* -- RecordTrackingEvent -------------------------------------------------------------------- */

/* Validates a report. Returns 1 when usable. */
static int s_check_event(dure_call_t *call, const Dure__V1__TrackingEvent *e, int64_t now)
{
    if (!e) {
        dure_call_field_error(call, "event", "required");
        return 0;
    }
    int ok = 1;
    if (!logistics_tracking_carrier_status(e->status)) {
        dure_call_field_error(call, "event.status",
                              "must be a carrier status (picked_up, in_transit, "
                              "out_for_delivery, delivered, exception, returned)");
        ok = 0;
    }
    if (e->at_ms < 0 || e->at_ms > now + LOGISTICS_FUTURE_SLACK_MS) {
        dure_call_field_error(call, "event.at_ms", "must be a UTC time no later than tomorrow");
        ok = 0;
    }
    if (e->carrier_event_id && strlen(e->carrier_event_id) > LOGISTICS_CARRIER_EVENT_ID_MAX) {
        dure_call_field_error(call, "event.carrier_event_id", "at most %d bytes",
                              LOGISTICS_CARRIER_EVENT_ID_MAX);
        ok = 0;
    }
    if (e->location && strlen(e->location) > LOGISTICS_LOCATION_MAX) {
        dure_call_field_error(call, "event.location", "at most %d bytes", LOGISTICS_LOCATION_MAX);
        ok = 0;
    }
    return ok;
}

int logistics_handle_record_tracking(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__RecordTrackingEvent *req = (const Dure__V1__RecordTrackingEvent *)request;
    logistics_service_t *state = s_state(call);
    dure_db_t *db = dure_service_db(dure_call_service(call));
    dure_arena_t *arena = dure_call_arena(call);
    int64_t now = dure_now_ms();
    int id_ok = logistics_check_id(call, "shipment_id", req->shipment_id);
    if (!s_check_event(call, req->event, now) || !id_ok)
        return 0;
    Dure__V1__TrackingEvent event = *req->event;
    if (event.at_ms == 0)
        event.at_ms = now;
    char key[LOGISTICS_EVENT_KEY_MAX];
    if (logistics_tracking_key(event.carrier_event_id, event.status, event.at_ms, key) != 0) {
        dure_call_field_error(call, "event.carrier_event_id", "too long");
        return 0;
    }
    Dure__V1__Shipment *s = NULL;
    int64_t status_at = 0;
    int found = logistics_store_get(db, arena, req->shipment_id, 1, 0, &s, &status_at);
    if (found <= 0) {
        if (found == 0)
            S_FAIL(call, NOT_FOUND, "no shipment %s", req->shipment_id);
        return found;
    }
    int move = logistics_tracking_decide(s->status, status_at, event.status, event.at_ms);
    int existing = 0;
    int fresh = logistics_store_add_event(db, s->id, key, &event, move, now, &existing);
    if (fresh < 0)
        return -1;
    Dure__V1__RecordTrackingEventReply reply = DURE__V1__RECORD_TRACKING_EVENT_REPLY__INIT;
    if (!fresh) {
        if (existing != (int)event.status) {
            S_FAIL(call, CONFLICT, "carrier event %s was recorded with status %s",
                   event.carrier_event_id, logistics_status_name(existing));
            return 0;
        }
        dure_call_count(call, state->duplicates, 1);
    } else if (!move) {
        dure_call_count(call, state->stale, 1);
        if (s->status == S_STATUS(CANCELLED))
            dure_log_event(DURE_LOG_WARN, "dure.v1.RecordTrackingEvent",
                           dure_call_envelope(call)->correlation_id,
                           "carrier reports %s for cancelled shipment %s: check the parcel",
                           logistics_status_name(event.status), s->id);
    } else {
        if (logistics_store_set_status(db, s->id, event.status, event.at_ms, now) != 0)
            return -1;
        s->status = event.status;
        if (logistics_publish_status(call, s, event.at_ms) != 0)
            return -1;
        dure_call_count(call, state->moved, 1);
        reply.status_changed = 1;
    }
    if (logistics_store_get(db, arena, s->id, 0, 1, &reply.shipment, NULL) <= 0)
        return -1;
    dure_call_reply(call, &reply.base);
    return 0;
}

/* -- ReportPacked ----------------------------------------------------------------------------- */

static int s_dims_ok(const Dure__V1__Dimensions *d)
{
    return d && d->length_mm > 0 && d->width_mm > 0 && d->height_mm > 0 &&
           d->length_mm <= LOGISTICS_ITEM_MAX_MM && d->width_mm <= LOGISTICS_ITEM_MAX_MM &&
           d->height_mm <= LOGISTICS_ITEM_MAX_MM;
}

static Dure__V1__Dimensions *s_dims(dure_arena_t *arena, int l, int w, int h)
{
    Dure__V1__Dimensions *d = DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1);
    dure__v1__dimensions__init(d);
    d->length_mm = l;
    d->width_mm = w;
    d->height_mm = h;
    return d;
}

static int64_t s_cm3(const Dure__V1__Dimensions *d)
{
    return ((int64_t)d->length_mm * d->width_mm * d->height_mm + 500) / 1000;
}

/* Fills sizes from the catalog (or from the outer size less the board), computes volumes and
   the fill ratio. Returns a copy in the arena, or NULL after adding field errors. */
static Dure__V1__Parcel *s_packed_parcel(dure_call_t *call, const logistics_service_t *state,
                                         const Dure__V1__Parcel *in, size_t index)
{
    dure_arena_t *arena = dure_call_arena(call);
    char *f = dure_arena_printf(arena, "parcels[%zu]", index);
    Dure__V1__Parcel *p = DURE_ARENA_NEW(arena, Dure__V1__Parcel, 1);
    *p = *in;
    if (!p->box_code || !*p->box_code || strlen(p->box_code) >= LOGISTICS_BOX_CODE_MAX) {
        dure_call_field_error(call, dure_arena_printf(arena, "%s.box_code", f),
                              "required, at most %d bytes", LOGISTICS_BOX_CODE_MAX - 1);
        return NULL;
    }
    const logistics_box_t *box = logistics_boxes_find(state->boxes, p->box_code);
    /* A catalog box without sizes takes the catalog's; a reported outer size without inner
       size loses the board. */
    int catalog = !s_dims_ok(p->outer) && box;
    if (catalog)
        p->outer = s_dims(arena, box->outer_length_mm, box->outer_width_mm, box->outer_height_mm);
    if (!s_dims_ok(p->inner) && catalog)
        p->inner = s_dims(arena, box->inner_length_mm, box->inner_width_mm, box->inner_height_mm);
    else if (!s_dims_ok(p->inner) && s_dims_ok(p->outer)) {
        int t = 2 * state->board_mm;
        p->inner =
            s_dims(arena, p->outer->length_mm - t, p->outer->width_mm - t, p->outer->height_mm - t);
    }
    if (!s_dims_ok(p->outer) || !s_dims_ok(p->inner)) {
        dure_call_field_error(call, dure_arena_printf(arena, "%s.outer", f),
                              "size required for box '%s', not in the box catalog", p->box_code);
        return NULL;
    }
    p->inner_volume_cm3 = s_cm3(p->inner);
    if (p->product_volume_cm3 == 0)
        for (size_t i = 0; i < p->n_items; i++)
            if (p->items[i] && s_dims_ok(p->items[i]->placed))
                p->product_volume_cm3 += s_cm3(p->items[i]->placed);
    if (p->product_volume_cm3 <= 0 || p->product_volume_cm3 > p->inner_volume_cm3) {
        dure_call_field_error(call, dure_arena_printf(arena, "%s.product_volume_cm3", f),
                              "required (or placed items), at most the inner volume %lld",
                              (long long)p->inner_volume_cm3);
        return NULL;
    }
    p->fill_ratio = (double)p->product_volume_cm3 / (double)p->inner_volume_cm3;
    if (p->gross_weight_g < 0) {
        dure_call_field_error(call, dure_arena_printf(arena, "%s.gross_weight_g", f),
                              "must not be negative");
        return NULL;
    }
    for (size_t i = 0; i < p->n_materials; i++) {
        const Dure__V1__MaterialUse *m = p->materials[i];
        if (!m || m->material <= DURE__V1__MATERIAL__MATERIAL_UNSPECIFIED ||
            m->material > DURE__V1__MATERIAL__MATERIAL_LABEL || m->grams < 0 || m->pieces < 0 ||
            m->volume_cm3 < 0) {
            dure_call_field_error(call, dure_arena_printf(arena, "%s.materials[%zu]", f, i),
                                  "known material with grams, pieces and volume >= 0");
            return NULL;
        }
    }
    return p;
}

int logistics_handle_report_packed(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ReportPacked *req = (const Dure__V1__ReportPacked *)request;
    logistics_service_t *state = s_state(call);
    dure_db_t *db = dure_service_db(dure_call_service(call));
    dure_arena_t *arena = dure_call_arena(call);
    if (!logistics_check_id(call, "shipment_id", req->shipment_id))
        return 0;
    if (req->n_parcels == 0 || req->n_parcels > LOGISTICS_PARCELS_MAX) {
        dure_call_field_error(call, "parcels", "1 to %d parcels", LOGISTICS_PARCELS_MAX);
        return 0;
    }
    Dure__V1__Parcel **parcels = DURE_ARENA_NEW(arena, Dure__V1__Parcel *, req->n_parcels);
    for (size_t i = 0; i < req->n_parcels; i++) {
        if (!req->parcels[i]) {
            dure_call_field_error(call, "parcels", "parcel %zu is empty", i);
            return 0;
        }
        if (!(parcels[i] = s_packed_parcel(call, state, req->parcels[i], i)))
            return 0;
    }
    Dure__V1__Shipment *s = NULL;
    int found = logistics_store_get(db, arena, req->shipment_id, 1, 0, &s, NULL);
    if (found <= 0) {
        if (found == 0)
            S_FAIL(call, NOT_FOUND, "no shipment %s", req->shipment_id);
        return found;
    }
    if (s->status != S_STATUS(PLANNED) && s->status != S_STATUS(PACKED)) {
        S_FAIL(call, FAILED_PRECONDITION,
               "shipment %s is %s: packing can only be reported "
               "before pick-up",
               s->id, logistics_status_name(s->status));
        return 0;
    }
    int64_t now = dure_now_ms();
    Dure__V1__TrackingEvent step = DURE__V1__TRACKING_EVENT__INIT;
    step.status = S_STATUS(PACKED);
    step.at_ms = now;
    char key[48];
    snprintf(key, sizeof key, "s:packed:%lld", (long long)now);
    if (logistics_store_put_parcels(db, s->id, LOGISTICS_STAGE_PACKED, parcels, req->n_parcels) !=
            0 ||
        logistics_store_set_status(db, s->id, S_STATUS(PACKED), now, now) != 0 ||
        logistics_store_add_event(db, s->id, key, &step, 1, now, NULL) < 0)
        return -1;
    Dure__V1__ReportPackedReply reply = DURE__V1__REPORT_PACKED_REPLY__INIT;
    if (logistics_store_get(db, arena, s->id, 0, 1, &reply.shipment, NULL) <= 0)
        return -1;
    Dure__V1__ShipmentPacked ev = DURE__V1__SHIPMENT_PACKED__INIT;
    ev.shipment = reply.shipment;
    if (dure_call_publish(call, &ev.base) != 0)
        return -1;
    dure_call_reply(call, &reply.base);
    return 0;
}

/* -- Queries -------------------------------------------------------------------------------- */

int logistics_handle_get(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__GetShipment *req = (const Dure__V1__GetShipment *)request;
    if (!logistics_check_id(call, "shipment_id", req->shipment_id))
        return 0;
    Dure__V1__GetShipmentReply reply = DURE__V1__GET_SHIPMENT_REPLY__INIT;
    int found = logistics_store_get(dure_service_db(dure_call_service(call)), dure_call_arena(call),
                                    req->shipment_id, 0, 1, &reply.shipment, NULL);
    if (found == 0)
        S_FAIL(call, NOT_FOUND, "no shipment %s", req->shipment_id);
    else if (found > 0)
        dure_call_reply(call, &reply.base);
    return found < 0 ? -1 : 0;
}

/* Returns 1 when a page token is empty or "<ms>:<id>". */
static int s_token_ok(const char *token)
{
    if (!token || !*token)
        return 1;
    char *end = NULL;
    strtoll(token, &end, 10);
    return end != token && *end == ':' && end[1] && strlen(end + 1) <= DURE_ID_MAX;
}

int logistics_handle_list(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ListShipments *req = (const Dure__V1__ListShipments *)request;
    int by_order = req->order_id && *req->order_id;
    int by_seller = req->enterprise_id && *req->enterprise_id;
    if (!by_order && !by_seller) {
        dure_call_field_error(call, "order_id", "order_id or enterprise_id is required");
        return 0;
    }
    if (by_order)
        logistics_check_id(call, "order_id", req->order_id);
    if (by_seller)
        logistics_check_id(call, "enterprise_id", req->enterprise_id);
    if (req->status < 0 || req->status > S_STATUS(CANCELLED))
        dure_call_field_error(call, "status", "unknown status %d", (int)req->status);
    logistics_filter_t filter = {req->order_id, req->enterprise_id, (int)req->status,
                                 LOGISTICS_PAGE_DEFAULT, ""};
    if (req->page) {
        if (req->page->page_size < 0 || req->page->page_size > LOGISTICS_PAGE_MAX)
            dure_call_field_error(call, "page.page_size", "0 to %d", LOGISTICS_PAGE_MAX);
        else if (req->page->page_size > 0)
            filter.page_size = req->page->page_size;
        if (!s_token_ok(req->page->page_token))
            dure_call_field_error(call, "page.page_token", "not a token of this list");
        filter.page_token = req->page->page_token;
    }
    if (dure_call_failed(call))
        return 0;
    Dure__V1__ListShipmentsReply reply = DURE__V1__LIST_SHIPMENTS_REPLY__INIT;
    if (logistics_store_list(dure_service_db(dure_call_service(call)), dure_call_arena(call),
                             &filter, &reply.shipments, &reply.n_shipments,
                             &reply.next_page_token) != 0)
        return -1;
    dure_call_reply(call, &reply.base);
    return 0;
}

int logistics_handle_carriers(dure_call_t *call, const ProtobufCMessage *request)
{
    (void)request;
    Dure__V1__ListCarriersReply reply = DURE__V1__LIST_CARRIERS_REPLY__INIT;
    if (logistics_store_carriers(dure_service_db(dure_call_service(call)), dure_call_arena(call),
                                 &reply.carriers, &reply.n_carriers) != 0)
        return -1;
    dure_call_reply(call, &reply.base);
    return 0;
}
