/*  test_packaging_compliance.c - the space-ratio and layer checks, case by hand-checked case.

    The first test is the worked example of docs/PACKAGING.md: every number it checks is
    printed in that document, so a change to either must change both. The other cases sit on
    the edges of the rules (50 cm exactly, 19% vs 20% recycled film, exactly 50% empty).
*/
#include "../../services/packaging/compliance.h"
#include "dure_test.h"

#include <string.h>

/* Korea Post kp-3: outer 340 x 250 x 210 mm, inner = outer - 2 x 5 mm board. */
static const packaging_dims_t s_kp3_outer = {340, 250, 210};
static const packaging_dims_t s_kp3_inner = {330, 240, 200};

/* The chilled side-dish set of docs/PACKAGING.md, "Worked example". */
static const packaging_material_t s_example_materials[] = {
    {PACKAGING_MATERIAL_CORRUGATED_BOARD, 1, 280, 0, true, 0},
    {PACKAGING_MATERIAL_PAPER_FILL, 4, 60, 1500, true, 0},
    {PACKAGING_MATERIAL_ICE_PACK_WATER, 2, 1560, 1584, false, 0},
    {PACKAGING_MATERIAL_TAPE, 0, 12, 0, false, 0},
    {PACKAGING_MATERIAL_LABEL, 1, 3, 0, false, 0},
};

static packaging_parcel_t s_example(void)
{
    return (packaging_parcel_t){
        .inner = s_kp3_inner,
        .outer = s_kp3_outer,
        .product_volume_cm3 = 4 * 1386, /* four 210 x 110 x 60 mm containers */
        .ice_pack_volume_cm3 = 2 * 792, /* two 220 x 120 x 30 mm water packs */
        .materials = s_example_materials,
        .material_count = sizeof s_example_materials / sizeof s_example_materials[0],
        .layers = 1,
        .distinct_products = 1,
    };
}

static packaging_rule_set_t s_kr(void)
{
    packaging_rule_set_t rs;
    packaging_rule_set_kr_2024(&rs);
    return rs;
}

static packaging_rule_set_t s_eu(void)
{
    packaging_rule_set_t rs;
    packaging_rule_set_eu_ppwr_art24(&rs);
    return rs;
}

DURE_TEST(packaging_worked_example_matches_doc)
{
    packaging_parcel_t parcel = s_example();
    CHECK_DBL_NEAR(packaging_dims_volume_cm3(&parcel.inner), 15840.0, 1e-9);
    CHECK_DBL_NEAR(packaging_dims_volume_cm3(&parcel.outer), 17850.0, 1e-9);
    /* DESIGN.md's ratio: products plus ice packs = 7128 cm3, empty 8712 cm3. */
    CHECK_DBL_NEAR(packaging_space_ratio_percent(&parcel.inner, 5544 + 1584), 55.0, 1e-9);

    packaging_materials_summary_t sum;
    REQUIRE(packaging_materials_summarize(parcel.materials, parcel.material_count, &sum, NULL, 0) ==
            0);
    CHECK_INT_EQ(sum.grams, 1915);
    CHECK_INT_EQ(sum.ice_pack_volume_cm3, 1584);
    CHECK_INT_EQ(sum.filling_volume_cm3, 1500);
    CHECK_INT_EQ(sum.layers, 1);
    CHECK(sum.paper_fill && !sum.plastic_fill);

    packaging_rule_set_t kr = s_kr(), eu = s_eu();
    packaging_result_t r;
    REQUIRE(packaging_compliance_evaluate(&kr, &parcel, &r) == 0);
    CHECK_STR_EQ(r.rule_set, "kr-2024");
    CHECK(r.pass && !r.exempt && !r.layers_exceeded);
    CHECK_DBL_NEAR(r.ratio_percent, 55.0, 1e-9);
    CHECK_DBL_NEAR(r.limit_percent, 70.0, 1e-9);
    CHECK_STR_EQ(r.reason, "space ratio 55.0% within 70% limit (paper cushioning)");

    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK_STR_EQ(r.rule_set, "eu-ppwr-art24");
    CHECK(!r.pass && !r.exempt);
    CHECK_DBL_NEAR(r.ratio_percent, 65.0, 1e-9); /* empty 10296 of 15840 cm3 */
    CHECK_DBL_NEAR(r.limit_percent, 50.0, 1e-9);
    CHECK_STR_EQ(r.reason, "space ratio 65.0% exceeds 50% limit");
}

