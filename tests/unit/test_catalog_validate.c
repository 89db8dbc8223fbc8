/*  test_catalog_validate.c - single values and whole messages: good ones pass, each kind of
    bad one is named with its field.
*/
#include "../../services/catalog/validate.h"

#include "dure_test.h"

typedef struct {
    char fields[16][64]; /* reported field paths */
    int count;           /* problems reported */
} s_seen_t;

static void s_collect(void *ctx, const char *field, const char *problem)
{
    s_seen_t *seen = ctx;
    (void) problem;
    if (seen->count < 16)
        snprintf(seen->fields[seen->count], sizeof seen->fields[0], "%s", field);
    seen->count++;
}

static int s_reported(const s_seen_t *seen, const char *field)
{
    for (int i = 0; i < seen->count && i < 16; i++)
        if (strcmp(seen->fields[i], field) == 0)
            return 1;
    return 0;
}

DURE_TEST(catalog_validate_single_values)
{
    CHECK(catalog_check_id("p-0001") == NULL);
    CHECK(catalog_check_id("ent.001_a") == NULL);
    CHECK(catalog_check_id("") != NULL);
    CHECK(catalog_check_id("-p") != NULL);
    CHECK(catalog_check_id("p 1") != NULL);
    CHECK(catalog_check_id("p%s") != NULL);
    CHECK(catalog_check_id("p,1") != NULL);
    char long_id[70];
    memset(long_id, 'a', 65);
    long_id[65] = '\0';
    CHECK(catalog_check_id(long_id) != NULL);

    CHECK(catalog_check_text("청양 고추장 1kg", 1) == NULL);
    CHECK(catalog_check_text("", 0) == NULL);
    CHECK(catalog_check_text("", 1) != NULL);
    CHECK(catalog_check_text("   ", 1) != NULL);
    CHECK(catalog_check_text("a\tb", 1) != NULL);
    CHECK(catalog_check_text("\xc3\x28", 1) != NULL);     /* bad continuation */
    CHECK(catalog_check_text("\xed\xa0\x80", 1) != NULL); /* surrogate */
    CHECK(catalog_check_text("\xe0\x80\xaf", 1) != NULL); /* overlong */

    CHECK(catalog_check_date("2024-02-29") == NULL);
    CHECK(catalog_check_date("2023-02-29") != NULL);
    CHECK(catalog_check_date("2100-02-29") != NULL);
    CHECK(catalog_check_date("2000-02-29") == NULL);
    CHECK(catalog_check_date("2024-13-01") != NULL);
    CHECK(catalog_check_date("2024-1-01") != NULL);
    CHECK(catalog_check_date("20240101") != NULL);

    CHECK(catalog_check_category("care_services") == NULL);
    CHECK(catalog_check_category("kimchi") != NULL);
    CHECK(catalog_check_region("태안군") == NULL);
    CHECK(catalog_check_region("천안시") == NULL);
    CHECK(catalog_check_region("춘천시") != NULL); /* Gangwon, not this province */
    CHECK(catalog_check_postcode("33315") == NULL);
    CHECK(catalog_check_postcode("3331a") != NULL);
    CHECK(catalog_check_phone("041-940-1234") == NULL);
    CHECK(catalog_check_phone("") == NULL);
    CHECK(catalog_check_phone("041--940") != NULL);
    CHECK(catalog_check_phone("12-3") != NULL);
    CHECK(catalog_check_carrier("cj") == NULL);
    CHECK(catalog_check_carrier("CJ") != NULL);
}

