/*  reserve.h - the all-or-none decision of a stock reservation, without the database.

    An order's lines are merged by product (two lines of the same product reserve their sum)
    and sorted by product id, which is also the order the store locks the rows in, so two
    instances reserving for overlapping orders never wait on each other in a cycle. Given the
    locked rows, catalog_reserve_plan lists the lines that cannot be reserved; the order gets
    its stock only when that list is empty.

    Ownership: lines and short lines point into the event and the rows; nothing is copied.
*/
#ifndef CATALOG_RESERVE_H
#define CATALOG_RESERVE_H

#include "dure/v1/events.pb-c.h"
#include "validate.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CATALOG_REASON_BAD_QUANTITY "invalid quantity"

/* One product of an order, its lines merged. */
typedef struct {
    const char *product_id; /* borrowed from the event */
    int64_t quantity;       /* units over all the order's lines of this product */
    const char *problem;    /* a reason when the line itself is malformed, else NULL */
} catalog_line_t;

/* A locked product row as the reservation sees it. */
typedef struct {
    const char *id;              /* product id */
    int64_t stock;               /* units left */
    bool physical;               /* holds stock */
    bool active;                 /* on sale */
    const char *certified_from;  /* the seller's certification, "YYYY-MM-DD" */
    const char *certified_until; /* its end, inclusive */
} catalog_stock_row_t;

/* A line that cannot be reserved. */
typedef struct {
    const char *product_id; /* borrowed */
    int64_t requested;      /* units asked */
    int64_t available;      /* units left (0 when unknown or not for sale) */
    const char *reason;     /* static text, a CATALOG_REASON_* */
} catalog_short_t;

/* Merges `n` order lines into `out` (room for n), sorted by product id; malformed lines
   (bad id, quantity outside 1-10,000) are kept, with their problem set, so that they are
   reported. Returns the number of merged lines. */
size_t catalog_reserve_merge(Dure__V1__OrderLineRequest *const *lines, size_t n,
                             catalog_line_t *out);

/* Finds the short lines of merged `lines` against `rows` (any order) on `date`: malformed,
   unknown, inactive, seller not certified, or fewer units left than asked (physical products
   only). Writes them to `out` (room for n) and returns how many. */
size_t catalog_reserve_plan(const catalog_line_t *lines, size_t n, const catalog_stock_row_t *rows,
                            size_t nrows, const char *date, catalog_short_t *out);

#endif
