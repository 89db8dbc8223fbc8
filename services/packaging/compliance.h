/*  compliance.h - one parcel checked against one packaging rule set, and the sums around it.

    A parcel is what the packer (or the plan) says went into one box: box inner and outer size,
    product volume, ice pack volume, the materials used, layers, reuse and how many distinct
    products share the box. packaging_compliance_evaluate() applies one rule set and says pass
    or fail, whether the parcel was exempt, the limit applied, the ratio that rule computes and
    a sentence why. The same parcel gives different ratios under different rule sets, since
    they disagree on what counts as product (ice packs) and as empty space (filling).

    Everything here is pure computation on caller-owned structs: no allocation, no I/O. The
    material kinds mirror dure.v1.Material number for number, so handlers convert by cast.
*/
#ifndef PACKAGING_COMPLIANCE_H
#define PACKAGING_COMPLIANCE_H

#include "rules.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest reason sentence, terminator included. */
#define PACKAGING_REASON_MAX 160
/* Most material lines in one parcel; more is a data error. */
#define PACKAGING_MATERIALS_MAX 64
/* Box sides beyond 2 m are typing mistakes for a parcel. */
#define PACKAGING_SIDE_MAX_MM 2000

/* A packaging material; the numbers are those of dure.v1.Material. */
typedef enum {
    PACKAGING_MATERIAL_UNSPECIFIED = 0,
    PACKAGING_MATERIAL_CORRUGATED_BOARD = 1, /* the box: single-wall corrugated board */
    PACKAGING_MATERIAL_PAPER_FILL = 2,       /* crumpled or honeycomb paper cushioning */
    PACKAGING_MATERIAL_AIR_CUSHION = 3,      /* LDPE air cushions */
    PACKAGING_MATERIAL_FILM = 4,             /* plastic film wrap or bags */
    PACKAGING_MATERIAL_EPS_FOAM = 5,         /* expanded polystyrene box or liner */
    PACKAGING_MATERIAL_ICE_PACK_WATER = 6,   /* cold pack filled with water */
    PACKAGING_MATERIAL_ICE_PACK_GEL = 7,     /* cold pack filled with polymer gel */
    PACKAGING_MATERIAL_TAPE = 8,
    PACKAGING_MATERIAL_LABEL = 9,
} packaging_material_kind_t;
#define PACKAGING_MATERIAL_KIND_LAST PACKAGING_MATERIAL_LABEL

/* How much of one material went into one parcel (dure.v1.MaterialUse). */
typedef struct {
    packaging_material_kind_t kind; /* which material */
    int pieces;                     /* ice packs, cushions; 0 where it makes no sense (tape) */
    int grams;                      /* weight of this line */
    int64_t volume_cm3;             /* space it takes inside the box; 0 for board, tape, label */
    bool recyclable;                /* as declared by the packer */
    int recycled_content_percent;   /* plastic: share of recycled resin, 0-100 */
} packaging_material_t;

/* A box size in mm. */
typedef struct {
    int length_mm; /* longest side by convention; order does not matter here */
    int width_mm;
    int height_mm;
} packaging_dims_t;

/* One parcel as packed. The caller owns the materials array. */
typedef struct {
    packaging_dims_t inner;                /* usable space: what the ratio is measured on */
    packaging_dims_t outer;                /* the box as sold: what a size exemption may sum */
    int64_t product_volume_cm3;            /* products only, without ice packs */
    int64_t ice_pack_volume_cm3;           /* ice and cold packs, dry ice included */
    const packaging_material_t *materials; /* material lines; may be NULL when count is 0 */
    size_t material_count;                 /* number of lines */
    int layers;                            /* packaging layers around the product, >= 1 */
    bool reusable;                         /* a reused or reusable-system box */
    int distinct_products;                 /* different products in the box, >= 1 */
    bool fragile; /* glass, ceramic, clay, liquid, semi-liquid or melting product inside */
} packaging_parcel_t;

/* The verdict of one rule set on one parcel (dure.v1.RuleResult). */
typedef struct {
    char rule_set[PACKAGING_RULE_SET_ID_MAX]; /* id of the rule set applied */
    bool pass;                                /* every provision that applies is met */
    bool exempt;                       /* the space-ratio limit does not apply to this parcel */
    bool layers_exceeded;              /* more layers than the rule allows (fails even if exempt) */
    double limit_percent;              /* space-ratio limit applied; 0 when exempt */
    double ratio_percent;              /* space ratio as this rule counts it, always computed */
    char reason[PACKAGING_REASON_MAX]; /* one sentence, e.g. "space ratio 62.5% exceeds ..." */
} packaging_result_t;

/* What a parcel's material lines add up to. */
typedef struct {
    int64_t grams;                 /* all packaging, ice packs included */
    int64_t filling_volume_cm3;    /* paper fill, air cushions, film, EPS */
    int64_t ice_pack_volume_cm3;   /* water and gel ice packs */
    int layers;                    /* enclosures: box, EPS liner, film wrap (estimate) */
    bool paper_fill;               /* paper cushioning is present */
    bool plastic_fill;             /* air cushion, film or EPS is present */
    bool eps_foam;                 /* EPS is present: plastic, but not film */
    int min_film_recycled_percent; /* lowest recycled share of air cushion/film; -1 when none */
} packaging_materials_summary_t;

/* Volume inside dims, in cubic cm (mm3 / 1000, kept fractional). */
double packaging_dims_volume_cm3(const packaging_dims_t *dims);

/* The packaging space ratio of DESIGN.md: (inner - product) / inner, in percent, where
   product_volume_cm3 is products plus ice packs. Returns -1 when a side of inner is outside
   1..PACKAGING_SIDE_MAX_MM or the product volume is negative or larger than the inner volume. */
double packaging_space_ratio_percent(const packaging_dims_t *inner, int64_t product_volume_cm3);

/* Adds up the material lines into summary. Returns 0, or -1 with the reason in err (err may be
   NULL) when a line has an unknown kind or a negative or out-of-range figure. */
int packaging_materials_summarize(const packaging_material_t *materials, size_t count,
                                  packaging_materials_summary_t *summary, char *err,
                                  size_t err_size);

/* Checks that the parcel is physically possible (sides 1..2000 mm, inner within outer, volumes
   >= 0, products and ice packs fit inside, layers >= 1, products >= 1, materials valid).
   Returns 0, or -1 with the reason in err. Bad input, not a failed check. */
int packaging_parcel_validate(const packaging_parcel_t *parcel, char *err, size_t err_size);

/* Applies rule set rs to parcel and fills result. Returns 0, or -1 when the parcel is invalid
   (result->reason then says why and pass is false). */
int packaging_compliance_evaluate(const packaging_rule_set_t *rs, const packaging_parcel_t *parcel,
                                  packaging_result_t *result);

/* The EPR reporting group of a material: "paper", "resin-film" (LDPE air cushions and film),
   "resin-eps", "ice-pack", "tape", "label"; "unspecified" for anything else. Static string. */
const char *packaging_material_epr_group(packaging_material_kind_t kind);

/* The proto enum name without the MATERIAL_ prefix, e.g. "PAPER_FILL"; "UNSPECIFIED" for
   unknown kinds. Static string. */
const char *packaging_material_name(packaging_material_kind_t kind);

#endif
