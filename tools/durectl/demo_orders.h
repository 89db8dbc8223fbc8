/*  demo_orders.h - the deterministic past-orders fixture: a monthly sales table expanded into
    a past-orders CSV (docs/IMPORT.md) whose months add up exactly to the table.

    The table has the shape of ../shared/data/monthly_sales_2016.csv
    (year,month,revenue_krw,orders,campaign). For each month the fixture has exactly `orders`
    distinct order numbers, and the sum of quantity * unit_price_krw is exactly
    `revenue_krw`, to the won. Lines use the demo catalog's products (their ids, with unit
    prices near their list prices), times fall inside the month in Asia/Seoul (+09:00), and
    channels mix B2C, B2B and B2G. Same inputs, same bytes.
*/
#ifndef DURECTL_DEMO_ORDERS_H
#define DURECTL_DEMO_ORDERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DURECTL_DEMO_MAX_CAMPAIGN 160      /* bytes of a campaign name in the table */
#define DURECTL_DEMO_SEOUL_OFFSET "+09:00" /* Asia/Seoul has no daylight saving time */
#define DURECTL_DEMO_SEOUL_OFFSET_MINUTES 540
#define DURECTL_DEMO_MAX_LINES 4 /* lines of one order */
/* The smallest order the fixture plans, in won, unless the month's average is below it. */
#define DURECTL_DEMO_MIN_ORDER_KRW 3000
/* Unit prices of the line that absorbs an order's remainder stay within this many percent
   of the product's list price whenever any product allows it. */
#define DURECTL_DEMO_PRICE_TOLERANCE 25

/* One row of the monthly table. */
typedef struct {
    int year, month;                          /* the month */
    int64_t revenue_krw;                      /* gross order value, won */
    int64_t orders;                           /* number of orders */
    char campaign[DURECTL_DEMO_MAX_CAMPAIGN]; /* sales event of the month, or "" */
    int line;                                 /* line in the table file */
} durectl_demo_month_t;

/* Reads the monthly table at path. Returns a new array of *n months that the caller frees
   with free(), or NULL with a message in err when the file or a row is bad. */
durectl_demo_month_t *durectl_demo_sales_read(const char *path, size_t *n, char *err,
                                              size_t err_size);

/* Writes the past-orders CSV for the table at table_path to out, using the products of the
   demo catalog in catalog_dir (its DURECTL_DEMO_PRODUCTS_FILE). Returns 0, or -1 with a
   message in err when an input is bad or a month cannot be met (such as fewer won than
   orders). */
int durectl_demo_orders_generate(const char *table_path, const char *catalog_dir, FILE *out,
                                 char *err, size_t err_size);

/* The same into the file at out_path, replaced; this is
   `durectl demo orders --table FILE --catalog DIR --out FILE`. Returns 0, or -1 with err. */
int durectl_demo_orders_write(const char *table_path, const char *catalog_dir, const char *out_path,
                              char *err, size_t err_size);

#endif
