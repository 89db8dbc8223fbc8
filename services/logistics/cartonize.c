/*  cartonize.c - choosing boxes for a shipment: one box when one holds everything, else a
    split by first fit decreasing, each parcel then shrunk to its smallest box.

    A set of items fits a box when its weight is within the limit and packer.c places them:
    the extreme-point heuristic first (items by decreasing volume, then by decreasing longest
    side), and when that fails and the set is small (exact_max_items), the exhaustive search.
    Boxes are tried from the smallest (the catalog's order), so for sets up to exact_max_items
    the box chosen is the smallest that can hold them at all, unless a search ran out of budget
    (counted in searches_cut_short). Ice packs are derived from each set's product volume and
    packed with it, so every parcel carries the packs its own contents need.

    The result owns its parcels and their placement arrays; everything else here is scratch
    freed before returning.
*/
#include "cartonize.h"

#include "dure_alloc.h"
#include "packer.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One unit to pack: a product unit or a planned ice pack. */
typedef struct {
    size_t item;    /* input index, or LOGISTICS_ICE_PACK_ITEM */
    int size[3];    /* unrotated size */
    int weight_g;   /* unit weight */
    int64_t volume; /* mm3 */
    int longest;    /* longest side, for the second packing order */
} s_unit_t;

/* Everything one call needs. */
typedef struct {
    const logistics_boxes_t *boxes;        /* borrowed catalog */
    const logistics_item_t *items;         /* borrowed input */
    logistics_cartonize_options_t options; /* effective options */
    s_unit_t *products;                    /* one unit per input item */
    logistics_packer_t packer;             /* scratch heuristic packer */
    int64_t total_volume;                  /* of all products, bounds the packs */
    int cut_short;                         /* searches that ran out of budget */
} s_ctx_t;

/* An open parcel during the split. */
typedef struct {
    size_t *products;          /* input indexes */
    size_t count;              /* products in it */
    s_unit_t *units;           /* products and packs in the packer's order */
    bool closed;               /* holds one product that fits the split box only alone */
    int packs;                 /* ice packs in it */
    int weight_g;              /* products and packs */
    int64_t volume;            /* products only: what the ice rule scales with */
    logistics_packer_t packer; /* its packing in the split box */
} s_open_t;

static void s_error(char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void s_error(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || err_size == 0)
        return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(err, err_size, fmt, args);
    va_end(args);
}

void logistics_cartonize_options_default(logistics_cartonize_options_t *options)
{
    assert(options);
    options->ice = NULL;
    options->exact_max_items = LOGISTICS_EXACT_MAX_ITEMS_DEFAULT;
    options->exact_node_budget = LOGISTICS_EXACT_NODE_BUDGET_DEFAULT;
}

static int s_size_ok(int mm)
{
    return mm >= 1 && mm <= LOGISTICS_ITEM_MAX_MM;
}

/* Returns NULL when the input is usable, else the reason (written into buf). */
static const char *s_validate(const logistics_item_t *items, size_t count,
                              const logistics_cartonize_options_t *options, char *buf,
                              size_t size)
{
    if (count > LOGISTICS_CARTONIZE_MAX_ITEMS)
        return snprintf(buf, size, "%zu items, at most %d", count, LOGISTICS_CARTONIZE_MAX_ITEMS),
               buf;
    for (size_t i = 0; i < count; i++) {
        const logistics_item_t *it = &items[i];
        if (!it->product_id || !it->product_id[0] ||
            strlen(it->product_id) >= LOGISTICS_PRODUCT_ID_MAX)
            return snprintf(buf, size, "item %zu: product id missing or too long", i), buf;
        if (!s_size_ok(it->length_mm) || !s_size_ok(it->width_mm) || !s_size_ok(it->height_mm))
            return snprintf(buf, size, "item %zu: sizes must be 1 to %d mm", i,
                            LOGISTICS_ITEM_MAX_MM),
                   buf;
        if (it->weight_g < 0 || it->weight_g > LOGISTICS_ITEM_MAX_G)
            return snprintf(buf, size, "item %zu: weight must be 0 to %d g", i, LOGISTICS_ITEM_MAX_G),
                   buf;
    }
    const logistics_ice_rule_t *ice = options->ice;
    if (ice && (!ice->id || !ice->id[0] || strlen(ice->id) >= LOGISTICS_PRODUCT_ID_MAX ||
                !s_size_ok(ice->length_mm) || !s_size_ok(ice->width_mm) ||
                !s_size_ok(ice->height_mm) || ice->weight_g < 0 ||
                ice->weight_g > LOGISTICS_ITEM_MAX_G || ice->product_mm3_per_pack <= 0 ||
                ice->min_packs < 0 || ice->min_packs > 100))
        return snprintf(buf, size, "bad ice rule"), buf;
    return NULL;
}

