/*  packer.c - the extreme-point heuristic and the exhaustive pair-separation search.

    Heuristic: candidate points start at the origin; every placed item adds the three corners
    beyond its far faces. Among the points, the lowest (z, then y, then x) that takes the item in
    some rotation wins, rotations tried flattest first so that layers build up. The item is then
    pushed towards the origin along z, y and x until it touches a wall or another item: this
    closes the gaps that fixed corner points leave.

    Exhaustive search: in any packing, every pair of items is separated along some axis, one
    before the other. Conversely, given rotations and one separation per pair, the tightest
    positions are longest paths in three precedence graphs, and the items fit exactly when
    every path ends inside the box. So searching rotations x separations (6 per pair) with
    longest paths kept up to date decides the question exactly, with no restriction to corner
    points or to orders of placement. Mirroring the box maps packings onto packings, so the
    first pair is only tried with item 0 before item 1.
*/
#include "packer.h"

#include "dure_alloc.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* The six axis permutations: placed size[a] = item size[s_perms[r][a]]. */
static const int s_perms[6][3] = {{0, 1, 2}, {1, 0, 2}, {0, 2, 1}, {2, 0, 1}, {1, 2, 0}, {2, 1, 0}};

static void *s_grow(void *array, size_t *capacity, size_t need, size_t item_size)
{
    if (need <= *capacity)
        return array;
    size_t capacity_new = *capacity ? *capacity * 2 : 16;
    while (capacity_new < need)
        capacity_new *= 2;
    array = dure_realloc(array, capacity_new * item_size);
    *capacity = capacity_new;
    return array;
}

/* Distinct rotations of size that fit inner, flattest first, then longest along x; returns
   how many were written to out. */
static int s_rotations(const int inner[3], const int size[3], int out[6][3])
{
    int count = 0;
    for (int r = 0; r < 6; r++) {
        int placed[3] = {size[s_perms[r][0]], size[s_perms[r][1]], size[s_perms[r][2]]};
        if (placed[0] > inner[0] || placed[1] > inner[1] || placed[2] > inner[2])
            continue;
        int seen = 0;
        for (int i = 0; i < count && !seen; i++)
            seen = memcmp(out[i], placed, sizeof placed) == 0;
        if (seen)
            continue;
        int at = count++;
        while (at > 0 && (out[at - 1][2] > placed[2] ||
                          (out[at - 1][2] == placed[2] && out[at - 1][0] < placed[0]))) {
            memcpy(out[at], out[at - 1], sizeof placed);
            at--;
        }
        memcpy(out[at], placed, sizeof placed);
    }
    return count;
}

int logistics_packer_fits_alone(const int inner[3], const int size[3])
{
    int rotations[6][3];
    return s_rotations(inner, size, rotations) > 0;
}

static int s_overlap_1d(int a, int la, int b, int lb)
{
    return a < b + lb && b < a + la;
}

static int s_collides(const logistics_packer_t *self, const int pos[3], const int size[3])
{
    for (size_t i = 0; i < self->count; i++) {
        const logistics_packer_place_t *p = &self->places[i];
        if (s_overlap_1d(pos[0], size[0], p->pos[0], p->size[0]) &&
            s_overlap_1d(pos[1], size[1], p->pos[1], p->size[1]) &&
            s_overlap_1d(pos[2], size[2], p->pos[2], p->size[2]))
            return 1;
    }
    return 0;
}

/* Moves the item along axis towards the origin until it touches a wall or an item whose
   projection on the other two axes overlaps its own; returns 1 when it moved. */
static int s_push(const logistics_packer_t *self, int pos[3], const int size[3], int axis)
{
    int u = (axis + 1) % 3, v = (axis + 2) % 3, stop = 0;
    for (size_t i = 0; i < self->count; i++) {
        const logistics_packer_place_t *p = &self->places[i];
        int end = p->pos[axis] + p->size[axis];
        if (end <= pos[axis] && end > stop && s_overlap_1d(pos[u], size[u], p->pos[u], p->size[u]) &&
            s_overlap_1d(pos[v], size[v], p->pos[v], p->size[v]))
            stop = end;
    }
    if (stop == pos[axis])
        return 0;
    pos[axis] = stop;
    return 1;
}

