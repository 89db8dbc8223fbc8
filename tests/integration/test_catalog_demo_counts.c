/*  test_catalog_demo_counts.c - the demo catalog, generated from the August 2018 category
    table, converted from its CSV files and imported in one ImportCatalog, gives
    ListCategories with exactly the table's product and enterprise counts per category, and
    194 products from 55 enterprises in all; importing it again changes nothing.
*/
#include "../../tools/durectl/catalog_csv.h"
#include "../../tools/durectl/demo_catalog.h"
#include "test_catalog_fixtures.h"

#include <unistd.h>

#define OK DURE__V1__CODE__CODE_OK

typedef struct {
    char code[40]; /* category code */
    int products;  /* products on sale */
    int sellers;   /* enterprises selling in it */
} s_row_t;

/* Reads the category table's rows; returns how many. */
static int s_table(const char *path, s_row_t *rows, int max)
{
    FILE *file = fopen(path, "r");
    if (!file)
        return -1;
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, file) && n < max) {
        if (line[0] == '#' || strncmp(line, "code,", 5) == 0)
            continue;
        char *fields[5] = {0};
        int count = 0;
        for (char *tok = strtok(line, ",\n"); tok && count < 5; tok = strtok(NULL, ",\n"))
            fields[count++] = tok;
        if (count != 5)
            continue;
        snprintf(rows[n].code, sizeof rows[n].code, "%s", fields[0]);
        rows[n].products = atoi(fields[3]);
        rows[n].sellers = atoi(fields[4]);
        n++;
    }
    fclose(file);
    return n;
}

/* The demo catalog as one ImportCatalog (caller destroys with durectl_catalog_csv_destroy). */
static Dure__V1__ImportCatalog *s_demo(const char *table)
{
    char dir[] = "/tmp/dure-catdemo-XXXXXX", err[256] = "";
    if (!mkdtemp(dir))
        return NULL;
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    Dure__V1__ImportCatalog *cat = NULL;
    char paths[3][300];
    const char *names[] = {DURECTL_DEMO_ENTERPRISES_FILE, DURECTL_DEMO_PRODUCTS_FILE,
                           DURECTL_DEMO_CAMPAIGNS_FILE};
    for (int i = 0; i < 3; i++)
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
    if (durectl_demo_catalog_write(table, sales, dir, err, sizeof err) == 0) {
        const char *list[] = {paths[0], paths[1], paths[2]};
        durectl_csv_errors_t *errors = durectl_csv_errors_new();
        cat = durectl_catalog_csv_read(list, 3, errors);
        durectl_csv_errors_print(errors, stderr);
        durectl_csv_errors_destroy(&errors);
    } else
        fprintf(stderr, "    demo: %s\n", err);
    for (int i = 0; i < 3; i++)
        unlink(paths[i]);
    rmdir(dir);
    free(sales);
    return cat;
}

DURE_TEST(catalog_demo_counts_match_the_category_table)
{
    char *table = durectl_demo_shared_path(DURECTL_DEMO_CATEGORIES_TABLE);
    REQUIRE(table != NULL);
    s_row_t rows[16];
    int n = s_table(table, rows, 16);
    CHECK_INT_EQ(n, 12);
    Dure__V1__ImportCatalog *cat = s_demo(table);
    free(table);
    REQUIRE(cat != NULL);

    dure_stack_t *stack = dure_stack_new("catdemo");
    REQUIRE(stack != NULL);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 10000);
    dure_response_t res;
    CHECK_INT_EQ(catfx_call(client, &cat->base, &dure__v1__import_catalog_reply__descriptor, &res),
                 OK);
    Dure__V1__ImportCatalogReply *imported = (Dure__V1__ImportCatalogReply *) res.payload;
    CATFX_REQUIRE(stack, imported != NULL);
    CHECK_INT_EQ(imported->products, 194);
    CHECK_INT_EQ(imported->enterprises, 55);
    dure_response_clear(&res);

    /* Twice: from PostgreSQL, then from the cached reply. */
    for (int round = 0; round < 2; round++) {
        Dure__V1__ListCategories list = DURE__V1__LIST_CATEGORIES__INIT;
        CHECK_INT_EQ(catfx_call(client, &list.base, &dure__v1__list_categories_reply__descriptor,
                                &res),
                     OK);
        Dure__V1__ListCategoriesReply *reply = (Dure__V1__ListCategoriesReply *) res.payload;
        CATFX_REQUIRE(stack, reply != NULL);
        CATFX_REQUIRE_INT_EQ(stack, reply->n_categories, n);
        for (int i = 0; i < n; i++) {
            CHECK_STR_EQ(reply->categories[i]->code, rows[i].code);
            CHECK_INT_EQ(reply->categories[i]->products, rows[i].products);
            CHECK_INT_EQ(reply->categories[i]->enterprises, rows[i].sellers);
        }
        CHECK_STR_EQ(reply->categories[4]->name_ko, "가공식품");
        CHECK_INT_EQ(reply->products, 194);
        CHECK_INT_EQ(reply->enterprises, 55);
        dure_response_clear(&res);
    }

    /* The same import again: acknowledged, and no version moves. */
    long long versions = dure_stack_scalar(stack, "catalog", "SELECT sum(version) FROM products");
    CHECK_INT_EQ(versions, 194);
    CHECK_INT_EQ(catfx_call(client, &cat->base, &dure__v1__import_catalog_reply__descriptor, NULL),
                 OK);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT sum(version) FROM products"), versions);

    durectl_catalog_csv_destroy(&cat);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
