/*  materials.h - the protective materials planned for a parcel, in grams and cubic cm.

    Given a cartonized parcel, the plan lists the box board, paper fill for fragile goods, ice
    packs for chilled and frozen goods, tape and the label, each as plain numbers that the
    handlers copy into dure.v1.MaterialUse. Material kinds use the same numbers as the proto
    enum dure.v1.Material, so a cast converts them.

    Ice packs are planned in two steps because they take space in the box (and count as product
    volume under the Korean rule): logistics_materials_ice_rule() gives the packer the pack size
    and how many packs the contents need, the packer places them (cartonize.h), and the plan
    here reports the packs the parcel carries. All figures are options with documented defaults
    (docs/CARTONIZATION.md says where they come from). Nothing here allocates.
*/
#ifndef LOGISTICS_MATERIALS_H
#define LOGISTICS_MATERIALS_H

#include "cartonize.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Same numbers as dure.v1.Material. */
typedef enum {
    LOGISTICS_MATERIAL_UNSPECIFIED = 0,
    LOGISTICS_MATERIAL_CORRUGATED_BOARD = 1,
    LOGISTICS_MATERIAL_PAPER_FILL = 2,
    LOGISTICS_MATERIAL_AIR_CUSHION = 3,
    LOGISTICS_MATERIAL_FILM = 4,
    LOGISTICS_MATERIAL_EPS_FOAM = 5,
    LOGISTICS_MATERIAL_ICE_PACK_WATER = 6,
    LOGISTICS_MATERIAL_ICE_PACK_GEL = 7,
    LOGISTICS_MATERIAL_TAPE = 8,
    LOGISTICS_MATERIAL_LABEL = 9,
} logistics_material_t;

/* Same numbers as dure.v1.TemperatureClass. */
typedef enum {
    LOGISTICS_TEMPERATURE_AMBIENT = 1,
    LOGISTICS_TEMPERATURE_CHILLED = 2,
    LOGISTICS_TEMPERATURE_FROZEN = 3,
} logistics_temperature_t;

/* Most material lines one parcel gets: board, fill, ice, tape, label. */
#define LOGISTICS_MATERIALS_MAX 8

/* Defaults, with the reasons in docs/CARTONIZATION.md. */
#define LOGISTICS_BOARD_GSM_DEFAULT 550            /* single-wall B flute, 450-650 g/m2 */
#define LOGISTICS_GLUE_FLAP_MM_DEFAULT 35          /* manufacturer's joint of a slotted carton */
#define LOGISTICS_TAPE_G_PER_M_DEFAULT 3           /* 48 mm OPP tape, ~60 g/m2 with adhesive */
#define LOGISTICS_TAPE_OVERLAP_MM_DEFAULT 60       /* tape runs this far down each end */
#define LOGISTICS_LABEL_G_DEFAULT 3                /* 100 x 150 mm thermal label with liner */
#define LOGISTICS_PAPER_FILL_G_PER_L_DEFAULT 15    /* crumpled 50-70 g/m2 kraft */
#define LOGISTICS_PAPER_FILL_PERCENT_DEFAULT 80    /* of the empty space, for fragile goods */
#define LOGISTICS_ICE_PACK_LENGTH_MM_DEFAULT 160   /* a common 500 ml water pack, filled */
#define LOGISTICS_ICE_PACK_WIDTH_MM_DEFAULT 120
#define LOGISTICS_ICE_PACK_HEIGHT_MM_DEFAULT 30
#define LOGISTICS_ICE_PACK_G_DEFAULT 500
#define LOGISTICS_ICE_CHILLED_CM3_PER_PACK_DEFAULT 3000 /* one pack per 3 L of chilled goods */
#define LOGISTICS_ICE_CHILLED_MIN_DEFAULT 1
#define LOGISTICS_ICE_FROZEN_CM3_PER_PACK_DEFAULT 1500  /* twice as many for frozen goods */
#define LOGISTICS_ICE_FROZEN_MIN_DEFAULT 2
/* Product id written on ice pack placements. */
#define LOGISTICS_ICE_PACK_ID "ice-pack"

/* One material in one parcel; the fields of dure.v1.MaterialUse. */
typedef struct {
    logistics_material_t material; /* what */
    int pieces;                    /* packs, labels; 0 where counting makes no sense */
    int grams;                     /* weight of this material in the parcel */
    int64_t volume_cm3;            /* space it takes inside the box; 0 for board, tape, label */
    bool recyclable;               /* goes to the Korean separate collection as is */
    int recycled_content_percent;  /* for film (the rule relaxes at 20); 0 when unknown */
} logistics_material_use_t;

/* The figures the plan uses. */
typedef struct {
    int board_gsm;                      /* grammage of the box board, g/m2 */
    int glue_flap_mm;                   /* width of the carton's glued joint */
    int tape_g_per_m;                   /* weight of closing tape per metre */
    int tape_overlap_mm;                /* tape down each end of a seam */
    int label_g;                        /* one shipping label */
    int paper_fill_g_per_l;             /* paper fill per litre of space it fills */
    int paper_fill_percent;             /* share of empty space filled for fragile goods */
    logistics_material_t chilled_pack;  /* ICE_PACK_WATER or ICE_PACK_GEL */
    logistics_material_t frozen_pack;   /* ICE_PACK_WATER or ICE_PACK_GEL */
    int ice_pack_size_mm[3];            /* one filled pack: length, width, height */
    int ice_pack_g;                     /* one filled pack */
    int chilled_cm3_per_pack;           /* product volume one pack keeps chilled */
    int chilled_min_packs;              /* packs in the smallest chilled parcel */
    int frozen_cm3_per_pack;            /* product volume one pack keeps frozen */
    int frozen_min_packs;               /* packs in the smallest frozen parcel */
} logistics_materials_options_t;

/* Fills options with the defaults above: water packs for both chilled and frozen goods. */
void logistics_materials_options_default(logistics_materials_options_t *options);

/* Fills rule with the ice packs goods of this temperature need, for the packer
   (logistics_cartonize_options_t.ice). Returns 1 when packs are needed (chilled, frozen), 0
   when not (ambient or unknown: rule untouched). The rule borrows nothing. */
int logistics_materials_ice_rule(const logistics_materials_options_t *options,
                                 logistics_temperature_t temperature, logistics_ice_rule_t *rule);

/* Plans the materials of one parcel into out (room for LOGISTICS_MATERIALS_MAX) and returns
   how many lines it wrote. Own packaging gets only the label and its ice packs (the seller
   packs it); a box gets board, tape and label, paper fill when it holds a fragile item, and
   the ice packs the packer placed. */
size_t logistics_materials_plan(const logistics_materials_options_t *options,
                                const logistics_parcel_t *parcel,
                                logistics_temperature_t temperature,
                                logistics_material_use_t out[LOGISTICS_MATERIALS_MAX]);

/* Grams of board in a regular slotted carton of this outer size (flaps and joint included). */
int logistics_materials_board_grams(const logistics_materials_options_t *options, int length_mm,
                                    int width_mm, int height_mm);

#endif