static s_unit_t s_unit(size_t item, int l, int w, int h, int weight_g)
{
    s_unit_t u = {item, {l, w, h}, weight_g, (int64_t) l * w * h, l};
    u.longest = w > u.longest ? w : u.longest;
    u.longest = h > u.longest ? h : u.longest;
    return u;
}

/* Ice packs that product_volume (mm3) needs under the rule; 0 without a rule. */
static int s_packs_for(const s_ctx_t *ctx, int64_t product_volume)
{
    const logistics_ice_rule_t *ice = ctx->options.ice;
    if (!ice || product_volume <= 0)
        return 0;
    int64_t packs = (product_volume + ice->product_mm3_per_pack - 1) / ice->product_mm3_per_pack;
    return (int) (packs < ice->min_packs ? ice->min_packs : packs);
}

static s_unit_t s_pack_unit(const s_ctx_t *ctx)
{
    const logistics_ice_rule_t *ice = ctx->options.ice;
    return s_unit(LOGISTICS_ICE_PACK_ITEM, ice->length_mm, ice->width_mm, ice->height_mm,
                  ice->weight_g);
}

static int s_by_volume(const void *a, const void *b)
{
    const s_unit_t *x = a, *y = b;
    if (x->volume != y->volume)
        return x->volume > y->volume ? -1 : 1;
    if (x->longest != y->longest)
        return x->longest > y->longest ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item; /* packs (SIZE_MAX) last */
}

static int s_by_longest(const void *a, const void *b)
{
    const s_unit_t *x = a, *y = b;
    if (x->longest != y->longest)
        return x->longest > y->longest ? -1 : 1;
    return s_by_volume(a, b);
}

/* The units of a set: its products plus the packs they need, sorted by volume. Returns the
   number of units; out must have room for count + packs. */
static size_t s_units(const s_ctx_t *ctx, const size_t *products, size_t count, s_unit_t *out)
{
    int64_t volume = 0;
    for (size_t i = 0; i < count; i++) {
        out[i] = ctx->products[products[i]];
        volume += out[i].volume;
    }
    int packs = s_packs_for(ctx, volume);
    for (int p = 0; p < packs; p++)
        out[count + (size_t) p] = s_pack_unit(ctx);
    qsort(out, count + (size_t) packs, sizeof out[0], s_by_volume);
    return count + (size_t) packs;
}

static void s_inner(const logistics_box_t *box, int inner[3])
{
    inner[0] = box->inner_length_mm;
    inner[1] = box->inner_width_mm;
    inner[2] = box->inner_height_mm;
}

/* Heuristic packing of units in the given order; fills places on success. */
static int s_greedy(s_ctx_t *ctx, const int inner[3], const s_unit_t *units, size_t n,
                    logistics_packer_place_t *places)
{
    logistics_packer_reset(&ctx->packer, inner);
    for (size_t i = 0; i < n; i++)
        if (logistics_packer_add(&ctx->packer, units[i].size) != 0)
            return 0;
    memcpy(places, ctx->packer.places, n * sizeof places[0]);
    return 1;
}

