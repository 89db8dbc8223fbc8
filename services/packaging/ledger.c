/*  ledger.c - Parcel protos into ledger records with every rule set's verdict.

    The conversion follows the wire contract: Parcel.product_volume_cm3 includes the ice packs
    (logistics.proto), so the compliance input gets them back apart, because the rule sets
    disagree on whether they are product. Everything is built in the caller's arena.
*/
#include "ledger.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Cubic mm in a cubic cm. */
#define S_MM3_PER_CM3 1000

static packaging_dims_t s_dims(const Dure__V1__Dimensions *d)
{
    if (!d)
        return (packaging_dims_t){0, 0, 0};
    return (packaging_dims_t){d->length_mm, d->width_mm, d->height_mm};
}

static int64_t s_volume_cm3(const packaging_dims_t *d)
{
    return (int64_t)d->length_mm * d->width_mm * d->height_mm / S_MM3_PER_CM3;
}

/* Distinct product ids among the placed items, ice packs aside; at least 1. */
static int s_distinct_products(const Dure__V1__Parcel *parcel)
{
    int distinct = 0;
    for (size_t i = 0; i < parcel->n_items; i++) {
        const char *id = parcel->items[i]->product_id ? parcel->items[i]->product_id : "";
        if (strcmp(id, PACKAGING_ICE_PACK_ITEM_ID) == 0)
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) {
            const char *other = parcel->items[j]->product_id ? parcel->items[j]->product_id : "";
            seen = strcmp(id, other) == 0;
        }
        distinct += !seen;
    }
    return distinct > 0 ? distinct : 1;
}

int packaging_ledger_parcel(const Dure__V1__Parcel *parcel, packaging_material_t *materials,
                            packaging_parcel_t *out, char *err, size_t err_size)
{
    assert(parcel && materials && out);
    if (parcel->n_materials > PACKAGING_MATERIALS_MAX) {
        snprintf(err, err_size, "more than %d material lines", PACKAGING_MATERIALS_MAX);
        return -1;
    }
    int64_t ice_cm3 = 0;
    for (size_t i = 0; i < parcel->n_materials; i++) {
        const Dure__V1__MaterialUse *m = parcel->materials[i];
        materials[i] = (packaging_material_t){
            .kind = (packaging_material_kind_t)m->material,
            .pieces = m->pieces,
            .grams = m->grams,
            .volume_cm3 = m->volume_cm3,
            .recyclable = m->recyclable,
            .recycled_content_percent = m->recycled_content_percent,
        };
        if (m->material == DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER ||
            m->material == DURE__V1__MATERIAL__MATERIAL_ICE_PACK_GEL)
            ice_cm3 += m->volume_cm3 > 0 ? m->volume_cm3 : 0;
    }
    /* A producer that left the packs out of product_volume would make this negative. */
    int64_t product_cm3 = parcel->product_volume_cm3 - ice_cm3;
    *out = (packaging_parcel_t){
        .inner = s_dims(parcel->inner),
        .outer = s_dims(parcel->outer),
        .product_volume_cm3 = product_cm3 > 0 ? product_cm3 : 0,
        .ice_pack_volume_cm3 = ice_cm3,
        .materials = materials,
        .material_count = parcel->n_materials,
        .layers = 1,
        .reusable = parcel->reusable_box_id && parcel->reusable_box_id[0],
        .distinct_products = s_distinct_products(parcel),
        .fragile = false,
    };
    packaging_materials_summary_t sum;
    if (packaging_materials_summarize(materials, parcel->n_materials, &sum, NULL, 0) == 0 &&
        sum.layers > 1)
        out->layers = sum.layers;
    return 0;
}

/* Copies a Dimensions message into the arena. */
static Dure__V1__Dimensions *s_dims_copy(dure_arena_t *arena, const packaging_dims_t *d)
{
    Dure__V1__Dimensions *copy = DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1);
    dure__v1__dimensions__init(copy);
    copy->length_mm = d->length_mm;
    copy->width_mm = d->width_mm;
    copy->height_mm = d->height_mm;
    return copy;
}

