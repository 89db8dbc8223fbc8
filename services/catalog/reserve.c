/*  reserve.c - merging an order's lines and finding the short ones. */
#include "reserve.h"
#include "pricing.h"

#include <stdlib.h>
#include <string.h>

static int s_by_product(const void *a, const void *b)
{
    const catalog_line_t *x = a, *y = b;
    return strcmp(x->product_id, y->product_id);
}

size_t catalog_reserve_merge(Dure__V1__OrderLineRequest *const *lines, size_t n,
                             catalog_line_t *out)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = lines[i]->product_id ? lines[i]->product_id : "";
        int64_t quantity = lines[i]->quantity;
        const char *problem = catalog_check_id(id) ? CATALOG_REASON_UNKNOWN
                              : quantity < 1 || quantity > CATALOG_QUANTITY_MAX
                                  ? CATALOG_REASON_BAD_QUANTITY
                                  : NULL;
        size_t j = 0;
        while (j < count && strcmp(out[j].product_id, id) != 0)
            j++;
        if (j == count)
            out[count++] = (catalog_line_t){id, 0, NULL};
        if (problem) {
            out[j].problem = out[j].problem ? out[j].problem : problem;
            if (quantity > 0 && quantity <= CATALOG_QUANTITY_MAX)
                out[j].quantity += quantity;
        } else
            out[j].quantity += quantity;
    }
    qsort(out, count, sizeof *out, s_by_product);
    return count;
}

static const catalog_stock_row_t *s_find(const catalog_stock_row_t *rows, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].id, id) == 0)
            return &rows[i];
    return NULL;
}

size_t catalog_reserve_plan(const catalog_line_t *lines, size_t n, const catalog_stock_row_t *rows,
                            size_t nrows, const char *date, catalog_short_t *out)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const catalog_line_t *line = &lines[i];
        const catalog_stock_row_t *row = line->problem ? NULL : s_find(rows, nrows, line->product_id);
        const char *reason = line->problem;
        if (!reason && !row)
            reason = CATALOG_REASON_UNKNOWN;
        if (!reason && !row->active)
            reason = CATALOG_REASON_INACTIVE;
        if (!reason)
            reason = catalog_certification_reason(row->certified_from, row->certified_until, date);
        if (!reason && row->physical && row->stock < line->quantity)
            reason = CATALOG_REASON_OUT_OF_STOCK;
        if (reason)
            out[count++] = (catalog_short_t){line->product_id, line->quantity,
                                             row && row->physical ? row->stock : 0, reason};
    }
    return count;
}
