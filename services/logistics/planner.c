/*  planner.c - group a confirmed order's physical lines into shipments and cartonize each.

    Groups are found by a linear scan over at most LOGISTICS_PLAN_MAX_LINES lines (orders
    have up to 100), then sorted, so the plan does not depend on line order.
*/
#include "planner.h"

#include <assert.h>
#include <stdio.h>

#define S_TEMP(name) DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_##name

/* One group under construction. */
typedef struct {
    logistics_planned_t out; /* what the caller gets */
    size_t *lines;           /* indexes of its lines in the event (arena) */
} s_group_t;

void logistics_planner_default(logistics_planner_t *planner)
{
    memset(planner, 0, sizeof *planner);
    planner->exact_max_items = LOGISTICS_EXACT_MAX_ITEMS_DEFAULT;
    planner->exact_node_budget = LOGISTICS_EXACT_NODE_BUDGET_DEFAULT;
}

static Dure__V1__TemperatureClass s_temperature(Dure__V1__TemperatureClass t)
{
    return t == S_TEMP(CHILLED) || t == S_TEMP(FROZEN) ? t : S_TEMP(AMBIENT);
}

static int s_compare(const void *a, const void *b)
{
    const s_group_t *x = a, *y = b;
    int c = strcmp(x->out.enterprise_id, y->out.enterprise_id);
    return c ? c : (int)x->out.temperature - (int)y->out.temperature;
}

/* Checks a physical line. Returns 0, or -1 with the reason in err. */
static int s_check_line(const Dure__V1__OrderLine *line, size_t index, char *err, size_t size)
{
    const char *why = NULL;
    if (!line->enterprise_id || !*line->enterprise_id)
        why = "no seller";
    else if (!line->product_id || !*line->product_id ||
             strlen(line->product_id) >= LOGISTICS_PRODUCT_ID_MAX)
        why = "missing or over-long product id";
    else if (line->quantity < 1 || line->quantity > 10000)
        why = "quantity outside 1-10,000";
    else if (!line->size || line->size->length_mm < 1 || line->size->width_mm < 1 ||
             line->size->height_mm < 1)
        why = "missing size";
    else if (line->weight_g < 0)
        why = "negative weight";
    if (why && err)
        snprintf(err, size, "line %zu (%s): %s", index + 1,
                 line->product_id ? line->product_id : "", why);
    return why ? -1 : 0;
}

static const Dure__V1__Enterprise *s_seller(const Dure__V1__OrderConfirmed *order, const char *id)
{
    for (size_t i = 0; i < order->n_sellers; i++)
        if (order->sellers[i] && order->sellers[i]->id && strcmp(order->sellers[i]->id, id) == 0)
            return order->sellers[i];
    return NULL;
}

/* Finds or opens the group of a line. */
static s_group_t *s_group_of(s_group_t *groups, size_t *count, const Dure__V1__OrderLine *line,
                             size_t max_lines, dure_arena_t *arena)
{
    Dure__V1__TemperatureClass t = s_temperature(line->temperature);
    for (size_t i = 0; i < *count; i++)
        if (groups[i].out.temperature == t &&
            strcmp(groups[i].out.enterprise_id, line->enterprise_id) == 0)
            return &groups[i];
    s_group_t *g = &groups[(*count)++];
    g->out.enterprise_id = line->enterprise_id;
    g->out.temperature = t;
    g->lines = DURE_ARENA_NEW(arena, size_t, max_lines);
    return g;
}

/* Expands, cartonizes and converts one group. Returns 0 or -1 with the reason in err. */
static int s_pack(const logistics_planner_t *planner, const Dure__V1__OrderConfirmed *order,
                  s_group_t *g, dure_arena_t *arena, char *err, size_t size)
{
    size_t units = 0;
    for (size_t i = 0; i < g->out.line_count; i++)
        units += (size_t)order->lines[g->lines[i]]->quantity;
    if (units > LOGISTICS_CARTONIZE_MAX_ITEMS) {
        snprintf(err, size, "seller %s: %zu units in one shipment, at most %d",
                 g->out.enterprise_id, units, LOGISTICS_CARTONIZE_MAX_ITEMS);
        return -1;
    }
    logistics_item_t *items = dure_malloc((units ? units : 1) * sizeof *items);
    size_t n = 0;
    for (size_t i = 0; i < g->out.line_count; i++) {
        const Dure__V1__OrderLine *line = order->lines[g->lines[i]];
        for (int64_t q = 0; q < line->quantity; q++)
            items[n++] = (logistics_item_t){line->product_id,     line->size->length_mm,
                                            line->size->width_mm, line->size->height_mm,
                                            line->weight_g,       line->fragile};
    }
    g->out.unit_count = n;
    logistics_ice_rule_t ice;
    logistics_cartonize_options_t options;
    logistics_cartonize_options_default(&options);
    options.exact_max_items = planner->exact_max_items;
    options.exact_node_budget = planner->exact_node_budget;
    logistics_temperature_t temp = (logistics_temperature_t)g->out.temperature;
    if (logistics_materials_ice_rule(planner->materials, temp, &ice))
        options.ice = &ice;
    char why[256] = "";
    logistics_cartonization_t *plan =
        logistics_cartonize(planner->boxes, items, n, &options, why, sizeof why);
    free(items);
    if (!plan) {
        snprintf(err, size, "seller %s: %s", g->out.enterprise_id, why);
        return -1;
    }
    g->out.parcel_count = plan->parcel_count;
    g->out.parcels = DURE_ARENA_NEW(arena, Dure__V1__Parcel *, plan->parcel_count + 1);
    for (size_t i = 0; i < plan->parcel_count; i++) {
        logistics_material_use_t uses[LOGISTICS_MATERIALS_MAX];
        size_t m = logistics_materials_plan(planner->materials, &plan->parcels[i], temp, uses);
        g->out.parcels[i] = logistics_plan_parcel(&plan->parcels[i], uses, m, arena);
    }
    logistics_cartonization_destroy(&plan);
    return 0;
}

