/*  test_order_real_catalog.c - with the real catalog: an order it cannot fill is REJECTED
    with the short lines named, a filled one is CONFIRMED and its stock taken, cancelling the
    CONFIRMED order puts the stock back, and a product of a lapsed seller is refused at
    intake with the line named.
*/
#include "dure_fixtures.h"
#include "test_order_util.h"

/* The stock of a product as the catalog reports it, or -1. */
static long long s_stock(dure_client_t *catalog, const char *id)
{
    char *ids[] = {(char *) id};
    Dure__V1__GetProducts req = DURE__V1__GET_PRODUCTS__INIT;
    req.ids = ids;
    req.n_ids = 1;
    dure_response_t r;
    long long stock = -1;
    if (dure_fixture_call(catalog, &req.base, &dure__v1__get_products_reply__descriptor, &r) &&
        ((Dure__V1__GetProductsReply *) r.payload)->n_products == 1)
        stock = ((Dure__V1__GetProductsReply *) r.payload)->products[0]->stock;
    dure_response_clear(&r);
    return stock;
}

static long long s_wait_stock(dure_client_t *catalog, const char *id, long long want)
{
    long long seen = -1;
    for (int i = 0; i < 100 && (seen = s_stock(catalog, id)) != want; i++)
        zclock_sleep(50);
    return seen;
}

/* Places an order of (product, quantity) pairs; returns its id in id (empty on failure). */
static int s_place(dure_client_t *client, const char *key, const char *p1, int q1,
                   const char *p2, int q2, char *id, size_t size, dure_response_t *r)
{
    order_test_order_t o;
    order_test_order_init(&o, "c-real");
    o.line[0].product_id = (char *) p1;
    o.line[0].quantity = q1;
    o.line[1].product_id = (char *) p2;
    o.line[1].quantity = q2;
    o.order.n_lines = p2 ? 2 : 1;
    id[0] = '\0';
    int code = order_test_place(client, &o.order, key, r);
    if (code == DURE__V1__CODE__CODE_OK)
        snprintf(id, size, "%s", ((Dure__V1__PlaceOrderReply *) r->payload)->order_id);
    return code;
}

DURE_TEST(order_real_catalog_rejects_short_and_cancel_restocks)
{
    dure_stack_t *stack = dure_stack_new("order_real");
    REQUIRE(stack);
    int cat = dure_stack_start(stack, "catalog", 0);
    int ord = dure_stack_start(stack, "order", 0);
    if (cat < 0 || ord < 0)
        dure_stack_dump_logs(stack);
    REQUIRE(cat >= 0 && ord >= 0);
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 5000);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    REQUIRE(dure_fixture_enterprise(catalog, "ent-real", "청양두레마을"));
    dure_fixture_product_t a = {.id = "p-real-a", .enterprise_id = "ent-real", .stock = 5};
    dure_fixture_product_t b = {.id = "p-real-b", .enterprise_id = "ent-real", .stock = 1,
                                .price_krw = 7000};
    REQUIRE(dure_fixture_product(catalog, &a));
    REQUIRE(dure_fixture_product(catalog, &b));

    char filled[64], short_id[64];
    dure_response_t r;
    CHECK_INT_EQ(s_place(client, "real-1", "p-real-a", 3, NULL, 0, filled, sizeof filled, &r),
                 DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(order_test_wait_status(client, filled, DURE__V1__ORDER_STATUS__ORDER_CONFIRMED, 5000),
                 DURE__V1__ORDER_STATUS__ORDER_CONFIRMED);
    CHECK_INT_EQ(s_wait_stock(catalog, "p-real-a", 2), 2);

    CHECK_INT_EQ(s_place(client, "real-2", "p-real-a", 1, "p-real-b", 2, short_id,
                         sizeof short_id, &r),
                 DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(order_test_wait_status(client, short_id, DURE__V1__ORDER_STATUS__ORDER_REJECTED, 5000),
                 DURE__V1__ORDER_STATUS__ORDER_REJECTED);
    if (order_test_get(client, short_id, &r) == DURE__V1__ORDER_STATUS__ORDER_REJECTED) {
        const Dure__V1__Order *o = ((Dure__V1__GetOrderReply *) r.payload)->order;
        const char *note = o->n_history ? o->history[o->n_history - 1]->note : "";
        CHECK(strstr(note, "p-real-b") != NULL);
        CHECK(strstr(note, "p-real-a") == NULL);
    }
    dure_response_clear(&r);
    /* Nothing of the rejected order was taken. */
    CHECK_INT_EQ(s_stock(catalog, "p-real-a"), 2);
    CHECK_INT_EQ(s_stock(catalog, "p-real-b"), 1);

    Dure__V1__CancelOrder cancel = DURE__V1__CANCEL_ORDER__INIT;
    cancel.order_id = filled;
    dure_client_call(client, &cancel.base, NULL, NULL, &dure__v1__cancel_order_reply__descriptor, &r);
    CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(s_wait_stock(catalog, "p-real-a", 5), 5);

    /* A lapsed seller's products are refused at intake, naming the line. */
    Dure__V1__Enterprise lapsed = DURE__V1__ENTERPRISE__INIT;
    Dure__V1__Address from = DURE__V1__ADDRESS__INIT;
    from.postcode = "33300";
    from.line1 = "충청남도 청양군 청양읍 1";
    from.recipient = "옛마을";
    from.phone = "041-940-0001";
    lapsed.id = "ent-lapsed";
    lapsed.name = "옛마을";
    lapsed.kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_VILLAGE;
    lapsed.region = "청양군";
    lapsed.ship_from = &from;
    lapsed.certified_from = "2015-01-01";
    lapsed.certified_until = "2019-12-31";
    lapsed.default_carrier = "cj";
    Dure__V1__UpsertEnterprise up = DURE__V1__UPSERT_ENTERPRISE__INIT;
    up.enterprise = &lapsed;
    REQUIRE(dure_fixture_call(catalog, &up.base, &dure__v1__upsert_enterprise_reply__descriptor, NULL));
    dure_fixture_product_t c = {.id = "p-real-c", .enterprise_id = "ent-lapsed", .stock = 9};
    REQUIRE(dure_fixture_product(catalog, &c));
    char none[64];
    CHECK_INT_EQ(s_place(client, "real-3", "p-real-a", 1, "p-real-c", 1, none, sizeof none, &r),
                 DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK(dure_fixture_has_field_error(&r, "lines[1].product_id"));
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 2);

    dure_client_destroy(&client);
    dure_client_destroy(&catalog);
    CHECK_INT_EQ(dure_stack_stop(stack, ord, 5000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, cat, 5000), 0);
    dure_stack_destroy(&stack);
}
