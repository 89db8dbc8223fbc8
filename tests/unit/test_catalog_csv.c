/*  test_catalog_csv.c - catalog import: kinds told by header, fields converted, every bad row
    reported with file, line and column, and nothing produced when anything is bad.
*/
#include "../../tools/durectl/catalog_csv.h"

#include "dure_test.h"

#include <stdlib.h>
#include <unistd.h>

static const char *s_enterprises =
    "# member enterprises\n"
    "enterprise_id,name,kind,region,postcode,address,phone,certified_from,certified_until,"
    "default_carrier\n"
    "ent-001,청양 고추마을 영농조합,village,청양군,33315,\"충청남도 청양군 청양읍 칠갑산로 1, "
    "2층\","
    "041-940-1234,2015-03-01,2030-12-31,cj\r\n"
    "ent-002,\"금산 \"\"인삼\"\" 협동조합\",cooperative,금산군,32724,충청남도 금산군 금산읍 인삼로 "
    "5,"
    "041-750-0000,2016-01-01,2030-12-31,epost\n";

static const char *s_products =
    "product_id,enterprise_id,category,name,price_krw,tax_class,stock,length_mm,width_mm,"
    "height_mm,weight_g,temperature,fragile,physical,active\n"
    "p-0001,ent-001,side_dishes_sauces,청양 고추장 1kg,18000,taxable,120,150,150,130,1150,chilled,"
    "yes,true,1\n"
    "p-0002,ent-002,education_culture,인삼 캐기 "
    "체험,25000,taxable,0,0,0,0,0,ambient,no,false,true\n";

static const char *s_campaigns =
    "campaign_id,name,starts_on,ends_on,discount_percent,categories\n"
    "2026-chuseok,추석 선물전,2026-09-01,2026-09-22,10,rice_grains|health_food\n"
    "2016-02,설판매전,2016-02-01,2016-02-29,0,\n";

DURE_TEST(catalog_csv_converts_all_three_kinds_in_any_order)
{
    const char *names[] = {"campaigns.csv", "products.csv", "enterprises.csv"};
    const char *texts[] = {s_campaigns, s_products, s_enterprises};
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportCatalog *cat = durectl_catalog_csv_read_buffers(names, texts, 3, errors);
    durectl_csv_errors_print(errors, stderr);
    REQUIRE(cat != NULL);
    CHECK_INT_EQ(durectl_csv_errors_count(errors), 0);
    REQUIRE_INT_EQ(cat->n_enterprises, 2);
    CHECK_INT_EQ(cat->n_enterprise_lines, 2);
    CHECK_INT_EQ(cat->enterprise_lines[0], 3);
    CHECK_INT_EQ(cat->enterprise_lines[1], 4);
    Dure__V1__Enterprise *e = cat->enterprises[0];
    CHECK_STR_EQ(e->name, "청양 고추마을 영농조합");
    CHECK_INT_EQ(e->kind, DURE__V1__ENTERPRISE_KIND__ENTERPRISE_VILLAGE);
    CHECK_STR_EQ(e->ship_from->line1, "충청남도 청양군 청양읍 칠갑산로 1, 2층");
    CHECK_STR_EQ(e->ship_from->postcode, "33315");
    CHECK_STR_EQ(e->ship_from->recipient, e->name);
    CHECK_STR_EQ(cat->enterprises[1]->name, "금산 \"인삼\" 협동조합");
    CHECK_STR_EQ(cat->enterprises[1]->default_carrier, "epost");
    REQUIRE_INT_EQ(cat->n_products, 2);
    Dure__V1__Product *p = cat->products[0];
    CHECK_INT_EQ(cat->product_lines[0], 2);
    CHECK_INT_EQ(p->price_krw, 18000);
    CHECK_INT_EQ(p->temperature, DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED);
    CHECK_INT_EQ(p->tax_class, DURE__V1__TAX_CLASS__TAX_TAXABLE);
    CHECK_INT_EQ(p->size->height_mm, 130);
    CHECK(p->fragile && p->physical && p->active);
    CHECK(!cat->products[1]->physical);
    REQUIRE_INT_EQ(cat->n_campaigns, 2);
    CHECK_INT_EQ(cat->campaigns[0]->n_categories, 2);
    CHECK_STR_EQ(cat->campaigns[0]->categories[1], "health_food");
    CHECK_INT_EQ(cat->campaigns[1]->n_categories, 0);
    CHECK_INT_EQ(cat->campaign_lines[1], 3);
    /* The message is a valid protobuf: it packs and unpacks to the same counts. */
    size_t size = protobuf_c_message_get_packed_size(&cat->base);
    uint8_t *wire = malloc(size);
    protobuf_c_message_pack(&cat->base, wire);
    Dure__V1__ImportCatalog *back = dure__v1__import_catalog__unpack(NULL, size, wire);
    REQUIRE(back != NULL);
    CHECK_INT_EQ(back->n_products, 2);
    CHECK_STR_EQ(back->enterprises[0]->region, "청양군");
    dure__v1__import_catalog__free_unpacked(back, NULL);
    free(wire);
    durectl_catalog_csv_destroy(&cat);
    CHECK(cat == NULL);
    durectl_csv_errors_destroy(&errors);
}

