/*  demo_orders.c - the deterministic past-orders fixture, exact to the monthly table.

    How the sums come out exact: a month's revenue R is first cut into `orders` budgets in
    whole steps of g won (100 when R allows it), each at least a minimum, by random weights
    (B2B and B2G orders weigh more); every budget is a multiple of g and they add up to R by
    construction. Each order then spends its budget exactly: the first lines take products
    at their list prices, and the last line takes the remainder r as quantity q times unit
    price r / q, choosing the product and a q that divides r so that the unit price is as
    close as possible to that product's list price (q = 1 and unit = r always works, so
    there is always an answer). The order's lines therefore sum to its budget, the budgets
    to R, and each order is one order number, so the count is exact too.
*/
#include "demo_orders.h"

#include "catalog_csv.h"
#include "csv.h"
#include "demo_catalog.h"
#include "orders_csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define S_B2C_CUSTOMERS 2400 /* consumers in the pool; low ids buy more often */
#define S_B2B_CUSTOMERS 60   /* business buyers */
#define S_B2G_CUSTOMERS 25   /* public institutions */

/* A product that orders may name. */
typedef struct {
    const char *id; /* borrowed from the catalog message */
    int64_t price;  /* list price, won */
} s_product_t;

/* One planned order of a month. */
typedef struct {
    int64_t budget;            /* what its lines add up to */
    Dure__V1__Channel channel; /* b2c, b2b or b2g */
    int customer;              /* number within the channel's pool */
    int day;                   /* day of the month */
    int second;                /* second of the day, Seoul time */
    int index;                 /* creation order, to keep the sort stable */
} s_order_t;

/* Everything one run needs. */
typedef struct {
    s_product_t *products; /* active products, catalog order */
    size_t n_products;     /* entries in products */
    int64_t cheapest;      /* lowest list price */
    uint64_t rng;          /* splitmix64 state */
    FILE *out;             /* where the CSV goes */
    int failed;            /* a write failed */
} s_run_t;

