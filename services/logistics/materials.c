/*  materials.c - planned board, fill, ice packs, tape and label for one parcel.

    Every figure comes from the options; the arithmetic here is the geometry of a regular
    slotted carton (FEFCO 0201) and simple proportions, so a plan can be checked by hand.
    Weights are rounded up to whole grams: a plan that says 0 g for a real label would hide it
    from the waste ledger.
*/
#include "materials.h"

#include <assert.h>
#include <string.h>

void logistics_materials_options_default(logistics_materials_options_t *options)
{
    assert(options);
    memset(options, 0, sizeof *options);
    options->board_gsm = LOGISTICS_BOARD_GSM_DEFAULT;
    options->glue_flap_mm = LOGISTICS_GLUE_FLAP_MM_DEFAULT;
    options->tape_g_per_m = LOGISTICS_TAPE_G_PER_M_DEFAULT;
    options->tape_overlap_mm = LOGISTICS_TAPE_OVERLAP_MM_DEFAULT;
    options->label_g = LOGISTICS_LABEL_G_DEFAULT;
    options->paper_fill_g_per_l = LOGISTICS_PAPER_FILL_G_PER_L_DEFAULT;
    options->paper_fill_percent = LOGISTICS_PAPER_FILL_PERCENT_DEFAULT;
    /* Water packs: the film is recyclable once emptied, unlike super-absorbent gel. */
    options->chilled_pack = LOGISTICS_MATERIAL_ICE_PACK_WATER;
    options->frozen_pack = LOGISTICS_MATERIAL_ICE_PACK_WATER;
    options->ice_pack_size_mm[0] = LOGISTICS_ICE_PACK_LENGTH_MM_DEFAULT;
    options->ice_pack_size_mm[1] = LOGISTICS_ICE_PACK_WIDTH_MM_DEFAULT;
    options->ice_pack_size_mm[2] = LOGISTICS_ICE_PACK_HEIGHT_MM_DEFAULT;
    options->ice_pack_g = LOGISTICS_ICE_PACK_G_DEFAULT;
    options->chilled_cm3_per_pack = LOGISTICS_ICE_CHILLED_CM3_PER_PACK_DEFAULT;
    options->chilled_min_packs = LOGISTICS_ICE_CHILLED_MIN_DEFAULT;
    options->frozen_cm3_per_pack = LOGISTICS_ICE_FROZEN_CM3_PER_PACK_DEFAULT;
    options->frozen_min_packs = LOGISTICS_ICE_FROZEN_MIN_DEFAULT;
}

int logistics_materials_ice_rule(const logistics_materials_options_t *options,
                                 logistics_temperature_t temperature, logistics_ice_rule_t *rule)
{
    assert(options && rule);
    int frozen = temperature == LOGISTICS_TEMPERATURE_FROZEN;
    if (!frozen && temperature != LOGISTICS_TEMPERATURE_CHILLED)
        return 0;
    rule->id = LOGISTICS_ICE_PACK_ID;
    rule->length_mm = options->ice_pack_size_mm[0];
    rule->width_mm = options->ice_pack_size_mm[1];
    rule->height_mm = options->ice_pack_size_mm[2];
    rule->weight_g = options->ice_pack_g;
    rule->product_mm3_per_pack =
        1000 * (int64_t) (frozen ? options->frozen_cm3_per_pack : options->chilled_cm3_per_pack);
    rule->min_packs = frozen ? options->frozen_min_packs : options->chilled_min_packs;
    return 1;
}

/* Rounds mm3 up to cm3. */
static int64_t s_cm3(int64_t mm3)
{
    return (mm3 + 999) / 1000;
}

int logistics_materials_board_grams(const logistics_materials_options_t *options, int length_mm,
                                    int width_mm, int height_mm)
{
    assert(options);
    /* The blank of a slotted carton: four panels and the joint across, the height plus a
       half-width flap top and bottom down. */
    int64_t across = 2 * (int64_t) length_mm + 2 * (int64_t) width_mm + options->glue_flap_mm;
    int64_t down = (int64_t) height_mm + width_mm;
    int64_t mg = across * down * options->board_gsm / 1000; /* mm2 x g/m2 = ug; /1000 = mg */
    return (int) ((mg + 999) / 1000);
}

static logistics_material_use_t s_use(logistics_material_t material, int pieces, int grams,
                                      int64_t volume_cm3, bool recyclable)
{
    logistics_material_use_t use = {material, pieces, grams, volume_cm3, recyclable, 0};
    return use;
}

/* Paper fill for a parcel with a fragile item: a share of the space the contents leave. */
static int s_paper_fill(const logistics_materials_options_t *options,
                        const logistics_parcel_t *parcel, logistics_material_use_t *out)
{
    bool fragile = false;
    for (size_t i = 0; i < parcel->placement_count; i++)
        fragile |= parcel->placements[i].fragile;
    int64_t empty = parcel->inner_volume_mm3 - parcel->product_volume_mm3;
    if (!fragile || empty <= 0 || options->paper_fill_percent <= 0)
        return 0;
    int64_t filled = empty * options->paper_fill_percent / 100;
    int64_t grams = (filled * options->paper_fill_g_per_l + 999999) / 1000000;
    *out = s_use(LOGISTICS_MATERIAL_PAPER_FILL, 0, (int) grams, s_cm3(filled), true);
    return 1;
}

size_t logistics_materials_plan(const logistics_materials_options_t *options,
                                const logistics_parcel_t *parcel,
                                logistics_temperature_t temperature,
                                logistics_material_use_t out[LOGISTICS_MATERIALS_MAX])
{
    assert(options && parcel && out);
    size_t count = 0;
    const logistics_box_t *box = &parcel->box;
    if (!parcel->own_packaging) {
        int board = logistics_materials_board_grams(options, box->outer_length_mm,
                                                     box->outer_width_mm, box->outer_height_mm);
        out[count++] = s_use(LOGISTICS_MATERIAL_CORRUGATED_BOARD, 1, board, 0, true);
        count += (size_t) s_paper_fill(options, parcel, &out[count]);
    }
    if (parcel->ice_packs > 0) {
        int frozen = temperature == LOGISTICS_TEMPERATURE_FROZEN;
        logistics_material_t kind = frozen ? options->frozen_pack : options->chilled_pack;
        int64_t one = (int64_t) options->ice_pack_size_mm[0] * options->ice_pack_size_mm[1] *
                      options->ice_pack_size_mm[2];
        out[count++] = s_use(kind, parcel->ice_packs, parcel->ice_packs * options->ice_pack_g,
                             parcel->own_packaging ? 0 : s_cm3(one * parcel->ice_packs),
                             kind == LOGISTICS_MATERIAL_ICE_PACK_WATER);
    }
    if (!parcel->own_packaging) {
        /* H-less closure: one strip along the top seam and one along the bottom. */
        int64_t tape_mm = 2 * ((int64_t) box->outer_length_mm + 2 * options->tape_overlap_mm);
        int tape_g = (int) ((tape_mm * options->tape_g_per_m + 999) / 1000);
        /* OPP tape is a contaminant in board recycling; it is peeled off and discarded. */
        out[count++] = s_use(LOGISTICS_MATERIAL_TAPE, 0, tape_g, 0, false);
    }
    /* Thermal paper with adhesive and a siliconed liner is not recycled with paper. */
    out[count++] = s_use(LOGISTICS_MATERIAL_LABEL, 1, options->label_g, 0, false);
    return count;
}
