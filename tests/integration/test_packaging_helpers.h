/*  test_packaging_helpers.h - what the packaging integration tests share: the worked-example
    shipment of docs/PACKAGING.md as logistics sends it, events delivered with a chosen envelope
    id (so a test can deliver the same event twice), record and report calls, and reads of the
    Redis live counters. Header-only (static inline), included by each test_packaging_*.c.
*/
#ifndef TEST_PACKAGING_HELPERS_H
#define TEST_PACKAGING_HELPERS_H

#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

#include <hiredis/hiredis.h>

/* 2026-05-04 12:00 in Seoul (03:00 UTC): the day the test shipments are recorded on. */
#define PKG_T_DAY1_MS 1777863600000LL
#define PKG_T_DAY1 "2026-05-04"
/* The next day, same hour. */
#define PKG_T_DAY2_MS 1777950000000LL
#define PKG_T_DAY2 "2026-05-05"

/* One parcel of the worked example (kp-3, four containers of one set, two water ice packs,
   paper fill) and its shipment. With air cushions instead of paper it is the doc's variant. */
typedef struct {
    Dure__V1__Dimensions outer, inner;
    Dure__V1__PlacedItem items[6];
    Dure__V1__PlacedItem *item_ptrs[6];
    Dure__V1__MaterialUse materials[5];
    Dure__V1__MaterialUse *material_ptrs[5];
    Dure__V1__Parcel parcel;
    Dure__V1__Parcel *parcel_ptrs[1];
    Dure__V1__Shipment shipment;
} pkg_shipment_t;

static inline void pkg_material(Dure__V1__MaterialUse *m, Dure__V1__Material kind, int pieces,
                                int grams, int64_t volume, int recyclable)
{
    dure__v1__material_use__init(m);
    m->material = kind;
    m->pieces = pieces;
    m->grams = grams;
    m->volume_cm3 = volume;
    m->recyclable = recyclable;
}

/* Fills x with the worked example; air_cushion swaps the paper fill (60 g) for 6 virgin air
   cushions (18 g), which fails kr-2024 too. Packaging grams: 1915 with paper, 1873 without. */
static inline void pkg_shipment(pkg_shipment_t *x, const char *id, int64_t created_at_ms,
                                int air_cushion)
{
    memset(x, 0, sizeof *x);
    dure__v1__dimensions__init(&x->outer);
    x->outer.length_mm = 340, x->outer.width_mm = 250, x->outer.height_mm = 210;
    dure__v1__dimensions__init(&x->inner);
    x->inner.length_mm = 330, x->inner.width_mm = 240, x->inner.height_mm = 200;
    for (int i = 0; i < 6; i++) {
        dure__v1__placed_item__init(&x->items[i]);
        x->items[i].product_id = i < 4 ? "p-side-dish-set" : "ice-pack";
        x->item_ptrs[i] = &x->items[i];
    }
    pkg_material(&x->materials[0], DURE__V1__MATERIAL__MATERIAL_CORRUGATED_BOARD, 1, 280, 0, 1);
    if (air_cushion)
        pkg_material(&x->materials[1], DURE__V1__MATERIAL__MATERIAL_AIR_CUSHION, 6, 18, 1500, 1);
    else
        pkg_material(&x->materials[1], DURE__V1__MATERIAL__MATERIAL_PAPER_FILL, 4, 60, 1500, 1);
    pkg_material(&x->materials[2], DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER, 2, 1560, 1584,
                 0);
    pkg_material(&x->materials[3], DURE__V1__MATERIAL__MATERIAL_TAPE, 0, 12, 0, 0);
    pkg_material(&x->materials[4], DURE__V1__MATERIAL__MATERIAL_LABEL, 1, 3, 0, 0);
    for (int i = 0; i < 5; i++)
        x->material_ptrs[i] = &x->materials[i];
    dure__v1__parcel__init(&x->parcel);
    x->parcel.box_code = "kp-3";
    x->parcel.outer = &x->outer;
    x->parcel.inner = &x->inner;
    x->parcel.inner_volume_cm3 = 15840;
    x->parcel.product_volume_cm3 = 5544 + 1584; /* ice packs included, as logistics sends it */
    x->parcel.n_items = 6;
    x->parcel.items = x->item_ptrs;
    x->parcel.n_materials = 5;
    x->parcel.materials = x->material_ptrs;
    x->parcel_ptrs[0] = &x->parcel;
    dure__v1__shipment__init(&x->shipment);
    x->shipment.id = (char *)id;
    x->shipment.order_id = "o-test";
    x->shipment.enterprise_id = "e-coop";
    x->shipment.carrier = "epost";
    x->shipment.temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED;
    x->shipment.created_at_ms = created_at_ms;
    x->shipment.n_parcels = 1;
    x->shipment.parcels = x->parcel_ptrs;
}

