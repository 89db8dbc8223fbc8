/*  test_logistics_planner.c - from an OrderConfirmed to planned shipments: one per seller and
    temperature class, non-physical lines skipped, quantities expanded into units, ice packs
    for chilled goods, paper fill for fragile ones, figures of a parcel worked out by hand,
    unusable lines refused with their line number.
*/
#include "dure_test.h"

#include "../../services/logistics/planner.h"

#define T(name) DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_##name
#define M(name) DURE__V1__MATERIAL__MATERIAL_##name

/* An order built on the test's stack. */
typedef struct {
    Dure__V1__Dimensions sizes[8];
    Dure__V1__OrderLine lines[8];
    Dure__V1__OrderLine *line_ptrs[8];
    Dure__V1__Address from[3];
    Dure__V1__Enterprise sellers[3];
    Dure__V1__Enterprise *seller_ptrs[3];
    Dure__V1__OrderConfirmed order;
} s_order_t;

static void s_line(s_order_t *o, const char *product, const char *seller, int l, int w, int h,
                   int grams, int64_t qty, int64_t price, Dure__V1__TemperatureClass t,
                   int physical, int fragile)
{
    size_t i = o->order.n_lines++;
    Dure__V1__Dimensions *d = &o->sizes[i];
    dure__v1__dimensions__init(d);
    d->length_mm = l;
    d->width_mm = w;
    d->height_mm = h;
    Dure__V1__OrderLine *line = &o->lines[i];
    dure__v1__order_line__init(line);
    line->product_id = (char *)product;
    line->enterprise_id = (char *)seller;
    line->quantity = qty;
    line->unit_price_krw = price;
    line->line_total_krw = price * qty;
    line->physical = physical;
    line->size = d;
    line->weight_g = grams;
    line->temperature = t;
    line->fragile = fragile;
    o->line_ptrs[i] = line;
}

static void s_seller(s_order_t *o, const char *id, const char *postcode, const char *carrier)
{
    size_t i = o->order.n_sellers++;
    dure__v1__address__init(&o->from[i]);
    o->from[i].postcode = (char *)postcode;
    dure__v1__enterprise__init(&o->sellers[i]);
    o->sellers[i].id = (char *)id;
    o->sellers[i].ship_from = &o->from[i];
    o->sellers[i].default_carrier = (char *)carrier;
    o->seller_ptrs[i] = &o->sellers[i];
}

static void s_order_init(s_order_t *o)
{
    memset(o, 0, sizeof *o);
    dure__v1__order_confirmed__init(&o->order);
    o->order.order_id = "o-1";
    o->order.lines = o->line_ptrs;
    o->order.sellers = o->seller_ptrs;
}

/* Three sellers: a with rice (two lines), b with chilled kimchi and a fragile jam, c with a
   farm-stay experience only; plus a voucher of a that is not physical. */
static void s_three_sellers(s_order_t *o)
{
    s_order_init(o);
    s_line(o, "p-rice", "ent-a", 300, 200, 150, 4000, 1, 32000, T(AMBIENT), 1, 0);
    s_line(o, "p-kimchi", "ent-b", 200, 150, 100, 1000, 2, 12000, T(CHILLED), 1, 0);
    s_line(o, "p-stay", "ent-c", 0, 0, 0, 0, 1, 90000, T(AMBIENT), 0, 0);
    s_line(o, "p-jam", "ent-b", 100, 100, 120, 400, 1, 8000, T(AMBIENT), 1, 1);
    s_line(o, "p-voucher", "ent-a", 0, 0, 0, 0, 1, 10000, T(AMBIENT), 0, 0);
    s_line(o, "p-flour", "ent-a", 150, 100, 50, 1000, 1, 5000, T(UNSPECIFIED), 1, 0);
    s_seller(o, "ent-a", "24341", "cj");
    s_seller(o, "ent-b", "33300", "hanjin");
    s_seller(o, "ent-c", "25000", "lotte");
}

static const Dure__V1__MaterialUse *s_material(const Dure__V1__Parcel *p, Dure__V1__Material m)
{
    for (size_t i = 0; i < p->n_materials; i++)
        if (p->materials[i]->material == m)
            return p->materials[i];
    return NULL;
}

static size_t s_items(const Dure__V1__Parcel *p, const char *product)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_items; i++)
        n += strcmp(p->items[i]->product_id, product) == 0;
    return n;
}

static void s_planner(logistics_planner_t *planner, logistics_boxes_t *boxes,
                      logistics_materials_options_t *materials)
{
    logistics_planner_default(planner);
    logistics_materials_options_default(materials);
    planner->boxes = boxes;
    planner->materials = materials;
}

