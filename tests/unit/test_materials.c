/*  test_materials.c - planned materials: board from the carton's blank, tape, label, paper
    fill for fragile goods, and ice packs that the packer places with the products.

    Expected grams are worked out by hand in the comments from the documented defaults.
*/
#include "dure_test.h"

#include "../../services/logistics/materials.h"

/* The line for one material, or NULL. */
static const logistics_material_use_t *s_find(const logistics_material_use_t *uses, size_t n,
                                              logistics_material_t material)
{
    for (size_t i = 0; i < n; i++)
        if (uses[i].material == material)
            return &uses[i];
    return NULL;
}

DURE_TEST(materials_board_tape_label_for_kp3)
{
    logistics_materials_options_t options;
    logistics_materials_options_default(&options);
    /* kp-3 outer 340 x 250 x 210: blank (2*340 + 2*250 + 35) x (210 + 250) = 558,900 mm2;
       x 550 g/m2 = 307.4 g, rounded up to 308. */
    CHECK_INT_EQ(logistics_materials_board_grams(&options, 340, 250, 210), 308);
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_item_t item = {"rice-4kg", 300, 200, 150, 4000, false};
    logistics_cartonization_t *r = logistics_cartonize(boxes, &item, 1, NULL, NULL, 0);
    REQUIRE(r);
    CHECK_STR_EQ(r->parcels[0].box.code, "kp-3");
    logistics_material_use_t uses[LOGISTICS_MATERIALS_MAX];
    size_t n = logistics_materials_plan(&options, &r->parcels[0], LOGISTICS_TEMPERATURE_AMBIENT,
                                        uses);
    CHECK_INT_EQ(n, 3);
    const logistics_material_use_t *board = s_find(uses, n, LOGISTICS_MATERIAL_CORRUGATED_BOARD);
    REQUIRE(board);
    CHECK_INT_EQ(board->grams, 308);
    CHECK(board->recyclable);
    /* Tape: 2 x (340 + 2 x 60) mm = 0.92 m x 3 g/m = 2.76 g, rounded up to 3. */
    const logistics_material_use_t *tape = s_find(uses, n, LOGISTICS_MATERIAL_TAPE);
    REQUIRE(tape);
    CHECK_INT_EQ(tape->grams, 3);
    CHECK(!tape->recyclable);
    const logistics_material_use_t *label = s_find(uses, n, LOGISTICS_MATERIAL_LABEL);
    REQUIRE(label);
    CHECK_INT_EQ(label->grams, LOGISTICS_LABEL_G_DEFAULT);
    CHECK(s_find(uses, n, LOGISTICS_MATERIAL_PAPER_FILL) == NULL);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(materials_paper_fill_for_fragile_goods)
{
    logistics_materials_options_t options;
    logistics_materials_options_default(&options);
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    /* One 0.8 L jar in kp-1 (210 x 180 x 80 inner = 3,024 cm3): empty 2,224 cm3, 80% filled
       = 1,779.2 cm3 -> 1,780 cm3; x 15 g/L = 26.7 g -> 27 g. */
    logistics_item_t jar = {"jang", 100, 100, 80, 1200, true};
    logistics_cartonization_t *r = logistics_cartonize(boxes, &jar, 1, NULL, NULL, 0);
    REQUIRE(r);
    CHECK_STR_EQ(r->parcels[0].box.code, "kp-1");
    logistics_material_use_t uses[LOGISTICS_MATERIALS_MAX];
    size_t n = logistics_materials_plan(&options, &r->parcels[0], LOGISTICS_TEMPERATURE_AMBIENT,
                                        uses);
    const logistics_material_use_t *fill = s_find(uses, n, LOGISTICS_MATERIAL_PAPER_FILL);
    REQUIRE(fill);
    CHECK_INT_EQ(fill->volume_cm3, 1780);
    CHECK_INT_EQ(fill->grams, 27);
    CHECK(fill->recyclable);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(materials_ice_packs_are_packed_as_items)
{
    logistics_materials_options_t options;
    logistics_materials_options_default(&options);
    logistics_ice_rule_t rule;
    CHECK_INT_EQ(logistics_materials_ice_rule(&options, LOGISTICS_TEMPERATURE_AMBIENT, &rule), 0);
    REQUIRE(logistics_materials_ice_rule(&options, LOGISTICS_TEMPERATURE_FROZEN, &rule) == 1);
    logistics_cartonize_options_t copts;
    logistics_cartonize_options_default(&copts);
    copts.ice = &rule;
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    /* 3.2 L of frozen dumplings: ceil(3200 / 1500) = 3 packs (minimum 2). */
    logistics_item_t items[] = {{"mandu", 200, 160, 50, 1000, false},
                                {"mandu", 200, 160, 50, 1000, false}};
    logistics_cartonization_t *r = logistics_cartonize(boxes, items, 2, &copts, NULL, 0);
    REQUIRE(r);
    REQUIRE_INT_EQ(r->parcel_count, 1);
    const logistics_parcel_t *p = &r->parcels[0];
    CHECK_INT_EQ(p->ice_packs, 3);
    CHECK_INT_EQ(p->placement_count, 5);
    int packs = 0;
    for (size_t i = 0; i < p->placement_count; i++)
        if (p->placements[i].item == LOGISTICS_ICE_PACK_ITEM) {
            packs++;
            CHECK_STR_EQ(p->placements[i].product_id, LOGISTICS_ICE_PACK_ID);
        }
    CHECK_INT_EQ(packs, 3);
    /* Packs count as product volume and weight: 2 x 1.6 L + 3 x 0.576 L, 2 kg + 1.5 kg. */
    CHECK_INT_EQ(p->product_volume_mm3, 2 * 1600000 + 3 * 576000);
    CHECK_INT_EQ(p->product_weight_g, 3500);
    /* kp-2 (260 x 170 x 140) takes the two trays stacked and the three packs beside. */
    CHECK_STR_EQ(p->box.code, "kp-2");
    logistics_material_use_t uses[LOGISTICS_MATERIALS_MAX];
    size_t n = logistics_materials_plan(&options, p, LOGISTICS_TEMPERATURE_FROZEN, uses);
    const logistics_material_use_t *ice = s_find(uses, n, LOGISTICS_MATERIAL_ICE_PACK_WATER);
    REQUIRE(ice);
    CHECK_INT_EQ(ice->pieces, 3);
    CHECK_INT_EQ(ice->grams, 1500);
    CHECK_INT_EQ(ice->volume_cm3, 1728);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(materials_own_packaging_gets_label_only)
{
    logistics_materials_options_t options;
    logistics_materials_options_default(&options);
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_item_t mat = {"straw-mat", 1800, 200, 200, 2500, false};
    logistics_cartonization_t *r = logistics_cartonize(boxes, &mat, 1, NULL, NULL, 0);
    REQUIRE(r);
    REQUIRE(r->parcels[0].own_packaging);
    logistics_material_use_t uses[LOGISTICS_MATERIALS_MAX];
    size_t n = logistics_materials_plan(&options, &r->parcels[0], LOGISTICS_TEMPERATURE_AMBIENT,
                                        uses);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(uses[0].material, LOGISTICS_MATERIAL_LABEL);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}
