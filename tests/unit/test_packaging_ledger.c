/*  test_packaging_ledger.c - Parcel protos into ledger records: the worked example of
    docs/PACKAGING.md as it arrives on the wire, contributions to the totals, and refusals.
*/
#include "../../services/packaging/ledger.h"
#include "dure_test.h"

#include <string.h>

/* The shipment of the worked example, as logistics sends it: product volume includes the
   two ice packs (logistics.proto), items are four containers of one set and two packs. */
typedef struct {
    Dure__V1__Dimensions outer, inner, item_size, ice_size;
    Dure__V1__PlacedItem items[6];
    Dure__V1__PlacedItem *item_ptrs[6];
    Dure__V1__MaterialUse materials[5];
    Dure__V1__MaterialUse *material_ptrs[5];
    Dure__V1__Parcel parcel;
    Dure__V1__Parcel *parcel_ptrs[1];
    Dure__V1__Shipment shipment;
} s_example_t;

static void s_material(Dure__V1__MaterialUse *m, Dure__V1__Material kind, int pieces, int grams,
                       int64_t volume, int recyclable)
{
    dure__v1__material_use__init(m);
    m->material = kind;
    m->pieces = pieces;
    m->grams = grams;
    m->volume_cm3 = volume;
    m->recyclable = recyclable;
}

static void s_example(s_example_t *x)
{
    memset(x, 0, sizeof *x);
    dure__v1__dimensions__init(&x->outer);
    x->outer.length_mm = 340, x->outer.width_mm = 250, x->outer.height_mm = 210;
    dure__v1__dimensions__init(&x->inner);
    x->inner.length_mm = 330, x->inner.width_mm = 240, x->inner.height_mm = 200;
    for (int i = 0; i < 6; i++) {
        dure__v1__placed_item__init(&x->items[i]);
        x->items[i].product_id = i < 4 ? "p-side-dish-set" : "ice-pack";
        x->item_ptrs[i] = &x->items[i];
    }
    s_material(&x->materials[0], DURE__V1__MATERIAL__MATERIAL_CORRUGATED_BOARD, 1, 280, 0, 1);
    s_material(&x->materials[1], DURE__V1__MATERIAL__MATERIAL_PAPER_FILL, 4, 60, 1500, 1);
    s_material(&x->materials[2], DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER, 2, 1560, 1584, 0);
    s_material(&x->materials[3], DURE__V1__MATERIAL__MATERIAL_TAPE, 0, 12, 0, 0);
    s_material(&x->materials[4], DURE__V1__MATERIAL__MATERIAL_LABEL, 1, 3, 0, 0);
    for (int i = 0; i < 5; i++)
        x->material_ptrs[i] = &x->materials[i];
    dure__v1__parcel__init(&x->parcel);
    x->parcel.box_code = "kp-3";
    x->parcel.outer = &x->outer;
    x->parcel.inner = &x->inner;
    x->parcel.inner_volume_cm3 = 15840;
    x->parcel.product_volume_cm3 = 5544 + 1584;
    x->parcel.n_items = 6;
    x->parcel.items = x->item_ptrs;
    x->parcel.n_materials = 5;
    x->parcel.materials = x->material_ptrs;
    x->parcel_ptrs[0] = &x->parcel;
    dure__v1__shipment__init(&x->shipment);
    x->shipment.id = "s-1";
    x->shipment.order_id = "o-1";
    x->shipment.enterprise_id = "e-1";
    x->shipment.carrier = "epost";
    x->shipment.n_parcels = 1;
    x->shipment.parcels = x->parcel_ptrs;
}

/* A ledger with both built-ins, selecting `id`. */
static packaging_ledger_t s_ledger(packaging_rules_t *rules, const char *id)
{
    return (packaging_ledger_t){rules, packaging_rules_select(rules, id)};
}

