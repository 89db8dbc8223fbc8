/*  test_demo_catalog.c - the demo catalog matches the category table, reads back through the
    importer, and is the same bytes every time.

    The counts are recomputed from the generated CSV parsed by durectl_catalog_csv_read, and
    compared with the table file read here independently. The shared data is found at
    ../shared/data (the repository root is the working directory) or under DURE_SHARED_DIR.
*/
#include "../../tools/durectl/catalog_csv.h"
#include "../../tools/durectl/demo_catalog.h"

#include "dure_test.h"

#include <stdlib.h>
#include <unistd.h>

#define S_MAX_CATEGORIES 32

typedef struct {
    char code[64];   /* category code */
    int products;    /* table count */
    int enterprises; /* table count */
} s_row_t;

/* Reads the table's rows and its "# totals" line without the generator's code. */
static int s_table(const char *path, s_row_t *rows, int *distinct)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int n = 0;
    *distinct = 0;
    while (fgets(line, sizeof line, f)) {
        int p = 0, e = 0;
        if (sscanf(line, "# totals: %d products, %d distinct enterprises", &p, &e) == 2)
            *distinct = e;
        if (line[0] == '#' || strncmp(line, "code,", 5) == 0 || n == S_MAX_CATEGORIES)
            continue;
        char *last = strrchr(line, ','), *code_end = strchr(line, ',');
        if (!last || !code_end)
            continue;
        *last = '\0';
        rows[n].enterprises = atoi(last + 1);
        rows[n].products = atoi(strrchr(line, ',') + 1);
        snprintf(rows[n].code, sizeof rows[n].code, "%.*s", (int)(code_end - line), line);
        n++;
    }
    fclose(f);
    return n;
}

static void s_paths(const char *dir, char paths[3][256])
{
    snprintf(paths[0], 256, "%s/%s", dir, DURECTL_DEMO_ENTERPRISES_FILE);
    snprintf(paths[1], 256, "%s/%s", dir, DURECTL_DEMO_PRODUCTS_FILE);
    snprintf(paths[2], 256, "%s/%s", dir, DURECTL_DEMO_CAMPAIGNS_FILE);
}

static void s_cleanup(const char *dir)
{
    char paths[3][256];
    s_paths(dir, paths);
    for (int i = 0; i < 3; i++)
        unlink(paths[i]);
    rmdir(dir);
}

DURE_TEST(demo_catalog_matches_the_category_table)
{
    char *table = durectl_demo_shared_path(DURECTL_DEMO_CATEGORIES_TABLE);
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    REQUIRE(table && sales);
    s_row_t rows[S_MAX_CATEGORIES];
    int distinct = 0, n = s_table(table, rows, &distinct);
    CHECK_INT_EQ(n, 12);
    CHECK_INT_EQ(distinct, 55);
    char dir[] = "/tmp/dure-demo-catalog-XXXXXX", err[256] = "";
    REQUIRE(mkdtemp(dir) != NULL);
    int rc = durectl_demo_catalog_write(table, sales, dir, err, sizeof err);
    CHECK_STR_EQ(err, "");
    REQUIRE_INT_EQ(rc, 0);
    char paths[3][256];
    s_paths(dir, paths);
    const char *list[] = {paths[0], paths[1], paths[2]};
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportCatalog *cat = durectl_catalog_csv_read(list, 3, errors);
    durectl_csv_errors_print(errors, stderr);
    REQUIRE(cat != NULL);
    int total = 0;
    for (int i = 0; i < n; i++)
        total += rows[i].products;
    CHECK_INT_EQ(total, 194);
    CHECK_INT_EQ(cat->n_products, total);
    CHECK_INT_EQ(cat->n_enterprises, distinct);
    /* Per category: products, and distinct sellers among them. */
    for (int i = 0; i < n; i++) {
        int products = 0, sellers = 0;
        for (size_t p = 0; p < cat->n_products; p++) {
            if (strcmp(cat->products[p]->category, rows[i].code) != 0)
                continue;
            products++;
            int first = 1;
            for (size_t q = 0; q < p && first; q++)
                first = !(
                    strcmp(cat->products[q]->category, rows[i].code) == 0 &&
                    strcmp(cat->products[q]->enterprise_id, cat->products[p]->enterprise_id) == 0);
            sellers += first;
        }
        dure_test_log("%-22s products %2d/%2d sellers %2d/%2d", rows[i].code, products,
                      rows[i].products, sellers, rows[i].enterprises);
        CHECK_INT_EQ(products, rows[i].products);
        CHECK_INT_EQ(sellers, rows[i].enterprises);
    }
    /* Every enterprise sells something, every product's seller exists, all are orderable. */
    for (size_t e = 0; e < cat->n_enterprises; e++) {
        int sells = 0;
        for (size_t p = 0; p < cat->n_products; p++)
            sells |= strcmp(cat->products[p]->enterprise_id, cat->enterprises[e]->id) == 0;
        CHECK(sells);
        CHECK(strcmp(cat->enterprises[e]->certified_from, "2018-08-01") <= 0);
        CHECK(strcmp(cat->enterprises[e]->certified_until, "2027-12-31") >= 0);
    }
    for (size_t p = 0; p < cat->n_products; p++) {
        Dure__V1__Product *prod = cat->products[p];
        CHECK(prod->active && prod->price_krw > 0);
        int known = 0;
        for (size_t e = 0; e < cat->n_enterprises; e++)
            known |= strcmp(prod->enterprise_id, cat->enterprises[e]->id) == 0;
        CHECK(known);
        int service = strcmp(prod->category, "services") == 0 ||
                      strcmp(prod->category, "care_services") == 0 ||
                      strcmp(prod->category, "education_culture") == 0;
        if (service)
            CHECK(!prod->physical);
        if (strcmp(prod->category, "rice_grains") == 0)
            CHECK_INT_EQ(prod->tax_class, DURE__V1__TAX_CLASS__TAX_EXEMPT);
        if (strstr(prod->name, "유리병"))
            CHECK(prod->fragile);
    }
    /* The 2016 campaigns of the sales table, then the recurring ones. */
    CHECK(cat->n_campaigns >= 12);
    if (cat->n_campaigns >= 2) {
        CHECK_STR_EQ(cat->campaigns[0]->id, "2016-seollal");
        CHECK_STR_EQ(cat->campaigns[0]->ends_on, "2016-02-29");
        CHECK_INT_EQ(cat->campaigns[0]->discount_percent, 0);
        CHECK_STR_EQ(cat->campaigns[1]->id, "2016-chuseok");
    }
    durectl_catalog_csv_destroy(&cat);
    durectl_csv_errors_destroy(&errors);
    s_cleanup(dir);
    free(table);
    free(sales);
}