static Dure__V1__RuleResult *s_rule_result(dure_arena_t *arena, const packaging_result_t *r)
{
    Dure__V1__RuleResult *out = DURE_ARENA_NEW(arena, Dure__V1__RuleResult, 1);
    dure__v1__rule_result__init(out);
    out->rule_set = dure_arena_strdup(arena, r->rule_set);
    out->pass = r->pass;
    out->exempt = r->exempt;
    out->limit_percent = r->limit_percent;
    out->ratio_percent = r->ratio_percent;
    out->reason = dure_arena_strdup(arena, r->reason);
    return out;
}

/* Builds one parcel's record; *pass_selected gets the selected set's verdict. */
static int s_parcel_record(const packaging_ledger_t *ledger, const Dure__V1__Parcel *parcel,
                           dure_arena_t *arena, Dure__V1__ParcelRecord **out, int *pass_selected,
                           char *err, size_t err_size)
{
    packaging_material_t materials[PACKAGING_MATERIALS_MAX];
    packaging_parcel_t input;
    if (packaging_ledger_parcel(parcel, materials, &input, err, err_size) != 0)
        return -1;
    if (packaging_parcel_validate(&input, err, err_size) != 0)
        return -1;
    Dure__V1__ParcelRecord *rec = DURE_ARENA_NEW(arena, Dure__V1__ParcelRecord, 1);
    dure__v1__parcel_record__init(rec);
    rec->box_code = dure_arena_strdup(arena, parcel->box_code ? parcel->box_code : "");
    rec->outer = s_dims_copy(arena, &input.outer);
    rec->inner = s_dims_copy(arena, &input.inner);
    rec->outer_volume_cm3 = s_volume_cm3(&input.outer);
    rec->inner_volume_cm3 = s_volume_cm3(&input.inner);
    rec->product_volume_cm3 = input.product_volume_cm3 + input.ice_pack_volume_cm3;
    rec->space_ratio_percent =
        packaging_space_ratio_percent(&input.inner, rec->product_volume_cm3);
    rec->layers = input.layers;
    rec->n_materials = parcel->n_materials;
    rec->materials = parcel->n_materials ? parcel->materials : NULL; /* borrowed from the event */
    for (size_t i = 0; i < parcel->n_materials; i++)
        rec->packaging_grams += parcel->materials[i]->grams;
    rec->reusable = input.reusable;
    rec->reusable_box_id =
        dure_arena_strdup(arena, parcel->reusable_box_id ? parcel->reusable_box_id : "");
    size_t count = packaging_rules_size(ledger->rules);
    rec->rules = DURE_ARENA_NEW(arena, Dure__V1__RuleResult *, count);
    *pass_selected = 0;
    for (size_t i = 0; i < count; i++) {
        const packaging_rule_set_t *rs = packaging_rules_at(ledger->rules, i);
        packaging_result_t result;
        if (packaging_compliance_evaluate(rs, &input, &result) != 0) {
            snprintf(err, err_size, "%s", result.reason);
            return -1;
        }
        rec->rules[rec->n_rules++] = s_rule_result(arena, &result);
        if (strcmp(rs->id, ledger->selected->id) == 0)
            *pass_selected = result.pass;
    }
    *out = rec;
    return 0;
}

int packaging_ledger_record(const packaging_ledger_t *ledger, const Dure__V1__Shipment *shipment,
                            Dure__V1__PackagingStage stage, int64_t sales_krw,
                            int64_t recorded_at_ms, dure_arena_t *arena,
                            Dure__V1__PackagingRecord *out, char *field, size_t field_size,
                            char *err, size_t err_size)
{
    assert(ledger && ledger->rules && ledger->selected && shipment && arena && out);
    dure__v1__packaging_record__init(out);
    snprintf(field, field_size, "shipment");
    if (!shipment->id || !shipment->id[0]) {
        snprintf(field, field_size, "shipment.id");
        snprintf(err, err_size, "missing");
        return -1;
    }
    if (shipment->n_parcels == 0 || shipment->n_parcels > PACKAGING_PARCELS_MAX) {
        snprintf(field, field_size, "shipment.parcels");
        snprintf(err, err_size, "a shipment needs 1 to %d parcels", PACKAGING_PARCELS_MAX);
        return -1;
    }
    out->shipment_id = dure_arena_strdup(arena, shipment->id);
    out->order_id = dure_arena_strdup(arena, shipment->order_id ? shipment->order_id : "");
    out->enterprise_id =
        dure_arena_strdup(arena, shipment->enterprise_id ? shipment->enterprise_id : "");
    out->carrier = dure_arena_strdup(arena, shipment->carrier ? shipment->carrier : "");
    out->stage = stage;
    out->sales_krw = sales_krw;
    out->recorded_at_ms = recorded_at_ms;
    out->compliant = 1;
    out->parcels = DURE_ARENA_NEW(arena, Dure__V1__ParcelRecord *, shipment->n_parcels);
    for (size_t i = 0; i < shipment->n_parcels; i++) {
        int pass = 0;
        if (s_parcel_record(ledger, shipment->parcels[i], arena, &out->parcels[i], &pass, err,
                            err_size) != 0) {
            snprintf(field, field_size, "shipment.parcels[%zu]", i);
            return -1;
        }
        out->n_parcels++;
        out->packaging_grams += out->parcels[i]->packaging_grams;
        out->compliant = out->compliant && pass;
    }
    return 0;
}