/* Whether units (sorted by volume; reordered on return to match places) fit the box. */
static int s_fits(s_ctx_t *ctx, const logistics_box_t *box, s_unit_t *units, size_t n,
                  logistics_packer_place_t *places)
{
    int inner[3];
    s_inner(box, inner);
    int64_t volume = 0, weight = 0;
    for (size_t i = 0; i < n; i++) {
        volume += units[i].volume;
        weight += units[i].weight_g;
        if (!logistics_packer_fits_alone(inner, units[i].size))
            return 0;
    }
    if (weight > box->max_weight_g || volume > logistics_box_inner_volume_mm3(box))
        return 0;
    if (s_greedy(ctx, inner, units, n, places))
        return 1;
    qsort(units, n, sizeof units[0], s_by_longest);
    if (s_greedy(ctx, inner, units, n, places))
        return 1; /* units stay in the order that matches places */
    qsort(units, n, sizeof units[0], s_by_volume);
    if (n > (size_t) ctx->options.exact_max_items || n > LOGISTICS_PACKER_EXACT_MAX)
        return 0;
    int sizes[LOGISTICS_PACKER_EXACT_MAX][3];
    for (size_t i = 0; i < n; i++)
        memcpy(sizes[i], units[i].size, sizeof sizes[i]);
    int rc = logistics_packer_exact(inner, (const int(*)[3]) sizes, n,
                                    ctx->options.exact_node_budget, places);
    if (rc < 0)
        ctx->cut_short++;
    return rc == 1;
}

/* Fills a parcel from a box and placed units; takes nothing, copies everything. */
static void s_parcel(const s_ctx_t *ctx, const logistics_box_t *box, const s_unit_t *units,
                     const logistics_packer_place_t *places, size_t n, logistics_parcel_t *out)
{
    memset(out, 0, sizeof *out);
    out->box = *box;
    out->placements = dure_calloc(n, sizeof out->placements[0]);
    out->placement_count = n;
    for (size_t i = 0; i < n; i++) {
        logistics_placement_t *p = &out->placements[i];
        int ice = units[i].item == LOGISTICS_ICE_PACK_ITEM;
        const logistics_item_t *item = ice ? NULL : &ctx->items[units[i].item];
        p->item = units[i].item;
        strcpy(p->product_id, ice ? ctx->options.ice->id : item->product_id);
        p->x_mm = places[i].pos[0];
        p->y_mm = places[i].pos[1];
        p->z_mm = places[i].pos[2];
        p->length_mm = places[i].size[0];
        p->width_mm = places[i].size[1];
        p->height_mm = places[i].size[2];
        p->weight_g = units[i].weight_g;
        p->fragile = !ice && item->fragile;
        out->ice_packs += ice;
        out->product_volume_mm3 += units[i].volume;
        out->product_weight_g += units[i].weight_g;
    }
    out->inner_volume_mm3 = logistics_box_inner_volume_mm3(box);
    out->fill_ratio = (double) out->product_volume_mm3 / (double) out->inner_volume_mm3;
}

/* Finds the smallest box for a set of products and fills out; returns 0 when none holds them. */
static int s_choose(s_ctx_t *ctx, const size_t *products, size_t count, logistics_parcel_t *out)
{
    int64_t volume = 0;
    for (size_t i = 0; i < count; i++)
        volume += ctx->products[products[i]].volume;
    size_t room = count + (size_t) s_packs_for(ctx, volume);
    s_unit_t *units = dure_calloc(room, sizeof *units);
    logistics_packer_place_t *places = dure_calloc(room, sizeof *places);
    size_t n = s_units(ctx, products, count, units);
    int found = 0;
    for (size_t b = 0; b < logistics_boxes_size(ctx->boxes) && !found; b++) {
        const logistics_box_t *box = logistics_boxes_at(ctx->boxes, b);
        if (s_fits(ctx, box, units, n, places)) {
            s_parcel(ctx, box, units, places, n, out);
            found = 1;
        }
    }
    free(units);
    free(places);
    return found;
}

