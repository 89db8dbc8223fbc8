/*  test_cartonize.c - hand-checked cartonization cases: rotations, the one arrangement that
    works, splits by size and by weight, own packaging, ice packs, bad input, determinism.

    Each case uses a small catalog built from CSV text with board thickness 0, so the sizes in
    the test are the inner sizes and the expected answer can be worked out on paper. The
    result is freed by every test; the runner's LeakSanitizer catches a missed destroy.
*/
#include "dure_test.h"

#include "../../services/logistics/cartonize.h"

#include <stdlib.h>

/* A catalog from CSV rows, sizes taken as inner sizes. */
static logistics_boxes_t *s_catalog(const char *csv)
{
    logistics_boxes_options_t options = {0, LOGISTICS_BOX_MAX_WEIGHT_G_DEFAULT};
    char err[128] = "";
    logistics_boxes_t *boxes = logistics_boxes_parse(csv, &options, err, sizeof err);
    if (!boxes)
        dure_test_fail(__FILE__, __LINE__, "catalog: %s", err);
    return boxes;
}

static logistics_item_t s_item(const char *id, int l, int w, int h, int g)
{
    logistics_item_t item = {id, l, w, h, g, false};
    return item;
}

/* Placements inside the box and pairwise disjoint: written out here, not taken from the
   packer, so that a packer bug cannot hide itself. */
static int s_valid(const logistics_parcel_t *p)
{
    for (size_t i = 0; i < p->placement_count; i++) {
        const logistics_placement_t *a = &p->placements[i];
        if (a->x_mm < 0 || a->y_mm < 0 || a->z_mm < 0 ||
            a->x_mm + a->length_mm > p->box.inner_length_mm ||
            a->y_mm + a->width_mm > p->box.inner_width_mm ||
            a->z_mm + a->height_mm > p->box.inner_height_mm)
            return 0;
        for (size_t j = 0; j < i; j++) {
            const logistics_placement_t *b = &p->placements[j];
            if (a->x_mm < b->x_mm + b->length_mm && b->x_mm < a->x_mm + a->length_mm &&
                a->y_mm < b->y_mm + b->width_mm && b->y_mm < a->y_mm + a->width_mm &&
                a->z_mm < b->z_mm + b->height_mm && b->z_mm < a->z_mm + a->height_mm)
                return 0;
        }
    }
    return 1;
}