/* Delivers an event as the logistics service would, in an envelope with the given id (the same
   id twice is one event delivered twice; see dure_fixture_deliver). */
static inline int pkg_deliver(dure_client_t *events, const ProtobufCMessage *event,
                              const char *envelope_id, int *duplicate)
{
    return dure_fixture_deliver(events, event, "logistics", envelope_id, duplicate);
}

static inline int pkg_planned(dure_client_t *events, const Dure__V1__Shipment *shipment,
                              int64_t sales_krw, const char *envelope_id, int *duplicate)
{
    Dure__V1__ShipmentPlanned ev = DURE__V1__SHIPMENT_PLANNED__INIT;
    ev.shipment = (Dure__V1__Shipment *)shipment;
    ev.sales_krw = sales_krw;
    return pkg_deliver(events, &ev.base, envelope_id, duplicate);
}

static inline int pkg_packed(dure_client_t *events, const Dure__V1__Shipment *shipment,
                             const char *envelope_id, int *duplicate)
{
    Dure__V1__ShipmentPacked ev = DURE__V1__SHIPMENT_PACKED__INIT;
    ev.shipment = (Dure__V1__Shipment *)shipment;
    return pkg_deliver(events, &ev.base, envelope_id, duplicate);
}

static inline int pkg_cancelled(dure_client_t *events, const char *shipment_id,
                                const char *envelope_id, int *duplicate)
{
    Dure__V1__ShipmentCancelled ev = DURE__V1__SHIPMENT_CANCELLED__INIT;
    ev.shipment_id = (char *)shipment_id;
    ev.order_id = "o-test";
    return pkg_deliver(events, &ev.base, envelope_id, duplicate);
}

/* GetPackagingRecord; the record or NULL (res keeps it: clear res afterwards). */
static inline const Dure__V1__PackagingRecord *pkg_record(dure_client_t *rpc, const char *id,
                                                          dure_response_t *res)
{
    Dure__V1__GetPackagingRecord req = DURE__V1__GET_PACKAGING_RECORD__INIT;
    req.shipment_id = (char *)id;
    dure_client_call(rpc, &req.base, NULL, NULL, &dure__v1__get_packaging_record_reply__descriptor,
                     res);
    if (res->code != DURE__V1__CODE__CODE_OK || !res->payload)
        return NULL;
    return ((Dure__V1__GetPackagingRecordReply *)res->payload)->record;
}

/* PackagingReport; the reply or NULL (clear res afterwards). */
static inline const Dure__V1__PackagingReportReply *
pkg_report(dure_client_t *rpc, const char *from, const char *to, Dure__V1__PackagingGrouping by,
           dure_response_t *res)
{
    Dure__V1__PackagingReport req = DURE__V1__PACKAGING_REPORT__INIT;
    req.from_date = (char *)from;
    req.to_date = (char *)to;
    req.group_by = by;
    dure_client_call(rpc, &req.base, NULL, NULL, &dure__v1__packaging_report_reply__descriptor,
                     res);
    if (res->code != DURE__V1__CODE__CODE_OK || !res->payload)
        return NULL;
    return (const Dure__V1__PackagingReportReply *)res->payload;
}

/* A field of a Redis hash as an integer: -1 when the hash is missing, 0 for a missing field
   of an existing hash, -2 when Redis does not answer. */
static inline long long pkg_redis_field(dure_stack_t *stack, const char *key, const char *field)
{
    redisReply *exists = dure_stack_redis(stack, "EXISTS %s", key);
    long long value = -2;
    if (exists && exists->type == REDIS_REPLY_INTEGER && exists->integer == 0)
        value = -1;
    else if (exists) {
        redisReply *r = dure_stack_redis(stack, "HGET %s %s", key, field);
        value = r && r->type == REDIS_REPLY_STRING ? atoll(r->str) : 0;
        if (r)
            freeReplyObject(r);
    }
    if (exists)
        freeReplyObject(exists);
    return value;
}

/* Runs one Redis command and ignores the reply (FLUSHALL). Returns 0 or -1. */
static inline int pkg_redis_command(dure_stack_t *stack, const char *command)
{
    redisReply *r = dure_stack_redis(stack, command);
    int rc = r && r->type != REDIS_REPLY_ERROR ? 0 : -1;
    if (r)
        freeReplyObject(r);
    return rc;
}

/* Polls a Redis field until it equals want or timeout_ms passes; returns the last value. */
static inline long long pkg_redis_wait(dure_stack_t *stack, const char *key, const char *field,
                                       long long want, int timeout_ms)
{
    long long value = pkg_redis_field(stack, key, field);
    for (int waited = 0; value != want && waited < timeout_ms; waited += 50) {
        zclock_sleep(50);
        value = pkg_redis_field(stack, key, field);
    }
    return value;
}

#endif
