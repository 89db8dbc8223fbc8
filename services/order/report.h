/*  report.h - sales reports: the rows the store sums, totalled and shaped for the reply.

    The revenue definition (docs/ORDERS.md) lives in the store's SQL; here are the year
    check, the totals (the sum of the rows for order-level groupings; for line-level ones
    the distinct orders of the year, since one order may span several categories) and the
    reply. Pure except for the store call.
*/
#ifndef ORDER_REPORT_H
#define ORDER_REPORT_H

#include "store.h"

#define ORDER_REPORT_YEAR_MIN 1900
#define ORDER_REPORT_YEAR_MAX 2999

/* Fills a SalesReportReply (in arena) from rows: revenue and orders totalled over rows.
   For line-level groupings the order total is given separately (distinct orders). */
void order_report_fill(const order_sales_row_t *rows, size_t n, dure_arena_t *arena,
                       Dure__V1__SalesReportReply *reply);

#endif
