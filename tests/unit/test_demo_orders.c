/*  test_demo_orders.c - the past-orders fixture adds up exactly to the monthly table, uses
    the demo catalog's products near their list prices, and is the same bytes every time.

    Everything is recomputed from the fixture parsed back by durectl_orders_csv_read, and the
    table is read here on its own. Months are taken in Asia/Seoul time from the parsed times.
*/
#include "../../tools/durectl/catalog_csv.h"
#include "../../tools/durectl/demo_catalog.h"
#include "../../tools/durectl/demo_orders.h"
#include "../../tools/durectl/orders_csv.h"

#include "dure_test.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char dir[64];     /* temporary folder */
    char orders[128]; /* the fixture */
    char *sales;      /* the monthly table */
} s_fixture_t;

static int s_make(s_fixture_t *fx, const char *name)
{
    snprintf(fx->dir, sizeof fx->dir, "/tmp/dure-demo-orders-XXXXXX");
    char *table = durectl_demo_shared_path(DURECTL_DEMO_CATEGORIES_TABLE), err[256] = "";
    fx->sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    int rc = table && fx->sales && mkdtemp(fx->dir) ? 0 : -1;
    snprintf(fx->orders, sizeof fx->orders, "%s/%s", fx->dir, name);
    if (rc == 0)
        rc = durectl_demo_catalog_write(table, fx->sales, fx->dir, err, sizeof err);
    if (rc == 0)
        rc = durectl_demo_orders_write(fx->sales, fx->dir, fx->orders, err, sizeof err);
    if (rc)
        fprintf(stderr, "    setup: %s\n", err);
    free(table);
    return rc;
}

static void s_remove(s_fixture_t *fx)
{
    const char *files[] = {DURECTL_DEMO_ENTERPRISES_FILE, DURECTL_DEMO_PRODUCTS_FILE,
                           DURECTL_DEMO_CAMPAIGNS_FILE};
    char path[160];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", fx->dir, files[i]);
        unlink(path);
    }
    unlink(fx->orders);
    rmdir(fx->dir);
    free(fx->sales);
}

/* Reads the table: year, month, revenue, orders per data line. */
static int s_table(const char *path, long long rows[16][4])
{
    FILE *f = fopen(path, "r");
    char line[512];
    int n = 0;
    while (f && n < 16 && fgets(line, sizeof line, f))
        if (line[0] != '#' && sscanf(line, "%lld,%lld,%lld,%lld", &rows[n][0], &rows[n][1],
                                     &rows[n][2], &rows[n][3]) == 4)
            n++;
    if (f)
        fclose(f);
    return n;
}

static int s_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

DURE_TEST(demo_orders_add_up_exactly_to_the_monthly_table)
{
    s_fixture_t fx;
    REQUIRE_INT_EQ(s_make(&fx, "orders.csv"), 0);
    long long table[16][4];
    int months = s_table(fx.sales, table);
    CHECK_INT_EQ(months, 12);
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportOrders *msg = durectl_orders_csv_read(fx.orders, errors);
    durectl_csv_errors_print(errors, stderr);
    REQUIRE(msg != NULL);
    long long revenue[16] = {0}, orders[16] = {0}, total = 0;
    char **numbers = calloc(msg->n_rows, sizeof *numbers);
    int channels[4] = {0};
    for (size_t i = 0; i < msg->n_rows; i++) {
        const Dure__V1__ImportOrderRow *row = msg->rows[i];
        int64_t ms = 0;
        int offset = 0;
        REQUIRE_INT_EQ(durectl_orders_csv_parse_time(row->ordered_at, &ms, &offset), 0);
        CHECK_INT_EQ(offset, DURECTL_DEMO_SEOUL_OFFSET_MINUTES);
        time_t seoul = (time_t)(ms / 1000) + DURECTL_DEMO_SEOUL_OFFSET_MINUTES * 60;
        struct tm tm;
        gmtime_r(&seoul, &tm);
        int m = -1;
        for (int k = 0; k < months; k++)
            if (table[k][0] == tm.tm_year + 1900 && table[k][1] == tm.tm_mon + 1)
                m = k;
        REQUIRE(m >= 0);
        CHECK(row->unit_price_krw > 0);
        revenue[m] += row->quantity * row->unit_price_krw;
        total += row->quantity * row->unit_price_krw;
        numbers[i] = row->order_no;
        /* Rows of one order are adjacent: count an order at its first row. */
        if (i == 0 || strcmp(msg->rows[i - 1]->order_no, row->order_no) != 0) {
            orders[m]++;
            channels[row->channel]++;
        }
    }
    for (int k = 0; k < months; k++) {
        dure_test_log("%lld-%02lld revenue %lld/%lld orders %lld/%lld", table[k][0], table[k][1],
                      revenue[k], table[k][2], orders[k], table[k][3]);
        CHECK_INT_EQ(revenue[k], table[k][2]);
        CHECK_INT_EQ(orders[k], table[k][3]);
    }
    CHECK_INT_EQ(total, 35700700);
    /* Order numbers are never reused in another place of the file. */
    qsort(numbers, msg->n_rows, sizeof *numbers, s_cmp_str);
    long long distinct = msg->n_rows > 0;
    for (size_t i = 1; i < msg->n_rows; i++)
        distinct += strcmp(numbers[i - 1], numbers[i]) != 0;
    CHECK_INT_EQ(distinct, 2727);
    CHECK(channels[1] > channels[2] && channels[2] > 0 && channels[3] > 0);
    free(numbers);
    durectl_orders_csv_destroy(&msg);
    durectl_csv_errors_destroy(&errors);
    s_remove(&fx);
}