DURE_TEST(packaging_worked_example_without_paper_fails_kr)
{
    /* The doc's variant: the same box cushioned with virgin air cushions gets no relaxation. */
    packaging_material_t materials[] = {
        {PACKAGING_MATERIAL_CORRUGATED_BOARD, 1, 280, 0, true, 0},
        {PACKAGING_MATERIAL_AIR_CUSHION, 6, 18, 1500, true, 0},
        {PACKAGING_MATERIAL_ICE_PACK_WATER, 2, 1560, 1584, false, 0},
    };
    packaging_parcel_t parcel = s_example();
    parcel.materials = materials;
    parcel.material_count = 3;
    packaging_rule_set_t kr = s_kr();
    packaging_result_t r;
    REQUIRE(packaging_compliance_evaluate(&kr, &parcel, &r) == 0);
    CHECK(!r.pass);
    CHECK_STR_EQ(r.reason, "space ratio 55.0% exceeds 50% limit");
}

DURE_TEST(packaging_epr_groups)
{
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_CORRUGATED_BOARD), "paper");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_PAPER_FILL), "paper");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_AIR_CUSHION), "resin-film");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_FILM), "resin-film");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_EPS_FOAM), "resin-eps");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_ICE_PACK_GEL), "ice-pack");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_ICE_PACK_WATER), "ice-pack");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_TAPE), "tape");
    CHECK_STR_EQ(packaging_material_epr_group(PACKAGING_MATERIAL_LABEL), "label");
    CHECK_STR_EQ(packaging_material_epr_group((packaging_material_kind_t)42), "unspecified");
    CHECK_STR_EQ(packaging_material_name(PACKAGING_MATERIAL_EPS_FOAM), "EPS_FOAM");
    CHECK_STR_EQ(packaging_material_name((packaging_material_kind_t)-1), "UNSPECIFIED");
}

/* A small box, mostly empty: 10% product. */
static packaging_parcel_t s_small(int outer_height_mm)
{
    return (packaging_parcel_t){
        .inner = {210, 180, outer_height_mm - 10},
        .outer = {220, 190, outer_height_mm},
        .product_volume_cm3 = 300,
        .layers = 1,
        .distinct_products = 1,
    };
}

DURE_TEST(packaging_size_exemption_boundary)
{
    packaging_rule_set_t kr = s_kr(), eu = s_eu();
    packaging_result_t r;
    packaging_parcel_t at = s_small(90); /* 220 + 190 + 90 = 500 mm: kp-1, exactly 50 cm */
    REQUIRE(packaging_compliance_evaluate(&kr, &at, &r) == 0);
    CHECK(r.pass && r.exempt);
    CHECK_DBL_NEAR(r.limit_percent, 0.0, 1e-12);
    CHECK_STR_EQ(r.reason, "exempt: outer length+width+height 50.0 cm is at most 50 cm");

    packaging_parcel_t over = s_small(91); /* 501 mm = 50.1 cm */
    REQUIRE(packaging_compliance_evaluate(&kr, &over, &r) == 0);
    CHECK(!r.pass && !r.exempt);
    CHECK_DBL_NEAR(r.limit_percent, 50.0, 1e-12);

    /* Art. 24 has no size exemption. */
    REQUIRE(packaging_compliance_evaluate(&eu, &at, &r) == 0);
    CHECK(!r.pass && !r.exempt);

    /* The basis is a parameter: on inner size the same kp-1 sums to 470 mm. */
    kr.size_exemption_basis = PACKAGING_SIZE_BASIS_INNER;
    kr.size_exemption_max_sum_mm = 469;
    REQUIRE(packaging_compliance_evaluate(&kr, &at, &r) == 0);
    CHECK(!r.exempt);
}

DURE_TEST(packaging_size_exemption_keeps_layer_limit)
{
    packaging_rule_set_t kr = s_kr();
    packaging_parcel_t parcel = s_small(90);
    parcel.layers = 2;
    packaging_result_t r;
    REQUIRE(packaging_compliance_evaluate(&kr, &parcel, &r) == 0);
    CHECK(r.exempt && r.layers_exceeded && !r.pass);
    CHECK_STR_EQ(r.reason, "exempt: outer length+width+height 50.0 cm is at most 50 cm; "
                           "2 layers exceed the limit of 1");
}