static int s_error(char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int s_error(char *err, size_t err_size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    if (err && err_size)
        vsnprintf(err, err_size, fmt, args);
    va_end(args);
    return -1;
}

static int s_month_row(durectl_demo_month_t *m, const durectl_csv_t *csv)
{
    long long year = 0, month = 0, revenue = 0, orders = 0;
    if (durectl_csv_parse_int(durectl_csv_field(csv, 0), 1900, 2999, &year) ||
        durectl_csv_parse_int(durectl_csv_field(csv, 1), 1, 12, &month) ||
        durectl_csv_parse_int(durectl_csv_field(csv, 2), 0, 1000000000000LL, &revenue) ||
        durectl_csv_parse_int(durectl_csv_field(csv, 3), 0, 10000000, &orders) ||
        strlen(durectl_csv_field(csv, 4)) >= DURECTL_DEMO_MAX_CAMPAIGN)
        return -1;
    *m = (durectl_demo_month_t){.year = (int)year,
                                .month = (int)month,
                                .revenue_krw = revenue,
                                .orders = orders,
                                .line = durectl_csv_line(csv)};
    strcpy(m->campaign, durectl_csv_field(csv, 4));
    return 0;
}

durectl_demo_month_t *durectl_demo_sales_read(const char *path, size_t *n, char *err,
                                              size_t err_size)
{
    static const char *const header[] = {"year", "month", "revenue_krw", "orders", "campaign"};
    durectl_csv_t *csv = durectl_csv_open(path);
    if (!csv) {
        s_error(err, err_size, "%s: %s", path, strerror(errno));
        return NULL;
    }
    durectl_demo_month_t *months = NULL;
    size_t count = 0;
    int rc = durectl_csv_next(csv), failed = 0;
    if (rc != DURECTL_CSV_RECORD || !durectl_csv_matches(csv, header, 5))
        failed = s_error(err, err_size,
                         "%s: the header must be year,month,revenue_krw,orders,"
                         "campaign",
                         path);
    while (!failed && (rc = durectl_csv_next(csv)) != DURECTL_CSV_END) {
        months = realloc(months, (count + 1) * sizeof *months);
        if (!months)
            abort();
        if (rc == DURECTL_CSV_BAD || s_month_row(&months[count++], csv) < 0)
            failed = s_error(err, err_size, "%s:%d: %s", path, durectl_csv_line(csv),
                             rc == DURECTL_CSV_BAD ? durectl_csv_error(csv) : "bad month row");
    }
    durectl_csv_destroy(&csv);
    if (failed) {
        free(months);
        return NULL;
    }
    *n = count;
    return months ? months : calloc(1, sizeof *months);
}

/* Splits the month's revenue into budgets: see the file comment. */
static void s_budgets(s_run_t *run, s_order_t *orders, int64_t count, int64_t revenue)
{
    int64_t step = revenue % 100 == 0 && revenue >= 100 * count ? 100
                   : revenue % 10 == 0 && revenue >= 10 * count ? 10
                                                                : 1;
    int64_t floor_budget = revenue / count / step * step;
    if (floor_budget > DURECTL_DEMO_MIN_ORDER_KRW)
        floor_budget = DURECTL_DEMO_MIN_ORDER_KRW / step * step;
    int64_t units = (revenue - floor_budget * count) / step, weight_sum = 0, given = 0;
    int64_t *weights = malloc((size_t)count * sizeof *weights);
    if (!weights)
        abort();
    for (int64_t i = 0; i < count; i++) {
        uint64_t roll = durectl_demo_rand_below(&run->rng, 100);
        orders[i].channel = roll < 82   ? DURE__V1__CHANNEL__CHANNEL_B2C
                            : roll < 94 ? DURE__V1__CHANNEL__CHANNEL_B2B
                                        : DURE__V1__CHANNEL__CHANNEL_B2G;
        int64_t base = orders[i].channel == DURE__V1__CHANNEL__CHANNEL_B2C   ? 50
                       : orders[i].channel == DURE__V1__CHANNEL__CHANNEL_B2B ? 200
                                                                             : 300;
        weights[i] = base + (int64_t)durectl_demo_rand_below(&run->rng, (uint64_t)base * 3);
        weight_sum += weights[i];
    }
    for (int64_t i = 0; i < count; i++) {
        int64_t share = (int64_t)((__int128)units * weights[i] / weight_sum);
        orders[i].budget = floor_budget + share * step;
        given += share;
    }
    /* Flooring left fewer than `count` steps over: one more step to as many orders. */
    for (int64_t i = 0; given < units; i++, given++)
        orders[i % count].budget += step;
    free(weights);
}

static void s_when_and_who(s_run_t *run, s_order_t *orders, int64_t count, int days)
{
    for (int64_t i = 0; i < count; i++) {
        s_order_t *o = &orders[i];
        o->index = (int)i;
        o->day = 1 + (int)durectl_demo_rand_below(&run->rng, (uint64_t)days);
        /* Shoppers order between 07:00 and 23:59 Seoul time. */
        o->second = 7 * 3600 + (int)durectl_demo_rand_below(&run->rng, 17 * 3600);
        int pool = o->channel == DURE__V1__CHANNEL__CHANNEL_B2C   ? S_B2C_CUSTOMERS
                   : o->channel == DURE__V1__CHANNEL__CHANNEL_B2B ? S_B2B_CUSTOMERS
                                                                  : S_B2G_CUSTOMERS;
        /* The minimum of two draws favours low numbers: regulars order again. */
        int a = (int)durectl_demo_rand_below(&run->rng, (uint64_t)pool);
        int b = (int)durectl_demo_rand_below(&run->rng, (uint64_t)pool);
        o->customer = 1 + (a < b ? a : b);
    }
}

static int s_by_time(const void *a, const void *b)
{
    const s_order_t *x = a, *y = b;
    long kx = (long)x->day * 86400 + x->second, ky = (long)y->day * 86400 + y->second;
    return kx != ky ? (kx > ky) - (kx < ky) : (x->index > y->index) - (x->index < y->index);
}

static int s_used(const int *used, int n_used, int product)
{
    for (int i = 0; i < n_used; i++)
        if (used[i] == product)
            return 1;
    return 0;
}

/* The product and quantity whose unit price r / q is nearest its list price; see the file
   comment. Scanning starts at a random product so equal remainders vary. */
static int s_fit_last(s_run_t *run, int64_t r, const int *used, int n_used, int64_t *quantity)
{
    int best = -1;
    int64_t best_score = 0;
    size_t start = (size_t)durectl_demo_rand_below(&run->rng, run->n_products);
    for (size_t k = 0; k < run->n_products; k++) {
        int p = (int)((start + k) % run->n_products);
        if (s_used(used, n_used, p))
            continue;
        int64_t price = run->products[p].price, q0 = (r + price / 2) / price;
        for (int64_t q = q0 - 2; q <= q0 + 2; q++) {
            if (q < 1 || q > DURECTL_ORDER_MAX_QUANTITY || r % q != 0)
                continue;
            int64_t unit = r / q, off = unit > price ? unit - price : price - unit;
            /* Per mille off the list price; a unit price in whole hundreds reads better. */
            int64_t score = off * 1000 / price + (unit % 100 ? 30 : 0) + (q > 10 ? 20 : 0);
            if (best < 0 || score < best_score) {
                best = p;
                best_score = score;
                *quantity = q;
            }
        }
    }
    return best;
}

static void s_line(s_run_t *run, const char *order_no, const char *when, const char *customer,
                   const s_order_t *o, int product, int64_t quantity, int64_t unit)
{
    char q[24], u[24];
    snprintf(q, sizeof q, "%lld", (long long)quantity);
    snprintf(u, sizeof u, "%lld", (long long)unit);
    const char *row[DURECTL_ORDER_COLUMNS] = {order_no,
                                              when,
                                              customer,
                                              durectl_orders_channel_word(o->channel),
                                              run->products[product].id,
                                              q,
                                              u};
    for (int i = 0; i < DURECTL_ORDER_COLUMNS; i++)
        run->failed |= durectl_csv_write_field(run->out, row[i], i == DURECTL_ORDER_COLUMNS - 1);
}

/* A product costing at most limit, each equally likely (reservoir sampling), or -1. */
static int s_pick_under(s_run_t *run, int64_t limit, const int *used, int n_used)
{
    int chosen = -1;
    uint64_t seen = 0;
    for (size_t p = 0; p < run->n_products; p++)
        if (run->products[p].price <= limit && !s_used(used, n_used, (int)p) &&
            durectl_demo_rand_below(&run->rng, ++seen) == 0)
            chosen = (int)p;
    return chosen;
}

/* Writes the lines of one order, which add up to its budget exactly. */
static void s_order(s_run_t *run, const s_order_t *o, const char *order_no, const char *when,
                    const char *customer)
{
    int used[DURECTL_DEMO_MAX_LINES], n_used = 0;
    int64_t r = o->budget;
    int b2c = o->channel == DURE__V1__CHANNEL__CHANNEL_B2C;
    int lines = 1 + (int)durectl_demo_rand_below(&run->rng, b2c ? 3 : DURECTL_DEMO_MAX_LINES);
    int64_t max_q = b2c ? 3 : o->channel == DURE__V1__CHANNEL__CHANNEL_B2B ? 20 : 40;
    for (int l = 0; l < lines - 1; l++) {
        /* Spend at most 70 % of what is left above the cheapest product, so the last line
           keeps room for a price near a list price. */
        int64_t room = (r - run->cheapest) * 7 / 10;
        int p = room > 0 ? s_pick_under(run, room, used, n_used) : -1;
        if (p < 0)
            break;
        int64_t price = run->products[p].price, most = room / price;
        int64_t q = 1 + (int64_t)durectl_demo_rand_below(&run->rng,
                                                         (uint64_t)(most < max_q ? most : max_q));
        s_line(run, order_no, when, customer, o, p, q, price);
        used[n_used++] = p;
        r -= q * price;
    }
    int64_t q = 1;
    int p = s_fit_last(run, r, used, n_used, &q);
    s_line(run, order_no, when, customer, o, p, q, r / q);
}

static int s_month(s_run_t *run, const durectl_demo_month_t *m, char *err, size_t err_size)
{
    if (m->orders == 0)
        return m->revenue_krw == 0 ? 0
                                   : s_error(err, err_size,
                                             "line %d: revenue without "
                                             "orders",
                                             m->line);
    if (m->revenue_krw < m->orders)
        return s_error(err, err_size, "line %d: fewer won than orders", m->line);
    s_order_t *orders = calloc((size_t)m->orders, sizeof *orders);
    if (!orders)
        abort();
    s_budgets(run, orders, m->orders, m->revenue_krw);
    s_when_and_who(run, orders, m->orders, durectl_csv_month_days(m->year, m->month));
    qsort(orders, (size_t)m->orders, sizeof *orders, s_by_time);
    for (int64_t i = 0; i < m->orders; i++) {
        const s_order_t *o = &orders[i];
        char order_no[32], when[40], customer[24];
        snprintf(order_no, sizeof order_no, "H%04d%02d-%05lld", m->year, m->month,
                 (long long)i + 1);
        snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d%s", m->year, m->month, o->day,
                 o->second / 3600, o->second / 60 % 60, o->second % 60, DURECTL_DEMO_SEOUL_OFFSET);
        snprintf(customer, sizeof customer,
                 o->channel == DURE__V1__CHANNEL__CHANNEL_B2C   ? "c-%05d"
                 : o->channel == DURE__V1__CHANNEL__CHANNEL_B2B ? "biz-%03d"
                                                                : "inst-%03d",
                 o->customer);
        s_order(run, o, order_no, when, customer);
    }
    free(orders);
    return 0;
}

