/*  test_order_import_2016.c - the 2016 monthly sales table, expanded into past orders by the
    fixture generator and imported through ImportOrders, comes back exactly from the sales
    report: every month's revenue to the won, its order count and its campaign, and the
    totals. Importing the same file again imports nothing and changes no figure. Uses the
    real catalog, loaded with the demo catalog (which holds the table's 2016 campaigns).
*/
#include "../../tools/durectl/demo_catalog.h"
#include "../../tools/durectl/demo_orders.h"
#include "../../tools/durectl/orders_csv.h"
#include "test_order_util.h"

#include <sys/stat.h>

static int s_import(dure_client_t *client, const char *path, Dure__V1__ImportOrdersReply *out)
{
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportOrders *req = durectl_orders_csv_read(path, errors);
    durectl_csv_errors_print(errors, stderr);
    durectl_csv_errors_destroy(&errors);
    if (!req)
        return -1;
    dure_response_t r;
    dure_client_call(client, &req->base, NULL, NULL, &dure__v1__import_orders_reply__descriptor, &r);
    int code = r.code;
    if (code != DURE__V1__CODE__CODE_OK)
        fprintf(stderr, "    ImportOrders: %s %s\n", dure_code_name(code), r.message);
    else
        *out = *(Dure__V1__ImportOrdersReply *) r.payload;
    dure_response_clear(&r);
    durectl_orders_csv_destroy(&req);
    return code;
}

/* Compares the month report with the table; returns the number of differences. */
static int s_compare(dure_client_t *client, const durectl_demo_month_t *months, size_t n)
{
    Dure__V1__SalesReport req = DURE__V1__SALES_REPORT__INIT;
    req.year = 2016;
    dure_response_t r;
    dure_client_call(client, &req.base, NULL, NULL, &dure__v1__sales_report_reply__descriptor, &r);
    int diffs = 0;
    if (r.code != DURE__V1__CODE__CODE_OK) {
        dure_test_fail(__FILE__, __LINE__, "SalesReport: %s", r.message);
        dure_response_clear(&r);
        return 1;
    }
    const Dure__V1__SalesReportReply *rep = (const Dure__V1__SalesReportReply *) r.payload;
    CHECK_INT_EQ(rep->n_rows, n);
    int64_t revenue = 0, orders = 0;
    for (size_t i = 0; i < n && i < rep->n_rows; i++) {
        char key[16];
        snprintf(key, sizeof key, "%04d-%02d", months[i].year, months[i].month);
        const Dure__V1__SalesReportRow *row = rep->rows[i];
        if (strcmp(row->key, key) || row->revenue_krw != months[i].revenue_krw ||
            row->orders != months[i].orders || strcmp(row->campaign, months[i].campaign)) {
            dure_test_fail(__FILE__, __LINE__, "%s: %lld won, %lld orders, \"%s\"; table: %lld, "
                           "%lld, \"%s\"", row->key, (long long) row->revenue_krw,
                           (long long) row->orders, row->campaign,
                           (long long) months[i].revenue_krw, (long long) months[i].orders,
                           months[i].campaign);
            diffs++;
        }
        revenue += months[i].revenue_krw;
        orders += months[i].orders;
    }
    CHECK_INT_EQ(rep->total_revenue_krw, revenue);
    CHECK_INT_EQ(rep->total_orders, orders);
    CHECK_INT_EQ(rep->total_revenue_krw, 35700700);
    CHECK_INT_EQ(rep->total_orders, 2727);
    dure_response_clear(&r);
    return diffs;
}