static char *s_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = malloc(1 << 20);
    *len = fread(data, 1, 1 << 20, f);
    fclose(f);
    return data;
}

DURE_TEST(demo_catalog_is_deterministic)
{
    char *table = durectl_demo_shared_path(DURECTL_DEMO_CATEGORIES_TABLE);
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    REQUIRE(table && sales);
    char a[] = "/tmp/dure-demo-a-XXXXXX", b[] = "/tmp/dure-demo-b-XXXXXX", err[256] = "";
    REQUIRE(mkdtemp(a) && mkdtemp(b));
    CHECK_INT_EQ(durectl_demo_catalog_write(table, sales, a, err, sizeof err), 0);
    CHECK_INT_EQ(durectl_demo_catalog_write(table, sales, b, err, sizeof err), 0);
    char pa[3][256], pb[3][256];
    s_paths(a, pa);
    s_paths(b, pb);
    for (int i = 0; i < 3; i++) {
        size_t la = 0, lb = 0;
        char *da = s_slurp(pa[i], &la), *db = s_slurp(pb[i], &lb);
        CHECK(da && db && la > 100 && la == lb && memcmp(da, db, la) == 0);
        free(da);
        free(db);
    }
    s_cleanup(a);
    s_cleanup(b);
    free(table);
    free(sales);
}

DURE_TEST(demo_catalog_fails_cleanly_on_bad_tables)
{
    char dir[] = "/tmp/dure-demo-bad-XXXXXX", err[256] = "", path[300];
    REQUIRE(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/table.csv", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fputs("code,name_ko,name_en,products,enterprises\nspaceships,우주선,spaceships,3,1\n", f);
    fclose(f);
    CHECK_INT_EQ(durectl_demo_catalog_write(path, NULL, dir, err, sizeof err), -1);
    CHECK(strstr(err, "unknown category") != NULL);
    CHECK_INT_EQ(durectl_demo_catalog_write("/nonexistent/t.csv", NULL, dir, err, sizeof err), -1);
    CHECK_INT_EQ(durectl_demo_catalog_write(path, NULL, "/nonexistent/dir", err, sizeof err), -1);
    unlink(path);
    s_cleanup(dir);
}

DURE_TEST(demo_rand_is_splitmix64)
{
    /* Reference values of splitmix64 seeded with 0 (Vigna's splitmix64.c). */
    uint64_t state = 0;
    CHECK(durectl_demo_rand(&state) == 0xE220A8397B1DCDAFULL);
    CHECK(durectl_demo_rand(&state) == 0x6E789E6AA1B965F4ULL);
    for (int i = 0; i < 1000; i++)
        CHECK(durectl_demo_rand_below(&state, 7) < 7);
}
