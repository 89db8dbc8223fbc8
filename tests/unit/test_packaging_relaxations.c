/*  test_packaging_relaxations.c - relaxed limits, exemptions, layers, and what counts as product.

    All cases use the inner space of a Korea Post kp-3 box (330 x 240 x 200 mm = 15,840 cm3),
    whose volume divides evenly into the ratios used here: 7,128 cm3 of product leaves 55.0%
    empty, 5,544 cm3 leaves 65.0%, 7,920 cm3 leaves exactly 50.0%.
*/
#include "../../services/packaging/compliance.h"
#include "dure_test.h"

static packaging_parcel_t s_parcel(int64_t product_cm3, const packaging_material_t *materials,
                                   size_t count)
{
    return (packaging_parcel_t){
        .inner = {330, 240, 200},
        .outer = {340, 250, 210},
        .product_volume_cm3 = product_cm3,
        .materials = materials,
        .material_count = count,
        .layers = 1,
        .distinct_products = 1,
    };
}

static packaging_result_t s_eval_kr(const packaging_parcel_t *parcel)
{
    packaging_rule_set_t rs;
    packaging_rule_set_kr_2024(&rs);
    packaging_result_t r;
    if (packaging_compliance_evaluate(&rs, parcel, &r) != 0)
        dure_test_fail(__FILE__, __LINE__, "evaluate failed: %s", r.reason);
    return r;
}

DURE_TEST(packaging_paper_cushioning_relaxes_to_70)
{
    packaging_material_t paper[] = {{PACKAGING_MATERIAL_PAPER_FILL, 3, 45, 2000, true, 0}};
    packaging_parcel_t parcel = s_parcel(5544, paper, 1);
    packaging_result_t r = s_eval_kr(&parcel);
    CHECK(r.pass);
    CHECK_DBL_NEAR(r.ratio_percent, 65.0, 1e-9);
    CHECK_DBL_NEAR(r.limit_percent, 70.0, 1e-12);

    /* Paper next to a plastic cushion earns nothing: the base limit applies. */
    packaging_material_t mixed[] = {{PACKAGING_MATERIAL_PAPER_FILL, 3, 45, 1000, true, 0},
                                    {PACKAGING_MATERIAL_AIR_CUSHION, 2, 6, 1000, true, 0}};
    parcel = s_parcel(5544, mixed, 2);
    r = s_eval_kr(&parcel);
    CHECK(!r.pass);
    CHECK_DBL_NEAR(r.limit_percent, 50.0, 1e-12);

    /* No cushioning at all: no relaxation either. */
    parcel = s_parcel(5544, NULL, 0);
    r = s_eval_kr(&parcel);
    CHECK(!r.pass);
    CHECK_STR_EQ(r.reason, "space ratio 65.0% exceeds 50% limit");
}

DURE_TEST(packaging_recycled_film_20_percent_vs_19)
{
    packaging_material_t film[] = {{PACKAGING_MATERIAL_FILM, 1, 15, 100, true, 20},
                                   {PACKAGING_MATERIAL_AIR_CUSHION, 4, 12, 900, true, 30}};
    packaging_parcel_t parcel = s_parcel(7128, film, 2);
    packaging_result_t r = s_eval_kr(&parcel);
    CHECK(r.pass);
    CHECK_DBL_NEAR(r.limit_percent, 60.0, 1e-12);
    CHECK_STR_EQ(r.reason,
                 "space ratio 55.0% within 60% limit (film with >= 20% recycled content)");

    film[0].recycled_content_percent = 19; /* one line below the threshold spoils it */
    r = s_eval_kr(&parcel);
    CHECK(!r.pass);
    CHECK_DBL_NEAR(r.limit_percent, 50.0, 1e-12);
    CHECK_STR_EQ(r.reason, "space ratio 55.0% exceeds 50% limit");

    /* EPS is plastic but not film: with it the film relaxation does not apply. */
    packaging_material_t with_eps[] = {{PACKAGING_MATERIAL_FILM, 1, 15, 100, true, 50},
                                       {PACKAGING_MATERIAL_EPS_FOAM, 1, 120, 0, false, 0}};
    parcel = s_parcel(7128, with_eps, 2);
    r = s_eval_kr(&parcel);
    CHECK_DBL_NEAR(r.limit_percent, 50.0, 1e-12);
}

DURE_TEST(packaging_two_layers_fail)
{
    packaging_material_t paper[] = {{PACKAGING_MATERIAL_PAPER_FILL, 1, 20, 500, true, 0}};
    packaging_parcel_t parcel = s_parcel(11000, paper, 1);
    parcel.layers = 2;
    packaging_result_t r = s_eval_kr(&parcel);
    CHECK(!r.pass && !r.exempt && r.layers_exceeded);
    CHECK_STR_EQ(r.reason,
                 "space ratio 30.6% within 70% limit (paper cushioning); 2 layers exceed the limit "
                 "of 1");

    /* Art. 24 has no layer limit. */
    packaging_rule_set_t eu;
    packaging_rule_set_eu_ppwr_art24(&eu);
    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK(r.pass && !r.layers_exceeded);
}

