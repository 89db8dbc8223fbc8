/*  planner.h - from a confirmed order to planned shipments. Pure: no database, no network.

    An order's physical lines are grouped by seller and temperature class (one shipment each:
    every enterprise ships from its own village, and chilled goods never share a box with
    ambient ones). Each group's quantities are expanded into units, cartonized into boxes of
    the catalog with the ice packs its class needs, and given its planned materials; the
    result is a list of dure.v1.Parcel messages ready to store and publish.

    Ownership: everything the plan holds lives in the caller's arena, except strings and
    addresses borrowed from the event, so the plan lives as long as both.
*/
#ifndef LOGISTICS_PLANNER_H
#define LOGISTICS_PLANNER_H

#include "boxes.h"
#include "cartonize.h"
#include "materials.h"

#include "dure.h"

/* Most lines an OrderConfirmed may carry (PlaceOrder allows 100). */
#define LOGISTICS_PLAN_MAX_LINES 1000

/* What planning needs; borrowed for the duration of a call. */
typedef struct {
    const logistics_boxes_t *boxes;                 /* the box catalog */
    const logistics_materials_options_t *materials; /* ice, fill, board figures */
    int exact_max_items;                            /* cartonizer's exhaustive search limit */
    long exact_node_budget;                         /* and its node budget */
} logistics_planner_t;

/* One planned shipment. */
typedef struct {
    const char *enterprise_id;              /* the seller, borrowed from the event */
    Dure__V1__TemperatureClass temperature; /* AMBIENT, CHILLED or FROZEN */
    const Dure__V1__Address *ship_from;     /* the seller's address from the event, or NULL */
    const char *carrier;                    /* the seller's default carrier, "" when none given */
    int64_t sales_krw;                      /* sum of the group's line totals */
    size_t line_count;                      /* order lines in the shipment */
    size_t unit_count;                      /* units (a line of 3 jars is 3) */
    Dure__V1__Parcel **parcels;             /* in the arena, in the cartonizer's order */
    size_t parcel_count;
} logistics_planned_t;

/* Fills a planner with the defaults (catalog and materials still to be set). */
void logistics_planner_default(logistics_planner_t *planner);

/* Plans the shipments of an order, sorted by seller then temperature class. Lines that are
   not physical are skipped, so an order of services alone gives *count == 0. Returns 0, or
   -1 with the reason in err when a physical line is unusable (no seller, quantity outside
   1-10,000, missing or invalid size or weight, too many units for one shipment). */
int logistics_plan(const logistics_planner_t *planner, const Dure__V1__OrderConfirmed *order,
                   dure_arena_t *arena, logistics_planned_t **shipments, size_t *count, char *err,
                   size_t err_size);

/* Converts one cartonized parcel with its planned materials into a dure.v1.Parcel in the
   arena (sizes in mm, volumes rounded to the nearest cm3, gross weight = products, placed
   ice packs and every material). */
Dure__V1__Parcel *logistics_plan_parcel(const logistics_parcel_t *parcel,
                                        const logistics_material_use_t *materials,
                                        size_t material_count, dure_arena_t *arena);

#endif