DURE_TEST(catalog_validate_product_names_each_field)
{
    Dure__V1__Dimensions size = DURE__V1__DIMENSIONS__INIT;
    size.length_mm = 100;
    size.width_mm = 100;
    size.height_mm = 100;
    Dure__V1__Product p = DURE__V1__PRODUCT__INIT;
    p.id = "p-1";
    p.enterprise_id = "ent-1";
    p.category = "rice_grains";
    p.name = "쌀 10kg";
    p.price_krw = 30000;
    p.tax_class = DURE__V1__TAX_CLASS__TAX_EXEMPT;
    p.stock = 10;
    p.size = &size;
    p.weight_g = 10000;
    p.temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT;
    p.physical = 1;
    s_seen_t seen = {0};
    CHECK_INT_EQ(catalog_validate_product(&p, "product", s_collect, &seen), 0);

    p.price_krw = 0;
    p.stock = -1;
    size.width_mm = 3001;
    p.weight_g = 0;
    p.tax_class = 3;
    memset(&seen, 0, sizeof seen);
    CHECK_INT_EQ(catalog_validate_product(&p, "products[2]", s_collect, &seen), 5);
    CHECK(s_reported(&seen, "products[2].price_krw"));
    CHECK(s_reported(&seen, "products[2].stock"));
    CHECK(s_reported(&seen, "products[2].size.width_mm"));
    CHECK(s_reported(&seen, "products[2].weight_g"));
    CHECK(s_reported(&seen, "products[2].tax_class"));

    /* Not physical: no size, weight, temperature or stock needed. */
    Dure__V1__Product service = p;
    service.physical = 0;
    service.size = NULL;
    service.weight_g = 0;
    service.temperature = 0;
    service.stock = -5;
    service.price_krw = 25000;
    service.tax_class = DURE__V1__TAX_CLASS__TAX_TAXABLE;
    memset(&seen, 0, sizeof seen);
    CHECK_INT_EQ(catalog_validate_product(&service, "product", s_collect, &seen), 0);
    memset(&seen, 0, sizeof seen);
    CHECK_INT_EQ(catalog_validate_product(NULL, "product", s_collect, &seen), 1);
    CHECK(s_reported(&seen, "product"));
}

DURE_TEST(catalog_validate_enterprise_and_campaign)
{
    Dure__V1__Address a = DURE__V1__ADDRESS__INIT;
    a.postcode = "32724";
    a.line1 = "충청남도 금산군 금산읍 인삼로 5";
    Dure__V1__Enterprise e = DURE__V1__ENTERPRISE__INIT;
    e.id = "ent-002";
    e.name = "금산 인삼 협동조합";
    e.kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_SOCIAL_COOPERATIVE;
    e.region = "금산군";
    e.ship_from = &a;
    e.certified_from = "2016-01-01";
    e.certified_until = "2030-12-31";
    s_seen_t seen = {0};
    CHECK_INT_EQ(catalog_validate_enterprise(&e, "enterprise", s_collect, &seen), 0);
    e.kind = 7;
    e.certified_until = "2015-12-31";
    e.ship_from = NULL;
    CHECK_INT_EQ(catalog_validate_enterprise(&e, "enterprise", s_collect, &seen), 3);
    CHECK(s_reported(&seen, "enterprise.kind"));
    CHECK(s_reported(&seen, "enterprise.certified_until"));
    CHECK(s_reported(&seen, "enterprise.ship_from"));

    Dure__V1__Campaign c = DURE__V1__CAMPAIGN__INIT;
    c.id = "2026-kimjang";
    c.name = "김장 배추 기획전";
    c.starts_on = "2026-11-01";
    c.ends_on = "2026-11-30";
    c.discount_percent = 15;
    char *categories[] = {"produce_boxes", "vegetables"};
    c.categories = categories;
    c.n_categories = 1;
    memset(&seen, 0, sizeof seen);
    CHECK_INT_EQ(catalog_validate_campaign(&c, "campaign", s_collect, &seen), 0);
    c.n_categories = 2;
    c.discount_percent = 91;
    CHECK_INT_EQ(catalog_validate_campaign(&c, "campaign", s_collect, &seen), 2);
    CHECK(s_reported(&seen, "campaign.categories[1]"));
    CHECK(s_reported(&seen, "campaign.discount_percent"));
}
