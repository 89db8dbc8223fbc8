/*  cartonize.h - cartonization: which boxes a shipment's items go in, and where each item sits.

    The input is one entry per unit (three jars of kimchi are three items), with its size,
    weight and fragility, plus a box catalog. The output is a list of parcels: each names a box
    from the catalog (or "own" packaging for an item that no box holds), and places every item
    at a corner position with an orientation, so that a packer can follow it and the space
    ratio is computed from a real arrangement rather than from volumes alone.

    Ice packs are items too. Under the Korean packaging rule they count as product volume, and
    they take space in the box, so they are not added after the fact: the caller passes an ice
    rule (logistics_materials_ice_rule() builds one from the temperature class) and the packer
    adds the packs each parcel's contents need and places them with the products. Placements of
    packs carry item == LOGISTICS_ICE_PACK_ITEM.

    The result is owned by the caller and freed with logistics_cartonization_destroy(); it
    copies what it needs from the items and the catalog, so both may go away first.
*/
#ifndef LOGISTICS_CARTONIZE_H
#define LOGISTICS_CARTONIZE_H

#include "boxes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest product id, terminator included (UUIDs are 36 characters). */
#define LOGISTICS_PRODUCT_ID_MAX 64
/* Largest item side we accept: 10 m. Anything bigger is a data error. */
#define LOGISTICS_ITEM_MAX_MM 10000
/* Heaviest single item we accept: 1 t. */
#define LOGISTICS_ITEM_MAX_G 1000000
/* Most items in one cartonization: an order line of a B2G purchase, not a pallet. */
#define LOGISTICS_CARTONIZE_MAX_ITEMS 10000
/* Up to this many items (ice packs included) the packer searches exhaustively. */
#define LOGISTICS_EXACT_MAX_ITEMS_DEFAULT 6
/* Search nodes one exhaustive search may visit before it gives up (and calls the box too
   small, which only costs a bigger box). Sized so that a hard case stays under ~50 ms. */
#define LOGISTICS_EXACT_NODE_BUDGET_DEFAULT 300000L
/* Placement item index that marks a planned ice pack. */
#define LOGISTICS_ICE_PACK_ITEM ((size_t) -1)

/* One unit of a product. */
typedef struct {
    const char *product_id; /* copied into the result; at most LOGISTICS_PRODUCT_ID_MAX-1 bytes */
    int length_mm;          /* outer size of the unit as sold, any orientation */
    int width_mm;
    int height_mm;
    int weight_g;           /* 0 allowed (a voucher card), never negative */
    bool fragile;           /* glass jars, eggs: asks for paper fill (materials.h) */
} logistics_item_t;

/* How many ice packs a parcel needs and what one pack is. */
typedef struct {
    const char *id;              /* product id recorded on pack placements, e.g. "ice-pack" */
    int length_mm;               /* size of one filled pack */
    int width_mm;
    int height_mm;
    int weight_g;                /* weight of one filled pack */
    int64_t product_mm3_per_pack; /* one pack per this much product volume, rounded up */
    int min_packs;               /* at least this many in every parcel that holds products */
} logistics_ice_rule_t;

/* Tuning; logistics_cartonize_options_default() gives the defaults. */
typedef struct {
    const logistics_ice_rule_t *ice; /* NULL for ambient goods: no packs; borrowed */
    int exact_max_items;             /* exhaustive search up to this many items per box */
    long exact_node_budget;          /* nodes per exhaustive search; see the constant above */
} logistics_cartonize_options_t;

/* One item in a parcel: the corner nearest the box's inner origin and the size as rotated. */
typedef struct {
    size_t item;                                /* index into the input, or ICE_PACK_ITEM */
    char product_id[LOGISTICS_PRODUCT_ID_MAX];  /* the item's (or the ice rule's) id */
    int x_mm;                                   /* along the box's length */
    int y_mm;                                   /* along the box's width */
    int z_mm;                                   /* up from the box's floor */
    int length_mm;                              /* placed size along x */
    int width_mm;                               /* placed size along y */
    int height_mm;                              /* placed size along z */
    int weight_g;                               /* the unit's weight */
    bool fragile;                               /* copied from the item */
} logistics_placement_t;

/* One physical parcel. */
typedef struct {
    logistics_box_t box;               /* copy of the catalog box; code "own" for own packaging */
    bool own_packaging;                /* the item ships alone in its own packaging */
    logistics_placement_t *placements; /* products and ice packs, in packing order */
    size_t placement_count;
    int ice_packs;                     /* packs the rule asks for (placed unless own packaging) */
    int64_t inner_volume_mm3;          /* box inner volume (own: the item's volume) */
    int64_t product_volume_mm3;        /* products plus placed ice packs, as the rule counts */
    double fill_ratio;                 /* product volume / inner volume */
    int product_weight_g;              /* products plus placed ice packs, no packaging */
} logistics_parcel_t;

/* The plan for one shipment. */
typedef struct {
    logistics_parcel_t *parcels; /* in a deterministic order: boxed parcels, then own */
    size_t parcel_count;
    int searches_cut_short;      /* exhaustive searches that ran out of budget (0 normally) */
} logistics_cartonization_t;

/* Fills options with the defaults: no ice, exhaustive up to 6 items. */
void logistics_cartonize_options_default(logistics_cartonize_options_t *options);

/* Packs items into boxes of the catalog. The smallest box (inner volume, then price) that
   holds all items within its weight limit wins; when none does, the items are split over
   several boxes (first fit by decreasing volume, then each parcel shrunk to its smallest box);
   an item that fits no box alone ships in its own packaging. The result is deterministic.
   options may be NULL for the defaults. Returns NULL when an item is invalid (size not 1 to
   LOGISTICS_ITEM_MAX_MM, weight negative or too big, id missing or too long) or there are too
   many items, with the reason in err (err may be NULL). count 0 gives no parcels. */
logistics_cartonization_t *logistics_cartonize(const logistics_boxes_t *boxes,
                                               const logistics_item_t *items, size_t count,
                                               const logistics_cartonize_options_t *options,
                                               char *err, size_t err_size);

/* Frees a result and its parcels; nulls the caller's pointer. NULL-safe. */
void logistics_cartonization_destroy(logistics_cartonization_t **self_p);

#endif