int logistics_plan(const logistics_planner_t *planner, const Dure__V1__OrderConfirmed *order,
                   dure_arena_t *arena, logistics_planned_t **shipments, size_t *count, char *err,
                   size_t err_size)
{
    assert(planner && planner->boxes && planner->materials && order && arena && count);
    *shipments = NULL;
    *count = 0;
    char scratch[8];
    if (!err) {
        err = scratch;
        err_size = sizeof scratch;
    }
    if (order->n_lines > LOGISTICS_PLAN_MAX_LINES) {
        snprintf(err, err_size, "%zu lines, at most %d", order->n_lines, LOGISTICS_PLAN_MAX_LINES);
        return -1;
    }
    size_t max = order->n_lines ? order->n_lines : 1, n = 0;
    s_group_t *groups = DURE_ARENA_NEW(arena, s_group_t, max);
    for (size_t i = 0; i < order->n_lines; i++) {
        const Dure__V1__OrderLine *line = order->lines[i];
        if (!line || !line->physical)
            continue;
        if (s_check_line(line, i, err, err_size) != 0)
            return -1;
        s_group_t *g = s_group_of(groups, &n, line, max, arena);
        g->lines[g->out.line_count++] = i;
        int64_t total =
            line->line_total_krw ? line->line_total_krw : line->unit_price_krw * line->quantity;
        g->out.sales_krw += total;
    }
    qsort(groups, n, sizeof *groups, s_compare);
    logistics_planned_t *out = DURE_ARENA_NEW(arena, logistics_planned_t, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        if (s_pack(planner, order, &groups[i], arena, err, err_size) != 0)
            return -1;
        const Dure__V1__Enterprise *seller = s_seller(order, groups[i].out.enterprise_id);
        groups[i].out.ship_from = seller ? seller->ship_from : NULL;
        groups[i].out.carrier = seller && seller->default_carrier ? seller->default_carrier : "";
        out[i] = groups[i].out;
    }
    *shipments = out;
    *count = n;
    return 0;
}

static Dure__V1__Dimensions *s_dims(dure_arena_t *arena, int l, int w, int h)
{
    Dure__V1__Dimensions *d = DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1);
    dure__v1__dimensions__init(d);
    d->length_mm = l;
    d->width_mm = w;
    d->height_mm = h;
    return d;
}

static int64_t s_cm3(int64_t mm3)
{
    return (mm3 + 500) / 1000;
}

static int s_is_ice(logistics_material_t m)
{
    return m == LOGISTICS_MATERIAL_ICE_PACK_WATER || m == LOGISTICS_MATERIAL_ICE_PACK_GEL;
}

Dure__V1__Parcel *logistics_plan_parcel(const logistics_parcel_t *parcel,
                                        const logistics_material_use_t *materials,
                                        size_t material_count, dure_arena_t *arena)
{
    Dure__V1__Parcel *p = DURE_ARENA_NEW(arena, Dure__V1__Parcel, 1);
    dure__v1__parcel__init(p);
    const logistics_box_t *b = &parcel->box;
    p->box_code = dure_arena_strdup(arena, b->code);
    p->outer = s_dims(arena, b->outer_length_mm, b->outer_width_mm, b->outer_height_mm);
    p->inner = s_dims(arena, b->inner_length_mm, b->inner_width_mm, b->inner_height_mm);
    p->inner_volume_cm3 = s_cm3(parcel->inner_volume_mm3);
    p->product_volume_cm3 = s_cm3(parcel->product_volume_mm3);
    p->fill_ratio = parcel->fill_ratio;
    int64_t gross = parcel->product_weight_g;
    p->n_items = parcel->placement_count;
    p->items = DURE_ARENA_NEW(arena, Dure__V1__PlacedItem *, p->n_items + 1);
    for (size_t i = 0; i < parcel->placement_count; i++) {
        const logistics_placement_t *pl = &parcel->placements[i];
        Dure__V1__PlacedItem *item = DURE_ARENA_NEW(arena, Dure__V1__PlacedItem, 1);
        dure__v1__placed_item__init(item);
        item->product_id = dure_arena_strdup(arena, pl->product_id);
        item->x_mm = pl->x_mm;
        item->y_mm = pl->y_mm;
        item->z_mm = pl->z_mm;
        item->placed = s_dims(arena, pl->length_mm, pl->width_mm, pl->height_mm);
        p->items[i] = item;
    }
    p->n_materials = material_count;
    p->materials = DURE_ARENA_NEW(arena, Dure__V1__MaterialUse *, material_count + 1);
    for (size_t i = 0; i < material_count; i++) {
        const logistics_material_use_t *m = &materials[i];
        Dure__V1__MaterialUse *use = DURE_ARENA_NEW(arena, Dure__V1__MaterialUse, 1);
        dure__v1__material_use__init(use);
        use->material = (Dure__V1__Material)m->material;
        use->pieces = m->pieces;
        use->grams = m->grams;
        use->volume_cm3 = m->volume_cm3;
        use->recyclable = m->recyclable;
        use->recycled_content_percent = m->recycled_content_percent;
        p->materials[i] = use;
        /* Placed packs are already in the product weight; own packaging's are not placed. */
        if (!s_is_ice(m->material) || parcel->own_packaging)
            gross += m->grams;
    }
    p->gross_weight_g = gross > INT32_MAX ? INT32_MAX : (int32_t)gross;
    return p;
}
