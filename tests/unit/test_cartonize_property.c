/*  test_cartonize_property.c - 10,000 random orders: every parcel is a real packing, and for
    orders of up to 6 items no smaller catalog box could have held them.

    The checker and the brute force are written here from scratch and call nothing of the
    packer: a parcel is valid when every unit of the order appears exactly once, each
    placement is a rotation of its item, lies inside the box's inner size and overlaps no other
    placement, and the weights are within the box's limit.

    The brute force decides "do these n items fit this box" exactly. Theorem (the basis of
    every exact orthogonal packing method): items fit iff there are rotations and, for every
    pair, an axis and a side on which the pair is separated, such that in each axis the
    longest chain of "before" relations plus the last item's size fits the box. (Given a
    packing, each pair is separated somewhere: pick that; the longest-path positions are then
    no larger than the packing's, so they fit, and separated pairs cannot overlap. Conversely
    the longest-path positions are a packing.) So the search below enumerates every rotation
    vector (6^n, minus duplicate rotations of items with equal sides) and every separation
    vector (6 per pair) with pruning that only drops assignments already proven infeasible:
    it is exhaustive for any n, with no restriction to corner points or placement orders, and
    it has no node budget: it never gives up, so it never accepts an undecided case. Its cost
    is the limit: it is used for n <= 6 only (the worst order here takes ~7 million nodes).
*/
#include "dure_test.h"

#include "../../services/logistics/cartonize.h"

#include <stdint.h>
#include <stdlib.h>

#ifndef S_ORDERS
#define S_ORDERS 10000
#endif
#define S_MAX_ITEMS 12
#define S_BRUTE_MAX 6

static uint64_t s_rng = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: fixed seed, same orders on every machine. */
static uint32_t s_rand(uint32_t bound)
{
    s_rng ^= s_rng >> 12;
    s_rng ^= s_rng << 25;
    s_rng ^= s_rng >> 27;
    return (uint32_t) ((s_rng * 0x2545f4914f6cdd1dULL) >> 32) % bound;
}

/* The brute force's state. */
typedef struct {
    int n;
    int box[3];
    int dims[S_BRUTE_MAX][3];          /* items as given */
    int ext[S_BRUTE_MAX][3];           /* as rotated */
    int set[S_BRUTE_MAX][S_BRUTE_MAX]; /* for i < j: pair (i, j) has a separation */
    int rel[S_BRUTE_MAX][S_BRUTE_MAX]; /* for i < j: axis * 2 + (1 when j is before i) */
    long nodes;
} s_brute_t;

/* Longest-path positions from the assigned separations, recomputed from nothing. Returns 0
   when a chain leaves the box or the relations form a cycle (positions never settle). */
static int s_brute_positions(const s_brute_t *b, int pos[3][S_BRUTE_MAX])
{
    memset(pos, 0, sizeof(int[3][S_BRUTE_MAX]));
    for (int round = 0;; round++) {
        int changed = 0;
        for (int i = 0; i < b->n; i++)
            for (int j = i + 1; j < b->n; j++) {
                if (!b->set[i][j])
                    continue;
                int axis = b->rel[i][j] / 2, from = b->rel[i][j] % 2 ? j : i, to = i + j - from;
                if (pos[axis][to] < pos[axis][from] + b->ext[from][axis]) {
                    pos[axis][to] = pos[axis][from] + b->ext[from][axis];
                    changed = 1;
                }
            }
        for (int a = 0; a < 3; a++)
            for (int i = 0; i < b->n; i++)
                if (pos[a][i] + b->ext[i][a] > b->box[a])
                    return 0;
        if (!changed)
            return 1;
        if (round == b->n)
            return 0; /* still growing after n rounds: a cycle */
    }
}

/* Whether separation r of pair (i, j) can still hold given positions that only grow: the
   item before, at its least position, plus both sizes must fit. Dropping r when this fails
   loses no packing. */
static int s_brute_open(const s_brute_t *b, int pos[3][S_BRUTE_MAX], int i, int j, int r)
{
    int axis = r / 2, from = r % 2 ? j : i, to = i + j - from;
    return pos[axis][from] + b->ext[from][axis] + b->ext[to][axis] <= b->box[axis];
}

static int s_brute_item(s_brute_t *b, int k);

/* Separates one more pair (j, k), j < k: the pair with the fewest open separations first
   (which only changes the order of the search), every open separation tried. Mirroring the
   box along an axis turns a packing into a packing with every order on that axis reversed,
   so pair (0, 1) is only tried with item 0 first. */
