/*  cmd_demo.c - `durectl demo catalog|orders`: write the demo data files.

    The catalog files (enterprises, products, campaigns) are what `make run` imports; the
    orders file is the past-orders fixture whose months add up to the 2016 sales table.
*/
#include "durectl.h"
#include "demo_catalog.h"
#include "demo_orders.h"

#include <errno.h>
#include <sys/stat.h>

static int s_catalog(int argc, char **argv)
{
    const char *out = durectl_option(argc, argv, "out");
    if (!out) {
        fprintf(stderr, "usage: durectl demo catalog --out DIR\n");
        return 2;
    }
    if (mkdir(out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "durectl demo catalog: cannot create %s: %s\n", out, strerror(errno));
        return 1;
    }
    char *categories = durectl_demo_shared_path(DURECTL_DEMO_CATEGORIES_TABLE);
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    char err[512];
    int rc = durectl_demo_catalog_write(categories, sales, out, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "durectl demo catalog: %s\n", err);
    else
        printf("wrote %s/%s, %s, %s\n", out, DURECTL_DEMO_ENTERPRISES_FILE,
               DURECTL_DEMO_PRODUCTS_FILE, DURECTL_DEMO_CAMPAIGNS_FILE);
    free(categories);
    free(sales);
    return rc ? 1 : 0;
}

static int s_orders(int argc, char **argv)
{
    const char *table = durectl_option(argc, argv, "table");
    const char *catalog = durectl_option(argc, argv, "catalog");
    const char *out = durectl_option(argc, argv, "out");
    if (!catalog || !out) {
        fprintf(stderr, "usage: durectl demo orders [--table FILE] --catalog DIR --out FILE\n");
        return 2;
    }
    char *fallback = table ? NULL : durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    char err[512];
    int rc = durectl_demo_orders_write(table ? table : fallback, catalog, out, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "durectl demo orders: %s\n", err);
    else
        printf("wrote %s\n", out);
    free(fallback);
    return rc ? 1 : 0;
}

int durectl_demo_main(durectl_t *ctx, int argc, char **argv)
{
    (void) ctx;
    if (argc >= 1 && strcmp(argv[0], "catalog") == 0)
        return s_catalog(argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "orders") == 0)
        return s_orders(argc - 1, argv + 1);
    fprintf(stderr, "usage: durectl demo catalog --out DIR\n"
                    "       durectl demo orders [--table FILE] --catalog DIR --out FILE\n");
    return 2;
}