DURE_TEST(cartonize_rotates_item_to_fit)
{
    /* The item only fits the small box lying down: 100 along x, 30 up. */
    logistics_boxes_t *boxes = s_catalog("code,length_mm,width_mm,height_mm,price_krw\n"
                                         "small,100,50,30,100\nbig,300,300,300,900\n");
    REQUIRE(boxes);
    logistics_item_t item = s_item("jar", 30, 50, 100, 500);
    logistics_cartonization_t *r = logistics_cartonize(boxes, &item, 1, NULL, NULL, 0);
    REQUIRE(r);
    REQUIRE_INT_EQ(r->parcel_count, 1);
    CHECK_STR_EQ(r->parcels[0].box.code, "small");
    CHECK_INT_EQ(r->parcels[0].placements[0].length_mm, 100);
    CHECK_INT_EQ(r->parcels[0].placements[0].width_mm, 50);
    CHECK_INT_EQ(r->parcels[0].placements[0].height_mm, 30);
    CHECK(s_valid(&r->parcels[0]));
    CHECK_DBL_NEAR(r->parcels[0].fill_ratio, 1.0, 1e-9);
    logistics_cartonization_destroy(&r);
    CHECK(r == NULL);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_two_items_side_by_side_only)
{
    /* 150 x 100 x 50 holds a 100x100x50 and a 50x100x50 only side by side along x. */
    logistics_boxes_t *boxes = s_catalog("code,length_mm,width_mm,height_mm,price_krw\n"
                                         "snug,150,100,50,100\nbig,300,300,300,900\n");
    REQUIRE(boxes);
    logistics_item_t items[] = {s_item("a", 50, 100, 100, 100), s_item("b", 100, 50, 50, 100)};
    logistics_cartonization_t *r = logistics_cartonize(boxes, items, 2, NULL, NULL, 0);
    REQUIRE(r);
    REQUIRE_INT_EQ(r->parcel_count, 1);
    CHECK_STR_EQ(r->parcels[0].box.code, "snug");
    REQUIRE_INT_EQ(r->parcels[0].placement_count, 2);
    CHECK(s_valid(&r->parcels[0]));
    const logistics_placement_t *a = &r->parcels[0].placements[0];
    const logistics_placement_t *b = &r->parcels[0].placements[1];
    CHECK_INT_EQ(a->length_mm + b->length_mm, 150);
    CHECK_INT_EQ(a->width_mm, 100);
    CHECK_INT_EQ(b->width_mm, 100);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_pinwheel_needs_exact_search)
{
    /* Four 60x40 tiles around a 20x20 one fill a 100x100 tray only as a pinwheel, which the
       corner-point heuristic does not find: the exhaustive search must. */
    logistics_boxes_t *boxes = s_catalog("code,length_mm,width_mm,height_mm,price_krw\n"
                                         "tray,100,100,10,100\nbig,300,300,300,900\n");
    REQUIRE(boxes);
    logistics_item_t items[5];
    for (int i = 0; i < 4; i++)
        items[i] = s_item("tile", 60, 40, 10, 50);
    items[4] = s_item("dot", 20, 20, 10, 5);
    logistics_cartonization_t *r = logistics_cartonize(boxes, items, 5, NULL, NULL, 0);
    REQUIRE(r);
    REQUIRE_INT_EQ(r->parcel_count, 1);
    CHECK_STR_EQ(r->parcels[0].box.code, "tray");
    CHECK_INT_EQ(r->parcels[0].placement_count, 5);
    CHECK(s_valid(&r->parcels[0]));
    CHECK_INT_EQ(r->searches_cut_short, 0);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_splits_over_two_boxes)
{
    logistics_boxes_t *boxes = s_catalog("code,length_mm,width_mm,height_mm,price_krw\n"
                                         "cube,100,100,100,100\n");
    REQUIRE(boxes);
    logistics_item_t items[] = {s_item("a", 100, 100, 60, 100), s_item("b", 60, 100, 100, 100)};
    logistics_cartonization_t *r = logistics_cartonize(boxes, items, 2, NULL, NULL, 0);
    REQUIRE(r);
    REQUIRE_INT_EQ(r->parcel_count, 2);
    for (size_t i = 0; i < 2; i++) {
        CHECK_STR_EQ(r->parcels[i].box.code, "cube");
        CHECK_INT_EQ(r->parcels[i].placement_count, 1);
        CHECK(s_valid(&r->parcels[i]));
    }
    CHECK(r->parcels[0].placements[0].item != r->parcels[1].placements[0].item);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_oversize_item_ships_in_own_packaging)
{
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_item_t items[] = {s_item("mat", 1200, 150, 150, 3000),
                                s_item("tea", 100, 60, 60, 200)};
    logistics_cartonization_t *r = logistics_cartonize(boxes, items, 2, NULL, NULL, 0);
    REQUIRE(r);
    REQUIRE_INT_EQ(r->parcel_count, 2);
    CHECK_STR_EQ(r->parcels[0].box.code, "kp-1");
    CHECK_INT_EQ(r->parcels[0].placements[0].item, 1);
    CHECK_STR_EQ(r->parcels[1].box.code, LOGISTICS_BOX_CODE_OWN);
    CHECK(r->parcels[1].own_packaging);
    CHECK_INT_EQ(r->parcels[1].placements[0].item, 0);
    CHECK_INT_EQ(r->parcels[1].product_weight_g, 3000);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_weight_limit_splits_box)
{
    /* Three 4 kg units fit the box by size, but its 10 kg limit takes only two. */
    logistics_boxes_t *boxes =
        s_catalog("code,length_mm,width_mm,height_mm,price_krw,max_weight_g\n"
                  "box,300,300,300,500,10000\n");
    REQUIRE(boxes);
    logistics_item_t items[3];
    for (int i = 0; i < 3; i++)
        items[i] = s_item("rice", 100, 100, 100, 4000);
    logistics_cartonization_t *r = logistics_cartonize(boxes, items, 3, NULL, NULL, 0);
    REQUIRE(r);
    REQUIRE_INT_EQ(r->parcel_count, 2);
    CHECK_INT_EQ(r->parcels[0].product_weight_g, 8000);
    CHECK_INT_EQ(r->parcels[1].product_weight_g, 4000);
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_smallest_box_by_volume_then_price)
{
    /* Two boxes of equal inner volume: the cheaper wins; the default catalog's kp-1 is the
       smallest that takes a 200 x 170 x 70 item. */
    logistics_boxes_t *boxes = s_catalog("code,length_mm,width_mm,height_mm,price_krw\n"
                                         "dear,200,100,100,900\ncheap,100,200,100,800\n");
    REQUIRE(boxes);
    logistics_item_t item = s_item("x", 90, 90, 90, 10);
    logistics_cartonization_t *r = logistics_cartonize(boxes, &item, 1, NULL, NULL, 0);
    REQUIRE(r);
    CHECK_STR_EQ(r->parcels[0].box.code, "cheap");
    logistics_cartonization_destroy(&r);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_rejects_bad_items)
{
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    char err[128] = "";
    logistics_item_t bad[] = {s_item("a", 0, 10, 10, 1), s_item("b", 10, 10, 10, -1),
                              s_item(NULL, 10, 10, 10, 1)};
    for (size_t i = 0; i < 3; i++) {
        logistics_cartonization_t *r = logistics_cartonize(boxes, &bad[i], 1, NULL, err, sizeof err);
        CHECK(r == NULL);
        CHECK(strstr(err, "item 0") != NULL);
        logistics_cartonization_destroy(&r);
    }
    logistics_cartonization_t *empty = logistics_cartonize(boxes, NULL, 0, NULL, NULL, 0);
    REQUIRE(empty);
    CHECK_INT_EQ(empty->parcel_count, 0);
    logistics_cartonization_destroy(&empty);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(cartonize_is_deterministic)
{
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_item_t items[40];
    srand(7);
    for (int i = 0; i < 40; i++)
        items[i] = s_item("p", 20 + rand() % 200, 20 + rand() % 150, 10 + rand() % 120,
                          rand() % 3000);
    logistics_cartonization_t *a = logistics_cartonize(boxes, items, 40, NULL, NULL, 0);
    logistics_cartonization_t *b = logistics_cartonize(boxes, items, 40, NULL, NULL, 0);
    REQUIRE(a && b);
    REQUIRE_INT_EQ(a->parcel_count, b->parcel_count);
    for (size_t i = 0; i < a->parcel_count; i++) {
        REQUIRE_INT_EQ(a->parcels[i].placement_count, b->parcels[i].placement_count);
        CHECK(memcmp(a->parcels[i].placements, b->parcels[i].placements,
                     a->parcels[i].placement_count * sizeof a->parcels[i].placements[0]) == 0);
        CHECK(s_valid(&a->parcels[i]));
    }
    logistics_cartonization_destroy(&a);
    logistics_cartonization_destroy(&b);
    logistics_boxes_destroy(&boxes);
}