DURE_TEST(demo_orders_use_catalog_products_near_list_price)
{
    s_fixture_t fx;
    REQUIRE_INT_EQ(s_make(&fx, "orders.csv"), 0);
    char products[160];
    snprintf(products, sizeof products, "%s/%s", fx.dir, DURECTL_DEMO_PRODUCTS_FILE);
    const char *paths[] = {products};
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportCatalog *cat = durectl_catalog_csv_read(paths, 1, errors);
    Dure__V1__ImportOrders *msg = durectl_orders_csv_read(fx.orders, errors);
    REQUIRE(cat && msg);
    size_t near = 0;
    for (size_t i = 0; i < msg->n_rows; i++) {
        const Dure__V1__ImportOrderRow *row = msg->rows[i];
        const Dure__V1__Product *product = NULL;
        for (size_t p = 0; p < cat->n_products && !product; p++)
            if (strcmp(cat->products[p]->id, row->product_id) == 0)
                product = cat->products[p];
        CHECK(product != NULL);
        if (!product)
            continue;
        long long off = row->unit_price_krw - product->price_krw;
        near += (off < 0 ? -off : off) * 100 <= product->price_krw * DURECTL_DEMO_PRICE_TOLERANCE;
    }
    dure_test_log("%zu of %zu lines within %d %% of list price", near, msg->n_rows,
                  DURECTL_DEMO_PRICE_TOLERANCE);
    CHECK(near * 100 >= msg->n_rows * 99);
    durectl_orders_csv_destroy(&msg);
    durectl_catalog_csv_destroy(&cat);
    durectl_csv_errors_destroy(&errors);
    s_remove(&fx);
}

DURE_TEST(demo_orders_are_deterministic_and_check_their_table)
{
    s_fixture_t a, b;
    REQUIRE_INT_EQ(s_make(&a, "a.csv"), 0);
    REQUIRE_INT_EQ(s_make(&b, "b.csv"), 0);
    FILE *fa = fopen(a.orders, "rb"), *fb = fopen(b.orders, "rb");
    REQUIRE(fa && fb);
    size_t bytes = 0;
    int same = 1, ca, cb;
    do {
        ca = fgetc(fa);
        cb = fgetc(fb);
        same &= ca == cb;
        bytes++;
    } while (same && ca != EOF);
    fclose(fa);
    fclose(fb);
    CHECK(same);
    CHECK(bytes > 100000);
    char bad[160], err[256] = "";
    snprintf(bad, sizeof bad, "%s/bad-table.csv", a.dir);
    FILE *f = fopen(bad, "w");
    REQUIRE(f != NULL);
    fputs("year,month,revenue_krw,orders,campaign\n2016,1,10,20,\n", f);
    fclose(f);
    CHECK_INT_EQ(durectl_demo_orders_write(bad, a.dir, a.orders, err, sizeof err), -1);
    CHECK(strstr(err, "fewer won than orders") != NULL);
    unlink(bad);
    s_remove(&a);
    s_remove(&b);
}
