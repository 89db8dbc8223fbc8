/*  handlers.h - the logistics service's state and its requests: tracking reports, packing
    reports, shipment queries and the carrier list.

    One function per request type, all with the runtime's handler signature: the request is
    borrowed, the reply is built in the call's arena, and a handler returns -1 only when the
    database failed (the runtime rolls the item back and answers UNAVAILABLE). Bad input is
    answered INVALID_ARGUMENT with one field error per problem; an unknown shipment
    NOT_FOUND; a step the shipment's status does not allow FAILED_PRECONDITION; a carrier
    event id reused for another status CONFLICT. A non-OK reply rolls back what was written.
*/
#ifndef LOGISTICS_HANDLERS_H
#define LOGISTICS_HANDLERS_H

#include "boxes.h"
#include "materials.h"
#include "planner.h"
#include "store.h"

#include "dure_reads.h"

/* Most parcels one shipment may report (packaging's ledger takes 64). */
#define LOGISTICS_PARCELS_MAX 64
/* Longest carrier code. */
#define LOGISTICS_CARRIER_MAX 32

/* What the service keeps between batches (built by main.c's start hook). */
typedef struct {
    logistics_boxes_t *boxes;                    /* the box catalog (owned) */
    logistics_materials_options_t materials;     /* ice, fill, board figures */
    logistics_planner_t planner;                 /* borrows boxes and materials above */
    int board_mm;                                /* board thickness for reported outer sizes */
    char default_carrier[LOGISTICS_CARRIER_MAX]; /* carrier when a seller names none */
    dure_metric_t *planned;                      /* shipments created */
    dure_metric_t *plan_refused;                 /* OrderConfirmed events refused as unusable */
    dure_metric_t *plan_seconds;                 /* time to plan one order (cartonization) */
    dure_metric_t *cancelled;                    /* shipments cancelled before dispatch */
    dure_metric_t *return_needed;                /* shipments already dispatched at cancellation */
    dure_metric_t *moved;                        /* tracking reports that moved a status */
    dure_metric_t *stale;                        /* reports recorded without a move */
    dure_metric_t *duplicates;                   /* reports seen before */
    dure_reads_t *cancelled_orders; /* which orders of the batch in hand were cancelled */
    dure_reads_t *carriers;         /* the carriers its shipments may get, read together */
    int64_t next_tracking;          /* the next number of the instance's block */
    int64_t tracking_end;           /* the first number past the block */
} logistics_service_t;

/* The request table and its length. */
extern const dure_route_t logistics_requests[];
extern const size_t logistics_request_count;

int logistics_handle_record_tracking(dure_call_t *call, const ProtobufCMessage *request);
int logistics_handle_report_packed(dure_call_t *call, const ProtobufCMessage *request);
int logistics_handle_get(dure_call_t *call, const ProtobufCMessage *request);
int logistics_handle_list(dure_call_t *call, const ProtobufCMessage *request);
int logistics_handle_carriers(dure_call_t *call, const ProtobufCMessage *request);

/* Checks an id field: required, at most DURE_ID_MAX bytes. Returns 1 when valid, else adds
   a field error and returns 0. */
int logistics_check_id(dure_call_t *call, const char *field, const char *id);

/* Publishes ShipmentStatusChanged for a shipment that just moved, with every shipment of
   its order. Returns 0, or -1 on a database error. */
int logistics_publish_status(dure_call_t *call, const Dure__V1__Shipment *shipment, int64_t at_ms);

#endif