static int s_brute_pair(s_brute_t *b, int k, int done)
{
    int pos[3][S_BRUTE_MAX];
    if (!s_brute_positions(b, pos))
        return 0;
    if (done == k)
        return s_brute_item(b, k + 1);
    int best = -1, best_open = 7;
    for (int j = 0; j < k; j++) {
        if (b->set[j][k])
            continue;
        int open = 0;
        for (int r = 0; r < 6; r++)
            open += s_brute_open(b, pos, j, k, r) && !(k == 1 && r % 2);
        if (open < best_open)
            best = j, best_open = open;
    }
    b->set[best][k] = 1;
    for (int r = 0; r < 6 && best_open > 0; r++) {
        if (!s_brute_open(b, pos, best, k, r) || (k == 1 && r % 2))
            continue;
        b->nodes++;
        b->rel[best][k] = r;
        if (s_brute_pair(b, k, done + 1))
            return 1;
    }
    b->set[best][k] = 0;
    return 0;
}

/* Rotation of item k, every distinct one tried, then its separations from items 0..k-1. */
static int s_brute_item(s_brute_t *b, int k)
{
    static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    if (k == b->n)
        return 1;
    for (int r = 0; r < 6; r++) {
        int e[3] = {b->dims[k][perms[r][0]], b->dims[k][perms[r][1]], b->dims[k][perms[r][2]]};
        int duplicate = 0;
        for (int q = 0; q < r; q++)
            duplicate |= e[0] == b->dims[k][perms[q][0]] && e[1] == b->dims[k][perms[q][1]] &&
                         e[2] == b->dims[k][perms[q][2]];
        if (duplicate || e[0] > b->box[0] || e[1] > b->box[1] || e[2] > b->box[2])
            continue;
        memcpy(b->ext[k], e, sizeof e);
        if (s_brute_pair(b, k, 0))
            return 1;
    }
    return 0;
}

/* Whether the n items fit the box (inner sizes) by size alone, exactly. */
static int s_brute_fits(const int (*dims)[3], int n, const int box[3], long *nodes)
{
    s_brute_t b = {.n = n, .box = {box[0], box[1], box[2]}};
    int64_t volume = 0;
    /* Biggest items first (a relabelling, so nothing is lost): they fail soonest. */
    for (int i = 0; i < n; i++) {
        int64_t v = (int64_t) dims[i][0] * dims[i][1] * dims[i][2];
        int at = i;
        while (at > 0 && (int64_t) b.dims[at - 1][0] * b.dims[at - 1][1] * b.dims[at - 1][2] < v) {
            memcpy(b.dims[at], b.dims[at - 1], sizeof b.dims[at]);
            at--;
        }
        memcpy(b.dims[at], dims[i], sizeof b.dims[at]);
        volume += v;
    }
    /* Pure pruning: a box with less volume cannot hold the items. */
    if (volume > (int64_t) box[0] * box[1] * box[2])
        return 0;
    int fits = s_brute_item(&b, 0);
    *nodes += b.nodes;
    return fits;
}

static int s_is_rotation(const logistics_placement_t *p, const logistics_item_t *it)
{
    int a[3] = {p->length_mm, p->width_mm, p->height_mm}, b[3] = {it->length_mm, it->width_mm, it->height_mm};
    int used[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        int found = 0;
        for (int j = 0; j < 3 && !found; j++)
            if (!used[j] && a[i] == b[j])
                used[j] = found = 1;
        if (!found)
            return 0;
    }
    return 1;
}

static int s_overlaps(const logistics_placement_t *a, const logistics_placement_t *b)
{
    return a->x_mm < b->x_mm + b->length_mm && b->x_mm < a->x_mm + a->length_mm &&
           a->y_mm < b->y_mm + b->width_mm && b->y_mm < a->y_mm + a->width_mm &&
           a->z_mm < b->z_mm + b->height_mm && b->z_mm < a->z_mm + a->height_mm;
}

/* Checks one boxed parcel against the catalog and the items; returns 0 and reports on error. */
static int s_check_parcel(const logistics_parcel_t *p, const logistics_boxes_t *boxes,
                          const logistics_item_t *items, int order)
{
    const logistics_box_t *box = logistics_boxes_find(boxes, p->box.code);
    if (!box || memcmp(box, &p->box, sizeof *box) != 0) {
        dure_test_fail(__FILE__, __LINE__, "order %d: box %s not the catalog's", order, p->box.code);
        return 0;
    }
    int64_t weight = 0;
    for (size_t i = 0; i < p->placement_count; i++) {
        const logistics_placement_t *a = &p->placements[i];
        weight += a->weight_g;
        int inside = a->x_mm >= 0 && a->y_mm >= 0 && a->z_mm >= 0 &&
                     a->x_mm + a->length_mm <= box->inner_length_mm &&
                     a->y_mm + a->width_mm <= box->inner_width_mm &&
                     a->z_mm + a->height_mm <= box->inner_height_mm;
        if (!inside || !s_is_rotation(a, &items[a->item]) || a->weight_g != items[a->item].weight_g) {
            dure_test_fail(__FILE__, __LINE__, "order %d: placement %zu outside or not the item", order, i);
            return 0;
        }
        for (size_t j = 0; j < i; j++)
            if (s_overlaps(a, &p->placements[j])) {
                dure_test_fail(__FILE__, __LINE__, "order %d: placements %zu and %zu overlap", order, j, i);
                return 0;
            }
    }
    if (weight > box->max_weight_g || weight != p->product_weight_g) {
        dure_test_fail(__FILE__, __LINE__, "order %d: weight %lld (limit %d)", order, (long long) weight, box->max_weight_g);
        return 0;
    }
    return 1;
}