DURE_TEST(packaging_ledger_worked_example_from_the_wire)
{
    s_example_t x;
    s_example(&x);
    packaging_rules_t *rules = packaging_rules_new_default();
    packaging_ledger_t ledger = s_ledger(rules, "kr-2024");
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__PackagingRecord rec;
    char field[PACKAGING_FIELD_MAX], err[PACKAGING_REASON_MAX];
    REQUIRE(packaging_ledger_record(&ledger, &x.shipment,
                                    DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED, 120000, 1000,
                                    arena, &rec, field, sizeof field, err, sizeof err) == 0);
    CHECK_STR_EQ(rec.shipment_id, "s-1");
    CHECK_INT_EQ(rec.packaging_grams, 1915);
    CHECK_INT_EQ(rec.sales_krw, 120000);
    CHECK(rec.compliant);
    REQUIRE_INT_EQ(rec.n_parcels, 1);
    const Dure__V1__ParcelRecord *p = rec.parcels[0];
    CHECK_INT_EQ(p->outer_volume_cm3, 17850);
    CHECK_INT_EQ(p->inner_volume_cm3, 15840);
    CHECK_INT_EQ(p->product_volume_cm3, 7128);
    CHECK_DBL_NEAR(p->space_ratio_percent, 55.0, 1e-9);
    CHECK_INT_EQ(p->layers, 1);
    CHECK(!p->reusable);
    REQUIRE_INT_EQ(p->n_rules, 2);
    CHECK_STR_EQ(p->rules[0]->rule_set, "kr-2024");
    CHECK(p->rules[0]->pass && !p->rules[0]->exempt);
    CHECK_DBL_NEAR(p->rules[0]->limit_percent, 70.0, 1e-9);
    CHECK_STR_EQ(p->rules[0]->reason, "space ratio 55.0% within 70% limit (paper cushioning)");
    CHECK_STR_EQ(p->rules[1]->rule_set, "eu-ppwr-art24");
    CHECK(!p->rules[1]->pass);
    CHECK_DBL_NEAR(p->rules[1]->ratio_percent, 65.0, 1e-9);
    CHECK_STR_EQ(p->rules[1]->reason, "space ratio 65.0% exceeds 50% limit");

    /* The same shipment under the EU selection is not compliant. */
    ledger = s_ledger(rules, "eu-ppwr-art24");
    REQUIRE(packaging_ledger_record(&ledger, &x.shipment,
                                    DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED, 0, 1000, arena,
                                    &rec, field, sizeof field, err, sizeof err) == 0);
    CHECK(!rec.compliant);
    dure_arena_destroy(&arena);
    packaging_rules_destroy(&rules);
}

DURE_TEST(packaging_ledger_contribution_counts_live_records_once)
{
    s_example_t x;
    s_example(&x);
    packaging_rules_t *rules = packaging_rules_new_default();
    packaging_ledger_t ledger = s_ledger(rules, "kr-2024");
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__PackagingRecord rec;
    char field[PACKAGING_FIELD_MAX], err[PACKAGING_REASON_MAX];
    REQUIRE(packaging_ledger_record(&ledger, &x.shipment,
                                    DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED, 50000, 1, arena,
                                    &rec, field, sizeof field, err, sizeof err) == 0);
    packaging_contribution_t c, none;
    packaging_ledger_contribution(&ledger, &rec, &c);
    CHECK_INT_EQ(c.shipments, 1);
    CHECK_INT_EQ(c.grams, 1915);
    CHECK_INT_EQ(c.sales_krw, 50000);
    CHECK_INT_EQ(c.parcels, 1);
    CHECK_INT_EQ(c.parcels_compliant, 1);
    CHECK_INT_EQ(c.material_grams[DURE__V1__MATERIAL__MATERIAL_CORRUGATED_BOARD], 280);
    CHECK_INT_EQ(c.material_grams[DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER], 1560);
    CHECK_INT_EQ(c.violations[0], 0); /* kr-2024 passes */
    CHECK_INT_EQ(c.violations[1], 1); /* eu-ppwr-art24 fails */

    /* A voided record counts nowhere: the change is exactly minus the live one. */
    rec.stage = DURE__V1__PACKAGING_STAGE__PACKAGING_VOID;
    packaging_ledger_contribution(&ledger, &rec, &none);
    CHECK(packaging_contribution_is_zero(&none));
    packaging_contribution_subtract(&none, &c);
    CHECK_INT_EQ(none.grams, -1915);
    CHECK_INT_EQ(none.shipments, -1);
    packaging_contribution_add(&none, &c);
    CHECK(packaging_contribution_is_zero(&none));
    packaging_ledger_contribution(&ledger, NULL, &none);
    CHECK(packaging_contribution_is_zero(&none));
    dure_arena_destroy(&arena);
    packaging_rules_destroy(&rules);
}

