/*  test_logistics_util.h - shared pieces of the logistics integration tests: a confirmed
    order from three sellers (one chilled) built on the caller's stack, events delivered as raw
    frames under a chosen envelope id (dure_fixture_deliver), and small request helpers. Header-only (static inline),
    included by the test_logistics_*.c files.
*/
#ifndef TEST_LOGISTICS_UTIL_H
#define TEST_LOGISTICS_UTIL_H

#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

#define LG_T(name) DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_##name
#define LG_S(name) DURE__V1__SHIPMENT_STATUS__SHIPMENT_##name

/* An OrderConfirmed and everything it points to. */
typedef struct {
    Dure__V1__Dimensions sizes[4];
    Dure__V1__OrderLine lines[4];
    Dure__V1__OrderLine *line_ptrs[4];
    Dure__V1__Address from[3];
    Dure__V1__Enterprise sellers[3];
    Dure__V1__Enterprise *seller_ptrs[3];
    Dure__V1__Address to;
    Dure__V1__OrderConfirmed msg;
} lg_order_t;

static inline void lg_line(lg_order_t *o, const char *product, const char *seller, int l, int w,
                           int h, int grams, int64_t qty, int64_t price,
                           Dure__V1__TemperatureClass t, int physical, int fragile)
{
    size_t i = o->msg.n_lines++;
    dure__v1__dimensions__init(&o->sizes[i]);
    o->sizes[i].length_mm = l;
    o->sizes[i].width_mm = w;
    o->sizes[i].height_mm = h;
    Dure__V1__OrderLine *line = &o->lines[i];
    dure__v1__order_line__init(line);
    line->product_id = (char *)product;
    line->enterprise_id = (char *)seller;
    line->quantity = qty;
    line->unit_price_krw = price;
    line->line_total_krw = price * qty;
    line->physical = physical;
    line->size = &o->sizes[i];
    line->weight_g = grams;
    line->temperature = t;
    line->fragile = fragile;
    o->line_ptrs[i] = line;
}

static inline void lg_seller(lg_order_t *o, const char *id, const char *postcode,
                             const char *carrier)
{
    size_t i = o->msg.n_sellers++;
    dure__v1__address__init(&o->from[i]);
    o->from[i].postcode = (char *)postcode;
    o->from[i].line1 = "충청남도 청양군 청양읍 문화예술로 1";
    o->from[i].recipient = (char *)id;
    dure__v1__enterprise__init(&o->sellers[i]);
    o->sellers[i].id = (char *)id;
    o->sellers[i].ship_from = &o->from[i];
    o->sellers[i].default_carrier = (char *)carrier;
    o->seller_ptrs[i] = &o->sellers[i];
}

/* Rice (2) from ent-a, a fragile jar from ent-b, chilled kimchi from ent-c, and ent-a's
   farm stay (not physical). ent-b names no carrier: it gets the service default (epost). */
static inline void lg_order(lg_order_t *o, const char *order_id)
{
    memset(o, 0, sizeof *o);
    dure__v1__order_confirmed__init(&o->msg);
    o->msg.order_id = (char *)order_id;
    o->msg.lines = o->line_ptrs;
    o->msg.sellers = o->seller_ptrs;
    lg_line(o, "p-rice", "ent-a", 300, 200, 150, 4000, 2, 32000, LG_T(AMBIENT), 1, 0);
    lg_line(o, "p-jar", "ent-b", 100, 100, 120, 400, 1, 8000, LG_T(AMBIENT), 1, 1);
    lg_line(o, "p-kimchi", "ent-c", 200, 150, 100, 1000, 1, 12000, LG_T(CHILLED), 1, 0);
    lg_line(o, "p-farmstay", "ent-a", 0, 0, 0, 0, 1, 90000, LG_T(AMBIENT), 0, 0);
    lg_seller(o, "ent-a", "32233", "cj");
    lg_seller(o, "ent-b", "32500", "");
    lg_seller(o, "ent-c", "31700", "lotte");
    dure__v1__address__init(&o->to);
    o->to.postcode = "24341";
    o->to.line1 = "강원특별자치도 춘천시 중앙로 1";
    o->to.recipient = "김두레";
    o->to.phone = "010-1234-5678";
    o->msg.ship_to = &o->to;
}

/* Delivers an event as the order service would, under envelope id `id` (see
   dure_fixture_deliver). */
static inline int lg_deliver(dure_client_t *events, const ProtobufCMessage *event, const char *id,
                             int *duplicate)
{
    return dure_fixture_deliver(events, event, "order", id, duplicate);
}

/* Sends a request; returns the reply's code (UNAVAILABLE without one). `out` gets the reply
   when not NULL (the caller clears it). */