/* The parcel of an item that no box holds: its own packaging, packs planned but not placed. */
static void s_own(const s_ctx_t *ctx, size_t index, logistics_parcel_t *out)
{
    const logistics_item_t *item = &ctx->items[index];
    const s_unit_t *u = &ctx->products[index];
    memset(out, 0, sizeof *out);
    out->own_packaging = true;
    snprintf(out->box.code, sizeof out->box.code, "%s", LOGISTICS_BOX_CODE_OWN);
    out->box.outer_length_mm = out->box.inner_length_mm = item->length_mm;
    out->box.outer_width_mm = out->box.inner_width_mm = item->width_mm;
    out->box.outer_height_mm = out->box.inner_height_mm = item->height_mm;
    out->box.max_weight_g = item->weight_g;
    out->placements = dure_calloc(1, sizeof out->placements[0]);
    out->placement_count = 1;
    logistics_placement_t *p = &out->placements[0];
    p->item = index;
    strcpy(p->product_id, item->product_id);
    p->length_mm = item->length_mm;
    p->width_mm = item->width_mm;
    p->height_mm = item->height_mm;
    p->weight_g = item->weight_g;
    p->fragile = item->fragile;
    out->ice_packs = s_packs_for(ctx, u->volume);
    out->inner_volume_mm3 = out->product_volume_mm3 = u->volume;
    out->fill_ratio = 1.0;
    out->product_weight_g = item->weight_g;
}

/* Appends a parcel to the result's growing array. */
static logistics_parcel_t *s_push_parcel(logistics_cartonization_t *result, size_t *capacity)
{
    if (result->parcel_count == *capacity) {
        *capacity = *capacity ? *capacity * 2 : 4;
        result->parcels = dure_realloc(result->parcels, *capacity * sizeof result->parcels[0]);
    }
    return &result->parcels[result->parcel_count++];
}

/* Tries to add product index to an open parcel in the split box, with the extra packs its
   volume calls for; returns 1 when it went in, 0 (parcel unchanged) otherwise. */
static int s_open_add(s_ctx_t *ctx, s_open_t *open, const logistics_box_t *box, size_t index)
{
    const s_unit_t *u = &ctx->products[index];
    int packs = s_packs_for(ctx, open->volume + u->volume);
    int pack_weight = ctx->options.ice ? ctx->options.ice->weight_g : 0;
    int64_t weight = (int64_t) open->weight_g + u->weight_g + (int64_t) (packs - open->packs) * pack_weight;
    if (weight > box->max_weight_g)
        return 0;
    if (open->closed)
        return 0;
    size_t mark = open->packer.count;
    int ok = logistics_packer_add(&open->packer, u->size) == 0;
    open->units[mark] = *u;
    for (int p = open->packs; ok && p < packs; p++) {
        open->units[open->packer.count] = s_pack_unit(ctx);
        ok = logistics_packer_add(&open->packer, s_pack_unit(ctx).size) == 0;
    }
    if (!ok) {
        logistics_packer_rollback(&open->packer, mark);
        return 0;
    }
    open->products[open->count++] = index;
    open->packs = packs;
    open->weight_g = (int) weight;
    open->volume += u->volume;
    return 1;
}

/* First fit decreasing of the given products into copies of box; returns the open parcels. */
static s_open_t *s_first_fit(s_ctx_t *ctx, const logistics_box_t *box, const size_t *order,
                             size_t count, size_t *open_count)
{
    s_open_t *opens = dure_calloc(count, sizeof *opens);
    int inner[3];
    s_inner(box, inner);
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        size_t k = 0;
        while (k < used && !s_open_add(ctx, &opens[k], box, order[i]))
            k++;
        if (k < used)
            continue;
        s_open_t *fresh = &opens[used++];
        fresh->products = dure_calloc(count, sizeof fresh->products[0]);
        fresh->units = dure_calloc(count + (size_t) s_packs_for(ctx, ctx->total_volume),
                               sizeof fresh->units[0]);
        logistics_packer_reset(&fresh->packer, inner);
        if (!s_open_add(ctx, fresh, box, order[i])) {
            /* It fits some box with its packs, but not this one: a parcel on its own. */
            fresh->products[fresh->count++] = order[i];
            fresh->closed = true;
        }
    }
    *open_count = used;
    return opens;
}

