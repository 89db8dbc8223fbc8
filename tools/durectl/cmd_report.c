/*  cmd_report.c - `durectl report sales`: revenue and orders of a year, by month (with the
    campaign of the month), channel, category, enterprise or region.

      durectl report sales --year Y [--by month|channel|category|enterprise|region]
                           [--csv | --json]

    --csv by month prints the shape of the seed table monthly_sales_2016.csv: the header
    year,month,revenue_krw,orders,campaign, one row per month, and "# totals: N won, M
    orders". Other groupings print year,<group>,revenue_krw,orders and the same totals line.
    What counts as revenue is defined in docs/ORDERS.md.
*/
#include "csv.h"
#include "durectl.h"

static const char *const s_groupings[] = {"month", "channel", "category", "enterprise", "region"};

static int s_usage(void)
{
    fprintf(stderr, "usage: durectl report sales --year Y "
                    "[--by month|channel|category|enterprise|region] [--csv|--json]\n");
    return 2;
}

/* Writes a CSV field, quoted when it holds a comma, quote or line break (LF line ends, as
   the seed table has). */
static void s_field(const char *value)
{
    if (!strpbrk(value, ",\"\r\n")) {
        fputs(value, stdout);
        return;
    }
    putchar('"');
    for (const char *c = value; *c; c++) {
        if (*c == '"')
            putchar('"');
        putchar(*c);
    }
    putchar('"');
}

static int s_csv(const Dure__V1__SalesReportReply *r, int year, int grouping)
{
    if (grouping == 0)
        printf("year,month,revenue_krw,orders,campaign\n");
    else
        printf("year,%s,revenue_krw,orders\n", s_groupings[grouping]);
    for (size_t i = 0; i < r->n_rows; i++) {
        const Dure__V1__SalesReportRow *row = r->rows[i];
        const char *dash = strchr(row->key, '-');
        printf("%d,", year);
        if (grouping == 0)
            printf("%d", dash ? atoi(dash + 1) : 0);
        else
            s_field(row->key);
        printf(",%lld,%lld", (long long) row->revenue_krw, (long long) row->orders);
        if (grouping == 0) {
            putchar(',');
            s_field(row->campaign);
        }
        putchar('\n');
    }
    printf("# totals: %lld won, %lld orders\n", (long long) r->total_revenue_krw,
           (long long) r->total_orders);
    return fflush(stdout) == 0 ? 0 : 1;
}

static void s_table(const Dure__V1__SalesReportReply *r, int grouping)
{
    const char *h[] = {grouping == 0 ? "MONTH" : "GROUP", "REVENUE (WON)", "ORDERS",
                       grouping == 0 ? "CAMPAIGN" : NULL, NULL};
    durectl_table_t *t = durectl_table_new(h);
    for (size_t i = 0; i < r->n_rows; i++) {
        durectl_table_cell(t, "%s", r->rows[i]->key);
        durectl_table_cell(t, "%s", durectl_won(r->rows[i]->revenue_krw, 0));
        durectl_table_cell(t, "%lld", (long long) r->rows[i]->orders);
        if (grouping == 0)
            durectl_table_cell(t, "%s", r->rows[i]->campaign);
        durectl_table_end_row(t);
    }
    durectl_table_cell(t, "TOTAL");
    durectl_table_cell(t, "%s", durectl_won(r->total_revenue_krw, 0));
    durectl_table_cell(t, "%lld", (long long) r->total_orders);
    if (grouping == 0)
        durectl_table_cell(t, "%s", "");
    durectl_table_end_row(t);
    durectl_table_print(&t, stdout);
}

int durectl_report_main(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "sales") != 0)
        return s_usage();
    const char *year = durectl_option(argc, argv, "year");
    const char *by = durectl_option(argc, argv, "by");
    long long y;
    int grouping = by ? -1 : 0;
    for (int i = 0; by && i < 5; i++)
        if (strcmp(by, s_groupings[i]) == 0)
            grouping = i;
    if (!year || durectl_csv_parse_int(year, 1900, 2999, &y) != 0 || grouping < 0)
        return s_usage();
    Dure__V1__SalesReport req = DURE__V1__SALES_REPORT__INIT;
    req.year = (int32_t) y;
    req.group_by = (Dure__V1__SalesGrouping) grouping;
    dure_response_t res;
    int rc = durectl_call(ctx, "order", &req.base, NULL, &dure__v1__sales_report_reply__descriptor,
                          &res);
    if (rc == 0) {
        const Dure__V1__SalesReportReply *r = (const Dure__V1__SalesReportReply *) res.payload;
        if (ctx->json)
            durectl_print_message(ctx, res.payload);
        else if (durectl_flag(argc, argv, "csv"))
            rc = s_csv(r, (int) y, grouping);
        else
            s_table(r, grouping);
    }
    dure_response_clear(&res);
    return rc;
}