/* Loads the active products of the demo catalog; the message stays owned by the caller. */
static int s_products(s_run_t *run, const char *catalog_dir, Dure__V1__ImportCatalog **catalog,
                      char *err, size_t err_size)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", catalog_dir, DURECTL_DEMO_PRODUCTS_FILE) < 0)
        abort();
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    const char *paths[] = {path};
    *catalog = durectl_catalog_csv_read(paths, 1, errors);
    int rc = *catalog ? 0 : s_error(err, err_size, "%s", durectl_csv_errors_get(errors, 0));
    durectl_csv_errors_destroy(&errors);
    free(path);
    if (rc < 0)
        return -1;
    run->products = calloc((*catalog)->n_products + 1, sizeof *run->products);
    if (!run->products)
        abort();
    for (size_t i = 0; i < (*catalog)->n_products; i++) {
        const Dure__V1__Product *p = (*catalog)->products[i];
        if (!p->active)
            continue;
        run->products[run->n_products++] = (s_product_t){p->id, p->price_krw};
        if (run->cheapest == 0 || p->price_krw < run->cheapest)
            run->cheapest = p->price_krw;
    }
    if (run->n_products < DURECTL_DEMO_MAX_LINES)
        return s_error(err, err_size, "the catalog needs at least %d active products",
                       DURECTL_DEMO_MAX_LINES);
    return 0;
}

