/*  test_catalog_crud.c - enterprises and products are created, read back, updated with a
    version bump (and only when something changed), and guarded by optimistic versions;
    stock is set and adjusted but never below zero.
*/
#include "test_catalog_fixtures.h"

#define OK DURE__V1__CODE__CODE_OK

DURE_TEST(catalog_crud_create_update_version_and_stock)
{
    dure_stack_t *stack = dure_stack_new("catcrud");
    REQUIRE(stack != NULL);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);

    catfx_enterprise_t ent;
    catfx_enterprise(&ent, "ent-001");
    CHECK_INT_EQ(catfx_put_enterprise(client, &ent), OK);
    catfx_product_t prod;
    catfx_product(&prod, "p-0001", "ent-001", "side_dishes_sauces", 18000, 120);
    CHECK_INT_EQ(catfx_put_product(client, &prod), OK);

    int64_t version = 0, stock = 0, price = 0;
    CHECK_INT_EQ(catfx_get(client, "p-0001", &version, &stock, &price), OK);
    CHECK_INT_EQ(version, 1);
    CHECK_INT_EQ(stock, 120);
    CHECK_INT_EQ(price, 18000);

    /* The same values again: nothing changes, not even the version. */
    CHECK_INT_EQ(catfx_put_product(client, &prod), OK);
    CHECK_INT_EQ(catfx_get(client, "p-0001", &version, NULL, NULL), OK);
    CHECK_INT_EQ(version, 1);

    /* A new price bumps the version; the stock in an update is ignored. */
    prod.p.price_krw = 19500;
    prod.p.stock = 5;
    CHECK_INT_EQ(catfx_put_product(client, &prod), OK);
    CHECK_INT_EQ(catfx_get(client, "p-0001", &version, &stock, &price), OK);
    CHECK_INT_EQ(version, 2);
    CHECK_INT_EQ(stock, 120);
    CHECK_INT_EQ(price, 19500);

    /* An update that names a stale version is refused and changes nothing. */
    prod.p.version = 1;
    prod.p.price_krw = 1;
    CHECK_INT_EQ(catfx_put_product(client, &prod), DURE__V1__CODE__CODE_CONFLICT);
    prod.p.version = 2;
    prod.p.price_krw = 20000;
    CHECK_INT_EQ(catfx_put_product(client, &prod), OK);
    CHECK_INT_EQ(catfx_get(client, "p-0001", &version, NULL, &price), OK);
    CHECK_INT_EQ(version, 3);
    CHECK_INT_EQ(price, 20000);

    /* Stock: absolute, delta, never negative, unknown product. */
    Dure__V1__SetStock set = DURE__V1__SET_STOCK__INIT;
    set.product_id = "p-0001";
    set.change_case = DURE__V1__SET_STOCK__CHANGE_STOCK;
    set.stock = 10;
    CHECK_INT_EQ(catfx_call(client, &set.base, &dure__v1__set_stock_reply__descriptor, NULL), OK);
    set.change_case = DURE__V1__SET_STOCK__CHANGE_DELTA;
    set.delta = -4;
    CHECK_INT_EQ(catfx_call(client, &set.base, &dure__v1__set_stock_reply__descriptor, NULL), OK);
    CHECK_INT_EQ(catfx_get(client, "p-0001", &version, &stock, NULL), OK);
    CHECK_INT_EQ(stock, 6);
    CHECK_INT_EQ(version, 5);
    set.delta = -7;
    CHECK_INT_EQ(catfx_call(client, &set.base, &dure__v1__set_stock_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_FAILED_PRECONDITION);
    CHECK_INT_EQ(catfx_get(client, "p-0001", NULL, &stock, NULL), OK);
    CHECK_INT_EQ(stock, 6);
    set.product_id = "p-9999";
    CHECK_INT_EQ(catfx_call(client, &set.base, &dure__v1__set_stock_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_NOT_FOUND);

    /* A product that is not physical holds no stock. */
    catfx_product_t tour;
    catfx_product(&tour, "p-0002", "ent-001", "education_culture", 25000, 50);
    tour.p.physical = 0;
    tour.p.size = NULL;
    tour.p.weight_g = 0;
    CHECK_INT_EQ(catfx_put_product(client, &tour), OK);
    CHECK_INT_EQ(catfx_get(client, "p-0002", NULL, &stock, NULL), OK);
    CHECK_INT_EQ(stock, 0);
    set.product_id = "p-0002";
    CHECK_INT_EQ(catfx_call(client, &set.base, &dure__v1__set_stock_reply__descriptor, NULL),
                 DURE__V1__CODE__CODE_FAILED_PRECONDITION);

    /* Enterprise updates bump its version. */
    ent.e.name = "청양 고추마을 협동조합";
    ent.e.kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_COOPERATIVE;
    CHECK_INT_EQ(catfx_put_enterprise(client, &ent), OK);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT version FROM enterprises WHERE id = 'ent-001'"),
                 2);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
