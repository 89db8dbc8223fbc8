/*  packer.h - placing boxes in one box: the heuristic and the exhaustive packer behind
    cartonize.c.

    Sizes are int[3] along the box's x (length), y (width) and z (height). The heuristic is an
    extreme-point packer: logistics_packer_add() places one more item at the lowest, then
    backmost, then leftmost free corner point, in the flattest of the six axis rotations that
    fits, and pushes it down, back and left until it rests on something. It keeps its state, so
    a shipment can be filled item by item and rolled back. logistics_packer_exact() decides
    exactly (up to its node budget) whether a few items fit, by searching over rotations and,
    for every pair of items, the axis and side on which they are separated.

    A packer owns its arrays; logistics_packer_release() frees them. Internal to the logistics
    service: cartonize.h is the public interface.
*/
#ifndef LOGISTICS_PACKER_H
#define LOGISTICS_PACKER_H

#include <stddef.h>

/* Items the exhaustive search accepts at most: the pair search grows as 6^(n(n-1)/2). */
#define LOGISTICS_PACKER_EXACT_MAX 8

/* One placed item. */
typedef struct {
    int pos[3];  /* corner nearest the origin, mm */
    int size[3]; /* size as rotated, mm */
} logistics_packer_place_t;

/* A box being filled. */
typedef struct {
    int inner[3];                    /* inner size of the box */
    logistics_packer_place_t *places; /* placed items, in order */
    size_t count;                    /* items placed */
    size_t capacity;                 /* room in places */
    int (*points)[3];                /* candidate corner points */
    size_t point_count;              /* points in use */
    size_t point_capacity;           /* room in points */
} logistics_packer_t;

/* Starts an empty box of the given inner size; reuses the arrays a previous use left. */
void logistics_packer_reset(logistics_packer_t *self, const int inner[3]);

/* Frees the arrays; the struct may be reset and used again. */
void logistics_packer_release(logistics_packer_t *self);

/* Places one item of the given size (any orientation). Returns 0 when placed (as the last
   entry of places), -1 when the heuristic finds no room; the state is then unchanged. */
int logistics_packer_add(logistics_packer_t *self, const int size[3]);

/* Forgets the items placed after the first count (a mark taken from self->count), so a
   caller can try a group of items and undo it when one of them does not fit. */
void logistics_packer_rollback(logistics_packer_t *self, size_t count);

/* Whether n items (n <= LOGISTICS_PACKER_EXACT_MAX) fit in a box of inner size, any
   rotations. Returns 1 and fills out[i] for item i when they fit, 0 when they provably do not,
   -1 when the search visited budget nodes without deciding. */
int logistics_packer_exact(const int inner[3], const int (*sizes)[3], size_t n, long budget,
                           logistics_packer_place_t *out);

/* Whether one item fits the box in some rotation. */
int logistics_packer_fits_alone(const int inner[3], const int size[3]);

#endif