int durectl_demo_orders_generate(const char *table_path, const char *catalog_dir, FILE *out,
                                 char *err, size_t err_size)
{
    s_run_t run = {.rng = DURECTL_DEMO_SEED ^ 0x6f72646572730000ULL, .out = out};
    Dure__V1__ImportCatalog *catalog = NULL;
    size_t n = 0;
    durectl_demo_month_t *months = durectl_demo_sales_read(table_path, &n, err, err_size);
    int rc = months ? s_products(&run, catalog_dir, &catalog, err, err_size) : -1;
    for (int i = 0; rc == 0 && i < DURECTL_ORDER_COLUMNS; i++)
        run.failed |=
            durectl_csv_write_field(out, durectl_order_columns[i], i == DURECTL_ORDER_COLUMNS - 1);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = s_month(&run, &months[i], err, err_size);
    if (rc == 0 && run.failed)
        rc = s_error(err, err_size, "cannot write the orders: %s", strerror(errno));
    free(run.products);
    durectl_catalog_csv_destroy(&catalog);
    free(months);
    return rc;
}

int durectl_demo_orders_write(const char *table_path, const char *catalog_dir, const char *out_path,
                              char *err, size_t err_size)
{
    FILE *out = fopen(out_path, "wb");
    if (!out)
        return s_error(err, err_size, "%s: %s", out_path, strerror(errno));
    int rc = durectl_demo_orders_generate(table_path, catalog_dir, out, err, err_size);
    if (fclose(out) != 0 && rc == 0)
        rc = s_error(err, err_size, "%s: %s", out_path, strerror(errno));
    return rc;
}