static int s_has(const durectl_csv_errors_t *errors, const char *needle)
{
    for (size_t i = 0; i < durectl_csv_errors_count(errors); i++)
        if (strstr(durectl_csv_errors_get(errors, i), needle))
            return 1;
    return 0;
}

DURE_TEST(catalog_csv_reports_every_bad_row_and_produces_nothing)
{
    const char *names[] = {"e.csv", "p.csv", "c.csv"};
    const char *texts[] = {
        "enterprise_id,name,kind,region,postcode,address,phone,certified_from,certified_until,"
        "default_carrier\n"
        "ent-001,좋은 마을,village,춘천시,33315,주소,041-940-1234,2015-03-01,2030-12-31,cj\n"
        "ent-002,둘째,charity,청양군,3331,주소,041-940-1234,2016-02-30,2030-12-31,CJ\n"
        "ent-001,중복,social,청양군,33315,주소,041-940-1234,2020-01-01,2019-12-31,cj\n",
        "product_id,enterprise_id,category,name,price_krw,tax_class,stock,length_mm,width_mm,"
        "height_mm,weight_g,temperature,fragile,physical,active\n"
        "p-1,ent-001,rice,쌀,12a,free,5,1,1,1,1,warm,maybe,true,true\n"
        "p-2,ent-001,rice_grains,쌀,1000,exempt,5,0,1,1,1,ambient,no,true,true\n"
        "p-3,ent-001,rice_grains,쌀,1000,exempt,5,1,1\n",
        "campaign_id,name,starts_on,ends_on,discount_percent,categories\n"
        "c1,,2026-09-30,2026-09-01,95,rice_grains|nope\n"
        "c2,\"unterminated,2026-01-01,2026-01-02,5,\n"};
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportCatalog *cat = durectl_catalog_csv_read_buffers(names, texts, 3, errors);
    CHECK(cat == NULL);
    CHECK(s_has(errors, "e.csv:2: region: \"춘천시\""));
    CHECK(s_has(errors, "e.csv:3: kind: \"charity\""));
    CHECK(s_has(errors, "e.csv:3: postcode"));
    CHECK(s_has(errors, "e.csv:3: certified_from: \"2016-02-30\""));
    CHECK(s_has(errors, "e.csv:3: default_carrier"));
    CHECK(s_has(errors, "e.csv:4: enterprise_id: \"ent-001\" is already defined at e.csv:2"));
    CHECK(s_has(errors, "e.csv:4: certified_until: certification ends before it starts"));
    CHECK(s_has(errors, "p.csv:2: category: \"rice\""));
    CHECK(s_has(errors, "p.csv:2: price_krw: \"12a\""));
    CHECK(s_has(errors, "p.csv:2: tax_class"));
    CHECK(s_has(errors, "p.csv:2: temperature"));
    CHECK(s_has(errors, "p.csv:2: fragile"));
    CHECK(s_has(errors, "p.csv:3: length_mm: must be positive"));
    CHECK(s_has(errors, "p.csv:4: expected 15 fields, found 9"));
    CHECK(s_has(errors, "c.csv:2: name: must not be empty"));
    CHECK(s_has(errors, "c.csv:2: ends_on: campaign ends before it starts"));
    CHECK(s_has(errors, "c.csv:2: discount_percent"));
    CHECK(s_has(errors, "c.csv:2: categories: \"nope\""));
    CHECK(s_has(errors, "c.csv:3: unterminated quoted field"));
    CHECK_INT_EQ(durectl_csv_errors_count(errors), 19);
    if (dure_test_failures())
        durectl_csv_errors_print(errors, stderr);
    durectl_csv_errors_destroy(&errors);
}

DURE_TEST(catalog_csv_rejects_unknown_header_and_missing_file)
{
    const char *names[] = {"x.csv", "empty.csv"};
    const char *texts[] = {"id,name\n1,2\n", "# only a comment\n"};
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    CHECK(durectl_catalog_csv_read_buffers(names, texts, 2, errors) == NULL);
    CHECK(s_has(errors, "x.csv:1: the header is not that of"));
    CHECK(s_has(errors, "empty.csv:1: empty file"));
    const char *paths[] = {"/nonexistent/dure/products.csv"};
    CHECK(durectl_catalog_csv_read(paths, 1, errors) == NULL);
    CHECK(s_has(errors, "/nonexistent/dure/products.csv:0: cannot read"));
    durectl_csv_errors_destroy(&errors);
}

DURE_TEST(catalog_csv_reads_files_from_disk)
{
    char dir[] = "/tmp/dure-catalog-csv-XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/enterprises.csv", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fputs(s_enterprises, f);
    fclose(f);
    const char *paths[] = {path};
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportCatalog *cat = durectl_catalog_csv_read(paths, 1, errors);
    CHECK(cat != NULL);
    CHECK(cat && cat->n_enterprises == 2 && cat->n_products == 0);
    durectl_catalog_csv_destroy(&cat);
    durectl_csv_errors_destroy(&errors);
    unlink(path);
    rmdir(dir);
}

DURE_TEST(catalog_csv_kind_words_round_trip)
{
    for (int k = 1; k <= 6; k++)
        CHECK_INT_EQ(durectl_catalog_kind_from_word(durectl_catalog_kind_word(k)), k);
    CHECK_INT_EQ(durectl_catalog_kind_from_word("Social"), 0);
    CHECK_STR_EQ(durectl_catalog_kind_word(99), "");
}
