/*  report.c - SalesReport: check the request, sum in the store, total, reply. */
#include "report.h"
#include "handlers.h"

void order_report_fill(const order_sales_row_t *rows, size_t n, dure_arena_t *arena,
                       Dure__V1__SalesReportReply *reply)
{
    reply->rows = DURE_ARENA_NEW(arena, Dure__V1__SalesReportRow *, n ? n : 1);
    reply->n_rows = n;
    for (size_t i = 0; i < n; i++) {
        Dure__V1__SalesReportRow *r = DURE_ARENA_NEW(arena, Dure__V1__SalesReportRow, 1);
        dure__v1__sales_report_row__init(r);
        r->key = rows[i].key;
        r->revenue_krw = rows[i].revenue_krw;
        r->orders = rows[i].orders;
        r->campaign = rows[i].campaign;
        reply->rows[i] = r;
        reply->total_revenue_krw += rows[i].revenue_krw;
        reply->total_orders += rows[i].orders;
    }
}

int order_handle_sales_report(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__SalesReport *req = (const Dure__V1__SalesReport *) request;
    order_service_t *svc = dure_call_state(call);
    if (req->year < ORDER_REPORT_YEAR_MIN || req->year > ORDER_REPORT_YEAR_MAX)
        dure_call_field_error(call, "year", "must be between %d and %d", ORDER_REPORT_YEAR_MIN,
                              ORDER_REPORT_YEAR_MAX);
    if (req->group_by < DURE__V1__SALES_GROUPING__SALES_BY_MONTH ||
        req->group_by > DURE__V1__SALES_GROUPING__SALES_BY_REGION)
        dure_call_field_error(call, "group_by", "is not a grouping");
    if (dure_call_failed(call))
        return 0;
    dure_arena_t *arena = dure_call_arena(call);
    order_sales_row_t *rows = NULL;
    int n = order_store_sales(svc->store, req->year, req->group_by, arena, &rows);
    if (n < 0)
        return -1;
    Dure__V1__SalesReportReply reply = DURE__V1__SALES_REPORT_REPLY__INIT;
    order_report_fill(rows, (size_t) n, arena, &reply);
    int line_level = req->group_by == DURE__V1__SALES_GROUPING__SALES_BY_CATEGORY ||
                     req->group_by == DURE__V1__SALES_GROUPING__SALES_BY_ENTERPRISE ||
                     req->group_by == DURE__V1__SALES_GROUPING__SALES_BY_REGION;
    if (line_level) { /* an order spanning two categories counts once in the total */
        order_sales_row_t *all = NULL;
        Dure__V1__SalesReportReply totals = DURE__V1__SALES_REPORT_REPLY__INIT;
        int m = order_store_sales(svc->store, req->year,
                                  DURE__V1__SALES_GROUPING__SALES_BY_CHANNEL, arena, &all);
        if (m < 0)
            return -1;
        order_report_fill(all, (size_t) m, arena, &totals);
        reply.total_orders = totals.total_orders;
    }
    dure_call_reply(call, &reply.base);
    return 0;
}