DURE_TEST(packaging_reuse_and_multi_product_exempt_kr_only)
{
    packaging_parcel_t parcel = s_parcel(1000, NULL, 0); /* 93.7% empty */
    parcel.layers = 2;
    parcel.reusable = true;
    packaging_result_t r = s_eval_kr(&parcel);
    CHECK(r.pass && r.exempt && !r.layers_exceeded);
    CHECK_STR_EQ(r.reason, "exempt: reusable packaging");

    parcel.reusable = false;
    parcel.distinct_products = 3;
    r = s_eval_kr(&parcel);
    CHECK(r.pass && r.exempt);
    CHECK_STR_EQ(r.reason, "exempt: 3 products packed together");

    parcel.distinct_products = 1;
    parcel.fragile = true; /* a glass jar of honey */
    r = s_eval_kr(&parcel);
    CHECK(r.pass && r.exempt && !r.layers_exceeded);
    CHECK_STR_EQ(r.reason, "exempt: fragile, liquid or melting product");

    packaging_rule_set_t eu;
    packaging_rule_set_eu_ppwr_art24(&eu);
    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK(!r.pass && !r.exempt && !r.layers_exceeded);
    parcel.fragile = false;
    parcel.distinct_products = 3;
    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK(!r.pass && !r.exempt);
}

DURE_TEST(packaging_ice_packs_are_product_in_kr_not_eu)
{
    packaging_parcel_t parcel = s_parcel(5544, NULL, 0);
    parcel.ice_pack_volume_cm3 = 1584;
    packaging_result_t r = s_eval_kr(&parcel);
    CHECK_DBL_NEAR(r.ratio_percent, 55.0, 1e-9);

    packaging_rule_set_t eu;
    packaging_rule_set_eu_ppwr_art24(&eu);
    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK_DBL_NEAR(r.ratio_percent, 65.0, 1e-9);
}

DURE_TEST(packaging_filling_is_empty_space_in_eu)
{
    /* 3,000 cm3 of air cushions around 7,920 cm3 of product: still exactly 50% empty. */
    packaging_material_t fill[] = {{PACKAGING_MATERIAL_AIR_CUSHION, 10, 30, 3000, true, 0}};
    packaging_parcel_t parcel = s_parcel(7920, fill, 1);
    packaging_rule_set_t eu;
    packaging_rule_set_eu_ppwr_art24(&eu);
    packaging_result_t r;
    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK_DBL_NEAR(r.ratio_percent, 50.0, 1e-9);
    CHECK(r.pass); /* exactly on the limit passes: "at most 50%" */

    parcel.product_volume_cm3 = 7919; /* one cm3 less product tips it over */
    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK(!r.pass);

    /* A rule set that treated filling as occupied would see 31.1% instead. */
    eu.filling_counts_as_empty = false;
    parcel.product_volume_cm3 = 7920;
    REQUIRE(packaging_compliance_evaluate(&eu, &parcel, &r) == 0);
    CHECK_DBL_NEAR(r.ratio_percent, 100.0 * (15840 - 10920) / 15840.0, 1e-9);
}

DURE_TEST(packaging_invalid_parcels_are_refused)
{
    packaging_rule_set_t kr;
    packaging_rule_set_kr_2024(&kr);
    packaging_result_t r;
    packaging_parcel_t parcel = s_parcel(15000, NULL, 0);
    parcel.ice_pack_volume_cm3 = 841; /* 15,841 cm3 in a 15,840 cm3 box */
    CHECK_INT_EQ(packaging_compliance_evaluate(&kr, &parcel, &r), -1);
    CHECK(!r.pass);
    CHECK_STR_EQ(r.reason, "invalid parcel: products and ice packs (15841 cm3) do not fit in "
                           "15840 cm3");

    parcel = s_parcel(100, NULL, 0);
    parcel.inner.length_mm = 0;
    CHECK_INT_EQ(packaging_compliance_evaluate(&kr, &parcel, &r), -1);

    parcel = s_parcel(100, NULL, 0);
    parcel.inner.width_mm = 260; /* wider inside than outside */
    CHECK_INT_EQ(packaging_compliance_evaluate(&kr, &parcel, &r), -1);

    packaging_material_t bad[] = {{PACKAGING_MATERIAL_FILM, 1, 10, 10, true, 101}};
    parcel = s_parcel(100, bad, 1);
    CHECK_INT_EQ(packaging_compliance_evaluate(&kr, &parcel, &r), -1);
    bad[0].kind = PACKAGING_MATERIAL_UNSPECIFIED;
    bad[0].recycled_content_percent = 0;
    CHECK_INT_EQ(packaging_compliance_evaluate(&kr, &parcel, &r), -1);

    parcel = s_parcel(100, NULL, 0);
    parcel.layers = 0;
    CHECK_INT_EQ(packaging_compliance_evaluate(&kr, &parcel, &r), -1);

    packaging_dims_t inner = {330, 240, 200};
    CHECK_DBL_NEAR(packaging_space_ratio_percent(&inner, 15841), -1.0, 1e-12);
    CHECK_DBL_NEAR(packaging_space_ratio_percent(&inner, -1), -1.0, 1e-12);
    CHECK_DBL_NEAR(packaging_space_ratio_percent(&inner, 15840), 0.0, 1e-12);
}
