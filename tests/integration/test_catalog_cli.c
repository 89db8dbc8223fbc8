/*  test_catalog_cli.c - the durectl binary against a real catalog: `demo catalog` then
    `catalog import` of its three files, `catalog categories` (table and --json) with the
    category table's counts, `catalog products --category`, `catalog product`, `catalog stock`
    (absolute and delta, refusing to go below zero), `catalog quote`, and a bad import file
    whose bad line is reported while nothing is imported.
*/
#include "dure_cli.h"
#include "test_catalog_fixtures.h"

#include <sys/stat.h>
#include <unistd.h>

DURE_TEST(catalog_cli_import_categories_products_stock)
{
    dure_stack_t *stack = dure_stack_new("catcli");
    REQUIRE(stack != NULL);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    char args[1024], *out = NULL;
    const char *dir = dure_stack_dir(stack);
    snprintf(args, sizeof args, "demo catalog --out %s/demo", dir);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 0);
    free(out);
    snprintf(args, sizeof args,
             "catalog import %s/demo/enterprises.csv %s/demo/products.csv %s/demo/campaigns.csv",
             dir, dir, dir);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 0);
    CHECK(strstr(out, "imported 55 enterprises, 194 products") != NULL);
    free(out);

    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, "catalog categories", &out), 0);
    CHECK(strstr(out, "194 products from 55 enterprises") != NULL);
    CHECK(strstr(out, "가공식품") != NULL);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, "--json catalog categories", &out), 0);
    CHECK(strstr(out, "\"products\": 194") || strstr(out, "\"products\":194"));
    free(out);

    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, "catalog products --category computer_peripherals", &out), 0);
    CHECK(strstr(out, "8 of 8 products") != NULL);
    free(out);

    /* The first physical product of the demo: set, adjust, refuse to go negative. */
    long long first = dure_stack_scalar(stack, "catalog",
                                        "SELECT count(*) FROM products WHERE physical");
    CHECK(first > 0);
    PGconn *db = dure_stack_db(stack, "catalog");
    PGresult *res = PQexec(db, "SELECT id FROM products WHERE physical ORDER BY id LIMIT 1");
    CATFX_REQUIRE(stack, PQntuples(res) == 1);
    char id[80];
    snprintf(id, sizeof id, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(db);
    snprintf(args, sizeof args, "catalog stock %s 12", id);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 0);
    CHECK(strstr(out, "stock 12") != NULL);
    free(out);
    snprintf(args, sizeof args, "catalog stock %s -5", id);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 0);
    CHECK(strstr(out, "stock 7") != NULL);
    free(out);
    snprintf(args, sizeof args, "catalog stock %s -8", id);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 1);
    CHECK(strstr(out, "FAILED_PRECONDITION") != NULL);
    free(out);
    snprintf(args, sizeof args, "--json catalog product %s", id);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 0);
    CHECK(strstr(out, "\"stock\": 7") || strstr(out, "\"stock\":7"));
    free(out);
    snprintf(args, sizeof args, "catalog quote %s:2", id);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 0);
    CHECK(strstr(out, "total") != NULL);
    free(out);

    /* A bad products file: line 3 has a price that is not a number; nothing is imported. */
    char path[512];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    FILE *bad = fopen(path, "w");
    CATFX_REQUIRE(stack, bad != NULL);
    fprintf(bad, "product_id,enterprise_id,category,name,price_krw,tax_class,stock,length_mm,"
                 "width_mm,height_mm,weight_g,temperature,fragile,physical,active\n"
                 "p-new1,ent-001,rice_grains,햅쌀 10kg,30000,exempt,10,400,300,100,10000,ambient,"
                 "no,yes,yes\n"
                 "p-new2,ent-001,rice_grains,현미 5kg,abc,exempt,10,400,300,100,5000,ambient,"
                 "no,yes,yes\n");
    fclose(bad);
    snprintf(args, sizeof args, "catalog import %s", path);
    CHECK_INT_EQ(dure_cli_run(stack, "catalog", 20000, args, &out), 1);
    CHECK(strstr(out, "bad.csv:3") != NULL);
    free(out);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT count(*) FROM products WHERE id LIKE 'p-new%'"),
                 0);

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