DURE_TEST(logistics_plan_one_shipment_per_seller_and_temperature)
{
    s_order_t o;
    s_three_sellers(&o);
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_materials_options_t materials;
    logistics_planner_t planner;
    s_planner(&planner, boxes, &materials);
    dure_arena_t *arena = dure_arena_new();
    logistics_planned_t *plan = NULL;
    size_t count = 99;
    char err[256] = "";
    CHECK_INT_EQ(logistics_plan(&planner, &o.order, arena, &plan, &count, err, sizeof err), 0);
    /* ent-a ambient (rice, flour: unspecified counts as ambient), ent-b ambient (jam),
       ent-b chilled (kimchi); ent-c sold only an experience. Sorted by seller, class. */
    REQUIRE_INT_EQ(count, 3);
    CHECK_STR_EQ(plan[0].enterprise_id, "ent-a");
    CHECK_INT_EQ(plan[0].temperature, T(AMBIENT));
    CHECK_STR_EQ(plan[1].enterprise_id, "ent-b");
    CHECK_INT_EQ(plan[1].temperature, T(AMBIENT));
    CHECK_STR_EQ(plan[2].enterprise_id, "ent-b");
    CHECK_INT_EQ(plan[2].temperature, T(CHILLED));
    /* Sales of the physical lines only (the voucher is ent-a's but ships nothing). */
    CHECK_INT_EQ(plan[0].sales_krw, 32000 + 5000);
    CHECK_INT_EQ(plan[1].sales_krw, 8000);
    CHECK_INT_EQ(plan[2].sales_krw, 24000);
    CHECK_INT_EQ(plan[0].line_count, 2);
    CHECK_INT_EQ(plan[2].unit_count, 2);
    /* Ship-from and carrier are the seller's. */
    REQUIRE(plan[0].ship_from && plan[2].ship_from);
    CHECK_STR_EQ(plan[0].ship_from->postcode, "24341");
    CHECK_STR_EQ(plan[2].ship_from->postcode, "33300");
    CHECK_STR_EQ(plan[0].carrier, "cj");
    CHECK_STR_EQ(plan[2].carrier, "hanjin");
    /* Ambient rice and flour: no ice. Fragile jam: paper fill. Chilled kimchi (6,000 cm3):
       2 packs of 576 cm3 placed with it and counted as product volume. */
    REQUIRE_INT_EQ(plan[0].parcel_count, 1);
    CHECK(!s_material(plan[0].parcels[0], M(ICE_PACK_WATER)));
    CHECK(!s_material(plan[0].parcels[0], M(PAPER_FILL)));
    CHECK_INT_EQ(s_items(plan[0].parcels[0], "p-rice"), 1);
    CHECK_INT_EQ(s_items(plan[0].parcels[0], "p-flour"), 1);
    REQUIRE_INT_EQ(plan[1].parcel_count, 1);
    CHECK(s_material(plan[1].parcels[0], M(PAPER_FILL)) != NULL);
    REQUIRE_INT_EQ(plan[2].parcel_count, 1);
    const Dure__V1__Parcel *cold = plan[2].parcels[0];
    const Dure__V1__MaterialUse *ice = s_material(cold, M(ICE_PACK_WATER));
    REQUIRE(ice);
    CHECK_INT_EQ(ice->pieces, 2);
    CHECK_INT_EQ(s_items(cold, "ice-pack"), 2);
    CHECK_INT_EQ(s_items(cold, "p-kimchi"), 2);
    CHECK_INT_EQ(cold->product_volume_cm3, 6000 + 2 * 576);
    CHECK(!s_material(cold, M(PAPER_FILL)));
    dure_arena_destroy(&arena);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(logistics_plan_parcel_figures_by_hand)
{
    s_order_t o;
    s_order_init(&o);
    s_line(&o, "rice-4kg", "ent-a", 300, 200, 150, 4000, 1, 32000, T(AMBIENT), 1, 0);
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_materials_options_t materials;
    logistics_planner_t planner;
    s_planner(&planner, boxes, &materials);
    dure_arena_t *arena = dure_arena_new();
    logistics_planned_t *plan = NULL;
    size_t count = 0;
    REQUIRE(logistics_plan(&planner, &o.order, arena, &plan, &count, NULL, 0) == 0);
    REQUIRE_INT_EQ(count, 1);
    /* No seller in the event: no address, no carrier preference (the store's default). */
    CHECK(plan[0].ship_from == NULL);
    CHECK_STR_EQ(plan[0].carrier, "");
    REQUIRE_INT_EQ(plan[0].parcel_count, 1);
    const Dure__V1__Parcel *p = plan[0].parcels[0];
    /* kp-3: outer 340 x 250 x 210, inner less 2 x 5 mm = 330 x 240 x 200 = 15,840 cm3. */
    CHECK_STR_EQ(p->box_code, "kp-3");
    CHECK_INT_EQ(p->outer->length_mm, 340);
    CHECK_INT_EQ(p->inner->height_mm, 200);
    CHECK_INT_EQ(p->inner_volume_cm3, 15840);
    CHECK_INT_EQ(p->product_volume_cm3, 9000);
    CHECK_DBL_NEAR(p->fill_ratio, 9000.0 / 15840.0, 1e-9);
    /* 4,000 g rice + 308 g board + tape 2 x (340 + 120) mm x 3 g/m = 2.76 -> 3 g + label 3 g. */
    CHECK_INT_EQ(p->gross_weight_g, 4000 + 308 + 3 + 3);
    REQUIRE_INT_EQ(p->n_items, 1);
    const Dure__V1__PlacedItem *item = p->items[0];
    CHECK_STR_EQ(item->product_id, "rice-4kg");
    CHECK_INT_EQ(item->x_mm, 0);
    CHECK_INT_EQ(item->z_mm, 0);
    /* Placed flattest: 150 mm up, the other sides along the box. */
    CHECK_INT_EQ(item->placed->height_mm, 150);
    CHECK_INT_EQ((int64_t)item->placed->length_mm * item->placed->width_mm, 300 * 200);
    dure_arena_destroy(&arena);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(logistics_plan_expands_quantities_into_units)
{
    s_order_t o;
    s_order_init(&o);
    s_line(&o, "jar", "ent-a", 80, 80, 100, 500, 7, 6000, T(FROZEN), 1, 0);
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_materials_options_t materials;
    logistics_planner_t planner;
    s_planner(&planner, boxes, &materials);
    dure_arena_t *arena = dure_arena_new();
    logistics_planned_t *plan = NULL;
    size_t count = 0;
    REQUIRE(logistics_plan(&planner, &o.order, arena, &plan, &count, NULL, 0) == 0);
    REQUIRE_INT_EQ(count, 1);
    CHECK_INT_EQ(plan[0].unit_count, 7);
    size_t jars = 0, packs = 0;
    for (size_t i = 0; i < plan[0].parcel_count; i++) {
        jars += s_items(plan[0].parcels[i], "jar");
        packs += s_items(plan[0].parcels[i], "ice-pack");
    }
    CHECK_INT_EQ(jars, 7);
    /* Frozen: one pack per 1,500 cm3, at least 2; 7 x 640 cm3 = 4,480 -> 3 packs. */
    CHECK_INT_EQ(packs, 3);
    dure_arena_destroy(&arena);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(logistics_plan_without_physical_lines_is_empty)
{
    s_order_t o;
    s_order_init(&o);
    s_line(&o, "p-class", "ent-a", 0, 0, 0, 0, 2, 30000, T(AMBIENT), 0, 0);
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_materials_options_t materials;
    logistics_planner_t planner;
    s_planner(&planner, boxes, &materials);
    dure_arena_t *arena = dure_arena_new();
    logistics_planned_t *plan = NULL;
    size_t count = 5;
    CHECK_INT_EQ(logistics_plan(&planner, &o.order, arena, &plan, &count, NULL, 0), 0);
    CHECK_INT_EQ(count, 0);
    dure_arena_destroy(&arena);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(logistics_plan_refuses_unusable_lines)
{
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_materials_options_t materials;
    logistics_planner_t planner;
    s_planner(&planner, boxes, &materials);
    dure_arena_t *arena = dure_arena_new();
    logistics_planned_t *plan = NULL;
    size_t count = 0;
    char err[256] = "";
    s_order_t o;
    s_order_init(&o);
    s_line(&o, "ok", "ent-a", 100, 100, 100, 100, 1, 1000, T(AMBIENT), 1, 0);
    s_line(&o, "no-size", "ent-a", 0, 100, 100, 100, 1, 1000, T(AMBIENT), 1, 0);
    CHECK_INT_EQ(logistics_plan(&planner, &o.order, arena, &plan, &count, err, sizeof err), -1);
    CHECK(strstr(err, "line 2") && strstr(err, "no-size") && strstr(err, "size"));
    s_order_init(&o);
    s_line(&o, "orphan", "", 100, 100, 100, 100, 1, 1000, T(AMBIENT), 1, 0);
    CHECK_INT_EQ(logistics_plan(&planner, &o.order, arena, &plan, &count, err, sizeof err), -1);
    CHECK(strstr(err, "no seller") != NULL);
    s_order_init(&o);
    s_line(&o, "many", "ent-a", 100, 100, 100, 100, 0, 1000, T(AMBIENT), 1, 0);
    CHECK_INT_EQ(logistics_plan(&planner, &o.order, arena, &plan, &count, err, sizeof err), -1);
    CHECK(strstr(err, "quantity") != NULL);
    /* Too big for the cartonizer's limits: a data error, not a pallet. */
    s_order_init(&o);
    s_line(&o, "huge", "ent-a", 20000, 100, 100, 100, 1, 1000, T(AMBIENT), 1, 0);
    CHECK_INT_EQ(logistics_plan(&planner, &o.order, arena, &plan, &count, err, sizeof err), -1);
    CHECK(strstr(err, "ent-a") != NULL);
    dure_arena_destroy(&arena);
    logistics_boxes_destroy(&boxes);
}