static inline int lg_call(dure_client_t *client, const ProtobufCMessage *req,
                          const ProtobufCMessageDescriptor *reply_type, dure_response_t *out)
{
    dure_response_t res;
    dure_client_call(client, req, NULL, NULL, reply_type, &res);
    int code = res.code;
    if (code != DURE__V1__CODE__CODE_OK)
        dure_test_log("%s: %s %s", req->descriptor->name, dure_code_name(code), res.message);
    if (out)
        *out = res;
    else
        dure_response_clear(&res);
    return code;
}

/* The shipments of an order (first page), or NULL; the caller clears res. */
static inline Dure__V1__ListShipmentsReply *lg_list(dure_client_t *rpc, const char *order_id,
                                                    dure_response_t *res)
{
    Dure__V1__ListShipments req = DURE__V1__LIST_SHIPMENTS__INIT;
    req.order_id = (char *)order_id;
    static Dure__V1__ListShipmentsReply empty = DURE__V1__LIST_SHIPMENTS_REPLY__INIT;
    if (lg_call(rpc, &req.base, &dure__v1__list_shipments_reply__descriptor, res) != 0)
        return NULL;
    /* An empty reply travels as no payload at all. */
    return res->payload ? (Dure__V1__ListShipmentsReply *)res->payload : &empty;
}

/* One shipment with its history, or NULL; the caller clears res. */
static inline Dure__V1__Shipment *lg_get(dure_client_t *rpc, const char *id, dure_response_t *res)
{
    Dure__V1__GetShipment req = DURE__V1__GET_SHIPMENT__INIT;
    req.shipment_id = (char *)id;
    if (lg_call(rpc, &req.base, &dure__v1__get_shipment_reply__descriptor, res) != 0)
        return NULL;
    return ((Dure__V1__GetShipmentReply *)res->payload)->shipment;
}

/* Reports a carrier event. Returns the reply's code; *changed (may be NULL) gets
   status_changed and *status the shipment's status after it. */
static inline int lg_track(dure_client_t *rpc, const char *shipment_id,
                           Dure__V1__ShipmentStatus status, int64_t at_ms,
                           const char *carrier_event_id, int *changed, int *after)
{
    Dure__V1__TrackingEvent ev = DURE__V1__TRACKING_EVENT__INIT;
    ev.status = status;
    ev.at_ms = at_ms;
    ev.location = "옥천 HUB";
    ev.carrier_event_id = (char *)(carrier_event_id ? carrier_event_id : "");
    Dure__V1__RecordTrackingEvent req = DURE__V1__RECORD_TRACKING_EVENT__INIT;
    req.shipment_id = (char *)shipment_id;
    req.event = &ev;
    dure_response_t res;
    int code = lg_call(rpc, &req.base, &dure__v1__record_tracking_event_reply__descriptor, &res);
    Dure__V1__RecordTrackingEventReply *r = (Dure__V1__RecordTrackingEventReply *)res.payload;
    if (changed)
        *changed = code == 0 && r ? r->status_changed : -1;
    if (after)
        *after = code == 0 && r && r->shipment ? (int)r->shipment->status : -1;
    dure_response_clear(&res);
    return code;
}

/* The shipment of a seller in a list, or NULL. */
static inline Dure__V1__Shipment *lg_find(Dure__V1__ListShipmentsReply *list, const char *seller)
{
    for (size_t i = 0; list && i < list->n_shipments; i++)
        if (strcmp(list->shipments[i]->enterprise_id, seller) == 0)
            return list->shipments[i];
    return NULL;
}

/* Count of outbox rows of a type. */
static inline long long lg_outbox(dure_stack_t *stack, const char *type)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE type = '%s'", type);
    return dure_stack_scalar(stack, "logistics", sql);
}

/* The newest outbox event of a type, decoded as `type` (caller frees with
   protobuf_c_message_free_unpacked), or NULL. */
static inline ProtobufCMessage *lg_last_event(dure_stack_t *stack,
                                              const ProtobufCMessageDescriptor *type)
{
    PGconn *conn = dure_stack_db(stack, "logistics");
    if (!conn)
        return NULL;
    const char *params[] = {type->name}; /* the full name, "dure.v1.ShipmentPacked" */
    PGresult *res = PQexecParams(conn,
                                 "SELECT envelope FROM outbox WHERE type = $1 "
                                 "ORDER BY id DESC LIMIT 1",
                                 1, NULL, params, NULL, NULL, 1);
    ProtobufCMessage *msg = NULL;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        char err[128];
        Dure__V1__Envelope *env =
            dure_envelope_decode((const uint8_t *)PQgetvalue(res, 0, 0),
                                 (size_t)PQgetlength(res, 0, 0), err, sizeof err);
        if (env)
            msg = dure_envelope_payload(env, type, err, sizeof err);
        dure_envelope_free(&env);
    }
    PQclear(res);
    PQfinish(conn);
    return msg;
}

#endif
