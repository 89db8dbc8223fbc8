/*  test_catalog_validation.c - bad input gets INVALID_ARGUMENT naming each bad field, or the
    right code for a missing reference, and nothing is persisted.
*/
#include "test_catalog_fixtures.h"

#define OK DURE__V1__CODE__CODE_OK
#define INVALID DURE__V1__CODE__CODE_INVALID_ARGUMENT

static long long s_count(dure_stack_t *stack, const char *table)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return dure_stack_scalar(stack, "catalog", sql);
}

DURE_TEST(catalog_validation_names_fields_and_persists_nothing)
{
    dure_stack_t *stack = dure_stack_new("catvalid");
    REQUIRE(stack != NULL);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);
    dure_response_t res;

    /* An enterprise outside the province, with reversed certification dates. */
    catfx_enterprise_t ent;
    catfx_enterprise(&ent, "ent-001");
    ent.e.region = "춘천시";
    ent.e.certified_from = "2020-01-01";
    ent.e.certified_until = "2019-12-31";
    ent.a.postcode = "3331";
    Dure__V1__UpsertEnterprise put_ent = DURE__V1__UPSERT_ENTERPRISE__INIT;
    put_ent.enterprise = &ent.e;
    CHECK_INT_EQ(catfx_call(client, &put_ent.base, &dure__v1__upsert_enterprise_reply__descriptor,
                            &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "enterprise.region"));
    CHECK(dure_fixture_has_field_error(&res, "enterprise.certified_until"));
    CHECK(dure_fixture_has_field_error(&res, "enterprise.ship_from.postcode"));
    CHECK(!dure_fixture_has_field_error(&res, "enterprise.name"));
    dure_response_clear(&res);
    CHECK_INT_EQ(s_count(stack, "enterprises"), 0);

    catfx_enterprise(&ent, "ent-001");
    CHECK_INT_EQ(catfx_put_enterprise(client, &ent), OK);

    /* A product with an unknown category, a negative price and no size. */
    catfx_product_t prod;
    catfx_product(&prod, "p-0001", "ent-001", "kimchi", -5, 10);
    prod.p.size = NULL;
    prod.p.temperature = 7;
    Dure__V1__UpsertProduct put = DURE__V1__UPSERT_PRODUCT__INIT;
    put.product = &prod.p;
    CHECK_INT_EQ(catfx_call(client, &put.base, &dure__v1__upsert_product_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "product.category"));
    CHECK(dure_fixture_has_field_error(&res, "product.price_krw"));
    CHECK(dure_fixture_has_field_error(&res, "product.size"));
    CHECK(dure_fixture_has_field_error(&res, "product.temperature"));
    CHECK(!dure_fixture_has_field_error(&res, "product.name"));
    dure_response_clear(&res);

    /* A seller that does not exist, an id with a space, a name that is not UTF-8. */
    catfx_product(&prod, "p 0001", "ent-404", "rice_grains", 1000, 10);
    prod.p.name = "\xff\xfe";
    CHECK_INT_EQ(catfx_call(client, &put.base, &dure__v1__upsert_product_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "product.id"));
    CHECK(dure_fixture_has_field_error(&res, "product.name"));
    dure_response_clear(&res);
    catfx_product(&prod, "p-0001", "ent-404", "rice_grains", 1000, 10);
    CHECK_INT_EQ(catfx_call(client, &put.base, &dure__v1__upsert_product_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "product.enterprise_id"));
    dure_response_clear(&res);
    CHECK_INT_EQ(s_count(stack, "products"), 0);

    /* Requests: empty id lists, bad quantities, bad paging, both or neither stock change. */
    Dure__V1__GetProducts get = DURE__V1__GET_PRODUCTS__INIT;
    CHECK_INT_EQ(catfx_call(client, &get.base, &dure__v1__get_products_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "ids"));
    dure_response_clear(&res);
    Dure__V1__QuoteLine line = DURE__V1__QUOTE_LINE__INIT;
    line.product_id = "p-0001";
    line.quantity = 0;
    Dure__V1__QuoteLine *lines[] = {&line};
    Dure__V1__QuotePrices quote = DURE__V1__QUOTE_PRICES__INIT;
    quote.lines = lines;
    quote.n_lines = 1;
    CHECK_INT_EQ(catfx_call(client, &quote.base, &dure__v1__quote_prices_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "lines[0].quantity"));
    dure_response_clear(&res);
    Dure__V1__PageRequest page = DURE__V1__PAGE_REQUEST__INIT;
    page.page_size = 501;
    page.page_token = "'; DROP TABLE products; --";
    Dure__V1__ListProducts list = DURE__V1__LIST_PRODUCTS__INIT;
    list.page = &page;
    list.category = "nope";
    CHECK_INT_EQ(catfx_call(client, &list.base, &dure__v1__list_products_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "page.page_size"));
    CHECK(dure_fixture_has_field_error(&res, "page.page_token"));
    CHECK(dure_fixture_has_field_error(&res, "category"));
    dure_response_clear(&res);
    Dure__V1__SetStock set = DURE__V1__SET_STOCK__INIT;
    set.product_id = "p-0001";
    CHECK_INT_EQ(catfx_call(client, &set.base, &dure__v1__set_stock_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "change"));
    dure_response_clear(&res);

    /* A campaign naming a product that does not exist, with a discount over 90 %. */
    Dure__V1__Campaign campaign = DURE__V1__CAMPAIGN__INIT;
    campaign.id = "2026-chuseok";
    campaign.name = "추석 선물전";
    campaign.starts_on = "2026-09-01";
    campaign.ends_on = "2026-09-22";
    campaign.discount_percent = 95;
    char *products[] = {"p-0404"};
    campaign.product_ids = products;
    campaign.n_product_ids = 1;
    Dure__V1__UpsertCampaign put_campaign = DURE__V1__UPSERT_CAMPAIGN__INIT;
    put_campaign.campaign = &campaign;
    CHECK_INT_EQ(catfx_call(client, &put_campaign.base,
                            &dure__v1__upsert_campaign_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "campaign.discount_percent"));
    dure_response_clear(&res);
    campaign.discount_percent = 10;
    CHECK_INT_EQ(catfx_call(client, &put_campaign.base,
                            &dure__v1__upsert_campaign_reply__descriptor, &res),
                 INVALID);
    CHECK(dure_fixture_has_field_error(&res, "campaign.product_ids[0]"));
    dure_response_clear(&res);
    CHECK_INT_EQ(s_count(stack, "campaigns"), 0);
    CHECK_INT_EQ(s_count(stack, "outbox"), 0);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