static void s_add_point(logistics_packer_t *self, int x, int y, int z)
{
    if (x >= self->inner[0] || y >= self->inner[1] || z >= self->inner[2])
        return;
    for (size_t i = 0; i < self->point_count; i++)
        if (self->points[i][0] == x && self->points[i][1] == y && self->points[i][2] == z)
            return;
    self->points = s_grow(self->points, &self->point_capacity, self->point_count + 1,
                          sizeof self->points[0]);
    self->points[self->point_count][0] = x;
    self->points[self->point_count][1] = y;
    self->points[self->point_count][2] = z;
    self->point_count++;
}

/* Drops the points that the last placed item covers: nothing can start there any more. */
static void s_drop_covered(logistics_packer_t *self, const logistics_packer_place_t *p)
{
    size_t kept = 0;
    for (size_t i = 0; i < self->point_count; i++) {
        const int *q = self->points[i];
        int inside = 1;
        for (int a = 0; a < 3; a++)
            inside &= q[a] >= p->pos[a] && q[a] < p->pos[a] + p->size[a];
        if (!inside)
            memcpy(self->points[kept++], q, sizeof self->points[0]);
    }
    self->point_count = kept;
}

static void s_commit(logistics_packer_t *self, const int pos[3], const int size[3])
{
    self->places = s_grow(self->places, &self->capacity, self->count + 1, sizeof self->places[0]);
    logistics_packer_place_t *p = &self->places[self->count++];
    memcpy(p->pos, pos, sizeof p->pos);
    memcpy(p->size, size, sizeof p->size);
    s_drop_covered(self, p);
    s_add_point(self, pos[0] + size[0], pos[1], pos[2]);
    s_add_point(self, pos[0], pos[1] + size[1], pos[2]);
    s_add_point(self, pos[0], pos[1], pos[2] + size[2]);
}

void logistics_packer_reset(logistics_packer_t *self, const int inner[3])
{
    assert(self && inner);
    memcpy(self->inner, inner, sizeof self->inner);
    self->count = 0;
    self->point_count = 0;
    s_add_point(self, 0, 0, 0);
}

void logistics_packer_release(logistics_packer_t *self)
{
    assert(self);
    free(self->places);
    free(self->points);
    memset(self, 0, sizeof *self);
}

/* Whether point p comes before point q: lower, then further back, then further left. */
static int s_point_before(const int p[3], const int q[3])
{
    if (p[2] != q[2])
        return p[2] < q[2];
    if (p[1] != q[1])
        return p[1] < q[1];
    return p[0] < q[0];
}

int logistics_packer_add(logistics_packer_t *self, const int size[3])
{
    assert(self && size);
    int rotations[6][3];
    int rotation_count = s_rotations(self->inner, size, rotations);
    const int *best = NULL, *best_size = NULL;
    for (size_t i = 0; i < self->point_count; i++) {
        const int *p = self->points[i];
        if (best && !s_point_before(p, best))
            continue;
        for (int r = 0; r < rotation_count; r++) {
            const int *s = rotations[r];
            if (p[0] + s[0] > self->inner[0] || p[1] + s[1] > self->inner[1] ||
                p[2] + s[2] > self->inner[2] || s_collides(self, p, s))
                continue;
            best = p;
            best_size = s;
            break;
        }
    }
    if (!best)
        return -1;
    int pos[3] = {best[0], best[1], best[2]}, placed[3];
    memcpy(placed, best_size, sizeof placed);
    /* Pushing only moves into free space, so the item never collides on the way. */
    while (s_push(self, pos, placed, 2) | s_push(self, pos, placed, 1) |
           s_push(self, pos, placed, 0))
        ;
    s_commit(self, pos, placed);
    return 0;
}

void logistics_packer_rollback(logistics_packer_t *self, size_t count)
{
    assert(self && count <= self->count);
    size_t keep = count;
    logistics_packer_place_t *kept = self->places;
    self->count = 0;
    self->point_count = 0;
    s_add_point(self, 0, 0, 0);
    /* Rebuild the points by committing the kept items again, in their order. */
    for (size_t i = 0; i < keep; i++) {
        logistics_packer_place_t p = kept[i];
        s_commit(self, p.pos, p.size);
    }
}

