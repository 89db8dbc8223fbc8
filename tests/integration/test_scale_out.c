/*  test_scale_out.c - two instances of every service behind the same endpoint lists share
    the work, and nothing is done twice: each order confirmed once, one shipment per seller,
    one packaging record per shipment, every outbox drained. */
#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

#define S_ORDERS 40

/* Sum of dure_messages_total of one instance, read from its /metrics. */
static long s_messages(dure_stack_t *stack, const char *service, int instance)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "curl -s http://127.0.0.1:%d/metrics | awk '/^dure_messages_total/ && !/Ping/ {n += $2} END {print n + 0}'",
             dure_stack_http_port(stack, service, instance));
    FILE *p = popen(cmd, "r");
    long n = -1;
    if (p && fscanf(p, "%ld", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

static int s_place(dure_client_t *order, int i)
{
    const char *products[] = {"p-a", "p-b", "p-c"};
    Dure__V1__OrderLineRequest lines[2], *ptrs[2];
    for (int k = 0; k < 2; k++) {
        dure__v1__order_line_request__init(&lines[k]);
        lines[k].product_id = (char *) products[(i + k) % 3];
        lines[k].quantity = 1;
        ptrs[k] = &lines[k];
    }
    Dure__V1__Address to = DURE__V1__ADDRESS__INIT;
    to.postcode = "32233";
    to.line1 = "충청남도 홍성군 홍북읍 충남대로 21";
    to.recipient = "김두레";
    to.phone = "010-1111-2222";
    Dure__V1__PlaceOrder req = DURE__V1__PLACE_ORDER__INIT;
    req.customer_id = "cust-scale";
    req.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    req.n_lines = 2;
    req.lines = ptrs;
    req.address = &to;
    char key[32];
    snprintf(key, sizeof key, "scale-%d", i);
    dure_response_t res;
    dure_client_call(order, &req.base, key, NULL, &dure__v1__place_order_reply__descriptor, &res);
    int ok = res.code == DURE__V1__CODE__CODE_OK;
    dure_response_clear(&res);
    return ok;
}

DURE_TEST(scale_out_two_instances_share_work_without_doing_it_twice)
{
    dure_stack_t *stack = dure_stack_new("scale");
    REQUIRE(stack);
    const char *names[] = {"catalog", "order", "logistics", "packaging"};
    int slots[8];
    for (int i = 0; i < 4; i++)
        dure_stack_set_instances(stack, names[i], 2);
    for (int i = 0; i < 8; i++)
        REQUIRE((slots[i] = dure_stack_start(stack, names[i / 2], i % 2)) >= 0);
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 3000);
    dure_client_t *order = dure_stack_client(stack, "order", 5000);
    dure_fixture_product_t p[] = {
        {.id = "p-a", .enterprise_id = "ent-a", .stock = 1000},
        {.id = "p-b", .enterprise_id = "ent-b", .stock = 1000},
        {.id = "p-c", .enterprise_id = "ent-b", .stock = 1000,
         .temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED},
    };
    REQUIRE(dure_fixture_enterprise(catalog, "ent-a", "홍성 유기농 영농조합") &&
            dure_fixture_enterprise(catalog, "ent-b", "당진 김치 마을기업"));
    for (int i = 0; i < 3; i++)
        REQUIRE(dure_fixture_product(catalog, &p[i]));
    int placed = 0;
    for (int i = 0; i < S_ORDERS; i++)
        placed += s_place(order, i);
    CHECK_INT_EQ(placed, S_ORDERS);

    /* Every order has two sellers or classes among its two lines: 2 shipments each. */
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "packaging",
                                        "SELECT count(*) FROM records WHERE stage IN (1, 2)",
                                        2 * S_ORDERS, 30000),
                 2 * S_ORDERS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), S_ORDERS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM order_history WHERE status = 2"),
                 S_ORDERS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM shipments"),
                 2 * S_ORDERS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT 3000 - sum(stock) FROM products"),
                 2 * S_ORDERS);
    const char *schemas[] = {"catalog", "order", "logistics", "packaging"};
    for (int i = 0; i < 4; i++)
        CHECK_INT_EQ(dure_stack_wait_scalar(stack, schemas[i], "SELECT count(*) FROM outbox", 0,
                                            15000),
                     0);
    /* Both instances of every service did part of it. */
    for (int i = 0; i < 8; i++) {
        long n = s_messages(stack, names[i / 2], i % 2);
        dure_test_log("%s-%d handled %ld messages", names[i / 2], i % 2, n);
        CHECK(n > 0);
    }
    dure_client_destroy(&catalog);
    dure_client_destroy(&order);
    for (int i = 0; i < 8; i++)
        CHECK_INT_EQ(dure_stack_stop(stack, slots[i], 10000), 0);
    dure_stack_destroy(&stack);
}
