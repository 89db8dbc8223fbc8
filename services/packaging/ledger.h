/*  ledger.h - a shipment as the packaging ledger records it: parcels, grams, ratios, verdicts.

    Pure computation, no I/O: a dure.v1.Shipment (from ShipmentPlanned or ShipmentPacked)
    becomes a dure.v1.PackagingRecord whose parcels carry the space ratio, layers, grams and
    the verdict of EVERY loaded rule set, and whose `compliant` flag follows the deployment's
    selected rule set. A record's contribution is what it adds to the live totals (shipments,
    grams, sales, parcels passing, grams per material, violations per rule set); the totals
    change by contribution(new) - contribution(old), so replacing a plan by the packed record,
    or voiding it, moves every total exactly once.

    Ownership: everything a built record points to lives in the caller's arena.
*/
#ifndef PACKAGING_LEDGER_H
#define PACKAGING_LEDGER_H

#include "compliance.h"
#include "rules.h"

#include "dure_alloc.h"
#include "dure/v1/logistics.pb-c.h"
#include "dure/v1/packaging.pb-c.h"

#include <stdint.h>

/* Most parcels in one shipment; more is a data error. */
#define PACKAGING_PARCELS_MAX 64
/* Product id logistics writes on ice pack placements (LOGISTICS_ICE_PACK_ID). */
#define PACKAGING_ICE_PACK_ITEM_ID "ice-pack"
/* Longest field path in an error ("shipment.parcels[12].materials[3]"). */
#define PACKAGING_FIELD_MAX 64

/* The rule sets a ledger applies and the one behind `compliant`; both borrowed. */
typedef struct {
    const packaging_rules_t *rules;         /* every rule set loaded */
    const packaging_rule_set_t *selected;   /* the deployment's choice, one of rules */
} packaging_ledger_t;

/* What one record adds to the live totals. Voided and empty records add nothing. */
typedef struct {
    int64_t shipments;                                   /* 1 for a live record */
    int64_t grams;                                       /* packaging grams */
    int64_t sales_krw;                                   /* sales value */
    int64_t parcels;                                     /* parcels */
    int64_t parcels_compliant;                           /* parcels passing the selected set */
    int64_t material_grams[PACKAGING_MATERIAL_KIND_LAST + 1]; /* grams by dure.v1.Material */
    int64_t violations[PACKAGING_RULE_SETS_MAX];         /* failing parcels by rule set index */
} packaging_contribution_t;

/* Converts one dure.v1.Parcel into the compliance input. materials needs room for
   PACKAGING_MATERIALS_MAX lines and is borrowed by out. Ice packs are the ICE_PACK material
   lines; the rest of product_volume_cm3 (which includes them) is product. Layers are
   estimated from the materials (at least 1); distinct products are counted from the placed
   items, ice packs aside; fragile is false (the wire carries no such flag). Returns 0, or -1
   with the reason in err when the parcel has too many material lines. */
int packaging_ledger_parcel(const Dure__V1__Parcel *parcel, packaging_material_t *materials,
                            packaging_parcel_t *out, char *err, size_t err_size);

/* Builds the record of a shipment at `stage` into out (initialised here), in the arena.
   recorded_at_ms is the time the shipment first entered the ledger. Returns 0, or -1 when the
   shipment is unusable (no id, no parcels, an invalid parcel), with the offending field path
   in field and the reason in err. */
int packaging_ledger_record(const packaging_ledger_t *ledger, const Dure__V1__Shipment *shipment,
                            Dure__V1__PackagingStage stage, int64_t sales_krw,
                            int64_t recorded_at_ms, dure_arena_t *arena,
                            Dure__V1__PackagingRecord *out, char *field, size_t field_size,
                            char *err, size_t err_size);

/* Fills out with what rec adds to the totals (all zero for NULL, VOID or unspecified). */
void packaging_ledger_contribution(const packaging_ledger_t *ledger,
                                   const Dure__V1__PackagingRecord *rec,
                                   packaging_contribution_t *out);

/* a -= b, field by field. */
void packaging_contribution_subtract(packaging_contribution_t *a,
                                     const packaging_contribution_t *b);

/* a += b, field by field. */
void packaging_contribution_add(packaging_contribution_t *a, const packaging_contribution_t *b);

/* True when every field is zero. */
int packaging_contribution_is_zero(const packaging_contribution_t *c);

/* Outer volume of every parcel of a record, cubic cm. */
int64_t packaging_ledger_volume_cm3(const Dure__V1__PackagingRecord *rec);

/* Stage name for logs and tables: "PLANNED", "PACKED", "VOID", "UNSPECIFIED". */
const char *packaging_stage_name(Dure__V1__PackagingStage stage);

#endif
