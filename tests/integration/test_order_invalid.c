/*  test_order_invalid.c - invalid orders get INVALID_ARGUMENT naming the field, and nothing
    is persisted: no lines, zero or negative quantity, unknown product, a lapsed seller, a
    total that would overflow, 10,000 lines, a malformed phone or postcode, no key.
*/
#include "test_order_util.h"

/* Sends o with key and checks the code and that `field` is named. */
static void s_expect(dure_client_t *client, const Dure__V1__PlaceOrder *o, const char *key,
                     const char *field, int line)
{
    dure_response_t r;
    int code = order_test_place(client, o, key, &r);
    if (code != DURE__V1__CODE__CODE_INVALID_ARGUMENT)
        dure_test_fail(__FILE__, line, "%s: code %s, expected INVALID_ARGUMENT", field,
                       dure_code_name(code));
    else if (!dure_fixture_has_field_error(&r, field))
        dure_test_fail(__FILE__, line, "no field error for %s (message: %s)", field, r.message);
    dure_response_clear(&r);
}

DURE_TEST(order_invalid_orders_name_the_field_and_persist_nothing)
{
    dure_stack_t *stack = dure_stack_new("order_invalid");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    order_test_order_t o;

    order_test_order_init(&o, "c-bad");
    o.order.n_lines = 0;
    s_expect(client, &o.order, "k1", "lines", __LINE__);

    order_test_order_init(&o, "c-bad");
    o.line[1].quantity = 0;
    s_expect(client, &o.order, "k2", "lines[1].quantity", __LINE__);
    o.line[1].quantity = -3;
    s_expect(client, &o.order, "k3", "lines[1].quantity", __LINE__);

    order_test_order_init(&o, "c-bad");
    o.line[1].product_id = "p-nowhere";
    s_expect(client, &o.order, "k4", "lines[1].product_id", __LINE__);

    order_test_order_init(&o, "c-bad");
    o.order.n_lines = 4; /* rice, kimchi, tour, lapsed */
    s_expect(client, &o.order, "k5", "lines[3].product_id", __LINE__);

    order_test_order_init(&o, "c-bad");
    o.line[1].product_id = "p-huge";
    o.line[1].quantity = 5;
    s_expect(client, &o.order, "k6", "lines[1].quantity", __LINE__);

    order_test_order_init(&o, "c-bad");
    enum { S_MANY = 10000 };
    Dure__V1__OrderLineRequest *many = dure_calloc(S_MANY, sizeof *many);
    Dure__V1__OrderLineRequest **ptrs = dure_calloc(S_MANY, sizeof *ptrs);
    char(*ids)[16] = dure_calloc(S_MANY, sizeof *ids);
    for (int i = 0; i < S_MANY; i++) {
        dure__v1__order_line_request__init(&many[i]);
        snprintf(ids[i], sizeof ids[i], "p-%05d", i);
        many[i].product_id = ids[i];
        many[i].quantity = 1;
        ptrs[i] = &many[i];
    }
    o.order.lines = ptrs;
    o.order.n_lines = S_MANY;
    s_expect(client, &o.order, "k7", "lines", __LINE__);
    free(ids);
    free(ptrs);
    free(many);

    order_test_order_init(&o, "c-bad");
    o.address.phone = "010-123-45";
    s_expect(client, &o.order, "k8", "address.phone", __LINE__);
    o.address.phone = "010-1234-5678";
    o.address.postcode = "2434";
    s_expect(client, &o.order, "k9", "address.postcode", __LINE__);
    o.address.postcode = "24341";
    s_expect(client, &o.order, NULL, "idempotency_key", __LINE__);
    o.order.channel = DURE__V1__CHANNEL__CHANNEL_B2G;
    s_expect(client, &o.order, "k10", "institution", __LINE__);

    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM order_lines"), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox"), 0);

    /* The service still works after all that. */
    order_test_order_init(&o, "c-bad");
    dure_response_t r;
    CHECK_INT_EQ(order_test_place(client, &o.order, "k-good", &r), DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 1);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}

DURE_TEST(order_invalid_catalog_down_answers_unavailable)
{
    dure_stack_t *stack = dure_stack_new("order_nocat");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_ORDER_RPC_TIMEOUT_MS", "300");
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    order_test_order_t o;
    order_test_order_init(&o, "c-nocat");
    dure_response_t r;
    CHECK_INT_EQ(order_test_place(client, &o.order, "k-nocat", &r),
                 DURE__V1__CODE__CODE_UNAVAILABLE);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox"), 0);

    /* Once the catalog answers, the same key places the order. */
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    CHECK_INT_EQ(order_test_place(client, &o.order, "k-nocat", &r), DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 1);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}