/* State of one exhaustive search. */
typedef struct {
    size_t n;                                  /* items */
    int inner[3];                              /* box */
    const int (*sizes)[3];                     /* items as given */
    int ext[LOGISTICS_PACKER_EXACT_MAX][3];    /* sizes as rotated */
    int pos[LOGISTICS_PACKER_EXACT_MAX][3];    /* longest-path positions */
    unsigned succ[3][LOGISTICS_PACKER_EXACT_MAX]; /* per axis: bit j set when i is before j */
    long nodes;                                /* nodes visited */
    long budget;                               /* nodes allowed */
} s_exact_t;

/* Raises positions along axis after `from` got a new position; returns 0 when an item would
   leave the box (which is also how a cycle shows: it raises positions without end). The work
   list is a bit set, so it never overflows whatever the graph. */
static int s_propagate(s_exact_t *ctx, int axis, size_t from)
{
    unsigned pending = 1u << from;
    while (pending) {
        size_t a = (size_t) __builtin_ctz(pending);
        pending &= pending - 1;
        int end = ctx->pos[a][axis] + ctx->ext[a][axis];
        if (end > ctx->inner[axis])
            return 0;
        for (size_t b = 0; b < ctx->n; b++) {
            if (!(ctx->succ[axis][a] & (1u << b)) || ctx->pos[b][axis] >= end)
                continue;
            ctx->pos[b][axis] = end;
            pending |= 1u << b;
        }
    }
    return 1;
}

static int s_exact_item(s_exact_t *ctx, size_t k);

/* Chooses how items j and k (j < k) are separated, then goes on with the next pair. */
static int s_exact_pair(s_exact_t *ctx, size_t k, size_t j)
{
    if (j == k)
        return s_exact_item(ctx, k + 1);
    for (int relation = 0; relation < 6; relation++) {
        int axis = relation / 2, k_first = relation % 2;
        if (k == 1 && k_first)
            continue; /* mirror symmetry */
        if (ctx->ext[j][axis] + ctx->ext[k][axis] > ctx->inner[axis])
            continue;
        if (++ctx->nodes > ctx->budget)
            return -1;
        size_t a = k_first ? k : j, b = k_first ? j : k;
        int saved[LOGISTICS_PACKER_EXACT_MAX][3];
        memcpy(saved, ctx->pos, sizeof saved);
        ctx->succ[axis][a] |= 1u << b;
        int rc = s_propagate(ctx, axis, a) ? s_exact_pair(ctx, k, j + 1) : 0;
        if (rc != 0)
            return rc;
        ctx->succ[axis][a] &= ~(1u << b);
        memcpy(ctx->pos, saved, sizeof saved);
    }
    return 0;
}

/* Chooses a rotation for item k, then its separations from the items before it. */
static int s_exact_item(s_exact_t *ctx, size_t k)
{
    if (k == ctx->n)
        return 1;
    int rotations[6][3];
    int count = s_rotations(ctx->inner, ctx->sizes[k], rotations);
    for (int r = 0; r < count; r++) {
        memcpy(ctx->ext[k], rotations[r], sizeof ctx->ext[k]);
        memset(ctx->pos[k], 0, sizeof ctx->pos[k]);
        int rc = s_exact_pair(ctx, k, 0);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int logistics_packer_exact(const int inner[3], const int (*sizes)[3], size_t n, long budget,
                           logistics_packer_place_t *out)
{
    assert(inner && sizes && out && n <= LOGISTICS_PACKER_EXACT_MAX);
    s_exact_t *ctx = dure_calloc(1, sizeof *ctx);
    ctx->n = n;
    memcpy(ctx->inner, inner, sizeof ctx->inner);
    ctx->sizes = sizes;
    ctx->budget = budget;
    int rc = s_exact_item(ctx, 0);
    if (rc == 1)
        for (size_t i = 0; i < n; i++) {
            memcpy(out[i].pos, ctx->pos[i], sizeof out[i].pos);
            memcpy(out[i].size, ctx->ext[i], sizeof out[i].size);
        }
    free(ctx);
    return rc;
}