/* Whether all n items fit box by brute force, weight included. */
static int s_box_could_hold(const logistics_box_t *box, const logistics_item_t *items, int n, long *nodes)
{
    int dims[S_BRUTE_MAX][3], inner[3] = {box->inner_length_mm, box->inner_width_mm, box->inner_height_mm};
    int64_t weight = 0;
    for (int i = 0; i < n; i++) {
        dims[i][0] = items[i].length_mm;
        dims[i][1] = items[i].width_mm;
        dims[i][2] = items[i].height_mm;
        weight += items[i].weight_g;
    }
    return weight <= box->max_weight_g && s_brute_fits((const int(*)[3]) dims, n, inner, nodes);
}

/* For n <= 6: no box before the chosen one (all boxes when split) could hold the order. */
static void s_check_smallest(const logistics_cartonization_t *r, const logistics_boxes_t *boxes,
                             const logistics_item_t *items, int n, int order, long *nodes, int *proofs)
{
    size_t limit = logistics_boxes_size(boxes);
    if (r->parcel_count == 1 && !r->parcels[0].own_packaging)
        for (limit = 0; strcmp(logistics_boxes_at(boxes, limit)->code, r->parcels[0].box.code); limit++)
            ;
    for (size_t b = 0; b < limit; b++) {
        const logistics_box_t *box = logistics_boxes_at(boxes, b);
        long before = *nodes;
        if (s_box_could_hold(box, items, n, nodes))
            dure_test_fail(__FILE__, __LINE__, "order %d (%d items): %s could hold it, packer chose %s",
                           order, n, box->code, r->parcels[0].box.code);
        *proofs += *nodes > before;
        if (*nodes - before > 1000000)
            dure_test_log("order %d (%d items) in %s: %ld nodes to prove it does not fit", order, n,
                          box->code, *nodes - before);
    }
}

static void s_random_order(logistics_item_t *items, int n)
{
    for (int i = 0; i < n; i++) {
        /* Mostly parcel-sized goods; one in fifty is a long item no box takes. */
        int long_item = s_rand(50) == 0;
        items[i] = (logistics_item_t){"p", long_item ? 500 + (int) s_rand(400) : 20 + (int) s_rand(260),
                                      20 + (int) s_rand(200), 10 + (int) s_rand(160),
                                      50 + (int) s_rand(4000), s_rand(4) == 0};
    }
}

DURE_TEST(cartonize_property_random_orders)
{
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    logistics_item_t items[S_MAX_ITEMS];
    long nodes = 0;
    int proofs = 0, small_orders = 0, parcels = 0, cut_short = 0;
    for (int order = 0; order < S_ORDERS && dure_test_failures() < 5; order++) {
        int n = 1 + (int) s_rand(S_MAX_ITEMS);
        s_random_order(items, n);
        logistics_cartonization_t *r = logistics_cartonize(boxes, items, (size_t) n, NULL, NULL, 0);
        REQUIRE(r);
        int seen[S_MAX_ITEMS] = {0};
        for (size_t k = 0; k < r->parcel_count; k++) {
            const logistics_parcel_t *p = &r->parcels[k];
            for (size_t i = 0; i < p->placement_count; i++)
                if (p->placements[i].item < (size_t) n)
                    seen[p->placements[i].item]++;
            if (p->own_packaging) {
                logistics_item_t alone = items[p->placements[0].item];
                for (size_t b = 0; b < logistics_boxes_size(boxes); b++)
                    if (s_box_could_hold(logistics_boxes_at(boxes, b), &alone, 1, &nodes))
                        dure_test_fail(__FILE__, __LINE__, "order %d: own packaging for an item box %zu holds", order, b);
            } else
                s_check_parcel(p, boxes, items, order);
        }
        for (int i = 0; i < n; i++)
            if (seen[i] != 1)
                dure_test_fail(__FILE__, __LINE__, "order %d: item %d placed %d times", order, i, seen[i]);
        if (n <= S_BRUTE_MAX) {
            small_orders++;
            s_check_smallest(r, boxes, items, n, order, &nodes, &proofs);
        }
        parcels += (int) r->parcel_count;
        cut_short += r->searches_cut_short;
        logistics_cartonization_destroy(&r);
    }
    CHECK_INT_EQ(cut_short, 0);
    dure_test_log("%d orders, %d parcels; %d orders of <= %d items, %d brute-force proofs, %ld nodes; %d searches cut short",
                  S_ORDERS, parcels, small_orders, S_BRUTE_MAX, proofs, nodes, cut_short);
    logistics_boxes_destroy(&boxes);
}