DURE_TEST(order_import_2016_reproduces_the_monthly_table)
{
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    REQUIRE(sales);
    dure_stack_t *stack = dure_stack_new("order_import16");
    REQUIRE(stack);
    int cat = dure_stack_start(stack, "catalog", 0);
    int ord = dure_stack_start(stack, "order", 0);
    if (cat < 0 || ord < 0)
        dure_stack_dump_logs(stack);
    REQUIRE(cat >= 0 && ord >= 0);
    char dir[512], orders_path[600], err[512];
    snprintf(dir, sizeof dir, "%s/demo", dure_stack_dir(stack));
    mkdir(dir, 0755);
    REQUIRE(dure_fixture_demo_catalog(stack, dir));
    dure_response_t r;

    snprintf(orders_path, sizeof orders_path, "%s/orders_2016.csv", dir);
    REQUIRE_INT_EQ(durectl_demo_orders_write(sales, dir, orders_path, err, sizeof err), 0);
    size_t n = 0;
    durectl_demo_month_t *months = durectl_demo_sales_read(sales, &n, err, sizeof err);
    REQUIRE(months && n == 12);

    dure_client_t *client = dure_stack_client(stack, "order", 60000);
    Dure__V1__ImportOrdersReply got = DURE__V1__IMPORT_ORDERS_REPLY__INIT;
    CHECK_INT_EQ(s_import(client, orders_path, &got), DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(got.orders_imported, 2727);
    CHECK_INT_EQ(got.orders_skipped, 0);
    CHECK_INT_EQ(s_compare(client, months, n), 0);

    /* Idempotent by the old order number: a second import adds nothing. */
    CHECK_INT_EQ(s_import(client, orders_path, &got), DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(got.orders_imported, 0);
    CHECK_INT_EQ(got.orders_skipped, 2727);
    CHECK_INT_EQ(s_compare(client, months, n), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 2727);

    /* The other groupings add up to the same year. */
    for (int g = DURE__V1__SALES_GROUPING__SALES_BY_CHANNEL;
         g <= DURE__V1__SALES_GROUPING__SALES_BY_REGION; g++) {
        Dure__V1__SalesReport req = DURE__V1__SALES_REPORT__INIT;
        req.year = 2016;
        req.group_by = (Dure__V1__SalesGrouping) g;
        dure_client_call(client, &req.base, NULL, NULL, &dure__v1__sales_report_reply__descriptor, &r);
        CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_OK);
        if (r.payload) {
            const Dure__V1__SalesReportReply *rep = (const void *) r.payload;
            CHECK_INT_EQ(rep->total_revenue_krw, 35700700);
            CHECK_INT_EQ(rep->total_orders, 2727);
            CHECK(rep->n_rows >= 2);
        }
        dure_response_clear(&r);
    }
    free(months);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, ord, 5000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, cat, 5000), 0);
    dure_stack_destroy(&stack);
    free(sales);
}

DURE_TEST(order_import_bad_rows_name_their_lines_and_import_nothing)
{
    dure_stack_t *stack = dure_stack_new("order_import_bad");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int ord = dure_stack_start(stack, "order", 0);
    REQUIRE(ord >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 10000);
    Dure__V1__ImportOrderRow rows[4];
    Dure__V1__ImportOrderRow *ptrs[4];
    static const char *products[] = {"p-rice", "unknown-1", "p-kimchi", "p-rice"};
    static const char *orders[] = {"A-1", "A-1", "A-2", "A-3"};
    for (int i = 0; i < 4; i++) {
        dure__v1__import_order_row__init(&rows[i]);
        rows[i].order_no = (char *) orders[i];
        rows[i].ordered_at = "2016-03-04T10:00:00+09:00";
        rows[i].customer_id = "c-old";
        rows[i].channel = DURE__V1__CHANNEL__CHANNEL_B2C;
        rows[i].product_id = (char *) products[i];
        rows[i].quantity = 1;
        rows[i].unit_price_krw = 1000;
        rows[i].source_line = i + 2;
        ptrs[i] = &rows[i];
    }
    rows[3].ordered_at = "2016-03-04 10:00"; /* not ISO 8601 with an offset */
    Dure__V1__ImportOrders req = DURE__V1__IMPORT_ORDERS__INIT;
    req.rows = ptrs;
    req.n_rows = 4;
    dure_response_t r;
    dure_client_call(client, &req.base, NULL, NULL, &dure__v1__import_orders_reply__descriptor, &r);
    CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK(dure_fixture_has_field_error(&r, "rows[3].ordered_at"));
    CHECK(strstr(r.message, "line 5") != NULL);
    dure_response_clear(&r);
    rows[3].ordered_at = "2016-03-04T10:00:00+09:00";
    dure_client_call(client, &req.base, NULL, NULL, &dure__v1__import_orders_reply__descriptor, &r);
    CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK(dure_fixture_has_field_error(&r, "rows[1].product_id"));
    CHECK(strstr(r.message, "line 3") != NULL);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 0);
    /* Fixed, the same request imports three orders, with the month's campaign. */
    order_test_catalog_campaign(catalog, "2016-spring", "봄 장터", "2016-03-01", "2016-03-31");
    rows[1].product_id = "p-tour";
    dure_client_call(client, &req.base, NULL, NULL, &dure__v1__import_orders_reply__descriptor, &r);
    CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_OK);
    if (r.payload) {
        CHECK_INT_EQ(((Dure__V1__ImportOrdersReply *) r.payload)->orders_imported, 3);
        CHECK_INT_EQ(((Dure__V1__ImportOrdersReply *) r.payload)->lines, 4);
    }
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM orders WHERE campaign_id = '2016-spring' "
                                   "AND status = 6"),
                 3);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, ord, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}
