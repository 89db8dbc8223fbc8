/*  test_catalog_import.c - an import with bad rows is refused whole, every problem reported
    with its row and source line, and nothing is written; a good import writes every row and
    products may name sellers of the same import.
*/
#include "test_catalog_fixtures.h"

#define OK DURE__V1__CODE__CODE_OK

/* 1 when some field error of the reply names `field` and mentions `text`. */
static int s_error_says(const dure_response_t *res, const char *field, const char *text)
{
    const Dure__V1__Reply *reply = res->envelope ? res->envelope->reply : NULL;
    for (size_t i = 0; reply && i < reply->n_field_errors; i++)
        if (strcmp(reply->field_errors[i]->field, field) == 0 &&
            strstr(reply->field_errors[i]->description, text))
            return 1;
    return 0;
}

DURE_TEST(catalog_import_all_or_nothing_with_line_numbers)
{
    dure_stack_t *stack = dure_stack_new("catimport");
    REQUIRE(stack != NULL);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 5000);

    catfx_enterprise_t e1, e2;
    catfx_enterprise(&e1, "ent-001");
    catfx_enterprise(&e2, "ent-002");
    catfx_product_t p1, p2, p3;
    catfx_product(&p1, "p-001", "ent-001", "rice_grains", 30000, 10);
    catfx_product(&p2, "p-002", "ent-002", "health_food", 50000, 10);
    catfx_product(&p3, "p-003", "ent-009", "health_food", 50000, 10);
    Dure__V1__Enterprise *ents[] = {&e1.e, &e2.e};
    Dure__V1__Product *prods[] = {&p1.p, &p2.p, &p3.p};
    int32_t ent_lines[] = {3, 4};
    int32_t prod_lines[] = {2, 3, 4};
    Dure__V1__ImportCatalog import = DURE__V1__IMPORT_CATALOG__INIT;
    import.enterprises = ents;
    import.n_enterprises = 2;
    import.enterprise_lines = ent_lines;
    import.n_enterprise_lines = 2;
    import.products = prods;
    import.n_products = 3;
    import.product_lines = prod_lines;
    import.n_product_lines = 3;

    /* Row errors: a bad region on line 4, a negative stock on line 3. */
    e2.e.region = "Seoul";
    p2.p.stock = -1;
    dure_response_t res;
    CHECK_INT_EQ(catfx_call(client, &import.base, &dure__v1__import_catalog_reply__descriptor, &res),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK(s_error_says(&res, "enterprises[1].region", "line 4"));
    CHECK(s_error_says(&res, "products[1].stock", "line 3"));
    dure_response_clear(&res);

    /* Rows fine, but p-003's seller exists nowhere: still nothing written. */
    e2.e.region = "금산군";
    p2.p.stock = 10;
    CHECK_INT_EQ(catfx_call(client, &import.base, &dure__v1__import_catalog_reply__descriptor, &res),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK(dure_fixture_has_field_error(&res, "products[2].enterprise_id (line 4)"));
    dure_response_clear(&res);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT count(*) FROM enterprises"), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT count(*) FROM products"), 0);

    /* Duplicate ids in one import are refused too. */
    p3.p.enterprise_id = "ent-002";
    p3.p.id = "p-001";
    CHECK_INT_EQ(catfx_call(client, &import.base, &dure__v1__import_catalog_reply__descriptor, &res),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK(s_error_says(&res, "products[2].id", "twice"));
    dure_response_clear(&res);

    p3.p.id = "p-003";
    CHECK_INT_EQ(catfx_call(client, &import.base, &dure__v1__import_catalog_reply__descriptor, &res),
                 OK);
    Dure__V1__ImportCatalogReply *reply = (Dure__V1__ImportCatalogReply *) res.payload;
    CATFX_REQUIRE(stack, reply != NULL);
    CHECK_INT_EQ(reply->enterprises, 2);
    CHECK_INT_EQ(reply->products, 3);
    dure_response_clear(&res);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT count(*) FROM products"), 3);
    int64_t price = 0;
    CHECK_INT_EQ(catfx_get(client, "p-003", NULL, NULL, &price), OK);
    CHECK_INT_EQ(price, 50000);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
