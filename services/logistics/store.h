/*  store.h - the logistics tables (shipments, parcels, tracking events, carriers) in domain
    terms. The only logistics file that speaks SQL.

    Every function runs inside the caller's open transaction (the runtime's batch) and returns
    -1 on a database error, with the server's message in dure_db_error(db). Messages loaded
    from the tables are built in the caller's arena and live as long as it: the caller frees
    nothing. Addresses and parcels are stored as serialized protobuf (see the migration).
*/
#ifndef LOGISTICS_STORE_H
#define LOGISTICS_STORE_H

#include "dure.h"

/* Parcel stages: what was planned, and what the packer reported (which wins). */
#define LOGISTICS_STAGE_PLANNED 1
#define LOGISTICS_STAGE_PACKED 2

/* Page sizes of ListShipments. */
#define LOGISTICS_PAGE_DEFAULT 50
#define LOGISTICS_PAGE_MAX 500

/* A shipment to create. */
typedef struct {
    const char *order_id;               /* the order */
    const char *enterprise_id;          /* the seller */
    int temperature;                    /* dure.v1.TemperatureClass */
    const char *carrier;                /* the seller's choice; "" or unknown: default_carrier */
    const char *default_carrier;        /* the service's fallback carrier */
    const Dure__V1__Address *ship_from; /* NULL stores an empty address */
    const Dure__V1__Address *ship_to;   /* NULL stores an empty address */
    int64_t sales_krw;                  /* sales value of its lines */
    int64_t now_ms;                     /* creation time */
    Dure__V1__Parcel *const *parcels;   /* the planned parcels */
    size_t parcel_count;                /* used entries */
    char *carrier_code;                 /* given when numbered (events.c) */
    char *tracking_number;              /* likewise */
} logistics_new_shipment_t;

/* Which shipments ListShipments wants: by order, or by seller (and status). */
typedef struct {
    const char *order_id;      /* "" or NULL: any */
    const char *enterprise_id; /* "" or NULL: any; one of the two is required */
    int status;                /* dure.v1.ShipmentStatus; 0: any */
    int page_size;             /* 1..LOGISTICS_PAGE_MAX */
    const char *page_token;    /* "" for the first page */
} logistics_filter_t;

/* How many tracking numbers one logistics_store_tracking_block gives (migration 002). */
#define LOGISTICS_TRACKING_BLOCK 100

/* Takes the next block of tracking numbers: *first to *first + LOGISTICS_TRACKING_BLOCK - 1
   are this caller's alone. Returns 0 or -1. */
int logistics_store_tracking_block(dure_db_t *db, int64_t *first);

/* A carrier as numbering needs it (logistics_store_read_carriers). */
typedef struct {
    char *tracking_prefix; /* starts its tracking numbers */
    int active;            /* gets new shipments */
} logistics_carrier_t;

/* Reads `count` carriers by code in one statement: rows[i] (a logistics_carrier_t in arena)
   for codes[i], NULL when there is no such carrier. A dure_reads_fn over the dure_db_t. */
int logistics_store_read_carriers(void *db, const char *const *codes, size_t count,
                                  dure_arena_t *arena, void **rows);

/* Creates a numbered shipment in status PLANNED with its "planned" history step and its
   planned parcels, unless the order already has one for this seller and temperature class
   or was cancelled. Returns 1 when created, 0 when not (nothing written), -1 on error; *id
   is set (an arena string). Inside a batch the shipment is queued and written at its end
   (dure_db_write_record): 1 then means queued, and a shipment that would not be created fails
   the batch's statement instead. */
int logistics_store_insert_shipment(dure_db_t *db, dure_arena_t *arena,
                                    const logistics_new_shipment_t *shipment, char **id);

/* Writes parcels of a stage (seq from 1), replacing the stage's earlier parcels. */
int logistics_store_put_parcels(dure_db_t *db, const char *shipment_id, int stage,
                                Dure__V1__Parcel *const *parcels, size_t count);

/* Loads one shipment with its parcels (packed ones when reported, else the plan), and its
   history when with_history. for_update locks the row until the transaction ends.
   *status_at_ms (may be NULL) gets the carrier time of the current status. Returns 1 when
   found, 0 when not, -1 on error. */
int logistics_store_get(dure_db_t *db, dure_arena_t *arena, const char *id, int for_update,
                        int with_history, Dure__V1__Shipment **out, int64_t *status_at_ms);

/* Loads a page of shipments (with parcels, without history), oldest first. *next_token gets
   the token of the next page, or "" at the end. Returns 0 or -1. */
int logistics_store_list(dure_db_t *db, dure_arena_t *arena, const logistics_filter_t *filter,
                         Dure__V1__Shipment ***out, size_t *count, char **next_token);

/* Status of every shipment of an order, oldest first; for_update locks them. Returns 0 or
   -1. */
int logistics_store_order_shipments(dure_db_t *db, dure_arena_t *arena, const char *order_id,
                                    int for_update, Dure__V1__OrderShipment ***out, size_t *count);

/* Records a tracking report or step under its idempotency key. Returns 1 when new, 0 when
   the key was recorded before (then *existing_status, when not NULL, gets the status it was
   recorded with), -1 on error. */
int logistics_store_add_event(dure_db_t *db, const char *shipment_id, const char *key,
                              const Dure__V1__TrackingEvent *event, int applied, int64_t now_ms,
                              int *existing_status);

/* Moves a shipment to a status seen at at_ms. Returns 0 or -1. */
int logistics_store_set_status(dure_db_t *db, const char *shipment_id, int status, int64_t at_ms,
                               int64_t now_ms);

/* Marks a dispatched shipment of a cancelled order as needing the return flow. */
int logistics_store_mark_return_needed(dure_db_t *db, const char *shipment_id, int64_t now_ms);

/* Remembers a cancelled order. Returns 0 or -1. */
int logistics_store_cancel_order(dure_db_t *db, const char *order_id, const char *reason,
                                 int64_t now_ms);

/* Which of `count` orders were cancelled, in one statement: rows[i] is not NULL for those,
   NULL for the others. A dure_reads_fn over the dure_db_t. Returns 0 or -1. */
int logistics_store_read_cancelled(void *db, const char *const *order_ids, size_t count,
                                   dure_arena_t *arena, void **rows);

/* The carriers, by code. Returns 0 or -1. */
int logistics_store_carriers(dure_db_t *db, dure_arena_t *arena, Dure__V1__Carrier ***out,
                             size_t *count);

/* Returns 1 when the code is an active carrier, 0 when not, -1 on error. */
int logistics_store_carrier_active(dure_db_t *db, const char *code);

#endif
