/*  sales_report.c (bench) - how long the mall's sales report takes, per grouping.

    Starts the real catalog and order services on a private stack (as scripts/bench.sh sets
    it up), loads the demo catalog, and imports ten years of past orders: the mall's 2016
    monthly table (../shared/data/monthly_sales_2016.csv) expanded by the demo fixture
    generator for 2016, and the same table relabelled 2017 to 2025, so the report reads one
    year out of a table ten times its size. Then it asks SalesReport for 2016 grouped by
    month, channel, category, enterprise and region, one request after the other, and prints
    p50/p99 latency per grouping (a table and one JSON line each). The 2016 totals must come
    back as the table has them (35,700,700 won, 2,727 orders), or the bench fails.

    Usage: bench-sales_report [REQUESTS-PER-GROUPING], default 50.
*/
#include "../../tools/durectl/demo_catalog.h"
#include "../../tools/durectl/demo_orders.h"
#include "../../tools/durectl/orders_csv.h"
#include "dure_bench.h"
#include "dure_fixtures.h"
#include "dure_stack.h"

#include <ctype.h>
#include <math.h>
#include <sys/stat.h>

#define S_YEARS 10
#define S_FIRST_YEAR 2016
#define S_REVENUE_2016 35700700
#define S_ORDERS_2016 2727

static const char *s_groupings[] = {"month", "channel", "category", "enterprise", "region"};

/* Writes the monthly table relabelled as `year` (every data row's first field). */
static int s_table_for_year(const char *from, const char *to, int year)
{
    FILE *in = fopen(from, "r"), *out = fopen(to, "w");
    char line[1024];
    while (in && out && fgets(line, sizeof line, in)) {
        if (isdigit((unsigned char)line[0]) && strchr(line, ','))
            fprintf(out, "%d%s", year, strchr(line, ','));
        else
            fputs(line, out);
    }
    int ok = in && out;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok ? 0 : -1;
}

/* Imports the past orders of every year. Returns the number imported, or -1. */
static long s_import_years(dure_stack_t *stack, const char *dir)
{
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    dure_client_t *order = dure_stack_client(stack, "order", 120000);
    long imported = 0;
    for (int y = 0; sales && y < S_YEARS && imported >= 0; y++) {
        char table[600], orders[600], err[512];
        snprintf(table, sizeof table, "%s/sales_%d.csv", dir, S_FIRST_YEAR + y);
        snprintf(orders, sizeof orders, "%s/orders_%d.csv", dir, S_FIRST_YEAR + y);
        durectl_csv_errors_t *errors = durectl_csv_errors_new();
        Dure__V1__ImportOrders *req = NULL;
        if (s_table_for_year(sales, table, S_FIRST_YEAR + y) == 0 &&
            durectl_demo_orders_write(table, dir, orders, err, sizeof err) == 0)
            req = durectl_orders_csv_read(orders, errors);
        durectl_csv_errors_print(errors, stderr);
        durectl_csv_errors_destroy(&errors);
        dure_response_t r = {0};
        if (req &&
            dure_fixture_call(order, &req->base, &dure__v1__import_orders_reply__descriptor, &r))
            imported += ((Dure__V1__ImportOrdersReply *)r.payload)->orders_imported;
        else
            imported = -1;
        dure_response_clear(&r);
        durectl_orders_csv_destroy(&req);
    }
    free(sales);
    dure_client_destroy(&order);
    return imported;
}

/* Times `count` reports of one grouping; checks the 2016 totals of each. */
static int s_time_grouping(dure_client_t *order, int grouping, int count, long table_orders)
{
    double *ms = dure_calloc((size_t)count, sizeof *ms);
    int rows = 0, bad = 0;
    for (int i = 0; i < count; i++) {
        Dure__V1__SalesReport req = DURE__V1__SALES_REPORT__INIT;
        req.year = S_FIRST_YEAR;
        req.group_by = (Dure__V1__SalesGrouping)grouping;
        dure_response_t r;
        double t0 = (double) dure_bench_now_ns() / 1e6;
        int ok = dure_fixture_call(order, &req.base, &dure__v1__sales_report_reply__descriptor, &r);
        ms[i] = (double) dure_bench_now_ns() / 1e6 - t0;
        const Dure__V1__SalesReportReply *rep = (const Dure__V1__SalesReportReply *)r.payload;
        if (!ok || !rep || rep->total_revenue_krw != S_REVENUE_2016 ||
            rep->total_orders != S_ORDERS_2016)
            bad++;
        else
            rows = (int)rep->n_rows;
        dure_response_clear(&r);
    }
    dure_bench_sort(ms, (size_t)count);
    double p50 = ms[count / 2], p99 = ms[(int)ceil(count * 0.99) - 1];
    printf("%-10s %6d %9.2f %9.2f %s\n", s_groupings[grouping], rows, p50, p99,
           bad ? "WRONG TOTALS" : "");
    printf("{\"metric\":\"sales_report\",\"group_by\":\"%s\",\"rows\":%d,\"orders_in_year\":%d,"
           "\"orders_in_table\":%ld,\"requests\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n",
           s_groupings[grouping], rows, S_ORDERS_2016, table_orders, count, p50, p99);
    free(ms);
    return bad;
}

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 50;
    if (count < 1) {
        fprintf(stderr, "usage: bench-sales_report [REQUESTS-PER-GROUPING]\n");
        return 2;
    }
    zsys_handler_set(NULL);
    dure_stack_t *stack = dure_stack_new("bench_sales");
    if (!stack)
        return 1;
    int ok = dure_stack_start(stack, "catalog", 0) >= 0 && dure_stack_start(stack, "order", 0) >= 0;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/demo", dure_stack_dir(stack));
    mkdir(dir, 0755);
    ok = ok && dure_fixture_demo_catalog(stack, dir);
    double t0 = (double) dure_bench_now_ns() / 1e6;
    long orders = ok ? s_import_years(stack, dir) : -1;
    ok = ok && orders == (long)S_YEARS * S_ORDERS_2016;
    int bad = 0;
    if (ok) {
        printf("imported %ld past orders (%d years of the 2016 table) in %.1f s\n", orders, S_YEARS,
               ((double) dure_bench_now_ns() / 1e6 - t0) / 1000.0);
        printf("SalesReport for 2016, %d requests per grouping, one at a time\n", count);
        printf("%-10s %6s %9s %9s\n", "grouping", "rows", "p50 ms", "p99 ms");
        dure_client_t *order = dure_stack_client(stack, "order", 30000);
        for (int g = 0; g < (int)(sizeof s_groupings / sizeof s_groupings[0]); g++)
            bad += s_time_grouping(order, g, count, orders);
        dure_client_destroy(&order);
    } else {
        fprintf(stderr, "sales report bench: set-up failed (imported %ld orders)\n", orders);
        dure_stack_dump_logs(stack);
    }
    dure_stack_destroy(&stack);
    zsys_shutdown();
    return ok && bad == 0 ? 0 : 1;
}
