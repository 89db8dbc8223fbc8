/*  test_backpressure.c - with a consumer down, the producer keeps accepting orders: its
    outbox grows (and says so in dure_outbox_backlog), the relay backs off instead of spinning,
    and the backlog drains once the consumer is back. */
#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

#define S_ORDERS 120

static int s_place(dure_client_t *order, int i)
{
    Dure__V1__OrderLineRequest line = DURE__V1__ORDER_LINE_REQUEST__INIT, *lines[] = {&line};
    line.product_id = "p-bp";
    line.quantity = 1;
    Dure__V1__Address to = DURE__V1__ADDRESS__INIT;
    to.postcode = "32233";
    to.line1 = "충청남도 홍성군 홍북읍 충남대로 21";
    to.recipient = "김두레";
    to.phone = "010-1111-2222";
    Dure__V1__PlaceOrder req = DURE__V1__PLACE_ORDER__INIT;
    req.customer_id = "cust-bp";
    req.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    req.n_lines = 1;
    req.lines = lines;
    req.address = &to;
    char key[32];
    snprintf(key, sizeof key, "bp-%d", i);
    dure_response_t res;
    dure_client_call(order, &req.base, key, NULL, &dure__v1__place_order_reply__descriptor, &res);
    int ok = res.code == DURE__V1__CODE__CODE_OK;
    dure_response_clear(&res);
    return ok;
}

DURE_TEST(backpressure_outbox_grows_while_consumer_down_then_drains)
{
    dure_stack_t *stack = dure_stack_new("backpressure");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_RELAY_BACKOFF_MAX_MS", "2000");
    const char *names[] = {"catalog", "order", "packaging"};
    int slots[3];
    for (int i = 0; i < 3; i++)
        REQUIRE((slots[i] = dure_stack_start(stack, names[i], 0)) >= 0);
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 3000);
    dure_client_t *order = dure_stack_client(stack, "order", 5000);
    dure_fixture_product_t p = {.id = "p-bp", .enterprise_id = "ent-bp", .stock = 1000};
    REQUIRE(dure_fixture_enterprise(catalog, "ent-bp", "서천 한산모시 협동조합") &&
            dure_fixture_product(catalog, &p));

    /* Logistics is down: intake goes on, confirmations pile up in the order outbox. */
    int placed = 0;
    for (int i = 0; i < S_ORDERS; i++)
        placed += s_place(order, i);
    CHECK_INT_EQ(placed, S_ORDERS);
    const char *pending = "SELECT count(*) FROM outbox WHERE destination = 'logistics'";
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "order", pending, S_ORDERS, 15000), S_ORDERS);
    usleep(2500 * 1000); /* the backlog gauge is refreshed every second */
    CHECK_DBL_NEAR(dure_stack_metric(stack, "order", 0, "dure_outbox_backlog{service=\"order\",consumer=\"logistics\"}"),
                   S_ORDERS, 0.5);
    CHECK(dure_stack_metric(stack, "order", 0, "dure_outbox_lag_seconds{service=\"order\",consumer=\"logistics\"}") >= 1);
    /* Backing off, not spinning: a few leases per row in these seconds, not thousands. */
    long long attempts = dure_stack_scalar(stack, "order", "SELECT max(attempts) FROM outbox");
    dure_test_log("max attempts while down: %lld", attempts);
    CHECK(attempts >= 1 && attempts < 30);

    /* Logistics comes back: the backlog drains, each confirmation planned once. */
    int logistics = dure_stack_start(stack, "logistics", 0);
    REQUIRE(logistics >= 0);
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "order", pending, 0, 20000), 0);
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "packaging",
                                        "SELECT count(*) FROM records WHERE stage = 1", S_ORDERS,
                                        20000),
                 S_ORDERS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM shipments"), S_ORDERS);

    dure_client_destroy(&catalog);
    dure_client_destroy(&order);
    CHECK_INT_EQ(dure_stack_stop(stack, logistics, 10000), 0);
    for (int i = 0; i < 3; i++)
        CHECK_INT_EQ(dure_stack_stop(stack, slots[i], 10000), 0);
    dure_stack_destroy(&stack);
}