void packaging_ledger_contribution(const packaging_ledger_t *ledger,
                                   const Dure__V1__PackagingRecord *rec,
                                   packaging_contribution_t *out)
{
    assert(ledger && out);
    memset(out, 0, sizeof *out);
    if (!rec || (rec->stage != DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED &&
                 rec->stage != DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED))
        return;
    out->shipments = 1;
    out->grams = rec->packaging_grams;
    out->sales_krw = rec->sales_krw;
    out->parcels = (int64_t)rec->n_parcels;
    size_t sets = packaging_rules_size(ledger->rules);
    for (size_t p = 0; p < rec->n_parcels; p++) {
        const Dure__V1__ParcelRecord *parcel = rec->parcels[p];
        for (size_t m = 0; m < parcel->n_materials; m++) {
            int kind = parcel->materials[m]->material;
            if (kind > 0 && kind <= PACKAGING_MATERIAL_KIND_LAST)
                out->material_grams[kind] += parcel->materials[m]->grams;
        }
        for (size_t r = 0; r < parcel->n_rules; r++) {
            const Dure__V1__RuleResult *result = parcel->rules[r];
            for (size_t s = 0; s < sets && s < PACKAGING_RULE_SETS_MAX; s++) {
                const packaging_rule_set_t *rs = packaging_rules_at(ledger->rules, s);
                if (strcmp(rs->id, result->rule_set) != 0)
                    continue;
                out->violations[s] += !result->pass;
                if (rs == ledger->selected)
                    out->parcels_compliant += result->pass;
            }
        }
    }
}

void packaging_contribution_subtract(packaging_contribution_t *a,
                                     const packaging_contribution_t *b)
{
    int64_t *x = (int64_t *)a;
    const int64_t *y = (const int64_t *)b;
    for (size_t i = 0; i < sizeof *a / sizeof(int64_t); i++)
        x[i] -= y[i];
}

void packaging_contribution_add(packaging_contribution_t *a, const packaging_contribution_t *b)
{
    int64_t *x = (int64_t *)a;
    const int64_t *y = (const int64_t *)b;
    for (size_t i = 0; i < sizeof *a / sizeof(int64_t); i++)
        x[i] += y[i];
}

int packaging_contribution_is_zero(const packaging_contribution_t *c)
{
    const int64_t *x = (const int64_t *)c;
    for (size_t i = 0; i < sizeof *c / sizeof(int64_t); i++)
        if (x[i])
            return 0;
    return 1;
}

int64_t packaging_ledger_volume_cm3(const Dure__V1__PackagingRecord *rec)
{
    int64_t total = 0;
    for (size_t i = 0; rec && i < rec->n_parcels; i++)
        total += rec->parcels[i]->outer_volume_cm3;
    return total;
}

const char *packaging_stage_name(Dure__V1__PackagingStage stage)
{
    switch (stage) {
    case DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED:
        return "PLANNED";
    case DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED:
        return "PACKED";
    case DURE__V1__PACKAGING_STAGE__PACKAGING_VOID:
        return "VOID";
    default:
        return "UNSPECIFIED";
    }
}