static int s_order_by_volume(const void *a, const void *b, void *units)
{
    const s_unit_t *u = units;
    return s_by_volume(&u[*(const size_t *) a], &u[*(const size_t *) b]);
}

/* Splits the products over several boxes, own packaging for those no box holds. */
static void s_split(s_ctx_t *ctx, size_t count, logistics_cartonization_t *result)
{
    size_t capacity = 0, boxed = 0;
    size_t *order = dure_calloc(count, sizeof *order), *own = dure_calloc(count, sizeof *own);
    size_t own_count = 0;
    const logistics_box_t *big = logistics_boxes_at(ctx->boxes, logistics_boxes_size(ctx->boxes) - 1);
    for (size_t i = 0; i < count; i++) {
        logistics_parcel_t alone;
        if (!s_choose(ctx, &i, 1, &alone)) {
            own[own_count++] = i;
            continue;
        }
        free(alone.placements);
        order[boxed++] = i;
    }
    qsort_r(order, boxed, sizeof order[0], s_order_by_volume, ctx->products);
    size_t open_count = 0;
    s_open_t *opens = s_first_fit(ctx, big, order, boxed, &open_count);
    for (size_t k = 0; k < open_count; k++) {
        logistics_parcel_t *parcel = s_push_parcel(result, &capacity);
        s_open_t *open = &opens[k];
        if (s_choose(ctx, open->products, open->count, parcel))
            ;
        else if (!open->closed) /* re-packing from scratch missed the incremental packing */
            s_parcel(ctx, big, open->units, open->packer.places, open->packer.count, parcel);
        else /* not reached: a single product was checked to fit some box with its packs */
            s_own(ctx, open->products[0], parcel);
        free(open->products);
        free(open->units);
        logistics_packer_release(&open->packer);
    }
    for (size_t i = 0; i < own_count; i++)
        s_own(ctx, own[i], s_push_parcel(result, &capacity));
    free(opens);
    free(order);
    free(own);
}

logistics_cartonization_t *logistics_cartonize(const logistics_boxes_t *boxes,
                                               const logistics_item_t *items, size_t count,
                                               const logistics_cartonize_options_t *options,
                                               char *err, size_t err_size)
{
    assert(boxes && (items || count == 0));
    s_ctx_t ctx = {.boxes = boxes, .items = items};
    if (options)
        ctx.options = *options;
    else
        logistics_cartonize_options_default(&ctx.options);
    char reason[160];
    const char *bad = s_validate(items, count, &ctx.options, reason, sizeof reason);
    if (bad) {
        s_error(err, err_size, "%s", bad);
        return NULL;
    }
    logistics_cartonization_t *result = dure_calloc(1, sizeof *result);
    if (count == 0)
        return result;
    ctx.products = dure_calloc(count, sizeof *ctx.products);
    size_t *all = dure_calloc(count, sizeof *all);
    for (size_t i = 0; i < count; i++) {
        ctx.products[i] = s_unit(i, items[i].length_mm, items[i].width_mm, items[i].height_mm,
                                 items[i].weight_g);
        all[i] = i;
        ctx.total_volume += ctx.products[i].volume;
    }
    logistics_parcel_t one;
    if (s_choose(&ctx, all, count, &one)) {
        result->parcels = dure_calloc(1, sizeof *result->parcels);
        result->parcels[0] = one;
        result->parcel_count = 1;
    } else
        s_split(&ctx, count, result);
    result->searches_cut_short = ctx.cut_short;
    free(all);
    free(ctx.products);
    logistics_packer_release(&ctx.packer);
    return result;
}

void logistics_cartonization_destroy(logistics_cartonization_t **self_p)
{
    assert(self_p);
    logistics_cartonization_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->parcel_count; i++)
        free(self->parcels[i].placements);
    free(self->parcels);
    free(self);
    *self_p = NULL;
}