DURE_TEST(packaging_ledger_parcel_input_from_the_wire)
{
    s_example_t x;
    s_example(&x);
    packaging_material_t materials[PACKAGING_MATERIALS_MAX];
    packaging_parcel_t in;
    char err[128];
    REQUIRE(packaging_ledger_parcel(&x.parcel, materials, &in, err, sizeof err) == 0);
    CHECK_INT_EQ(in.product_volume_cm3, 5544); /* the packs taken back out */
    CHECK_INT_EQ(in.ice_pack_volume_cm3, 1584);
    CHECK_INT_EQ(in.distinct_products, 1);      /* four of one set; packs are not products */
    CHECK_INT_EQ(in.layers, 1);
    CHECK(!in.reusable && !in.fragile);

    /* A second product makes it combined packing; a film wrap adds a layer. */
    x.items[1].product_id = "p-kimchi";
    x.materials[3].material = DURE__V1__MATERIAL__MATERIAL_FILM;
    x.parcel.reusable_box_id = "rb-7";
    REQUIRE(packaging_ledger_parcel(&x.parcel, materials, &in, err, sizeof err) == 0);
    CHECK_INT_EQ(in.distinct_products, 2);
    CHECK_INT_EQ(in.layers, 2);
    CHECK(in.reusable);
}

DURE_TEST(packaging_ledger_refuses_bad_shipments)
{
    s_example_t x;
    s_example(&x);
    packaging_rules_t *rules = packaging_rules_new_default();
    packaging_ledger_t ledger = s_ledger(rules, "kr-2024");
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__PackagingRecord rec;
    char field[PACKAGING_FIELD_MAX], err[PACKAGING_REASON_MAX];
    /* Inner larger than outer. */
    x.inner.length_mm = 400;
    CHECK(packaging_ledger_record(&ledger, &x.shipment,
                                  DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED, 0, 1, arena, &rec,
                                  field, sizeof field, err, sizeof err) == -1);
    CHECK_STR_EQ(field, "shipment.parcels[0]");
    CHECK(strstr(err, "exceeds outer size") != NULL);
    x.inner.length_mm = 330;
    x.materials[1].material = (Dure__V1__Material)42;
    CHECK(packaging_ledger_record(&ledger, &x.shipment,
                                  DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED, 0, 1, arena, &rec,
                                  field, sizeof field, err, sizeof err) == -1);
    CHECK(strstr(err, "unknown material") != NULL);
    x.shipment.n_parcels = 0;
    CHECK(packaging_ledger_record(&ledger, &x.shipment,
                                  DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED, 0, 1, arena, &rec,
                                  field, sizeof field, err, sizeof err) == -1);
    CHECK_STR_EQ(field, "shipment.parcels");
    x.shipment.id = "";
    CHECK(packaging_ledger_record(&ledger, &x.shipment,
                                  DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED, 0, 1, arena, &rec,
                                  field, sizeof field, err, sizeof err) == -1);
    CHECK_STR_EQ(field, "shipment.id");
    dure_arena_destroy(&arena);
    packaging_rules_destroy(&rules);
}
